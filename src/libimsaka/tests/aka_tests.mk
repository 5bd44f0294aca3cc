# Check suites of the AKA core, one file per unit (see test_suites.h)
src_libimsaka_tests_imsaka_tests_SOURCES += \
	src/libimsaka/tests/test_vectors.c src/libimsaka/tests/test_vectors.h \
	src/libimsaka/tests/test_hex.c \
	src/libimsaka/tests/test_milenage.c \
	src/libimsaka/tests/test_aka.c \
	src/libimsaka/tests/test_sqn.c \
	src/libimsaka/tests/test_digest_aka.c \
	src/libimsaka/tests/test_kdf.c \
	src/libimsaka/tests/test_key_expansion.c
