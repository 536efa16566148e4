"""Unit tests of the core: no MkDocs, no build, no subprocess but one import check.

A package, so that its modules (unit.test_loader…) never clash with tests/test_*.py;
tests/ stays on sys.path through tests/conftest.py, for `from helpers import …`."""
