#!/bin/bash
# The kernel-netlink lane: runs test scenarios (default: the netlink suite)
# with the same runner, testing/do-tests, inside a qemu guest that boots
# Debian's own kernel, so charon's kernel-netlink backend and real kernel
# ESP/XFRM are exercised (the host kernel here has no ESP). See
# docs/TESTING-QEMU.md.
#
# usage: scripts/qemu-lane.sh [-v] [-p] [suite | suite/scenario ...]
#   no argument   every suite marked for this lane (testing/tests/<suite>/lane
#                 holds "qemu"): the netlink suite
#   -v   verbose runner (show the output of failing evaluations)
#   -p   one guest per scenario (default: one guest for all of them)
#
# environment:
#   IMSAKA_BUILD_DIR        build folder with the plugin and imsakactl
#                           (default build)
#   IMSAKA_SKIP_QEMU_LANE   1: do not fail when qemu-system-x86_64 is missing
#   IMSAKA_QEMU_RESULTS     results folder (default testing/results)
#   IMSAKA_QEMU_SCENARIO_SECONDS  guest time per scenario (default 300)
#   IMSAKA_QEMU_JOBS        scenarios at a time in the guest (default 2:
#                           the runner's -j; most of a scenario's time is
#                           waiting, and the guest has two CPUs)
#   IMSAKA_QEMU, IMSAKA_QEMU_CACHE, IMSAKA_QEMU_ACCEL, IMSAKA_QEMU_CPU,
#   IMSAKA_QEMU_SMP, IMSAKA_QEMU_MEM, IMSAKA_QEMU_IDLE_SECONDS
#                           see testing/lib/guest.sh
#
# Prints the runner's PASS/FAIL lines as the guest runs them, a FAIL line
# for every scenario a hung or crashed guest did not finish, and at the end
# one line "N passed, N failed" (scenarios); exits 1 if any failed, 2 on a
# usage or setup error.

set -u

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
build=${IMSAKA_BUILD_DIR:-$top/build}
build=$(cd "$build" 2>/dev/null && pwd || echo "$build")
plugin=$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so
ctl=$build/src/sip-frontend/imsakactl/imsakactl
per_scenario=
verbose=
per_seconds=${IMSAKA_QEMU_SCENARIO_SECONDS:-300}
jobs=${IMSAKA_QEMU_JOBS:-2}

. "$top/testing/lib/guest.sh"
. "$top/testing/lib/ladder.sh"

while getopts "vph" opt; do
	case $opt in
	v)	verbose=-v ;;
	p)	per_scenario=1 ;;
	*)	sed -n '2,/^$/s/^# \?//p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
	# every suite marked for this lane (tests/<suite>/lane holds "qemu")
	for f in "$top"/testing/tests/*/lane; do
		[ "$(cat "$f" 2>/dev/null)" = qemu ] && set -- "$@" "$(basename "$(dirname "$f")")"
	done
fi

if ! guest_have_qemu; then
	echo "******************************************************************"
	echo "qemu-lane: $GUEST_QEMU NOT FOUND: the kernel-netlink lane cannot run"
	echo "qemu-lane: install qemu-system-x86 (scripts/install-deps.sh)"
	echo "******************************************************************"
	if [ "${IMSAKA_SKIP_QEMU_LANE:-}" = 1 ]; then
		echo "qemu-lane: skipped (IMSAKA_SKIP_QEMU_LANE=1)"
		echo "0 passed, 0 failed"
		exit 0
	fi
	echo "0 passed, 1 failed"
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	guest_log "must run as root (the guest shares the host's root read-only)"
	exit 2
fi
for f in "$plugin" "$ctl"; do
	if [ ! -e "$f" ]; then
		guest_log "no $f: run scripts/build.sh first"
		exit 2
	fi
done

# the scenarios, resolved as do-tests does
scenarios=()
for arg in "$@"; do
	arg=${arg%/}
	arg=${arg#tests/}
	arg=${arg#testing/tests/}
	if [ -f "$top/testing/tests/$arg/test.conf" ]; then
		scenarios+=("$arg")
	elif [ -d "$top/testing/tests/$arg" ]; then
		mapfile -t -O ${#scenarios[@]} scenarios < <(cd "$top/testing/tests" &&
			find "$arg" -name test.conf -printf '%h\n' | sort)
	else
		guest_log "no scenario or suite '$arg'"
		exit 2
	fi
done
if [ ${#scenarios[@]} -eq 0 ]; then
	guest_log "no scenarios in $*"
	exit 2
fi

lane_start=$(date +%s)
if ! guest_prepare; then
	guest_log "preparing the guest (kernel, initramfs) failed"
	echo "0 passed, 1 failed"
	exit 1
fi
prep_seconds=$(($(date +%s) - lane_start))
guest_log "kernel $GUEST_RELEASE ($GUEST_VMLINUZ), prepared in ${prep_seconds} s"

results=${IMSAKA_QEMU_RESULTS:-$top/testing/results}
run_dir=$results/qemu-$(date +%Y%m%d-%H%M%S)
mkdir -p "$run_dir" || exit 2
ln -sfn "$(basename "$run_dir")" "$results/qemu-latest"
guest_log "results in $run_dir"

tail_pid=
lane_cleanup()
{
	guest_kill
	[ -n "$tail_pid" ] && kill "$tail_pid" 2>/dev/null
	tail_pid=
}
trap lane_cleanup EXIT
trap 'trap - INT TERM; echo; guest_log "interrupted"; lane_cleanup; exit 130' INT TERM

passed=0
failed=0

# the ladders of the guest's registration scenarios in the share $1,
# drawn on the host from what the guest left (testing/lib/ladder.sh); a
# ladder not drawn is said, never a failure
draw_ladders()
{
	local d run
	for run in "$1"/results/*; do
		# the runner's "latest" link names a run already seen
		[ -d "$run" ] && [ ! -L "$run" ] || continue
		for d in "$run"/*/*/; do
			d=${d%/}
			[ -f "$d/ladder.hosts" ] || continue
			IMSAKACTL=$ctl tb_ladder_render "$d" "${d#"$run"/}" ||
				guest_log "ladder of $d not drawn, see $d/ladder.log"
		done
	done
}

