#!/bin/bash
# Full IMS AKA registrations per second through imsaka-pcscf, with 1,000,
# 10,000 and 100,000 emulated UEs, and the P-CSCF's memory per registered
# UE, beside
# the same registrations sent straight to imsaka-scscf and Kamailio 5.6 as
# a plain in-memory MD5 Digest registrar, all measured in the same run
# (docs/BENCH-REGISTRATION.md).
#
# Everything runs in one private network namespace on loopback addresses:
# the namespace of a private charon (Debian's, with the built plugin and
# kernel-libipsec, testing/scripts/private-charon). One load generator
# process (bench/bench_reg_load) emulates the UEs, each with its own
# address on lo, computes AKA itself from the UEs' K/OP, and keeps a window
# of registrations outstanding. Towards the P-CSCF each UE's SM1 comes from
# an emulated NAT address (another address on lo, port kept) while its Via
# and SA set name the UE's own address: kernel-libipsec cannot have the
# peer's outer address as its selector, and a NAT in front of the UE is the
# case imsaka is for. Towards imsaka-pcscf a registration is
# SM1..SM12 with sec-agree and the NAT-T extension: the P-CSCF's charon
# installs the SA set at SM4 and promotes it at SM10. SA sets installed and
# promoted by charon; SM7..SM12 sent in plaintext by the load generator
# from the UE's protected address and port_c to the P-CSCF's port_s; the
# data plane (ESP) is not in the measured path.
#
# Per UE count:
#   pcscf-charon  imsaka-pcscf with its charon (control socket, libipsec)
#   pcscf-fake    imsaka-pcscf with the charon calls answered at once by a
#                 stand-in (bench/bench_reg_fake_charon): the P-CSCF's rate
#                 without the SA set cost
#   scscf         the same registrations straight to imsaka-scscf (IMS AKA
#                 Digest, no sec-agree): the baseline
#   kamailio      Kamailio (Debian package kamailio) as registrar, MD5
#                 Digest with one fixed password (auth pv_www_authenticate),
#                 usrloc db_mode=0: the anchor
# Memory: VmRSS and [heap] growth of imsaka-pcscf divided by the UEs it
# holds registered; charon's growth is printed as the data-plane backend
# (not counted); Kamailio's as its shm real_used growth.
#
# Storm: N UEs registered through imsaka-pcscf with its charon; imsaka-pcscf
# and charon are killed (SIGKILL) and started again (charon in the same
# namespace, the S-CSCF keeps running); the state charon has then is
# counted; the load generator is told (a line on its stdin) and every UE
# registers again at once, a failed attempt waiting the RFC 5626 section
# 4.5 backoff (or a 503's Retry-After). Reported: restoration time (kill
# to the last UE's 200) beside N / the rate of the pcscf-charon row,
# outage per UE (p50/p95/p99), retransmissions, permanent failures, SA
# sets and contexts in charon at the end.
#
# usage: bench/run-registration.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_UES      UE counts (default "1000 10000 100000"; at most
#                       128000: the address plan's /15)
# IMSAKA_BENCH_WINDOW   registrations outstanding (default 32: larger ones
#                       overflow the servers' default UDP receive buffers)
# IMSAKA_BENCH_SECONDS  time limit of one load run (default 40; at least one
#                       second per 1,000 UEs)
# IMSAKA_BENCH_LOGLEVEL imsaka-pcscf's log level (default 0)
# IMSAKA_BENCH_BACKEND  charon's kernel backend: kernel-libipsec (default) or
#                       kernel-netlink
# IMSAKA_BENCH_STORM    UEs of the storm (default 10000, 0: no storm)
# IMSAKA_BENCH_STORM_BASE, IMSAKA_BENCH_STORM_MAX
#                       RFC 5626 base-time and max-time of the UEs' backoff,
#                       s (default 1 and 30; RFC 5626: 30 and 1800)
# IMSAKA_BENCH_STORM_SECONDS  time limit of each storm phase (default 300)
# IMSAKA_BENCH_KEEP     a folder: the run's logs and outputs are copied there
# IMSAKA_BENCH_GUEST    set (bench/run-registration-guest.sh): running in the
#                       qemu guest under TCG, the rate target is not judged
#
# Targets: 5,000 registrations/s through imsaka-pcscf (charon stand-in) with
# 10,000 UEs; at 100,000 UEs at least 0.8 x the rate at 10,000 (stand-in);
# under 2 KiB per registered UE in imsaka-pcscf at 100,000; the storm
# without permanent failures and stale SA sets. Exits 1 if one is missed or
# a registration failed, 2 if it cannot run.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
counts=${IMSAKA_BENCH_UES:-1000 10000 100000}
window=${IMSAKA_BENCH_WINDOW:-32}
limit=${IMSAKA_BENCH_SECONDS:-40}
backend=${IMSAKA_BENCH_BACKEND:-kernel-libipsec}
storm=${IMSAKA_BENCH_STORM:-10000}
storm_base=${IMSAKA_BENCH_STORM_BASE:-1}
storm_max=${IMSAKA_BENCH_STORM_MAX:-30}
storm_limit=${IMSAKA_BENCH_STORM_SECONDS:-300}
# set by bench/run-registration-guest.sh: absolute rates are not judged
guest=${IMSAKA_BENCH_GUEST:+judged on the host only: the qemu guest runs under TCG}
charon=/usr/lib/ipsec/charon
so=$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so
load=$build/bench/bench_reg_load
fake=$build/bench/bench_reg_fake_charon
pcscf=$build/src/sip-frontend/pcscf/imsaka-pcscf
scscf=$build/src/sip-frontend/scscf/imsaka-scscf
imsakactl=$build/src/sip-frontend/imsakactl/imsakactl
kamailio=$(command -v kamailio || echo /usr/sbin/kamailio)
kammods=/usr/lib/x86_64-linux-gnu/kamailio/modules
target_rate=5000
target_bytes=2048
target_scale=0.8

