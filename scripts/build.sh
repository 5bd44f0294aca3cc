#!/bin/bash
# Installs what is needed (scripts/install-deps.sh), prepares the matching
# strongSwan headers (scripts/strongswan-source.sh) and builds imsaka in the
# source tree. Re-running only rebuilds what changed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ "${IMSAKA_SKIP_DEPS:-}" != 1 ]; then
	scripts/install-deps.sh
fi
ss_src=$(scripts/strongswan-source.sh)

if [ ! -x configure ] || [ configure.ac -nt configure ]; then
	echo "build: autoreconf"
	autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
fi
if [ ! -f Makefile ] || [ configure -nt config.status ] ||
		! grep -q "with-strongswan-src=$ss_src" config.status 2>/dev/null; then
	echo "build: configure (strongSwan headers from $ss_src)"
	./configure -q --with-strongswan-src="$ss_src" \
		--prefix=/usr --sysconfdir=/etc
fi
echo "build: make"
make -s -j"$(nproc)"
