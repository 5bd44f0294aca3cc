# imsaka-scscf: the test S-CSCF / registrar (docs/SCSCF.md); its logic is a
# convenience library so the unit tests link the same objects
noinst_LTLIBRARIES += src/sip-frontend/scscf/libscscf.la
src_sip_frontend_scscf_libscscf_la_SOURCES = \
	src/sip-frontend/scscf/scscf_config.h \
	src/sip-frontend/scscf/scscf_config.c \
	src/sip-frontend/scscf/scscf_impu.h \
	src/sip-frontend/scscf/scscf_impu.c \
	src/sip-frontend/scscf/scscf_subscribers.h \
	src/sip-frontend/scscf/scscf_subscribers.c \
	src/sip-frontend/scscf/scscf_sqn_state.h \
	src/sip-frontend/scscf/scscf_sqn_state.c \
	src/sip-frontend/scscf/scscf_challenges.h \
	src/sip-frontend/scscf/scscf_challenges.c \
	src/sip-frontend/scscf/scscf_aka.h \
	src/sip-frontend/scscf/scscf_aka.c \
	src/sip-frontend/scscf/scscf_authorization.h \
	src/sip-frontend/scscf/scscf_authorization.c \
	src/sip-frontend/scscf/scscf_reply.h \
	src/sip-frontend/scscf/scscf_reply.c \
	src/sip-frontend/scscf/scscf_register.h \
	src/sip-frontend/scscf/scscf_register.c \
	src/sip-frontend/scscf/scscf_registrar.h \
	src/sip-frontend/scscf/scscf_registrar.c \
	src/sip-frontend/scscf/scscf_store.h
src_sip_frontend_scscf_libscscf_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/common \
	-I$(top_srcdir)/src/sip-frontend/sip
src_sip_frontend_scscf_libscscf_la_CFLAGS = $(AM_CFLAGS) \
	$(STRONGSWAN_CFLAGS) $(OSIP_CFLAGS) $(OPENSSL_CFLAGS)

# the PostgreSQL store (store = postgresql) on its own, so only what uses it
# links libpq; libtool hands libpq on to the programs linking it
noinst_LTLIBRARIES += src/sip-frontend/scscf/libscscf-pg.la
src_sip_frontend_scscf_libscscf_pg_la_SOURCES = \
	src/sip-frontend/scscf/scscf_database.h \
	src/sip-frontend/scscf/scscf_database.c \
	src/sip-frontend/scscf/scscf_pg_store.h \
	src/sip-frontend/scscf/scscf_pg_store.c
src_sip_frontend_scscf_libscscf_pg_la_CPPFLAGS = \
	$(src_sip_frontend_scscf_libscscf_la_CPPFLAGS)
src_sip_frontend_scscf_libscscf_pg_la_CFLAGS = \
	$(src_sip_frontend_scscf_libscscf_la_CFLAGS) $(PQ_CFLAGS)
src_sip_frontend_scscf_libscscf_pg_la_LIBADD = $(PQ_LIBS)

sbin_PROGRAMS += src/sip-frontend/scscf/imsaka-scscf
src_sip_frontend_scscf_imsaka_scscf_SOURCES = \
	src/sip-frontend/scscf/scscf.c
src_sip_frontend_scscf_imsaka_scscf_CPPFLAGS = \
	$(src_sip_frontend_scscf_libscscf_la_CPPFLAGS) \
	-DIMSAKA_SYSCONFDIR=\"$(sysconfdir)\"
src_sip_frontend_scscf_imsaka_scscf_CFLAGS = \
	$(src_sip_frontend_scscf_libscscf_la_CFLAGS)
src_sip_frontend_scscf_imsaka_scscf_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_scscf_imsaka_scscf_LDADD = \
	src/sip-frontend/scscf/libscscf-pg.la \
	src/sip-frontend/scscf/libscscf.la \
	src/sip-frontend/libimsaka-frontend.la \
	src/sip-frontend/libimsaka-sip.la src/libimsaka/libimsaka.la \
	$(LIBSTRONGSWAN_LIBS) $(OSIP_LIBS) $(OPENSSL_LIBS)

dist_frontendconf_DATA += conf/imsaka-scscf.conf \
	conf/imsaka-scscf-subscribers.conf
