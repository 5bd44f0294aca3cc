# SIP frontend programs and the operator's tool

# example configurations of the frontend programs, installed under
# $(sysconfdir)/imsaka; each program's fragment appends its own
frontendconfdir = $(sysconfdir)/imsaka
dist_frontendconf_DATA =

# runtime shared by the programs: libstrongswan settings and logging, SIP
# transport and event loop, control socket client
include src/sip-frontend/common/local.mk
# the test S-CSCF / registrar
include src/sip-frontend/scscf/local.mk
# the P-CSCF
include src/sip-frontend/pcscf/local.mk
# the UE
include src/sip-frontend/ue/local.mk

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
# commands over the plugin's control socket (list, call)
include src/sip-frontend/imsakactl/control_commands.mk

# the libosip2 adapter: sec-agree headers, Via NAT detection, ck/ik of the 401
noinst_LTLIBRARIES += src/sip-frontend/libimsaka-sip.la
src_sip_frontend_libimsaka_sip_la_SOURCES = \
	src/sip-frontend/sip/sip_message.h src/sip-frontend/sip/sip_message.c
src_sip_frontend_libimsaka_sip_la_CFLAGS = $(AM_CFLAGS) $(OSIP_CFLAGS)
src_sip_frontend_libimsaka_sip_la_LIBADD = src/libimsaka/libimsaka.la \
	$(OSIP_LIBS)

check_PROGRAMS += src/sip-frontend/tests/sip_tests
TESTS += src/sip-frontend/tests/sip_tests
src_sip_frontend_tests_sip_tests_SOURCES = \
	src/sip-frontend/tests/test_sip_message.c
src_sip_frontend_tests_sip_tests_CFLAGS = $(AM_CFLAGS) $(OSIP_CFLAGS) \
	$(CHECK_CFLAGS)
src_sip_frontend_tests_sip_tests_LDADD = src/sip-frontend/libimsaka-sip.la \
	src/libimsaka/libimsaka.la $(OSIP_LIBS) $(CHECK_LIBS) $(OPENSSL_LIBS)