. "$top/bench/reg-namespace.sh"

if [ "$(id -u)" != 0 ] || [ ! -x "$charon" ]; then
	echo "run-registration: needs root and $charon" >&2
	exit 2
fi
for f in "$so" "$load" "$fake" "$pcscf" "$scscf" "$imsakactl"; do
	if [ ! -e "$f" ]; then
		echo "run-registration: no $f: build first (make bench)" >&2
		exit 2
	fi
done
have_kamailio=yes
if [ ! -x "$kamailio" ] || [ ! -f "$kammods/registrar.so" ]; then
	have_kamailio=no
fi
for n in $counts $storm; do
	if ! [ "$n" -ge 0 ] 2>/dev/null || [ "$n" -gt $max_ues ]; then
		echo "run-registration: UE count $n not in 1..$max_ues" >&2
		exit 2
	fi
done
case "$backend" in
kernel-libipsec)
	backend_load="kernel-libipsec kernel-netlink" ;;
kernel-netlink)
	backend_load=kernel-netlink ;;
*)
	echo "run-registration: IMSAKA_BENCH_BACKEND is kernel-libipsec or kernel-netlink" >&2
	exit 2 ;;
esac

bench_init imsaka-bench-reg "${IMSAKA_BENCH_KEEP:-}"

# start a program in the namespace in the background; its pid in $bgpid
bg()
{
	local log=$1
	shift
	nsenter -t "$nspid" -m -n "$@" > "$log" 2>&1 < /dev/null &
	bgpid=$!
	# reaped silently (no "Killed" notice); stop() polls with kill -0
	disown "$bgpid"
	pids+=("$bgpid")
}
# stop a process we started: SIGKILL (kill) or SIGTERM (term), and wait
stop()
{
	local sig=$1 p=$2
	kill "-$sig" "$p" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.05
	done
	kill -9 "$p" 2>/dev/null
}
heap_kib()
{
	awk '/\[heap\]/ { h = 1; next } /^[0-9a-f]+-/ { h = 0 }
		h && /^Rss:/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps"
}
# CPU time of a process (all threads), clock ticks
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# SA sets, contexts and (kernel-netlink only, else -) XFRM states in the
# namespace's charon as "sets contexts xfrm-states"; "? ?" for sets and
# contexts if charon did not answer list (imsakactl waits 30 s)
charon_state()
{
	local c t o ctxs xfrm=- sets
	read -r c t o ctxs <<< "$(charon_sets)"
	sets='?'
	[ "$c" = '?' ] || sets=$((t + c + o))
	if [ "$backend" = kernel-netlink ]; then
		xfrm=$(in_ns ip xfrm state list 2>/dev/null | grep -c '^src ')
	fi
	echo "$sets $ctxs $xfrm"
}


