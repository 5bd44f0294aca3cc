#!/bin/bash
# A fleet of P-CSCF units behind Kamailio's dispatcher (docs/BENCH-FLEET.md):
#
#   G1 coupling: CPU per registration of one unit (its charon and
#      imsaka-pcscf, utime + stime from /proc/PID/stat) with 1, 2 and 3
#      units running, each unit with the same UEs and window, against one
#      unit alone; CPU per registration of the shared tiers (Kamailio, each
#      S-CSCF, PostgreSQL) and how many units one core of each carries.
#   G2 restoration: 3 units, N UEs on each; unit 1 is killed (SIGKILL to
#      its charon and imsaka-pcscf); its UEs learn it after a detection
#      delay, wait the RFC 5626 backoff and register on the survivors
#      (round-robin), each then sends a MESSAGE through its new unit;
#      outage per UE is kill -> 200 of that MESSAGE. Goal: restoration <=
#      detection + 1.25 x N / spare rate (the survivors' registration rate
#      measured in the run minus their ongoing registration load). The
#      same again without backoff and with the survivors' caps off: the
#      storm.
#   G3 isolation: the survivors' UEs send MESSAGEs at a steady rate during
#      the failover; their success %.
#
# Topology (bench/fleet-topology.sh): a core network namespace (the load
# generator bench/bench_reg_load, Kamailio, imsaka-scscf, PostgreSQL) and
# one namespace per unit (a private charon with kernel-libipsec,
# testing/scripts/private-charon, and its imsaka-pcscf), joined by veth
# pairs. Kamailio: conf/fleet/kamailio-dispatcher.cfg. With testing/scripts/postgres the S-CSCF
# instances share PostgreSQL (store = postgresql, two instances, IND 1 and
# 2); without it one S-CSCF with the file store.
#
# usage: bench/run-fleet.sh [BUILD-DIR] (root; default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_FLEET_UES        UEs per unit in G1 (default 2000)
# IMSAKA_FLEET_FAILOVER   UEs on the killed unit, one failover each
#                         (default "1000 5000"; 3 x that in all)
# IMSAKA_FLEET_WINDOW     registrations outstanding per unit (default 32)
# IMSAKA_FLEET_DETECT     seconds from the kill until a UE knows (default 5:
#                         a keep-alive probe interval)
# IMSAKA_FLEET_BASE, IMSAKA_FLEET_MAX
#                         RFC 5626 base-time and max-time, s (default 1, 30)
# IMSAKA_FLEET_RATE       MESSAGEs/s of the survivors' UEs (default 20)
# IMSAKA_FLEET_SECONDS    limit of a registration phase and of a failover,
#                         s (default 600)
# IMSAKA_FLEET_RETRY_AFTER  the units' retry_after, s (default 10, as
#                         imsaka-pcscf's: a 503 says 10..20 s)
# IMSAKA_FLEET_BACKLOG    the units' handshake_backlog, s (default 4, as
#                         imsaka-pcscf's; 0 in the storm)
# IMSAKA_FLEET_G1         run G1 (default yes)
# IMSAKA_FLEET_G1_REPEAT  rounds of G1 (1, 2, 3 units each), the median
#                         round judged (default 3)
# IMSAKA_FLEET_G1_RATE    G1 once more with this steady load offered to
#                         each unit, registrations/s (default 50; 0: not)
# IMSAKA_FLEET_IDLE       s of no load after each G1 row: unit 1's CPU
#                         while it holds its registrations (default 5)
# IMSAKA_FLEET_STORM      run the storm beside each failover (default yes)
# IMSAKA_FLEET_STORE      auto (default), file or postgresql
# IMSAKA_FLEET_G4         run G4 at the end, bench/run-sqn-fleet.sh with
#                         its own IMSAKA_SQN_* knobs (default yes)
# IMSAKA_FLEET_KEEP       a folder: the run's logs and outputs are copied there
# Exits 1 if a goal is missed or a run failed, 2 if it cannot run.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
# absolute: a daemon started with nsenter -m begins in the root of the
# core's mount namespace, where a relative path means nothing
build=$(cd "$build" 2>/dev/null && pwd) || { echo "run-fleet: no build folder ${1:-}" >&2; exit 2; }
unit_ues=${IMSAKA_FLEET_UES:-2000}
failovers=${IMSAKA_FLEET_FAILOVER-1000 5000}
window=${IMSAKA_FLEET_WINDOW:-32}
detect=${IMSAKA_FLEET_DETECT:-5}
base=${IMSAKA_FLEET_BASE:-1}
max=${IMSAKA_FLEET_MAX:-30}
rate=${IMSAKA_FLEET_RATE:-20}
limit=${IMSAKA_FLEET_SECONDS:-600}
storm=${IMSAKA_FLEET_STORM:-yes}
g1=${IMSAKA_FLEET_G1:-yes}
idle=${IMSAKA_FLEET_IDLE:-5}
g1_rate=${IMSAKA_FLEET_G1_RATE:-50}
g1_repeat=${IMSAKA_FLEET_G1_REPEAT:-3}
store=${IMSAKA_FLEET_STORE:-auto}
so=$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so
load=$build/bench/bench_reg_load
pcscf=$build/src/sip-frontend/pcscf/imsaka-pcscf
scscf=$build/src/sip-frontend/scscf/imsaka-scscf
kamailio=$(command -v kamailio || echo /usr/sbin/kamailio)
kammods=/usr/lib/x86_64-linux-gnu/kamailio/modules
postgres=$top/testing/scripts/postgres
backend_load="kernel-libipsec kernel-netlink"
units=3
hz=$(getconf CLK_TCK)
status=0

