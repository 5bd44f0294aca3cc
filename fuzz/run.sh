#!/bin/bash
# Builds the libFuzzer targets directly with clang (-fsanitize=fuzzer,
# address,undefined) and runs each for SECONDS (default 10) on a copy of its
# seed corpus fuzz/corpus/<target>/. Prints runs and crashes per target;
# exits 1 if any target crashed (or did not build).
#
# Targets: the libimsaka parsers (secagree, natt, digest), the tls-aka
# record reader and layer (tls_record), and the SIP programs' message entry
# points with the fakes of their unit tests (scscf, pcscf, ue), and the
# parser, model and writers of imsakactl ladder behind tshark (ladder). The
# SIP and ladder targets compile the programs' sources as listed in their
# Makefile fragments, and link libstrongswan and libosip2.
#
# Objects and binaries are kept in FUZZ_OUT and rebuilt only when a source,
# a header or the flags changed; targets run FUZZ_JOBS at a time.
#
# usage: fuzz/run.sh [SECONDS] [TARGET...]    (SECONDS 0: build only)
# FUZZ_OUT       folder for objects, binaries, work corpora and crash
#                artifacts (default: ${TMPDIR:-/tmp}/imsaka-fuzz)
# FUZZ_JOBS      targets fuzzed at a time, and compile jobs (default: nproc)
# CC             clang to use (default: clang)
# STRONGSWAN_SRC configured strongSwan tree for the SIP targets (default:
#                /var/cache/imsaka/strongswan-<version of charon>)
# IPSECDIR       where libstrongswan.so is (default: /usr/lib/ipsec)
#
# A crash reproduces with: $FUZZ_OUT/fuzz_<target> <crash file>
# (FUZZ_VERBOSE=1 prints what the SIP and tls_record targets do).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
shift || true
targets=("$@")
all=(secagree natt digest tls_record scscf pcscf ue ladder)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
out=${FUZZ_OUT:-${TMPDIR:-/tmp}/imsaka-fuzz}
cc=${CC:-clang}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
ipsecdir=${IPSECDIR:-/usr/lib/ipsec}
lib=src/libimsaka
fe=src/sip-frontend

case "$seconds" in
	''|*[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
for t in "${targets[@]}"; do
	[ -f "$top/fuzz/fuzz_$t.c" ] || { echo "unknown target $t" >&2; exit 2; }
done
cd "$top"
mkdir -p "$out/obj"

# an automake fragment with the fragments it includes
mk_cat() {
	local inc

	cat "$1"
	sed -n 's/^include  *//p' "$1" | while read -r inc; do
		if [ -f "$inc" ]; then
			mk_cat "$inc"
		fi
	done
}

# the .c files of an automake _SOURCES variable (= and += lines)
mk_sources() {
	mk_cat "$1" | awk -v var="$2" '
		cont { print; cont = /\\$/; next }
		$1 == var && ($2 == "=" || $2 == "+=") { print; cont = /\\$/ }
	' | tr " \t\\\\" '\n' | grep '\.c$' || true
}

is_sip() {
	case "$1" in scscf|pcscf|ue|ladder) return 0 ;; *) return 1 ;; esac
}

# sources of a SIP target beyond libimsaka: program library and test fakes
sip_sources() {
	case "$1" in
		scscf) mk_sources $fe/scscf/scscf.mk \
				src_sip_frontend_scscf_libscscf_la_SOURCES ;;
		pcscf) mk_sources $fe/pcscf/pcscf.mk \
				src_sip_frontend_pcscf_libpcscf_la_SOURCES
			echo $fe/pcscf/tests/pcscf_fakes.c ;;
		ue) mk_sources $fe/ue/ue.mk \
				src_sip_frontend_ue_libimsaka_ue_la_SOURCES
			echo $fe/ue/tests/fake_control.c
			echo $fe/ue/tests/fake_transport.c ;;
		ladder) mk_sources $fe/imsakactl/imsakactl.mk \
				src_sip_frontend_libimsaka_ladder_la_SOURCES ;;
	esac
}

lib_sources=$(mk_sources $lib/libimsaka.mk src_libimsaka_libimsaka_la_SOURCES |
	sort -u)
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-g -O1 -std=gnu11 $sanitize -fsanitize=fuzzer-no-link"
# as AM_CPPFLAGS has it
version=$(sed -n 's/^AC_INIT(\[imsaka\], *\[\([^]]*\)\].*/\1/p' configure.ac)
lib_flags="-I$lib -DIMSAKA_VERSION=\"${version:-fuzz}\""
need_sip=false
for t in "${targets[@]}"; do
	if is_sip "$t"; then
		need_sip=true
	fi
done
sip_flags=""
sip_objs_sources=""
if $need_sip; then
	if [ -z "${STRONGSWAN_SRC:-}" ]; then
		ssversion=$("$ipsecdir/charon" --version 2>/dev/null |
			sed -n 's/.*strongSwan \([0-9.]*\).*/\1/p' || true)
		STRONGSWAN_SRC=/var/cache/imsaka/strongswan-${ssversion:-5.9.8}
	fi
	if [ ! -f "$STRONGSWAN_SRC/config.h" ]; then
		echo "no configured strongSwan tree at $STRONGSWAN_SRC" \
			"(set STRONGSWAN_SRC)" >&2
		exit 2
	fi
	# fuzz/shim: the tests' fakes use Check's ck_assert, made abort() here
	sip_flags="-Ifuzz/shim -include $STRONGSWAN_SRC/config.h"
	sip_flags+=" -I$STRONGSWAN_SRC/src/libstrongswan $lib_flags -I$fe/common"
	sip_flags+=" -I$fe/sip -I$fe/scscf -I$fe/pcscf -I$fe/ue -I$fe/imsakactl"
	# read once: other work may change the fragments while this runs
	frontend_sources=$(mk_sources $fe/common/common.mk \
			src_sip_frontend_libimsaka_frontend_la_SOURCES
		mk_sources $fe/frontends.mk src_sip_frontend_libimsaka_sip_la_SOURCES)
	declare -A target_sources
	for t in "${targets[@]}"; do
		if is_sip "$t"; then
			target_sources[$t]="$frontend_sources $(sip_sources "$t")"
			sip_objs_sources+=" ${target_sources[$t]}"
		fi
	done
	sip_objs_sources=$(echo "$sip_objs_sources" | tr ' ' '\n' | sort -u)
