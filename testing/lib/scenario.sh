# One scenario of the namespace test bench: test.conf, pretest.dat,
# evaltest.dat, posttest.dat (strongSwan's testing layout).
#
# .dat lines:  host::command                      (pretest, posttest)
#              host::command::pattern::YES|NO     (evaltest)
# The command runs in bash inside the host; evaltest greps its stdout with
# grep -E for the pattern, YES must match, NO must not. The command
# "tcpdump" greps the host's capture as text (tcpdump -r). Placeholders
# PH_IP_<HOST> etc. (lib/topology.sh) are replaced in every field.
#
# Sourced by do-tests.

# split a .dat line: sets TB_L_HOST, TB_L_CMD, TB_L_PAT, TB_L_YESNO
# (the pattern may be empty; fields are split at the first and the last
# two "::", so a command may itself contain "::")
tb_dat_split()
{
	local line=$1 rest
	TB_L_HOST=${line%%::*}
	TB_L_HOST=${TB_L_HOST// /}
	rest=${line#*::}
	TB_L_PAT='' TB_L_YESNO=''
	if [ "$2" = eval ]; then
		TB_L_YESNO=${rest##*::}
		rest=${rest%::*}
		TB_L_PAT=${rest##*::}
		rest=${rest%::*}
	fi
	TB_L_CMD=$rest
}

# TB_ELAPSED: seconds since $1 (an EPOCHREALTIME), as "S.S s" (no fork:
# under emulation every fork of the runner costs)
tb_elapsed()
{
	local us=$(( ${EPOCHREALTIME/./} - ${1/./} ))
	printf -v TB_ELAPSED '%d.%d s' $((us / 1000000)) $((us % 1000000 / 100000))
}

# note in the scenario's setup.log that step $1 ended, the time since $2
tb_setup_mark()
{
	tb_elapsed "$2"
	echo "### $1 in $TB_ELAPSED" >> "$TB_SDIR/setup.log"
}

tb_subst()
{
	sed -f "$TB_STATE/placeholders.sed" <<< "$1"
}

# does the command read host $1's capture: then stop the capture first
tb_reads_capture()
{
	case "$2" in
	*tcpdump*|*tshark*|*CAPTURE*) return 0 ;;
	esac
	return 1
}

# run pretest.dat or posttest.dat; output goes to the scenario's log only
tb_run_dat()
{
	local file=$1 log=$2 line rc start
	[ -f "$file" ] || return 0
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in ''|'#'*) continue ;; esac
		tb_dat_split "$line" plain
		TB_L_CMD=$(tb_subst "$TB_L_CMD")
		tb_reads_capture "$TB_L_HOST" "$TB_L_CMD" &&
			tb_capture_stop "$TB_L_HOST"
		echo "### $TB_L_HOST:: $TB_L_CMD" >> "$log"
		start=$EPOCHREALTIME
		tb_host_run "$TB_L_HOST" "$TB_STATE/out" "$log" bash -c "$TB_L_CMD"
		rc=$?
		tb_elapsed "$start"
		cat "$TB_STATE/out" >> "$log"
		echo "### exit $rc ($TB_ELAPSED)" >> "$log"
		[ $rc -ne 0 ] && tb_say "    note: exit $rc: $TB_L_HOST::$TB_L_CMD"
	done < "$file"
	return 0
}

# run evaltest.dat; prints PASS/FAIL per line, fails if any line failed
tb_run_eval()
{
	local file=$1 log=$2 line out rc match ok fails=0 start
	[ -f "$file" ] || { tb_say "    FAIL no evaltest.dat"; return 1; }
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in ''|'#'*) continue ;; esac
		tb_dat_split "$line" eval
		TB_L_CMD=$(tb_subst "$TB_L_CMD")
		TB_L_PAT=$(tb_subst "$TB_L_PAT")
		TB_L_YESNO=${TB_L_YESNO// /}
		echo "### $TB_L_HOST:: $TB_L_CMD :: $TB_L_PAT :: $TB_L_YESNO" >> "$log"
		start=$EPOCHREALTIME
		if [ "${TB_L_CMD// /}" = tcpdump ]; then
			tb_capture_stop "$TB_L_HOST"
			out=$(tcpdump -n -r "$TB_SDIR/$TB_L_HOST.pcap" 2>>"$log")
			rc=$?
		else
			tb_reads_capture "$TB_L_HOST" "$TB_L_CMD" &&
				tb_capture_stop "$TB_L_HOST"
			tb_host_run "$TB_L_HOST" "$TB_STATE/out" "$log" \
				bash -c "$TB_L_CMD"
			rc=$?
			out=$(cat "$TB_STATE/out")
		fi
		tb_elapsed "$start"
		printf '%s\n### exit %d (%s)\n' "$out" "$rc" "$TB_ELAPSED" >> "$log"
		if grep -qE -- "$TB_L_PAT" <<< "$out"; then
			match=YES
		else
			match=NO
		fi
		case "$TB_L_YESNO" in
		YES|NO)	[ "$match" = "$TB_L_YESNO" ] && ok=PASS || ok=FAIL ;;
		*)	ok=FAIL ;;
		esac
		[ $ok = FAIL ] && fails=$((fails + 1))
		echo "### $ok" >> "$log"
		tb_say "    $ok $(tb_short "$line")"
		if [ $ok = FAIL ]; then	# what it printed, for a log read elsewhere
			tail -n 5 <<< "$out" | cut -c1-300 | sed 's/^/         | /'
		fi
	done < "$file"
	[ "$fails" -eq 0 ]
}

