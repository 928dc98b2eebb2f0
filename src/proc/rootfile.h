/* Reading a file that a process names (a flag's value), as that process
 * sees it: through /proc/PID/root, so it resolves in the process's mount
 * namespace. What lies under a container's root is attacker-influenced,
 * so the open never leaves that root (openat2 RESOLVE_IN_ROOT: a symlink
 * to "/etc/x" or "../../x" resolves inside it; a relative path resolves
 * beneath the process's cwd and may not leave it) and never follows a
 * magic link. A path whose text crosses a network or FUSE mount is
 * refused before any lookup (a lookup there may never return). The path
 * is opened O_PATH first: its file system must be local (not NFS or
 * FUSE, whose reads may never return: checked again, as a symlink may
 * lead onto such a mount), and only a
 * regular file (fstat) below a cap is then reopened for reading
 * (O_NONBLOCK), so a FIFO or device planted in a file's place is never
 * opened at all. */
#ifndef PROC_ROOTFILE_H
#define PROC_ROOTFILE_H

#include <stddef.h>
#include <sys/types.h>

#include "model/host.h"

/* Files a posture judge reads are small: a cap well above any real one. */
#define ROOTFILE_CAP (1u << 20)

/* Read `path` (absolute, or relative to the process's cwd) of process
 * pid into f (f->path is set to a copy of path, f->what to what). root_fd
 * is /proc. start_ticks is the process's start time as the walk read it
 * (0: not checked): a pid reused since is not read (-ESRCH, "the process
 * is gone"). Before the open, a path whose text crosses a network or
 * FUSE mount of the process's mount table is refused (-EREMOTE). A file
 * over cap bytes is not read (EFBIG). It is read with O_NOATIME where
 * procsift may (the file's owner, or CAP_FOWNER), so reading it does not
 * change its access time. Returns 0 or -errno (also kept in f->err;
 * f->why says what procsift refused). */
int rootfile_read(int root_fd, pid_t pid, unsigned long long start_ticks,
		  const char *what, const char *path, size_t cap,
		  struct host_file *f);
/* Where a snapshot keeps a file read through a process's root (an
 * absolute path) or cwd (a relative one), below the process's directory:
 * ROOTFILE_SNAP_ROOT/etc/kubernetes/enc.yaml, with NAME.stat beside it
 * ("MODE UID GID DEV INO", the original's stat, mode in octal) or
 * NAME.errno in its place. Offline, rootfile_read and rootfile_stat read
 * those. */
#define ROOTFILE_SNAP_ROOT ".root"
#define ROOTFILE_SNAP_CWD ".cwd"

/* The member name of path below a process's directory in a snapshot.
 * Returns 0, or -ENAMETOOLONG. */
int rootfile_member(const char *path, char *out, size_t size);

/* A snapshot being written: each file read through a process's root is
 * also handed to file() (pid: whose root). */
struct rootfile_rec {
	void (*file)(void *arg, pid_t pid, const struct host_file *f);
	void *arg;
};

struct nscache;
/* The same, with the process's mount table from mounts (a mount_cache_new
 * cache; NULL: read for this call), for a caller that reads many files
 * through processes of one mount namespace. */
int rootfile_read_cached(struct nscache *mounts, int root_fd, pid_t pid,
			 unsigned long long start_ticks, const char *what,
			 const char *path, size_t cap, struct host_file *f);
/* The same, but only stat the file (a directory's mode): f->has_stat. */
int rootfile_stat(int root_fd, pid_t pid, unsigned long long start_ticks,
		  const char *what, const char *path, struct host_file *f);

#endif
