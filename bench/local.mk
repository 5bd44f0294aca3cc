# benchmarks: built with `make bench`, run with bench/run
# (bench/run-*.sh, each gets the build folder as $1)
EXTRA_PROGRAMS = bench/milenage
bench_milenage_SOURCES = bench/milenage.c
bench_milenage_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_milenage_LDADD = src/libimsaka/libimsaka.la $(OPENSSL_LIBS)
CLEANFILES += $(EXTRA_PROGRAMS)
EXTRA_DIST += bench/run bench/run-milenage.sh

.PHONY: bench
bench: $(EXTRA_PROGRAMS)
include bench/keepalive.mk
include bench/secagree.mk
include bench/tls.mk
include bench/reg.mk
include bench/tls_psk.mk
