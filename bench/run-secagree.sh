#!/bin/bash
# Security agreement cost per SM1 on one core: parsing a Security-Client of
# four ipsec-3gpp entries, one tls-psk and one tls-aka, plus negotiating it
# against a P-CSCF policy, beside libosip2 parsing the whole REGISTER
# (osip_message_init + osip_message_parse) in the same run.
#
# usage: bench/run-secagree.sh [BUILD-DIR] (default /work/main/build, or
#        $IMSAKA_BUILD_DIR)
# IMSAKA_BENCH_SECONDS   seconds per measurement (default 1; each figure is
#                        the best of three measurements)
#
# Target: >= 1,000,000 parse+negotiate per second. Exits 1 if missed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-/work/main/build}}

make -C "$build" -s bench/secagree >/dev/null
out=$("$build/bench/secagree" "${IMSAKA_BENCH_SECONDS:-1}")
echo "$out"

rate=$(echo "$out" | sed -n 's|^secagree parse+negotiate/s: ||p')
if awk "BEGIN { exit !($rate >= 1000000) }"; then
	echo "target parse+negotiate/s >= 1000000: met"
else
	echo "target parse+negotiate/s >= 1000000: MISSED"
	exit 1
fi
