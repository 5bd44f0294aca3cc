#!/bin/bash
# Soak: N UEs (default 10,000) re-registering every PERIOD s (default 60)
# for SECONDS (default 600) through imsaka-pcscf and charon, with the
# frontends (imsaka-pcscf, imsaka-scscf) built with AddressSanitizer and
# LeakSanitizer and charon's and imsaka-pcscf's VmRSS sampled every 30 s
# (docs/BENCH-SOAK.md).
#
# The setup is that of bench/run-registration.sh: one private network
# namespace with a private charon (Debian's, with the built plugin and
# kernel-netlink or kernel-libipsec, testing/scripts/private-charon), UEs
# on $ue_net and an
# emulated NAT on $nat_net as local addresses on lo, imsaka-scscf with
# the UEs as subscribers, imsaka-pcscf, and the load generator
# (bench/bench_reg_load in soak mode, -E/-D). Every UE registers (SM1 from
# the NAT's address, the P-CSCF's charon installs and promotes the SA
# set), asking Expires 2 * PERIOD, and re-registers PERIOD after each 200
# (TS 24.229 5.1.1.4: at half the expiry): a protected re-REGISTER from
# the set in force offering the UE's next set (three rotate: charon keeps
# the old one until it expires, as no ESP arrives), challenged by the
# S-CSCF, the new set installed in the same context and promoted, the one
# in force becoming the old one (TS 33.203 7.4). SM7..SM12 travel in
# plaintext from the UE's protected address and port_c (no ESP: the data
# plane is not soaked).
#
# Warm-up: the first two re-registration rounds, 2 x PERIOD s after the
# last UE's first 200: the first gives every UE its old set (sets are
# added, none removed), the second is the first of the steady state (per
# UE one set made, one removed). RSS growth = (last sample - first sample
# after the warm-up) / that sample. At the end the frontends get SIGTERM, so that LeakSanitizer
# reports at their exit (ASAN_OPTIONS log_path in the run's folder); the
# leaks counted are the objects of its "Direct leak" and "Indirect leak"
# records. Failed registrations are the generator's failed attempts (no
# answer after 5 tries, a refusal, a wrong answer). charon's SA sets and
# contexts (imsakactl call -- stats) at the end must be N current sets
# and N contexts, no temporary ones.
#
# usage: bench/run-soak.sh [BUILD-DIR [ASAN-BUILD-DIR]]
#   BUILD-DIR       the plugin charon loads, the load generator and
#                   imsakactl (default $IMSAKA_BUILD_DIR or build/); built
#                   without sanitizers: Debian's charon is not
#   ASAN-BUILD-DIR  imsaka-pcscf and imsaka-scscf, built with
#                   -fsanitize=address (default $IMSAKA_SOAK_ASAN_DIR):
#     IMSAKA_SKIP_DEPS=1 IMSAKA_BUILD_DIR=<dir> CFLAGS="-O1 -g
#     -fsanitize=address -fno-omit-frame-pointer" LDFLAGS=-fsanitize=address
#     scripts/build.sh
# IMSAKA_SOAK_UES       UEs (default 10000, at most 128000)
# IMSAKA_SOAK_SECONDS   soak time after every UE registered (default 600)
# IMSAKA_SOAK_EXPIRES   re-registration period, s (default 60, at least 30:
#                       imsaka-scscf's min_expires is 60)
# IMSAKA_SOAK_BACKEND   charon's kernel backend: kernel-libipsec (default;
#                       its SA lists bound the UEs it sustains,
#                       docs/BENCH-SOAK.md) or kernel-netlink (the
#                       namespace's XFRM, where the kernel has ESP, e.g.
#                       the qemu guest: lo without policy checks, as the
#                       load generator sends no ESP)
# IMSAKA_SOAK_WINDOW    registrations outstanding at most (default 32)
# IMSAKA_SOAK_QUARANTINE  ASan's quarantine of freed memory, MiB (default
#                       16; ASan's own default of 256 fills during the soak
#                       and reads as RSS growth)
# IMSAKA_SOAK_PRELOAD   a shared object preloaded into both frontends
#                       (after libasan): the check of the leak count
# IMSAKA_SOAK_LOGLEVEL  imsaka-pcscf's log level (default 0)
# IMSAKA_SOAK_CHARON_LOGLEVEL  charon's (default 0)
# IMSAKA_SOAK_CHARON_ARENAS  MALLOC_ARENA_MAX for charon (default: unset,
#                       glibc's: up to 8 per core); 1 tells growth of its
#                       per-thread arenas from growth of its live memory
# IMSAKA_SOAK_KEEP      a folder: the run's logs are copied there
#
# Targets: RSS growth < 2 % after the warm-up (charon and imsaka-pcscf),
# 0 leaks, 0 failed registrations (and N current SA sets at the end).
# Exits 1 if one is missed, 2 if it cannot run.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
asan=${2:-${IMSAKA_SOAK_ASAN_DIR:-}}
n=${IMSAKA_SOAK_UES:-10000}
seconds=${IMSAKA_SOAK_SECONDS:-600}
period=${IMSAKA_SOAK_EXPIRES:-60}
window=${IMSAKA_SOAK_WINDOW:-32}
backend=${IMSAKA_SOAK_BACKEND:-kernel-libipsec}
quarantine=${IMSAKA_SOAK_QUARANTINE:-16}
preload=${IMSAKA_SOAK_PRELOAD:-}
sample=30
target_growth=2
charon=/usr/lib/ipsec/charon
so=$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so
load=$build/bench/bench_reg_load
imsakactl=$build/src/sip-frontend/imsakactl/imsakactl
pcscf=$asan/src/sip-frontend/pcscf/imsaka-pcscf
scscf=$asan/src/sip-frontend/scscf/imsaka-scscf
. "$top/bench/reg-namespace.sh"

