#!/bin/bash
# G4: SQN across a fleet of S-CSCF instances. A private PostgreSQL
# (testing/scripts/postgres), two imsaka-scscf instances on loopback with
# store = postgresql and IND 0 and 1, REGS registrations of SUBS subscribers
# alternating between them (bench/bench_sqn_fleet: IMS AKA over UDP, a
# TS 33.102 card model per subscriber, AHEAD % of the cards an hour ahead of
# the clock so their first contact resynchronises), instance 1 killed and
# started again half way. The same run against two instances with the file
# store (each its own subscribers file, floors in memory) is the baseline.
#
# Prints per store: registrations, vectors, sync failures (total, at a
# card's first contact, caused by concurrency), database writes of the
# sqn_floor table (pg_stat_user_tables n_tup_ins + n_tup_upd + n_tup_del
# before and after) per vector, and registrations/s.
#
# usage: bench/run-sqn-fleet.sh [BUILD-DIR] (default $IMSAKA_BUILD_DIR or build/)
# IMSAKA_SQN_SUBSCRIBERS   subscribers (default 500)
# IMSAKA_SQN_REGISTRATIONS registrations (default 10000)
# IMSAKA_SQN_AHEAD         % of cards ahead of the clock (default 10)
#
# Goal (G4): 0 sync failures caused by concurrency and 0 database writes per
# vector with the PostgreSQL store. Exits 1 if missed.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${IMSAKA_BUILD_DIR:-$top/build}}
build=$(cd "$build" && pwd)
subs=${IMSAKA_SQN_SUBSCRIBERS:-500}
regs=${IMSAKA_SQN_REGISTRATIONS:-10000}
ahead=${IMSAKA_SQN_AHEAD:-10}
pg=$top/testing/scripts/postgres
scscf=$build/src/sip-frontend/scscf/imsaka-scscf
bench=$build/bench/bench_sqn_fleet

make -C "$build" -s bench/bench_sqn_fleet src/sip-frontend/scscf/imsaka-scscf \
	>/dev/null || exit 1
tmp=$(mktemp -d /tmp/imsaka-sqn-fleet.XXXXXX)
chmod 755 "$tmp"
cleanup() {
	local f
	for f in "$tmp"/*.pid; do
		[ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	sleep 0.2
	"$pg" stop "$tmp/db" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "run-sqn-fleet: $*" >&2; exit 1; }

conninfo=$("$pg" start "$tmp/db")
rc=$?
[ $rc = 77 ] && { echo "run-sqn-fleet: PostgreSQL server programs missing"; exit 77; }
[ $rc = 0 ] || fail "postgres start failed"
"$pg" psql "$tmp/db" "$("$bench" subscribers-sql "$subs")" ||
	fail "loading the subscribers failed"
"$bench" subscribers-conf "$subs" > "$tmp/subscribers.conf"
base=$((20000 + RANDOM % 20000))

# the configuration of instance $2 with store $1
write_conf() {
	local store=$1 i=$2
	{
		echo "imsaka-scscf {"
		echo "	listen = 127.0.0.1"
		echo "	port = $((base + i))"
		echo "	udp = yes"
		echo "	tcp = no"
		echo "	store = $store"
		echo "	ind = $i"
		echo "	max_pending = 4096"
		if [ "$store" = postgresql ]; then
			echo "	database = $conninfo"
		else
			echo "	subscribers = $tmp/subscribers.conf"
		fi
		echo "}"
	} > "$tmp/$store-$i.conf"
	# starts (and restarts) the instance, returns once it is ready
	cat > "$tmp/start-$store-$i.sh" <<EOS
#!/bin/bash
log="$tmp/$store-$i.log"
touch "\$log"
n=\$(grep -c ' ready' "\$log")
setsid "$scscf" -c "$tmp/$store-$i.conf" >> "\$log" 2>&1 &
echo \$! > "$tmp/$store-$i.pid"
for _ in \$(seq 300); do
	[ "\$(grep -c ' ready' "\$log")" -gt "\$n" ] && exit 0
	kill -0 \$! 2>/dev/null || exit 1
	sleep 0.05
done
exit 1
EOS
	# kills instance 1 (a crash: nothing written) and starts it again
	cat > "$tmp/restart-$store.sh" <<EOS
#!/bin/bash
pid=\$(cat "$tmp/$store-1.pid")
kill -KILL \$pid
while kill -0 \$pid 2>/dev/null; do sleep 0.02; done
exec "$tmp/start-$store-1.sh"
EOS
	chmod +x "$tmp/start-$store-$i.sh" "$tmp/restart-$store.sh"
}

floor_writes() {
	"$pg" psql "$tmp/db" "SELECT coalesce(sum(n_tup_ins + n_tup_upd + \
		n_tup_del), 0) FROM pg_stat_user_tables WHERE relname = 'sqn_floor'"
}

# run against store $1, output into $tmp/$1.out
run_store() {
	local store=$1 before after i
	for i in 0 1; do
		write_conf "$store" $i
		"$tmp/start-$store-$i.sh" ||
			{ tail -5 "$tmp/$store-$i.log" >&2; fail "$store instance $i did not start"; }
	done
	before=$(floor_writes)
	"$bench" run "$subs" "$regs" "$ahead" "$base,$((base + 1))" \
		$((regs / 2)) "$tmp/restart-$store.sh" > "$tmp/$store.out" ||
		fail "bench_sqn_fleet failed"
	for i in 0 1; do
		kill "$(cat "$tmp/$store-$i.pid")" 2>/dev/null
		while kill -0 "$(cat "$tmp/$store-$i.pid")" 2>/dev/null; do sleep 0.05; done
		rm -f "$tmp/$store-$i.pid"
	done
	# the backends report their statistics when they end
	sleep 1
	after=$(floor_writes)
	echo "floor writes: $((after - before))" >> "$tmp/$store.out"
}

run_store postgresql
run_store file

get() { sed -n "s|^$2: ||p" "$tmp/$1.out"; }
row() { printf "%-42s %14s %14s\n" "$1" "$2" "$3"; }
echo "G4 SQN: $regs registrations, $subs subscribers ($ahead % of the cards" \
	"an hour ahead), 2 instances (IND 0, 1), instance 1 killed and started" \
	"again after $((regs / 2))"
row "" postgresql file
for what in registrations failed vectors "sync failures" \
		"sync failures at first contact" "sync failures caused by concurrency" \
		retransmissions seconds "restart seconds" registrations/s; do
	row "$what" "$(get postgresql "$what")" "$(get file "$what")"
done
vectors=$(get postgresql vectors)
writes=$(get postgresql "floor writes")
resyncs=$(get postgresql "sync failures")
per_vector=$(awk "BEGIN { printf \"%.4f\", $writes / $vectors }")
per_vector_net=$(awk "BEGIN { printf \"%.4f\", ($writes - $resyncs) / $vectors }")
row "sqn_floor writes" "$writes" "-"
row "sqn_floor writes per vector" "$per_vector" "-"
row "  of them not by a resynchronisation" "$per_vector_net" "-"

status=0
if [ "$(get postgresql 'sync failures caused by concurrency')" = 0 ]; then
	echo "goal 0 sync failures caused by concurrency: met"
else
	echo "goal 0 sync failures caused by concurrency: MISSED"
	status=1
fi
if [ "$writes" = "$resyncs" ]; then
	echo "goal 0 database writes per vector (only resynchronisations write): met"
else
	echo "goal 0 database writes per vector: MISSED"
	status=1
fi
exit $status
