# Sourced by bench/run-fleet.sh (after bench/reg-namespace.sh): the fleet's
# network namespaces. One core namespace (the load generator, Kamailio,
# the S-CSCF instances, PostgreSQL) and one namespace per P-CSCF unit
# (the namespace of the unit's private charon, testing/scripts/private-charon,
# with its imsaka-pcscf), joined to the core by a veth pair:
#
#   core 10.9.J.1/30 ---- veth ---- 10.9.J.2/30 unit J (J = 1..3)
#   core: 10.0.0.30, 10.0.0.31 S-CSCF, 10.0.0.40 Kamailio, 10.0.0.50
#         PostgreSQL; the UEs' ($ue_net) and the emulated NAT's ($nat_net)
#         addresses are local
#   unit J: 10.0.J.20 SIP, 10.2.J.1 protected; default route to the core
#
# The SA sets' tunnel-mode routes (table 220, via kernel-libipsec's TUN
# device) are bypassed for the UEs' addresses, as the local route does in
# the one-namespace benchmarks: the load generator sends SM7 and
# MESSAGEs in plaintext and takes SM12 in plaintext (the data plane is not
# in the measured path). Routes point at the veth peer's address (a gateway), so each side keeps
# one neighbour entry whatever the number of UEs. A unit killed (its
# charon and imsaka-pcscf, the only processes in its namespace) takes its
# namespace, its veth pair and the core's routes to it along.
#
# Before sourcing: top, so, pcscf, backend_load, tmp, pids.

core_dns=10.0.0.40

# run in the core namespace
in_core() { nsenter -t "$corepid" -m -n "$@"; }
# run in unit J's namespace
in_unit() { local j=$1; shift; nsenter -t "${unit_charon[$j]}" -m -n "$@"; }

