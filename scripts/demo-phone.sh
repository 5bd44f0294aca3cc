#!/bin/bash
# The second scenario of the demo (scripts/demo.sh --phone, after the
# build): in a qemu guest with Debian's kernel, charon on kernel-netlink, a
# phone-shaped UE (imsaka-ue, profile phone) registers to imsaka-pcscf and
# imsaka-scscf in transport-mode ESP, then an unmodified SIP UA sends a
# MESSAGE (testing/tests/netlink/reg-phone). Prints what happened.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
scenario=netlink/reg-phone

echo
echo "demo: running scripts/qemu-lane.sh $scenario (Debian's kernel under qemu)"
out=$("$top/scripts/qemu-lane.sh" "$scenario" 2>&1)
status=$?
res=$(ls -d "$top"/testing/results/qemu-latest/guest/results/*/$scenario 2>/dev/null |
	tail -n 1)
if [ -z "$res" ]; then
	echo "$out" | tail -n 20
	echo "demo: no results of $scenario"
	exit 1
fi
pcap=$res/nat.pcap

line() { printf '%-44s %s\n' "$1" "$2"; }
sip_field() { tshark -r "$pcap" -Y "$1" -T fields -e "$2" 2>/dev/null | head -n 1; }

client=$(sip_field 'sip.Method == "REGISTER"' sip.Security-Client)
server=$(sip_field 'sip.Status-Code == 401' sip.Security-Server)
echo
echo "=== imsaka demo: a phone-shaped UE on kernel-netlink (transport mode) ==="
echo "UE 10.1.0.10 --- router 10.1.0.1/192.0.2.1 --- P-CSCF 192.0.2.20 --- S-CSCF 192.0.2.30"
echo
line "offers in SM1 (Security-Client):" "$(tr ',' '\n' <<< "$client" | grep -c ipsec-3gpp) x ipsec-3gpp, $(grep -o 'mod=[a-zA-Z-]*' <<< "$client" | sort -u | tr '\n' ' ')"
tr ',' '\n' <<< "$client" | sed -E 's/^ *//; s/;spi-c=.*//; s/^/    /'
line "NAT-T extension in SM1:" "$(grep -qE 'nat-u|hash-' <<< "$client" && echo yes || echo none)"
line "P-CSCF's choice (SM6 Security-Server):" "$(sed -E 's/;spi-c=.*//' <<< "$server")"
line "backend the P-CSCF found:" "$(grep -ohE "charon's [a-z-]+ installs mod=[^:]+" "$res/pcscf-imsaka-pcscf.log" | head -n 1)"
line "registration (SM1..SM12):" "$(sed -n 's/^state=//p' "$res/evaltest.log" | head -n 1)"
line "kernel XFRM, each side:" "$(grep -c '^xfrm-set: exactly the expected 4 SAs and 4 policies' "$res/evaltest.log") of 2 hosts hold exactly the 4 SAs and 4 policies of TS 33.203 7.1"
line "SA algorithms (exported for tshark):" "$(grep -ohE '"[A-Za-z0-9-]+ \[RFC[0-9]+\]"' "$res/pcscf-esp_sa" 2>/dev/null | sort -u | tr -d '"' | tr '\n' ' ')"
line "SIPp MESSAGE over the protected ports:" "$(grep -ohE 'message (ok|FAILED)' "$res/evaltest.log" | head -n 1)"
if [ -f "$res/sip-in-esp.txt" ]; then
	echo "SIP inside the ESP, decrypted by tshark with the exported keys:"
	sed 's/^/    frame /' "$res/sip-in-esp.txt"
fi
echo
echo "$out" | grep -E ': (PASS|FAIL) \('
echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1
echo "details: $res"
exit $status
