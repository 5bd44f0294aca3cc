#!/bin/bash
# Builds the Debian packages of imsaka (debian/) from a copy of the tree's
# files and checks them: the build, each expected .deb and its contents, the
# exact strongSwan versions in the plugin's Depends (the ABI guard) and
# lintian. One line per check, at the end "N passed, N failed"; exit status
# 1 if any failed. See docs/PACKAGES.md.
#
# usage: scripts/build-packages.sh [OUTDIR]
#   OUTDIR   where imsaka-<version>/ (the copied tree), the .debs, the
#            .changes and the logs go (default ${IMSAKA_BUILD_DIR:-build}/packages)
#
# DEB_BUILD_OPTIONS gets nocheck (the tests run on their own in CI) and
# parallel=$(nproc).
set -uo pipefail

top=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
out=${1:-${IMSAKA_BUILD_DIR:-$top/build}/packages}
mkdir -p "$out" || exit 2
out=$(cd "$out" && pwd)
passed=0
failed=0

pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

version=$(sed -n 's/^AC_INIT(\[imsaka\], *\[\([^]]*\)\].*/\1/p' "$top/configure.ac")
[ -n "$version" ] || { fail "version from configure.ac"; finish; }
changelog_version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
check "debian/changelog version $changelog_version is configure.ac's $version" \
	test "$changelog_version" = "$version"
arch=$(dpkg --print-architecture)
src=$out/imsaka-$version
log=$out/build.log

# the tree as a clean checkout holds it: tracked files and new ones not
# ignored (a fresh clone gives the same), no build output
rm -rf "$src"
mkdir -p "$src"
if git -C "$top" rev-parse --git-dir > /dev/null 2>&1; then
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -xf - -C "$src"
else
	fail "copy of the tree: $top is no git checkout"
	finish
fi
check "tree copied to $src ($(find "$src" -type f | wc -l) files)" \
	test -f "$src/debian/control" -a -f "$src/configure.ac"

rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
start=$(date +%s)
if (cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }nocheck" \
		dpkg-buildpackage -b -us -uc -j"$(nproc)") > "$log" 2>&1; then
	pass "dpkg-buildpackage -b ($(($(date +%s) - start)) s, log $log)"
else
	fail "dpkg-buildpackage -b, last lines of $log:"
	tail -n 20 "$log" | sed 's/^/    /'
	finish
fi

plugin_deb=$out/strongswan-plugin-imsaka_${version}_$arch.deb
imsaka_deb=$out/imsaka_${version}_$arch.deb
changes=$out/imsaka_${version}_$arch.changes
for f in "$plugin_deb" "$imsaka_deb" "$changes"; do
	check "$(basename "$f") present" test -f "$f"
done
[ -f "$plugin_deb" ] && [ -f "$imsaka_deb" ] || finish

# contents: every path the package must hold
has_paths()
{
	local deb=$1 p missing=0 list
	shift
	list=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
	for p in "$@"; do
		if ! grep -qxF -- "$p" <<< "$list"; then
			echo "    missing in $(basename "$deb"): $p"
			missing=1
		fi
	done
	return $missing
}
check "strongswan-plugin-imsaka holds the plugin and its charon config" \
	has_paths "$plugin_deb" /usr/lib/ipsec/plugins/libstrongswan-imsaka.so \
	/etc/strongswan.d/charon/imsaka.conf
programs=(imsaka-pcscf imsaka-ue imsaka-scscf imsakactl)
check "imsaka holds the programs in /usr/sbin and the socket check" \
	has_paths "$imsaka_deb" "${programs[@]/#//usr/sbin/}" \
	/usr/libexec/imsaka/check-socket
confs=$(cd "$top/conf" && ls *.conf | sed 's|^|/etc/imsaka/|')
check "imsaka holds the configurations $(echo $confs)" has_paths "$imsaka_deb" $confs
check "imsaka holds the PostgreSQL schema and Kamailio's fleet config" \
	has_paths "$imsaka_deb" /usr/share/imsaka/imsaka-scscf.sql \
	/usr/share/imsaka/kamailio-dispatcher.cfg
check "imsaka holds the units in /lib/systemd/system" has_paths "$imsaka_deb" \
	/lib/systemd/system/imsaka-pcscf.service \
	/lib/systemd/system/imsaka-ue.service \
	/lib/systemd/system/imsaka-scscf.service
