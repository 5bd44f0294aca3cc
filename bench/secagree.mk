# security agreement benchmark: parse+negotiate an SM1 Security-Client
# beside libosip2 parsing the REGISTER (bench/run-secagree.sh)
EXTRA_PROGRAMS += bench/secagree
bench_secagree_SOURCES = bench/secagree.c
bench_secagree_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(OSIP_CFLAGS)
bench_secagree_LDADD = src/libimsaka/libimsaka.la $(OSIP_LIBS) \
	$(OPENSSL_LIBS)
EXTRA_DIST += bench/run-secagree.sh

bench: bench/secagree
