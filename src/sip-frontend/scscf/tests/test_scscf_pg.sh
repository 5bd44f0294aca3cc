#!/bin/bash
# imsaka-scscf's PostgreSQL store against a real, private PostgreSQL
# (testing/scripts/postgres): the Check program scscf_pg_tests drives two
# registrar instances over it (alternating vectors, shared resync floor,
# shared bindings, database down), then imsaka-scscf itself is started with
# store = postgresql: it loads the subscribers, and with the database down
# it stops with a line naming the database, never the password.
# Skipped (77) only if the PostgreSQL server programs are missing. The
# cluster is removed whatever happens.
set -u

srcdir=${srcdir:-$(dirname "$0")/../../../..}
srcdir=$(cd "$srcdir" && pwd)
builddir=$(pwd)
pg=$srcdir/testing/scripts/postgres
tests=$builddir/src/sip-frontend/scscf/tests/scscf_pg_tests
scscf=$builddir/src/sip-frontend/scscf/imsaka-scscf

[ -x "$tests" ] || { echo "FAIL: $tests not built"; exit 1; }
tmp=$(mktemp -d /tmp/imsaka-scscf-pg.XXXXXX)
chmod 755 "$tmp"
cleanup() {
	"$pg" stop "$tmp/db" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	for f in "$tmp"/*.log "$tmp/db/log"; do
		[ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }
	done
	exit 1
}

conninfo=$("$pg" start "$tmp/db")
rc=$?
if [ $rc = 77 ]; then
	echo "SKIP: PostgreSQL server programs (initdb, pg_ctl) not installed"
	exit 77
fi
[ $rc = 0 ] || fail "postgres start failed"

IMSAKA_TEST_PG_DIR=$tmp/db IMSAKA_TEST_PG_SCRIPT=$pg \
IMSAKA_TEST_PG_CONNINFO=$conninfo "$tests" || fail "scscf_pg_tests failed"

# the program with the store: ready, IND and subscribers from the database
port=$((20000 + RANDOM % 20000))
cat > "$tmp/scscf.conf" <<EOC
imsaka-scscf {
	listen = 127.0.0.1
	port = $port
	store = postgresql
	database = $conninfo password=not-logged-secret
	ind = 3
}
EOC
"$scscf" -c "$tmp/scscf.conf" > "$tmp/scscf.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
	grep -q "ready" "$tmp/scscf.log" && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
grep -q "subscribers from database imsaka on $tmp/db" "$tmp/scscf.log" ||
	fail "imsaka-scscf did not load the subscribers from the database"
grep -q "IND 3" "$tmp/scscf.log" || fail "imsaka-scscf: no IND 3"
kill $pid; wait $pid

# the database down at start: a clear line, exit 1, no password
"$pg" pause "$tmp/db"
"$scscf" -c "$tmp/scscf.conf" > "$tmp/down.log" 2>&1 && fail "started without database"
grep -q "database imsaka on $tmp/db: connecting failed" "$tmp/down.log" ||
	fail "no line naming the database"
grep -q "not-logged-secret" "$tmp/scscf.log" "$tmp/down.log" &&
	fail "the password was logged"

# ind required with the store
sed -i '/ind = 3/d' "$tmp/scscf.conf"
"$scscf" -c "$tmp/scscf.conf" > "$tmp/noind.log" 2>&1 && fail "started without ind"
grep -q "option imsaka-scscf.ind missing" "$tmp/noind.log" ||
	fail "no line naming option ind"
echo "PASS: PostgreSQL store"
exit 0
