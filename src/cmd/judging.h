/* Running judges over the processes of the host: one walk reads each
 * process once (only the facets the selected judges need), runs every
 * process judge on its snapshot and drops it, collects what the host
 * judges need, then runs them; and it counts honestly what could be
 * judged. Memory stays bounded however many processes there are: the
 * findings go to the caller's sink as each process is judged. */
#ifndef CMD_JUDGING_H
#define CMD_JUDGING_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cmd/judgeopts.h"
#include "model/coverage.h"
#include "model/host.h"
#include "render/stream.h"
#include "scan/judge.h"

struct rootfile_rec;

struct judging {
	const struct judge_ctx *jc;
	const struct judge *const *judges; /* the selected ones */
	size_t njudges;
	const struct judge_opts *opts; /* pids, container */
	/* Called with one process's findings (or a host judge's), on a
	 * worker thread for processes: the sink takes them (moves what it
	 * keeps, releases the rest) and leaves l empty. out is where that
	 * process's output goes (in pid order). */
	void (*sink)(void *arg, struct findings *l, struct out_stream *out);
	void *sink_arg;
	/* Called with each process judged (its stat read), on a worker
	 * thread, before its findings go to the sink; NULL: not wanted. */
	void (*seen)(void *arg, pid_t pid, unsigned long long start_ticks);
	struct coverage cov; /* filled by judging_run */
	/* procsift snapshot: every file read through a process's root
	 * (the control plane's, ld.so.preload, the runtimes' state files)
	 * is also handed here; NULL otherwise. */
	const struct rootfile_rec *rec;
};

/* Judge the host: the walk, then the host judges. out is the stream the
 * per-process parts are spliced into (out_stream_begin and _end are the
 * caller's). Returns 0, or EXIT_RUNTIME when /proc cannot be read or a
 * --pid names no process (said on stderr). */
int judging_run(struct judging *j, struct out_stream *out, const char *cmd);

/* The facets a process needs for these judges (the base facets included:
 * stat, and cgroup for container attribution). */
unsigned judging_facets(const struct judge *const *judges, size_t n);

#endif
