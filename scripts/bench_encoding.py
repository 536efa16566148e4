#!/usr/bin/env python3
"""`python scripts/bench_encoding.py [options]`: the encoding bench of scripts/bench/encoding.py
(its docstring says what it measures; `--help` lists the options)."""

import sys

from bench.encoding import main

if __name__ == "__main__":
    sys.exit(main())
