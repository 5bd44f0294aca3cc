# imsaka-ue: the UE side of IMS AKA registration with the NAT-T extension
# (docs/UE.md). Everything but main() is in a convenience library the
# tests link too.
noinst_LTLIBRARIES += src/sip-frontend/ue/libimsaka-ue.la
src_sip_frontend_ue_libimsaka_ue_la_SOURCES = \
	src/sip-frontend/ue/ue_config.h src/sip-frontend/ue/ue_config.c \
	src/sip-frontend/ue/ue_control_client.h src/sip-frontend/ue/ue_control_client.c \
	src/sip-frontend/ue/ue_live_contexts.h \
	src/sip-frontend/ue/ue_live_contexts.c \
	src/sip-frontend/ue/ue_transaction.h src/sip-frontend/ue/ue_transaction.c \
	src/sip-frontend/ue/ue_message.h src/sip-frontend/ue/ue_message.c \
	src/sip-frontend/ue/ue_auth.h src/sip-frontend/ue/ue_auth.c \
	src/sip-frontend/ue/ue_authorization.h \
	src/sip-frontend/ue/ue_authorization.c \
	src/sip-frontend/ue/ue_secagree.h src/sip-frontend/ue/ue_secagree.c \
	src/sip-frontend/ue/ue_state.h src/sip-frontend/ue/ue_state.c \
	src/sip-frontend/ue/ue_tls_psk.h src/sip-frontend/ue/ue_tls_psk.c \
	src/sip-frontend/ue/ue_mechanism.h src/sip-frontend/ue/ue_mechanism.c \
	src/sip-frontend/ue/ue_mechanisms.h src/sip-frontend/ue/ue_mechanisms.c \
	src/sip-frontend/ue/ue_mechanism_ipsec.h \
	src/sip-frontend/ue/ue_mechanism_ipsec.c \
	src/sip-frontend/ue/ue_mechanism_tls_psk.h \
	src/sip-frontend/ue/ue_mechanism_tls_psk.c \
	src/sip-frontend/ue/ue_mechanism_tls_aka.h \
	src/sip-frontend/ue/ue_mechanism_tls_aka.c \
	src/sip-frontend/ue/ue_protection.h src/sip-frontend/ue/ue_protection.c \
	src/sip-frontend/ue/ue_register_sender.h \
	src/sip-frontend/ue/ue_register_sender.c \
	src/sip-frontend/ue/ue_registration.h \
	src/sip-frontend/ue/ue_registration.c \
	src/sip-frontend/ue/ue_proxy.h src/sip-frontend/ue/ue_proxy.c \
	src/sip-frontend/ue/ue_probe.h src/sip-frontend/ue/ue_probe.c \
	src/sip-frontend/ue/ue_failover.h src/sip-frontend/ue/ue_failover.c \
	src/sip-frontend/ue/ue_charon_watch.h \
	src/sip-frontend/ue/ue_charon_watch.c
src_sip_frontend_ue_libimsaka_ue_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/common \
	-I$(top_srcdir)/src/sip-frontend/sip
src_sip_frontend_ue_libimsaka_ue_la_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OSIP_CFLAGS)

sbin_PROGRAMS += src/sip-frontend/ue/imsaka-ue
src_sip_frontend_ue_imsaka_ue_SOURCES = \
	src/sip-frontend/ue/ue_config_load.c src/sip-frontend/ue/imsaka-ue.c
src_sip_frontend_ue_imsaka_ue_CPPFLAGS = \
	$(src_sip_frontend_ue_libimsaka_ue_la_CPPFLAGS) \
	-DSYSCONFDIR_UE=\"$(sysconfdir)/imsaka/imsaka-ue.conf\"
src_sip_frontend_ue_imsaka_ue_CFLAGS = $(src_sip_frontend_ue_libimsaka_ue_la_CFLAGS)
src_sip_frontend_ue_imsaka_ue_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_ue_imsaka_ue_LDADD = src/sip-frontend/ue/libimsaka-ue.la \
	src/sip-frontend/libimsaka-frontend.la src/sip-frontend/libimsaka-sip.la \
	src/libimsaka/libimsaka.la $(LIBSTRONGSWAN_LIBS) $(OSIP_LIBS) \
	$(OPENSSL_LIBS)

