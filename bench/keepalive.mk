# NAT-keepalive timing wheel against one scheduler job per binding
EXTRA_PROGRAMS += bench/keepalive
bench_keepalive_SOURCES = bench/keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_ticker.c
bench_keepalive_CFLAGS = $(AM_CFLAGS) $(STRONGSWAN_CFLAGS) \
	-I$(top_srcdir)/src/libcharon-plugin-imsaka
bench_keepalive_LDADD = $(STRONGSWAN_LIBS)
EXTRA_DIST += bench/run-keepalive.sh
