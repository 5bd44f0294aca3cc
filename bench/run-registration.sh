#!/bin/bash
# Full IMS AKA registrations per second through imsaka-pcscf, with 1,000 and
# 10,000 emulated UEs, and the P-CSCF's memory per registered UE, beside
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
# usage: bench/run-registration.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_UES      UE counts (default "1000 10000"; at most 10000, the
#                       S-CSCF's subscriber limit)
# IMSAKA_BENCH_WINDOW   registrations outstanding (default 32: larger ones
#                       overflow the servers' default UDP receive buffers)
# IMSAKA_BENCH_SECONDS  time limit of one load run (default 40)
# IMSAKA_BENCH_LOGLEVEL imsaka-pcscf's log level (default 0)
# IMSAKA_BENCH_KEEP     a folder: the run's logs and outputs are copied there
#
# Targets: 5,000 registrations/s through imsaka-pcscf (with charon), under
# 2 KiB per registered UE in imsaka-pcscf. Exits 1 if one is missed or a
# registration failed, 2 if it cannot run.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
counts=${IMSAKA_BENCH_UES:-1000 10000}
window=${IMSAKA_BENCH_WINDOW:-32}
limit=${IMSAKA_BENCH_SECONDS:-40}
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
for n in $counts; do
	if [ "$n" -lt 1 ] || [ "$n" -gt 10000 ]; then
		echo "run-registration: UE count $n not in 1..10000" >&2
		exit 2
	fi
done

