# registrations per second through imsaka-pcscf, beside imsaka-scscf alone
# and Kamailio, measured in the same run (bench/run-registration.sh)
EXTRA_PROGRAMS += bench/bench_reg_load bench/bench_reg_fake_charon
bench_bench_reg_load_SOURCES = bench/bench_reg_load.c \
	bench/bench_reg_ue.c bench/bench_reg_ue.h \
	bench/bench_reg_sip.c bench/bench_reg_sip.h
bench_bench_reg_load_CFLAGS = $(AM_CFLAGS) $(OPENSSL_CFLAGS)
bench_bench_reg_load_LDADD = src/libimsaka/libimsaka.la $(OPENSSL_LIBS)
bench_bench_reg_fake_charon_SOURCES = bench/bench_reg_fake_charon.c
EXTRA_DIST += bench/run-registration.sh

bench: bench/bench_reg_load bench/bench_reg_fake_charon
