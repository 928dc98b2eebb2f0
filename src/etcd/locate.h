/* Finding etcd through /proc: its processes (by exe and comm), data
 * directory (--data-dir or ETCD_DATA_DIR), the database fd (link target
 * ending in /member/snap/db, never a fixed number) and the WAL fds; and
 * opening such an fd for reading only after checking that it is a regular
 * file. */
#ifndef ETCD_LOCATE_H
#define ETCD_LOCATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/host.h"
#include "model/psnap.h"

struct proc_source;

/* An etcd process as etcd_locate finds it: the entry a scan's walk makes
 * (pid, start time, comm, database and WAL fd numbers and paths), and
 * what the etcd command says when it has no database open. */
struct etcd_proc {
	struct host_etcd h;
	char *data_dir; /* owned or NULL */
	int err;	/* 0, or the errno reading its fds gave (EACCES) */
};

struct etcd_procs {
	struct etcd_proc *p;
	size_t n, alloc;
};

/* Whether a process is etcd: exe basename or comm "etcd". */
bool etcd_is_etcd(const char *comm, const char *exe);

/* Find etcd processes: every one, or those of pids[0..npids) (a pid
 * asked for that is not etcd is still examined, for its db fd). out is
 * initialised here. Returns 0 or -errno when /proc cannot be read. */
int etcd_locate(const struct proc_source *src, const pid_t *pids, size_t npids,
		struct etcd_procs *out);
void etcd_procs_release(struct etcd_procs *l);

/* The data directory from argv (--data-dir=D, --data-dir D) or an
 * environment (ETCD_DATA_DIR=D): a new string, or NULL. */
char *etcd_data_dir(char *const *argv, const char *env, size_t len);

/* From a snapshot with its fds: whether the process is etcd with its
 * database open; if so, fill e (a new entry of the host view: pid, start
 * time, comm, container, db and WAL fd numbers and paths; no fd opened).
 * Pure. */
bool etcd_from_snap(const struct psnap *s, struct host_etcd *e);
/* The largest database (and WAL file) the host judge opens: etcd's
 * quota is 2 GiB by default and 8 GiB is its documented ceiling; a file
 * past twice that is not the cluster's store, and auditing it would hold
 * up a scan that must finish. */
#define ETCD_HOST_DB_MAX (16ull << 30)

/* Open e's database and (when wal) its WAL files through etcd's own
 * descriptors: db_fd, or -1 and db_err; wal_fds, each a descriptor or
 * -errno. A descriptor is opened only if its link text is an absolute
 * path outside /dev, fdinfo reads, the mount its mnt_id names (in the
 * process's mountinfo, read once) is not a network or FUSE file system,
 * a stat (through the link, not opening it, not synced) says it is a
 * regular file of at most max_size bytes (0: any size), the open does not
 * block (O_NONBLOCK, O_NOCTTY), fstat then says it is a regular file with
 * fdinfo's inode, and the process is still the one that started at
 * e->start_ticks. Never locks. Errors: EPERM (not a regular file outside
 * /dev), EREMOTE (network or FUSE), EFBIG (past max_size), ESRCH (gone or
 * replaced), or what the kernel said. */
/* Where a snapshot keeps the files etcd held (--with-etcd), beside its
 * proc/: SNAP_ETCD_DIR/PID/fd/N. */
#define SNAP_ETCD_DIR "etcd"

/* src: the /proc to read (see proc_open_root); in a snapshot, the
 * copies its etcd files were given (ENODATA: none was taken). */
void etcd_host_open(struct host_etcd *e, const struct proc_source *src,
		    uint64_t max_size, bool wal);
/* Close what etcd_host_open opened. */
void etcd_host_close(struct host_etcd *e);

#endif
