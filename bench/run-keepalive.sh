#!/bin/bash
# NAT-keepalive CPU cost for 100,000 bindings at a 20 s interval, as percent
# of one core: the timing wheel (driven directly, with a counting and with a
# sendto() callback, and on lib->scheduler in real time) beside the naive
# design measured in the same run, one strongSwan scheduler job per binding.
#
# usage: bench/run-keepalive.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_BINDINGS        bindings (default 100000)
# IMSAKA_BENCH_SCHED_SECONDS   wall time of each scheduled run, the scheduled
#                              interval is scaled to it (default 20)
#
# Target: the wheel's own cost (wheel-scheduler, and wheel-sendto less the
# kernel's sendto-floor) under 2 % of one core. Exits 1 if missed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}

make -C "$build" -s bench/keepalive >/dev/null
out=$("$build/bench/keepalive" "${IMSAKA_BENCH_BINDINGS:-100000}" 20 \
	"${IMSAKA_BENCH_SCHED_SECONDS:-20}")
echo "$out"

get() { echo "$out" | sed -n "s|^$1: ||p"; }
wheel=$(get 'wheel-scheduler %core')
naive=$(get 'naive-scheduler %core')
io=$(awk "BEGIN { print $(get 'wheel-sendto %core') - $(get 'sendto-floor %core') }")
awk "BEGIN { printf \"ratio naive/wheel-scheduler: %.1f\n\", $naive / $wheel }"
echo "wheel-sendto less sendto-floor %core: $io"

status=0
for check in "wheel-scheduler < 2 %:$wheel < 2" \
		"wheel-sendto less sendto-floor < 2 %:$io < 2" \
		"wheel-count < 2 %:$(get 'wheel-count %core') < 2"; do
	what=${check%%:*}
	if awk "BEGIN { exit !(${check#*:}) }"; then
		echo "target $what: met"
	else
		echo "target $what: MISSED"
		status=1
	fi
done
exit $status
