# imsaka-pcscf: the P-CSCF (docs/PCSCF.md); its logic is a convenience
# library so the unit tests link the same objects
noinst_LTLIBRARIES += src/sip-frontend/pcscf/libpcscf.la
src_sip_frontend_pcscf_libpcscf_la_SOURCES = \
	src/sip-frontend/pcscf/pcscf_config.h \
	src/sip-frontend/pcscf/pcscf_config.c \
	src/sip-frontend/pcscf/pcscf_counters.h \
	src/sip-frontend/pcscf/pcscf_counters.c \
	src/sip-frontend/pcscf/pcscf_status_socket.h \
	src/sip-frontend/pcscf/pcscf_status_socket.c \
	src/sip-frontend/pcscf/pcscf_policy.h \
	src/sip-frontend/pcscf/pcscf_policy.c \
	src/sip-frontend/pcscf/pcscf_control_client.h \
	src/sip-frontend/pcscf/pcscf_control_client.c \
	src/sip-frontend/pcscf/pcscf_control_requests.h \
	src/sip-frontend/pcscf/pcscf_control_requests.c \
	src/sip-frontend/pcscf/pcscf_backend_policy.h \
	src/sip-frontend/pcscf/pcscf_backend_policy.c \
	src/sip-frontend/pcscf/pcscf_sip.h \
	src/sip-frontend/pcscf/pcscf_sip.c \
	src/sip-frontend/pcscf/pcscf_registration.h \
	src/sip-frontend/pcscf/pcscf_registration.c \
	src/sip-frontend/pcscf/pcscf_registrations.h \
	src/sip-frontend/pcscf/pcscf_registrations.c \
	src/sip-frontend/pcscf/pcscf_transactions.h \
	src/sip-frontend/pcscf/pcscf_transactions.c \
	src/sip-frontend/pcscf/pcscf_forwarder.h \
	src/sip-frontend/pcscf/pcscf_forwarder.c \
	src/sip-frontend/pcscf/pcscf_tls_psk.h \
	src/sip-frontend/pcscf/pcscf_tls_psk.c \
	src/sip-frontend/pcscf/pcscf_mechanism.h \
	src/sip-frontend/pcscf/pcscf_mechanisms.h \
	src/sip-frontend/pcscf/pcscf_mechanisms.c \
	src/sip-frontend/pcscf/pcscf_mechanism_ipsec.h \
	src/sip-frontend/pcscf/pcscf_mechanism_ipsec.c \
	src/sip-frontend/pcscf/pcscf_mechanism_tls_psk.h \
	src/sip-frontend/pcscf/pcscf_mechanism_tls_psk.c \
	src/sip-frontend/pcscf/pcscf_mechanism_request.h \
	src/sip-frontend/pcscf/pcscf_mechanism_request.c \
	src/sip-frontend/pcscf/pcscf_mechanism_tls_aka.h \
	src/sip-frontend/pcscf/pcscf_mechanism_tls_aka.c \
	src/sip-frontend/pcscf/pcscf_lifecycle.h \
	src/sip-frontend/pcscf/pcscf_lifecycle.c \
	src/sip-frontend/pcscf/pcscf_register_request.h \
	src/sip-frontend/pcscf/pcscf_register_request.c \
	src/sip-frontend/pcscf/pcscf_pacing.h \
	src/sip-frontend/pcscf/pcscf_pacing.c \
	src/sip-frontend/pcscf/pcscf_register.h \
	src/sip-frontend/pcscf/pcscf_register.c \
	src/sip-frontend/pcscf/pcscf_networks.h \
	src/sip-frontend/pcscf/pcscf_networks.c \
	src/sip-frontend/pcscf/pcscf_probe.h \
	src/sip-frontend/pcscf/pcscf_probe.c \
	src/sip-frontend/pcscf/pcscf_proxy.h \
	src/sip-frontend/pcscf/pcscf_proxy.c
src_sip_frontend_pcscf_libpcscf_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/common \
	-I$(top_srcdir)/src/sip-frontend/sip
src_sip_frontend_pcscf_libpcscf_la_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OSIP_CFLAGS)

sbin_PROGRAMS += src/sip-frontend/pcscf/imsaka-pcscf
src_sip_frontend_pcscf_imsaka_pcscf_SOURCES = \
	src/sip-frontend/pcscf/imsaka-pcscf.c
