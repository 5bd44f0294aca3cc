#!/bin/bash
# Runs one of the bench/ scripts inside the kernel-netlink lane's qemu guest
# (testing/lib/guest.sh: Debian's own kernel with ESP and XFRM, the host's
# root read-only under a throwaway tmpfs overlay), so that charon's
# kernel-netlink backend has a kernel to talk to. Under TCG only the ratios
# a script prints mean something. Used by bench/run-sa-set-guest.sh and
# bench/run-registration-guest.sh.
#
# usage: bench/in-guest.sh NAME SCRIPT BUILD-DIR [VAR=VALUE ...]
#   NAME     results go to $IMSAKA_QEMU_RESULTS/NAME-<timestamp>/ (batch.sh,
#            out, console.log; default results folder testing/results)
#   SCRIPT   a script in bench/, run as `bash bench/SCRIPT BUILD-DIR`
#   VAR=VALUE  exported in the guest before the script runs; every
#            IMSAKA_BENCH_* variable of the caller's environment is passed
#            too (VAR=VALUE wins)
# IMSAKA_BENCH_PERF     set: the script is given IMSAKA_BENCH_PERF=/imsaka-io/perf
#                       (a prefix for its perf data files); each perf-* file
#                       there is reported with perf report in the guest
# IMSAKA_QEMU_MEM       guest MiB (default here 4096)
# IMSAKA_BENCH_GUEST_SECONDS  guest time limit (default 3600)
# and the lane's IMSAKA_QEMU_* variables (docs/TESTING-QEMU.md).
#
# Prints the guest's output as it comes; exits with the script's status
# (0 or 1), 2 if the guest could not run it.
set -u

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
if [ $# -lt 3 ]; then
	echo "usage: $0 NAME SCRIPT BUILD-DIR [VAR=VALUE ...]" >&2
	exit 2
fi
name=$1 script=$2 build=$3
shift 3
build=$(cd "$build" 2>/dev/null && pwd || echo "$build")
limit=${IMSAKA_BENCH_GUEST_SECONDS:-3600}
export IMSAKA_QEMU_MEM=${IMSAKA_QEMU_MEM:-4096}
export IMSAKA_QEMU_IDLE_SECONDS=${IMSAKA_QEMU_IDLE_SECONDS:-$limit}

. "$top/testing/lib/guest.sh"

if [ "$(id -u)" -ne 0 ]; then
	guest_log "must run as root (the guest shares the host's root read-only)"
	exit 2
fi
if [ ! -f "$top/bench/$script" ]; then
	guest_log "no bench/$script"
	exit 2
fi
if ! guest_have_qemu; then
	guest_log "no $GUEST_QEMU: install qemu-system-x86 (scripts/install-deps.sh)"
	exit 2
fi
if [ ! -e "$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so" ]; then
	guest_log "no plugin in $build: run scripts/build.sh"
	exit 2
fi
for assignment in "$@"; do
	if ! [[ "$assignment" =~ ^[A-Z_][A-Z0-9_]*=[^\']*$ ]]; then
		guest_log "not VAR=VALUE (without quotes): $assignment"
		exit 2
	fi
done
if ! guest_prepare; then
	guest_log "preparing the guest (kernel, initramfs) failed"
	exit 2
fi

results=${IMSAKA_QEMU_RESULTS:-$top/testing/results}
io=$results/$name-$(date +%Y%m%d-%H%M%S)
mkdir -p "$io" || exit 2
guest_log "kernel $GUEST_RELEASE, ${IMSAKA_QEMU_MEM} MiB, results in $io"

{
	echo "# written by bench/in-guest.sh, run by the guest"
	echo "cd '$top' || exit 2"
	echo "echo \"guest: \$(uname -r), \$(nproc) CPUs, \$(free -m | awk '/^Mem/ { print \$2 }') MiB\""
	for v in $(compgen -e | grep '^IMSAKA_BENCH_'); do
		case $v in
		IMSAKA_BENCH_GUEST_SECONDS|IMSAKA_BENCH_PERF) continue ;;
		esac
		case ${!v} in
		*\'*)	guest_log "$v has a quote, not passed"; continue ;;
		esac
		echo "export $v='${!v}'"
	done
	for assignment in "$@"; do
		echo "export ${assignment%%=*}='${assignment#*=}'"
	done
	if [ -n "${IMSAKA_BENCH_PERF:-}" ]; then
		echo "export IMSAKA_BENCH_PERF=/imsaka-io/perf"
	fi
	echo "bash 'bench/$script' '$build'"
	echo "rc=\$?"
	if [ -n "${IMSAKA_BENCH_PERF:-}" ]; then
		cat <<-'PERF'
		for f in /imsaka-io/perf-*; do
			[ -f "$f" ] || continue
			echo "=== perf report $f (self time, top 40)"
			perf report -i "$f" -g none --no-children --sort dso,symbol --stdio 2>/dev/null |
				grep -v '^#' | grep -v '^$' | head -n 40
			echo "=== perf report $f (by dso)"
			perf report -i "$f" -g none --no-children --sort dso --stdio 2>/dev/null |
				grep -v '^#' | grep -v '^$' | head -n 15
		done
		PERF
	fi
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
# let tail print the last lines before it goes
sleep 0.3
finish
guest_log "guest ran ${GUEST_SECONDS} s (boot to power-off), $script exit $GUEST_RC"
case $GUEST_RC in
0|1)	exit "$GUEST_RC" ;;
*)	exit 2 ;;
esac
