#!/bin/bash
# Installs what is needed (scripts/install-deps.sh), prepares the matching
# strongSwan headers (scripts/strongswan-source.sh) and builds imsaka out of
# tree in build/ (or $IMSAKA_BUILD_DIR). Re-running only rebuilds what
# changed.
#
# IMSAKA_SKIP_DEPS=1   do not check the Debian packages
# IMSAKA_BUILD_DIR     build folder (default: build/ in the source tree)
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${IMSAKA_BUILD_DIR:-$top/build}

if [ "${IMSAKA_SKIP_DEPS:-}" != 1 ]; then
	"$top/scripts/install-deps.sh"
fi
ss_src=$("$top/scripts/strongswan-source.sh")

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	echo "build: autoreconf"
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ] || [ "$top/configure" -nt config.status ] ||
		! grep -q "with-strongswan-src=$ss_src" config.status 2>/dev/null; then
	echo "build: configure in $build (strongSwan headers from $ss_src)"
	"$top/configure" -q --with-strongswan-src="$ss_src" \
		--prefix=/usr --sysconfdir=/etc
fi
echo "build: make"
make -s -j"$(nproc)"