# the schema of the PostgreSQL store: /usr/share/imsaka/imsaka-scscf.sql
dist_pkgdata_DATA = conf/imsaka-scscf.sql
dist_doc_DATA += docs/SCSCF.md

# unit tests of the registrar logic (challenge, response computed in the
# test from TS 35.207 set 1, wrong response, resync, de-register, bounded
# pending table) and a SIPp run against the program (AKAv1-MD5, and a wrong
# K that must get 403): SIPp is the independent implementation
check_PROGRAMS += src/sip-frontend/scscf/tests/scscf_tests
TESTS += src/sip-frontend/scscf/tests/scscf_tests \
	src/sip-frontend/scscf/tests/test_scscf_sipp.sh
EXTRA_DIST += src/sip-frontend/scscf/tests/test_scscf_sipp.sh \
	src/sip-frontend/scscf/tests/sipp_register_aka.xml
src_sip_frontend_scscf_tests_scscf_tests_SOURCES = \
	src/sip-frontend/scscf/tests/scscf_tests.c \
	src/sip-frontend/scscf/tests/scscf_tests.h \
	src/sip-frontend/scscf/tests/test_scscf_subscribers.c \
	src/sip-frontend/scscf/tests/test_scscf_registrar.c \
	src/sip-frontend/scscf/tests/scscf_test_authorization.c \
	src/sip-frontend/scscf/tests/scscf_test_authorization.h
src_sip_frontend_scscf_tests_scscf_tests_CPPFLAGS = \
	$(src_sip_frontend_scscf_libscscf_la_CPPFLAGS) \
	-I$(top_srcdir)/src/sip-frontend/scscf \
	-DIMSAKA_SRCDIR=\"$(abs_top_srcdir)\"
src_sip_frontend_scscf_tests_scscf_tests_CFLAGS = \
	$(src_sip_frontend_scscf_libscscf_la_CFLAGS) $(CHECK_CFLAGS)
src_sip_frontend_scscf_tests_scscf_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_scscf_tests_scscf_tests_LDADD = \
	src/sip-frontend/scscf/libscscf.la \
	src/sip-frontend/libimsaka-frontend.la \
	src/sip-frontend/libimsaka-sip.la src/libimsaka/libimsaka.la \
	$(LIBSTRONGSWAN_LIBS) $(OSIP_LIBS) $(CHECK_LIBS) $(OPENSSL_LIBS)
# lookups at the largest sizes: pending challenges, subscribers
src_sip_frontend_scscf_tests_scscf_tests_SOURCES += \
	src/sip-frontend/scscf/tests/test_scscf_tables.c

# the PostgreSQL store against a real, private PostgreSQL
# (testing/scripts/postgres): two registrar instances with IND 0 and 1,
# alternating vectors at a TS 33.102 card model, the shared resync floor and
# bindings, the database down; the script always removes the cluster
check_PROGRAMS += src/sip-frontend/scscf/tests/scscf_pg_tests
TESTS += src/sip-frontend/scscf/tests/test_scscf_pg.sh
EXTRA_DIST += src/sip-frontend/scscf/tests/test_scscf_pg.sh \
	testing/scripts/postgres
src_sip_frontend_scscf_tests_scscf_pg_tests_SOURCES = \
	src/sip-frontend/scscf/tests/test_scscf_pg.c \
	src/sip-frontend/scscf/tests/scscf_test_authorization.c \
	src/sip-frontend/scscf/tests/scscf_test_authorization.h
src_sip_frontend_scscf_tests_scscf_pg_tests_CPPFLAGS = \
	$(src_sip_frontend_scscf_tests_scscf_tests_CPPFLAGS)
src_sip_frontend_scscf_tests_scscf_pg_tests_CFLAGS = \
	$(src_sip_frontend_scscf_tests_scscf_tests_CFLAGS) $(PQ_CFLAGS)
src_sip_frontend_scscf_tests_scscf_pg_tests_LDFLAGS = $(LIBSTRONGSWAN_RPATH)
src_sip_frontend_scscf_tests_scscf_pg_tests_LDADD = \
	src/sip-frontend/scscf/libscscf-pg.la \
	$(src_sip_frontend_scscf_tests_scscf_tests_LDADD) $(PQ_LIBS)
