/* Bounded readers of files and links under one /proc/PID directory, read
 * relative to a directory fd with openat(2) and plain read(2). */
#ifndef PROC_PIDFILE_H
#define PROC_PIDFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/strbuf.h"

struct json_object;

/* Where /proc is read from: NULL stands for the live /proc. */
struct proc_source {
	int fd;	       /* the directory (--proc-root: another proc mount;
			* --input: a snapshot's tree); borrowed */
	bool snapshot; /* a snapshot's tree: links are text */
	struct json_object *manifest; /* a snapshot's (borrowed), or NULL */
};

/* Open /proc itself (O_PATH is not enough for openat of children on all
 * kernels, so a real directory fd), or src's directory (a new fd): every
 * reader reads below the fd this returns, so that is the one thing that
 * changes between the sources. Returns the fd or -errno. */
int proc_open_root(const struct proc_source *src);

/* True when dir_fd is on a proc file system: its links are the kernel's
 * (a stat through fd/N reaches the open file). In a snapshot's tree they
 * are the text that was read, never followed (the tree is mounted
 * nosymfollow), and what a stat through them gave is kept beside them. */
bool proc_is_procfs(int dir_fd);

/* The error a snapshot recorded for file `name` below dir_fd (kept as
 * NAME.errno when it could not be read: offline its reader gets that
 * error, not "no such file", which reads as a process that is gone);
 * -ENOENT when none was, or dir_fd is on procfs. */
int proc_snap_errno(int dir_fd, const char *name);

/* procsift's own pid as src numbers processes (its "self" link: another
 * proc mount may belong to another pid namespace), to leave procsift out
 * of what it shows; 0 for a snapshot, which holds no procsift. */
pid_t proc_self_pid(const struct proc_source *src);

/* Open the /proc/PID directory below root_fd. Returns the fd or -errno
 * (-ENOENT or -ESRCH when the process is gone). */
int proc_open_pid(int root_fd, pid_t pid);

/* Read the whole of file `name` below dir_fd into out (replacing its
 * contents), reading at most cap bytes; *truncated (may be NULL) says
 * whether more was there. Returns 0 or -errno. A process that exits while
 * it is read gives -ESRCH or -ENOENT, never partial data as success. */
int proc_read_file(int dir_fd, const char *name, size_t cap, struct strbuf *out,
		   bool *truncated);

/* readlink(2) of `name` below dir_fd into a new NUL-terminated string
 * (*out, the caller frees it), up to 64 KiB. Returns 0 or -errno. */
int proc_readlink(int dir_fd, const char *name, char **out);

/* Read file `name` like proc_read_file, for files of a process's memory
 * (environ, cmdline): a kernel thread or a zombie has none and gives
 * ESRCH although it is alive; that reads as empty, and -ESRCH is kept for
 * a process that is really gone. */
int proc_read_mem_file(int dir_fd, const char *name, size_t cap,
		       struct strbuf *out, bool *truncated);

/* True for errno values that mean the process is gone, not unreadable. */
bool proc_errno_vanished(int err);

#endif
