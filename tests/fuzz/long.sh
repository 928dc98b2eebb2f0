#!/bin/bash
# Long fuzzing, recorded (issue 13, item 8): run each fuzz target for
# FUZZ_SECONDS, minimise what it found into tests/fuzz/corpus/NAME, and
# write one table row per target (executions, edges covered, corpus size
# before and after) to OUT, for docs/fuzzing.md.
#
#   tests/fuzz/long.sh BUILD SECONDS OUT [TARGET ...]
#
# `make fuzz-long` runs it on every target; naming targets runs those
# alone (a long campaign can be taken in parts). JOBS targets run side by
# side (default 1: the figures of one target should not depend on what
# runs next to it).
set -euo pipefail

build=$1 seconds=$2 out=$3
shift 3
jobs=${JOBS:-1}
root=$(cd "$(dirname "$0")/../.." && pwd)

targets=("$@")
if ((${#targets[@]} == 0)); then
	for f in "$root"/tests/fuzz/fuzz_*.c; do
		targets+=("$(basename "$f" .c)")
	done
fi

one()
{
	local name=$1 bin=$build/fuzz/$1 corpus=$root/tests/fuzz/corpus/$1
	local work=$build/fuzz/long/$1 log=$build/fuzz/long/$1.log
	local before after line execs cov ft start end
	rm -rf "$work"
	mkdir -p "$work" "$corpus"
	before=$(find "$corpus" -type f | wc -l)
	start=$(date +%s)
	# New inputs go to work; the kept corpus seeds the run.
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=1 \
		-rss_limit_mb=2048 -timeout=10 "$work" "$corpus" >"$log" 2>&1; then
		echo "| $name | FAILED (see $log) | | | | |"
		return 1
	fi
	end=$(date +%s)
	line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$log")
	cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$line")
	ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$line")
	# Into the kept corpus, only what adds a feature to it: the named,
	# hand-made seeds stay as they are.
	"$bin" -merge=1 "$corpus" "$work" >"$log.merge" 2>&1
	after=$(find "$corpus" -type f | wc -l)
	echo "| $name | $((end - start)) | $execs | $cov | $ft | $before -> $after |"
}

running=0
for t in "${targets[@]}"; do
	one "$t" >>"$out" &
	running=$((running + 1))
	if ((running >= jobs)); then
		wait -n || true
		running=$((running - 1))
	fi
done
wait
