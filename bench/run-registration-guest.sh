#!/bin/bash
# Full registrations per second through imsaka-pcscf with charon's
# kernel-netlink backend (XFRM), beside the same run's charon stand-in,
# imsaka-scscf alone and Kamailio: bench/run-registration.sh with
# IMSAKA_BENCH_BACKEND=kernel-netlink inside the kernel-netlink lane's qemu
# guest (bench/in-guest.sh). Under TCG only the ratios mean something:
# pcscf-charon / pcscf-fake is the share of the SA sets, pcscf-fake / scscf
# the P-CSCF's own. See docs/BENCH-REGISTRATION.md.
#
# usage: bench/run-registration-guest.sh [BUILD-DIR] (default
#        $IMSAKA_BUILD_DIR or build/; needs root and `make bench`)
# Defaults here (the guest is slower than the host): IMSAKA_BENCH_UES
# "1000 10000", IMSAKA_BENCH_STORM 0, IMSAKA_BENCH_SECONDS 300; every
# other IMSAKA_BENCH_* of bench/run-registration.sh is passed through.
# IMSAKA_QEMU_MEM (default 4096), IMSAKA_BENCH_GUEST_SECONDS (default 3600).
# Results in testing/results/registration-<timestamp>/; exits with
# bench/run-registration.sh's status, 2 if the guest could not run it.
set -u

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
if [ ! -x "$build/bench/bench_reg_load" ]; then
	echo "run-registration-guest: no $build/bench/bench_reg_load: make -C $build bench" >&2
	exit 2
fi
export IMSAKA_BENCH_UES=${IMSAKA_BENCH_UES:-1000 10000}
export IMSAKA_BENCH_STORM=${IMSAKA_BENCH_STORM:-0}
export IMSAKA_BENCH_SECONDS=${IMSAKA_BENCH_SECONDS:-300}
exec "$top/bench/in-guest.sh" registration run-registration.sh "$build" \
	IMSAKA_BENCH_BACKEND=kernel-netlink IMSAKA_BENCH_GUEST=1
