# commands talking to the plugin over its control socket: list, call
src_sip_frontend_imsakactl_imsakactl_SOURCES += \
	src/sip-frontend/imsakactl/control_client.h \
	src/sip-frontend/imsakactl/control_client.c \
	src/sip-frontend/imsakactl/control_commands.c
