#!/bin/bash
# The main job: installs what is needed, builds imsaka, and runs it in
# network namespaces: a UE behind a NAT authenticates to the P-CSCF host's
# gateway with IMS AKA (Milenage) done by imsaka's card on the UE and its
# provider on the network side, the tunnel comes up through the NAT as ESP
# in UDP 4500, and the same with a wrong K is refused. Prints what happened.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh" || { echo "demo: build failed"; exit 1; }

echo
echo "demo: running testing/do-tests ikev2/eap-aka-nat ikev2/eap-aka-wrong-k"
out=$("$top/testing/do-tests" ikev2/eap-aka-nat ikev2/eap-aka-wrong-k 2>&1)
status=$?
res=$(readlink -f "$top/testing/results/latest")
ok="$res/ikev2/eap-aka-nat"
bad="$res/ikev2/eap-aka-wrong-k"

yes_no() { grep -qE "$2" "$1" 2>/dev/null && echo yes || echo no; }
first() { grep -v '^###' "$1" 2>/dev/null | grep -oE "$2" | head -n1; }

line() { printf '%-44s %s\n' "$1" "$2"; }

echo
echo "=== imsaka demo: IMS AKA through a NAT ==="
echo "UE 10.1.0.10 behind NAT 192.0.2.1 -> P-CSCF host 192.0.2.20, IKEv2 EAP-AKA"
echo
line "AKA vector by imsaka's provider (network):" "$(yes_no "$ok/hosts/pcscf/charon.log" 'imsaka: authentication vector generated')"
line "AUTN verified by imsaka's card (UE):" "$(yes_no "$ok/hosts/ue/charon.log" 'imsaka: AUTN of .* verified')"
line "EAP-AKA succeeded:" "$(yes_no "$ok/hosts/pcscf/charon.log" 'EAP method EAP_AKA succeeded')"
line "NAT detected by the UE:" "$(yes_no "$ok/hosts/ue/charon.log" 'local host is behind NAT')"
line "IKE SA seen by the P-CSCF host:" "$(first "$ok/hosts/pcscf/charon.log" "established between [^ ]+\.\.\.[^ ]+" | sed 's/established between //')"
line "UE's NAT mapping at the P-CSCF host:" "$(first "$ok/evaltest.log" 'remote-host=192\.0\.2\.1 remote-port=[0-9]+')"
line "CHILD SA:" "$(first "$ok/evaltest.log" 'mode=TUNNEL protocol=ESP encap=yes')"
line "ping through the tunnel:" "$(yes_no "$ok/evaltest.log" '64 bytes from 10.2.0.1')"
if [ -f "$ok/nat.pcap" ]; then
	esp=$(tshark -r "$ok/nat.pcap" -Y 'udp.port==4500 && esp' 2>/dev/null | wc -l)
	plain=$(tshark -r "$ok/nat.pcap" -Y 'icmp' 2>/dev/null | wc -l)
	line "capture on the NAT:" "$esp ESP-in-UDP/4500 packets, $plain plain ICMP"
fi
line "wrong K refused by the UE's card:" "$(yes_no "$bad/hosts/ue/charon.log" 'imsaka: MAC in AUTN of .* is wrong')"
echo
echo "$out" | grep -E ': (PASS|FAIL) \(|passed, .* failed'
echo "details: $res"
exit $status
