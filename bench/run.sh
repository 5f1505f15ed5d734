#!/bin/sh
# `make bench` (issue 2): load-tests ticketd at 1,000,000 tickets on this machine.
#
#   bench/run.sh BUILD_DIR            (DB=sqlite, the default)
#   DB=postgresql bench/run.sh BUILD_DIR
#
# With DB=postgresql (issue 14) the dataset lives in a throwaway PostgreSQL 15 cluster
# (Debian's postgresql-15, run as the postgres user when root, on a Unix socket only) that
# the script creates once in BUILD_DIR/bench-data-pg and copies for each run, started with
# its durable defaults (fsync, synchronous_commit on) and shared_buffers at 2 GB (a quarter of
# memory on a dedicated server, as docs/deploy.md advises; the default 128 MB holds neither the
# tickets nor their text index); the targets are PostgreSQL's.
#
# 1. Generates the dataset once with BUILD_DIR/ticketd-bench-gen into BUILD_DIR/bench-data
#    (regenerated when the migrations, the generator or the ticket count change).
# 2. Copies it to BUILD_DIR/bench/data (the runs write to it: tokens, created tickets), starts
#    `ticketd serve` there on a free loopback port, and runs wrk (bench/*.lua) against
#    get-by-id, list first pages, a search and create: a short warm-up, then two measured
#    runs: under full load (wrk -t2 -c32: requests/s, and latency that is mostly queueing, as
#    32 requests share 2 cores) and with one client (-t1 -c1: the latency of one request).
#    Last, a mixed run: list pages and creates at once (16 connections each), for the
#    latency of reads while changes come in.
# 3. Prints requests/s, p50 and p99 latency per endpoint and the server's peak RSS (VmHWM),
#    with the targets of issue 2, and writes the table to BUILD_DIR/bench/results.txt.
#
# Every answer must have the expected status (200, or 201 for create): the Lua scripts count
# the others, and a row with any is reported as FAILED.  Between runs the script waits for
# the server to finish the requests the last run left queued.  Settings: TICKETS (1000000),
# THREADS (2), CONNECTIONS (32), DURATION (10s), LIGHT_DURATION (5s), WARMUP (3s).
# The machine should be otherwise idle: the load average is printed with the results.
set -eu

BUILD=${1:?usage: bench/run.sh BUILD_DIR}
TICKETS=${TICKETS:-1000000}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10s}
LIGHT_DURATION=${LIGHT_DURATION:-5s}
WARMUP=${WARMUP:-3s}

DB=${DB:-sqlite}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
BENCH=$ROOT/bench
case $DB in
sqlite) CACHE=$BUILD/bench-data OUT=$BUILD/bench ;;
postgresql) CACHE=$BUILD/bench-data-pg OUT=$BUILD/bench-pg ;;
*) echo "bench: DB is sqlite or postgresql, not $DB" >&2; exit 2 ;;
esac
RUN=$OUT/data

# --- PostgreSQL: a cluster in a directory of ours ---------------------------------------
PGBIN=/usr/lib/postgresql/15/bin
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_start() { # DIR: starts the cluster in DIR/cluster, listening on DIR/sock only
	as_pg "$PGBIN/pg_ctl" -D "$1/cluster" -l "$1/server.log" -w -o \
		"-p 5432 -k $1/sock -c listen_addresses= -c max_connections=200 -c shared_buffers=2GB" \
		start >/dev/null
}
pg_stop() { as_pg "$PGBIN/pg_ctl" -D "$1/cluster" -m fast stop >/dev/null 2>&1 || true; }
pg_url() { echo "host=$1/sock port=5432 user=bench dbname=bench"; }

for tool in wrk curl python3; do
	command -v $tool >/dev/null || {
		echo "bench: $tool is missing (scripts/deps.sh bench)" >&2
		exit 1
	}
done
log=$(ninja -C "$BUILD" ticketd ticketd-bench-gen 2>&1) || {
	echo "$log" >&2
	exit 1
}

