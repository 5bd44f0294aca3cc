# benchmarks: built with `make bench`, run with bench/run
