#!/bin/sh
# The escalation sweep of issue 18 on both engines: 100,000 tickets falling due at once are
# escalated, audited and notified (one transaction per 2,000 tickets), exactly once.
#
#   bench/sweep.sh BUILD_DIR
#
# Generates 200,000 tickets once into BUILD_DIR/bench-sweep-data (TICKETS to change it;
# regenerated when the migrations or the generator change), then runs bench/sweep.py on
# SQLite, on PostgreSQL 15 (a throwaway cluster with its durable defaults), and on
# PostgreSQL with two ticketd sweeping at once (their counts must add up to 100,000).  Each
# prints the wall time, ticketd's CPU time and the load average: on a shared machine the
# wall time includes the time spent waiting for a core.  Results in BUILD_DIR/bench/.
set -eu

BUILD=${1:?usage: bench/sweep.sh BUILD_DIR}
TICKETS=${TICKETS:-200000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
DATA=$BUILD/bench-sweep-data

log=$(ninja -C "$BUILD" ticketd ticketd-bench-gen 2>&1) || {
	echo "$log" >&2
	exit 1
}
stamp=$(cd "$ROOT" && cat migrations/*.sql migrations/*/*.sql bench/gen.c | sha256sum |
	cut -c1-16)-$TICKETS
if [ "$(cat "$DATA/stamp" 2>/dev/null || true)" != "$stamp" ]; then
	echo "sweep bench: generating $TICKETS tickets into $DATA (once)"
	rm -rf "$DATA" "$DATA.tmp"
	mkdir -p "$DATA.tmp"
	"$BUILD/ticketd-bench-gen" --data "$DATA.tmp" --tickets "$TICKETS" 2>"$DATA.tmp/gen.log" || {
		cat "$DATA.tmp/gen.log" >&2
		exit 1
	}
	echo "$stamp" >"$DATA.tmp/stamp"
	mv "$DATA.tmp" "$DATA"
fi
python3 "$ROOT/bench/sweep.py" "$BUILD" --dataset "$DATA"
python3 "$ROOT/bench/sweep.py" "$BUILD" --dataset "$DATA" --engine postgresql
python3 "$ROOT/bench/sweep.py" "$BUILD" --dataset "$DATA" --engine postgresql --processes 2
