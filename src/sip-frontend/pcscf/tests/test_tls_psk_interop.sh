#!/bin/bash
# tls-psk interop: imsaka's P-CSCF server context (tls_psk_peer server)
# against `openssl s_client -psk` and `gnutls-cli --pskusername --pskkey`,
# imsaka's UE client context (tls_psk_peer client) against
# `openssl s_server -psk` and `gnutls-serv`, TLS 1.2 and 1.3; an unknown
# identity is refused; tshark decrypts a captured session with tls.psk and
# shows the SIP inside. Runs in a private network namespace (root), else
# skips. Prints one line per check; exits 1 on any failure.
set -u

if [ "$(id -u)" != 0 ]; then
	echo "SKIP: needs root (private network namespace, capture)"
	exit 77
fi
if [ -z "${TLS_PSK_INTEROP_NETNS:-}" ]; then
	TLS_PSK_INTEROP_NETNS=1 exec unshare -n "$0" "$@"
fi
ip link set lo up
peer=${TLS_PSK_PEER:-./src/sip-frontend/pcscf/tests/tls_psk_peer}
if [ ! -x "$peer" ]; then
	echo "FAIL: $peer not built"
	exit 1
fi
tmp=$(mktemp -d /tmp/imsaka-tls-psk.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT

id=9f0e1d2c3b4a59687766554433221100
psk=c8732a80c5ab88b64b5333c06a989107ac06cf5a712779b26b1ba11c802894af
impi=alice@ims.example.net
port=5061
req=$'OPTIONS sip:pcscf.ims.example.net SIP/2.0\r\nContent-Length: 0\r\n\r\n'
resp=$'SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'
failures=0
checks=0
ok() { checks=$((checks + 1)); echo "ok   $*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL $*"; }

# stop PID: end a tool started in the background
stop()
{
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# listening: wait (bounded) until something listens on TCP $port
listening()
{
	for _ in $(seq 300); do
		[ -n "$(ss -Hltn "sport = :$port")" ] && return 0
		sleep 0.1
	done
	echo "FAIL: nothing listens on port $port"
	return 1
}

# server VERSIONS: start imsaka's server, wait until it listens
server()
{
	timeout 60 "$peer" server $port "${2:-$id}" $psk $impi "$1" \
		> "$tmp/server.out" 2>&1 &
	spid=$!
	for _ in $(seq 300); do
		grep -q listening "$tmp/server.out" && return
		sleep 0.1
	done
	echo "FAIL: imsaka's server did not listen: $(cat "$tmp/server.out")"
}

# s_client VERSION [OPTION...]: openssl s_client sends the request to
# imsaka's server with the PSK
s_client()
{
	printf '%s' "$req" | timeout 60 openssl s_client -quiet -connect \
		127.0.0.1:$port -psk $psk -psk_identity $id -tls$1 "${@:2}" \
		> "$tmp/client.out" 2>&1
}

# expect_client PATTERN WHAT: s_client's output has a line matching
expect_client()
{
	if grep -q "$1" "$tmp/client.out"; then
		ok "$2"
	else
		fail "$2: $(cat "$tmp/client.out")"
	fi
}

# expect_server PATTERN WHAT
expect_server()
{
	wait $spid
	if grep -qE "$1" "$tmp/server.out"; then
		ok "$2: $(tail -n 1 "$tmp/server.out")"
	else
		fail "$2: $(cat "$tmp/server.out")"
	fi
}

# openssl s_client against imsaka's server
for v in 1_2 1_3; do
	server "${v/1_/1}"
	s_client $v
	expect_server "^impi=$impi cipher=.* version=TLSv${v/_/.}\$" \
		"openssl s_client -tls$v -psk handshakes with imsaka's server"
	expect_client '^SIP/2.0 200 OK' \
		"openssl s_client -tls$v got the 200 inside TLS"
done

# an identity without a registration gets no key
server 12 00112233445566778899aabbccddeeff
s_client 1_2
expect_server "^handshake failed" \
	"imsaka's server refuses an identity with no registration"
expect_client 'unknown psk identity' "s_client was told unknown_psk_identity"

# imsaka's client against openssl s_server
mkfifo "$tmp/s_server.in"
for v in 12 13; do
	# s_server sends what it reads on stdin and ends the connection at its
	# end: the 200 goes in once the OPTIONS arrived, the end once the client
	# is done (events, not times)
	timeout 60 openssl s_server \
		-quiet -naccept 1 -accept 127.0.0.1:$port -nocert -psk $psk \
		-psk_identity $id -psk_hint 3GPP-IMS-AKA -tls${v/1/1_} \
		< "$tmp/s_server.in" > "$tmp/s_server.out" 2>&1 &
	bpid=$!
	exec 3> "$tmp/s_server.in"
	listening
	timeout 60 "$peer" client $port $id $psk 00a8,1301 "$v" \
		> "$tmp/client.out" 2>&1 < /dev/null &
	cpid=$!
	for _ in $(seq 300); do
		grep -q '^OPTIONS sip:' "$tmp/s_server.out" && break
		kill -0 $cpid 2>/dev/null || break
		sleep 0.1
	done
	printf '%s' "$resp" >&3
	wait $cpid
	crc=$?
	exec 3>&-
	if [ $crc = 0 ] && grep -q '^cipher=' "$tmp/client.out" &&
			grep -q '^OPTIONS sip:' "$tmp/s_server.out"; then
		ok "imsaka's client handshakes with openssl s_server -tls${v/1/1_}: $(cat "$tmp/client.out")"
	else
		fail "imsaka's client vs openssl s_server -tls${v/1/1_}: $(cat "$tmp/client.out" "$tmp/s_server.out")"
	fi
	stop $bpid
done

# a P-CSCF with another hint is not ours: the UE aborts (TLS 1.2)
timeout 60 openssl s_server -quiet -naccept 1 -accept 127.0.0.1:$port \
	-nocert -psk $psk -psk_identity $id -psk_hint other -tls1_2 \
	> "$tmp/s_server.out" 2>&1 &
bpid=$!
listening
if ! timeout 60 "$peer" client $port $id $psk 00a8 12 > "$tmp/client.out" 2>&1; then
	ok "imsaka's client aborts on a foreign PSK identity hint"
else
	fail "imsaka's client accepted the hint 'other'"
fi
stop $bpid

# GnuTLS, when installed
if command -v gnutls-cli >/dev/null && command -v gnutls-serv >/dev/null &&
		command -v psktool >/dev/null; then
	for prio in "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:+PSK" \
			"NORMAL:-VERS-ALL:+VERS-TLS1.3:-KX-ALL:+PSK:+DHE-PSK:+ECDHE-PSK"; do
		server 12,13
		printf '%s' "$req" | timeout 60 gnutls-cli --priority "$prio" \
			--pskusername $id --pskkey $psk -p $port 127.0.0.1 \
			> "$tmp/client.out" 2>&1
		expect_server "^impi=$impi cipher=" "gnutls-cli ($prio) handshakes with imsaka's server"
	done
	echo "$id:$psk" > "$tmp/pskpasswd"
	for v in 12 13; do
		prio=NORMAL:-VERS-ALL:+VERS-TLS1.${v#1}:+PSK:+DHE-PSK:+ECDHE-PSK
		timeout 60 gnutls-serv -p $port --pskpasswd "$tmp/pskpasswd" \
			--pskhint 3GPP-IMS-AKA --priority "$prio" --echo \
			> "$tmp/s_server.out" 2>&1 &
		bpid=$!
		listening
		if timeout 60 "$peer" client $port $id $psk 00a8,1301 "$v" \
				> "$tmp/client.out" 2>&1; then
			ok "imsaka's client handshakes with gnutls-serv TLS1.${v#1}: $(cat "$tmp/client.out")"
		else
			fail "imsaka's client vs gnutls-serv TLS1.${v#1}: $(cat "$tmp/client.out") $(tail -n 5 "$tmp/s_server.out")"
		fi
		stop $bpid
	done
else
	echo "skip GnuTLS checks: gnutls-bin not installed"
fi

# tshark decrypts a captured session given the PSK
if command -v tcpdump >/dev/null && command -v tshark >/dev/null; then
	# tcpdump says "listening on" once it captures; -U writes each packet
	tcpdump -i lo -n -U --immediate-mode -w "$tmp/tls.pcap" \
		"tcp port $port" > "$tmp/tcpdump.out" 2>&1 &
	cpid=$!
	for _ in $(seq 300); do
		grep -q 'listening on' "$tmp/tcpdump.out" && break
		sleep 0.1
	done
	# plain PSK key exchange: with (EC)DHE the PSK alone decrypts nothing
	server 12
	s_client 1_2 -cipher PSK-AES128-GCM-SHA256
	wait $spid
	# the capture has what it needs once the PSK decrypts the 200 in it
	for _ in $(seq 60); do
		dec=$(tshark -r "$tmp/tls.pcap" -d tcp.port==$port,tls \
			-o tls.psk:$psk -Y sip 2>/dev/null)
		echo "$dec" | grep -q 'Status: 200 OK' && break
		sleep 0.1
	done
	kill -INT $cpid; wait $cpid 2>/dev/null
	plain=$(tshark -r "$tmp/tls.pcap" -d tcp.port==$port,tls -Y sip \
		2>/dev/null)
	if echo "$dec" | grep -q 'Request: OPTIONS' &&
			echo "$dec" | grep -q 'Status: 200 OK' &&
			! echo "$plain" | grep -q OPTIONS; then
		ok "tshark -o tls.psk decrypts the session: OPTIONS and 200 inside"
	else
		fail "tshark: with the PSK '$dec', without it '$plain'"
	fi
fi

echo "$checks checks, $failures failed"
[ "$failures" = 0 ]
