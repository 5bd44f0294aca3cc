#!/bin/bash
# Tests of the offline AKA commands of imsakactl against 3GPP TS 35.207
# test set 1, TS 33.203 Annex I keys of set 1 (src/libimsaka/tests/vectors)
# and bad inputs. Prints one line per check; exits 1 on any mismatch.
# IMSAKACTL: see imsakactl_test_lib.sh.

. "$(dirname "$0")/imsakactl_test_lib.sh"

# TS 35.207 test set 1
K=465b5ce8b199b49faa5f0a2ee238a6bc
OP=cdc202d5123e20f62b6d676ac72cb318
OPC=cd63cb71954a9f4e48a5994e37a02baf
RAND=23553cbe9637a89d218ae64dae47bf35
SQN=ff9bb4d0b607
AMF=b9b9
# AUTN = SQN xor f5 (aa689c648370) || AMF || f1 (4a9ffac354dfafb3)
AUTN=55f328b43577b9b94a9ffac354dfafb3
RES=a54211d5e3ba50bf
CK=b40ba9a3c58b2a05bbf0d987b21bf8cb
IK=f769bcd751044604127672711c6d3441

out=
err=
rc=0

# run ARGS...: run imsakactl, keep stdout, stderr and exit code
run() {
	local errfile
	errfile=$(mktemp)
	out=$("$imsakactl" "$@" 2>"$errfile")
	rc=$?
	err=$(cat "$errfile")
	rm -f "$errfile"
	echo "# imsakactl $* -> exit $rc"
}

pass() { checks=$((checks + 1)); echo "ok   $1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $1"; }

# expect_rc CODE
expect_rc() {
	if [ "$rc" = "$1" ]; then pass "exit code $1"; else
		fail "exit code $rc, expected $1 (stderr: $err)"; fi
}

# expect LINE: stdout has exactly this line
expect() {
	if printf '%s\n' "$out" | grep -qxF -- "$1"; then pass "$1"; else
		fail "missing '$1' in output:"; printf '%s\n' "$out" | sed 's/^/     | /'; fi
}

# expect_err TEXT: stderr contains TEXT
expect_err() {
	if printf '%s\n' "$err" | grep -qF -- "$1"; then pass "stderr: $1"; else
		fail "stderr '$err' lacks '$1'"; fi
}

# value NAME: value of "NAME: value" in stdout
value() { printf '%s\n' "$out" | sed -n "s|^$1: ||p"; }

echo "== aka-vector, TS 35.207 set 1 (with OP and with OPc)"
for opt in "--op $OP" "--opc $OPC"; do
	run aka-vector --k $K $opt --rand $RAND --sqn $SQN --amf $AMF
	expect_rc 0
	expect "rand: $RAND"
	expect "autn: $AUTN"
	expect "xres: $RES"
	expect "ck: $CK"
	expect "ik: $IK"
	expect "ak: aa689c648370"
	expect "mac-a: 4a9ffac354dfafb3"
	expect "opc: $OPC"
done
# default AMF 8000, upper case key with 0X prefix; the AUTN must then pass
# the UE side check (round trip)
run aka-vector --k 0X${K^^} --opc $OPC --rand $RAND --sqn $SQN
expect_rc 0
autn_8000=$(value autn)
case "$autn_8000" in 55f328b435778000*) pass "AUTN = SQN xor AK || 8000 || MAC-A";;
	*) fail "autn '$autn_8000' with default AMF";; esac
run aka-check --k $K --opc $OPC --rand $RAND --autn "$autn_8000"
expect_rc 0
expect "amf: 8000"
expect "sqn: $SQN"

echo "== aka-check (UE side)"
run aka-check --k $K --op $OP --rand $RAND --autn $AUTN
expect_rc 0
expect "result: ok"
expect "sqn: $SQN"
expect "amf: $AMF"
expect "res: $RES"
expect "ck: $CK"
expect "ik: $IK"
# SQN_MS one SEQ lower on the same IND (SQN - 32): fresh
run aka-check --k $K --opc $OPC --rand $RAND --autn $AUTN --sqn-ms ff9bb4d0b5e7
expect_rc 0
expect "result: ok"
# replay: SQN_MS = SQN
run aka-check --k $K --opc $OPC --rand $RAND --autn $AUTN --sqn-ms $SQN
expect_rc 1
expect "result: sync failure"
expect "sqn: $SQN"
# AUTS = SQN_MS xor f5* (451e8beca43b) || MAC-S
auts=$(value auts)
case "$auts" in ba853f3c123c*) pass "auts starts with SQN xor f5*";;
	*) fail "auts '$auts' does not start with ba853f3c123c";; esac
# too far ahead: SQN_MS more than delta (2^28 SEQ) below
run aka-check --k $K --opc $OPC --rand $RAND --autn $AUTN --sqn-ms 000000000000
expect_rc 1
expect "result: sync failure"
run aka-check --k $K --opc $OPC --rand $RAND --autn $AUTN --sqn-ms 000000000000 --delta none
expect_rc 0
# one bit flipped in MAC-A
run aka-check --k $K --opc $OPC --rand $RAND --autn 55f328b43577b9b94a9ffac354dfafb2
expect_rc 1
expect "result: MAC failure"
if [ -z "$(value res)" ]; then pass "no res on MAC failure"; else fail "res printed on MAC failure"; fi

