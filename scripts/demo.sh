#!/bin/bash
# The main job: installs what is needed, builds imsaka, and runs it in
# network namespaces: the test S-CSCF (imsaka-scscf), the P-CSCF
# (imsaka-pcscf) and a UE (imsaka-ue) behind a NAT, each IPsec host with
# Debian's charon and the imsaka plugin. The UE registers with IMS AKA
# (SM1..SM12), both sides detect the NAT, the SIP after SM6 travels in
# ESP-in-UDP 4500 (ipsec-3gpp, UDP-enc-tun), the UE keeps the NAT mapping
# alive, and an unmodified SIP user agent (SIPp) on the UE host sends a
# MESSAGE through it. Prints what happened.
set -uo pipefail

#
# --phone: the second scenario instead, in the qemu guest with Debian's
# kernel (kernel-netlink, real XFRM ESP): a phone-shaped UE (imsaka-ue
# profile phone: six mod=trans offers, no NAT-T extension) registers to
# imsaka-pcscf in transport mode (netlink/reg-phone, a few minutes under
# emulation).

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/as-root.sh"
"$top/scripts/build.sh" || { echo "demo: build failed"; exit 1; }

if [ "${1:-}" = --phone ]; then
	exec "$top/scripts/demo-phone.sh"
fi

echo
echo "demo: running testing/do-tests imsaka/reg-nat-ue"
out=$("$top/testing/do-tests" imsaka/reg-nat-ue 2>&1)
status=$?
res=$(readlink -f "$top/testing/results/latest")/imsaka/reg-nat-ue
state=$(grep -h -A30 -- "cat /run/imsaka-ue.state" "$res/evaltest.log" 2>/dev/null |
	sed -n '/^state=/,/^###/p' | grep -v '^###' | head -n 30)

yes_no() { grep -qE "$2" "$1" 2>/dev/null && echo yes || echo no; }
first() { grep -v '^###' "$1" 2>/dev/null | grep -oE "$2" | head -n1; }
field() { sed -n "s/^$1=//p" <<< "$state" | head -n1; }
line() { printf '%-46s %s\n' "$1" "$2"; }

echo
echo "=== imsaka demo: IMS AKA registration of a UE behind a NAT ==="
echo "UE 10.1.0.10 --- NAT 192.0.2.1 --- P-CSCF 192.0.2.20 (protected 10.2.0.1) --- S-CSCF 192.0.2.30"
echo
line "registration (SM1..SM12):" "$(field state)"
line "mechanism:" "ipsec-3gpp $(first "$res/ue-imsaka-ue.log" 'alg=[^ ]+ ealg=[^ ]+')"
line "NAT verdict (UE / P-CSCF):" "$(field nat) / $(first "$res/pcscf-imsaka-pcscf.log" 'SM1 forwarded: .* nat=[a-z]+' | grep -oE 'nat=[a-z]+' | cut -d= -f2)"
line "mode:" "$(field mode)"
line "UE SPIs (spi-uc / spi-us):" "$(field spi-uc) / $(field spi-us)"
line "P-CSCF SPIs (spi-pc / spi-ps):" "$(field spi-pc) / $(field spi-ps)"
line "ports UE c/s, P-CSCF c/s:" "$(field port-uc)/$(field port-us), $(field port-pc)/$(field port-ps)"
line "UE's NAT mapping learned by the P-CSCF:" "$(first "$res/evaltest.log" 'remote-outer=192\.0\.2\.1:[0-9]+')"
line "K left the UE's charon:" "no (AKA ran in charon: aka-digest)"
line "ck/ik in the 401 the UE got:" "$(yes_no "$res/ue-imsaka-ue.log" 'ck=|ik=')"
line "NAT keep-alives seen on the NAT:" "$(first "$res/evaltest.log" 'keepalives ok: [0-9]+ over [0-9.]+ s' | sed 's/^keepalives ok: //')"
line "SIPp MESSAGE over the protected path:" "$(first "$res/evaltest.log" 'message (ok|FAILED)')"
if [ -f "$res/nat.pcap" ]; then
	esp=$(tshark -r "$res/nat.pcap" -Y 'udp.port==4500 && esp' 2>/dev/null | wc -l)
	plain=$(tshark -r "$res/nat.pcap" -Y 'sip' 2>/dev/null | wc -l)
	line "capture on the NAT:" "$esp ESP-in-UDP/4500 packets, $plain plain SIP (SM1..SM6)"
	echo "SIP inside the ESP, decrypted by tshark with the exported keys:"
	"$top/testing/scripts/esp-decrypt" -s "$res/nat.pcap" "$res/pcscf-esp_sa" 2>/dev/null |
		sed 's/^/    frame /'
fi
# the evaluation after imsaka-ue stopped (de-registered): no set on the UE
left=$(awk '/:: \^set :: NO/ { f = 1 } f && /^### (PASS|FAIL)/ { print $2; exit }' \
	"$res/evaltest.log" 2>/dev/null)
line "SA sets left after de-registration:" "$([ "$left" = PASS ] && echo none || echo 'some, see evaltest.log')"
# the ladder of the run (every message, its protection, the NAT's
# rewrites), drawn by the test bench from its captures and keys
# (testing/lib/ladder.sh, imsakactl ladder)
if [ -s "$res/ladder.svg" ]; then
	line "ladder of the run (SVG, HTML with a table):" "$res/ladder.svg"
	line "" "$res/ladder.html"
else
	line "ladder of the run:" "not drawn, see $res/ladder.log"
fi
echo
echo "$out" | grep -E ': (PASS|FAIL) \(|passed, .* failed'
echo "details: $res"
exit $status
