#!/bin/bash
# Live test of ctx-hold on the control socket: a context without SA sets
# (a tls-psk or tls-aka registration) outlives reg_await_auth when held, an
# unheld one does not; ctx-delete still removes a held one at once. Starts
# Debian's charon with the freshly built plugin in private namespaces
# (reg_await_auth = 2 s). Prints one line per check; exits 1 on any
# failure, 77 (skipped) when not root or without charon.
#
# IMSAKA_PLUGIN, IMSAKACTL: see control_lib.sh
reg_await_auth=2
. "$(dirname "$0")/control_lib.sh"

ck=b40ba9a3c58b2a05bbf0d987b21bf8cb
ik=f769bcd751044604127672711c6d3441

expect '^OK ctx=1$' "ctx-create (to hold)" ctx-create role=pcscf \
	impi=alice@ims.example.net
expect '^OK ctx=2$' "ctx-create (not held)" ctx-create role=pcscf \
	impi=bob@ims.example.net
expect '^OK ctx=3$' "ctx-create (ue, no keys)" ctx-create role=ue \
	impi=carol@ims.example.net
expect '^ERR state ctx 3 has no CK/IK' "ctx-hold without keys refused" \
	ctx-hold ctx=3 expires=600
expect '^OK ctx=1$' "ctx-keys 1" ctx-keys ctx=1 ck=$ck ik=$ik
expect '^OK ctx=2$' "ctx-keys 2" ctx-keys ctx=2 ck=$ck ik=$ik

expect "^ERR param missing parameter 'expires'" "expires missing" \
	ctx-hold ctx=1
expect "^ERR param expires=-1 is not a decimal number" "negative expires" \
	ctx-hold ctx=1 expires=-1
expect "^ERR param expires=4294967296 is not a decimal number" \
	"expires too big" ctx-hold ctx=1 expires=4294967296
expect "^ERR param expires=60x is not a decimal number" "expires not a number" \
	ctx-hold ctx=1 expires=60x
expect "^ERR param unknown parameter 'lifetime'" "unknown parameter" \
	ctx-hold ctx=1 expires=600 lifetime=5
expect "^ERR ctx no context 9" "unknown context" ctx-hold ctx=9 expires=600
call list ctx=1
if [[ $reply =~ hold=none ]]; then
	ok "nothing held after the refused requests"
else
	fail "after the refused requests: $reply"
fi

# as sa-promote: expires + 30 s, never shortened by a later hold; a hold
# counts down from when it was set, so the later values are checked against
# the seconds this script measured (counted_down), whatever the machine's
# speed
held_at=$(date +%s)
expect '^OK ctx=1 hold=630$' "ctx-hold" ctx-hold ctx=1 expires=600
call ctx-hold ctx=1 expires=10
hold=$(echo "$reply" | sed -n 's/^OK ctx=1 hold=\([0-9]*\)$/\1/p')
if counted_down "$hold" 630 "$held_at"; then
	ok "a shorter hold does not shorten it: $reply"
else
	fail "a shorter hold: '$reply', expected the 630 s hold counting down"
fi
held_at=$(date +%s)
expect '^OK ctx=1 hold=1030$' "a longer hold extends it" \
	ctx-hold ctx=1 expires=1000
call list ctx=1
hold=$(echo "$reply" | sed -n 's/^ctx id=1 .*keys=yes .*hold=\([0-9]*\)\( .*\)\{0,1\}$/\1/p')
if counted_down "$hold" 1030 "$held_at"; then
	ok "list shows the hold: $(echo "$reply" | head -n 1)"
else
	fail "list of the held context: $reply"
fi

# contexts 2 and 3 were last asked for before ctx 1, and ctx 4 after it:
# once ctx 4 is over (reg_await_auth, 2 s idle), so would ctx 1 be without
# its hold. Waits for that event, not for a time.
expect '^OK ctx=4$' "ctx-create (idle, after the last request on ctx 1)" \
	ctx-create role=pcscf impi=dave@ims.example.net
for _ in $(seq 300); do
	grep -q 'ctx 4 is over' "$tmp/charon.log" && break
	sleep 0.1
done
call list
if echo "$reply" | grep -q '^ctx id=1 ' &&
		! echo "$reply" | grep -q '^ctx id=[234] '; then
	ok "once the idle ones are over the held context is still there"
else
	fail "after ctx 4 expired: $reply"
fi
if grep -q 'ctx 2 is over' "$tmp/charon.log" &&
		grep -q 'ctx 3 is over' "$tmp/charon.log" &&
		grep -q 'ctx 4 is over' "$tmp/charon.log" &&
		! grep -q 'ctx 1 is over' "$tmp/charon.log"; then
	ok "charon log: ctx 2, 3 and 4 expired, ctx 1 did not"
else
	fail "charon log: $(grep 'is over' "$tmp/charon.log")"
fi
expect '^ERR ctx no context 2' "an expired context cannot be held" \
	ctx-hold ctx=2 expires=600

expect '^OK ctx=1$' "ctx-delete of the held context" ctx-delete ctx=1
call list
if [ "$reply" = END ]; then
	ok "ctx-delete removed the held context at once"
else
	fail "list after ctx-delete: $reply"
fi

echo "$checks checks, $failures failed"
[ "$failures" = 0 ]
