# The charon plugin: its parts in one convenience library, linked into the
# plugin module loaded by Debian's charon and into the unit tests.
noinst_LTLIBRARIES += src/libcharon-plugin-imsaka/libimsaka-plugin.la
imsaka_plugin_cflags = $(AM_CFLAGS) $(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS) \
	-I$(strongswan_src)/src/libipsec
src_libcharon_plugin_imsaka_libimsaka_plugin_la_CFLAGS = $(imsaka_plugin_cflags)
src_libcharon_plugin_imsaka_libimsaka_plugin_la_LIBADD = \
	src/libimsaka/libimsaka.la $(STRONGSWAN_LIBS) $(SIMAKA_LIBS) \
	$(OPENSSL_LIBS)

# AKA for charon: subscriber secrets, SQNs, the USIM side and the
# authentication vectors of eap-aka
src_libcharon_plugin_imsaka_libimsaka_plugin_la_SOURCES = \
	src/libcharon-plugin-imsaka/imsaka_subscriber.h \
	src/libcharon-plugin-imsaka/imsaka_subscriber.c \
	src/libcharon-plugin-imsaka/imsaka_sqn_table.h \
	src/libcharon-plugin-imsaka/imsaka_sqn_table.c \
	src/libcharon-plugin-imsaka/imsaka_card.h \
	src/libcharon-plugin-imsaka/imsaka_card.c \
	src/libcharon-plugin-imsaka/imsaka_provider.h \
	src/libcharon-plugin-imsaka/imsaka_provider.c

# SA sets through charon's kernel interface: SPI allocation, ESP keys,
# the kernel backend's capabilities, the four SAs and their routes
src_libcharon_plugin_imsaka_libimsaka_plugin_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_spi_allocator.h \
	src/libcharon-plugin-imsaka/imsaka_spi_allocator.c \
	src/libcharon-plugin-imsaka/imsaka_sa_keys.h \
	src/libcharon-plugin-imsaka/imsaka_sa_keys.c \
	src/libcharon-plugin-imsaka/imsaka_backend.h \
	src/libcharon-plugin-imsaka/imsaka_backend.c \
	src/libcharon-plugin-imsaka/imsaka_sa_layout.h \
	src/libcharon-plugin-imsaka/imsaka_sa_layout.c \
	src/libcharon-plugin-imsaka/imsaka_sa_set.h \
	src/libcharon-plugin-imsaka/imsaka_sa_set.c \
	src/libcharon-plugin-imsaka/imsaka_route.h \
	src/libcharon-plugin-imsaka/imsaka_route.c

# registration contexts and their lifetime, NAT-keepalives on a timing wheel
src_libcharon_plugin_imsaka_libimsaka_plugin_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_context.h \
	src/libcharon-plugin-imsaka/imsaka_context.c \
	src/libcharon-plugin-imsaka/imsaka_context_manager.h \
	src/libcharon-plugin-imsaka/imsaka_context_manager.c \
	src/libcharon-plugin-imsaka/imsaka_ticker.h \
	src/libcharon-plugin-imsaka/imsaka_ticker.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive.h \
	src/libcharon-plugin-imsaka/imsaka_keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive_charon.c

# following a peer behind a NAT to a new address or port: from
# authenticated ESP under kernel-libipsec (libipsec reached at run time with
# dlopen/dlsym, headers only), from XFRM mapping events under kernel-netlink
src_libcharon_plugin_imsaka_libimsaka_plugin_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_rebind_guard.h \
	src/libcharon-plugin-imsaka/imsaka_rebind_guard.c \
	src/libcharon-plugin-imsaka/imsaka_libipsec.h \
	src/libcharon-plugin-imsaka/imsaka_libipsec.c \
	src/libcharon-plugin-imsaka/imsaka_esp_monitor.h \
	src/libcharon-plugin-imsaka/imsaka_esp_monitor.c \
	src/libcharon-plugin-imsaka/imsaka_mapping_listener.h \
	src/libcharon-plugin-imsaka/imsaka_mapping_listener.c

