# tls-psk at the UE (issue 6): the OpenSSL client context; tested against
# the P-CSCF's in src/sip-frontend/pcscf/tests/pcscf_tls_tests
src_sip_frontend_ue_libimsaka_ue_la_SOURCES += \
	src/sip-frontend/ue/ue_tls_psk.h src/sip-frontend/ue/ue_tls_psk.c
