/* Mount tables per mount namespace (mountinfo), read once per namespace
 * through the first process seen in it: the file system type behind an
 * fd (to know whether a stat through its link could hang) and the mounts
 * a container sees. */
#ifndef PROC_MOUNTS_H
#define PROC_MOUNTS_H

#include <stdbool.h>

#include "model/nstab.h"
#include "proc/nscache.h"

/* mountinfo is read up to this size (a host with thousands of mounts has
 * a few MiB); past it the table is kept as read and marked. */
#define MOUNTINFO_CAP (64u << 20)

/* The mount table of the process at dir_fd, read now, outside any cache
 * (free with mountns_free). Never NULL: a table that could not be read is
 * empty with err set. */
struct mountns *mount_table_read(int dir_fd);

/* A cache of mount tables (struct mountns): free with nscache_free. */
struct nscache *mount_cache_new(void);
/* The mount table of the process at dir_fd (see nscache_get; *own, when
 * set, is freed with mountns_free). Never NULL: a table that could not be
 * read is empty with err set. */
const struct mountns *mount_cache_ns(struct nscache *c, int dir_fd,
				     struct mountns **own);

/* How a procfs mount hides processes (proc(5), mount options). */
struct procfs_opts {
	int hidepid;	 /* 0 off, 1 noaccess, 2 invisible, 4 ptraceable */
	long gid;	 /* gid= exempt from hiding, or -1 */
	bool subset_pid; /* subset=pid: only the pid directories */
};

/* The options of the procfs mounted at root_fd (found in
 * /proc/self/mountinfo by its device). Returns 0, or -errno (-ENOENT
 * when no mount has that device). */
int procfs_opts_read(int root_fd, struct procfs_opts *o);
/* Parse the super options of a procfs mount ("rw,hidepid=invisible,
 * gid=5"; older kernels print hidepid=2). Pure. */
void procfs_opts_parse(const char *super_options, struct procfs_opts *o);

#endif
