#!/bin/bash
# Runs every test against each build directory given (normal, then sanitizers) and ends
# with one line: "N passed, N failed".  Exits non-zero when anything failed.
#
# Each build's tests run as one lane, the lanes side by side: most of a test's time is spent
# waiting (for a server to start, a clock to be moved, a retry to come round), so two lanes
# keep both cores busy.  A lane's output is kept and printed whole when it ends.  The web UI
# tests run in the first build's lane; the checks of the sources run last.
set -u
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results=$work/results # "passed failed label" per counted run, from every lane

count() { # label passed failed
	echo "$2 $3 $1" >>"$results"
}

# timed LABEL CMD...: runs CMD, then says how long it took.
timed() {
	local label=$1 t0=$SECONDS
	shift
	"$@"
	echo "   ($label: $((SECONDS - t0)) s)"
}

# summed LABEL OUT PATTERN: counts a run from the "... N passed, N failed" line in OUT.
summed() {
	local label=$1 out=$2 rc=$3 line p f
	line=$(printf '%s\n' "$out" | grep -E "$4" | tail -1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	count "$label" "$p" "$f"
}

# api LABEL ARGS...: one run of the API suite (tests/api/run.py ARGS), counted.
api() {
	local label=$1 out rc
	shift
	echo "== $label"
	out=$(/usr/bin/python3 tests/api/run.py --durations 5 "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' | tail -n 60
	summed "$label" "$out" $rc '^api \([a-z0-9, ]+\): [0-9]+ passed, [0-9]+ failed'
}

unit() { # BUILD
	local t out rc p f
	echo "== unit tests ($1)"
	for t in "$1"/unit_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		out=$("$t" 2>&1)
		rc=$?
		p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		p=${p:-0}
		f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		if [ "$f" -gt 0 ]; then printf '%s\n' "$out"; fi
		echo "$(basename "$t"): $p passed, $f failed"
		count "$(basename "$t") ($1)" "$p" "$f"
	done
}

# The web UI in a real browser (its binary serves web/dist).
e2e() { # BUILD
	local out rc
	echo "== web UI end-to-end tests ($1)"
	out=$(node tests/e2e/run.mjs --binary "$1/ticketd" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' | tail -n 40
	summed "web UI e2e tests" "$out" $rc '^e2e: [0-9]+ passed, [0-9]+ failed'
}

# The tests that store or read files, again with the files in S3-compatible storage (an
# s3rver stand-in from tests/standins, installed by `make test`, on a free loopback port),
# on PostgreSQL as a deployment of several ticketd runs: two processes share the bucket.
s3_tests=test_evidence,test_openapi_live_evidence,test_trace,test_processes

lane() { # BUILD FIRST
	timed "unit tests" unit "$1"
	for engine in sqlite postgresql; do
		timed "API tests, $engine" api "API tests ($1, $engine)" --binary "$1/ticketd" \
			--engine "$engine"
	done
	timed "API file tests on S3" api "API file tests on S3 ($1)" --binary "$1/ticketd" \
		--engine postgresql --files s3 -k "$s3_tests"
	if [ "$2" = first ]; then timed "e2e" e2e "$1"; fi
}

t0=$SECONDS
first=first
for build in "$@"; do
	lane "$build" "$first" >"$work/lane-$(basename "$build")" 2>&1 &
	first=
done
wait
for build in "$@"; do
	cat "$work/lane-$(basename "$build")"
done
echo "   (lanes: $((SECONDS - t0)) s)"

echo "== PostgreSQL migrations"
if tests/pg/migrate.sh "$1/ticketd"; then count "pg" 1 0; else count "PostgreSQL migrations" 0 1; fi

echo "== layering"
if python3 scripts/check_layers.py; then count "layers" 1 0; else count "layering" 0 1; fi

echo "== formatting"
bad=$(clang-format --dry-run --Werror $(git ls-files '*.c' '*.h') 2>&1 | grep -c 'error:' || true)
if [ "$bad" -eq 0 ]; then count "format" 1 0; else
	clang-format --dry-run $(git ls-files '*.c' '*.h') 2>&1 | grep 'error:' | head -5
	count "clang-format" 0 1
fi

passed=$(awk '{s += $1} END {print s + 0}' "$results")
failed=$(awk '{s += $2} END {print s + 0}' "$results")
if [ "$failed" -gt 0 ]; then
	echo "failures:"
	awk '$2 > 0 {n = $2; $1 = ""; $2 = ""; sub(/^  /, ""); print "  " $0 ": " n " failed"}' \
		"$results"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
