#!/bin/bash
# The independent proof of imsaka-scscf's IMS AKA: SIPp (Debian package
# sip-tester), with its own Milenage and Digest code, registers with
# AKAv1-MD5 over UDP and over TCP and must get 401 then 200, finding the
# challenge's MAC-A right. With a wrong K, SIPp (3.6) itself refuses the
# challenge (MAC-A wrong, "MAC != eXpectedMAC") and sends no answer, as a UE
# must; so the 403 is checked with SIPp answering the nonce of the 401 with
# a forged response.
set -u

srcdir=${srcdir:-$(dirname "$0")/../../../..}
builddir=$(pwd)
scscf=$builddir/src/sip-frontend/scscf/imsaka-scscf
scenario=$srcdir/src/sip-frontend/scscf/tests/sipp_register_aka.xml

if ! command -v sipp >/dev/null; then
	echo "SKIP: sipp (package sip-tester) not installed"
	exit 77
fi
[ -x "$scscf" ] || { echo "FAIL: $scscf not built"; exit 1; }

tmp=$(mktemp -d /tmp/imsaka-scscf-sipp.XXXXXX)
pid=
cleanup() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	echo "--- imsaka-scscf log"
	cat "$tmp/scscf.log" 2>/dev/null
	exit 1
}

# SIPp takes K, OP and AMF as raw bytes: 16 printable characters each
user=sipp
aka_k='imsaka-sipp-key1'
aka_op='imsaka-sipp-op-1'
aka_amf='80'
hex() { printf %s "$1" | od -An -tx1 | tr -d ' \n'; }

cat > "$tmp/subscribers.conf" <<EOS
subscribers {
	sipp {
		impi = $user@ims.example.net
		impu = sip:$user@ims.example.net
		k = $(hex "$aka_k")
		op = $(hex "$aka_op")
		amf = $(hex "$aka_amf")
	}
}
EOS

# a free port: the S-CSCF refuses to start on a taken one, so try a few
started=
for attempt in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 20000))
	cat > "$tmp/scscf.conf" <<EOC
imsaka-scscf {
	listen = 127.0.0.1
	port = $port
	realm = ims.example.net
	subscribers = $tmp/subscribers.conf
	sqn_state = $tmp/sqn.state
}
EOC
	"$scscf" -c "$tmp/scscf.conf" -d 2 > "$tmp/scscf.log" 2>&1 &
	pid=$!
	# ready, or gone (port taken); bounded only against a hang
	for i in $(seq 1 600); do
		grep -q "ready" "$tmp/scscf.log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if grep -q "ready" "$tmp/scscf.log"; then
		started=1
		break
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
done
[ -n "$started" ] || fail "imsaka-scscf did not start"

# run_sipp TRANSPORT K|forged FINAL NAME: one registration, SIPp's status
run_sipp() {
	local transport=$1 k=$2 final=$3 name=$4 auth action=
	if [ "$k" = forged ]; then
		# the nonce is the only run of 40 or more base64 characters
		action='<action><ereg regexp="[A-Za-z0-9+/]{40,}={0,2}" search_in="hdr" header="WWW-Authenticate:" check_it="true" assign_to="nonce"/></action>'
		auth="Authorization: Digest username=\"$user@ims.example.net\", realm=\"ims.example.net\", nonce=\"[\$nonce]\", uri=\"sip:ims.example.net\", response=\"00112233445566778899aabbccddeeff\", algorithm=AKAv1-MD5"
	else
		auth="[authentication username=$user@ims.example.net aka_K=$k aka_OP=$aka_op aka_AMF=$aka_amf]"
	fi
	AUTH=$auth ACTION=$action awk -v final="$final" -v user="$user" '
		function put(name, text,  i) {
			i = index($0, "@" name "@");
			if (i) $0 = substr($0, 1, i - 1) text substr($0, i + length(name) + 2)
		}
		{ gsub(/@USER@/, user); gsub(/@FINAL@/, final);
		  put("AUTH", ENVIRON["AUTH"]); put("ACTION", ENVIRON["ACTION"]);
		  print }' "$scenario" > "$tmp/$name.xml"
	(cd "$tmp" && timeout 60 sipp -sf "$name.xml" -m 1 -t "$transport" \
		-i 127.0.0.1 -p $((port + 1 + RANDOM % 1000)) \
		-timeout 30s -timeout_error -trace_err -trace_msg \
		127.0.0.1:"$port" < /dev/null > "$tmp/$name.out" 2>&1)
}

# SIPp 3.6.1 takes RES as a C string: a RES with a zero byte (about 3 % of
# vectors) gives it a wrong password and a 403. A new REGISTER gets a new
# vector, so a good registration is tried up to three times.
run_sipp_good() {
	local i
	for i in 1 2 3; do
		rm -f "$tmp/$3"_*
		run_sipp "$1" "$aka_k" 200 "$3" && return 0
		echo "note: SIPp attempt $i of $3 failed, see above"
	done
	return 1
}

run_sipp_good u1 200 good-udp || fail "SIPp AKAv1-MD5 over UDP did not get 401 then 200"
if cat "$tmp"/good-udp_*errors.log 2>/dev/null | grep -q "MAC != eXpectedMAC"; then
	fail "SIPp found the MAC-A of the challenge wrong"
fi
grep -q "SIP/2.0 401" "$tmp"/good-udp_*messages.log || fail "no 401 seen by SIPp"
grep -q "SIP/2.0 200" "$tmp"/good-udp_*messages.log || fail "no 200 seen by SIPp"
echo "ok: SIPp registered over UDP (401, 200)"

run_sipp_good t1 200 good-tcp || fail "SIPp AKAv1-MD5 over TCP did not get 401 then 200"
echo "ok: SIPp registered over TCP (401, 200)"

run_sipp u1 forged 403 forged || fail "SIPp with a forged response did not get 403"
echo "ok: SIPp with a forged response got 403"

if run_sipp u1 'imsaka-sipp-bad!' 200 bad-k; then
	fail "SIPp with a wrong K registered"
fi
cat "$tmp"/bad-k_*errors.log 2>/dev/null | grep -q "MAC != eXpectedMAC" ||
	fail "SIPp with a wrong K did not refuse the challenge's MAC-A"
echo "ok: SIPp with a wrong K refused the challenge (MAC-A), not registered"

grep -q "sipp@ims.example.net" "$tmp/sqn.state" || fail "SQN state not saved"
exit 0
