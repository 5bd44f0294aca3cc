# libstrongswan-imsaka.so, loaded by Debian's charon
plugin_LTLIBRARIES += src/libcharon-plugin-imsaka/libstrongswan-imsaka.la
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES = \
	src/libcharon-plugin-imsaka/imsaka_plugin.h \
	src/libcharon-plugin-imsaka/imsaka_plugin.c \
	src/libcharon-plugin-imsaka/imsaka_subscriber.h \
	src/libcharon-plugin-imsaka/imsaka_subscriber.c \
	src/libcharon-plugin-imsaka/imsaka_sqn_table.h \
	src/libcharon-plugin-imsaka/imsaka_sqn_table.c \
	src/libcharon-plugin-imsaka/imsaka_card.h \
	src/libcharon-plugin-imsaka/imsaka_card.c \
	src/libcharon-plugin-imsaka/imsaka_provider.h \
	src/libcharon-plugin-imsaka/imsaka_provider.c
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS) \
	-I$(strongswan_src)/src/libipsec
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_LDFLAGS = -module \
	-avoid-version -shared
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_LIBADD = \
	src/libimsaka/libimsaka.la $(STRONGSWAN_LIBS) $(SIMAKA_LIBS) \
	$(OPENSSL_LIBS)

# charon loads the .so; the libtool archive has no use there
install-exec-hook:
	rm -f $(DESTDIR)$(plugindir)/libstrongswan-imsaka.la

# unit tests of the plugin's parts that need no running charon
check_PROGRAMS += src/libcharon-plugin-imsaka/tests/plugin_tests
TESTS += src/libcharon-plugin-imsaka/tests/plugin_tests
src_libcharon_plugin_imsaka_tests_plugin_tests_SOURCES = \
	src/libcharon-plugin-imsaka/tests/plugin_tests.c \
	src/libcharon-plugin-imsaka/imsaka_subscriber.c
src_libcharon_plugin_imsaka_tests_plugin_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(CHECK_CFLAGS)
src_libcharon_plugin_imsaka_tests_plugin_tests_LDADD = \
	src/libimsaka/libimsaka.la $(STRONGSWAN_LIBS) $(CHECK_LIBS) \
	$(OPENSSL_LIBS)
include src/libcharon-plugin-imsaka/engine.mk
include src/libcharon-plugin-imsaka/engine2.mk
include src/libcharon-plugin-imsaka/rebind.mk
include src/libcharon-plugin-imsaka/tls.mk

# the route of a tunnel-mode SA set under kernel-netlink (issue 12)
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_route.h \
	src/libcharon-plugin-imsaka/imsaka_route.c

# their unit tests against a fake kernel interface, no running charon
check_PROGRAMS += src/libcharon-plugin-imsaka/tests/route_tests
TESTS += src/libcharon-plugin-imsaka/tests/route_tests
src_libcharon_plugin_imsaka_tests_route_tests_SOURCES = \
	src/libcharon-plugin-imsaka/tests/route_tests.c \
	src/libcharon-plugin-imsaka/imsaka_sa_set.c \
	src/libcharon-plugin-imsaka/imsaka_route.c
src_libcharon_plugin_imsaka_tests_route_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(CHECK_CFLAGS) $(OPENSSL_CFLAGS)
src_libcharon_plugin_imsaka_tests_route_tests_LDADD = \
	src/libimsaka/libimsaka.la $(STRONGSWAN_LIBS) $(CHECK_LIBS) \
	$(OPENSSL_LIBS)
