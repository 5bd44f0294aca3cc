# TLS keys exported by the plugin (issue 6): tls-psk PSK and tls-aka
# traffic secrets from a context's CK/IK
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_tls_psk.h \
	src/libcharon-plugin-imsaka/imsaka_tls_psk.c \
	src/libcharon-plugin-imsaka/imsaka_control_tls.c

# the PSK derivation against an independently computed vector
check_PROGRAMS += src/libcharon-plugin-imsaka/tests/tls_psk_tests
TESTS += src/libcharon-plugin-imsaka/tests/tls_psk_tests
src_libcharon_plugin_imsaka_tests_tls_psk_tests_SOURCES = \
	src/libcharon-plugin-imsaka/tests/tls_psk_tests.c \
	src/libcharon-plugin-imsaka/imsaka_tls_psk.c
src_libcharon_plugin_imsaka_tests_tls_psk_tests_CFLAGS = $(AM_CFLAGS) \
	$(CHECK_CFLAGS)
src_libcharon_plugin_imsaka_tests_tls_psk_tests_LDADD = \
	src/libimsaka/libimsaka.la $(CHECK_LIBS) $(OPENSSL_LIBS)

# live: tls-psk and tls-aka-keys through the socket of a private charon
TESTS += src/libcharon-plugin-imsaka/tests/test_control_tls.sh
EXTRA_DIST += src/libcharon-plugin-imsaka/tests/test_control_tls.sh \
	src/libcharon-plugin-imsaka/tests/control_lib.sh
