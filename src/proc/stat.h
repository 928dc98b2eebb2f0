/* Parser for /proc/PID/stat: the exact comm, the start time that pins a
 * process's identity across pid reuse, and the fields a snapshot keeps
 * (state, parent, terminal, flags, threads, resident set). */
#ifndef PROC_STAT_H
#define PROC_STAT_H

#include <stddef.h>
#include <sys/types.h>

struct proc_stat {
	const char *comm;		/* borrowed from the input buffer */
	size_t comm_len;		/* raw bytes between ( and the last ) */
	char state;			/* field 3: R, S, D, Z, T, t, X, I */
	pid_t ppid;			/* field 4 */
	int tty_nr;			/* field 7, 0 for none */
	unsigned long flags;		/* field 9, PF_* */
	long threads;			/* field 20 */
	unsigned long long start_ticks; /* field 22, clock ticks after boot */
	unsigned long long rss_pages;	/* field 24, pages (0 when absent) */
};

/* Parse len bytes of /proc/PID/stat. comm is everything between the first
 * '(' and the last ')' (a name may hold spaces, parentheses, newlines).
 * Fields up to start_ticks must parse; rss may be missing. Returns 0, or
 * -EINVAL when the shape is wrong or fields are missing. */
int proc_stat_parse(const char *buf, size_t len, struct proc_stat *out);

#endif
