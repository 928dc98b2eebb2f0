/* Parser for /proc/PID/fdinfo/N. Pure: no I/O. */
#ifndef PROC_FDINFO_H
#define PROC_FDINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdinfo {
	bool has_pos, has_flags, has_mnt_id, has_ino;
	uint64_t pos;	   /* file position, bytes */
	unsigned flags;	   /* open flags, parsed from octal (O_* bits) */
	int mnt_id;	   /* mount id (mountinfo field 1) */
	uint64_t ino;	   /* inode number of the open file */
	const char *extra; /* borrowed: the remaining lines (type-specific:
			    * eventfd-count, tfd, inotify wd, ...), as one
			    * run of text; NULL when there are none */
	size_t extra_len;
};

/* Parse the whole text of an fdinfo file (len bytes, may be hostile).
 * Unknown lines go to extra. Returns 0, or -EINVAL when no pos: or flags:
 * line parses. */
int proc_fdinfo_parse(const char *buf, size_t len, struct fdinfo *out);

#endif
