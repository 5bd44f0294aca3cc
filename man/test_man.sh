#!/bin/bash
# Tests of the man pages: each renders with groff (and man, where installed)
# without a warning; imsaka.conf.5 has every option of conf/plugins/imsaka.opt;
# imsakactl.8 every command `imsakactl help` lists; imsaka-pcscf.8,
# imsaka-ue.8 and imsaka-scscf.8 every option their program reads (found in
# the config parsers' sources and the example configurations), and
# imsaka-pcscf.8 every counter of its status socket. Prints one line per
# check; exits 1 on any failure.
#
# srcdir     source tree (automake sets it; default: this script's ../)
# MANDIR     folder of the built pages (default: man, relative to the build
#            folder automake runs tests in)
# IMSAKACTL  imsakactl binary (default: ./src/sip-frontend/imsakactl/imsakactl)
set -u

src=${srcdir:-$(dirname "$0")/..}
mandir=${MANDIR:-man}
imsakactl=${IMSAKACTL:-./src/sip-frontend/imsakactl/imsakactl}
fe=$src/src/sip-frontend

checks=0
failures=0
pass() { checks=$((checks + 1)); echo "ok   $1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $1"; }

# page_text PAGE: the page's source with \- as -, for matching
page_text() {
	sed -e 's/\\-/-/g' "$mandir/$1"
}

# has_entry PAGE NAME: NAME is the tag of a .TP entry (".B NAME",
# ".BR NAME ...") or a subsection (".SS NAME"); a mention in running text
# does not count
has_entry() {
	page_text "$1" | awk -v name="$2" '
		(($1 == ".B" || $1 == ".BR") && prev == ".TP" || $1 == ".SS") &&
			($2 == name || $2 == "\"" name "\"") { found = 1 }
		{ prev = $1 }
		END { exit !found }'
}

# expect_entries PAGE WHAT MIN NAME...: each NAME has an entry in PAGE;
# fewer than MIN names means the names were not found where expected
expect_entries() {
	local page=$1 what=$2 min=$3 name missing=
	shift 3
	if [ $# -lt "$min" ]; then
		fail "$page: only $# $what found (at least $min expected)"
		return
	fi
	for name in "$@"; do
		has_entry "$page" "$name" || missing="$missing $name"
	done
	if [ -n "$missing" ]; then
		fail "$page: $what not documented:$missing"
	else
		pass "$page: all $# $what documented"
	fi
}

# config_keys FILE...: option keys the config parsers in FILE read (the
# frontend_conf getters, the parsers' wrappers around them, and the
# subscriber entries' entry_str(settings, at, "key", ...))
config_keys() {
	local f
	for f in "$@"; do
		tr '\n' ' ' < "$f"; echo
	done | grep -oE '((frontend_conf_(str|uint|bool|addr)|read_string|read_host|read_list|get_text|addr_or)\(|entry_str\([^")]*)[[:space:]]*"[a-z0-9_]+"' |
		sed -E 's/.*"([a-z0-9_]+)"$/\1/'
}

# example_keys FILE: keys set or shown commented out in an example file
example_keys() {
	sed -nE 's/^[[:space:]]*(#[[:space:]]*)?([a-z][a-z0-9_]*) = .*/\2/p' "$1"
}

pages="imsakactl.8 imsaka-pcscf.8 imsaka-ue.8 imsaka-scscf.8 imsaka.conf.5"

# rendering
for page in $pages; do
	if [ ! -s "$mandir/$page" ]; then
		fail "$page: not built in $mandir"
		continue
	fi
	if ! warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$mandir/$page" 2>&1) ||
		[ -n "$warnings" ]; then
		fail "$page: groff -ww warns: $warnings"
	else
		pass "$page: groff -man -ww renders it without a warning"
	fi
	if command -v man >/dev/null; then
		warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l \
				   "$mandir/$page" 2>&1 >/dev/null)
		lines=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$mandir/$page" \
				2>/dev/null | wc -l)
		if [ -n "$warnings" ] || [ "$lines" -lt 20 ]; then
			fail "$page: man -l: $lines lines, warnings: $warnings"
		else
			pass "$page: man --warnings -l renders $lines lines"
		fi
	fi
done

# imsaka.conf.5: every option of the .opt file, by its full name
opts=$(awk '/^[^[:space:]#]/ && !/\{[[:space:]]*#?[[:space:]]*\}/ &&
		!/\.include[[:space:]]/ {
			sub(/[[:space:]]*:?=.*/, ""); gsub(/\\\./, "."); print $1 }' \
	   "$src/conf/plugins/imsaka.opt")
# shellcheck disable=SC2086
expect_entries imsaka.conf.5 "options of imsaka.opt" 10 $opts

# imsakactl.8: every command of `imsakactl help`, and the version/help words
if [ ! -x "$imsakactl" ]; then
	fail "no imsakactl binary at $imsakactl (set IMSAKACTL)"
elif ! help=$("$imsakactl" help 2>&1); then
	fail "imsakactl help failed: $help"
else
	cmds=$(echo "$help" | awk '/^  [a-z]/ { print $1 }')
	# shellcheck disable=SC2086
	expect_entries imsakactl.8 "imsakactl commands" 5 $cmds help version
fi

# frontend pages: every key a parser reads or its example shows; loglevel
# (frontend_conf) in all three, ktls (the tls-aka filter) in the two with
# tls-aka
common="$fe/common/frontend_conf.c"
# shellcheck disable=SC2046
expect_entries imsaka-pcscf.8 "imsaka-pcscf options" 20 $( {
	config_keys "$fe"/pcscf/*.c "$common" "$fe/common/sip_tls_aka_filter.c"
	example_keys "$src/conf/imsaka-pcscf.conf"; } | sort -u)
# shellcheck disable=SC2046
expect_entries imsaka-ue.8 "imsaka-ue options" 20 $( {
	config_keys "$fe"/ue/*.c "$common" "$fe/common/sip_tls_aka_filter.c"
	example_keys "$src/conf/imsaka-ue.conf"; } | sort -u)
# shellcheck disable=SC2046
expect_entries imsaka-scscf.8 "imsaka-scscf and subscriber options" 15 $( {
	config_keys "$fe"/scscf/*.c "$common"
	example_keys "$src/conf/imsaka-scscf.conf"
	example_keys "$src/conf/imsaka-scscf-subscribers.conf"; } | sort -u)

# imsaka-pcscf.8: every counter key of the status socket
# shellcheck disable=SC2046
expect_entries imsaka-pcscf.8 "imsaka-pcscf counters" 5 $(sed -nE \
	's/^[[:space:]]*\[PCSCF_[A-Z0-9_]+\][[:space:]]*=[[:space:]]*"([a-z0-9-]+)".*/\1/p' \
	"$fe/pcscf/pcscf_counters.c")

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
