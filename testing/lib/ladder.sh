# Ladder diagrams of the registration scenarios (docs/LADDER.md): while a
# scenario with a UE, a P-CSCF and an S-CSCF that exports its keys runs,
# the P-CSCF and every NAT capture on all their interfaces ('any': a NAT's
# capture holds both sides of a rewrite); after posttest.dat, imsakactl
# ladder draws ladder.svg and ladder.html into the scenario's results from
# those captures and the keys the scenario exported there (<host>-esp_sa,
# Wireshark esp_sa UAT lines, <host>-tls-psk, the tls-psk key in hex, or
# <host>-tls-keylog). Scenarios without
# keys get no ladder (their SIP is inside ESP or TLS). A failure to draw
# is logged (ladder.log) and never fails the scenario.
#
# Sourced by do-tests; uses TB_SDIR, TB_RUN_DIR, TB_STATE, TB_HOSTS,
# TB_TESTING, TB_TOP and tb_ns, tb_host_used, tb_host_ifaces,
# tb_stop_pidfiles, tb_log from there.

TB_LADDER_POINTS="pcscf nat nat2"

# where the scenarios' charons export ESP keys (esp_keys_file)
TB_LADDER_ESP_KEYS=/run/imsaka-esp_sa

# does the running scenario register a UE through a P-CSCF with an S-CSCF
# and export keys (its .dat files copy an esp_sa, a tls-psk key or a TLS
# key log)
tb_ladder_wanted()
{
	local src=$TB_TESTING/tests/${TB_SDIR#"$TB_RUN_DIR"/}
	tb_host_used pcscf && tb_host_used scscf &&
		{ tb_host_used ue || tb_host_used ue2; } &&
		{ grep -qs -e esp_sa -e tls-psk -e tls-keylog "$src"/*.dat ||
			grep -qs "^[^#]*$TB_LADDER_ESP_KEYS" \
				"$src"/hosts/*/etc/strongswan.conf; }
}

# copy the ESP keys charon exported on each host (esp_keys_file =
# $TB_LADDER_ESP_KEYS, in the private /run of its charon) into the results
# as ladder-<host>-esp_sa, where the scenario did not copy them itself
tb_ladder_collect_keys()
{
	local h
	for h in $TB_HOSTS; do
		[ -s "$TB_SDIR/$h-esp_sa" ] && continue
		[ -n "$(tb_charon_pid "$h")" ] || continue
		tb_host_exec "$h" cat "$TB_LADDER_ESP_KEYS" \
			> "$TB_SDIR/ladder-$h-esp_sa" 2>/dev/null ||
			rm -f "$TB_SDIR/ladder-$h-esp_sa"
		[ -s "$TB_SDIR/ladder-$h-esp_sa" ] || rm -f "$TB_SDIR/ladder-$h-esp_sa"
	done
}

# start the ladder's captures (ladder-<host>.pcap; tb_capture_stop without
# a host stops them as well)
tb_ladder_capture_start()
{
	local h
	tb_ladder_wanted || return 0
	for h in $TB_LADDER_POINTS; do
		tb_host_used "$h" || continue
		ip netns exec "$(tb_ns "$h")" tcpdump -i any -n -U --immediate-mode \
			-Z root -w "$TB_SDIR/ladder-$h.pcap" \
			> "$TB_SDIR/ladder-$h.tcpdump.log" 2>&1 9>&- &
		echo $! > "$TB_STATE/tcpdump-ladder-$h.pid"
		for _ in $(seq 60); do
			grep -qs "listening on" "$TB_SDIR/ladder-$h.tcpdump.log" && break
			sleep 0.05
		done
	done
	return 0
}

# --hosts arguments naming every host of the scenario by its addresses
tb_ladder_hosts()
{
	local h spec a
	for h in $TB_HOSTS; do
		a=
		for spec in $(tb_host_ifaces "$h"); do
			spec=${spec#*:*:}
			a="$a,${spec%%/*}"
			spec=${spec#*:}
			a="$a,${spec%%/*}"
		done
		[ "$h" = pcscf ] && a="$a,$TB_PCSCF_INNER4,$TB_PCSCF_INNER6"
		echo "--hosts"
		echo "$h=${a#,}"
	done
}

# draw the ladder of the scenario that just ran (never fails); with
# TB_LADDER_DEFER=1 (the qemu lane's guest, where tshark under emulation
# is slow) only the captures, keys and host names are left in the results
# for tb_ladder_render on the host
tb_ladder_draw()
{
	tb_ladder_wanted || return 0
	tb_stop_pidfiles INT "$TB_STATE/tcpdump-ladder-*.pid"
	tb_ladder_collect_keys
	tb_ladder_hosts > "$TB_SDIR/ladder.hosts"
	[ "${TB_LADDER_DEFER:-}" = 1 ] && return 0
	tb_ladder_render "$TB_SDIR" "${TB_SDIR#"$TB_RUN_DIR"/}" ||
		tb_log "ladder of $TB_SDIR not drawn, see $TB_SDIR/ladder.log"
	return 0
}

# tb_ladder_render DIR TITLE: ladder.svg and ladder.html of a scenario's
# results DIR from its ladder-*.pcap captures, the keys there and
# ladder.hosts; its output in DIR/ladder.log; false if not drawn. Needs
# nothing of the runner (scripts/qemu-lane.sh calls it for the guest's
# results).
tb_ladder_render()
{
	local dir=$1 title=$2 args=() f bin
	bin=${IMSAKACTL:-${IMSAKA_BUILD_DIR:-$TB_TOP/build}/src/sip-frontend/imsakactl/imsakactl}
	for f in "$dir"/ladder-*.pcap; do
		[ -s "$f" ] && args+=(--capture "$f")
	done
	for f in "$dir"/*-esp_sa; do
		[ -s "$f" ] && args+=(--esp-sa "$f")
	done
	for f in "$dir"/*-tls-keylog; do
		[ -s "$f" ] && args+=(--tls-keylog "$f")
	done
	for f in "$dir"/*-tls-psk; do
		[ -s "$f" ] && args+=(--psk-file "$f")
	done
	case " ${args[*]} " in
	*" --capture "*" --esp-sa "*|*" --capture "*" --tls-keylog "*|\
	*" --capture "*" --psk-file "*) ;;
	*)	echo "no capture with keys, no ladder" > "$dir/ladder.log"
		return 0 ;;
	esac
	if [ -s "$dir/ladder.hosts" ]; then
		mapfile -t -O ${#args[@]} args < "$dir/ladder.hosts"
	fi
	timeout 120 "$bin" ladder "${args[@]}" --title "$title" \
		--svg "$dir/ladder.svg" --html "$dir/ladder.html" \
		> "$dir/ladder.log" 2>&1
}