src_sip_frontend_pcscf_imsaka_pcscf_CPPFLAGS = \
	$(src_sip_frontend_pcscf_libpcscf_la_CPPFLAGS)
src_sip_frontend_pcscf_imsaka_pcscf_CFLAGS = \
	$(src_sip_frontend_pcscf_libpcscf_la_CFLAGS)
src_sip_frontend_pcscf_imsaka_pcscf_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_pcscf_imsaka_pcscf_LDADD = \
	src/sip-frontend/pcscf/libpcscf.la \
	src/sip-frontend/libimsaka-frontend.la \
	src/sip-frontend/libimsaka-sip.la src/libimsaka/libimsaka.la \
	$(LIBSTRONGSWAN_LIBS) $(OSIP_LIBS) $(OPENSSL_LIBS)

dist_frontendconf_DATA += conf/imsaka-pcscf.conf
dist_doc_DATA += docs/PCSCF.md

# unit tests: the proxy driven with SIP texts, a fake charon and a fake
# transport; policy, SIP edits and the control requests
check_PROGRAMS += src/sip-frontend/pcscf/tests/pcscf_tests
TESTS += src/sip-frontend/pcscf/tests/pcscf_tests
src_sip_frontend_pcscf_tests_pcscf_tests_SOURCES = \
	src/sip-frontend/pcscf/tests/pcscf_tests.c \
	src/sip-frontend/pcscf/tests/pcscf_tests.h \
	src/sip-frontend/pcscf/tests/pcscf_fakes.c \
	src/sip-frontend/pcscf/tests/pcscf_fakes.h \
	src/sip-frontend/pcscf/tests/test_pcscf_policy.c \
	src/sip-frontend/pcscf/tests/test_pcscf_sip.c \
	src/sip-frontend/pcscf/tests/test_pcscf_control_client.c \
	src/sip-frontend/pcscf/tests/pcscf_register_fixture.h \
	src/sip-frontend/pcscf/tests/pcscf_register_fixture.c \
	src/sip-frontend/pcscf/tests/test_pcscf_register.c \
	src/sip-frontend/pcscf/tests/test_pcscf_register_refusals.c \
	src/sip-frontend/pcscf/tests/test_pcscf_register_tls.c \
	src/sip-frontend/pcscf/tests/test_pcscf_register_pipeline.c
src_sip_frontend_pcscf_tests_pcscf_tests_CPPFLAGS = \
	$(src_sip_frontend_pcscf_libpcscf_la_CPPFLAGS)
src_sip_frontend_pcscf_tests_pcscf_tests_CFLAGS = \
	$(src_sip_frontend_pcscf_libpcscf_la_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_pcscf_tests_pcscf_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_pcscf_tests_pcscf_tests_LDADD = \
	src/sip-frontend/pcscf/libpcscf.la \
	src/sip-frontend/libimsaka-frontend.la \
	src/sip-frontend/libimsaka-sip.la src/libimsaka/libimsaka.la \
	$(LIBSTRONGSWAN_LIBS) $(OSIP_LIBS) $(CHECK_LIBS) $(OPENSSL_LIBS)
# registration state: table indexes, agreement lifecycle, heap per UE
src_sip_frontend_pcscf_tests_pcscf_tests_SOURCES += \
	src/sip-frontend/pcscf/tests/test_pcscf_state.c \
	src/sip-frontend/pcscf/tests/test_pcscf_restart.c
# one UE's REGISTERs racing each other, its expiry and charon's replies
src_sip_frontend_pcscf_tests_pcscf_tests_SOURCES += \
	src/sip-frontend/pcscf/tests/pcscf_register_races.h \
	src/sip-frontend/pcscf/tests/pcscf_register_races.c \
	src/sip-frontend/pcscf/tests/test_pcscf_register_races.c
# counters and the status socket
src_sip_frontend_pcscf_tests_pcscf_tests_SOURCES += \
	src/sip-frontend/pcscf/tests/test_pcscf_counters.c \
	src/sip-frontend/pcscf/tests/test_pcscf_status_socket.c
# OPTIONS addressed to the P-CSCF: probes of the core and of UEs
src_sip_frontend_pcscf_tests_pcscf_tests_SOURCES += \
	src/sip-frontend/pcscf/tests/test_pcscf_probe.c \
	src/sip-frontend/pcscf/tests/test_pcscf_pacing.c

# tls-psk at the P-CSCF: PSKs by identity and the OpenSSL server context,
# and their test against the UE's client context
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