tb_short()
{
	local s=$1
	[ ${#s} -gt 150 ] && [ -z "$TB_VERBOSE" ] && s="${s:0:147}..."
	echo "$s"
}

# set up, run, evaluate and tear down scenario $1 (suite/name); returns 0
# when every evaluation passed
tb_scenario_run()
{
	local name=$1 src=$TB_TESTING/tests/$1 h fails rc=0 start=$EPOCHREALTIME
	TB_SDIR=$TB_RUN_DIR/$name
	mkdir -p "$TB_SDIR"
	tb_say "$name"
	if [ ! -f "$src/test.conf" ]; then
		tb_say "    FAIL no $src/test.conf"
		return 1
	fi
	VIRTHOSTS='' IPSECHOSTS='' TCPDUMPHOSTS='' CERTHOSTS='' CMDTIMEOUT=''
	EXCLUSIVE=''
	# shellcheck disable=SC1091
	. "$src/test.conf"
	TB_HOSTS=$VIRTHOSTS
	# a scenario may give its commands longer than the default (its
	# wait-for commands wait for a long series of events)
	TB_CMD_TIMEOUT=${CMDTIMEOUT:-$TB_CMD_TIMEOUT_DEFAULT}
	cp "$src/test.conf" "$TB_SDIR/"
	[ -f "$src/description.txt" ] && cp "$src/description.txt" "$TB_SDIR/"
	tb_placeholder_sed > "$TB_STATE/placeholders.sed"

	if ! (set -e; tb_topology_up) > "$TB_SDIR/setup.log" 2>&1; then
		tb_say "    FAIL topology, see $TB_SDIR/setup.log"
		tb_scenario_down
		return 1
	fi
	tb_setup_mark "topology up" "$start"
	for h in $TB_HOSTS; do
		tb_host_config "$h" "$src"
	done
	for h in $CERTHOSTS; do
		tb_cert_make "$h" || { tb_say "    FAIL certificate for $h"; rc=1; }
	done
	for h in $IPSECHOSTS; do
		[ -n "$CERTHOSTS" ] && tb_cert_trust "$h"
	done
	for h in $TCPDUMPHOSTS; do
		[ $rc = 0 ] && { tb_capture_start "$h" || rc=1; }
	done
	[ $rc = 0 ] && tb_ladder_capture_start
	tb_setup_mark "captures started" "$start"
	for h in $IPSECHOSTS; do
		[ $rc = 0 ] || break
		if ! tb_charon_start "$h" >> "$TB_SDIR/setup.log" 2>&1; then
			tb_say "    FAIL charon on $h, see $(tb_hostdir "$h")/charon.out"
			rc=1
		elif ! tb_host_exec "$h" swanctl --load-all --noprompt \
				> "$(tb_hostdir "$h")/swanctl-load.log" 2>&1; then
			tb_say "    FAIL swanctl --load-all on $h, see $(tb_hostdir "$h")/swanctl-load.log"
			rc=1
		fi
	done
	tb_setup_mark "set up" "$start"
	if [ $rc = 0 ]; then
		tb_run_dat "$src/pretest.dat" "$TB_SDIR/pretest.log"
		tb_run_eval "$src/evaltest.dat" "$TB_SDIR/evaltest.log"
		fails=$?
		[ "$fails" -ne 0 ] && rc=1
		tb_run_dat "$src/posttest.dat" "$TB_SDIR/posttest.log"
		tb_ladder_draw
	fi
	start=$EPOCHREALTIME
	tb_scenario_down
	tb_setup_mark "torn down" "$start"
	return $rc
}

# stop captures and charons, delete the namespaces (idempotent)
tb_scenario_down()
{
	tb_host_run_kill
	tb_capture_stop
	tb_charon_stop_all
	tb_topology_down
}
