#!/bin/bash
# End-to-end test of imsakactl ladder on a recorded registration: the
# capture of imsaka/reg-nat-ue (P-CSCF and both sides of the NAT, SM1..SM12
# and a MESSAGE) with the P-CSCF's exported ESP keys (test keys). tshark
# decrypts SM7..SM12; the SVG must hold the twelve steps in order, each
# with its protection, and the NAT's rewrites; headless Chromium must
# render the HTML page to a PNG that is not blank (png_check.py). Fails if
# tshark or chromium is missing.
# IMSAKACTL: see imsakactl_test_lib.sh.

here=$(cd "$(dirname "$0")" && pwd)
. "$here/../imsakactl_test_lib.sh"

fixtures=$here/fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail()
{
	echo "FAIL: $*"
	failures=$((failures + 1))
}

ok()
{
	echo "ok: $*"
}

checks=$((checks + 1))
if ! "$imsakactl" ladder --capture "$fixtures/reg-nat-ue.pcap" \
		--esp-sa "$fixtures/reg-nat-ue.esp_sa" \
		--hosts ue=10.1.0.10 --hosts nat=192.0.2.1,10.1.0.1 \
		--hosts pcscf=192.0.2.20,10.2.0.1 --hosts scscf=192.0.2.30 \
		--title "imsaka/reg-nat-ue" \
		--svg "$work/ladder.svg" --html "$work/ladder.html" \
		> "$work/out" 2>&1; then
	fail "imsakactl ladder: $(cat "$work/out")"
	summary
	exit
fi
ok "imsakactl ladder: $(cat "$work/out")"

# the steps in order, each with the protection of its arrows (the label
# text, then the protection text of the same arrow)
checks=$((checks + 1))
steps=$(sed -n 's/.*class="label">\(SM[0-9SM/]*\) [^<]*<\/text>/\1/p; s/.*class="prot">\([^<]*\)<\/text>/\1/p' \
	"$work/ladder.svg" | paste -d' ' - - | awk '$1 ~ /^SM/' | uniq |
	head -n 8 | tr '\n' ';')
want="SM1 plain;SM2/SM3 plain;SM4/SM5 plain;SM6 plain;"
want+="SM7 ESP-in-UDP spi=0x0aac8a85;SM8/SM9 plain;SM10/SM11 plain;"
want+="SM12 ESP-in-UDP spi=0x0967985a;"
if [ "$steps" = "$want" ]; then
	ok "SM1..SM12 in order with their protection"
else
	fail "steps: got '$steps', want '$want'"
fi

# every number 1..12 once per registration, in order
checks=$((checks + 1))
numbers=$(grep -o 'class="label">SM[0-9SM/]*' "$work/ladder.svg" | uniq |
	grep -o '[0-9][0-9]*' | tr '\n' ' ')
if [ "$numbers" = "1 2 3 4 5 6 7 8 9 10 11 12 " ]; then
	ok "twelve messages numbered"
else
	fail "numbers: '$numbers'"
fi

# the NAT in front of the UE: SM1 rewritten on its way up, SM12 down
checks=$((checks + 1))
if grep -q '>NAT: source 10.1.0.10:5060 -&gt; 192.0.2.1:[0-9]*<' "$work/ladder.svg" &&
	grep -q '>NAT: destination 192.0.2.1:[0-9]* -&gt; 10.1.0.10:4500<' "$work/ladder.svg"; then
	ok "NAT rewrites marked"
else
	fail "NAT rewrites missing"
fi

# the keys are not left anywhere
checks=$((checks + 1))
if grep -rqs 00f2d7e7eba2a9c57d916d258490414c "$work" "${TMPDIR:-/tmp}"/imsakactl-ladder.* 2>/dev/null; then
	fail "key material in the output or a configuration left"
else
	ok "no key material in the output"
fi

# headless Chromium renders the page
checks=$((checks + 1))
chromium=$(command -v chromium || command -v chromium-browser)
if [ -z "$chromium" ]; then
	fail "chromium not installed (scripts/install-deps.sh)"
else
	start=$(date +%s.%N)
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$work/chromium" --hide-scrollbars \
		--screenshot="$work/ladder.png" --window-size=1100,900 \
		"file://$work/ladder.html" > "$work/chromium.log" 2>&1
	took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
	if [ ! -s "$work/ladder.png" ]; then
		fail "chromium wrote no PNG: $(tail -n 3 "$work/chromium.log")"
	elif res=$(python3 "$here/png_check.py" "$work/ladder.png" 1a7f37 57606a); then
		ok "rendered in $took s: $res"
	else
		fail "blank rendering: $res"
	fi
fi

summary