# the CPU time of a process in clock ticks (utime + stime)
ticks()
{
	awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# context switches of a process, all its threads (voluntary and not)
switches()
{
	cat /proc/"$1"/task/*/status 2>/dev/null |
		awk '/ctxt_switches/ { n += $2 } END { print n + 0 }'
}

# ticks of a process and all its children (Kamailio, PostgreSQL)
tree_ticks()
{
	local p sum=0
	for p in $1 $(pgrep -P "$1" 2>/dev/null); do
		sum=$((sum + $(ticks "$p")))
	done
	echo "$sum"
}

# a UDP address:port bound in namespace of pid, or pid died
wait_bound()
{
	local ns=$1 addr=$2 pid=$3
	for _ in $(seq 1200); do
		nsenter -t "$ns" -n ss -Hlun src "$addr" 2>/dev/null | grep -q . &&
			return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# ns_daemon NSPID NAME LOG ADDRS CMD...: CMD in the namespaces of NSPID,
# its output in LOG, until it has bound each UDP address:port of ADDRS
# (space separated); sets daemon_pid; says why and fails if it died first
ns_daemon()
{
	local ns=$1 name=$2 log=$3 addrs=$4 a
	shift 4
	nsenter -t "$ns" -m -n "$@" > "$log" 2>&1 < /dev/null &
	daemon_pid=$!
	disown
	pids+=("$daemon_pid")
	for a in $addrs; do
		if ! wait_bound "$ns" "$a" "$daemon_pid"; then
			echo "run-fleet: $name did not start:" >&2
			tail -n 5 "$log" >&2
			return 1
		fi
	done
}

# the network namespaces made (net:[inode]), for fleet_sweep
fleet_nets=()

# fleet_sweep: SIGKILL to any process still in a namespace of the run
# (what a killed parent left behind), so no namespace outlives the run
fleet_sweep()
{
	local d n p
	[ ${#fleet_nets[@]} -gt 0 ] || return 0
	for d in /proc/[0-9]*; do
		n=$(readlink "$d/ns/net" 2>/dev/null) || continue
		for p in "${fleet_nets[@]}"; do
			[ "$n" = "$p" ] && kill -9 "${d#/proc/}" 2>/dev/null
		done
	done
}

# core_up: the core namespace, held by a sleeping process; sets corepid
core_up()
{
	unshare -m -n --propagation private sh -c "
		echo \$\$ > $tmp/core.pid &&
		ip link set lo up &&
		ip addr add 10.0.0.30/32 dev lo && ip addr add 10.0.0.31/32 dev lo &&
		ip addr add 10.0.0.40/32 dev lo && ip addr add 10.0.0.50/32 dev lo &&
		ip route add local $ue_net dev lo && ip route add local $nat_net dev lo &&
		mount -t tmpfs none /run &&
		exec sleep 100000" > "$tmp/core.out" 2>&1 < /dev/null &
	disown
	for _ in $(seq 100); do
		corepid=$(cat "$tmp/core.pid" 2>/dev/null)
		[ -n "$corepid" ] && in_core ip route show table local 2>/dev/null |
			grep -q "$nat_net" && break
		sleep 0.05
	done
	[ -n "$corepid" ] || return 1
	pids+=("$corepid")
	fleet_nets+=("$(readlink "/proc/$corepid/ns/net")")
}

# unit_up J N CAP QUEUE: unit J (1..) for N UEs, imsaka-pcscf's
# max_handshakes CAP and max_charon_queue QUEUE (CAP 0: no overload
# control at all, handshake_backlog 0 too); sets unit_charon[J],
# unit_pcscf[J]
unit_up()
{
	local j=$1 n=$2 cap=$3 queue=$4 dir=$tmp/unit-$1-$RANDOM nsp
	charon_conf "$dir" "$n"
	if ! "$top/testing/scripts/private-charon" "$dir" "$so" \
			"$dir/strongswan.conf" 10.0.$j.20/32 10.2.$j.1/32; then
		echo "run-fleet: charon of unit $j did not start" >&2
		return 1
	fi
	nsp=$(cat "$dir/pid")
	pids+=("$nsp")
	fleet_nets+=("$(readlink "/proc/$nsp/ns/net")")
	unit_charon[$j]=$nsp
	in_core ip link add "fc$j" type veth peer name fu netns "$nsp" &&
	in_core ip addr add "10.9.$j.1/30" dev "fc$j" &&
	in_core ip link set "fc$j" up &&
	nsenter -t "$nsp" -n ip addr add "10.9.$j.2/30" dev fu &&
	nsenter -t "$nsp" -n ip link set fu up &&
	nsenter -t "$nsp" -n ip route add default via "10.9.$j.1" &&
	nsenter -t "$nsp" -n ip rule add priority 100 to "$ue_net" lookup main &&
	in_core ip route add "10.0.$j.0/24" via "10.9.$j.2" &&
	in_core ip route add "10.2.$j.0/24" via "10.9.$j.2" || return 1
	cat > "$dir/pcscf.conf" <<-EOC
	imsaka-pcscf {
	  listen = 10.0.$j.20
	  protected_address = 10.2.$j.1
	  scscf = $core_dns:5060
	  alg = hmac-sha-1-96
	  ealg = aes-cbc
	  mod = UDP-enc-tun
	  max_registrations = $((2 * n + 1000))
	  max_handshakes = $cap
	  max_charon_queue = $queue
	  handshake_backlog = $([ "$cap" = 0 ] && echo 0 || echo "${IMSAKA_FLEET_BACKLOG:-4}")
	  retry_after = ${IMSAKA_FLEET_RETRY_AFTER:-10}
	  socket = /run/charon.imsaka
	  loglevel = ${IMSAKA_FLEET_LOGLEVEL:-0}
	}
	EOC
	unit_dir[$j]=$dir
	ns_daemon "$nsp" "imsaka-pcscf of unit $j" "$dir/pcscf.log" \
		"10.0.$j.20:5060 10.2.$j.1:5064" "$pcscf" -c "$dir/pcscf.conf"
	local rc=$?
	unit_pcscf[$j]=$daemon_pid
	return $rc
}

# unit_kill J: SIGKILL to unit J's imsaka-pcscf and charon (its
# namespace goes with them)
unit_kill()
{
	local j=$1 p
	for p in "${unit_pcscf[$j]:-}" "${unit_charon[$j]:-}"; do
		[ -n "$p" ] && kill -9 "$p" 2>/dev/null
	done
	for p in "${unit_pcscf[$j]:-}" "${unit_charon[$j]:-}"; do
		[ -n "$p" ] || continue
		for _ in $(seq 50); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.05
		done
	done
	unit_pcscf[$j]= unit_charon[$j]=
}
