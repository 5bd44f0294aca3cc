# Check suites of the security agreement units (see test_suites.h)
src_libimsaka_tests_imsaka_tests_SOURCES += \
	src/libimsaka/tests/test_secagree.h \
	src/libimsaka/tests/test_secagree.c \
	src/libimsaka/tests/test_secagree_errors.c \
	src/libimsaka/tests/test_secagree_negotiate.c \
	src/libimsaka/tests/test_nat_detect.c \
	src/libimsaka/tests/test_digest_header.c