dist_frontendconf_DATA += conf/imsaka-ue.conf

# Check tests with a fake charon and a fake transport driven by scripted
# P-CSCF messages
check_PROGRAMS += src/sip-frontend/ue/tests/ue_tests
TESTS += src/sip-frontend/ue/tests/ue_tests
src_sip_frontend_ue_tests_ue_tests_SOURCES = \
	src/sip-frontend/ue/tests/ue_tests.c \
	src/sip-frontend/ue/tests/ue_tests.h \
	src/sip-frontend/ue/tests/fake_control.c \
	src/sip-frontend/ue/tests/fake_control.h \
	src/sip-frontend/ue/tests/fake_transport.c \
	src/sip-frontend/ue/tests/fake_transport.h \
	src/sip-frontend/ue/tests/pcscf_script.c \
	src/sip-frontend/ue/tests/pcscf_script.h \
	src/sip-frontend/ue/tests/registration_bench.c \
	src/sip-frontend/ue/tests/registration_bench.h \
	src/sip-frontend/ue/tests/test_ue_config.c \
	src/sip-frontend/ue/tests/test_ue_registration.c \
	src/sip-frontend/ue/tests/test_ue_registration_tls.c \
	src/sip-frontend/ue/tests/test_ue_proxy.c \
	src/sip-frontend/ue/tests/test_ue_secagree.c \
	src/sip-frontend/ue/tests/test_ue_restart.c \
	src/sip-frontend/ue/tests/test_ue_failover.c \
	src/sip-frontend/common/tests/fake_charon.h \
	src/sip-frontend/common/tests/fake_charon.c
src_sip_frontend_ue_tests_ue_tests_CPPFLAGS = \
	$(src_sip_frontend_ue_libimsaka_ue_la_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/ue
src_sip_frontend_ue_tests_ue_tests_CFLAGS = \
	$(src_sip_frontend_ue_libimsaka_ue_la_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_ue_tests_ue_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_ue_tests_ue_tests_LDADD = \
	src/sip-frontend/ue/libimsaka-ue.la \
	src/sip-frontend/libimsaka-frontend.la src/sip-frontend/libimsaka-sip.la \
	src/libimsaka/libimsaka.la $(LIBSTRONGSWAN_LIBS) $(OSIP_LIBS) \
	$(CHECK_LIBS) $(OPENSSL_LIBS)

# imsaka-ue --once end to end against a fake charon socket and a scripted
# P-CSCF on 127.0.0.1 (python3)
TESTS += src/sip-frontend/ue/tests/test_ue_once.sh
EXTRA_DIST += src/sip-frontend/ue/tests/test_ue_once.sh \
	src/sip-frontend/ue/tests/fake_pcscf.py

# the tls-psk client context, its contexts per agreed suite list: reuse,
# order, bound, lifetime; tested against the P-CSCF's context
check_PROGRAMS += src/sip-frontend/ue/tests/ue_tls_psk_tests
TESTS += src/sip-frontend/ue/tests/ue_tls_psk_tests
src_sip_frontend_ue_tests_ue_tls_psk_tests_SOURCES = \
	src/sip-frontend/ue/tests/ue_tls_psk_tests.c \
	src/sip-frontend/pcscf/tests/tls_psk_pair.h \
	src/sip-frontend/pcscf/tests/tls_psk_pair.c \
	src/sip-frontend/ue/ue_tls_psk.c \
	src/sip-frontend/pcscf/pcscf_tls_psk.c
src_sip_frontend_ue_tests_ue_tls_psk_tests_CPPFLAGS = $(AM_CPPFLAGS)
src_sip_frontend_ue_tests_ue_tls_psk_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_ue_tests_ue_tls_psk_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_ue_tests_ue_tls_psk_tests_LDADD = \
	$(LIBSTRONGSWAN_LIBS) $(CHECK_LIBS) $(OPENSSL_LIBS)
