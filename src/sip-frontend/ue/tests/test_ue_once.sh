#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# imsaka-ue --once end to end over its real transport and control socket
# client, against fake_pcscf.py (fake charon socket + scripted P-CSCF on
# 127.0.0.1): a registration with de-registration exits 0, a 403 to SM7
# exits 1 and gives the context back, a 503 of the first of two P-CSCF
# units moves the registration to the second.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$here
# make check runs from the top of the build tree
ue=${UE_BIN:-$PWD/src/sip-frontend/ue/imsaka-ue}
[ -x "$ue" ] || { echo "FAIL: no imsaka-ue at $ue"; exit 1; }
work=$(mktemp -d /tmp/ue_once.XXXXXX)
fake=
cleanup() {
	[ -n "$fake" ] && kill "$fake" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; cat "$work"/ue.log 2>/dev/null; exit 1; }

# a free base port: 4 consecutive UDP ports for the fake P-CSCF and UE
base=$((20000 + $$ % 20000))

run() {	# mode [pcscf]
	rm -f "$work"/ready "$work"/*.txt "$work"/charon.sock
	python3 "$src/fake_pcscf.py" "$work" "$base" "$1" &
	fake=$!
	for i in $(seq 300); do [ -e "$work/ready" ] && break; sleep 0.1; done
	[ -e "$work/ready" ] || fail "fake P-CSCF did not start"
	cat > "$work/ue.conf" <<CONF
imsaka-ue {
	impi = alice@ims.example.net
	pcscf = ${2:-127.0.0.1:$base}
	backoff_base = 1
	backoff_max = 1
	local_address = 127.0.0.1
	port = $((base + 1))
	port_c = $((base + 10))
	port_s = $((base + 12))
	socket = unix://$work/charon.sock
	state_file = $work/state
	# no retransmission within the run (the fake reads each request once
	# and would take a retransmitted SM7 for the de-registration), however
	# slowly the fake answers
	t1 = 60000
	t2 = 60000
	# one entry: SM7 stays below 1300 bytes, so it goes over UDP, which
	# is all the fake P-CSCF speaks (larger ones go over TCP)
	alg = hmac-sha-1-96
	mod = UDP-enc-tun
}
CONF
	timeout 30 "$ue" -c "$work/ue.conf" --once 2>"$work/ue.log"
	status=$?
	# the fake ends after its script; if the UE stopped early, end it
	for i in $(seq 20); do kill -0 "$fake" 2>/dev/null || break; sleep 0.1; done
	kill "$fake" 2>/dev/null
	wait "$fake" 2>/dev/null
	fake=
	return $status
}

run ok || fail "registration did not succeed"
grep -q "^aka-digest ctx=1 nonce=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8= algorithm=AKAv1-MD5 username=alice@ims.example.net realm=ims.example.net uri=sip:ims.example.net method=REGISTER qop=auth cnonce=[0-9a-f]* nc=00000001$" "$work/control.log" || fail "aka-digest"
grep -q "^sa-install ctx=1 local=127.0.0.1 port-c=$((base + 10)) port-s=$((base + 12)) spi-c=65536 spi-s=65537 remote=127.0.0.1 rport-c=$((base + 2)) rport-s=$((base + 4)) rspi-c=1111 rspi-s=2222 mod=UDP-enc-tun alg=hmac-sha-1-96 ealg=aes-cbc local-outer=127.0.0.1:4500 remote-outer=127.0.0.1:4500$" "$work/control.log" || fail "sa-install"
grep -q "^sa-promote ctx=1 expires=300$" "$work/control.log" || fail "sa-promote"
grep -q "^ctx-delete ctx=1$" "$work/control.log" || fail "ctx-delete"
grep -q "^keepalive-start" "$work/control.log" && fail "keep-alives without NAT"
grep -q "^Security-Verify: ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;mod=UDP-enc-tun;spi-c=1111;spi-s=2222;port-c=$((base + 2));port-s=$((base + 4))" "$work/sm7.txt" || fail "SM7 Security-Verify"
grep -q "^Expires: 0" "$work/dereg.txt" || fail "de-registration"
grep -q "registered: state=registered nat=none mode=UDP-enc-tun spi-uc=65536" "$work/ue.log" || fail "log line"
grep -q "^state=deregistered$" "$work/state" || fail "state file"

run forbidden && fail "exit 0 after 403"
grep -q "REGISTER answered 403" "$work/ue.log" || fail "403 not logged"
grep -q "^sa-remove ctx=1 set=all$" "$work/control.log" || fail "sa-remove after 403"
grep -q "^ctx-delete ctx=1$" "$work/control.log" || fail "ctx-delete after 403"
grep -q "^state=failed$" "$work/state" || fail "state file after 403"
run busy "127.0.0.1:$((base + 6)), 127.0.0.1:$base" ||
	fail "registration on the second unit did not succeed"
grep -q "P-CSCF 127.0.0.1:$((base + 6)) is overloaded (503 without Retry-After): trying 127.0.0.1:$base in " "$work/ue.log" || fail "failover not logged"
grep -q "registered: state=registered .* pcscf=127.0.0.1:$base$" "$work/ue.log" || fail "unit not in the log line"
[ "$(grep -c "^ctx-create" "$work/control.log")" = 2 ] || fail "not one context per unit"
grep -q "^pcscf=127.0.0.1:$base$" "$work/state" || fail "unit not in the state file"
echo "PASS: imsaka-ue --once registers, de-registers, fails cleanly on 403, moves to the next P-CSCF unit on 503"
