# Check suites of tls-aka (see test_suites.h): key schedule, record layer,
# and the record layer against a real OpenSSL TLS 1.3 session
src_libimsaka_tests_imsaka_tests_SOURCES += \
	src/libimsaka/tests/test_tls_aka_keys.c \
	src/libimsaka/tests/test_tls_record.c \
	src/libimsaka/tests/test_tls_peer.c src/libimsaka/tests/test_tls_peer.h \
	src/libimsaka/tests/test_tls_openssl.c
