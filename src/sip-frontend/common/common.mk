# libstrongswan without libcharon: what a frontend program links (a
# frontend is no charon). The run path goes into LDFLAGS: libtool records it
# in libimsaka-frontend.la, so every program linking that gets it too.
LIBSTRONGSWAN_LIBS = -L$(ipsecdir) -lstrongswan
LIBSTRONGSWAN_RPATH = -R$(ipsecdir)

# libimsaka-frontend: the runtime shared by imsaka-ue, imsaka-pcscf,
# imsaka-scscf and imsakactl: libstrongswan settings and logging
# (frontend_conf), the control socket client (control_client,
# control_channel with the caps cache of control_caps, plain POSIX),
# the SIP transport (sip_transport) with its poll() loop, bound sockets,
# TCP connection table and connections, and the stream filters (TLS-PSK,
# tls-aka, kTLS)
noinst_LTLIBRARIES += src/sip-frontend/libimsaka-frontend.la
src_sip_frontend_libimsaka_frontend_la_SOURCES = \
	src/sip-frontend/common/control_client.h \
	src/sip-frontend/common/control_client.c \
	src/sip-frontend/common/control_caps.h \
	src/sip-frontend/common/control_caps.c \
	src/sip-frontend/common/control_channel.h \
	src/sip-frontend/common/control_channel.c \
	src/sip-frontend/common/control_instance.h \
	src/sip-frontend/common/control_instance.c \
	src/sip-frontend/common/control_flush.h \
	src/sip-frontend/common/control_flush.c \
	src/sip-frontend/common/control_pipeline.h \
	src/sip-frontend/common/control_pipeline.c \
	src/sip-frontend/common/frontend_conf.h \
	src/sip-frontend/common/frontend_conf.c \
	src/sip-frontend/common/sip_error.h \
	src/sip-frontend/common/sip_transport.h \
	src/sip-frontend/common/sip_transport.c \
	src/sip-frontend/common/sip_event_loop.h \
	src/sip-frontend/common/sip_event_loop.c \
	src/sip-frontend/common/sip_timers.h \
	src/sip-frontend/common/sip_timers.c \
	src/sip-frontend/common/sip_signals.h \
	src/sip-frontend/common/sip_signals.c \
	src/sip-frontend/common/sip_listeners.h \
	src/sip-frontend/common/sip_listeners.c \
	src/sip-frontend/common/sip_sockaddr.h \
	src/sip-frontend/common/sip_sockaddr.c \
	src/sip-frontend/common/sip_connections.h \
	src/sip-frontend/common/sip_connections.c \
	src/sip-frontend/common/sip_connection.h \
	src/sip-frontend/common/sip_connection.c \
	src/sip-frontend/common/sip_connection_input.h \
	src/sip-frontend/common/sip_connection_input.c \
	src/sip-frontend/common/sip_framing.h \
	src/sip-frontend/common/sip_framing.c \
	src/sip-frontend/common/sip_connection_filter.h \
	src/sip-frontend/common/sip_connection_filter.c \
	src/sip-frontend/common/sip_stream_filter.h \
	src/sip-frontend/common/sip_ktls.h \
	src/sip-frontend/common/sip_ktls.c \
	src/sip-frontend/common/sip_tls_filter.h \
	src/sip-frontend/common/sip_tls_filter.c \
	src/sip-frontend/common/sip_tls_aka_filter.h \
	src/sip-frontend/common/sip_tls_aka_filter.c
src_sip_frontend_libimsaka_frontend_la_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS)
src_sip_frontend_libimsaka_frontend_la_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_libimsaka_frontend_la_LIBADD = src/libimsaka/libimsaka.la \
	$(LIBSTRONGSWAN_LIBS) $(OPENSSL_LIBS)

# unit tests of the runtime: transport over 127.0.0.1 and ::1, framing,
# timers, option getters, control reply parsing
check_PROGRAMS += src/sip-frontend/common/tests/frontend_tests
TESTS += src/sip-frontend/common/tests/frontend_tests
src_sip_frontend_common_tests_frontend_tests_SOURCES = \
	src/sip-frontend/common/tests/frontend_tests.c \
	src/sip-frontend/common/tests/frontend_tests.h \
	src/sip-frontend/common/tests/check_runner.h \
	src/sip-frontend/common/tests/tls_psk_test_keys.h \
	src/sip-frontend/common/tests/test_sip_transport.c \
	src/sip-frontend/common/tests/test_sip_transport_filter.c \
	src/sip-frontend/common/tests/test_sip_tls_aka_filter.c \
	src/sip-frontend/common/tests/test_sip_ktls.c \
	src/sip-frontend/common/tests/test_sip_framing.c \
	src/sip-frontend/common/tests/test_sip_timers.c \
	src/sip-frontend/common/tests/test_frontend_conf.c \
	src/sip-frontend/common/tests/test_control_client.c \
	src/sip-frontend/common/tests/test_control_restart.c \
	src/sip-frontend/common/tests/control_restart_tests.h \
	src/sip-frontend/common/tests/fake_charon.h \
	src/sip-frontend/common/tests/fake_charon.c \
	src/sip-frontend/common/tests/transport_test.h \
	src/sip-frontend/common/tests/transport_test.c
src_sip_frontend_common_tests_frontend_tests_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/common
src_sip_frontend_common_tests_frontend_tests_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_common_tests_frontend_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_common_tests_frontend_tests_LDADD = \
	src/sip-frontend/libimsaka-frontend.la src/libimsaka/libimsaka.la \
	$(LIBSTRONGSWAN_LIBS) $(CHECK_LIBS) \
	$(OPENSSL_LIBS)
