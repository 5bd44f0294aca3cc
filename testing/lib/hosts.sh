# Per-host services of the namespace test bench: one Debian charon per host
# (private /run, imsaka plugin overlaid on /usr/lib/ipsec/plugins), commands
# run inside a host, packet captures and the test CA.
#
# Sourced by do-tests; uses TB_STATE (temp dir), TB_SDIR (scenario output
# dir), TB_PLUGIN_DIR (holds libstrongswan-imsaka.so), TB_TESTING and
# TB_CMD_TIMEOUT from there.

TB_PLUGINS=/usr/lib/ipsec/plugins
TB_CHARON=/usr/lib/ipsec/charon

tb_hostdir()
{
	echo "$TB_SDIR/hosts/$1"
}

# pid of the charon of host $1, empty if it has none
tb_charon_pid()
{
	cat "$TB_STATE/charon-$1.pid" 2>/dev/null
}

# copy hosts/<host>/etc of the scenario with the placeholders replaced
# (PH_HOSTDIR: the host's folder in the results, holding etc/) and
# the bench's strongswan.conf defaults (log file) put in front
tb_host_config()
{
	local h=$1 src=$2 dir sedf f
	dir=$(tb_hostdir "$h")
	mkdir -p "$dir/etc/swanctl"
	for f in x509 x509ca x509ocsp x509aa x509ac x509crl rsa ecdsa bliss \
			pkcs8 pkcs12 private pubkey; do
		mkdir -p "$dir/etc/swanctl/$f"
	done
	sedf="$TB_STATE/placeholders-$h.sed"
	{ tb_self_placeholder_sed "$h"; tb_placeholder_sed; } > "$sedf"
	# -L: units of a kind may share their files through a symbolic link
	if [ -d "$src/hosts/$h/etc" ]; then
		(cd "$src/hosts/$h/etc" && find -L . -type f) | while read -r f; do
			mkdir -p "$dir/etc/$(dirname "$f")"
			sed -e "s|PH_HOSTDIR\\b|$dir|g" -f "$sedf" \
				"$src/hosts/$h/etc/$f" > "$dir/etc/$f"
		done
	fi
	f="$dir/etc/strongswan.conf"
	{
		cat <<-EOF
		# bench defaults (testing/lib/hosts.sh), the scenario's file follows
		charon {
		  plugins { imsaka { sa_journal = $dir/sa_journal } }
		  filelog {
		    bench {
		      path = $dir/charon.log
		      time_format = %H:%M:%S
		      flush_line = yes
		      ike_name = yes
		      default = 2
		    }
		  }
		}
		swanctl {
		  load = pem pkcs1 pkcs8 x509 pubkey gmp random
		}

		EOF
		[ -f "$f" ] && cat "$f"
	} > "$f.new"
	mv "$f.new" "$f"
}

# start the charon of host $1 and wait (bounded) until vici answers
tb_charon_start()
{
	local h=$1 ns dir pid
	ns=$(tb_ns "$h")
	dir=$(tb_hostdir "$h")
	rm -f "$TB_STATE/charon-$h.pid"
	# ip netns exec and unshare exec without forking: $$ of the shell is
	# the pid of charon once it execs
	ip netns exec "$ns" unshare -m --propagation private sh -c "
		mount -t tmpfs none /run &&
		mount -t overlay overlay -o lowerdir=$TB_PLUGIN_DIR:$TB_PLUGINS $TB_PLUGINS &&
		echo \$\$ > $TB_STATE/charon-$h.pid &&
		STRONGSWAN_CONF=$dir/etc/strongswan.conf exec $TB_CHARON" \
		> "$dir/charon.out" 2>&1 < /dev/null 9>&- &
	# not the runner's job: a charon a scenario kills (charon-restart)
	# makes no "Killed" notice; it is stopped by its pid file
	disown $!
	for _ in $(seq 100); do
		pid=$(tb_charon_pid "$h")
		if [ -n "$pid" ] && tb_host_exec "$h" swanctl --stats \
				>/dev/null 2>&1; then
			tb_log "$h: charon $pid ready"
			return 0
		fi
		if [ -n "$pid" ] && ! tb_alive "$pid"; then
			break
		fi
		sleep 0.05
	done
	tb_log "$h: charon did not start, see $dir/charon.out"
	tail -n 5 "$dir/charon.out" >&2
	return 1
}

# stop the processes of the pid files matching $2 with signal $1, then KILL
# after 3 s
tb_stop_pidfiles()
{
	local sig=$1 f pid
	for f in $2; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		kill -"$sig" "$pid" 2>/dev/null
		for _ in $(seq 30); do
			tb_alive "$pid" || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		rm -f "$f"
	done
	return 0
}

# stop every charon
tb_charon_stop_all()
{
	tb_stop_pidfiles TERM "$TB_STATE/charon-*.pid"
}

