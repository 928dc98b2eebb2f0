#!/bin/bash
# The fuzz smoke runs of `make check` and `make fuzz`: every target in
# BUILD/fuzz for SECONDS, from its kept corpus (tests/fuzz/corpus/NAME,
# read only: what a run finds goes to BUILD/fuzz/work/NAME), JOBS at a
# time (default 2: one per CPU of the CI machine). A target that fails
# has the tail of its log printed, and the run exits 1 once all are done.
#
#   tests/fuzz/smoke.sh BUILD SECONDS TARGET_BINARY...
set -uo pipefail

build=$1 seconds=$2
shift 2
jobs=${FUZZ_JOBS:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
failed=0

one()
{
	local f=$1 name corpus work
	name=$(basename "$f")
	corpus=$root/tests/fuzz/corpus/$name
	work=$build/fuzz/work/$name
	mkdir -p "$work" "$corpus"
	echo "fuzz: $name for ${seconds}s"
	if ! "$f" -max_total_time="$seconds" -print_final_stats=0 \
		"$work" "$corpus" >"$build/fuzz/$name.log" 2>&1; then
		echo "fuzz: $name FAILED:"
		tail -n 40 "$build/fuzz/$name.log"
		return 1
	fi
}

running=0
for f in "$@"; do
	one "$f" &
	running=$((running + 1))
	if ((running >= jobs)); then
		wait -n || failed=1
		running=$((running - 1))
	fi
done
while ((running > 0)); do
	wait -n || failed=1
	running=$((running - 1))
done
((failed)) && exit 1
echo "fuzz: all targets ran clean"