cannot() { echo "run-soak: $*" >&2; exit 2; }

[ "$(id -u)" = 0 ] && [ -x "$charon" ] || cannot "needs root and $charon"
[ -n "$asan" ] || cannot "no ASan build folder (argument 2 or IMSAKA_SOAK_ASAN_DIR)"
for f in "$so" "$load" "$imsakactl" "$pcscf" "$scscf"; do
	[ -e "$f" ] || cannot "no $f: build first (make bench; the ASan build)"
done
for f in "$pcscf" "$scscf"; do
	ldd "$f" 2>/dev/null | grep -q libasan ||
		cannot "$f is not built with -fsanitize=address"
done
! ldd "$so" 2>/dev/null | grep -q libasan ||
	cannot "$so is built with ASan: charon is not, it cannot load it"
libasan=$(ldd "$pcscf" | awk '/libasan/ { print $3 }')
for v in "$n" "$seconds" "$period" "$window" "$quarantine"; do
	[ "$v" -gt 0 ] 2>/dev/null || cannot "knob value $v is not a positive number"
done
[ "$n" -le 128000 ] || cannot "IMSAKA_SOAK_UES at most 128000 (the address plan's /15)"
[ "$period" -ge 30 ] || cannot "IMSAKA_SOAK_EXPIRES at least 30 (Expires 2 x that >= min_expires 60)"
[ -z "$preload" ] || [ -f "$preload" ] || cannot "no $preload"
case "$backend" in
kernel-libipsec) backend_load="kernel-libipsec kernel-netlink" ;;
kernel-netlink) backend_load=kernel-netlink ;;
*) cannot "IMSAKA_SOAK_BACKEND is kernel-netlink or kernel-libipsec" ;;
esac

bench_init imsaka-soak "${IMSAKA_SOAK_KEEP:-}"

# start a frontend under ASan in the namespace (not disowned: its exit
# status is read after SIGTERM); its pid in $bgpid
asan_bg()
{
	local name=$1
	shift
	ASAN_OPTIONS="log_path=$tmp/asan-$name:detect_leaks=1:exitcode=23:quarantine_size_mb=$quarantine${preload:+:verify_asan_link_order=0}" \
		LD_PRELOAD="${preload:+$libasan $preload}" \
		nsenter -t "$nspid" -m -n "$@" > "$tmp/$name.log" 2>&1 < /dev/null &
	bgpid=$!
	pids+=("$bgpid")
}
# SIGTERM a frontend and wait (up to 300 s: imsaka-pcscf deletes every
# context first, LeakSanitizer then scans); its exit status in $term_rc,
# "killed" if it had to be killed (not in a subshell: wait needs the
# child)
term()
{
	local p=$1
	kill -TERM "$p" 2>/dev/null
	for _ in $(seq 3000); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$p" 2>/dev/null; then
		kill -9 "$p" 2>/dev/null
		wait "$p" 2>/dev/null
		term_rc=killed
		return
	fi
	wait "$p"
	term_rc=$?
}

# charon: the backend, room for every UE's context
"$load" -g "$tmp/subscribers.conf" -n "$n" || cannot "writing the subscribers failed"
start_charon soak "$n" "${IMSAKA_SOAK_CHARON_LOGLEVEL:-0}" \
	${IMSAKA_SOAK_CHARON_ARENAS:+MALLOC_ARENA_MAX=$IMSAKA_SOAK_CHARON_ARENAS} ||
	cannot "charon or the UEs' routes did not start"

