#!/bin/bash
# ipsec-3gpp SA sets installed and removed per second through the control
# socket and charon's kernel backend in one charon (Debian's, with the built
# plugin, in private mount and network namespaces like the plugin's
# test_control.sh). A set is 4 SAs + 4 policies (sa-install mod=UDP-enc-tun,
# after ctx-create, ctx-keys and spi-alloc); removal is ctx-delete. Every
# phase is pipelined on one connection (bench/sa_set_client.py). A fresh
# charon per K. Printed per K: the rate, charon's RSS growth per set while
# the sets are installed, and the baseline of the same run.
#
# Backends (IMSAKA_BENCH_BACKEND):
#   libipsec  (default) kernel-libipsec, on any kernel. Baseline: as many
#             `hello` round trips as the sets take requests (5 per set),
#             the cost of the socket, the parser and the client alone.
#             Target: 10,000 sets/s installed and removed.
#   netlink   kernel-netlink (XFRM): needs kernel ESP, i.e. the qemu guest
#             (bench/run-sa-set-guest.sh). Anchor: bench/xfrm_batch, the
#             same XFRM messages sent in batches straight to the kernel in
#             an empty network namespace, same K. Targets: cost per set of
#             charon+plugin / anchor <= 1.5, and rate at the largest K /
#             rate at the smallest K >= 0.8.
#
# usage: bench/run-sa-set.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_BACKEND  libipsec or netlink (see above)
# IMSAKA_BENCH_SETS     list of K (default libipsec: 1000, at most 10000:
#                       libipsec scales badly, 10000 takes 9 minutes;
#                       netlink: "1000 50000")
# IMSAKA_BENCH_BATCH    the anchor's sets per sendmsg() (default 32)
# IMSAKA_BENCH_ROUTES   yes: routes per set (charon.install_routes, default
#                       no; under netlink the anchor installs none)
# IMSAKA_BENCH_PERF     file prefix: record a perf profile (perf record -g)
#                       of charon per K while the client runs (FILE-K)
# IMSAKA_BENCH_DEBUG    charon's log level for knl/cfg (default 0; 2 shows
#                       every netlink message with its time)
# IMSAKA_BENCH_KEEP     set: keep the charon logs in /tmp/imsaka-bench-sa-set.*
#
# Exits 1 if a target is missed or sets were left, 2 if it cannot run.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
backend=${IMSAKA_BENCH_BACKEND:-libipsec}
routes=${IMSAKA_BENCH_ROUTES:-no}
batch=${IMSAKA_BENCH_BATCH:-32}
debug=${IMSAKA_BENCH_DEBUG:-0}
charon=/usr/lib/ipsec/charon
so=$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so
anchor=$build/bench/xfrm_batch

case $backend in
libipsec)
	sets=${IMSAKA_BENCH_SETS:-1000}
	load_backend="kernel-libipsec kernel-netlink"
	;;
netlink)
	sets=${IMSAKA_BENCH_SETS:-1000 50000}
	load_backend=kernel-netlink
	if [ ! -x "$anchor" ]; then
		echo "run-sa-set: no $anchor: make -C $build bench" >&2
		exit 2
	fi
	;;
*)
	echo "run-sa-set: IMSAKA_BENCH_BACKEND is libipsec or netlink" >&2
	exit 2
	;;
esac
if [ "$(id -u)" != 0 ] || [ ! -x "$charon" ]; then
	echo "run-sa-set: needs root and $charon" >&2
	exit 2
fi
if [ ! -f "$so" ]; then
	echo "run-sa-set: no plugin at $so: build first" >&2
	exit 2
fi

