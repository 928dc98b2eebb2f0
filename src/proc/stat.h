/* Parser for /proc/PID/stat: the exact comm and the start time, which the
 * files walk uses to pin a process's identity across pid reuse. */
#ifndef PROC_STAT_H
#define PROC_STAT_H

#include <stddef.h>

struct proc_stat {
	const char *comm;		/* borrowed from the input buffer */
	size_t comm_len;		/* raw bytes between ( and the last ) */
	unsigned long long start_ticks; /* field 22, clock ticks after boot */
};

/* Parse len bytes of /proc/PID/stat. comm is everything between the first
 * '(' and the last ')' (a name may hold spaces, parentheses, newlines).
 * Returns 0, or -EINVAL when the shape is wrong or fields are missing. */
int proc_stat_parse(const char *buf, size_t len, struct proc_stat *out);

#endif
