# benchmarks: built with `make bench`, run with bench/run
# (bench/run-*.sh, each gets the build folder as $1)
CLEANFILES += $(EXTRA_PROGRAMS)
EXTRA_DIST += bench/run

# Milenage authentication vectors per second beside the single-block AES
# rate (bench/run-milenage.sh)
EXTRA_PROGRAMS = bench/milenage
bench_milenage_SOURCES = bench/milenage.c
bench_milenage_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_milenage_LDADD = src/libimsaka/libimsaka.la $(OPENSSL_LIBS)
EXTRA_DIST += bench/run-milenage.sh

# NAT-keepalive timing wheel against one scheduler job per binding
# (bench/run-keepalive.sh)
EXTRA_PROGRAMS += bench/keepalive
bench_keepalive_SOURCES = bench/keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_keepalive.c \
	src/libcharon-plugin-imsaka/imsaka_ticker.c
bench_keepalive_CFLAGS = $(AM_CFLAGS) $(STRONGSWAN_CFLAGS) \
	-I$(top_srcdir)/src/libcharon-plugin-imsaka
bench_keepalive_LDADD = $(STRONGSWAN_LIBS)
EXTRA_DIST += bench/run-keepalive.sh

# security agreement: parse+negotiate an SM1 Security-Client beside
# libosip2 parsing the REGISTER (bench/run-secagree.sh)
EXTRA_PROGRAMS += bench/secagree
bench_secagree_SOURCES = bench/secagree.c
bench_secagree_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS) $(OSIP_CFLAGS)
bench_secagree_LDADD = src/libimsaka/libimsaka.la $(OSIP_LIBS) \
	$(OPENSSL_LIBS)
EXTRA_DIST += bench/run-secagree.sh

# tls-aka record layer and connection setup against OpenSSL's TLS 1.3 in
# the same run (bench/run-tls-record.sh)
EXTRA_PROGRAMS += bench/tls_record
bench_tls_record_SOURCES = bench/bench_tls_record.c \
	src/libimsaka/tests/test_tls_peer.c src/libimsaka/tests/test_tls_peer.h
bench_tls_record_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_tls_record_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/libimsaka/tests
bench_tls_record_LDADD = src/libimsaka/libimsaka.la $(OPENSSL_LIBS)
EXTRA_DIST += bench/run-tls-record.sh

# registrations per second through imsaka-pcscf, beside imsaka-scscf alone
# and Kamailio, measured in the same run (bench/run-registration.sh)
EXTRA_PROGRAMS += bench/bench_reg_load bench/bench_reg_fake_charon
bench_bench_reg_load_SOURCES = bench/bench_reg_load.c \
	bench/bench_reg_engine.c bench/bench_reg_engine.h \
	bench/bench_reg_transport.c bench/bench_reg_transport.h \
	bench/bench_reg_storm.c bench/bench_reg_storm.h \
	bench/bench_reg_soak.c bench/bench_reg_soak.h \
	bench/bench_reg_failover.c bench/bench_reg_failover.h \
	bench/bench_reg_message.c bench/bench_reg_message.h \
	bench/bench_reg_identity.c bench/bench_reg_identity.h \
	bench/bench_reg_ue.c bench/bench_reg_ue.h \
	bench/bench_reg_sip.c bench/bench_reg_sip.h \
	bench/bench_reg_fleet.c bench/bench_reg_fleet.h
bench_bench_reg_load_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_bench_reg_load_LDADD = src/libimsaka/libimsaka.la $(OPENSSL_LIBS) -lm
bench_bench_reg_fake_charon_SOURCES = bench/bench_reg_fake_charon.c
EXTRA_DIST += bench/run-registration.sh
EXTRA_DIST += bench/run-soak.sh

# P-CSCF units as a fleet behind Kamailio's dispatcher: coupling, failover
# of a unit, isolation (bench/run-fleet.sh, docs/BENCH-FLEET.md)
EXTRA_DIST += bench/run-fleet.sh bench/fleet-topology.sh

# tls-psk handshakes and memory per P-CSCF connection against OpenSSL's own
# PSK handshakes in the same run (bench/run-tls-psk.sh)
EXTRA_PROGRAMS += bench/tls_psk
bench_tls_psk_SOURCES = bench/bench_tls_psk.c \
	src/sip-frontend/pcscf/pcscf_tls_psk.c src/sip-frontend/ue/ue_tls_psk.c
bench_tls_psk_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/pcscf -I$(top_srcdir)/src/sip-frontend/ue
bench_tls_psk_CFLAGS = $(AM_CFLAGS) $(STRONGSWAN_CFLAGS) $(OPENSSL_CFLAGS)
bench_tls_psk_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
bench_tls_psk_LDADD = $(LIBSTRONGSWAN_LIBS) $(OPENSSL_LIBS)
EXTRA_DIST += bench/run-tls-psk.sh

# the kernel's own cost of an SA set over NETLINK_XFRM (libmnl), the anchor
# of bench/run-sa-set.sh under kernel-netlink in the qemu guest
# (bench/run-sa-set-guest.sh)
EXTRA_PROGRAMS += bench/xfrm_batch
bench_xfrm_batch_SOURCES = bench/xfrm_batch.c
bench_xfrm_batch_LDADD = -lmnl
EXTRA_DIST += bench/run-sa-set.sh bench/sa_set_client.py \
	bench/run-sa-set-guest.sh bench/in-guest.sh \
	bench/run-registration-guest.sh

.PHONY: bench
bench: $(EXTRA_PROGRAMS)

# G4: registrations alternating between two imsaka-scscf instances sharing
# PostgreSQL, a card model per subscriber: sync failures, database writes
# per vector, beside the file store (bench/run-sqn-fleet.sh)
EXTRA_PROGRAMS += bench/bench_sqn_fleet
bench_bench_sqn_fleet_SOURCES = bench/bench_sqn_fleet.c \
	src/sip-frontend/scscf/tests/scscf_test_authorization.c
bench_bench_sqn_fleet_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/scscf/tests
bench_bench_sqn_fleet_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_bench_sqn_fleet_LDADD = src/libimsaka/libimsaka.la $(OPENSSL_LIBS)
EXTRA_DIST += bench/run-sqn-fleet.sh
