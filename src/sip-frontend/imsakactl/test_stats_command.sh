#!/bin/bash
# Tests of imsakactl stats against fake daemons: a socat UNIX socket that
# checks the request is "stats" and answers a prepared reply, good or
# hostile (bad keys, values that are no decimal number or overflow 64 bits,
# duplicates, a line past the reader's bound, no reply at all). Prints one
# line per check; exits 1 on any mismatch, 77 (skipped) without socat.
# IMSAKACTL: see imsakactl_test_lib.sh.

. "$(dirname "$0")/imsakactl_test_lib.sh"

if ! command -v socat >/dev/null; then
	echo "SKIP: needs socat"
	exit 77
fi

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sock=$dir/ctl
out=$dir/out
err=$dir/err

# the fake daemon's side of one connection: the request must be "stats"
cat > "$dir/answer" <<'EOF'
#!/bin/sh
IFS= read -r line
if [ "$line" = stats ]; then
	cat "$1"
else
	echo "ERR command the fake expected stats, got $line"
fi
EOF
chmod +x "$dir/answer"

# serve FILE: answer one connection on $sock with FILE's content
serve()
{
	rm -f "$sock"
	socat UNIX-LISTEN:"$sock" EXEC:"$dir/answer $1" 2>/dev/null &
	fake=$!
	# socat has bound the socket once it exists
	for _ in $(seq 1000); do
		[ -S "$sock" ] && return
		kill -0 "$fake" 2>/dev/null || break
		sleep 0.01
	done
	echo "FAIL: the fake daemon did not listen on $sock"
	exit 1
}

# run REPLY-FILE ARGS...: imsakactl stats --socket $sock ARGS against a fake
# answering REPLY-FILE; sets $status
run()
{
	local reply=$1
	shift
	serve "$reply"
	"$imsakactl" stats --socket "$sock" "$@" >"$out" 2>"$err"
	status=$?
	# the client may have gone before the fake wrote: end it either way
	kill "$fake" 2>/dev/null
	wait "$fake" 2>/dev/null
}

report()
{
	local name=$1 ok=$2
	checks=$((checks + 1))
	if [ "$ok" = yes ]; then
		echo "ok: $name"
	else
		echo "FAIL: $name: exit $status"
		sed 's/^/  out: /' "$out"
		sed 's/^/  err: /' "$err"
		failures=$((failures + 1))
	fi
}

# good NAME REPLY EXPECTED-STDOUT [ARGS...]: exit 0, stdout exactly as given
good()
{
	local name=$1 reply=$2 want=$3
	shift 3
	printf '%s' "$reply" > "$dir/reply"
	run "$dir/reply" "$@"
	if [ "$status" = 0 ] && [ "$(cat "$out")" = "$want" ] && [ ! -s "$err" ]
	then
		report "$name" yes
	else
		echo "  want: $want"
		report "$name" no
	fi
}

# bad NAME REPLY EXPECTED-STDERR-TEXT [ARGS...]: exit 1, nothing on stdout,
# the text on stderr
bad()
{
	local name=$1 reply=$2 want=$3
	shift 3
	printf '%s' "$reply" > "$dir/reply"
	run "$dir/reply" "$@"
	if [ "$status" = 1 ] && [ ! -s "$out" ] && grep -qF -- "$want" "$err"
	then
		report "$name" yes
	else
		echo "  want on stderr: $want"
		report "$name" no
	fi
}

MAX=18446744073709551615
PLUGIN='OK contexts=2 ue=0 pcscf=2 sets-temp=1 sets-current=1 sets-old=0 sets-installed=3 errors-param=0'

good "pretty: aligned key value lines in the daemon's order" "$PLUGIN"$'\n' \
"contexts       2
ue             0
pcscf          2
sets-temp      1
sets-current   1
sets-old       0
sets-installed 3
errors-param   0"
good "json: one flat object in the daemon's order" "$PLUGIN"$'\n' \
	'{"contexts": 2, "ue": 0, "pcscf": 2, "sets-temp": 1, "sets-current": 1, "sets-old": 0, "sets-installed": 3, "errors-param": 0}' \
	--json