echo "== aka-auts and aka-auts-check (resynchronisation)"
run aka-auts --k $K --opc $OPC --rand $RAND --sqn-ms $SQN
expect_rc 0
auts=$(value auts)
auts_b64=$(value auts-base64)
case "$auts" in ba853f3c123c*) pass "auts starts with SQN_MS xor f5*";;
	*) fail "auts '$auts'";; esac
for a in "$auts" "$auts_b64"; do
	run aka-auts-check --k $K --op $OP --rand $RAND --auts "$a"
	expect_rc 0
	expect "sqn-ms: $SQN"
done
bad=${auts:0:27}$(printf '%x' $(( (0x${auts:27:1} ^ 1) )))
run aka-auts-check --k $K --op $OP --rand $RAND --auts "$bad"
expect_rc 1
expect "result: MAC-S failure"
run aka-auts-check --k $K --op $OP --rand $RAND --auts "not-base64"
expect_rc 1
expect_err "--auts must be 14 bytes as hex or base64"

echo "== esp-keys (TS 33.203 Annex I, vectors/key-expansion.txt)"
run esp-keys --ck $CK --ik $IK --alg hmac-sha-1-96 --ealg des-ede3-cbc
expect_rc 0
expect "integ-key: ${IK}00000000"
expect "encr-key: ${CK}b40ba9a3c58b2a05"
run esp-keys --ck $CK --ik $IK --alg hmac-md5-96 --ealg aes-cbc
expect "integ-key: $IK"
expect "encr-key: $CK"
run esp-keys --ck $CK --ik $IK --alg null --ealg aes-gcm
expect_rc 0
expect "encr-key: ${CK}89273db6"
expect "encr-salt: 89273db6"
run esp-keys --ck $CK --ik $IK --alg aes-gmac
expect_rc 0
expect "integ-key: ${IK}dbc2b1c2"
expect "ealg: null"
run esp-keys --ck $CK --ik $IK --alg hmac-sha-1
expect_rc 1
expect_err "unknown --alg 'hmac-sha-1'"
run esp-keys --ck $CK --ik $IK --alg null --ealg aes-cbc
expect_rc 1
expect_err "alg null cannot be combined with ealg aes-cbc"

echo "== kdf (TS 33.220 Annex B)"
run kdf --key $CK$IK --fc 59 --param '"AES_GCM_SALT"'
expect_rc 0
expect "out: 990208b8e98def9647b3267bbc4fb85ba56472b9fe616bae6ed8e3d589273db6"
run kdf --key $CK$IK --fc 58 --param 4145535f474d41435f53414c54
expect "out: de2d8fa4a81e8872bed63550622ea1e4b741f4e0ef633fa3ecbf4e12dbc2b1c2"
run kdf --key 000102 --fc 5 --param xyz
expect_rc 1

echo "== digest-aka (RFC 3310 / RFC 4169)"
NONCE='I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M='
digest() {
	run digest-aka --ck $CK --ik $IK --username user@ims.example.net \
		--realm ims.example.net --method REGISTER --uri sip:ims.example.net \
		--nonce "$NONCE" "$@"
}
digest --version 1 --res $RES --qop auth --cnonce 0a4f113b --nc 00000001
expect_rc 0
expect "password: $RES"
expect "response: 19e0447acb4e853e08f9f4c35a035b14"
digest --version AKAv1-MD5 --res $RES
expect "response: 291d0f2d122614eb8eefbab3f5598d6b"
digest --version 2 --res $RES --qop auth --cnonce 0a4f113b
expect_rc 0
expect "password: shzt3q8CWaZnCAWqs3WmEQ=="
expect "response: 9a89dae9bdca1ff0744f0c30eafb2dc9"
digest --version 3 --res $RES
expect_rc 1

echo "== bad command lines and values"
run aka-vector --k ${K:2} --opc $OPC --rand $RAND --sqn $SQN
expect_rc 1
expect_err "imsakactl aka-vector: --k must be 16 bytes of hex (got 15)"
run aka-vector --k ${K:1} --opc $OPC --rand $RAND --sqn $SQN
expect_rc 1
expect_err "--k must be 16 bytes of hex (got an odd number of digits)"
run aka-vector --k ${K:2}zz --opc $OPC --rand $RAND --sqn $SQN
expect_rc 1
expect_err "(got a non-hex character)"
run aka-vector --k $K --opc $OPC --rand $RAND --sqn ${SQN}00
expect_rc 1
expect_err "--sqn must be 6 bytes of hex (got 7)"
run aka-vector --k $K --opc $OPC --rand $RAND
expect_rc 2
expect_err "missing --sqn"
run aka-vector --k $K --op $OP --opc $OPC --rand $RAND --sqn $SQN
expect_rc 2
expect_err "give exactly one of --op and --opc"
run aka-vector --k $K --opc $OPC --rand $RAND --sqn $SQN --autn $AUTN
expect_rc 2
expect_err "unknown option"
run aka-vector --k $K --k $K --opc $OPC --rand $RAND --sqn $SQN
expect_rc 2
run aka-vector --k $K --opc $OPC --rand $RAND --sqn $SQN extra
expect_rc 2
run aka-check --k $K --opc $OPC --rand $RAND --autn $AUTN --delta 5
expect_rc 2
run aka-check --k $K --opc $OPC --rand $RAND --autn $AUTN --sqn-ms $SQN --delta -5
expect_rc 1
run aka-vector --k
expect_rc 2

summary