# one load run; $1 result name, rest: generator arguments
run_load()
{
	local name=$1
	shift
	in_ns timeout $((run_limit + 30)) "$load" -w "$window" -T "$run_limit" "$@" \
		> "$tmp/$name.out" 2> "$tmp/$name.err"
	local rc=$?
	if [ $rc != 0 ]; then
		echo "  $name: load generator failed (exit $rc):" >&2
		head -n 5 "$tmp/$name.err" >&2
		status=1
	fi
	echo "  $name: $(get registrations/s "$tmp/$name.out") registrations/s," \
		"$(get registered "$tmp/$name.out") registered," \
		"$(get failed "$tmp/$name.out") failed," \
		"$(get retransmissions "$tmp/$name.out") retransmissions," \
		"mean $(get 'mean registration ms' "$tmp/$name.out") ms"
}

# a P-CSCF run against a control socket; $1 name, $2 socket, $3 N, $4 run
pcscf_run()
{
	local name=$1 sock=$2 n=$3 run=$4 pp r0 r1 h0 h1 c0 c1 s0 s1 k0 k1 cr0 cr1
	pcscf_conf "$tmp/$name.conf" "$sock" "$n" "${IMSAKA_BENCH_LOGLEVEL:-0}"
	bg "$tmp/$name.log" "$pcscf" -c "$tmp/$name.conf"
	pp=$bgpid
	if ! wait_udp 10.0.0.20:5060 "$pp" || ! wait_udp 10.2.0.1:5064 "$pp"; then
		echo "run-registration: imsaka-pcscf did not start:" >&2
		tail -n 5 "$tmp/$name.log" >&2
		exit 2
	fi
	r0=$(kib "$pp" VmRSS) h0=$(heap_kib "$pp") c0=$(ticks "$pp")
	s0=$(ticks "$scscf_pid") k0=$(ticks "$nspid") cr0=$(kib "$nspid" VmRSS)
	run_load "$name" -m pcscf -n "$n" -t 10.0.0.20:5060 -s 10.2.0.1:5064 \
		-N $nat_base -R "$run"
	r1=$(kib "$pp" VmRSS) h1=$(heap_kib "$pp") c1=$(ticks "$pp")
	s1=$(ticks "$scscf_pid") k1=$(ticks "$nspid") cr1=$(kib "$nspid" VmRSS)
	reg=$(get registered "$tmp/$name.out")
	reg=${reg:-0}
	[ "$reg" -gt 0 ] || reg=1
	{
		echo "rss_bytes_per_ue: $(( (r1 - r0) * 1024 / reg ))"
		echo "heap_bytes_per_ue: $(( (h1 - h0) * 1024 / reg ))"
		echo "rss_kib: $r0 $r1"
		echo "pcscf_us: $(( (c1 - c0) * 1000000 / hz / reg ))"
		echo "scscf_us: $(( (s1 - s0) * 1000000 / hz / reg ))"
		echo "charon_us: $(( (k1 - k0) * 1000000 / hz / reg ))"
		echo "charon_rss_bytes_per_ue: $(( (cr1 - cr0) * 1024 / reg ))"
	} >> "$tmp/$name.out"
	echo "  $name: imsaka-pcscf VmRSS $r0 -> $r1 KiB," \
		"$(get rss_bytes_per_ue "$tmp/$name.out") bytes/UE" \
		"(heap $(get heap_bytes_per_ue "$tmp/$name.out") bytes/UE);" \
		"CPU per registration: imsaka-pcscf $(get pcscf_us "$tmp/$name.out") us," \
		"imsaka-scscf $(get scscf_us "$tmp/$name.out") us," \
		"charon $(get charon_us "$tmp/$name.out") us"
	# SIGKILL: a SIGTERM would ctx-delete every registration first
	stop 9 "$pp"
}

