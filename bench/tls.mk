# tls-aka record layer and connection setup against OpenSSL's TLS 1.3 in
# the same run (bench/run-tls-record.sh)
EXTRA_PROGRAMS += bench/tls_record
bench_tls_record_SOURCES = bench/bench_tls_record.c \
	src/libimsaka/tests/test_tls_peer.c src/libimsaka/tests/test_tls_peer.h
bench_tls_record_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_tls_record_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/libimsaka/tests
bench_tls_record_LDADD = src/libimsaka/libimsaka.la $(OPENSSL_LIBS)
EXTRA_DIST += bench/run-tls-record.sh

bench: bench/tls_record
