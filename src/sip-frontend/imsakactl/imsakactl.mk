# imsakactl: the operator's tool; one file per group of sub-commands, each
# registers itself (command.h)
sbin_PROGRAMS += src/sip-frontend/imsakactl/imsakactl
src_sip_frontend_imsakactl_imsakactl_SOURCES = \
	src/sip-frontend/imsakactl/command.h \
	src/sip-frontend/imsakactl/imsakactl.c \
	src/sip-frontend/imsakactl/aka_args.h \
	src/sip-frontend/imsakactl/aka_args.c \
	src/sip-frontend/imsakactl/aka_commands.c \
	src/sip-frontend/imsakactl/key_commands.c \
	src/sip-frontend/imsakactl/digest_commands.c \
	src/sip-frontend/imsakactl/secagree_commands.c \
	src/sip-frontend/imsakactl/control_commands.c
# offline AKA (aka-vector, aka-check, aka-auts, aka-auts-check), keys
# (esp-keys, kdf), Digest AKA (digest-aka) and security agreement
# (secagree-parse, secagree-negotiate) commands need libimsaka only; the
# commands over the plugin's control socket (list, call) use the frontend
# runtime's control client
src_sip_frontend_imsakactl_imsakactl_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/common
src_sip_frontend_imsakactl_imsakactl_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
src_sip_frontend_imsakactl_imsakactl_LDADD = \
	src/sip-frontend/libimsaka-frontend.la src/libimsaka/libimsaka.la \
	$(OPENSSL_LIBS)

# the offline commands against published vectors
TESTS += src/sip-frontend/imsakactl/test_aka_commands.sh \
	src/sip-frontend/imsakactl/test_secagree_commands.sh
EXTRA_DIST += src/sip-frontend/imsakactl/test_aka_commands.sh \
	src/sip-frontend/imsakactl/test_secagree_commands.sh \
	src/sip-frontend/imsakactl/imsakactl_test_lib.sh

# stats: the counters of the plugin (or of imsaka-pcscf's status socket),
# tested against fake sockets that answer what a daemon might
src_sip_frontend_imsakactl_imsakactl_SOURCES += \
	src/sip-frontend/imsakactl/stats_command.c
TESTS += src/sip-frontend/imsakactl/test_stats_command.sh
EXTRA_DIST += src/sip-frontend/imsakactl/test_stats_command.sh