status=0
echo "method: one network namespace, loopback addresses; UEs $ue_net on lo;"
echo "  towards imsaka-pcscf SM1 comes from an emulated NAT ($nat_net, port"
echo "  kept: libipsec needs the outer address to differ from the protected one),"
echo "  NAT verdict ue, mod=UDP-enc-tun; SA sets installed and promoted by charon"
echo "  ($backend); SM7..SM12 sent in plaintext by the load generator from"
echo "  the UE's protected address:port_c, the data plane is not in the measured"
echo "  path; window $window registrations outstanding; imsaka-pcscf and"
echo "  imsaka-scscf at loglevel 0"
echo "cores: $(nproc)"
for n in $counts; do
	echo "--- $n UEs"
	run_limit=$(( n / 1000 > limit ? n / 1000 : limit ))
	[ -f "$tmp/subscribers-$n.conf" ] ||
		"$load" -g "$tmp/subscribers-$n.conf" -n "$n" || exit 2
	if ! start_charon "$n" "$n"; then
		echo "run-registration: charon did not start" >&2
		exit 2
	fi
	scscf_conf "$tmp/scscf-$n.conf" "$tmp/subscribers-$n.conf" $((window * 4 + 64))
	bg "$tmp/scscf-$n.log" "$scscf" -c "$tmp/scscf-$n.conf"
	scscf_pid=$bgpid
	if ! wait_udp 10.0.0.30:5060 "$scscf_pid"; then
		echo "run-registration: imsaka-scscf did not start:" >&2
		tail -n 5 "$tmp/scscf-$n.log" >&2
		exit 2
	fi

	pcscf_run "pcscf-charon-$n" /run/charon.imsaka "$n" 1
	read -r sets _ <<< "$(charon_sets)"
	echo "  pcscf-charon-$n: SA sets current (promoted) in charon: $sets"
	echo "sets: $sets" >> "$tmp/pcscf-charon-$n.out"
	[ "$sets" = "$(get registered "$tmp/pcscf-charon-$n.out")" ] || status=1

	bg "$tmp/fake-$n.log" "$fake" "$tmp/fake.sock"
	fake_pid=$bgpid
	for _ in $(seq 100); do
		[ -S "$tmp/fake.sock" ] && break
		sleep 0.05
	done
	pcscf_run "pcscf-fake-$n" "$tmp/fake.sock" "$n" 2
	stop TERM "$fake_pid"
	echo "  pcscf-fake-$n: stand-in answered" \
		"$(sed -n 's/^fake charon: //p' "$tmp/fake-$n.log" | grep -v ' 0$' |
			tr '\n' ',' | sed 's/,$//; s/,/, /g')"

	s0=$(ticks "$scscf_pid")
	run_load "scscf-$n" -m direct -n "$n" -t 10.0.0.30:5060 -R 3
	s1=$(ticks "$scscf_pid")
	reg=$(get registered "$tmp/scscf-$n.out")
	echo "scscf_us: $(( (s1 - s0) * 1000000 / hz / (${reg:-0} > 0 ? reg : 1) ))" \
		>> "$tmp/scscf-$n.out"
	echo "  scscf-$n: CPU per registration: imsaka-scscf" \
		"$(get scscf_us "$tmp/scscf-$n.out") us"
	stop 9 "$scscf_pid"

	if [ "$have_kamailio" = yes ]; then
		mkdir -p "$tmp/kamailio-$n"
		cat > "$tmp/kamailio-$n.cfg" <<-EOF
		#!KAMAILIO
		debug=0
		log_stderror=yes
		children=2
		listen=udp:10.0.0.40:5060
		disable_tcp=yes
		auto_aliases=no
		mpath="$kammods/"
		loadmodule "sl.so"
		loadmodule "pv.so"
		loadmodule "maxfwd.so"
		loadmodule "usrloc.so"
		loadmodule "registrar.so"
		loadmodule "auth.so"
		loadmodule "ctl.so"
		loadmodule "kex.so"
		modparam("usrloc", "db_mode", 0)
		modparam("ctl", "binrpc", "unix:$tmp/kamailio-$n/ctl")
		request_route {
			if (!mf_process_maxfwd_header("10")) {
				sl_send_reply("483", "Too Many Hops");
				exit;
			}
			if (\$rm != "REGISTER") {
				sl_send_reply("405", "Method Not Allowed");
				exit;
			}
			if (!pv_www_authenticate("\$td", "bench-secret", "0")) {
				www_challenge("\$td", "1");
				exit;
			}
			if (!save("location")) {
				sl_reply_error();
			}
			exit;
		}
		EOF
		bg "$tmp/kamailio-$n.log" "$kamailio" -f "$tmp/kamailio-$n.cfg" \
			-P "$tmp/kamailio-$n/pid" -DD -E -m 256 -M 8 -Y "$tmp/kamailio-$n"
		kam_pid=$bgpid
		if ! wait_udp 10.0.0.40:5060 "$kam_pid"; then
			echo "run-registration: kamailio did not start:" >&2
			tail -n 5 "$tmp/kamailio-$n.log" >&2
			exit 2
		fi
		shm() { in_ns kamcmd -s "unix:$tmp/kamailio-$n/ctl" core.shmmem |
			awk '$1 == "real_used:" { print $2 }'; }
		sleep 0.3
		m0=$(shm)
		run_load "kamailio-$n" -m digest -n "$n" -t 10.0.0.40:5060 \
			-P bench-secret -R 4
		m1=$(shm)
		contacts=$(in_ns kamcmd -s "unix:$tmp/kamailio-$n/ctl" \
			stats.get_statistics usrloc: |
			sed -n 's/.*location_contacts = //p')
		reg=$(get registered "$tmp/kamailio-$n.out")
		echo "shm_bytes_per_reg: $(( (m1 - m0) / (${reg:-0} > 0 ? reg : 1) ))" \
			>> "$tmp/kamailio-$n.out"
		echo "  kamailio-$n: shm real_used $m0 -> $m1 bytes," \
			"$(get shm_bytes_per_reg "$tmp/kamailio-$n.out") bytes/registration," \
			"usrloc contacts $contacts"
		stop TERM "$kam_pid"
	fi
	stop 9 "$nspid"
	nspid=
