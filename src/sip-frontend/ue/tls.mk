# tls-psk at the UE (issue 6): the OpenSSL client context; tested against
# the P-CSCF's in src/sip-frontend/pcscf/tests/pcscf_tls_tests
src_sip_frontend_ue_libimsaka_ue_la_SOURCES += \
	src/sip-frontend/ue/ue_tls_psk.h src/sip-frontend/ue/ue_tls_psk.c

# its contexts per agreed suite list: reuse, order, bound, lifetime
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
