# Registration contexts, SA sets and the control socket of the plugin
# (issue 4, control part)
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_sa_set.h \
	src/libcharon-plugin-imsaka/imsaka_sa_set.c \
	src/libcharon-plugin-imsaka/imsaka_context.h \
	src/libcharon-plugin-imsaka/imsaka_context.c \
	src/libcharon-plugin-imsaka/imsaka_context_manager.h \
	src/libcharon-plugin-imsaka/imsaka_context_manager.c \
	src/libcharon-plugin-imsaka/imsaka_control.h \
	src/libcharon-plugin-imsaka/imsaka_control.c \
	src/libcharon-plugin-imsaka/imsaka_control_request.h \
	src/libcharon-plugin-imsaka/imsaka_control_request.c \
	src/libcharon-plugin-imsaka/imsaka_control_commands.h \
	src/libcharon-plugin-imsaka/imsaka_control_handlers.h \
	src/libcharon-plugin-imsaka/imsaka_control_commands.c \
	src/libcharon-plugin-imsaka/imsaka_control_aka.c \
	src/libcharon-plugin-imsaka/imsaka_control_list.c \
	src/libcharon-plugin-imsaka/imsaka_control_caps.c \
	src/libcharon-plugin-imsaka/imsaka_control_keyfile.h \
	src/libcharon-plugin-imsaka/imsaka_control_keyfile.c

# live test against Debian's charon in private namespaces (root only)
TESTS += src/libcharon-plugin-imsaka/tests/test_control.sh
EXTRA_DIST += src/libcharon-plugin-imsaka/tests/test_control.sh

# unit tests of the request parser, no running charon needed
check_PROGRAMS += src/libcharon-plugin-imsaka/tests/control_tests
TESTS += src/libcharon-plugin-imsaka/tests/control_tests
src_libcharon_plugin_imsaka_tests_control_tests_SOURCES = \
	src/libcharon-plugin-imsaka/tests/control_tests.c \
	src/libcharon-plugin-imsaka/imsaka_control_request.c
src_libcharon_plugin_imsaka_tests_control_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(CHECK_CFLAGS)
src_libcharon_plugin_imsaka_tests_control_tests_LDADD = \
	src/libimsaka/libimsaka.la $(STRONGSWAN_LIBS) $(CHECK_LIBS) \
	$(OPENSSL_LIBS)

# lifetime of contexts without SA sets: idle timeout and ctx-hold
check_PROGRAMS += src/libcharon-plugin-imsaka/tests/context_tests
TESTS += src/libcharon-plugin-imsaka/tests/context_tests
src_libcharon_plugin_imsaka_tests_context_tests_SOURCES = \
	src/libcharon-plugin-imsaka/tests/context_tests.c \
	src/libcharon-plugin-imsaka/imsaka_context.c \
	src/libcharon-plugin-imsaka/imsaka_context_manager.c \
	src/libcharon-plugin-imsaka/imsaka_spi_allocator.c \
	src/libcharon-plugin-imsaka/imsaka_ticker.c
src_libcharon_plugin_imsaka_tests_context_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(CHECK_CFLAGS) -I$(strongswan_src)/src/libipsec
src_libcharon_plugin_imsaka_tests_context_tests_LDADD = \
	$(STRONGSWAN_LIBS) $(CHECK_LIBS)

# live: ctx-hold keeps a context without sets past reg_await_auth
TESTS += src/libcharon-plugin-imsaka/tests/test_control_hold.sh
EXTRA_DIST += src/libcharon-plugin-imsaka/tests/test_control_hold.sh
