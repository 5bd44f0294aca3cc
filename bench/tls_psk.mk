# tls-psk handshakes and memory per P-CSCF connection against OpenSSL's own
# PSK handshakes in the same run (bench/run-tls-psk.sh)
EXTRA_PROGRAMS += bench/tls_psk
bench_tls_psk_SOURCES = bench/bench_tls_psk.c \
	src/sip-frontend/pcscf/pcscf_tls_psk.c src/sip-frontend/ue/ue_tls_psk.c
bench_tls_psk_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/pcscf -I$(top_srcdir)/src/sip-frontend/ue
bench_tls_psk_CFLAGS = $(AM_CFLAGS) $(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS)
bench_tls_psk_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
bench_tls_psk_LDADD = $(LIBSTRONGSWAN_LIBS) $(OPENSSL_LIBS)
EXTRA_DIST += bench/run-tls-psk.sh

bench: bench/tls_psk
