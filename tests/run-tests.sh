#!/usr/bin/env bash
# Run every Criterion test binary from the repo root and add up the results.
# Usage: tests/run-tests.sh BUILD_DIR TEST_BIN...
set -u
build=$1
shift
# The caller's terminal width must not change what the tests read: a
# test that wants a width sets COLUMNS itself (test_cols80).
unset COLUMNS LINES
export PROCSIFT_BIN=${PROCSIFT_BIN:-$build/procsift}
export PROCSIFT_SPAWN=${PROCSIFT_SPAWN:-$build/tests/tools/spawn}
export PROCSIFT_INSPECTEE=${PROCSIFT_INSPECTEE:-$build/tests/tools/inspectee}
export PROCSIFT_ARGSLEEP=${PROCSIFT_ARGSLEEP:-$build/tests/tools/argsleep}
export PROCSIFT_HOSTILE=${PROCSIFT_HOSTILE:-$build/tests/tools/hostile}
passed=0 failed=0 bad=0
for t in "$@"; do
	log=$build/tests/$(basename "$t").log
	"$t" --jobs 2 >"$log" 2>&1
	rc=$?
	line=$(grep -a 'Synthesis:' "$log" | tail -n 1)
	p=$(sed -n 's/.*Passing: \([0-9]*\).*/\1/p' <<<"$line")
	f=$(sed -n 's/.*Failing: \([0-9]*\).*/\1/p' <<<"$line")
	c=$(sed -n 's/.*Crashing: \([0-9]*\).*/\1/p' <<<"$line")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${c:-0}))
	if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
		bad=$((bad + 1))
		echo "FAIL $(basename "$t") (exit $rc):"
		grep -a -v '^\[----\] *$' "$log" | tail -n 60
	else
		echo "ok   $(basename "$t"): $line" | sed 's/\x1b\[[0-9;]*m//g'
	fi
	grep -a 'SKIP' "$log" | sed 's/^/     /' | head -n 5
done
[ "$bad" -gt 0 ] && [ "$failed" -eq 0 ] && failed=$bad
echo "tests: $passed passed, $failed failed"
[ "$bad" -eq 0 ]