. "$top/bench/reg-namespace.sh"
. "$top/bench/fleet-topology.sh"

if [ "$(id -u)" != 0 ] || [ ! -x /usr/lib/ipsec/charon ]; then
	echo "run-fleet: needs root and /usr/lib/ipsec/charon" >&2
	exit 2
fi
for f in "$so" "$load" "$pcscf" "$scscf" "$kamailio" "$kammods/dispatcher.so"; do
	if [ ! -e "$f" ]; then
		echo "run-fleet: no $f (make bench; kamailio installed?)" >&2
		exit 2
	fi
done
for n in $unit_ues $failovers; do
	if ! [ "$n" -ge 1 ] 2>/dev/null || [ $((3 * n)) -gt $max_ues ]; then
		echo "run-fleet: UE count $n not in 1..$((max_ues / 3))" >&2
		exit 2
	fi
done

bench_init run-fleet "${IMSAKA_FLEET_KEEP:-}"
declare -a unit_charon unit_pcscf unit_dir
pg_dir=
fleet_cleanup()
{
	[ -n "$pg_dir" ] && in_core "$postgres" stop "$pg_dir" >/dev/null 2>&1
	bench_cleanup
	fleet_sweep
}
trap fleet_cleanup EXIT

# the store: PostgreSQL when the S-CSCF has it and the script exists
if [ "$store" = auto ]; then
	store=file
	if [ -x "$postgres" ] && grep -qa postgresql "$scscf"; then
		store=postgresql
	fi
fi

echo "=== fleet: $units units, kernel-libipsec, $(nproc) cores, $(date -u +%FT%TZ)"
core_up || { echo "run-fleet: core namespace did not come up" >&2; exit 2; }

# subscribers for the largest run
most=$unit_ues
for n in $failovers; do [ "$n" -gt "$most" ] && most=$n; done
subs=$((units * most))
"$load" -g "$tmp/subscribers.conf" -n "$subs" || exit 2