# --- the dataset, generated once ------------------------------------------------------
# SQLite: ticketd-bench-gen writes it through the store.  PostgreSQL: the same SQLite
# dataset, copied into a cluster of its own (bench/sqlite2pg.py; through the store it took
# about 30 minutes).
LITE=$BUILD/bench-data
stamp=$(cd "$ROOT" && cat migrations/*.sql migrations/*/*.sql bench/gen.c | sha256sum |
	cut -c1-16)-$TICKETS
if [ "$(cat "$LITE/stamp" 2>/dev/null || true)" != "$stamp" ]; then
	echo "bench: generating $TICKETS tickets into $LITE (once; takes a few minutes)"
	rm -rf "$LITE" "$LITE.tmp"
	mkdir -p "$LITE.tmp"
	"$BUILD/ticketd-bench-gen" --data "$LITE.tmp" --tickets "$TICKETS" \
		--ids "$LITE.tmp/ids.txt" 2>"$LITE.tmp/gen.log" || {
		cat "$LITE.tmp/gen.log" >&2
		exit 1
	}
	echo "$stamp" >"$LITE.tmp/stamp"
	mv "$LITE.tmp" "$LITE"
fi
if [ "$DB" = postgresql ]; then
	pgstamp=$stamp-$(sha256sum "$BENCH/sqlite2pg.py" | cut -c1-16)
	if [ "$(cat "$CACHE/stamp" 2>/dev/null || true)" != "$pgstamp" ]; then
		echo "bench: copying the dataset into PostgreSQL at $CACHE (once)"
		rm -rf "$CACHE" "$CACHE.tmp"
		mkdir -p "$CACHE.tmp/sock"
		[ "$(id -u)" -ne 0 ] || chown -R postgres: "$CACHE.tmp"
		as_pg "$PGBIN/initdb" -D "$CACHE.tmp/cluster" -A trust -U bench >"$CACHE.tmp/initdb.log"
		pg_start "$CACHE.tmp"
		psql -h "$CACHE.tmp/sock" -U bench -d postgres -qc "CREATE DATABASE bench"
		"$BUILD/ticketd" migrate --data "$CACHE.tmp" --database "$(pg_url "$CACHE.tmp")" \
			>"$CACHE.tmp/migrate.log" 2>&1 &&
			python3 "$BENCH/sqlite2pg.py" "$LITE/ticketd.db" -h "$CACHE.tmp/sock" \
				-U bench -d bench || {
			cat "$CACHE.tmp/migrate.log" >&2
			pg_stop "$CACHE.tmp"
			exit 1
		}
		pg_stop "$CACHE.tmp"
		cp "$LITE/ids.txt" "$CACHE.tmp/ids.txt"
		echo "$pgstamp" >"$CACHE.tmp/stamp"
		mv "$CACHE.tmp" "$CACHE"
	fi
fi

if [ "$DB" = postgresql ]; then pg_stop "$RUN"; fi
rm -rf "$RUN"
mkdir -p "$RUN"
DBARGS=""
if [ "$DB" = postgresql ]; then
	cp -a "$CACHE/cluster" "$RUN/cluster"
	mkdir -p "$RUN/sock"
	[ "$(id -u)" -ne 0 ] || chown -R postgres: "$RUN"
	pg_start "$RUN"
	DBARGS="--database=$(pg_url "$RUN")"
else
	cp "$CACHE/ticketd.db" "$RUN/ticketd.db"
fi
TOKEN=$("$BUILD/ticketd" token create --email agent01@bench.test --name bench --data "$RUN" \
	${DBARGS:+"$DBARGS"} 2>>"$OUT/server.log")

