#!/bin/bash
# Checks that the build refuses strongSwan headers that do not match the
# installed charon: another release, or configured without mediation (ME),
# in configure and, for ME, in the plugin source itself.
#
# usage: scripts/build-guards.sh STRONGSWAN_SRC
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
ss=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

check()
{
	local what=$1 log=$2 pattern=$3
	if grep -qE "$pattern" "$log"; then
		echo "PASS: $what"
		passed=$((passed + 1))
	else
		echo "FAIL: $what (no '$pattern' in output:)"
		tail -n 5 "$log" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# a strongSwan tree whose config.h is altered, everything else the real one
fake_tree()
{
	local dir=$1 sedexpr=$2
	mkdir -p "$dir"
	ln -s "$ss/src" "$dir/src"
	sed "$sedexpr" "$ss/config.h" > "$dir/config.h"
}

fake_tree "$tmp/other" 's/^#define VERSION ".*"/#define VERSION "5.0.0"/'
fake_tree "$tmp/nome" '/^#define ME /d'

mkdir -p "$tmp/b1" "$tmp/b2"
(cd "$tmp/b1" && "$top/configure" -q --with-strongswan-src="$tmp/other") \
	> "$tmp/other.log" 2>&1
check "configure refuses headers of another strongSwan release" \
	"$tmp/other.log" "installed charon is strongSwan [0-9.]+ but the"
(cd "$tmp/b2" && "$top/configure" -q --with-strongswan-src="$tmp/nome") \
	> "$tmp/nome.log" 2>&1
check "configure refuses headers without mediation" "$tmp/nome.log" \
	"lacks ME"

gcc -fsyntax-only -include "$tmp/nome/config.h" -I"$ss/src/libstrongswan" \
	-I"$ss/src/libcharon" -I"$ss/src/libsimaka" -I"$top/src/libimsaka" \
	-DIMSAKA_VERSION='"guard"' \
	"$top/src/libcharon-plugin-imsaka/imsaka_plugin.c" > "$tmp/cc.log" 2>&1
check "the plugin does not compile without ME" "$tmp/cc.log" \
	"error: #error imsaka must be built against strongSwan headers"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
