# Shared part of the plugin's live control tests: checks that it can run
# (root, charon, unshare, nsenter; else exit 77), starts Debian's charon with
# the built plugin in private namespaces (testing/scripts/private-charon),
# stops it on exit, and defines ok/fail/call/expect. Sourced by a test run
# from the build folder; sets tmp, pid, checks, failures.
#
# IMSAKA_PLUGIN  plugin to load (default: the build folder's .so)
# IMSAKACTL      imsakactl to use (default: the build folder's)
# reg_await_auth idle timeout of contexts in s, set by the sourcing test
#                (default 20)

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root (namespaces, mounts, charon)"
	exit 77
fi
charon=/usr/lib/ipsec/charon
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
if [ ! -x "$charon" ] || ! command -v unshare >/dev/null ||
		! command -v nsenter >/dev/null; then
	echo "SKIP: needs $charon, unshare and nsenter"
	exit 77
fi
so=${IMSAKA_PLUGIN:-./src/libcharon-plugin-imsaka/.libs/libstrongswan-imsaka.so}
ctl=${IMSAKACTL:-./src/sip-frontend/imsakactl/imsakactl}
for f in "$so" "$ctl"; do
	if [ ! -f "$f" ]; then
		echo "FAIL: $f not built"
		exit 1
	fi
done
so=$(readlink -f "$so")
ctl=$(readlink -f "$ctl")

tmp=$(mktemp -d /tmp/imsaka-control.XXXXXX)
pid=
cleanup()
{
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
	fi
	if [ "${KEEP:-}" != 1 ]; then
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

cat > "$tmp/strongswan.conf" <<EOF
charon {
  load = random nonce aes sha1 sha2 hmac md5 gcm kdf pem pkcs1 x509 pubkey kernel-libipsec kernel-netlink socket-default vici eap-aka imsaka
  install_routes = no
  filelog {
    test {
      path = $tmp/charon.log
      default = 2
      flush_line = yes
    }
  }
  plugins {
    kernel-libipsec {
      allow_peer_ts = yes
    }
    imsaka {
      esp_keys_file = $tmp/esp_sa
      sa_journal = $tmp/sa_journal
      reg_await_auth = ${reg_await_auth:-20}
      max_clients = ${max_clients:-32}
      # an option in a subsection, read through the plugin's option helper
      keepalive {
        interval = 17
      }
    }
  }
}
EOF

if ! "$top/testing/scripts/private-charon" "$tmp" "$so" "$tmp/strongswan.conf" \
		10.1.0.1/32 10.2.0.1/32 10.3.0.1/32 fd00::1/128 fd00::2/128; then
	echo "FAIL: charon did not create the control socket"
	tail -n 20 "$tmp/charon.log" 2>/dev/null
	exit 1
fi
pid=$(cat "$tmp/pid")

in_ns()
{
	nsenter -t "$pid" -m -n "$@"
}

failures=0
checks=0
ok()
{
	checks=$((checks + 1))
	echo "ok   $*"
}
fail()
{
	checks=$((checks + 1))
	failures=$((failures + 1))
	echo "FAIL $*"
}

# call REQUEST...: sets $reply and $rc
call()
{
	reply=$(in_ns "$ctl" call -- "$@" 2>&1)
	rc=$?
}

# counted_down VALUE START SINCE: VALUE is a countdown that read START at
# epoch second SINCE (taken just before the request that set it); true if it
# lies between START less the seconds elapsed since (plus one for rounding)
# and START, so no check depends on how fast the machine is
counted_down()
{
	local value=$1 start=$2 since=$3 elapsed
	elapsed=$(( $(date +%s) - since + 1 ))
	[[ $value =~ ^[0-9]+$ ]] && [ "$value" -le "$start" ] &&
		[ "$value" -ge $((start - elapsed)) ]
}

# reply_has DESCRIPTION PATTERN...: every basic regex PATTERN matches a
# line of $reply
reply_has()
{
	local what=$1 pattern
	shift
	for pattern in "$@"; do
		if ! echo "$reply" | grep -q -- "$pattern"; then
			fail "$what: no line /$pattern/ in '$reply'"
			return
		fi
	done
	ok "$what"
}

# expect PATTERN DESCRIPTION REQUEST...: reply must match the extended regex
expect()
{
	local pattern=$1 what=$2
	shift 2
	call "$@"
	if [[ $reply =~ $pattern ]]; then
		ok "$what: $(echo "$reply" | head -n 1 | cut -c1-100)"
	else
		fail "$what: '$*' answered '$reply' (rc $rc), expected /$pattern/"
	fi
}
