# SIP frontend programs and the operator's tool

# imsakactl: one file per group of sub-commands, each registers itself
sbin_PROGRAMS += src/sip-frontend/imsakactl/imsakactl
src_sip_frontend_imsakactl_imsakactl_SOURCES = \
	src/sip-frontend/imsakactl/command.h \
	src/sip-frontend/imsakactl/imsakactl.c
src_sip_frontend_imsakactl_imsakactl_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
src_sip_frontend_imsakactl_imsakactl_LDADD = src/libimsaka/libimsaka.la \
	$(OPENSSL_LIBS)
# offline AKA commands (aka-vector, aka-check, auts, esp-keys, kdf)
include src/sip-frontend/imsakactl/aka_commands.mk
# offline security agreement commands (secagree-parse, secagree-negotiate)
include src/sip-frontend/imsakactl/secagree_commands.mk