# --- the server -------------------------------------------------------------------------
# ticketd binds any free port and names it in its first line.
"$BUILD/ticketd" serve --data "$RUN" ${DBARGS:+"$DBARGS"} --port 0 >"$OUT/server.log" 2>&1 &
PID=$!
stop_server() {
	if kill -0 "$PID" 2>/dev/null; then
		kill -TERM "$PID"
		wait "$PID" || true
	fi
	if [ "$DB" = postgresql ]; then pg_stop "$RUN"; fi
}
trap stop_server EXIT INT TERM

i=0
PORT=
until [ -n "$PORT" ] && curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; do
	i=$((i + 1))
	if [ $i -gt 300 ] || ! kill -0 "$PID" 2>/dev/null; then
		echo "bench: ticketd did not start; see $OUT/server.log" >&2
		exit 1
	fi
	sleep 0.1
	PORT=$(sed -n 's|^ticketd listening on http://[^:/]*:\([0-9]*\)/.*|\1|p' "$OUT/server.log")
done
URL=http://127.0.0.1:$PORT

# Checks one request by hand before it is measured: its status, and for lists how many
# tickets match (a list that finds nothing measures nothing).
check() { # path expected-status
	curl -s -o "$OUT/check.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$URL$1" |
		grep -qx "$2" || {
		echo "bench: GET $1 did not answer $2:" >&2
		head -c 400 "$OUT/check.json" >&2
		exit 1
	}
}
matches() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["total"] if d["items"] else 0)' \
		"$OUT/check.json"
}

RESULTS=$OUT/results.raw
: >"$RESULTS"
export TICKETD_BENCH_TOKEN=$TOKEN TICKETD_BENCH_LUA=$BENCH TICKETD_BENCH_IDS=$CACHE/ids.txt

# Waits until the server has worked off the requests a run left behind (wrk closes its
# connections at the end, but requests already read are still answered): until ticketd
# uses no CPU for 0.2 s, at most a minute.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
drain() {
	a=$(cpu_ticks)
	i=0
	while sleep 0.2; do
		b=$(cpu_ticks)
		if [ "$b" -le $((a + 1)) ] || [ $i -ge 300 ]; then return; fi
		a=$b
		i=$((i + 1))
	done
}

# bench NAME SCRIPT [PATH]: a warm-up, then the one-client and the loaded runs; appends
# their RESULT lines (named NAME@c1 and NAME).
bench() {
	export TICKETD_BENCH_PATH=${3:-}
	TICKETD_BENCH_NAME=warmup wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" \
		--timeout 30s -s "$BENCH/$2" "$URL" >/dev/null
	drain
	TICKETD_BENCH_NAME=$1@c1 wrk -t1 -c1 -d"$LIGHT_DURATION" --latency --timeout 30s \
		-s "$BENCH/$2" "$URL" >"$OUT/wrk-$1.txt"
	TICKETD_BENCH_NAME=$1 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency \
		--timeout 30s -s "$BENCH/$2" "$URL" >>"$OUT/wrk-$1.txt"
	drain
	[ "$(grep -c '^RESULT ' "$OUT/wrk-$1.txt")" = 2 ] || {
		echo "bench: wrk printed no result for $1; see $OUT/wrk-$1.txt" >&2
		exit 1
	}
	grep '^RESULT ' "$OUT/wrk-$1.txt" >>"$RESULTS"
}

LIST_STATUS='/api/tickets/b2b/list?status=in_progress&sort=priority&limit=50'
LIST_MINE='/api/tickets/b2c/list?assigned_to=me&limit=50'
LIST_ALL='/api/tickets/b2c/list?limit=50'
SEARCH='/api/tickets/b2c/list?q=tomato'

echo "bench: ticketd on $URL, $(wc -l <"$CACHE/ids.txt") ticket ids; wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
case $LOAD_BEFORE in
0.* | 1.[0-4]*) ;;
*) echo "bench: warning: load average $LOAD_BEFORE: other work on this machine skews the figures" >&2 ;;
esac
check "/api/tickets/$(head -1 "$CACHE/ids.txt" | tr ' ' /)" 200
bench get_by_id get.lua
for p in "$LIST_STATUS" "$LIST_MINE" "$LIST_ALL" "$SEARCH"; do
	check "$p" 200
	echo "bench: $p matches $(matches) tickets"
