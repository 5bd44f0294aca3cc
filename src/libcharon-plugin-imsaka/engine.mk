# IPsec engine parts of the plugin (issue 4): SPI allocation for SA sets and
# NAT-keepalives on a timing wheel
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_spi_allocator.h \
	src/libcharon-plugin-imsaka/imsaka_spi_allocator.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive.h \
	src/libcharon-plugin-imsaka/imsaka_keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive_charon.c \
	src/libcharon-plugin-imsaka/imsaka_ticker.h \
	src/libcharon-plugin-imsaka/imsaka_ticker.c

# their unit tests, no running charon needed
check_PROGRAMS += src/libcharon-plugin-imsaka/tests/engine_tests
TESTS += src/libcharon-plugin-imsaka/tests/engine_tests
src_libcharon_plugin_imsaka_tests_engine_tests_SOURCES = \
	src/libcharon-plugin-imsaka/tests/engine_tests.c \
	src/libcharon-plugin-imsaka/tests/test_spi_allocator.c \
	src/libcharon-plugin-imsaka/tests/test_keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_spi_allocator.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive_charon.c \
	src/libcharon-plugin-imsaka/imsaka_ticker.c
src_libcharon_plugin_imsaka_tests_engine_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(CHECK_CFLAGS)
src_libcharon_plugin_imsaka_tests_engine_tests_LDADD = \
	$(STRONGSWAN_LIBS) $(CHECK_LIBS)
