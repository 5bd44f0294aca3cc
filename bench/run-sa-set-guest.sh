#!/bin/bash
# SA sets installed and removed per second under kernel-netlink (XFRM):
# bench/run-sa-set.sh with IMSAKA_BENCH_BACKEND=netlink inside the
# kernel-netlink lane's qemu guest (bench/in-guest.sh): charon + plugin
# beside the anchor bench/xfrm_batch at each K. Under TCG only the ratios
# mean something. See docs/BENCH-SA-SET.md.
#
# usage: bench/run-sa-set-guest.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR
#        or build/; needs root, `make bench` for bench/xfrm_batch)
# IMSAKA_BENCH_SETS     list of K (default "1000 50000")
# IMSAKA_BENCH_BATCH, IMSAKA_BENCH_ROUTES, IMSAKA_BENCH_DEBUG,
# IMSAKA_BENCH_KEEP     passed to bench/run-sa-set.sh
# IMSAKA_BENCH_PERF     set: perf profile of charon per K, reported with
#                       perf report in the guest (output in the results)
# IMSAKA_QEMU_MEM       guest MiB (default 4096: 50,000 sets are 200,000
#                       SAs with their crypto transforms)
# IMSAKA_BENCH_GUEST_SECONDS  guest time limit (default 3600)
# Results in testing/results/sa-set-<timestamp>/; exits with
# bench/run-sa-set.sh's status (1: a target missed), 2 if the guest could
# not run it.
set -u

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
if [ ! -x "$build/bench/xfrm_batch" ]; then
	echo "run-sa-set-guest: no $build/bench/xfrm_batch: make -C $build bench" >&2
	exit 2
fi
exec "$top/bench/in-guest.sh" sa-set run-sa-set.sh "$build" \
	IMSAKA_BENCH_BACKEND=netlink
