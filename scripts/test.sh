#!/bin/bash
# Installs what is needed, builds, and runs every test: the Check unit
# tests and tool tests (make check), a short bounded run of each fuzzer, and
# every scenario of the namespace test bench. Ends with one line
# "N passed, N failed" counting unit checks, tool tests, fuzz targets and
# scenarios.
#
# IMSAKA_FUZZ_SECONDS   seconds per fuzz target (default 5)
# IMSAKA_TB_JOBS        scenarios at a time in the namespace bench (default
#                       2: most of a scenario's time is waiting)
# IMSAKA_QEMU_JOBS      the same in the qemu guest (default 2)
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/as-root.sh"
build=${IMSAKA_BUILD_DIR:-$top/build}
passed=0
failed=0

count()
{
	passed=$((passed + $1))
	failed=$((failed + $2))
}

# counted COMMAND...: run a step that ends with "N passed, N failed",
# showing its output, and add its counts (one failure if it printed none)
counted()
{
	local out line
	out=$(mktemp)
	"$@" 2>&1 | tee "$out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n1)
	if [ -n "$line" ]; then
		count $(echo "$line" | sed 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/')
	else
		count 0 1
	fi
	rm -f "$out"
}

if ! "$top/scripts/build.sh"; then
	echo "test: build failed"
	echo "0 passed, 1 failed"
	exit 1
fi

# unit tests (Check) and tool tests
echo "=== make check"
make -C "$build" -s check >/dev/null 2>&1
for log in $(find "$build" -name '*.log' \( -path '*/src/*' -o -path '*/man/*' \) \
		! -name 'config.log' ! -name 'test-suite.log'); do
	trs=${log%.log}.trs
	[ -f "$trs" ] || continue
	name=${log#"$build"/}
	checks=$(sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -n1)
	result=$(sed -n 's/^:test-result: //p' "$trs")
	if [ -n "$checks" ]; then
		set -- $checks
		count $(($1 - $2 - $3)) $(($2 + $3))
		echo "$name: $checks checks/failures/errors, $result"
	elif [ "$result" = PASS ]; then
		count 1 0
		echo "$name: PASS"
	else
		count 0 1
		echo "$name: $result"
	fi
	if [ "$result" != PASS ]; then
		sed 's/^/    /' "$log" | grep -vE ':(P|Passed)\b' | tail -n 40
	fi
done

# the build refuses strongSwan headers that do not match the installed charon
echo "=== build guards"
counted "$top/scripts/build-guards.sh" "$("$top/scripts/strongswan-source.sh")"

# make install puts the plugin, its options file and the tool where
# Debian's charon finds them
echo "=== make install"
dest=$(mktemp -d)
if make -C "$build" -s install DESTDIR="$dest" >/dev/null 2>&1 &&
		[ -f "$dest/usr/lib/ipsec/plugins/libstrongswan-imsaka.so" ] &&
		grep -q '^ *load = yes' "$dest/etc/strongswan.d/charon/imsaka.conf" &&
		[ -x "$dest/usr/sbin/imsakactl" ]; then
	echo "install: plugin, imsaka.conf and imsakactl in place"
	count 1 0
else
	echo "install: FAILED"
	(cd "$dest" && find . -type f)
	count 0 1
fi
rm -rf "$dest"

# Debian packages: built with dpkg-buildpackage from a copy of the tree,
# checked (contents, exact strongSwan dependency, lintian); the
# kernel-netlink lane installs them in its guest (netlink/debian-packages)
echo "=== Debian packages"
counted "$top/scripts/build-packages.sh" "$build/packages"

# fuzzers: a short bounded run each
if [ -x "$top/fuzz/run.sh" ]; then
	echo "=== fuzz"
	if "$top/fuzz/run.sh" "${IMSAKA_FUZZ_SECONDS:-5}"; then
		count 1 0
	else
		count 0 1
	fi
fi

# scenarios in network namespaces
if [ -x "$top/testing/do-tests" ]; then
	echo "=== scenarios"
	IMSAKA_BUILD_DIR="$build" IMSAKA_TB_JOBS=${IMSAKA_TB_JOBS:-2} \
		counted "$top/testing/do-tests"
fi

# kernel-netlink lane: the netlink suite inside a qemu guest running
# Debian's kernel with real XFRM ESP (docs/TESTING-QEMU.md); fails loudly
# where qemu is missing unless IMSAKA_SKIP_QEMU_LANE=1
if [ -x "$top/scripts/qemu-lane.sh" ]; then
	echo "=== kernel-netlink lane (qemu)"
	IMSAKA_BUILD_DIR="$build" counted "$top/scripts/qemu-lane.sh"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
