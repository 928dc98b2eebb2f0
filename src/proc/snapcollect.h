/* Reading the live /proc, once and read-only, into a snapshot archive:
 * every file any view or judge reads (per process: stat, status,
 * cmdline, environ, cgroup, maps, attr/current, the exe, cwd, root, ns/
 * and fd/ links as their text, fdinfo/, and what a stat through each fd
 * link gave; per namespace: mountinfo and the net/ tables, once; for the
 * host: stat, uptime, loadavg, pid_max, boot id, and the names of the
 * users and groups seen), laid out as /proc is, below "proc/". */
#ifndef PROC_SNAPCOLLECT_H
#define PROC_SNAPCOLLECT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct snapfile_writer;

struct snapcollect_stats {
	size_t procs;	   /* processes kept */
	size_t members;	   /* archive members written */
	uint64_t bytes;	   /* bytes of file members, before compression */
	size_t unreadable; /* files kept as NAME.errno */
};

/* Collect the processes of pids[0..npids) (NULL: every process) but
 * procsift's own into w. A process that vanishes is left out; a file
 * that cannot be read is kept as NAME.errno (its errno) and noted in the
 * manifest. Returns 0, or -errno when /proc cannot be read or writing
 * the archive failed. */
int snap_collect(struct snapfile_writer *w, const pid_t *pids, size_t npids,
		 struct snapcollect_stats *st);

#endif