scscf_conf "$tmp/scscf.conf" "$tmp/subscribers.conf" $((window * 4 + 64))
pcscf_conf "$tmp/pcscf.conf" /run/charon.imsaka "$n" "${IMSAKA_SOAK_LOGLEVEL:-0}"
asan_bg scscf "$scscf" -c "$tmp/scscf.conf"
scscf_pid=$bgpid
asan_bg pcscf "$pcscf" -c "$tmp/pcscf.conf"
pcscf_pid=$bgpid
if ! wait_udp 10.0.0.30:5060 "$scscf_pid" || ! wait_udp 10.0.0.20:5060 "$pcscf_pid" ||
		! wait_udp 10.2.0.1:5064 "$pcscf_pid"; then
	tail -n 5 "$tmp/scscf.log" "$tmp/pcscf.log" >&2
	cannot "imsaka-scscf or imsaka-pcscf did not start"
fi

echo "method: one network namespace, loopback addresses; $n UEs ($ue_net, SM1"
echo "  from an emulated NAT $nat_net), Expires $((2 * period)) s, each UE"
echo "  re-registering $period s after its last 200 (protected re-REGISTER, new"
echo "  SA set in the same context); charon: Debian's with the plugin and"
echo "  $backend; imsaka-pcscf and imsaka-scscf built with ASan/LSan"
echo "  (quarantine $quarantine MiB); VmRSS sampled every $sample s; soak $seconds s"
echo "  after every UE registered; window $window${IMSAKA_SOAK_CHARON_ARENAS:+;}"
[ -z "${IMSAKA_SOAK_CHARON_ARENAS:-}" ] ||
	echo "  charon with MALLOC_ARENA_MAX=$IMSAKA_SOAK_CHARON_ARENAS"
echo "cores: $(nproc); load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

# the first registration of every UE is not the soak: kernel-libipsec
# installs sets slower the more it holds
first_limit=$(( n / 20 > 120 ? n / 20 : 120 ))
nsenter -t "$nspid" -m -n "$load" -m pcscf -n "$n" -t 10.0.0.20:5060 \
	-s 10.2.0.1:5064 -N $nat_base -R 7 -w "$window" -T "$first_limit" \
	-E "$period" -D "$seconds" > "$tmp/load.out" 2> "$tmp/load.err" < /dev/null &
lp=$!
pids+=("$lp")
t0=$EPOCHREALTIME

# one sample: "t soak_s registrations reregistrations failed charon_kib
# pcscf_kib sets-current sets-temp sets-old contexts"
take_sample()
{
	local line t soak reg rereg fail
	line=$(grep '^soak progress:' "$tmp/load.out" | tail -n 1)
	t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }')
	soak=$(sed -n 's/.* soak_s=\([-0-9]*\).*/\1/p' <<< "$line")
	reg=$(sed -n 's/.* registrations=\([0-9]*\).*/\1/p' <<< "$line")
	rereg=$(sed -n 's/.* reregistrations=\([0-9]*\).*/\1/p' <<< "$line")
	fail=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<< "$line")
	if ! kill -0 "$lp" 2>/dev/null; then
		soak=$(get 'soak after all registered s' "$tmp/load.out")
		soak=${soak%.*}
		reg=$(get 'soak registered' "$tmp/load.out")
		rereg=$(get 'soak reregistrations' "$tmp/load.out")
		fail=$(get 'soak failed' "$tmp/load.out")
	fi
	echo "$t ${soak:--1} ${reg:-0} ${rereg:-0} ${fail:-0}" \
		"$(kib "$nspid" VmRSS) $(kib "$pcscf_pid" VmRSS) $(charon_sets)"
}
print_row()
{
	awk '{ printf "%6s %7s %13s %9s %8s %11s %11s %8s %5s %6s %8s\n", $1,
		($2 < 0 ? "-" : $2), $3, $4, $5, $6, $7, $8, $9, $10, $11 }' <<< "$1"
}
echo "     t  soak_s registrations  re-regs failures  charon_kib   pcscf_kib sets_cur  temp    old contexts"
next=$(( ${t0%.*} + sample ))
while kill -0 "$lp" 2>/dev/null; do
	if [ "$(date +%s)" -ge "$next" ]; then
		next=$(( next + sample ))
		row=$(take_sample)
		echo "$row" >> "$tmp/samples"
		print_row "$row"
	fi
	sleep 1
done
wait "$lp"
load_rc=$?
row=$(take_sample)
echo "$row" >> "$tmp/samples"
print_row "$row"
read -r -a end_sets <<< "$(charon_sets)"
xfrm_end=-
if [ "$backend" = kernel-netlink ]; then
	xfrm_end=$(in_ns ip xfrm state list 2>/dev/null | grep -c '^src ')
fi
if [ $load_rc != 0 ]; then
	echo "  load generator exited $load_rc:" >&2
	head -n 8 "$tmp/load.err" >&2
fi