done

# ", N XFRM states" for a count, nothing for -
xfrm_text() { [ "$1" = - ] || echo ", $1 XFRM states"; }

# the storm with $storm UEs: results in $tmp/storm.out
storm_run()
{
	local n=$storm dir=$tmp/storm s_pid pp lp state t_kill c0 k0 s0 c1 k1 s1
	local ready=no
	echo "--- storm, $n UEs"
	[ -f "$tmp/subscribers-$n.conf" ] ||
		"$load" -g "$tmp/subscribers-$n.conf" -n "$n" || exit 2
	if ! start_charon storm "$n"; then
		echo "run-registration: charon did not start" >&2
		exit 2
	fi
	charon_pid=$nspid
	# every UE may have a challenge pending at once
	scscf_conf "$tmp/scscf-storm.conf" "$tmp/subscribers-$n.conf" \
		$(( n + 64 > 100000 ? 100000 : n + 64 ))
	bg "$tmp/scscf-storm.log" "$scscf" -c "$tmp/scscf-storm.conf"
	s_pid=$bgpid
	pcscf_conf "$tmp/pcscf-storm.conf" /run/charon.imsaka "$n" \
		"${IMSAKA_BENCH_LOGLEVEL:-0}"
	bg "$tmp/pcscf-storm.log" "$pcscf" -c "$tmp/pcscf-storm.conf"
	pp=$bgpid
	if ! wait_udp 10.0.0.30:5060 "$s_pid" || ! wait_udp 10.0.0.20:5060 "$pp" ||
			! wait_udp 10.2.0.1:5064 "$pp"; then
		echo "run-registration: imsaka-scscf or imsaka-pcscf did not start" >&2
		exit 2
	fi
	# the generator reads "storm <kill time>" from this FIFO (opened
	# read-write here, so neither side blocks on open)
	mkfifo "$dir.in"
	exec 8<> "$dir.in"
	nsenter -t "$nspid" -m -n "$load" -m pcscf -n "$n" -t 10.0.0.20:5060 \
		-s 10.2.0.1:5064 -N $nat_base -R 5 -w "$window" -T "$storm_limit" -S \
		-B "$storm_base" -M "$storm_max" -L "$storm_limit" \
		< "$dir.in" > "$tmp/storm.out" 2> "$tmp/storm.err" &
	lp=$!
	pids+=("$lp")
	# bounded polling: until every UE registered (or the generator ended)
	for _ in $(seq $(( (storm_limit + 30) * 5 ))); do
		grep -qx ready "$tmp/storm.out" && { ready=yes; break; }
		kill -0 "$lp" 2>/dev/null || break
		sleep 0.2
	done
	echo "  storm: first registration of $n UEs: $(get registered "$tmp/storm.out")" \
		"registered in $(get seconds "$tmp/storm.out") s," \
		"$(get registrations/s "$tmp/storm.out") registrations/s," \
		"$(get failed "$tmp/storm.out") attempts failed," \
		"$(get retransmissions "$tmp/storm.out") retransmissions"
	if [ "$ready" != yes ]; then
		echo "  storm: not every UE registered before the kill; no storm" >&2
		head -n 5 "$tmp/storm.err" >&2
		status=1
		exec 8>&-
		return
	fi
	read -r -a state <<< "$(charon_state)"
	echo "  storm: before the kill charon holds ${state[0]} SA sets," \
		"${state[1]} contexts$(xfrm_text "${state[2]}")"
	t_kill=$EPOCHREALTIME
	stop 9 "$pp"
	stop 9 "$charon_pid"
	# charon again in the same namespace (that of the S-CSCF, still
	# running), then imsaka-pcscf
	charon_conf "$dir-charon" "$n" 0 "$tmp/charon-storm/sa_journal"
	if ! "$top/testing/scripts/private-charon" --join "$s_pid" \
			"$dir-charon" "$so" "$dir-charon/strongswan.conf"; then
		echo "run-registration: charon did not start again" >&2
		exit 2
	fi
	charon_pid=$(cat "$dir-charon/pid")
	pids+=("$charon_pid")
	nspid=$s_pid
	bg "$tmp/pcscf-storm-2.log" "$pcscf" -c "$tmp/pcscf-storm.conf"
	pp=$bgpid
	if ! wait_udp 10.0.0.20:5060 "$pp" || ! wait_udp 10.2.0.1:5064 "$pp"; then
		echo "run-registration: imsaka-pcscf did not start again:" >&2
		tail -n 5 "$tmp/pcscf-storm-2.log" >&2
		exit 2
	fi
	read -r -a state <<< "$(charon_state)"
	echo "  storm: after the restart (before the storm) charon holds" \
		"${state[0]} SA sets, ${state[1]} contexts$(xfrm_text "${state[2]}")"
	echo "sets_after_restart: ${state[0]} ${state[1]} ${state[2]}" >> "$tmp/storm.stat"
	c0=$(ticks "$pp") k0=$(ticks "$charon_pid") s0=$(ticks "$s_pid")
	echo "storm $t_kill" >&8
	wait "$lp"
	exec 8>&-
	c1=$(ticks "$pp") k1=$(ticks "$charon_pid") s1=$(ticks "$s_pid")
	read -r -a state <<< "$(charon_state)"
	reg=$(get 'storm registered' "$tmp/storm.out")
	reg=${reg:-0}
	{
		echo "sets_end: ${state[0]}"
		echo "contexts_end: ${state[1]}"
		echo "xfrm_end: ${state[2]}"
		r=$(( reg > 0 ? reg : 1 ))
		echo "pcscf_us: $(( (c1 - c0) * 1000000 / hz / r ))"
		echo "charon_us: $(( (k1 - k0) * 1000000 / hz / r ))"
		echo "scscf_us: $(( (s1 - s0) * 1000000 / hz / r ))"
	} >> "$tmp/storm.stat"
	echo "  storm: $(get 'storm registered' "$tmp/storm.out") of $n registered again," \
		"restoration $(get 'storm restoration s' "$tmp/storm.out") s" \
		"(restart took $(get 'storm restart s' "$tmp/storm.out") s)," \
		"outage p50/p95/p99 $(get 'storm outage p50 s' "$tmp/storm.out")/$(get 'storm outage p95 s' "$tmp/storm.out")/$(get 'storm outage p99 s' "$tmp/storm.out") s," \
		"$(get 'storm retransmissions' "$tmp/storm.out") retransmissions," \
		"$(get 'storm failed' "$tmp/storm.out") attempts failed" \
		"($(get 'storm timeouts' "$tmp/storm.out") no answer, $(get 'storm 5xx' "$tmp/storm.out") 5xx," \
		"$(get 'storm 503 retry-after' "$tmp/storm.out") 503 with Retry-After)," \
		"at most $(get 'storm most attempts per UE' "$tmp/storm.out") attempts per UE"
	echo "  storm: at the end charon holds ${state[0]} SA sets, ${state[1]} contexts$(xfrm_text "${state[2]}") for $reg registered UEs;" \
		"CPU per registration: imsaka-pcscf $(get pcscf_us "$tmp/storm.stat") us," \
		"imsaka-scscf $(get scscf_us "$tmp/storm.stat") us, charon $(get charon_us "$tmp/storm.stat") us"
	stop 9 "$pp"
	stop 9 "$charon_pid"
	stop 9 "$s_pid"
	nspid=
}
[ "$storm" -gt 0 ] && storm_run

