/* The fd table of one process: fd/ links, their lstat mode and, when
 * asked, fdinfo. Never stats or opens a target. */
#ifndef PROC_FDS_H
#define PROC_FDS_H

#include <stdbool.h>
#include <sys/types.h>

#include "model/fd.h"
#include "util/strbuf.h"

/* Read the fds of the process whose /proc/PID directory is dir_fd into
 * out (initialised empty by the caller with {0}). with_info also reads
 * fdinfo/N (about 3 times the cost of the link alone). sb is scratch.
 * Returns 0, -ESRCH when the process is gone, or another -errno when fd/
 * cannot be listed or some of its links cannot be read (also kept in
 * out->err; the readable ones are still in out). An fd closed while it is
 * read is left out. */
int proc_fds_read(int dir_fd, bool with_info, struct fd_list *out,
		  struct strbuf *sb);

/* Pipe inodes and the pids that hold them, for "the other end". */
struct pipe_index {
	struct pipe_ref {
		uint64_t inode;
		pid_t pid;
	} * refs; /* sorted by inode, then pid */
	size_t n, alloc;
};

/* Add every pipe fd of the process at dir_fd (pid) to ix: a readlink per
 * fd, nothing else. Processes that cannot be read add nothing. */
void pipe_index_add(struct pipe_index *ix, int dir_fd, pid_t pid);
/* Move the refs of from into ix (from is left for the caller to free). */
void pipe_index_merge(struct pipe_index *ix, const struct pipe_index *from);
/* Sort after the last add. */
void pipe_index_sort(struct pipe_index *ix);
/* Set e->peers to the pids other than self holding pipe e->inode. */
void pipe_index_peers(const struct pipe_index *ix, pid_t self,
		      struct fd_entry *e);
void pipe_index_release(struct pipe_index *ix);

#endif
