#!/bin/bash
# libosip2 stays behind the adapter in src/sip-frontend/sip/: no other file
# under src/ names it, tests/ folders excepted (a test reads what went on
# the wire with libosip2 itself, independently of the adapter). Lists every
# file:line that does and fails.
#
# usage: test_osip_confined.sh [SOURCE_TREE]   (default: $srcdir or the tree
#        this script is in)
set -u

top=${1:-${srcdir:-$(cd "$(dirname "$0")/../../.." && pwd)}}
[ -d "$top/src/sip-frontend/sip" ] || {
	echo "FAIL: no src/sip-frontend/sip under $top"
	exit 1
}
hits=$(cd "$top" && grep -rIn --exclude-dir=tests 'osip_' src |
	grep -v '^src/sip-frontend/sip/')
if [ -n "$hits" ]; then
	echo "FAIL: libosip2 named outside src/sip-frontend/sip/" \
		"(use the adapter, sip_message.h):"
	echo "$hits"
	exit 1
fi
echo "PASS: libosip2 only in src/sip-frontend/sip/"