tmp=$(mktemp -d /tmp/imsaka-bench-reg.XXXXXX)
pids=()
nspid=
cleanup()
{
	local p
	for p in "${pids[@]}" $nspid; do
		kill -9 "$p" 2>/dev/null
	done
	for p in "${pids[@]}" $nspid; do
		for _ in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
	done
	if [ -n "${IMSAKA_BENCH_KEEP:-}" ]; then
		mkdir -p "$IMSAKA_BENCH_KEEP" &&
			cp -r "$tmp"/. "$IMSAKA_BENCH_KEEP"/ 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run in the namespace of the current private charon
in_ns() { nsenter -t "$nspid" -m -n "$@"; }
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
# wait until a UDP address:port is bound in the namespace, or pid died
wait_udp()
{
	local addr=$1 pid=$2
	for _ in $(seq 400); do
		in_ns ss -Hlun src "$addr" 2>/dev/null | grep -q . && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
heap_kib()
{
	awk '/\[heap\]/ { h = 1; next } /^[0-9a-f]+-/ { h = 0 }
		h && /^Rss:/ { s += $2 } END { print s + 0 }' "/proc/$1/smaps"
}
# CPU time of a process (all threads), clock ticks
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
get() { sed -n "s|^$1: ||p" "$2"; }

# start a private charon with kernel-libipsec; sets nspid
start_charon()
{
	local n=$1 dir=$tmp/charon-$1
	mkdir -p "$dir"
	cat > "$dir/strongswan.conf" <<-EOF
	charon {
	  load = random nonce aes sha1 sha2 hmac md5 gcm kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici imsaka
	  install_routes = no
	  filelog {
	    bench {
	      path = $dir/charon.log
	      default = 0
	    }
	  }
	  plugins {
	    imsaka {
	      max_contexts = $((n + 100))
	    }
	  }
	}
	EOF
	if ! "$top/testing/scripts/private-charon" "$dir" "$so" \
			"$dir/strongswan.conf" 10.0.0.20/32 10.0.0.30/32 10.0.0.40/32 \
			10.2.0.1/32; then
		return 1
	fi
	nspid=$(cat "$dir/pid")
	# the UEs: 10.64.0.0/16 (their own, protected addresses) and
	# 10.65.0.0/16 (the emulated NAT's) are local, every address usable
	in_ns ip route add local 10.64.0.0/16 dev lo &&
		in_ns ip route add local 10.65.0.0/16 dev lo
}

# write the P-CSCF's configuration for a control socket path
pcscf_conf()
{
	cat > "$1" <<-EOF
	imsaka-pcscf {
	  listen = 10.0.0.20
	  protected_address = 10.2.0.1
	  scscf = 10.0.0.30:5060
	  alg = hmac-sha-1-96
	  ealg = aes-cbc
	  mod = UDP-enc-tun
	  max_registrations = 20000
	  socket = $2
	  loglevel = ${IMSAKA_BENCH_LOGLEVEL:-0}
	}
	EOF
}

# one load run; $1 result name, rest: generator arguments
run_load()
{
	local name=$1
	shift
	in_ns timeout $((limit + 30)) "$load" -w "$window" -T "$limit" "$@" \
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
	pcscf_conf "$tmp/$name.conf" "$sock"
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
		-N 10.65.0.0 -R "$run"
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
echo "method: one network namespace, loopback addresses; UEs 10.64.0.0/16 on lo;"
echo "  towards imsaka-pcscf SM1 comes from an emulated NAT (10.65.0.0/16, port"
echo "  kept: libipsec needs the outer address to differ from the protected one),"
echo "  NAT verdict ue, mod=UDP-enc-tun; SA sets installed and promoted by charon"
echo "  (kernel-libipsec); SM7..SM12 sent in plaintext by the load generator from"
echo "  the UE's protected address:port_c, the data plane is not in the measured"
echo "  path; window $window registrations outstanding; imsaka-pcscf and"
echo "  imsaka-scscf at loglevel 0"
echo "cores: $(nproc)"
for n in $counts; do
	echo "--- $n UEs"
	"$load" -g "$tmp/subscribers-$n.conf" -n "$n" || exit 2
	if ! start_charon "$n"; then
		echo "run-registration: charon did not start" >&2
		exit 2
	fi
	cat > "$tmp/scscf-$n.conf" <<-EOF
	imsaka-scscf {
	  listen = 10.0.0.30
	  tcp = no
	  realm = ims.example.net
	  subscribers = $tmp/subscribers-$n.conf
	  max_pending = $((window * 4 + 64))
	  loglevel = 0
	}
	EOF
	bg "$tmp/scscf-$n.log" "$scscf" -c "$tmp/scscf-$n.conf"
	scscf_pid=$bgpid
	if ! wait_udp 10.0.0.30:5060 "$scscf_pid"; then
		echo "run-registration: imsaka-scscf did not start:" >&2
		tail -n 5 "$tmp/scscf-$n.log" >&2
		exit 2
	fi

	pcscf_run "pcscf-charon-$n" /run/charon.imsaka "$n" 1
	sets=$(in_ns "$imsakactl" call -- list 2>/dev/null |
		grep -c '^set .*which=current installed=yes')
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

echo "=== summary"
for n in $counts; do
	pc=$(get registrations/s "$tmp/pcscf-charon-$n.out")
	pf=$(get registrations/s "$tmp/pcscf-fake-$n.out")
	sc=$(get registrations/s "$tmp/scscf-$n.out")
	done_c=$(get registered "$tmp/pcscf-charon-$n.out")
	fail_c=$(get failed "$tmp/pcscf-charon-$n.out")
	note=
	if [ "${done_c:-0}" != "$n" ]; then
		note=" ($done_c of $n registered within ${limit} s, $fail_c failed)"
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
		-v t="$target_rate" 'BEGIN {
		if (sc > 0) {
			printf "ratio imsaka-pcscf (charon) / imsaka-scscf alone, %d UEs: %.2f\n", n, pc / sc
			printf "ratio imsaka-pcscf (stand-in) / imsaka-scscf alone, %d UEs: %.2f\n", n, pf / sc
		}
		if (ka > 0)
			printf "ratio imsaka-pcscf (charon) / Kamailio, %d UEs: %.2f\n", n, pc / ka
		if (cu > 0)
			printf "bound by charon (kernel-libipsec): %d us CPU per SA set installed and promoted, at most %.0f registrations/s per core\n", cu, 1e6 / cu
		if (pu > 0)
			printf "imsaka-pcscf CPU per registration (stand-in run): %d us, at most %.0f registrations/s per core\n", pu, 1e6 / pu
		printf "ratio registrations/s through imsaka-pcscf (charon) / target %d, %d UEs: %.2f\n", t, n, pc / t
	}'
done
last=${counts##* }
pc=$(get registrations/s "$tmp/pcscf-charon-$last.out")
bytes=$(get rss_bytes_per_ue "$tmp/pcscf-fake-$last.out")
heap=$(get heap_bytes_per_ue "$tmp/pcscf-fake-$last.out")
cbytes=$(get charon_rss_bytes_per_ue "$tmp/pcscf-charon-$last.out")
echo "memory per registered UE in imsaka-pcscf ($last UEs, VmRSS growth): $bytes bytes (heap: $heap bytes)"
echo "memory per registered UE in charon ($last UEs, VmRSS growth; data-plane backend, not counted): $cbytes bytes"
if [ "$have_kamailio" = yes ]; then
	echo "anchor memory per registration in Kamailio ($last UEs, shm real_used growth): $(get shm_bytes_per_reg "$tmp/kamailio-$last.out") bytes"
else
	echo "anchor Kamailio: not installed (scripts/install-deps.sh installs kamailio)"
fi
awk -v b="${bytes:-0}" -v t="$target_bytes" 'BEGIN {
	printf "ratio bytes per registered UE / target %d: %.2f\n", t, b / t }'
if [ "${pc%.*}" -ge "$target_rate" ] 2>/dev/null; then
	echo "target $target_rate registrations/s through imsaka-pcscf: met"
else
	echo "target $target_rate registrations/s through imsaka-pcscf: MISSED"
	status=1
fi
if [ "${bytes:-99999}" -lt "$target_bytes" ]; then
	echo "target < $target_bytes bytes per registered UE: met"
else
	echo "target < $target_bytes bytes per registered UE: MISSED"
	status=1
fi
exit $status
