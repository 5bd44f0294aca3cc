#!/bin/bash
# ipsec-3gpp SA sets installed and removed per second through the control
# socket and kernel-libipsec in one charon (Debian's, with the built plugin,
# in private mount and network namespaces like the plugin's test_control.sh).
# A set is 4 SAs + 4 policies (sa-install mod=UDP-enc-tun, after ctx-create,
# ctx-keys and spi-alloc); removal is ctx-delete. Every phase is pipelined on
# one connection (bench/sa_set_client.py). Baseline in the same run: as many
# `hello` round trips as the sets take requests (5 per set), i.e. the cost of
# the socket, the parser and the client alone.
#
# usage: bench/run-sa-set.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_SETS     sets (default 1000; libipsec scales badly beyond)
# IMSAKA_BENCH_ROUTES   yes: kernel-libipsec installs a route per outbound
#                       policy (charon.install_routes, default no)
# IMSAKA_BENCH_PERF     file: record a perf profile (perf record -g) of charon
#                       while the client runs
#
# Target: 10,000 sets/s installed and removed (N / (install + remove time)).
# Exits 1 if missed, 2 if it cannot run (not root, no charon).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
n=${IMSAKA_BENCH_SETS:-1000}
routes=${IMSAKA_BENCH_ROUTES:-no}
charon=/usr/lib/ipsec/charon
so=$build/src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so

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
cleanup()
{
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat > "$tmp/strongswan.conf" <<EOF
charon {
  load = random nonce aes sha1 sha2 hmac md5 gcm kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici imsaka
  install_routes = $routes
  filelog {
    bench {
      path = $tmp/charon.log
      default = 0
    }
  }
  plugins {
    imsaka {
      max_contexts = $((n + 100))
      reg_await_auth = 600
    }
  }
}
EOF

if ! "$top/testing/scripts/private-charon" "$tmp" "$so" "$tmp/strongswan.conf" \
		10.2.0.1/32 10.3.0.1/32; then
	tail -n 20 "$tmp/charon.log" >&2
	exit 2
fi
pid=$(cat "$tmp/pid")

perf_pid=
if [ -n "${IMSAKA_BENCH_PERF:-}" ]; then
	perf record -q -g -p "$pid" -o "$IMSAKA_BENCH_PERF" 2>/dev/null &
	perf_pid=$!
	sleep 0.5
fi
out=$(nsenter -t "$pid" -m -n timeout 600 /usr/bin/python3 \
	"$top/bench/sa_set_client.py" /run/charon.imsaka "$n") || {
	echo "run-sa-set: client failed" >&2
	echo "$out"
	tail -n 20 "$tmp/charon.log" >&2
	exit 2
}
if [ -n "$perf_pid" ]; then
	kill -INT "$perf_pid"
	wait "$perf_pid"
fi
left=$(nsenter -t "$pid" -m -n "$build/src/sip-frontend/imsakactl/imsakactl" \
	call -- list | grep -c '^ctx ')
get() { echo "$out" | sed -n "s|^$1: ||p"; }
echo "$out"
echo "install_routes: $routes"
echo "contexts left after removal: $left"
awk -v n="$n" -v h="$(get 'hello seconds')" -v i="$(get 'install seconds')" \
	-v r="$(get 'remove seconds')" 'BEGIN {
	printf "baseline hello round trips/s: %.0f\n", 5 * n / h
	printf "baseline ceiling sets/s (5 hello per set): %.0f\n", n / h
	printf "sets installed/s: %.0f\n", n / i
	printf "sets removed/s: %.0f\n", n / r
	printf "sets installed and removed/s: %.0f\n", n / (i + r)
	printf "ratio sets installed and removed/s / baseline ceiling: %.2f\n", h / (i + r)
}'
rate=$(awk -v n="$n" -v i="$(get 'install seconds')" \
	-v r="$(get 'remove seconds')" 'BEGIN { printf "%.0f", n / (i + r) }')
if [ "$left" != 0 ]; then
	echo "run-sa-set: $left contexts left after ctx-delete" >&2
	exit 1
fi
if [ "$rate" -ge 10000 ]; then
	echo "target 10000 sets/s installed and removed: met"
else
	echo "target 10000 sets/s installed and removed: MISSED"
	exit 1
fi
