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

# imsakactl ladder: the ladder diagram of captures, decoded by tshark; its
# objects (tshark runner, field parser, hosts, message model, SVG and HTML
# writers) in a library of their own built with libstrongswan's object
# macros, linked by imsakactl and the unit tests
noinst_LTLIBRARIES += src/sip-frontend/libimsaka-ladder.la
src_sip_frontend_libimsaka_ladder_la_SOURCES = \
	src/sip-frontend/imsakactl/ladder_sighting.h \
	src/sip-frontend/imsakactl/ladder_fields.h \
	src/sip-frontend/imsakactl/ladder_fields.c \
	src/sip-frontend/imsakactl/ladder_esp_sa.h \
	src/sip-frontend/imsakactl/ladder_esp_sa.c \
	src/sip-frontend/imsakactl/ladder_tshark.h \
	src/sip-frontend/imsakactl/ladder_tshark.c \
	src/sip-frontend/imsakactl/ladder_hosts.h \
	src/sip-frontend/imsakactl/ladder_hosts.c \
	src/sip-frontend/imsakactl/ladder_arrow.h \
	src/sip-frontend/imsakactl/ladder_arrow.c \
	src/sip-frontend/imsakactl/ladder_model.h \
	src/sip-frontend/imsakactl/ladder_model.c \
	src/sip-frontend/imsakactl/ladder_xml.h \
	src/sip-frontend/imsakactl/ladder_xml.c \
	src/sip-frontend/imsakactl/ladder_svg.h \
	src/sip-frontend/imsakactl/ladder_svg.c \
	src/sip-frontend/imsakactl/ladder_html.h \
	src/sip-frontend/imsakactl/ladder_html.c
src_sip_frontend_libimsaka_ladder_la_CFLAGS = $(AM_CFLAGS) $(STRONGSWAN_CFLAGS)
src_sip_frontend_libimsaka_ladder_la_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_libimsaka_ladder_la_LIBADD = $(LIBSTRONGSWAN_LIBS)
src_sip_frontend_imsakactl_imsakactl_SOURCES += \
	src/sip-frontend/imsakactl/ladder_command.c
src_sip_frontend_imsakactl_imsakactl_LDADD += \
	src/sip-frontend/libimsaka-ladder.la
# the ladder's objects call libstrongswan (memwipe): imsakactl needs its
# run path
src_sip_frontend_imsakactl_imsakactl_LDFLAGS = $(LIBSTRONGSWAN_RPATH)

# the ladder's unit tests: the parser on recorded tshark lines, the model
# and the writers on them; the end-to-end test on a recorded capture with
# its keys, rendered by headless Chromium
check_PROGRAMS += src/sip-frontend/imsakactl/tests/ladder_tests
TESTS += src/sip-frontend/imsakactl/tests/ladder_tests \
	src/sip-frontend/imsakactl/tests/test_ladder.sh
src_sip_frontend_imsakactl_tests_ladder_tests_SOURCES = \
	src/sip-frontend/imsakactl/tests/ladder_tests.h \
	src/sip-frontend/imsakactl/tests/ladder_tests.c \
	src/sip-frontend/imsakactl/tests/test_ladder_fields.c \
	src/sip-frontend/imsakactl/tests/test_ladder_input.c \
	src/sip-frontend/imsakactl/tests/test_ladder_model.c \
	src/sip-frontend/imsakactl/tests/test_ladder_output.c
src_sip_frontend_imsakactl_tests_ladder_tests_CPPFLAGS = $(AM_CPPFLAGS) \
	-DLADDER_FIXTURES=\"$(top_srcdir)/src/sip-frontend/imsakactl/tests/fixtures\"
src_sip_frontend_imsakactl_tests_ladder_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_imsakactl_tests_ladder_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_imsakactl_tests_ladder_tests_LDADD = \
	src/sip-frontend/libimsaka-ladder.la $(CHECK_LIBS)
EXTRA_DIST += src/sip-frontend/imsakactl/tests/test_ladder.sh \
	src/sip-frontend/imsakactl/tests/png_check.py \
	src/sip-frontend/imsakactl/tests/fixtures/reg-nat-ue.pcap \
	src/sip-frontend/imsakactl/tests/fixtures/reg-nat-ue.esp_sa \
	src/sip-frontend/imsakactl/tests/fixtures/reg-nat-ue.fields
