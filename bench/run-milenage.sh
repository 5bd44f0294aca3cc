#!/bin/bash
# Milenage throughput on one core, with AES-NI and with the OpenSSL EVP
# fallback, beside the AES-128 single-block rate of the same
# implementation measured in the same run.
#
# usage: bench/run-milenage.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_SECONDS   seconds per measurement (default 1)
#
# Targets (AES-NI): >= 3,000,000 vectors/s with the same K, and >= half the
# AES bound (AES blocks/s / 6, a vector being six AES blocks) in both modes.
# strongSwan's eap-aka-3gpp (OpenSSL EVP per block) does about 2.1M/s on
# this machine. Exits 1 if a target is missed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}

make -C "$build" -s bench >/dev/null
out=$("$build/bench/milenage" "${IMSAKA_BENCH_SECONDS:-1}")
echo "$out"

get() { echo "$out" | sed -n "s|^$1: ||p"; }
status=0
if [ -n "$(get 'aes-ni aes128-blocks/s')" ]; then
	same=$(get 'aes-ni vectors/s same-k')
	for check in "same-k vectors/s >= 3000000:$same >= 3000000" \
			"same-k ratio >= 0.5:$(get 'aes-ni ratio same-k') >= 0.5" \
			"k-changing ratio >= 0.5:$(get 'aes-ni ratio k-changing') >= 0.5"; do
		what=${check%%:*}
		if awk "BEGIN { exit !(${check#*:}) }"; then
			echo "target aes-ni $what: met"
		else
			echo "target aes-ni $what: MISSED"
			status=1
		fi
	done
else
	echo "target: AES-NI not available here, targets not checked"
fi
exit $status