fi

# everything a compile of the programs' sources may read besides the source
headers=$( (echo "$cc $cflags | $lib_flags | $sip_flags"
	"$cc" --version | head -1
	find $lib $fe fuzz/shim -name '*.h' | sort | xargs cat
	[ -z "$sip_flags" ] || cat "$STRONGSWAN_SRC/config.h") |
	sha256sum | cut -c1-16)

# objects: name, key (source and headers), rebuilt when the key changed
obj_of() {
	echo "$out/obj/$(echo "${1%.c}" | tr / _).o"
}
todo=()
for src in $lib_sources $sip_objs_sources; do
	obj=$(obj_of "$src")
	key="$headers $(sha256sum < "$src" | cut -c1-16)"
	if [ -f "$obj" ] && [ "$(cat "$obj.key" 2>/dev/null)" = "$key" ]; then
		continue
	fi
	rm -f "$obj" "$obj.key"
	case "$src" in
		$lib/*) flags=$lib_flags ;;
		*) flags=$sip_flags ;;
	esac
	todo+=("$src" "$obj" "$key" "$flags")
done
if [ ${#todo[@]} -gt 0 ]; then
	echo "=== compile $(( ${#todo[@]} / 4 )) objects"
	export cc cflags
	# shellcheck disable=SC2016
	if ! printf '%s\0' "${todo[@]}" | xargs -0 -n4 -P "$jobs" sh -c '
			$cc $cflags $4 -c "$1" -o "$2" && echo "$3" > "$2.key"' sh; then
		echo "compile FAILED" >&2
		exit 1
	fi
fi

# link a target when its source, headers or objects changed
link() {
	local t=$1 bin="$out/fuzz_$1" objs="" libs="-lcrypto" flags=$lib_flags
	local src key

	for src in $lib_sources; do
		objs+=" $(obj_of "$src")"
	done
	if is_sip "$t"; then
		for src in ${target_sources[$t]}; do
			objs+=" $(obj_of "$src")"
		done
		flags=$sip_flags
		libs="-L$ipsecdir -Wl,-rpath,$ipsecdir -lstrongswan -losipparser2"
		libs+=" -lssl -lcrypto"
	fi
	# shellcheck disable=SC2086
	key="$headers $(cat fuzz/fuzz_$t.c fuzz/*.h $objs | sha256sum |
		cut -c1-16)"
	if [ -x "$bin" ] && [ "$(cat "$bin.key" 2>/dev/null)" = "$key" ]; then
		return 0
	fi
	echo "=== $t: build"
	rm -f "$bin.key"
	# shellcheck disable=SC2086
	"$cc" ${cflags/-fsanitize=fuzzer-no-link/-fsanitize=fuzzer} $flags \
		fuzz/fuzz_$t.c $objs $libs -o "$bin" || return 1
	echo "$key" > "$bin.key"
}

# run a target; its summary line goes to $out/<t>.result
run() {
	local t=$1 bin="$out/fuzz_$1" log="$out/$1.log" stamp="$out/$1.start"
	local dict="" result runs crashes corpus

	mkdir -p "$out/corpus/$t" "$out/crashes/$t"
	if [ -f "fuzz/$t.dict" ]; then
		dict="-dict=fuzz/$t.dict"
	elif is_sip "$t"; then
		dict="-dict=fuzz/sip.dict"
	fi
	touch "$stamp"
	# shellcheck disable=SC2086
	if "$bin" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 $dict \
			-artifact_prefix="$out/crashes/$t/" \
			"$out/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
		result=ok
	else
		result=CRASH
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	# crash files of this run only; earlier ones stay for inspection
	crashes=$(find "$out/crashes/$t" -type f -newer "$stamp" | wc -l)
	corpus=$(find "$out/corpus/$t" -type f | wc -l)
	echo "$t: $result, ${runs:-?} runs in ${seconds}s, corpus $corpus," \
		"crash files $crashes (log $log)" > "$out/$t.result"
}

status=0
built=()
for t in "${targets[@]}"; do
	if link "$t"; then
		built+=("$t")
	else
		echo "$t: build FAILED"
		status=1
	fi
done
if [ "$seconds" = 0 ]; then
	exit $status	# build only
fi
echo "=== run ${built[*]}: ${seconds}s each, $jobs at a time"
pids=()
for t in "${built[@]}"; do
	rm -f "$out/$t.result"
	run "$t" &
	pids+=($!)
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n || true
	done
done
wait
for t in "${built[@]}"; do
	line=$(cat "$out/$t.result" 2>/dev/null || echo "$t: no result")
	case "$line" in
		"$t: ok,"*) ;;
		*)
			status=1
			grep -E "ERROR|SUMMARY|runtime error|abort|differs|invariant" \
				"$out/$t.log" | head -20 || true
			;;
	esac
	echo "$line"
done
exit $status
