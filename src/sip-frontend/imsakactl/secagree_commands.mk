# offline security agreement commands: secagree-parse, secagree-negotiate
src_sip_frontend_imsakactl_imsakactl_SOURCES += \
	src/sip-frontend/imsakactl/secagree_commands.c
TESTS += src/sip-frontend/imsakactl/test_secagree_commands.sh
EXTRA_DIST += src/sip-frontend/imsakactl/test_secagree_commands.sh
