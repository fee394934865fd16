"""Performance benchmarks (issue 8): `make bench`. Times are printed and written to
bench/RESULTS.md, never asserted in tests."""