echo "=== summary"
for n in $counts; do
	pc=$(get registrations/s "$tmp/pcscf-charon-$n.out")
	pf=$(get registrations/s "$tmp/pcscf-fake-$n.out")
	sc=$(get registrations/s "$tmp/scscf-$n.out")
	done_c=$(get registered "$tmp/pcscf-charon-$n.out")
	fail_c=$(get failed "$tmp/pcscf-charon-$n.out")
	note=
	if [ "${done_c:-0}" != "$n" ]; then
		note=" ($done_c of $n registered within $(get seconds "$tmp/pcscf-charon-$n.out") s, $fail_c failed)"
	fi
	echo "registrations/s through imsaka-pcscf, SA sets by charon, $n UEs: ${pc:-0}$note"
	echo "registrations/s through imsaka-pcscf, charon calls answered by a stand-in (no SA sets), $n UEs: ${pf:-0}"
	echo "baseline registrations/s straight to imsaka-scscf, $n UEs: ${sc:-0}"
	if [ "$have_kamailio" = yes ]; then
		echo "anchor registrations/s Kamailio 5.6 MD5 Digest registrar, $n UEs: $(get registrations/s "$tmp/kamailio-$n.out")"
	fi
	awk -v pc="${pc:-0}" -v pf="${pf:-0}" -v sc="${sc:-0}" -v n="$n" \
		-v cu="$(get charon_us "$tmp/pcscf-charon-$n.out")" \
		-v pu="$(get pcscf_us "$tmp/pcscf-fake-$n.out")" \
		-v ka="$(get registrations/s "$tmp/kamailio-$n.out" 2>/dev/null)" \
		-v t="$target_rate" -v b="$backend" -v g="$guest" 'BEGIN {
		if (sc > 0) {
			printf "ratio imsaka-pcscf (charon) / imsaka-scscf alone, %d UEs: %.2f\n", n, pc / sc
			printf "ratio imsaka-pcscf (stand-in) / imsaka-scscf alone, %d UEs: %.2f\n", n, pf / sc
		}
		if (ka > 0)
			printf "ratio imsaka-pcscf (charon) / Kamailio, %d UEs: %.2f\n", n, pc / ka
		if (cu > 0)
			printf "bound by charon (" b "): %d us CPU per SA set installed and promoted, at most %.0f registrations/s per core\n", cu, 1e6 / cu
		if (pu > 0)
			printf "imsaka-pcscf CPU per registration (stand-in run): %d us, at most %.0f registrations/s per core\n", pu, 1e6 / pu
		if (pf > 0)
			printf "ratio imsaka-pcscf (charon, " b ") / imsaka-pcscf (stand-in), %d UEs: %.2f\n", n, pc / pf
		if (!g)
			printf "ratio registrations/s through imsaka-pcscf (charon) / target %d, %d UEs: %.2f\n", t, n, pc / t
	}'
