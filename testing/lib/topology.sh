# Network topology of the namespace test bench: address plan, namespaces,
# links, routes and the nftables NAT rules of the routers.
#
# Every host is a network namespace named "$TB_PREFIX<host>". The links of
# all hosts meet in one switch namespace ("${TB_PREFIX}sw") that holds one
# Linux bridge per segment:
#
#   lan1  10.1.0.0/24      fd00:1::/64       behind the NAT "nat"
#   pub   192.0.2.0/24     2001:db8:2::/64   the public network
#   lan2  198.51.100.0/24  fd00:2::/64       behind the NAT "nat2" (P-CSCF side)
#
# eth0 is each host's first (upstream) interface, so on a router eth0 is
# the public side and eth1 the private one.
#
# Sourced by do-tests; uses TB_PREFIX and tb_log from there.

# host -> "iface:segment:ipv4/len:ipv6/len ..." (pcscf depends on nat2)
tb_host_ifaces()
{
	case "$1" in
	ue)	echo "eth0:lan1:10.1.0.10/24:fd00:1::10/64" ;;
	ue2)	echo "eth0:lan1:10.1.0.20/24:fd00:1::20/64" ;;
	nat)	echo "eth0:pub:192.0.2.1/24:2001:db8:2::1/64" \
		     "eth1:lan1:10.1.0.1/24:fd00:1::1/64" ;;
	nat2)	echo "eth0:pub:192.0.2.2/24:2001:db8:2::2/64" \
		     "eth1:lan2:198.51.100.1/24:fd00:2::1/64" ;;
	pcscf)	if tb_host_used nat2; then
			echo "eth0:lan2:198.51.100.20/24:fd00:2::20/64"
		else
			echo "eth0:pub:192.0.2.20/24:2001:db8:2::20/64"
		fi ;;
	scscf)	echo "eth0:pub:192.0.2.30/24:2001:db8:2::30/64" ;;
	# the fleet (docs/FLEET.md): more P-CSCF units and S-CSCF instances,
	# Kamailio's dispatcher between them, PostgreSQL behind the S-CSCFs
	pcscf2)	echo "eth0:pub:192.0.2.21/24:2001:db8:2::21/64" ;;
	pcscf3)	echo "eth0:pub:192.0.2.22/24:2001:db8:2::22/64" ;;
	scscf2)	echo "eth0:pub:192.0.2.31/24:2001:db8:2::31/64" ;;
	kam)	echo "eth0:pub:192.0.2.40/24:2001:db8:2::40/64" ;;
	db)	echo "eth0:pub:192.0.2.50/24:2001:db8:2::50/64" ;;
	*)	return 1 ;;
	esac
}

# the P-CSCF's protected ("inner") addresses, on a dummy interface
TB_PCSCF_INNER4=10.2.0.1
TB_PCSCF_INNER6=fd00:3::1

# protected address of P-CSCF unit $1 (pcscf, pcscf2, pcscf3): 10.2.0.<n>
# and fd00:3::<n>, "4" or "6" as $2; nothing for other hosts
tb_pcscf_inner()
{
	local n
	case "$1" in
	pcscf)	n=1 ;;
	pcscf[2-9])	n=${1#pcscf} ;;
	*)	return 1 ;;
	esac
	if [ "$2" = 6 ]; then
		echo "fd00:3::$n"
	else
		echo "10.2.0.$n"
	fi
}

# is host $1 part of the running scenario (TB_HOSTS)
tb_host_used()
{
	case " $TB_HOSTS " in *" $1 "*) return 0 ;; esac
	return 1
}

tb_ns()
{
	echo "$TB_PREFIX$1"
}

