#!/bin/bash
# Builds the libFuzzer targets of the libimsaka parsers directly with clang
# (-fsanitize=fuzzer,address,undefined) and runs each for SECONDS (default
# 10) on a copy of its seed corpus fuzz/corpus/<target>/. Prints runs and
# crashes per target; exits 1 if any target crashed.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]
# FUZZ_OUT  folder for binaries, work corpora and crash artifacts
#           (default: ${TMPDIR:-/tmp}/imsaka-fuzz)
# CC        clang to use (default: clang)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(sec_agree natt digest)
out=${FUZZ_OUT:-${TMPDIR:-/tmp}/imsaka-fuzz}
cc=${CC:-clang}
lib="$top/src/libimsaka"
sources=("$lib"/sec_agree_error.c "$lib"/sec_agree_lex.c
	"$lib"/sec_agree_addr.c "$lib"/sec_agree.c "$lib"/sec_agree_build.c
	"$lib"/sec_agree_negotiate.c "$lib"/sec_agree_natt.c "$lib"/nat_detect.c
	"$lib"/digest_header.c "$lib"/hex.c)

case "$seconds" in
	''|*[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
mkdir -p "$out"
status=0
for t in "${targets[@]}"; do
	bin="$out/fuzz_$t"
	echo "=== $t: build"
	"$cc" -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -I"$lib" \
		"$top/fuzz/fuzz_$t.c" "${sources[@]}" -lcrypto -o "$bin"
	mkdir -p "$out/corpus/$t" "$out/crashes/$t"
	echo "=== $t: run ${seconds}s"
	log="$out/$t.log"
	stamp="$out/$t.start"
	touch "$stamp"
	if "$bin" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$out/crashes/$t/" \
			"$out/corpus/$t" "$top/fuzz/corpus/$t" >"$log" 2>&1; then
		result=ok
	else
		result=CRASH
		status=1
		grep -E "ERROR|SUMMARY|runtime error|abort|differs" "$log" | head -20
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	# crash files of this run only; earlier ones stay for inspection
	crashes=$(find "$out/crashes/$t" -type f -newer "$stamp" | wc -l)
	corpus=$(find "$out/corpus/$t" -type f | wc -l)
	echo "$t: $result, ${runs:-?} runs in ${seconds}s, corpus $corpus," \
		"crash files $crashes (log $log)"
done
exit $status
