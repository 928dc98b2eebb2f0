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

struct etcd_proc {
	pid_t pid;
	unsigned long long start_ticks;
	char *comm;	/* owned */
	char *data_dir; /* owned or NULL */
	int db_fd;	/* fd number in the process, -1: none open */
	char *db_path;	/* owned: its link text, or NULL */
	int *wal_fds;	/* fd numbers of open member/wal/N.wal files */
	char **wal_paths;
	size_t nwal;
	int err; /* 0, or the errno reading its fds gave (EACCES) */
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
int etcd_locate(const pid_t *pids, size_t npids, struct etcd_procs *out);
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
 * far past that is not the cluster's store, and auditing it would take
 * minutes of a scan that must finish. */
#define ETCD_HOST_DB_MAX (64ull << 30)

/* Open e's database and WAL through etcd's descriptors
 * (etcd_open_target, at most ETCD_HOST_DB_MAX bytes): db_fd or db_err,
 * and wal_fds (-1 where an open failed). */
void etcd_host_open(struct host_etcd *e);
/* Close what etcd_host_open opened. */
void etcd_host_close(struct host_etcd *e);

/* Open fd number fdnum of process pid for reading, through
 * /proc/PID/fd/N, only if its link text is an absolute path outside
 * /dev, fdinfo reads, the mount its mnt_id names (in the process's
 * mountinfo) is not a network or FUSE file system, a stat (through the
 * link, not opening it, not synced) says it is a regular file of at most
 * max_size bytes (0: any size), the open does not block (O_NONBLOCK,
 * O_NOCTTY) and fstat then says it is a regular file with fdinfo's inode;
 * and the process is still the one that started at start_ticks (0: not
 * checked). Never locks. Returns the new fd, or -errno (-EPERM when it is
 * not a regular file, -EREMOTE on a network or FUSE file system, -EFBIG
 * when larger than max_size, -ESRCH when the process is gone or was
 * replaced). */
int etcd_open_target(pid_t pid, unsigned long long start_ticks, int fdnum,
		     uint64_t max_size);

#endif
