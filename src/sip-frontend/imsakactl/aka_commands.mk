# offline AKA commands: aka-vector, aka-check, aka-auts, aka-auts-check,
# esp-keys, kdf, digest-aka
src_sip_frontend_imsakactl_imsakactl_SOURCES += \
	src/sip-frontend/imsakactl/aka_commands.c
TESTS += src/sip-frontend/imsakactl/test_aka_commands.sh
EXTRA_DIST += src/sip-frontend/imsakactl/test_aka_commands.sh
