#!/usr/bin/env python3
"""`python scripts/bench.py [options]`: runs the benchmark package scripts/bench/ (its
docstring says what it measures; `--help` lists the options)."""

import sys

from bench.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
