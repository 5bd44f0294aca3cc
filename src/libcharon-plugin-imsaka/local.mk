# libstrongswan-imsaka.so, loaded by Debian's charon
plugin_LTLIBRARIES += src/libcharon-plugin-imsaka/libstrongswan-imsaka.la
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_SOURCES = \
	src/libcharon-plugin-imsaka/imsaka_plugin.h \
	src/libcharon-plugin-imsaka/imsaka_plugin.c
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS)
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_LDFLAGS = -module \
	-avoid-version -shared
src_libcharon_plugin_imsaka_libstrongswan_imsaka_la_LIBADD = \
	src/libimsaka/libimsaka.la $(STRONGSWAN_LIBS) $(SIMAKA_LIBS) \
	$(OPENSSL_LIBS)