# the S-CSCF instances
scscf_addrs=(10.0.0.30)
conninfo=
if [ "$store" = postgresql ]; then
	pg_dir=$tmp/postgres
	# the server runs as user postgres: the run's folder must let it in
	chmod 755 "$tmp"
	if out=$(in_core "$postgres" start "$pg_dir" 10.0.0.50 2>&1) &&
			conninfo=$(in_core "$postgres" conninfo "$pg_dir" 2>&1) &&
			# the subscribers from the file's u<i> sections
			awk '/impi =/ { impi = $3 } /impu =/ { impu = $3 } /k =/ { k = $3 }
				/op =/ { op = $3 }
				/amf =/ { printf "%s\t{%s}\t%s\t%s\t%s\n", impi, impu, k, op, $3 }' \
				"$tmp/subscribers.conf" |
			in_core psql -q "$conninfo" \
				-c "\\copy subscribers (impi, impus, k, op, amf) from stdin" \
				> "$tmp/psql.log" 2>&1; then
		scscf_addrs=(10.0.0.30 10.0.0.31)
	else
		echo "  PostgreSQL did not start or take the subscribers: file store" >&2
		tail -n 3 <<< "$out" >&2
		tail -n 3 "$tmp/psql.log" 2>/dev/null >&2
		store=file
	fi
fi
scscf_pid=()
for i in "${!scscf_addrs[@]}"; do
	a=${scscf_addrs[$i]}
	{
		echo "imsaka-scscf {"
		echo "  listen = $a"
		echo "  tcp = no"
		echo "  realm = ims.example.net"
		[ "$store" = file ] && echo "  subscribers = $tmp/subscribers.conf"
		echo "  max_pending = $(( subs + 64 > 100000 ? 100000 : subs + 64 ))"
		echo "  loglevel = 0"
		if [ "$store" = postgresql ]; then
			echo "  store = postgresql"
			echo "  database = \"$conninfo\""
			echo "  ind = $((i + 1))"
		fi
		echo "}"
	} > "$tmp/scscf-$i.conf"
	ns_daemon "$corepid" "imsaka-scscf $a" "$tmp/scscf-$i.log" "$a:5060" \
		"$scscf" -c "$tmp/scscf-$i.conf" || exit 2
	scscf_pid[$i]=$daemon_pid
done
echo "  S-CSCF: ${#scscf_addrs[@]} instance(s), store $store"

# Kamailio's dispatcher: set 1 the S-CSCF instances, set 2 the units
kcfg=$top/conf/fleet/kamailio-dispatcher.cfg
kfrom="the fleet's configuration (conf/fleet/kamailio-dispatcher.cfg)"
{
	for a in "${scscf_addrs[@]}"; do echo "1 sip:$a:5060"; done
	for j in $(seq $units); do echo "2 sip:10.0.$j.20:5060"; done
} > "$tmp/dispatcher.list"
cat > "$tmp/kamailio.cfg" <<EOF2
#!KAMAILIO
#!define LISTEN udp:$core_dns:5060
#!define DISPATCHER_LIST "$tmp/dispatcher.list"
#!define CTL_SOCKET "unix:$tmp/kamailio.ctl"
#!define PROBE_INTERVAL 2
mpath="$kammods/"
include_file "$kcfg"
EOF2
mkdir -p "$tmp/kamailio"
ns_daemon "$corepid" kamailio "$tmp/kamailio.log" "$core_dns:5060" \
	"$kamailio" -f "$tmp/kamailio.cfg" -P "$tmp/kamailio/pid" -DD -E \
	-m 256 -M 8 -Y "$tmp/kamailio" || exit 2
kam_pid=$daemon_pid
echo "  Kamailio 5.6 dispatcher: $kfrom"

targets() { local j l=; for j in $(seq "$1"); do l+="10.0.$j.20:5060,"; done; echo "${l%,}"; }
protected() { local j l=; for j in $(seq "$1"); do l+="10.2.$j.1:5064,"; done; echo "${l%,}"; }

