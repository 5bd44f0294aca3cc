#!/bin/bash
# tls-aka against OpenSSL's own TLS 1.3 on one core, measured in the same
# run (bench/bench_tls_record.c):
#  - record throughput: imsaka's seal + open of 16 KiB AES-128-GCM records
#    against SSL_write + SSL_read of an in-process OpenSSL client/server
#    pair (one memory BIO between them);
#  - connection setup: tls-aka (both sides derive their keys from CK/IK,
#    the UE seals a first record, the P-CSCF opens it) against an OpenSSL
#    TLS 1.3 external-PSK handshake plus the first record, psk_dhe_ke and
#    psk_ke; the faster OpenSSL mode is the baseline;
#  - heap held per idle P-CSCF connection, tls-aka against OpenSSL.
# Rates are per CPU second of the one thread running both sides, so other
# load on the machine disturbs them less.
#
# usage: bench/run-tls-record.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_SECONDS   seconds per measurement (default 1; each figure is
#                        the best of three measurements)
#
# Targets: records >= 0.9x OpenSSL's throughput, setup >= 10x OpenSSL's
# PSK handshake rate, < 16 KiB per connection. Exits 1 if one is missed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}

make -C "$build" -s bench/tls_record >/dev/null
out=$("$build/bench/tls_record" "${IMSAKA_BENCH_SECONDS:-1}")
echo "$out"

get() { echo "$out" | sed -n "s|^$1: ||p"; }
status=0
for check in "records tls-aka/openssl >= 0.9:$(get 'ratio records tls-aka/openssl') >= 0.9" \
		"setup tls-aka/openssl >= 10:$(get 'ratio setup tls-aka/openssl-fastest') >= 10" \
		"bytes per connection < 16384:$(get 'tls-aka bytes per idle connection') < 16384"; do
	what=${check%%:*}
	if awk "BEGIN { exit !(${check#*:}) }"; then
		echo "target $what: met"
	else
		echo "target $what: MISSED"
		status=1
	fi
done
exit $status
