#!/bin/bash
# Tests of the offline security agreement commands of imsakactl:
# secagree-parse and secagree-negotiate on real headers and bad input.
# Prints one line per check; exits 1 on any mismatch.
# IMSAKACTL: see imsakactl_test_lib.sh.

. "$(dirname "$0")/imsakactl_test_lib.sh"

out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# check NAME WANT-STATUS PATTERN-IN-OUTPUT -- COMMAND...
check()
{
	local name=$1 want=$2 pattern=$3 status
	shift 4
	checks=$((checks + 1))
	"$imsakactl" "$@" >"$out" 2>"$err"
	status=$?
	if [ "$status" -ne "$want" ]; then
		echo "FAIL: $name: exit $status, want $want"
		sed 's/^/  /' "$out" "$err"
		failures=$((failures + 1))
	elif ! grep -qF -- "$pattern" "$out" "$err"; then
		echo "FAIL: $name: no '$pattern' in the output"
		sed 's/^/  /' "$out" "$err"
		failures=$((failures + 1))
	else
		echo "ok: $name"
	fi
}

# the Security-Server Kamailio's P-CSCF emits
KAMAILIO='ipsec-3gpp;prot=esp;mod=trans;spi-c=100;spi-s=101;port-c=5100;port-s=5200;alg=hmac-sha-1-96;ealg=aes-cbc'
SPIS='spi-c=1801893447;spi-s=3482487347;port-c=65316;port-s=65317'
UE="ipsec-3gpp;alg=hmac-md5-96;ealg=des-ede3-cbc;$SPIS, ipsec-3gpp;alg=hmac-md5-96;ealg=aes-cbc;$SPIS, ipsec-3gpp;alg=hmac-sha-1-96;ealg=des-ede3-cbc;$SPIS, ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;$SPIS, tls-aka;cs=1301.1302;q=0.5"

check "parse Kamailio's Security-Server" 0 "1: $KAMAILIO" -- secagree-parse "$KAMAILIO"
check "parse prints defaults" 0 "[q=1.000 ealg=aes-cbc mod=trans prot=esp]" -- secagree-parse "$KAMAILIO"
check "parse a UE's list, 5 entries" 0 "5: tls-aka;cs=1301.1302;q=0.5" -- secagree-parse "$UE"
check "parse with header name" 0 "1: tls" -- secagree-parse "Security-Verify: tls"
check "parse NAT-T extension, IPv6" 0 'oa-ul="[2001:db8::1]:5060"' -- \
	secagree-parse "ipsec-3gpp;alg=hmac-sha-1-96;nat-u;oa-ul=\"[2001:DB8::1]:5060\""
check "parse an unknown alg" 0 "[unknown value: never chosen]" -- \
	secagree-parse "ipsec-3gpp;alg=hmac-sha-256-128"
check "parse rejects a 33-bit SPI" 1 "spi is not a decimal 32-bit number at offset 11" -- \
	secagree-parse "ipsec-3gpp;spi-c=4294967296"
check "parse rejects port 0" 1 "port is not a decimal number 1..65535" -- \
	secagree-parse "ipsec-3gpp;port-c=0"
check "parse rejects q 1.5" 1 "q is not a qvalue" -- secagree-parse "tls;q=1.5"
check "parse rejects an open quote" 1 "quoted string not terminated" -- \
	secagree-parse 'tls;x="abc'
check "parse rejects empty" 1 "empty header value" -- secagree-parse ""
check "parse usage" 2 "usage" -- secagree-parse a b

# several header fields on stdin, one per line
checks=$((checks + 1))
if printf 'Security-Client: %s\r\nSecurity-Client: tls-psk;q=0.1\n' "$KAMAILIO" |
		"$imsakactl" secagree-parse - >"$out" 2>"$err" &&
		grep -q "^2: tls-psk;q=0.1" "$out"; then
	echo "ok: parse two header fields from stdin"
else
	echo "FAIL: parse two header fields from stdin"
	failures=$((failures + 1))
fi
checks=$((checks + 1))
if printf 'tls\nipsec-3gpp;spi-c=x\n' | "$imsakactl" secagree-parse >"$out" 2>"$err"; then
	echo "FAIL: stdin error not reported"
	failures=$((failures + 1))
elif grep -q "spi is not" "$err"; then
	echo "ok: parse reports an error on stdin"
else
	echo "FAIL: parse stdin error text"
	failures=$((failures + 1))
fi

check "negotiate: Kamailio policy" 0 "client entry 4: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc" -- \
	secagree-negotiate --client "$UE" --server "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc"
check "negotiate: why" 0 "why: 1 of 5 pairs fit" -- \
	secagree-negotiate --client "$UE" --server "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc"
check "negotiate: server q prefers tls-aka" 0 "suites: 1302 1301" -- \
	secagree-negotiate --client "$UE" --server "ipsec-3gpp;q=0.5, tls-aka;cs=1302.1301;q=0.9"
check "negotiate: NAT needs UDP-enc-tun" 1 "NAT found but the entry offers no UDP-enc-tun" -- \
	secagree-negotiate --client "$KAMAILIO" --server "ipsec-3gpp" --nat ue
check "negotiate: NAT with nat-u" 0 "mod: UDP-enc-tun (a NAT was found)" -- \
	secagree-negotiate --client "$KAMAILIO;nat-u" --server "ipsec-3gpp" --nat both
check "negotiate: nothing common gives 494" 1 "(answer 494)" -- \
	secagree-negotiate --client "digest" --server "tls"
check "negotiate: verbose pairs" 0 "client 1 / server 1: alg not allowed" -- \
	secagree-negotiate -v --client "$UE" --server "ipsec-3gpp;alg=hmac-sha-1-96"
check "negotiate: bad server list" 1 "--server: parameter given twice" -- \
	secagree-negotiate --client "tls" --server "tls;q=1;q=1"
check "negotiate: missing --server" 2 "usage" -- secagree-negotiate --client tls
check "negotiate: bad --nat" 2 "--nat is" -- \
	secagree-negotiate --client tls --server tls --nat maybe

summary
