# tls-psk at the P-CSCF (issue 6): PSKs by identity and the OpenSSL server
# context, and their test against the UE's client context
src_sip_frontend_pcscf_libpcscf_la_SOURCES += \
	src/sip-frontend/pcscf/pcscf_tls_psk.h \
	src/sip-frontend/pcscf/pcscf_tls_psk.c

check_PROGRAMS += src/sip-frontend/pcscf/tests/pcscf_tls_tests
TESTS += src/sip-frontend/pcscf/tests/pcscf_tls_tests
src_sip_frontend_pcscf_tests_pcscf_tls_tests_SOURCES = \
	src/sip-frontend/pcscf/tests/pcscf_tls_tests.c \
	src/sip-frontend/pcscf/tests/tls_psk_pair.h \
	src/sip-frontend/pcscf/tests/tls_psk_pair.c \
	src/sip-frontend/pcscf/pcscf_tls_psk.c \
	src/sip-frontend/ue/ue_tls_psk.c
src_sip_frontend_pcscf_tests_pcscf_tls_tests_CPPFLAGS = $(AM_CPPFLAGS)
src_sip_frontend_pcscf_tests_pcscf_tls_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_pcscf_tests_pcscf_tls_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_pcscf_tests_pcscf_tls_tests_LDADD = \
	$(LIBSTRONGSWAN_LIBS) $(CHECK_LIBS) $(OPENSSL_LIBS)

# interop: imsaka's contexts against openssl s_client/s_server and
# gnutls-cli/gnutls-serv, and tshark decrypting the capture (root)
check_PROGRAMS += src/sip-frontend/pcscf/tests/tls_psk_peer
src_sip_frontend_pcscf_tests_tls_psk_peer_SOURCES = \
	src/sip-frontend/pcscf/tests/tls_psk_peer.c \
	src/sip-frontend/pcscf/pcscf_tls_psk.c \
	src/sip-frontend/ue/ue_tls_psk.c
src_sip_frontend_pcscf_tests_tls_psk_peer_CPPFLAGS = $(AM_CPPFLAGS)
src_sip_frontend_pcscf_tests_tls_psk_peer_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS)
src_sip_frontend_pcscf_tests_tls_psk_peer_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_pcscf_tests_tls_psk_peer_LDADD = \
	src/libimsaka/libimsaka.la $(LIBSTRONGSWAN_LIBS) $(OPENSSL_LIBS)
TESTS += src/sip-frontend/pcscf/tests/test_tls_psk_interop.sh
EXTRA_DIST += src/sip-frontend/pcscf/tests/test_tls_psk_interop.sh

# tls-psk on the transport: both contexts as stream filters over 127.0.0.1
check_PROGRAMS += src/sip-frontend/pcscf/tests/tls_filter_tests
TESTS += src/sip-frontend/pcscf/tests/tls_filter_tests
src_sip_frontend_pcscf_tests_tls_filter_tests_SOURCES = \
	src/sip-frontend/pcscf/tests/tls_filter_tests.c \
	src/sip-frontend/common/tests/transport_test.c \
	src/sip-frontend/pcscf/pcscf_tls_psk.c \
	src/sip-frontend/ue/ue_tls_psk.c
src_sip_frontend_pcscf_tests_tls_filter_tests_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/common \
	-I$(top_srcdir)/src/sip-frontend/common/tests
src_sip_frontend_pcscf_tests_tls_filter_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_pcscf_tests_tls_filter_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_pcscf_tests_tls_filter_tests_LDADD = \
	src/sip-frontend/libimsaka-frontend.la src/libimsaka/libimsaka.la \
	$(LIBSTRONGSWAN_LIBS) $(CHECK_LIBS) $(OPENSSL_LIBS)
