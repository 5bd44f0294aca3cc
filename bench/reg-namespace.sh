# Sourced by bench/run-registration.sh and bench/run-soak.sh: the one
# private network namespace they run in (a private charon from
# testing/scripts/private-charon, Debian's with the built plugin), the
# address plan of the emulated UEs, the configurations of charon,
# imsaka-scscf and imsaka-pcscf, and the small helpers both use.
#
# Before sourcing: top, so (the plugin), imsakactl, backend_load (charon's
# kernel backend plugins), window. Sets tmp (a new folder, removed at exit
# after a copy into $bench_keep if that is set), pids (killed at exit),
# nspid.

# the UEs' own addresses and the emulated NAT's: /15 each (BENCH_REG_MAX_UES)
ue_net=10.64.0.0/15
nat_base=10.66.0.0
nat_net=$nat_base/15
max_ues=128000

# bench_init PREFIX KEEP: the run's folder /tmp/PREFIX.XXXXXX, and the exit
# trap that kills what the run started and copies its logs into KEEP
bench_init()
{
	tmp=$(mktemp -d "/tmp/$1.XXXXXX")
	bench_keep=$2
	pids=()
	nspid=
	trap bench_cleanup EXIT
	trap 'exit 130' INT TERM
}

bench_cleanup()
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
	if [ -n "$bench_keep" ]; then
		mkdir -p "$bench_keep" && cp -r "$tmp"/. "$bench_keep"/ 2>/dev/null
	fi
	rm -rf "$tmp"
}

# run in the namespace of the current private charon
in_ns() { nsenter -t "$nspid" -m -n "$@"; }
# a value of /proc/PID/status in KiB (VmRSS, ...)
kib() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status" 2>/dev/null; }
# the last "KEY: value" line's value in a file (empty if none, or no file)
get() { sed -n "s|^$1: ||p" "$2" 2> /dev/null | tail -n 1; }

# wait until a UDP address:port is bound in the namespace, or pid died
# (imsaka-scscf takes about 8 s to load 100,000 subscribers)
wait_udp()
{
	local addr=$1 pid=$2
	for _ in $(seq 1200); do
		in_ns ss -Hlun src "$addr" 2>/dev/null | grep -q . && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# charon_conf DIR N [LEVEL [JOURNAL]]: charon's configuration for N
# contexts in folder DIR, its log at LEVEL, its SA set journal JOURNAL
# (default in DIR; a charon started again names the killed one's)
charon_conf()
{
	local dir=$1 n=$2 level=${3:-0} journal=${4:-$1/sa_journal}
	mkdir -p "$dir"
	cat > "$dir/strongswan.conf" <<-EOC
	charon {
	  load = random nonce aes sha1 sha2 hmac md5 gcm kdf pem pkcs1 x509 pubkey $backend_load socket-default vici imsaka
	  install_routes = no
	  filelog {
	    bench {
	      path = $dir/charon.log
	      default = $level
	    }
	  }
	  plugins {
	    imsaka {
	      max_contexts = $((n + 100))
	      sa_journal = $journal
	    }
	  }
	}
	EOC
}

# start_charon NAME N [LEVEL [ENV...]]: a private charon with the backend
# in a new namespace, NAME's folder in $tmp, ENV (VAR=value) in its
# environment; sets nspid
start_charon()
{
	local name=$1 n=$2 level=${3:-0} dir=$tmp/charon-$1
	shift $(($# < 3 ? $# : 3))
	charon_conf "$dir" "$n" "$level"
	if ! env "$@" "$top/testing/scripts/private-charon" "$dir" "$so" \
			"$dir/strongswan.conf" 10.0.0.20/32 10.0.0.30/32 10.0.0.40/32 \
			10.2.0.1/32; then
		return 1
	fi
	nspid=$(cat "$dir/pid")
	pids+=("$nspid")
	# the UEs: $ue_net (their own, protected addresses) and $nat_net (the
	# emulated NAT's) are local, every address usable
	in_ns ip route add local $ue_net dev lo &&
		in_ns ip route add local $nat_net dev lo || return 1
	if [ "${backend:-}" = kernel-netlink ]; then
		# the load generator sends SM7..SM12 in plaintext (no ESP on the
		# UE side): the kernel neither enforces the SA sets' inbound
		# policies (disable_policy) nor encrypts by their outbound ones
		# (disable_xfrm) on lo; the sets are installed all the same
		in_ns sysctl -qw net.ipv4.conf.lo.disable_policy=1 \
			net.ipv4.conf.lo.disable_xfrm=1 || return 1
	fi
}

# charon's SA sets and contexts from its plugin's stats (not list: list
# reads every SA's counters, which kernel-libipsec finds by searching all
# its SAs, minutes at 10,000 sets) as "current temp old contexts"; "? ? ? ?"
# if charon did not answer, the reason on stderr
charon_sets()
{
	local stats key line=
	if ! stats=$(in_ns "$imsakactl" call -- stats 2>&1); then
		echo "  charon: imsakactl stats failed: $(tail -n 1 <<< "$stats")" >&2
		echo "? ? ? ?"
		return
	fi
	for key in sets-current sets-temp sets-old contexts; do
		line+="$(sed -n "s/.* $key=\([0-9]*\).*/\1/p" <<< "$stats" | grep . || echo '?') "
	done
	echo "${line% }"
}

# scscf_conf FILE SUBSCRIBERS MAX-PENDING: imsaka-scscf on 10.0.0.30
scscf_conf()
{
	cat > "$1" <<-EOC
	imsaka-scscf {
	  listen = 10.0.0.30
	  tcp = no
	  realm = ims.example.net
	  subscribers = $2
	  max_pending = $3
	  loglevel = 0
	}
	EOC
}

# pcscf_conf FILE SOCKET N [LEVEL]: imsaka-pcscf on 10.0.0.20 (protected
# 10.2.0.1) for N UEs, charon's control socket SOCKET
pcscf_conf()
{
	cat > "$1" <<-EOC
	imsaka-pcscf {
	  listen = 10.0.0.20
	  protected_address = 10.2.0.1
	  scscf = 10.0.0.30:5060
	  alg = hmac-sha-1-96
	  ealg = aes-cbc
	  mod = UDP-enc-tun
	  max_registrations = $((2 * $3 + 1000))
	  socket = $2
	  loglevel = ${4:-0}
	}
	EOC
}
