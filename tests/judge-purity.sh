#!/usr/bin/env bash
# The link-time proof that judges use only the snapshot: no object under
# src/scan/ (judges, the rule engine, the secret helpers) may reference a
# function that opens, reads or stats a file, lists a directory, or reads
# /proc through procsift's own readers. A judge that did would pass its
# unit tests on a built snapshot and read the live host all the same.
# Usage: tests/judge-purity.sh BUILD_DIR
set -u
build=${1:-build}
# Readers by name: the calls themselves, the fortified forms gcc emits
# with -D_FORTIFY_SOURCE (__read_chk, __open_2), stdio and mmap, and
# procsift's own readers and the commands' helpers (a judge that called
# one would read the live host).
forbidden='^(open|open64|openat|openat64|openat2|creat|fopen|fopen64|freopen|fdopen|opendir|fdopendir|read|pread|pread64|preadv|preadv2|readv|readlink|readlinkat|stat|stat64|fstat|fstat64|fstatat|fstatat64|lstat|lstat64|statx|access|faccessat|faccessat2|readdir|readdir64|readdir_r|scandir|scandirat|getdents|getdents64|syscall|fgets|fgets_unlocked|fread|fread_unlocked|getline|getdelim|fgetc|getc|getc_unlocked|fscanf|__isoc99_fscanf|__isoc23_fscanf|mmap|mmap64|realpath|getcwd|popen|system|__read_chk|__pread_chk|__pread64_chk|__readlink_chk|__readlinkat_chk|__fread_chk|__fread_unlocked_chk|__fgets_chk|__fgets_unlocked_chk|__getcwd_chk|__realpath_chk|__open_2|__open64_2|__openat_2|__openat64_2|proc_[a-z_0-9]*|procfs_[a-z_]*|psnap_read|psnap_shared_[a-z_]*|mount_cache_[a-z_]*|sock_cache_[a-z_]*|nscache_[a-z_]*|pipe_index_[a-z_]*|cmd_[a-z_]*|etcd_open_target|etcd_locate|etcd_host_open|each_[a-z_]*)$'
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