tmp=$(mktemp -d /tmp/imsaka-bench-sa-set.XXXXXX)
pid=
stop_charon()
{
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		for _ in $(seq 600); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
	fi
	pid=
}
cleanup()
{
	stop_charon
	[ -n "${IMSAKA_BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# VmRSS of a process in KiB
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$1/status"; }

status=0
summary=()
first_rate=
first_k=

# charon + plugin with K sets: sets rate (sets installed and removed/s),
# cost (seconds per set), rss_set (bytes per set), hello (seconds)
run_charon()
{
	local k=$1 dir=$tmp/charon-$1 out left rss0 rss1 perf_pid=
	mkdir -p "$dir"
	cat > "$dir/strongswan.conf" <<EOF
charon {
  load = random nonce aes sha1 sha2 hmac md5 gcm kdf pem pkcs1 x509 pubkey $load_backend socket-default vici imsaka
  install_routes = $routes
  filelog {
    bench {
      path = $dir/charon.log
      default = 0
      knl = $debug
      cfg = $debug
      time_format = %s
      time_precision = us
    }
  }
  plugins {
    imsaka {
      max_contexts = $((k + 100))
      reg_await_auth = 3600
      sa_journal = $dir/sa_journal
    }
  }
}
EOF
	if ! "$top/testing/scripts/private-charon" "$dir" "$so" \
			"$dir/strongswan.conf" 10.2.0.1/32 10.3.0.1/32; then
		tail -n 20 "$dir/charon.log" >&2
		return 2
	fi
	pid=$(cat "$dir/pid")
	if [ -n "${IMSAKA_BENCH_PERF:-}" ]; then
		perf record -q -g -p "$pid" -o "$IMSAKA_BENCH_PERF-$k" 2>/dev/null &
		perf_pid=$!
		# perf takes a while to attach, seconds under emulation
		sleep 3
	fi
	rss0=$(rss "$pid")
	# the client reads charon's VmRSS with the sets installed, before
	# ctx-delete (IMSAKA_BENCH_RSS_PID)
	out=$(IMSAKA_BENCH_RSS_PID=$pid nsenter -t "$pid" -m -n timeout 3600 \
		/usr/bin/python3 "$top/bench/sa_set_client.py" /run/charon.imsaka "$k") || {
		echo "run-sa-set: client failed at K=$k" >&2
		echo "$out"
		tail -n 20 "$dir/charon.log" >&2
		stop_charon
		return 2
	}
	if [ -n "$perf_pid" ]; then
		kill -INT "$perf_pid"
		wait "$perf_pid"
	fi
	left=$(nsenter -t "$pid" -m -n "$build/src/sip-frontend/imsakactl/imsakactl" \
		call -- list | grep -c '^ctx ')
	if [ "$backend" = netlink ]; then
		left=$((left + $(nsenter -t "$pid" -n ip -o xfrm state | wc -l)))
	fi
	stop_charon
	echo "$out" | sed 's/^/  /'
	rss1=$(echo "$out" | sed -n 's/^charon VmRSS KiB with the sets: //p')
	rate=$(echo "$out" | awk -F': ' '/^install seconds/ { i = $2 }
		/^remove seconds/ { r = $2 } END { printf "%.0f", '"$k"' / (i + r) }')
	cost=$(echo "$out" | awk -F': ' '/^install seconds/ { i = $2 }
		/^remove seconds/ { r = $2 } END { printf "%.9f", (i + r) / '"$k"' }')
	hello=$(echo "$out" | sed -n 's/^hello seconds: //p')
	charon_out=$out
	rss_set=$(awk -v a="$rss0" -v b="$rss1" -v n="$k" \
		'BEGIN { printf "%.0f", (b - a) * 1024 / n }')
	echo "  charon VmRSS before the sets: $rss0 KiB, per set: $rss_set bytes"
	echo "  contexts and SAs left after removal: $left"
	if [ "$left" != 0 ]; then
		echo "run-sa-set: $left contexts/SAs left after ctx-delete at K=$k" >&2
		status=1
	fi
}

# the anchor with K sets in an empty network namespace: sets arate, acost
run_anchor()
{
	local k=$1 out
	out=$(unshare -n "$anchor" -b "$batch" "$k") || {
		echo "run-sa-set: anchor failed at K=$k" >&2
		echo "$out"
		status=1
		arate=0
		acost=0
		return 1
	}
	echo "$out" | sed 's/^/  /'
	arate=$(echo "$out" | sed -n 's/^sets installed and removed\/s: //p')
	acost=$(echo "$out" | awk -F': ' '/^install seconds/ { i = $2 }
		/^remove seconds/ { r = $2 } END { printf "%.9f", (i + r) / '"$k"' }')
}

echo "backend: $backend, install_routes: $routes"
if [ "$backend" = netlink ]; then
	# the kernel instantiates the SAs' crypto templates (authenc, hmac,
	# cbc) on the first SA: seconds under emulation, not part of a set
	unshare -n "$anchor" 1 > /dev/null || exit 2
fi
for k in $sets; do
	echo "=== K=$k sets"
	echo " charon + plugin ($backend):"
	run_charon "$k" || exit 2
	line="K=$k: charon+plugin $rate sets/s, charon RSS $rss_set bytes/set"
	if [ "$backend" = netlink ]; then
		echo " anchor (bench/xfrm_batch, $batch sets per sendmsg):"
		run_anchor "$k"
		ratio=$(awk -v c="$cost" -v a="$acost" \
			'BEGIN { printf "%.2f", (a > 0 ? c / a : 0) }')
		verdict=$(awk -v r="$ratio" \
			'BEGIN { print (r > 0 && r <= 1.5) ? "met" : "MISSED" }')
		line="$line, anchor $arate sets/s, cost ratio $ratio (target <= 1.5: $verdict)"
	else
		echo "$charon_out" | awk -F': ' -v n="$k" '/^hello seconds/ { h = $2 }
			/^install seconds/ { i = $2 } /^remove seconds/ { r = $2 } END {
			printf " baseline hello round trips/s: %.0f\n", 5 * n / h
			printf " baseline ceiling sets/s (5 hello per set): %.0f\n", n / h
			printf " sets installed/s: %.0f\n", n / i
			printf " sets removed/s: %.0f\n", n / r
			printf " sets installed and removed/s: %.0f\n", n / (i + r)
			printf " ratio sets installed and removed/s / baseline ceiling: %.2f\n", h / (i + r)
		}'
		line="$line, baseline ceiling $(awk -v n="$k" -v h="$hello" \
			'BEGIN { printf "%.0f", n / h }') sets/s"
		verdict=$(awk -v r="$rate" 'BEGIN { print ((r >= 10000) ? "met" : "MISSED") }')
		line="$line (target 10000 sets/s: $verdict)"
	fi
	[ "$verdict" = met ] || status=1
	if [ -z "$first_rate" ]; then
		first_rate=$rate
		first_k=$k
	elif [ "$backend" = netlink ]; then
		scale=$(awk -v a="$rate" -v b="$first_rate" \
			'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		verdict=$(awk -v r="$scale" 'BEGIN { print ((r >= 0.8) ? "met" : "MISSED") }')
		line="$line, rate K=$k / K=$first_k $scale (target >= 0.8: $verdict)"
		[ "$verdict" = met ] || status=1
	fi
	summary+=("$line")
done
echo "=== summary"
printf '%s\n' "${summary[@]}"
exit $status