if command -v python3 >/dev/null; then
	checks=$((checks + 1))
	if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["sets-installed"] == 3 and len(d) == 8 else 1)' "$out"; then
		echo "ok: json: python reads it"
	else
		echo "FAIL: json: python cannot read $(cat "$out")"
		failures=$((failures + 1))
	fi
fi
good "64-bit values" "OK keepalives-sent=$MAX"$'\n' "keepalives-sent $MAX"
good "json: 64-bit value" "OK keepalives-sent=$MAX"$'\n' \
	"{\"keepalives-sent\": $MAX}" --json
good "leading zeros normalized (JSON has none)" $'OK a=007 b=0\n' \
	'{"a": 7, "b": 0}' --json
good "CRLF line end" $'OK a=1\r\n' "a 1"
good "digits and dashes in keys" $'OK errors-3gpp-x=5\n' "errors-3gpp-x 5"

bad "ERR reply" $'ERR command unknown command \'stats\'\n' \
	"answered: ERR command unknown command 'stats'"
bad "ERR reply with terminal controls" $'ERR x \e[31mred\n' \
	"answered: ERR x ?[31mred"
bad "upper case key" $'OK Contexts=1\n' "bad key in 'Contexts=1'"
bad "key with an underscore" $'OK sets_temp=1\n' "bad key in 'sets_temp=1'"
bad "token without =" $'OK contexts=1 garbage\n' "bad key in 'garbage'"
bad "empty key" $'OK =1\n' "bad key in '=1'"
bad "key of 65 characters" "OK $(printf 'a%.0s' $(seq 65))=1"$'\n' "bad key in 'aaaa"
bad "terminal controls in a key" $'OK a\e[31m=1\n' "bad key in 'a?[31m=1'"
bad "negative value" $'OK a=-1\n' "value is not a decimal number in 'a=-1'"
bad "value with a sign" $'OK a=+1\n' "value is not a decimal number in 'a=+1'"
bad "trailing garbage" $'OK a=1x\n' "value is not a decimal number in 'a=1x'"
bad "hex value" $'OK a=0x10\n' "value is not a decimal number in 'a=0x10'"
bad "empty value" $'OK a= b=1\n' "value is not a decimal number in 'a='"
bad "value past 64 bits" $'OK a=18446744073709551616\n' \
	"value is not a decimal number in 'a=18446744073709551616'"
bad "tab inside a token" $'OK a=1\tb=2\n' "value is not a decimal number in 'a=1?b=2'"
bad "key given twice" $'OK a=1 b=2 a=3\n' "key given twice: 'a'"
bad "no counters" $'OK\n' "no counters"
bad "OK glued to a key" $'OKa=1\n' "not an OK reply 'OKa=1'"
bad "a line before the reply" $'hello\nOK a=1\n' "not a reply 'hello'"
bad "an empty line before the reply" $'\nOK a=1\n' "not a reply ''"
bad "257 keys" "OK $(for i in $(seq 257); do printf 'k%d=1 ' "$i"; done)"$'\n' \
	"more than 256 keys at 'k257=1'"
bad "reply line past the reader's bound" "OK a=$(head -c 20000 /dev/zero | tr '\0' 1)"$'\n' \
	"reply line too long"
bad "connection closed without a reply" "" "closed the connection"
bad "reply without line end" "OK a=1" "closed the connection"

rm -f "$sock"
"$imsakactl" stats --socket "$sock" >"$out" 2>"$err"
status=$?
report "no daemon: exit 1" "$([ "$status" = 1 ] && grep -q "connecting to $sock failed" "$err" && echo yes)"
"$imsakactl" stats --socket "$sock" --frob >"$out" 2>"$err"
status=$?
report "unknown option: usage, exit 2" "$([ "$status" = 2 ] && grep -q -- "--frob" "$err" && echo yes)"
"$imsakactl" stats --socket "$sock" extra >"$out" 2>"$err"
status=$?
report "extra argument: usage, exit 2" "$([ "$status" = 2 ] && grep -q "unexpected argument extra" "$err" && echo yes)"

summary
