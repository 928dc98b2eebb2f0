/* The fd table of one process: fd/ links, their lstat mode, fdinfo, and
 * the type of each path target from a stat through the link. Never opens
 * a target, and never stats one on a network or FUSE file system. */
#ifndef PROC_FDS_H
#define PROC_FDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/fd.h"
#include "util/strbuf.h"

struct mountns;

/* What proc_fds_read reads beyond the links. */
struct fds_read_opts {
	/* The links alone, typed by their text: no lstat for the mode, no
	 * stat of the target, no fdinfo (a readlink per fd, as cheap as an
	 * fd table can be read). */
	bool text_only;
	bool info; /* fdinfo/N of every fd (about 3 times the cost of the
		    * link alone) */
	/* The process's mount table, to type path targets: the mount
	 * fdinfo's mount id names (or, without fdinfo, the mount above the
	 * path) tells the file system, and a target on a local one is
	 * stat'ed through the link (which does not open the target). Asked
	 * for once fd/ could be listed, so that a process whose fds cannot
	 * be read costs no mountinfo read; it may return NULL (then path
	 * targets are typed from the link text alone, as when mounts is
	 * NULL). */
	const struct mountns *(*mounts)(void *arg);
	void *mounts_arg;
	/* For a snapshot: what a stat through each link gave (the link's
	 * own mode, and the target's as the typing above stat'ed it) is
	 * appended as lines of FDS_STAT_FILE, which a snapshot's tree
	 * keeps beside fd/: its links are text, never followed. */
	struct strbuf *record;
	/* For a snapshot too: each fd's link text and fdinfo as read
	 * (info NULL when not asked for), or the errno that reading them
	 * gave (0: none), in the order readdir lists the fds. */
	void (*raw)(void *arg, int fd, const char *link, int link_err,
		    const char *info, size_t info_len, int info_err);
	void *raw_arg;
};

/* In a snapshot's pid directory: "FD LMODE" and, when the target was
 * stat'ed, " FTYPE DEV INO SIZE NLINK RDEV_MAJOR" per line (numbers,
 * modes in octal). */
#define FDS_STAT_FILE ".fdstat"

/* FDS_STAT_FILE parsed: one entry per well-formed line (others are
 * skipped), sorted by fd. */
struct fdstat {
	int fd;
	unsigned lmode;
	bool has_stat;
	unsigned ftype, nlink, rdev_major;
	uint64_t dev, ino, size;
};

struct fdstat_tab {
	struct fdstat *v;
	size_t n, alloc;
};

/* Parse len bytes (any bytes: a snapshot is input) into t (its v is the
 * caller's to free). Pure. */
void proc_fdstat_parse(const char *buf, size_t len, struct fdstat_tab *t);
/* The entry of fd, or NULL. */
const struct fdstat *proc_fdstat_find(const struct fdstat_tab *t, int fd);

/* Read the fds of the process whose /proc/PID directory is dir_fd into
 * out (initialised empty by the caller with {0}). o may be NULL (links
 * only). sb is scratch. Returns 0, -ESRCH when the process is gone, or
 * another -errno when fd/ cannot be listed or some of its links cannot
 * be read (also kept in out->err; the readable ones are still in out). An
 * fd closed while it is read is left out. */
int proc_fds_read(int dir_fd, const struct fds_read_opts *o,
		  struct fd_list *out, struct strbuf *sb);

/* Pipe inodes and the pids that hold them, for "the other end". */
struct pipe_index {
	struct pipe_ref {
		uint64_t inode;
		pid_t pid;
	} * refs; /* sorted by inode, then pid */
	size_t n, alloc;
};

/* Add every pipe fd of the process at dir_fd (pid) to ix: a readlink per
 * fd, nothing else; a zombie leader's through a live thread (leader.h;
 * sb is scratch for that). Processes that cannot be read add nothing. */
void pipe_index_add(struct pipe_index *ix, int dir_fd, pid_t pid,
		    struct strbuf *sb);
/* Move the refs of from into ix (from is left for the caller to free). */
void pipe_index_merge(struct pipe_index *ix, const struct pipe_index *from);
/* Sort after the last add. */
void pipe_index_sort(struct pipe_index *ix);
/* Set e->peers to the pids other than self holding pipe e->inode (the
 * first FD_PEERS_SHOWN, or all when all) and e->peers_total to their
 * number. */
void pipe_index_peers(const struct pipe_index *ix, pid_t self,
		      struct fd_entry *e, bool all);
void pipe_index_release(struct pipe_index *ix);

#endif
