#!/bin/bash
# SA sets installed and removed per second under kernel-netlink (XFRM):
# boots the kernel-netlink lane's qemu guest (testing/lib/guest.sh, Debian's
# own kernel with ESP, the host's root read-only under a throwaway tmpfs
# overlay) and runs bench/run-sa-set.sh inside it with
# IMSAKA_BENCH_BACKEND=netlink: charon + plugin beside the anchor
# bench/xfrm_batch at each K. Under TCG only the ratios mean something.
# See docs/BENCH-SA-SET.md.
#
# usage: bench/run-sa-set-guest.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR
#        or build/; needs root, `make bench` for bench/xfrm_batch)
# IMSAKA_BENCH_SETS     list of K (default "1000 50000")
# IMSAKA_BENCH_BATCH, IMSAKA_BENCH_ROUTES, IMSAKA_BENCH_DEBUG,
# IMSAKA_BENCH_KEEP     passed to bench/run-sa-set.sh
# IMSAKA_BENCH_PERF     set: perf profile of charon per K, reported with
#                       perf report in the guest (output in the results)
# IMSAKA_QEMU_MEM       guest MiB (default here 4096: 50,000 sets are
#                       200,000 SAs with their crypto transforms)
# IMSAKA_BENCH_GUEST_SECONDS  guest time limit (default 3600)
# IMSAKA_QEMU_RESULTS   results folder (default testing/results); the run
#                       goes to sa-set-<timestamp>/ (batch.sh, out, console.log)
# and the lane's IMSAKA_QEMU_* variables (docs/TESTING-QEMU.md).
#
# Prints the guest's output as it comes; exits with bench/run-sa-set.sh's
# status (1: a target missed), 2 if the guest could not run it.
set -u

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
build=$(cd "$build" 2>/dev/null && pwd || echo "$build")
limit=${IMSAKA_BENCH_GUEST_SECONDS:-3600}
export IMSAKA_QEMU_MEM=${IMSAKA_QEMU_MEM:-4096}
export IMSAKA_QEMU_IDLE_SECONDS=${IMSAKA_QEMU_IDLE_SECONDS:-$limit}

. "$top/testing/lib/guest.sh"

if [ "$(id -u)" -ne 0 ]; then
	guest_log "must run as root (the guest shares the host's root read-only)"
	exit 2
fi
if ! guest_have_qemu; then
	guest_log "no $GUEST_QEMU: install qemu-system-x86 (scripts/install-deps.sh)"
	exit 2
fi
for f in "$build/bench/xfrm_batch" \
		"$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so"; do
	if [ ! -e "$f" ]; then
		guest_log "no $f: run scripts/build.sh and make -C $build bench"
		exit 2
	fi
done
if ! guest_prepare; then
	guest_log "preparing the guest (kernel, initramfs) failed"
	exit 2
fi

results=${IMSAKA_QEMU_RESULTS:-$top/testing/results}
io=$results/sa-set-$(date +%Y%m%d-%H%M%S)
mkdir -p "$io" || exit 2
guest_log "kernel $GUEST_RELEASE, ${IMSAKA_QEMU_MEM} MiB, results in $io"

perf_cmd=
if [ -n "${IMSAKA_BENCH_PERF:-}" ]; then
	perf_cmd="for f in /imsaka-io/perf-*; do
	[ -f \"\$f\" ] || continue
	echo \"=== perf report \$f (charon, self time, top 40)\"
	perf report -i \"\$f\" -g none --no-children --sort dso,symbol --stdio 2>/dev/null |
		grep -v '^#' | grep -v '^\$' | head -n 40
	echo \"=== perf report \$f (by dso)\"
	perf report -i \"\$f\" -g none --no-children --sort dso --stdio 2>/dev/null |
		grep -v '^#' | grep -v '^\$' | head -n 15
done"
fi
{
	echo "# written by bench/run-sa-set-guest.sh, run by the guest"
	echo "cd '$top' || exit 2"
	echo "echo \"guest: \$(uname -r), \$(nproc) CPUs, \$(free -m | awk '/^Mem/ { print \$2 }') MiB\""
	echo "export IMSAKA_BENCH_BACKEND=netlink"
	for v in IMSAKA_BENCH_SETS IMSAKA_BENCH_BATCH IMSAKA_BENCH_ROUTES \
			IMSAKA_BENCH_DEBUG IMSAKA_BENCH_KEEP; do
		[ -n "${!v:-}" ] && echo "export $v='${!v}'"
	done
	[ -n "${IMSAKA_BENCH_PERF:-}" ] && echo "export IMSAKA_BENCH_PERF=/imsaka-io/perf"
	echo "bash bench/run-sa-set.sh '$build'"
	echo "rc=\$?"
	echo "$perf_cmd"
	echo "exit \$rc"
} > "$io/batch.sh"

tail_pid=
finish()
{
	guest_kill
	[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
	tail_pid=
}
trap finish EXIT
trap 'trap - INT TERM; guest_log "interrupted"; finish; exit 130' INT TERM

: > "$io/out"
tail -n +1 -F "$io/out" 2>/dev/null &
tail_pid=$!
guest_run "$io" "$io/batch.sh" "$limit"
sleep 0.3
finish
guest_log "guest ran ${GUEST_SECONDS} s (boot to power-off), bench exit $GUEST_RC"
case $GUEST_RC in
0|1)	exit "$GUEST_RC" ;;
*)	exit 2 ;;
esac
