"""The benchmark suite: each hot path as a ratio against its physical floor (the same
work done by the bare driver or library), both measured in the same run.

Run `make bench` (or `python -m bench --quick` for a smoke run); see bench/__main__.py.
"""
