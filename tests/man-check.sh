#!/usr/bin/env bash
# The man page's generated sections against the binary: each block between
# '.\" @BEGIN GENERATED NAME' and '.\" @END GENERATED NAME' must be what
# `procsift help --dump-man NAME` writes. With --update (make man), rewrite
# the blocks in place instead. Usage: tests/man-check.sh BIN PAGE [--update]
set -u
bin=$1 page=$2 update=${3:-}
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp".*' EXIT

# Dump each section named in the page into $tmp.NAME first: awk cannot run
# the binary per block without a shell per line.
for name in $(sed -n 's/^\.\\" @BEGIN GENERATED \([A-Z_]*\)$/\1/p' "$page"); do
	"$bin" help --dump-man "$name" >"$tmp.$name" ||
		{ echo "FAIL man-check: procsift help --dump-man $name"; exit 1; }
done
awk -v tmp="$tmp" '
	/^\.\\" @BEGIN GENERATED [A-Z_]+$/ {
		print; name = $4; skip = 1
		while ((getline line < (tmp "." name)) > 0) print line
		next
	}
	/^\.\\" @END GENERATED [A-Z_]+$/ { skip = 0 }
	!skip { print }
' "$page" >"$tmp"
if [[ $update == --update ]]; then
	cmp -s "$tmp" "$page" || cp "$tmp" "$page"
	exit 0
fi
if ! cmp -s "$tmp" "$page"; then
	echo "FAIL man-check: $page's generated sections are out of date; run make man:"
	diff -u "$page" "$tmp" | head -n 40
	exit 1
fi
echo "man-check: $page's generated sections are up to date"
