#!/usr/bin/env bash
# The link-time proof that judges use only the snapshot: no object under
# src/scan/ (judges, the rule engine, the secret helpers) may reference a
# function that opens, reads or stats a file, lists a directory, or reads
# /proc through procsift's own readers. A judge that did would pass its
# unit tests on a built snapshot and read the live host all the same.
# Usage: tests/judge-purity.sh BUILD_DIR
set -u
build=${1:-build}
forbidden='^(open|open64|openat|openat64|openat2|creat|fopen|fopen64|freopen|opendir|fdopendir|read|pread|pread64|preadv|readv|readlink|readlinkat|stat|stat64|fstat|fstat64|fstatat|fstatat64|lstat|lstat64|statx|access|faccessat|readdir|readdir64|scandir|getdents|getdents64|syscall|proc_[a-z_]*|psnap_read|psnap_shared_[a-z_]*|etcd_open_target|etcd_locate|etcd_host_open|each_[a-z_]*)$'
objs=("$build"/src/scan/*.o)
[ -e "${objs[0]}" ] || { echo "judge-purity: no objects in $build/src/scan" >&2; exit 1; }
bad=0
for o in "${objs[@]}"; do
	hits=$(nm -u "$o" | awk '{print $2}' | sed 's/@.*//' | grep -E "$forbidden")
	if [ -n "$hits" ]; then
		echo "judge-purity: $o references:" $hits >&2
		bad=1
	fi
done
[ "$bad" -eq 0 ] && echo "judge-purity: ${#objs[@]} objects under src/scan/ read nothing"
exit "$bad"
