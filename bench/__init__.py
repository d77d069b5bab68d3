"""Benchmarks: speed targets measured with `make bench`, never timed asserts in unit tests."""