# the shared tiers' CPU ticks: kamailio, each S-CSCF, PostgreSQL
pg_main()
{
	[ -n "$pg_dir" ] && head -n 1 "$pg_dir"/*/postmaster.pid "$pg_dir"/postmaster.pid 2>/dev/null | grep -E '^[0-9]+$' | head -n 1
}
tier_ticks()
{
	local line p
	line="$(tree_ticks "$kam_pid")"
	for p in "${scscf_pid[@]}"; do line+=" $(ticks "$p")"; done
	p=$(pg_main)
	line+=" $([ -n "$p" ] && tree_ticks "$p" || echo -)"
	echo "$line"
}

# --- G1: the same load per unit with 1, 2 and 3 units
# g1_run NAME K [RATE]: K fresh units, unit_ues UEs on each, RATE
# registrations/s per unit (none: as fast as the window allows); results
# in $tmp/NAME.out
g1_run()
{
	local name=$1 k=$2 pace=${3:-} j reg per_unit c0 c1 c2 w0 w1 w2 x0 x1 p0 p1 last
	local -a t0 t1 opt=()
	[ -n "$pace" ] && opt=(-q $((k * pace)))
	for j in $(seq "$k"); do
		unit_up "$j" "$unit_ues" 2000 256 || exit 2
	done
	sleep 1
	read -r -a t0 <<< "$(tier_ticks)"
	c0=$(( $(ticks "${unit_charon[1]}") + $(ticks "${unit_pcscf[1]}") ))
	p0=$(ticks "${unit_pcscf[1]}")
	x0=$(( $(switches "${unit_charon[1]}") + $(switches "${unit_pcscf[1]}") ))
	w0=$(date +%s%N)
	in_core "$load" -m pcscf -n $((k * unit_ues)) -t "$(targets "$k")" \
		-s "$(protected "$k")" -N $nat_base -w $((k * window)) -T "$limit" \
		"${opt[@]}" -R $((10 + k)) > "$tmp/$name.out" 2> "$tmp/$name.err"
	c1=$(( $(ticks "${unit_charon[1]}") + $(ticks "${unit_pcscf[1]}") ))
	p1=$(ticks "${unit_pcscf[1]}")
	x1=$(( $(switches "${unit_charon[1]}") + $(switches "${unit_pcscf[1]}") ))
	w1=$(date +%s%N)
	read -r -a t1 <<< "$(tier_ticks)"
	# what unit 1 spends holding its registrations with no load
	sleep "$idle"
	c2=$(( $(ticks "${unit_charon[1]}") + $(ticks "${unit_pcscf[1]}") ))
	w2=$(date +%s%N)
	reg=$(get registered "$tmp/$name.out")
	reg=${reg:-0}
	per_unit=$(( reg / k ))
	{
		echo "unit_us: $(( (c1 - c0) * 1000000 / hz / (per_unit > 0 ? per_unit : 1) ))"
		echo "pcscf_us: $(( (p1 - p0) * 1000000 / hz / (per_unit > 0 ? per_unit : 1) ))"
		echo "switches: $(( (x1 - x0) * 100 / (per_unit > 0 ? per_unit : 1) ))"
		echo "wall_ms: $(( (w1 - w0) / 1000000 ))"
		echo "idle_permille: $(( (c2 - c1) * 1000000000 / hz / ((w2 - w1) / 1000 > 0 ? (w2 - w1) / 1000 : 1) ))"
		echo "kamailio_us: $(( (t1[0] - t0[0]) * 1000000 / hz / (reg > 0 ? reg : 1) ))"
		for j in "${!scscf_pid[@]}"; do
			echo "scscf${j}_us: $(( (t1[j + 1] - t0[j + 1]) * 1000000 / hz / (reg > 0 ? reg : 1) ))"
		done
		last=$(( ${#scscf_pid[@]} + 1 ))
		if [ "${t0[$last]}" != - ]; then
			echo "postgres_us: $(( (t1[last] - t0[last]) * 1000000 / hz / (reg > 0 ? reg : 1) ))"
		fi
	} >> "$tmp/$name.out"
	echo "  $k unit(s)${pace:+ at $pace/s each}: $reg of $((k * unit_ues)) registered," \
		"$(get registrations/s "$tmp/$name.out") registrations/s, $(get failed "$tmp/$name.out") failed;" \
		"unit 1 (charon + imsaka-pcscf) $(get unit_us "$tmp/$name.out") us" \
		"(imsaka-pcscf $(get pcscf_us "$tmp/$name.out") us) and" \
		"$(get switches "$tmp/$name.out" | sed 's/..$/.&/') context switches per registration," \
		"$(get idle_permille "$tmp/$name.out") permille of a core idle afterwards;" \
		"Kamailio $(get kamailio_us "$tmp/$name.out") us, S-CSCF $(get scscf0_us "$tmp/$name.out") us$(
			[ -n "$(get postgres_us "$tmp/$name.out")" ] && echo ", PostgreSQL $(get postgres_us "$tmp/$name.out") us")"
	[ "$reg" = $((k * unit_ues)) ] || status=1
	for j in $(seq "$k"); do unit_kill "$j"; done
}

if [ "$g1" = yes ]; then
	echo "--- G1 coupling: $unit_ues UEs and window $window per unit, as fast as the window allows, $g1_repeat rounds"
	for r in $(seq "$g1_repeat"); do
		for k in 1 2 3; do g1_run "g1-$k-$r" "$k"; done
	done
	for k in 1 2 3; do
		# the round with the median CPU per registration stands for k
		r=$(for r in $(seq "$g1_repeat"); do
			echo "$(get unit_us "$tmp/g1-$k-$r.out") $r"; done | sort -n |
			sed -n "$(( (g1_repeat + 1) / 2 ))p" | cut -d' ' -f2)
		cp "$tmp/g1-$k-$r.out" "$tmp/g1-$k.out"
		echo "unit_us_all: $(for r in $(seq "$g1_repeat"); do
			get unit_us "$tmp/g1-$k-$r.out"; done | sort -n | tr '\n' ' ')" >> "$tmp/g1-$k.out"
	done
	if [ "$g1_rate" != 0 ]; then
		echo "--- G1 at a steady load: $g1_rate registrations/s offered to each unit"
		for k in 1 2 3; do g1_run "g1p-$k" "$k" "$g1_rate"; done
	fi
fi

# --- G2/G3: failover of unit 1 with N UEs on it
# failover_run NAME N BACKOFF: results in $tmp/NAME.out
failover_run()
{
	local name=$1 n=$2 backoff=$3 cap=2000 queue=256 j lp ready=no t_kill
	local -a opt=()
	if [ "$backoff" = no ]; then
		cap=0 queue=0 opt=(--no-backoff)
	fi
	for j in $(seq $units); do
		unit_up "$j" "$((2 * n))" "$cap" "$queue" || exit 2
	done
	mkfifo "$tmp/$name.in"
	exec 8<> "$tmp/$name.in"
	nsenter -t "$corepid" -m -n "$load" -m pcscf -n $((units * n)) -t "$(targets $units)" \
		-s "$(protected $units)" -N $nat_base -w $((units * window)) \
		-T "$limit" -R "$RANDOM" -F -d "$detect" -r "$rate" -B "$base" -M "$max" \
		-L "$limit" "${opt[@]}" < "$tmp/$name.in" > "$tmp/$name.out" \
		2> "$tmp/$name.err" &
	lp=$!
	pids+=("$lp")
	for _ in $(seq $(( (limit + 30) * 5 ))); do
		grep -qx ready "$tmp/$name.out" 2>/dev/null && { ready=yes; break; }
		kill -0 "$lp" 2>/dev/null || break
		sleep 0.2
	done
	echo "  $name: first registration of $((units * n)) UEs: $(get registered "$tmp/$name.out") in" \
		"$(get seconds "$tmp/$name.out") s ($(get registrations/s "$tmp/$name.out")/s)," \
		"$(get failed "$tmp/$name.out") attempts failed"
	if [ "$ready" != yes ]; then
		echo "  $name: not every UE registered before the kill" >&2
		head -n 5 "$tmp/$name.err" >&2
		status=1
		exec 8>&-
		kill -9 "$lp" 2>/dev/null
		for j in $(seq $units); do unit_kill "$j"; done
		return
	fi
	t_kill=$EPOCHREALTIME
	unit_kill 1
	echo "kill 0 $t_kill" >&8
	wait "$lp"
	exec 8>&-
	for j in $(seq 2 $units); do unit_kill "$j"; done
	echo "  $name: $(get 'failover ues moved' "$tmp/$name.out") moved," \
		"restoration $(get 'failover restoration s' "$tmp/$name.out") s," \
		"outage p50/p95/p99/max $(get 'failover outage p50 s' "$tmp/$name.out")/$(get 'failover outage p95 s' "$tmp/$name.out")/$(get 'failover outage p99 s' "$tmp/$name.out")/$(get 'failover outage max s' "$tmp/$name.out") s," \
		"$(get 'failover retransmissions' "$tmp/$name.out") retransmissions," \
		"$(get 'failover failed' "$tmp/$name.out") failed registrations" \
		"($(get 'failover timeouts' "$tmp/$name.out") no answer, $(get 'failover 5xx' "$tmp/$name.out") 5xx," \
		"$(get 'failover 503 retry-after' "$tmp/$name.out") 503 with Retry-After)," \
		"permanent failures $(get 'failover permanent failures' "$tmp/$name.out");" \
		"G3: survivors' MESSAGEs $(get 'failover survivor messages ok' "$tmp/$name.out") of $(get 'failover survivor messages sent' "$tmp/$name.out")" \
		"($(get 'failover survivor message success %' "$tmp/$name.out") %)"
}

for n in $failovers; do
	echo "--- G2/G3 failover: $n UEs on unit 1 of $units, detection $detect s, backoff base $base s max $max s, units' retry_after ${IMSAKA_FLEET_RETRY_AFTER:-10} s"
	failover_run "failover-$n" "$n" yes
	if [ "$storm" = yes ]; then
		echo "--- G2 storm: the same without backoff, survivors' max_handshakes, max_charon_queue and handshake_backlog 0 (off)"
		failover_run "storm-$n" "$n" no
	fi
done

summary()
{
echo "=== summary ($(nproc) cores, kernel-libipsec, store $store, Kamailio: $kfrom)"
u1=$(get unit_us "$tmp/g1-1.out")
r1=$(get registrations/s "$tmp/g1-1.out")
up1=$(get unit_us "$tmp/g1p-1.out")
for k in $([ "$g1" = yes ] && echo 1 2 3); do
	awk -v k="$k" -v u="$(get unit_us "$tmp/g1-$k.out")" -v u1="${u1:-0}" \
		-v all="$(get unit_us_all "$tmp/g1-$k.out")" -v sw="$(get switches "$tmp/g1-$k.out")" 'BEGIN {
		if (u1 > 0)
			printf "G1 unit CPU per registration with %d unit(s): %d us (median; rounds: %s), %.2f context switches, %.2f x one unit alone (goal within 10 %%: %s)\n",
				k, u, all, sw / 100, u / u1, (u / u1 <= 1.10) ? "met" : "MISSED" }'
done
s1=$(get switches "$tmp/g1-1.out")
for k in $([ "$g1" = yes ] && echo 2 3); do
	awk -v k="$k" -v sw="$(get switches "$tmp/g1-$k.out")" -v s1="${s1:-0}" 'BEGIN {
		if (s1 > 0)
			printf "G1 unit work per registration (context switches) with %d unit(s): %.2f x one unit alone\n", k, sw / s1 }'
done
if [ "$g1" = yes ]; then
	for k in 1 2 3; do get unit_us_all "$tmp/g1-$k.out"; done | awk '{
		if (NF > 1 && $(int((NF + 1) / 2)) > 0) {
			d = ($NF - $1) / $(int((NF + 1) / 2))
			if (d > worst) worst = d
		} } END {
		printf "G1 noise: rounds of one configuration differ by up to %.0f %% of their median CPU per registration\n", worst * 100 }'
fi
for k in $([ "$g1" = yes ] && [ "$g1_rate" != 0 ] && echo 1 2 3); do
	awk -v k="$k" -v u="$(get unit_us "$tmp/g1p-$k.out")" -v u1="${up1:-0}" -v rate="$g1_rate" \
		-v sw="$(get switches "$tmp/g1p-$k.out")" 'BEGIN {
		if (u1 > 0)
			printf "G1 at %d/s offered to each of %d unit(s): %d us, %.2f context switches, %.2f x one unit alone (information)\n",
				rate, k, u, sw / 100, u / u1 }'
done
k=$units
for tier in kamailio scscf0 scscf1 postgres; do
	[ "$g1" = yes ] || break
	us=$(get ${tier}_us "$tmp/g1-$k.out")
	[ -n "$us" ] || continue
	case $tier in
	kamailio) label="Kamailio (all processes)" ;;
	scscf0) label="imsaka-scscf ${scscf_addrs[0]}" ;;
	scscf1) label="imsaka-scscf ${scscf_addrs[1]}" ;;
	postgres) label="PostgreSQL (all processes)" ;;
	esac
	awk -v l="$label" -v us="$us" -v r1="${r1:-0}" -v u1="${u1:-0}" 'BEGIN {
		printf "G1 %s: %d us CPU per registration", l, us
		if (us > 0 && r1 > 0)
			printf "; one core carries %.0f registrations/s = %.1f units at one unit'"'"'s measured rate (%d/s)", 1e6 / us, 1e6 / us / r1, r1
		if (us > 0 && u1 > 0)
			printf ", %.1f units at one unit'"'"'s full core (%.0f/s)", 1e6 / us / (1e6 / u1), 1e6 / u1
		printf "\n" }'
done

for n in $failovers; do
	for name in failover-$n storm-$n; do
		f=$tmp/$name.out
		[ -f "$f" ] || continue
		first=$(get registrations/s "$f")
		awk -v name="$name" -v n="$n" -v units="$units" -v first="${first:-0}" \
			-v d="$(get 'failover detection s' "$f")" \
			-v rest="$(get 'failover restoration s' "$f")" \
			-v p50="$(get 'failover outage p50 s' "$f")" -v p95="$(get 'failover outage p95 s' "$f")" \
			-v p99="$(get 'failover outage p99 s' "$f")" -v pmax="$(get 'failover outage max s' "$f")" \
			-v rtx="$(get 'failover retransmissions' "$f")" -v failed="$(get 'failover failed' "$f")" \
			-v r503="$(get 'failover 503 retry-after' "$f")" -v perm="$(get 'failover permanent failures' "$f")" \
			-v g3="$(get 'failover survivor message success %' "$f")" \
			-v g3n="$(get 'failover survivor messages sent' "$f")" 'BEGIN {
			# spare: the survivors share of the rate measured in this run
			# (all units registering at once) minus their ongoing
			# registration load (none: no re-registrations run here)
			spare = first * (units - 1) / units
			printf "G2 %s, %d UEs moved: restoration %s s; outage p50/p95/p99/max %s/%s/%s/%s s; %d retransmissions, %d failed registrations, %d 503s, %d permanent failures\n",
				name, n, rest, p50, p95, p99, pmax, rtx, failed, r503, perm
			if (spare > 0) {
				goal = d + 1.25 * n / spare
				printf "G2 %s goal: restoration <= detection %.1f s + 1.25 x %d / spare %.0f/s (%d/s measured x %d/%d survivors - 0 ongoing) = %.1f s: %s\n",
					name, d, n, spare, first, units - 1, units, goal,
					(rest != "none" && rest + 0 <= goal && perm == 0) ? "met" : "MISSED"
			}
			printf "G3 %s: survivors'"'"' MESSAGE success %s %% of %d (goal 100 %%: %s)\n", name, g3, g3n,
				(g3 + 0 == 100) ? "met" : "MISSED" }'
	done
done
}
summary | tee "$tmp/summary"
grep -q MISSED "$tmp/summary" && status=1
# G4, SQN across two S-CSCF instances on PostgreSQL: its own script (a
# registrar pair on loopback, no units), so that one run prints G1..G4
if [ "${IMSAKA_FLEET_G4:-yes}" = yes ]; then
	echo "--- G4 SQN: bench/run-sqn-fleet.sh"
	bash "$top/bench/run-sqn-fleet.sh" "$build" || status=1
fi
exit $status
