# libimsaka-frontend: the runtime shared by imsaka-ue, imsaka-pcscf,
# imsaka-scscf and imsakactl
noinst_LTLIBRARIES += src/sip-frontend/libimsaka-frontend.la
src_sip_frontend_libimsaka_frontend_la_SOURCES = \
	src/sip-frontend/common/control_client.h \
	src/sip-frontend/common/control_client.c
src_sip_frontend_libimsaka_frontend_la_CFLAGS = $(AM_CFLAGS)