# placeholder table "NAME VALUE" for the scenario files, longest names
# first (PH_IP_PCSCF_PUB before PH_IP_PCSCF)
tb_placeholders()
{
	local h spec a4 a6 pub4 pub6
	for h in $TB_HOSTS; do
		spec=$(tb_host_ifaces "$h" | awk '{print $1}')
		a4=$(echo "$spec" | cut -d: -f3); a4=${a4%/*}
		a6=$(echo "$spec" | cut -d: -f4-); a6=${a6%/*}
		echo "PH_IP_${h^^} $a4"
		echo "PH_IP6_${h^^} $a6"
	done
	# the address the UE side uses to reach the P-CSCF
	if tb_host_used nat2; then
		pub4=192.0.2.2; pub6=2001:db8:2::2
	else
		pub4=192.0.2.20; pub6=2001:db8:2::20
	fi
	echo "PH_IP_PCSCF_PUB $pub4"
	echo "PH_IP6_PCSCF_PUB $pub6"
	echo "PH_IP_PCSCF_INNER $TB_PCSCF_INNER4"
	echo "PH_IP6_PCSCF_INNER $TB_PCSCF_INNER6"
	for h in $TB_HOSTS; do
		case "$h" in
		pcscf[2-9])
			echo "PH_IP_${h^^}_INNER $(tb_pcscf_inner "$h" 4)"
			echo "PH_IP6_${h^^}_INNER $(tb_pcscf_inner "$h" 6)"
			;;
		esac
	done
	# the source tree's conf/ (shared configurations, e.g. Kamailio's)
	echo "PH_CONF $(cd "$TB_TESTING/../conf" && pwd)"
}

# placeholders naming the host a file is copied for: PH_IP_SELF,
# PH_IP6_SELF and, on a P-CSCF unit, PH_IP_SELF_INNER, PH_IP6_SELF_INNER
# (so units can share one set of files)
tb_self_placeholder_sed()
{
	local h=$1 spec a4 a6
	spec=$(tb_host_ifaces "$h" | awk '{print $1}')
	a4=$(echo "$spec" | cut -d: -f3); a4=${a4%/*}
	a6=$(echo "$spec" | cut -d: -f4-); a6=${a6%/*}
	if tb_pcscf_inner "$h" 4 > /dev/null; then
		printf 's|PH_IP_SELF_INNER\\b|%s|g\n' "$(tb_pcscf_inner "$h" 4)"
		printf 's|PH_IP6_SELF_INNER\\b|%s|g\n' "$(tb_pcscf_inner "$h" 6)"
	fi
	printf 's|PH_IP_SELF\\b|%s|g\ns|PH_IP6_SELF\\b|%s|g\n' "$a4" "$a6"
}

# sed script replacing the placeholders in a file
tb_placeholder_sed()
{
	tb_placeholders | sort -r | while read -r name value; do
		printf 's|%s\\b|%s|g\n' "$name" "$value"
	done
}

# create the namespaces, links and addresses of TB_HOSTS; run it in a
# subshell with set -e, so any failing step fails it
tb_topology_up()
{
	local sw h spec ifc seg a4 a6 peer ns
	sw=$(tb_ns sw)
	ip netns add "$sw"
	ip -n "$sw" link set lo up
	for h in $TB_HOSTS; do
		tb_host_ifaces "$h" >/dev/null || {
			tb_log "unknown host '$h'"; return 1; }
		ns=$(tb_ns "$h")
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		# no DAD: addresses are usable at once, no settle sleeps
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
		for spec in $(tb_host_ifaces "$h"); do
			# the last field, the IPv6 address, takes the colons left
			IFS=: read -r ifc seg a4 a6 <<< "$spec"
			peer="$h-$ifc"
			if ! ip -n "$sw" link show "br-$seg" >/dev/null 2>&1; then
				ip -n "$sw" link add "br-$seg" type bridge
				ip -n "$sw" link set "br-$seg" up
			fi
			ip -n "$sw" link add "$peer" type veth peer name "$ifc" \
				netns "$ns"
			ip -n "$sw" link set "$peer" master "br-$seg" up
			ip -n "$ns" addr add "$a4" dev "$ifc"
			ip -n "$ns" addr add "$a6" dev "$ifc" nodad
			ip -n "$ns" link set "$ifc" up
		done
		tb_host_setup "$h" "$ns"
	done
}

# per-role routes, forwarding and NAT rules
tb_host_setup()
{
	local h=$1 ns=$2
	case "$h" in
	ue|ue2)
		ip -n "$ns" route add default via 10.1.0.1
		ip -n "$ns" -6 route add default via fd00:1::1
		;;
	nat)
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1
		# source ports rewritten into 20000-29999, so scenarios see
		# that the NAT changed the port as well as the address; chosen at
		# random, so a lost mapping comes back on another port (without
		# it the NAT sometimes hands out the same one again)
		ip netns exec "$ns" nft -f - <<-EOF
		table inet imsaka-nat {
			chain postrouting {
				type nat hook postrouting priority srcnat;
				oifname "eth0" ip saddr 10.1.0.0/24 meta l4proto { tcp, udp } masquerade to :20000-29999 random
				oifname "eth0" ip saddr 10.1.0.0/24 masquerade
				oifname "eth0" ip6 saddr fd00:1::/64 meta l4proto { tcp, udp } masquerade to :20000-29999 random
				oifname "eth0" ip6 saddr fd00:1::/64 masquerade
			}
		}
		EOF
		;;
	nat2)
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1
		# port forwarding to the P-CSCF: IKE, NAT-T, SIP and SIP over
		# TLS (5061, tls-psk)
		ip netns exec "$ns" nft -f - <<-EOF
		table inet imsaka-nat {
			chain prerouting {
				type nat hook prerouting priority dstnat;
				iifname "eth0" ip daddr 192.0.2.2 udp dport { 500, 4500, 5060 } dnat ip to 198.51.100.20
				iifname "eth0" ip daddr 192.0.2.2 tcp dport { 5060, 5061 } dnat ip to 198.51.100.20
				iifname "eth0" ip6 daddr 2001:db8:2::2 udp dport { 500, 4500, 5060 } dnat ip6 to fd00:2::20
				iifname "eth0" ip6 daddr 2001:db8:2::2 tcp dport { 5060, 5061 } dnat ip6 to fd00:2::20
			}
			chain postrouting {
				type nat hook postrouting priority srcnat;
				oifname "eth0" ip saddr 198.51.100.0/24 meta l4proto { tcp, udp } masquerade to :30000-39999
				oifname "eth0" ip saddr 198.51.100.0/24 masquerade
				oifname "eth0" ip6 saddr fd00:2::/64 meta l4proto { tcp, udp } masquerade to :30000-39999
				oifname "eth0" ip6 saddr fd00:2::/64 masquerade
			}
		}
		EOF
		;;
	pcscf|pcscf[2-9])
		# the protected address behind the tunnel, on lo (this kernel
		# has no dummy links); deliberately no route to 10.1.0.0/24
		# but through the tunnel
		ip -n "$ns" addr add "$(tb_pcscf_inner "$h" 4)/32" dev lo
		ip -n "$ns" addr add "$(tb_pcscf_inner "$h" 6)/128" dev lo nodad
		if tb_host_used nat2; then
			ip -n "$ns" route add default via 198.51.100.1
			ip -n "$ns" -6 route add default via fd00:2::1
		fi
		;;
	esac
}

# is process $1 alive (a zombie, not yet reaped by its parent, is not)
tb_alive()
{
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
	case "$st" in Z*) return 1 ;; esac
	return 0
}

# kill every process left in a bench namespace (by pid, from
# `ip netns pids`) and delete the namespace; also what a crashed run left
tb_topology_down()
{
	local ns pids pid
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}' |
			grep "^$TB_PREFIX"); do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		if [ -n "$pids" ]; then
			# shellcheck disable=SC2086 # a list of pids
			kill -TERM $pids 2>/dev/null
			for _ in $(seq 30); do
				for pid in $pids; do
					tb_alive "$pid" && break
					pid=
				done
				[ -z "$pid" ] && break
				sleep 0.1
			done
			# shellcheck disable=SC2086
			kill -KILL $pids 2>/dev/null
		fi
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}