# run the scenarios "$@" in one guest, in the share $1
run_batch()
{
	local io=$1 s line limit
	shift
	mkdir -p "$io"
	limit=$((60 + per_seconds * $#))
	{
		echo "# written by scripts/qemu-lane.sh, run by the guest"
		echo "cd '$top' || exit 2"
		echo "export IMSAKA_PLUGIN='$plugin' IMSAKACTL='$ctl'"
		# the frontends (testing/scripts/frontend) and test programs
		echo "export IMSAKA_BUILD_DIR='$build'"
		echo "export IMSAKA_TB_RESULTS=/imsaka-io/results"
		# helpers of the netlink scenarios (xfrm-spi), on the PATH of
		# every .dat command
		echo "export PATH='$top/testing/qemu/scripts':\$PATH"
		echo "export IMSAKA_TB_TIMEOUT=${IMSAKA_TB_TIMEOUT:-60}"
		# suites marked tests/<suite>/lane = qemu belong to this lane
		echo "export IMSAKA_TB_LANE=qemu"
		# ladders: captures and keys in the guest, drawn here after it
		echo "export TB_LADDER_DEFER=1"
		echo "exec testing/do-tests $verbose -j $jobs $*"
	} > "$io/batch.sh"
	: > "$io/out"
	tail -n +1 -F "$io/out" 2>/dev/null &
	tail_pid=$!
	guest_run "$io" "$io/batch.sh" "$limit"
	sleep 0.3
	kill "$tail_pid" 2>/dev/null
	wait "$tail_pid" 2>/dev/null
	tail_pid=
	guest_log "guest ran ${GUEST_SECONDS} s (boot to power-off), runner exit $GUEST_RC"
	draw_ladders "$io"
	for s in "$@"; do
		line=$(grep -E "^  $s: (PASS|FAIL)" "$io/out" | tail -n 1)
		case "$line" in
		*": PASS"*) passed=$((passed + 1)) ;;
		*": FAIL"*) failed=$((failed + 1)) ;;
		*)	failed=$((failed + 1))
			echo "  $s: FAIL (no result: the guest hung or crashed, see $io/console.log)"
			;;
		esac
	done
}

if [ -n "$per_scenario" ]; then
	for s in "${scenarios[@]}"; do
		run_batch "$run_dir/${s//\//_}" "$s"
	done
else
	run_batch "$run_dir/guest" "${scenarios[@]}"
fi

guest_log "lane took $(($(date +%s) - lane_start)) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
