#!/bin/bash
# Runs every test against each build directory given (normal, then sanitizers) and ends
# with one line: "N passed, N failed".  Exits non-zero when anything failed.
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()

count() { # name passed failed
	passed=$((passed + $2))
	failed=$((failed + $3))
	if [ "$3" -gt 0 ]; then failures+=("$1: $3 failed"); fi
}

# api LABEL ARGS...: one run of the API suite (tests/api/run.py ARGS), counted.
api() {
	label=$1
	shift
	echo "== $label"
	out=$(/usr/bin/python3 tests/api/run.py "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^ok ' | tail -n 60
	line=$(printf '%s\n' "$out" | grep -E '^api \([a-z0-9, ]+\): [0-9]+ passed, [0-9]+ failed' | tail -1)
	p=$(echo "$line" | sed -n 's/^api ([^)]*): \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p')
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	count "$label" "$p" "$f"
}

for build in "$@"; do
	echo "== unit tests ($build)"
	for t in "$build"/unit_*; do
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
		count "$(basename "$t") ($build)" "$p" "$f"
	done

	for engine in sqlite postgresql; do
		api "API tests ($build, $engine)" --binary "$build/ticketd" --engine "$engine"
	done
done

# The tests that store or read files, again with the files in S3-compatible storage (an
# s3rver stand-in from tests/standins, installed by `make test`, on a free loopback port),
# on PostgreSQL as a deployment of several ticketd runs: two processes share the bucket.
s3_tests=test_evidence,test_openapi_live_evidence,test_trace,test_processes
for build in "$@"; do
	api "API file tests on S3 ($build)" --binary "$build/ticketd" --engine postgresql \
		--files s3 -k "$s3_tests"
done

# The web UI in a real browser: once, against the first build (its binary serves web/dist).
echo "== web UI end-to-end tests ($1)"
out=$(node tests/e2e/run.mjs --binary "$1/ticketd" 2>&1)
rc=$?
printf '%s\n' "$out" | grep -v '^ok ' | tail -n 40
line=$(printf '%s\n' "$out" | grep -E '^e2e: [0-9]+ passed, [0-9]+ failed' | tail -1)
p=$(echo "$line" | sed -n 's/^e2e: \([0-9]*\) passed.*/\1/p')
f=$(echo "$line" | sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p')
p=${p:-0}
f=${f:-0}
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
count "web UI e2e tests" "$p" "$f"

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

if [ ${#failures[@]} -gt 0 ]; then
	echo "failures:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
