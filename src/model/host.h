/* The host view: what host-level judges (run once per scan, not per
 * process) are given. Filled by the walk from the processes' snapshots
 * and by readers that open what they name (etcd's database, through its
 * descriptor). Plain data. */
#ifndef MODEL_HOST_H
#define MODEL_HOST_H

#include <stddef.h>
#include <sys/types.h>

/* What a host judge needs the walk to collect (bits). */
enum host_facet {
	HOST_ETCD = 1 << 0, /* etcd processes with their database open */
};

/* One etcd process with its database (and WAL) as found through its
 * fds: by the walk for scan, by etcd_locate for the etcd command. */
struct host_etcd {
	pid_t pid;
	unsigned long long start_ticks;
	char *comm;	  /* owned */
	char *container;  /* owned, or NULL */
	char *pod_uid;	  /* owned, or NULL */
	char *db_path;	  /* owned: the db fd's link text */
	int db_fdnum;	  /* its fd number in etcd, or -1: none open */
	int db_fd;	  /* opened by procsift for reading, or -1 */
	int db_err;	  /* errno opening it, or 0 */
	char **wal_paths; /* owned */
	int *wal_fdnums;
	int *wal_fds; /* opened, or -errno each (-1 before opening) */
	size_t nwal;
};

struct host_view {
	struct host_etcd *etcd;
	size_t netcd, etcd_alloc;
};

/* An empty entry: no fd numbers, nothing opened. */
void host_etcd_init(struct host_etcd *e);
/* Free what e owns (it does not close descriptors). */
void host_etcd_release(struct host_etcd *e);

void host_view_init(struct host_view *h);
/* Free what h owns (it does not close descriptors: host_view_close). */
void host_view_release(struct host_view *h);
/* A new zeroed etcd entry (fds -1) appended to h. */
struct host_etcd *host_view_add_etcd(struct host_view *h);

#endif