# the frontends exit: LeakSanitizer reports
term "$pcscf_pid"
pcscf_rc=$term_rc
term "$scscf_pid"
scscf_rc=$term_rc
kill -9 "$nspid" 2>/dev/null
echo "frontend exit after SIGTERM: imsaka-pcscf $pcscf_rc, imsaka-scscf $scscf_rc" \
	"(ASan exit status on leaks: 23)"

# leaked objects (direct and indirect) and bytes in the ASan logs, and
# other ASan errors
leaks=0 leak_bytes=0 asan_errors=0
for f in "$tmp"/asan-*.*; do
	[ -f "$f" ] || continue
	read -r o b <<< "$(awk '/^(Direct|Indirect) leak of/ { b += $4; o += $(NF - 3) }
		END { print o + 0, b + 0 }' "$f")"
	leaks=$((leaks + o)) leak_bytes=$((leak_bytes + b))
	e=$(grep -c 'ERROR: AddressSanitizer' "$f")
	asan_errors=$((asan_errors + e))
	echo "  ${f##*/}: $o objects leaked ($b bytes), $e AddressSanitizer errors"
	grep -m 3 -A 4 '^\(Direct\|Indirect\) leak of\|ERROR: AddressSanitizer' "$f" |
		sed 's/^/    /'
done

# growth after the warm-up: the first sample 2 x PERIOD s into the soak
ref=$(awk -v p="$period" '$2 >= 2 * p { print; exit }' "$tmp/samples")
last=$(tail -n 1 "$tmp/samples")
growth()
{
	awk -v r="$1" -v l="$2" 'BEGIN { if (r > 0) printf "%.2f", (l - r) * 100 / r; else print "?" }'
}
if [ -n "$ref" ]; then
	read -r -a R <<< "$ref"
	read -r -a L <<< "$last"
	gc=$(growth "${R[5]}" "${L[5]}")
	gp=$(growth "${R[6]}" "${L[6]}")
	echo "RSS after the warm-up (t=${R[0]} s): charon ${R[5]} KiB, imsaka-pcscf ${R[6]} KiB;" \
		"at the end (t=${L[0]} s): charon ${L[5]} KiB, imsaka-pcscf ${L[6]} KiB"
else
	gc='?' gp='?'
	echo "RSS: no sample after the warm-up (the soak did not run $((2 * period)) s)"
fi
reg=$(get 'soak registered' "$tmp/load.out")
rereg=$(get 'soak reregistrations' "$tmp/load.out")
failed=$(get 'soak failed' "$tmp/load.out")
at_end=$(get 'soak ues registered at the end' "$tmp/load.out")
echo "registrations: ${reg:-?} (${rereg:-?} protected re-registrations) in" \
	"$(get 'soak after all registered s' "$tmp/load.out") s of soak; failed attempts ${failed:-?}" \
	"($(get 'soak timeouts' "$tmp/load.out") no answer, $(get 'soak 5xx' "$tmp/load.out") 5xx);" \
	"UEs registered at the end ${at_end:-?} of $n"
echo "charon at the end: ${end_sets[0]} current SA sets, ${end_sets[1]} temporary," \
	"${end_sets[2]} old, ${end_sets[3]} contexts for $n UEs;" \
	"XFRM states $xfrm_end (4 per set)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

status=0
verdict()
{
	if [ "$2" = met ]; then
		echo "target $1: met"
	else
		echo "target $1: MISSED"
		status=1
	fi
}
v=$(awk -v a="$gc" -v b="$gp" -v t="$target_growth" 'BEGIN {
	print (a != "?" && b != "?" && a < t && b < t) ? "met" : "missed" }')
verdict "RSS growth < $target_growth % (charon $gc %, imsaka-pcscf $gp %)" "$v"
v=missed
if [ "$leaks" = 0 ] && [ "$pcscf_rc" != killed ] && [ "$scscf_rc" != killed ] &&
		[ "$pcscf_rc" != 23 ] && [ "$scscf_rc" != 23 ]; then
	v=met
fi
verdict "0 leaks ($leaks objects, $leak_bytes bytes; frontends exited $pcscf_rc/$scscf_rc)" "$v"
v=missed
if [ "$load_rc" = 0 ] && [ "${failed:-1}" = 0 ] && [ "$at_end" = "$n" ] &&
		[ "${end_sets[0]}" = "$n" ] && [ "${end_sets[1]}" = 0 ] &&
		[ "${end_sets[3]}" = "$n" ]; then
	v=met
fi
verdict "0 failed registrations (${failed:-?}; $at_end of $n registered, ${end_sets[0]} current SA sets, ${end_sets[3]} contexts)" "$v"
v=met
[ "$asan_errors" = 0 ] || v=missed
verdict "0 AddressSanitizer errors ($asan_errors)" "$v"
exit $status
