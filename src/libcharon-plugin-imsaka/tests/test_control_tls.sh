#!/bin/bash
# Live test of tls-psk and tls-aka-keys on the control socket: starts
# Debian's charon with the freshly built plugin in private mount and network
# namespaces (only lo, with extra addresses), then drives the socket with
# the built imsakactl. Prints one line per check; exits 1 on any failure,
# 77 (skipped) when not root or without charon.
#
# IMSAKA_PLUGIN, IMSAKACTL: see control_lib.sh
. "$(dirname "$0")/control_lib.sh"

ck=b40ba9a3c58b2a05bbf0d987b21bf8cb
ik=f769bcd751044604127672711c6d3441
rand=23553cbe9637a89d218ae64dae47bf35
sid=9f0e1d2c3b4a59687766554433221100
# docs/TLS-PSK.md (computed with Python's hmac, no imsaka code)
psk=c8732a80c5ab88b64b5333c06a989107ac06cf5a712779b26b1ba11c802894af
# docs/TLS-AKA.md section 5, suites 1301 and 1303, sid 5ee5510b2c7a8d3f
ue1301=d21a633783b4097ebef8a06449ed7ef41614f9ae629e08eb6414893813bace6d
pc1301=663c4452cbe3ea9595c9c6d8aae31094f2b3581dd23b19a651ce4f95d279d911
ue1303=520ec35d4c692b5d2a59ed7dc8a7cfbddd969cba729d1ef1d7145cd2d0e1f5ae
pc1303=d789bfc0a96db8b804dcb9f13691752030b731867fc61ae9a0bc5e91a5c34981

expect '^OK ctx=1$' "ctx-create pcscf" ctx-create role=pcscf \
	impi=alice@ims.example.net
expect '^ERR state ctx 1 has no CK/IK' "tls-psk before ctx-keys" \
	tls-psk ctx=1 rand=$rand sid=$sid
expect '^ERR state ctx 1 has no CK/IK' "tls-aka-keys before ctx-keys" \
	tls-aka-keys ctx=1 suite=1301 sid=5ee5510b2c7a8d3f
expect '^OK ctx=1$' "ctx-keys" ctx-keys ctx=1 ck=$ck ik=$ik
expect "^OK ctx=1 psk=$psk\$" "tls-psk gives the documented PSK" \
	tls-psk ctx=1 rand=$rand sid=$sid
call tls-psk ctx=1 rand=$rand sid=${sid%00}01
if [[ $reply =~ ^OK\ ctx=1\ psk=[0-9a-f]{64}$ ]] && [[ $reply != *$psk* ]]; then
	ok "another sid gives another PSK"
else
	fail "tls-psk with another sid: '$reply'"
fi
expect "^OK ctx=1 suite=1301 ue=$ue1301 pcscf=$pc1301\$" \
	"tls-aka-keys 1301 gives the documented secrets" \
	tls-aka-keys ctx=1 suite=1301 sid=5ee5510b2c7a8d3f
expect "^OK ctx=1 suite=1303 ue=$ue1303 pcscf=$pc1303\$" \
	"tls-aka-keys 1303 gives the documented secrets" \
	tls-aka-keys ctx=1 suite=1303 sid=5ee5510b2c7a8d3f
call tls-aka-keys ctx=1 suite=1302 sid=5ee5510b2c7a8d3f
if [[ $reply =~ ^OK\ ctx=1\ suite=1302\ ue=[0-9a-f]{96}\ pcscf=[0-9a-f]{96}$ ]]; then
	ok "tls-aka-keys 1302 gives 48 byte secrets"
else
	fail "tls-aka-keys 1302: '$reply'"
fi

expect '^ERR param suite=1304 is not' "unknown suite" \
	tls-aka-keys ctx=1 suite=1304 sid=00
expect '^ERR param suite=13 is not' "short suite" \
	tls-aka-keys ctx=1 suite=13 sid=00
expect '^ERR param sid is not 1..32 bytes' "odd sid" \
	tls-psk ctx=1 rand=$rand sid=abc
expect '^ERR param sid is not 1..32 bytes' "sid longer than 32 bytes" \
	tls-psk ctx=1 rand=$rand sid=$sid$sid$sid
expect '^ERR param sid is not 1..32 bytes' "sid not hex" \
	tls-psk ctx=1 rand=$rand sid=zz
expect "^ERR param missing parameter 'sid'" "sid missing" \
	tls-psk ctx=1 rand=$rand
expect "^ERR param" "rand of 15 bytes" \
	tls-psk ctx=1 rand=${rand%35} sid=$sid
expect "^ERR param" "unknown parameter" \
	tls-psk ctx=1 rand=$rand sid=$sid ck=$ck
expect '^ERR ctx no context 9' "unknown context" \
	tls-psk ctx=9 rand=$rand sid=$sid

if grep -q -e "$psk" -e "$ue1301" -e "$pc1301" "$tmp/charon.log" \
		"$tmp/charon.out"; then
	fail "a derived key appears in charon's log"
else
	ok "no derived key in charon's log (level 2)"
fi

echo "$checks checks, $failures failed"
[ "$failures" = 0 ]
