# commands talking to the plugin over its control socket: list, call
src_sip_frontend_imsakactl_imsakactl_SOURCES += \
	src/sip-frontend/imsakactl/control_commands.c
src_sip_frontend_imsakactl_imsakactl_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/common
src_sip_frontend_imsakactl_imsakactl_LDADD += \
	src/sip-frontend/libimsaka-frontend.la
