#!/bin/bash
# tls-psk against OpenSSL's own PSK handshakes on one core, measured in the
# same run (bench/bench_tls_psk.c), over memory BIOs:
#  - full handshakes per CPU second of imsaka's UE client context against
#    imsaka's P-CSCF server context (PSK lookup by identity, peer()),
#    against a bare OpenSSL client/server with the same suite and PSK
#    callbacks: TLS 1.2 PSK-AES128-GCM-SHA256 (00a8) and TLS 1.3 1301
#    external PSK (the mode used is printed: OpenSSL 3.0 clients always
#    offer psk_dhe_ke); OpenSSL's psk_ke rate is printed for reference;
#  - heap held per established P-CSCF connection (SSL object, its memory
#    BIOs, the registration's PSK entry) against bare OpenSSL.
#
# usage: bench/run-tls-psk.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_BENCH_SECONDS   CPU seconds of each side of a comparison (default 3;
#                        imsaka and OpenSSL alternate in slices of 20
#                        handshakes, the ratio is the median of the slices'
#                        ratios; the whole run takes ~5x this)
#
# Targets (issue 6): handshakes >= 0.9x OpenSSL's in both versions,
# < 16 KiB held per connection. Exits 1 if one is missed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}

make -C "$build" -s bench/tls_psk >/dev/null
out=$("$build/bench/tls_psk" "${IMSAKA_BENCH_SECONDS:-3}")
echo "$out"

get() { echo "$out" | sed -n "s|^$1: ||p"; }
status=0
for check in "tls12 handshakes tls-psk/openssl >= 0.9:$(get 'ratio tls12 tls-psk/openssl') >= 0.9" \
		"tls13 handshakes tls-psk/openssl >= 0.9:$(get 'ratio tls13 tls-psk/openssl') >= 0.9" \
		"tls12 bytes per connection < 16384:$(get 'tls12 tls-psk bytes per server connection') < 16384" \
		"tls13 bytes per connection < 16384:$(get 'tls13 tls-psk bytes per server connection') < 16384"; do
	what=${check%%:*}
	if awk "BEGIN { exit !(${check#*:}) }"; then
		echo "target $what: met"
	else
		echo "target $what: MISSED"
		status=1
	fi
done
exit $status
