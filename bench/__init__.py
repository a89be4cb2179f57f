"""Benchmarks: scripts that print tables (`make bench`); never part of `make test`'s timing."""