done
bench list_status fixed.lua "$LIST_STATUS"
bench list_mine fixed.lua "$LIST_MINE"
bench list_all fixed.lua "$LIST_ALL"
bench search fixed.lua "$SEARCH"
bench create create.lua

# Reads while changes come in, as on a busy morning: list pages on 16 connections while
# creates run on 16 more, both for DURATION (rows mixed_list and mixed_create; no target).
export TICKETD_BENCH_PATH=$LIST_ALL
TICKETD_BENCH_NAME=mixed_create wrk -t1 -c16 -d"$DURATION" --latency --timeout 30s \
	-s "$BENCH/create.lua" "$URL" >"$OUT/wrk-mixed.txt" &
WRK_CREATE=$!
TICKETD_BENCH_NAME=mixed_list wrk -t1 -c16 -d"$DURATION" --latency --timeout 30s \
	-s "$BENCH/fixed.lua" "$URL" >"$OUT/wrk-mixed-list.txt"
wait "$WRK_CREATE"
drain
cat "$OUT/wrk-mixed-list.txt" >>"$OUT/wrk-mixed.txt"
[ "$(grep -c '^RESULT ' "$OUT/wrk-mixed.txt")" = 2 ] || {
	echo "bench: wrk printed no result for the mixed run; see $OUT/wrk-mixed.txt" >&2
	exit 1
}
grep '^RESULT ' "$OUT/wrk-mixed.txt" >>"$RESULTS"

HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status")
kill -TERM "$PID"
if wait "$PID"; then stopped="cleanly (exit 0)"; else stopped="with exit $?"; fi
trap - EXIT INT TERM

# The list totals come from ticket_counts (src/store/ticket.c): after a million inserts and
# the creates above they must still equal a count of the rows.
ROWS="SELECT kind, status, priority_rank, count(*) FROM tickets GROUP BY 1, 2, 3"
KEPT="SELECT kind, status, priority_rank, n FROM ticket_counts WHERE n <> 0"
AROWS="SELECT kind, coalesce(assigned_to, 0), status, priority_rank, count(*) FROM tickets GROUP BY 1, 2, 3, 4"
AKEPT="SELECT kind, assigned_to, status, priority_rank, n FROM ticket_assignee_counts WHERE n <> 0"
if [ "$DB" = postgresql ]; then
	q() { psql -h "$RUN/sock" -U bench -d bench -Atc "$1 ORDER BY 1, 2, 3" | sort; }
	if [ "$(q "$ROWS")" = "$(q "$KEPT")" ] && [ "$(q "$AROWS")" = "$(q "$AKEPT")" ]; then
		COUNTS="ticket_counts and ticket_assignee_counts agree with a count of the tickets"
	else
		COUNTS="FAILED: the kept counts differ from a count of the tickets"
	fi
	pg_stop "$RUN"
else
	COUNTS=$(python3 - "$RUN/ticketd.db" "$ROWS" "$KEPT" "$AROWS" "$AKEPT" <<'EOF2'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
def same(rows, kept):
	return dict((r[:-1], r[-1]) for r in db.execute(rows)) == \
		dict((r[:-1], r[-1]) for r in db.execute(kept))
agree = same(sys.argv[2], sys.argv[3]) and same(sys.argv[4], sys.argv[5])
print("ticket_counts and ticket_assignee_counts agree with a count of the tickets" if agree
      else "FAILED: the kept counts differ from a count of the tickets")
EOF2
)
fi