# the units parse (systemd-analyze verify); the programs they run are not
# installed here, a command is fine when the package holds it
units_verify()
{
	local dir line rc=0 out
	command -v systemd-analyze > /dev/null ||
		{ echo "    no systemd-analyze (package systemd)"; return 1; }
	dir=$(mktemp -d)
	dpkg-deb -x "$imsaka_deb" "$dir"
	out=$(cd "$dir/lib/systemd/system" &&
		systemd-analyze verify --man=no ./imsaka-*.service 2>&1)
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		if [[ $line =~ Command\ (/[^ ]+)\ is\ not\ executable ]] &&
				[ -x "$dir${BASH_REMATCH[1]}" ]; then
			continue
		fi
		echo "    $line"
		rc=1
	done <<< "$out"
	rm -rf "$dir"
	return $rc
}
check "the units pass systemd-analyze verify" units_verify
if [ -f "$top/man/man.mk" ]; then
	man_pages=("${programs[@]/#//usr/share/man/man8/}")
	man_pages=("${man_pages[@]/%/.8.gz}")
	check "imsaka holds the man pages" has_paths "$imsaka_deb" \
		"${man_pages[@]}" \
		/usr/share/man/man5/imsaka.conf.5.gz
else
	echo "SKIP: man pages (the tree has no man/man.mk)"
fi
only_paths()
{
	local deb=$1 allowed=$2 extra
	extra=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | grep -v '/$' |
		sed 's|^\./|/|' | grep -vE "^($allowed)\$")
	[ -z "$extra" ] || { echo "    also in $(basename "$deb"): $(echo $extra)"; return 1; }
}
check "the plugin package holds nothing but the plugin, its config and docs" \
	only_paths "$plugin_deb" '/usr/lib/ipsec/plugins/libstrongswan-imsaka\.so|/etc/strongswan\.d/charon/imsaka\.conf|/usr/share/(doc|lintian/overrides)/strongswan-plugin-imsaka(/.*)?'

# conffiles
conffiles_are()
{
	local deb=$1 want got
	shift
	want=$(printf '%s\n' "$@" | sort)
	got=$(dpkg-deb -I "$deb" conffiles 2>/dev/null | sort)
	[ "$got" = "$want" ] || { echo "    conffiles: $(echo $got)"; return 1; }
}
check "conffiles of strongswan-plugin-imsaka" conffiles_are "$plugin_deb" \
	/etc/strongswan.d/charon/imsaka.conf
check "conffiles of imsaka: /etc/imsaka/*.conf" conffiles_are "$imsaka_deb" $confs

# the ABI guard: the exact versions the plugin was built against
depends=$(dpkg-deb -f "$plugin_deb" Depends)
for p in strongswan-charon libstrongswan; do
	v=$(dpkg-query -W -f='${Version}' "$p")
	check "strongswan-plugin-imsaka depends on $p (= $v)" \
		grep -qF "$p (= $v)" <<< "$depends"
done
v=$(dpkg-query -W -f='${Version}' libstrongswan)
check "imsaka depends on libstrongswan (= $v)" \
	grep -qF "libstrongswan (= $v)" <<< "$(dpkg-deb -f "$imsaka_deb" Depends)"

# lintian: no error or warning beyond the overrides, each override explained
lintian --tag-display-limit 0 "$changes" > "$out/lintian.log" 2>&1
findings=$(grep -E '^[EW]: ' "$out/lintian.log")
if [ -z "$findings" ]; then
	pass "lintian: no E:/W: (log $out/lintian.log)"
else
	fail "lintian: $(grep -c . <<< "$findings") E:/W: findings:"
	sed 's/^/    /' <<< "$findings"
fi
explained()
{
	local f rc=0
	for f in "$top"/debian/source/lintian-overrides \
			"$top"/debian/*.lintian-overrides; do
		[ -f "$f" ] || continue
		awk -v f="${f#$top/}" '/^[[:space:]]*$/ { c = 0; next }
			/^#/ { c = 1; next }
			!c { print "    no comment above: " f ": " $0; bad = 1 }
			END { exit bad }' "$f" || rc=1
	done
	return $rc
}
check "every lintian override has a comment saying why" explained
check "lintian: no unused or mismatched override" \
	sh -c "! grep -E '(unused|mismatched)-override' '$out/lintian.log'"

finish