done
last=${counts##* }
# memory at 100,000 UEs if measured, else at the largest count
mem=$last
case " $counts " in *" 100000 "*) mem=100000 ;; esac
bytes=$(get rss_bytes_per_ue "$tmp/pcscf-fake-$mem.out")
heap=$(get heap_bytes_per_ue "$tmp/pcscf-fake-$mem.out")
cbytes=$(get charon_rss_bytes_per_ue "$tmp/pcscf-charon-$mem.out")
echo "memory per registered UE in imsaka-pcscf ($mem UEs, VmRSS growth): $bytes bytes (heap: $heap bytes)"
echo "memory per registered UE in charon ($mem UEs, VmRSS growth; data-plane backend, not counted): $cbytes bytes"
if [ "$have_kamailio" = yes ]; then
	echo "anchor memory per registration in Kamailio ($mem UEs, shm real_used growth): $(get shm_bytes_per_reg "$tmp/kamailio-$mem.out") bytes"
else
	echo "anchor Kamailio: not installed (scripts/install-deps.sh installs kamailio)"
fi
awk -v b="${bytes:-0}" -v t="$target_bytes" 'BEGIN {
	printf "ratio bytes per registered UE / target %d: %.2f\n", t, b / t }'
if [ "$storm" -gt 0 ]; then
	so_out=$tmp/storm.out
	# the rate of the pcscf-charon row with as many UEs, else the storm's
	# own first registration of them
	rate=$(get registrations/s "$tmp/pcscf-charon-$storm.out" 2>/dev/null)
	rate_from="pcscf-charon row, $storm UEs"
	if [ -z "$rate" ]; then
		rate=$(get registrations/s "$so_out")
		rate_from="the storm's first registration"
	fi
	restored=$(get 'storm restoration s' "$so_out")
	perm=$(get 'storm permanent failures' "$so_out")
	sreg=$(get 'storm registered' "$so_out")
	sets_end=$(get sets_end "$tmp/storm.stat")
	ctx_end=$(get contexts_end "$tmp/storm.stat")
	xfrm_end=$(get xfrm_end "$tmp/storm.stat")
	echo "storm ($storm UEs, $backend, backoff base $(get 'storm backoff base s' "$so_out") s max $(get 'storm backoff max s' "$so_out") s):" \
		"restoration ${restored:-none} s from the kill"
	awk -v n="$storm" -v r="${rate:-0}" -v t="${restored:-0}" -v f="$rate_from" 'BEGIN {
		if (r > 0) {
			printf "storm: N / registrations/s (%s: %.0f/s) = %.1f s", f, r, n / r
			if (t > 0)
				printf "; restoration / that = %.2f", t / (n / r)
			printf "\n"
		} }'
	echo "storm outage per UE p50/p95/p99: $(get 'storm outage p50 s' "$so_out")/$(get 'storm outage p95 s' "$so_out")/$(get 'storm outage p99 s' "$so_out") s;" \
		"retransmissions $(get 'storm retransmissions' "$so_out"); permanent failures ${perm:-$storm};" \
		"SA sets at the end ${sets_end:-?} (contexts ${ctx_end:-?}$(xfrm_text "${xfrm_end:--}")) for ${sreg:-0} registered of $storm"
	if [ "${sets_end:-?}" = '?' ]; then
		# charon did not list its state: stale state not known
		stale='?' stale_ctx='?'
	else
		stale=$(( sets_end > ${sreg:-0} ? sets_end - ${sreg:-0} : 0 ))
		stale_ctx=$(( ctx_end > ${sreg:-0} ? ctx_end - ${sreg:-0} : 0 ))
	fi
	if [ "${xfrm_end:--}" != - ] && [ "$xfrm_end" -gt $(( 4 * ${sreg:-0} )) ]; then
		stale_xfrm=$(( xfrm_end - 4 * ${sreg:-0} ))
	else
		stale_xfrm=0
	fi
	echo "storm stale state: $stale SA sets, $stale_ctx contexts$([ "${xfrm_end:--}" = - ] || echo ", $stale_xfrm XFRM states") beyond the registered UEs"