# command line (in TB_CMD) that runs a command inside host $1: its network
# namespace and, if it runs a charon, that charon's mount namespace (private
# /run with the vici socket); swanctl finds the host's strongswan.conf and
# swanctl.conf. timeout runs it in a process group of its own.
tb_host_cmd()
{
	local h=$1 pid dir
	shift
	pid=$(tb_charon_pid "$h")
	dir=$(tb_hostdir "$h")
	TB_CMD=(timeout -k 2 "$TB_CMD_TIMEOUT")
	if [ -n "$pid" ]; then
		TB_CMD+=(nsenter -t "$pid" -m -n)
	else
		TB_CMD+=(ip netns exec "$(tb_ns "$h")")
	fi
	TB_CMD+=(env PATH="$TB_TESTING/scripts:$PATH" HOST="$h" HOSTDIR="$dir"
		RESULTS="$TB_SDIR" LOG="$dir/charon.log"
		CAPTURE="$TB_SDIR/$h.pcap"
		STRONGSWAN_CONF="$dir/etc/strongswan.conf"
		SWANCTL_DIR="$dir/etc/swanctl"
		CHARON_PIDFILE="$TB_STATE/charon-$h.pid" "$@")
}

# run a command inside host $1 (short commands of the runner itself)
tb_host_exec()
{
	tb_host_cmd "$@"
	"${TB_CMD[@]}" 9>&-
}

# run a .dat command inside host $1, stdout to file $2, stderr to file $3;
# it runs in the background and the runner waits for it, so Ctrl-C reaches
# the runner's trap at once, and tb_host_run_kill stops its process group
tb_host_run()
{
	local h=$1 out=$2 err=$3 rc
	shift 3
	tb_host_cmd "$h" "$@"
	(exec "${TB_CMD[@]}") > "$out" 2>> "$err" < /dev/null 9>&- &
	TB_FG_PID=$!
	wait "$TB_FG_PID"
	rc=$?
	TB_FG_PID=
	return $rc
}

tb_host_run_kill()
{
	if [ -n "${TB_FG_PID:-}" ]; then
		kill -TERM -- "-$TB_FG_PID" 2>/dev/null
		kill -TERM "$TB_FG_PID" 2>/dev/null
		TB_FG_PID=
	fi
	return 0
}

# capture "host[:iface]" (default: any) into $TB_SDIR/<host>.pcap
tb_capture_start()
{
	local h=${1%%:*} ifc=any
	case "$1" in *:*) ifc=${1#*:} ;; esac
	ip netns exec "$(tb_ns "$h")" tcpdump -i "$ifc" -n -U --immediate-mode -Z root \
		-w "$TB_SDIR/$h.pcap" > "$TB_SDIR/$h.tcpdump.log" 2>&1 9>&- &
	echo $! > "$TB_STATE/tcpdump-$h.pid"
	for _ in $(seq 60); do
		grep -qs "listening on" "$TB_SDIR/$h.tcpdump.log" && return 0
		sleep 0.05
	done
	tb_log "$h: tcpdump did not start"
	return 1
}

# stop the capture of host $1 (or of all hosts) so the file is complete
tb_capture_stop()
{
	tb_stop_pidfiles INT "$TB_STATE/tcpdump-${1:-*}.pid"
}

# test CA of this run (made once) and a certificate for host $1, installed
# into its swanctl folders; every charon host trusts the CA. Made under a
# lock: the workers of a -j run share the run's CA and certificates
tb_cert_make()
{
	local h=$1 ca=$TB_RUN_DIR/ca dir
	mkdir -p "$ca" || return 1
	(
		flock 8 || exit 1
		tb_cert_issue "$h" "$ca"
	) 8> "$ca/.lock" || return 1
	dir=$(tb_hostdir "$h")/etc/swanctl
	cp "$ca/${h}Cert.pem" "$dir/x509/"
	cp "$ca/${h}Key.pem" "$dir/rsa/"
}

# make the CA in folder $2 unless it is there, and host $1's key and
# certificate unless they are
tb_cert_issue()
{
	local h=$1 ca=$2 fqdn=$1.ims.example.net
	if [ ! -f "$ca/caCert.pem" ]; then
		openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
			-keyout "$ca/caKey.pem" -out "$ca/caCert.pem" \
			-subj "/C=CH/O=imsaka test/CN=imsaka test CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" \
			2>/dev/null || return 1
	fi
	if [ ! -f "$ca/${h}Cert.pem" ]; then
		openssl genrsa -traditional -out "$ca/${h}Key.pem" 2048 \
			2>/dev/null || return 1
		printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\n' \
			"$fqdn" > "$ca/$h.ext"
		openssl req -new -key "$ca/${h}Key.pem" \
			-subj "/C=CH/O=imsaka test/CN=$fqdn" 2>/dev/null |
		openssl x509 -req -days 30 -CA "$ca/caCert.pem" \
			-CAkey "$ca/caKey.pem" -CAcreateserial \
			-extfile "$ca/$h.ext" -out "$ca/${h}Cert.pem" \
			2>/dev/null || return 1
	fi
}

tb_cert_trust()
{
	cp "$TB_RUN_DIR/ca/caCert.pem" "$(tb_hostdir "$1")/etc/swanctl/x509ca/"
}