# --- the table --------------------------------------------------------------------------
{
	echo "ticketd bench ($DB): $TICKETS tickets, $(nproc) cores, load average before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "loaded: wrk -t$THREADS -c$CONNECTIONS -d$DURATION; one client: wrk -t1 -c1 -d$LIGHT_DURATION (latency without queueing)"
	echo
	awk -v hwm="$HWM_KB" -v db="$DB" -v ls="$LIST_STATUS" -v lm="$LIST_MINE" -v la="$LIST_ALL" \
		-v sq="$SEARCH" '
	{
		name = $2; light = sub(/@c1$/, "", name)
		key = name (light ? "@c1" : "")
		rps[key] = $3; p50[key] = $4 / 1000; p99[key] = $5 / 1000; n[key] = $6
		err[name] += $7 + $8
		if ($7 + $8 && bad[name] == "") bad[name] = $9
	}
	END {
		split("get_by_id list_status list_mine list_all search create mixed_list mixed_create",
		      order, " ")
		what["get_by_id"] = "GET /api/tickets/{kind}/{random id}"
		what["list_status"] = "GET " ls; what["list_mine"] = "GET " lm
		what["list_all"] = "GET " la; what["search"] = "GET " sq
		what["create"] = "POST /api/tickets/b2c/create (late_delivery)"
		what["mixed_list"] = "GET " la " on 16 connections, while mixed_create runs"
		what["mixed_create"] = "POST /api/tickets/b2c/create on 16 connections, meanwhile"
		printf "%-12s %30s   %27s %7s  %s\n", "", "---- loaded (-c32) ----",
			"--- one client (-c1) ---", "", ""
		printf "%-12s %9s %9s %9s   %7s %9s %9s %7s  %s\n", "endpoint", "req/s", "p50 ms",
			"p99 ms", "req/s", "p50 ms", "p99 ms", "errors", "target"
		failed = 0
		for (i = 1; i <= 8; i++) {
			k = order[i]; l = k "@c1"
			if (!(k in rps)) continue
			if (k ~ /^mixed_/) {
				target = err[k] ? "FAILED: requests answered in error" : "no target"
				if (err[k]) failed = 1
				printf "%-12s %9d %9.2f %9.2f   %7s %9s %9s %7d  %s\n", k, rps[k],
					p50[k], p99[k], "-", "-", "-", err[k], target
				continue
			}
			if (k == "get_by_id" || k == "create") {
				# issue 2 (SQLite) and issue 14 (PostgreSQL)
				if (db == "postgresql") want = k == "create" ? 1500 : 10000
				else want = k == "create" ? 4000 : 20000
				target = sprintf(">= %d req/s: %s", want, rps[k] >= want ? "met" : "missed")
			} else {
				if (db == "postgresql") lim = k == "search" ? 25 : 15
				else lim = k == "search" ? 20 : 10
				target = sprintf("p99 < %d ms: one client %s, loaded %s", lim,
					p99[l] < lim ? "met" : "missed", p99[k] < lim ? "met" : "missed")
			}
			if (!n[k] || !n[l]) target = "missed: no request completed in a run"
			if (err[k]) { target = "FAILED: requests answered in error"; failed = 1 }
			printf "%-12s %9d %9.2f %9.2f   %7d %9.2f %9.2f %7d  %s\n", k, rps[k], p50[k],
				p99[k], rps[l], p50[l], p99[l], err[k], target
		}
		print ""
		for (i = 1; i <= 8; i++) {
			k = order[i]
			if (k in rps) printf "  %-12s %s\n", k, what[k]
			if (bad[k] != "") printf "  %-12s first bad answer: %s\n", "", bad[k]
		}
		mib = hwm / 1024
		printf "\npeak RSS (VmHWM) of ticketd: %.1f MiB; target < 64 MiB: %s\n", mib,
			mib < 64 ? "met" : "missed"
		if (failed) print "some requests failed: those rows measure errors, not work"
	}' "$RESULTS"
	echo "ticketd stopped on SIGTERM $stopped"
	echo "$COUNTS"
} | tee "$OUT/results.txt"
if grep -q FAILED "$OUT/results.txt"; then exit 1; fi
