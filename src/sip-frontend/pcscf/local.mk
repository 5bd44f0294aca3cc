# imsaka-pcscf: the P-CSCF (docs/PCSCF.md); its logic is a convenience
# library so the unit tests link the same objects
noinst_LTLIBRARIES += src/sip-frontend/pcscf/libpcscf.la
src_sip_frontend_pcscf_libpcscf_la_SOURCES = \
	src/sip-frontend/pcscf/pcscf_config.h \
	src/sip-frontend/pcscf/pcscf_config.c \
	src/sip-frontend/pcscf/pcscf_policy.h \
	src/sip-frontend/pcscf/pcscf_policy.c \
	src/sip-frontend/pcscf/pcscf_control_client.h \
	src/sip-frontend/pcscf/pcscf_control_client.c \
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
	src/sip-frontend/pcscf/pcscf_register.h \
	src/sip-frontend/pcscf/pcscf_register.c \
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
	src/sip-frontend/pcscf/tests/test_pcscf_register.c
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
	src/sip-frontend/pcscf/tests/test_pcscf_state.c
include src/sip-frontend/pcscf/tls.mk