# the control socket (protocol v1 and v2: one session per connection) and its
# commands, the ESP key file, and the TLS keys exported from a context's
# CK/IK (tls-psk PSK, tls-aka traffic secrets)
src_libcharon_plugin_imsaka_libimsaka_plugin_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_control.h \
	src/libcharon-plugin-imsaka/imsaka_control.c \
	src/libcharon-plugin-imsaka/imsaka_control_request.h \
	src/libcharon-plugin-imsaka/imsaka_control_request.c \
	src/libcharon-plugin-imsaka/imsaka_control_session.h \
	src/libcharon-plugin-imsaka/imsaka_control_session.c \
	src/libcharon-plugin-imsaka/imsaka_control_commands.h \
	src/libcharon-plugin-imsaka/imsaka_control_handlers.h \
	src/libcharon-plugin-imsaka/imsaka_control_commands.c \
	src/libcharon-plugin-imsaka/imsaka_control_install.c \
	src/libcharon-plugin-imsaka/imsaka_control_prepare.c \
	src/libcharon-plugin-imsaka/imsaka_control_aka.c \
	src/libcharon-plugin-imsaka/imsaka_control_list.c \
	src/libcharon-plugin-imsaka/imsaka_control_caps.c \
	src/libcharon-plugin-imsaka/imsaka_control_keyfile.h \
	src/libcharon-plugin-imsaka/imsaka_control_keyfile.c \
	src/libcharon-plugin-imsaka/imsaka_tls_psk.h \
	src/libcharon-plugin-imsaka/imsaka_tls_psk.c \
	src/libcharon-plugin-imsaka/imsaka_control_tls.c

# libstrongswan-imsaka.so, loaded by Debian's charon
plugin_LTLIBRARIES += src/libcharon-plugin-imsaka/libstrongswan-imsaka.la
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES = \
	src/libcharon-plugin-imsaka/imsaka_plugin.h \
	src/libcharon-plugin-imsaka/imsaka_plugin.c
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_CFLAGS = \
	$(imsaka_plugin_cflags)
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_LDFLAGS = -module \
	-avoid-version -shared
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_LIBADD = \
	src/libcharon-plugin-imsaka/libimsaka-plugin.la $(STRONGSWAN_LIBS)

# charon loads the .so; the libtool archive has no use there
install-exec-hook:
	rm -f $(DESTDIR)$(plugindir)/libstrongswan-imsaka.la

# unit tests: one suite file per unit, listed in tests/plugin_tests.h, run
# by one runner; none needs a running charon (a fake kernel interface
# stands in where one is needed)
check_PROGRAMS += src/libcharon-plugin-imsaka/tests/plugin_tests
TESTS += src/libcharon-plugin-imsaka/tests/plugin_tests
src_libcharon_plugin_imsaka_tests_plugin_tests_SOURCES = \
	src/libcharon-plugin-imsaka/tests/plugin_tests.c \
	src/libcharon-plugin-imsaka/tests/plugin_tests.h \
	src/libcharon-plugin-imsaka/tests/test_library.h \
	src/libcharon-plugin-imsaka/tests/test_library.c \
	src/libcharon-plugin-imsaka/tests/suites/test_subscriber.c \
	src/libcharon-plugin-imsaka/tests/suites/test_spi_allocator.c \
	src/libcharon-plugin-imsaka/tests/suites/test_keepalive.c \
	src/libcharon-plugin-imsaka/tests/suites/test_rebind_guard.c \
	src/libcharon-plugin-imsaka/tests/suites/test_control_request.c \
	src/libcharon-plugin-imsaka/tests/suites/test_control_session.c \
	src/libcharon-plugin-imsaka/tests/suites/test_control_prepare.c \
	src/libcharon-plugin-imsaka/tests/suites/test_context.c \
	src/libcharon-plugin-imsaka/tests/suites/test_route.c \
	src/libcharon-plugin-imsaka/tests/suites/test_tls_psk.c
src_libcharon_plugin_imsaka_tests_plugin_tests_CFLAGS = \
	$(imsaka_plugin_cflags) $(CHECK_CFLAGS) \
	-I$(top_srcdir)/src/libcharon-plugin-imsaka \
	-I$(top_srcdir)/src/libcharon-plugin-imsaka/tests
src_libcharon_plugin_imsaka_tests_plugin_tests_LDADD = \
	src/libcharon-plugin-imsaka/libimsaka-plugin.la $(STRONGSWAN_LIBS) \
	$(CHECK_LIBS)

# live tests against Debian's charon in private namespaces (root only): the
# control socket, ctx-hold past reg_await_auth, tls-psk and tls-aka-keys
imsaka_plugin_live_tests = src/libcharon-plugin-imsaka/tests/test_control.sh \
	src/libcharon-plugin-imsaka/tests/test_control_hold.sh \
	src/libcharon-plugin-imsaka/tests/test_control_tls.sh
TESTS += $(imsaka_plugin_live_tests)
EXTRA_DIST += $(imsaka_plugin_live_tests) \
	src/libcharon-plugin-imsaka/tests/control_lib.sh