fi

# target lines
verdict()
{
	if [ "$2" = met ]; then
		echo "target $1: met"
	elif [ "$2" = none ]; then
		echo "target $1: not measured"
	else
		echo "target $1: MISSED"
		status=1
	fi
}
pf10=$(get registrations/s "$tmp/pcscf-fake-10000.out" 2>/dev/null)
pf100=$(get registrations/s "$tmp/pcscf-fake-100000.out" 2>/dev/null)
if [ -z "$pf10" ] || [ -n "$guest" ]; then
	v=none
elif [ "$pf10" -ge "$target_rate" ]; then
	v=met
else
	v=missed
fi
verdict "$target_rate registrations/s through imsaka-pcscf (charon stand-in), 10000 UEs (${guest:-${pf10:-not run}})" $v
if [ -z "$pf10" ] || [ -z "$pf100" ]; then
	v=none
else
	v=$(awk -v a="$pf100" -v b="$pf10" -v s="$target_scale" 'BEGIN {
		print (a >= s * b ? "met" : "missed") }')
fi
verdict "registrations/s at 100000 UEs >= $target_scale x at 10000 (stand-in: ${pf100:-not run} vs ${pf10:-not run})" $v
if [ "$mem" != 100000 ]; then
	v=none
elif [ "${bytes:-99999}" -lt "$target_bytes" ]; then
	v=met
else
	v=missed
fi
verdict "< $target_bytes bytes per registered UE in imsaka-pcscf, 100000 UEs ($([ "$mem" = 100000 ] && echo "${bytes:-?}" || echo not run))" $v
if [ "$storm" -le 0 ]; then
	v=none
elif [ "${perm:-1}" = 0 ] && [ "$stale" = 0 ] && [ "$stale_ctx" = 0 ] &&
		[ "$stale_xfrm" = 0 ]; then
	v=met
else
	v=missed
fi
verdict "storm of $storm UEs: 0 permanent failures (${perm:-?}) and 0 stale SA sets (${stale:-?})" $v
exit $status
