# Following a peer behind a NAT to a new address or port (issue 4): from
# authenticated ESP under kernel-libipsec (libipsec reached at run time with
# dlopen/dlsym, headers only), from XFRM mapping events under kernel-netlink
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES += \
	src/libcharon-plugin-imsaka/imsaka_rebind_guard.h \
	src/libcharon-plugin-imsaka/imsaka_rebind_guard.c \
	src/libcharon-plugin-imsaka/imsaka_libipsec.h \
	src/libcharon-plugin-imsaka/imsaka_libipsec.c \
	src/libcharon-plugin-imsaka/imsaka_esp_monitor.h \
	src/libcharon-plugin-imsaka/imsaka_esp_monitor.c \
	src/libcharon-plugin-imsaka/imsaka_mapping_listener.h \
	src/libcharon-plugin-imsaka/imsaka_mapping_listener.c

# the rebinding decision is tested with the engine's unit tests
src_libcharon_plugin_imsaka_tests_engine_tests_SOURCES += \
	src/libcharon-plugin-imsaka/tests/test_rebind_guard.c \
	src/libcharon-plugin-imsaka/imsaka_rebind_guard.c
