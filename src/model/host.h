/* The host view: what host-level judges (run once per scan, not per
 * process) are given. Filled by the walk from the processes' snapshots
 * and by readers that open what they name (etcd's database, through its
 * descriptor). Plain data. */
#ifndef MODEL_HOST_H
#define MODEL_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/container.h"
#include "model/ns.h"

/* What a host judge needs the walk to collect (bits). */
enum host_facet {
	HOST_ETCD = 1 << 0,	  /* etcd processes with their database open */
	HOST_CONTAINERS = 1 << 1, /* one entry per container and mount
				   * namespace, with its mounts */
	HOST_LDPRELOAD = 1 << 2,  /* /etc/ld.so.preload */
	HOST_CTLPLANE = 1 << 3,	  /* kube-apiserver, etcd and kubelet
				   * processes, and the files their flags
				   * name */
	HOST_PIDS = 1 << 4,	  /* the hidden-pid probe */
};
#define HOST_FACET__COUNT 5

/* "etcd-db", "containers", "ld-so-preload", "control-plane", "pid-probe". */
const char *host_facet_name(unsigned bit);

/* What the host itself is, for judges of one process to compare with:
 * read once per run. Plain data. */
struct host_ref {
	/* The host's namespaces: pid 1's where readable, else procsift's
	 * own (ns_from_self says so); 0: unknown. */
	uint64_t ns[NS__COUNT];
	bool ns_from_self;
	unsigned long long now_ticks; /* clock ticks since boot, now; 0:
				       * unknown */
	long hz;		      /* clock ticks per second */
};

/* One mount as a host judge needs it. */
struct host_mount {
	char *mount_point; /* owned, decoded */
	char *root;	   /* owned: the path within its file system */
	char *fstype;	   /* owned */
	char *source;	   /* owned */
	unsigned major, minor;
	bool rw;
};

/* One container (per mount namespace) as the walk first met it: the
 * lowest pid of it that was read, and its mount table. */
struct host_container {
	char id[CONTAINER_ID_MAX + 1];
	char pod_uid[POD_UID_LEN + 1];
	uint64_t mntns; /* mount namespace inode */
	pid_t pid;
	unsigned long long start_ticks;
	char *comm; /* owned */
	struct host_mount *mounts;
	size_t nmounts;
	int mounts_err; /* errno reading its mountinfo, or 0 */
};

/* A file a host judge reads: a configuration file named by a process's
 * flag (read through /proc/PID/root, safely: proc/rootfile.h), or a host
 * file such as /etc/ld.so.preload. */
struct host_file {
	const char *what; /* static: the flag or key that named it */
	char *path;	  /* owned: as named */
	char *data;	  /* owned, NUL-terminated (len bytes); NULL when not
			   * read (err) or when only stat'ed */
	size_t len;
	bool truncated;	 /* longer than the cap: data holds the start */
	int err;	 /* 0, or the errno that reading it gave */
	const char *why; /* static: why procsift refused it ("not a regular
			  * file"), with err; NULL otherwise */
	bool has_stat;
	unsigned mode; /* st_mode */
	uid_t uid;
	gid_t gid;
	dev_t dev;	  /* with has_stat: the inode, to tell one file named */
	ino_t ino;	  /* by several processes */
	bool data_shared; /* data is borrowed from an earlier file of the
			   * same view (the same inode): not freed here */
};

enum ctl_component { CTL_APISERVER, CTL_ETCD, CTL_KUBELET, CTL__COUNT };

#define HOST_CTL_FILES 4
/* Control-plane processes kept per component: any user can start a
 * thousand processes named kube-apiserver, and each may name two 1 MiB
 * files. The lowest pids are kept (the real one usually started first);
 * the rest are counted (host_view.ctl_left_out). */
#define HOST_CTL_PER_COMP 16

/* A control-plane process: its flags (argv, and the environment's
 * ETCD_* / KUBELET_* settings), and the files they name. */
struct host_ctlproc {
	enum ctl_component comp;
	pid_t pid;
	unsigned long long start_ticks;
	char *comm;	 /* owned */
	char *container; /* owned, or NULL */
	char *pod_uid;	 /* owned, or NULL */
	char **argv;	 /* owned, NULL-terminated */
	size_t argc;
	char **env; /* owned: the settings variables alone, NULL-terminated */
	size_t nenv;
	struct host_file files[HOST_CTL_FILES];
	size_t nfiles;
};

/* A pid that exists but readdir of /proc does not list. */
struct hidden_pid {
	pid_t pid;
	pid_t ppid;
	unsigned long long start_ticks;
	char comm[16];
	bool stat_read; /* comm, ppid and start were read */
};

/* The hidden-pid probe: every pid up to pid_max stat'ed. */
struct host_pidprobe {
	bool ran;
	int err;	  /* errno that stopped it, or 0 */
	unsigned pid_max; /* probed 1..pid_max */
	size_t listed;	  /* pids readdir listed */
	size_t confirmed; /* candidates re-checked twice */
	size_t transient; /* candidates gone or listed at a re-check */
	struct hidden_pid *hidden;
	size_t nhidden, hidden_alloc;
};

struct host_etcd;

struct host_view {
	struct host_etcd *etcd;
	size_t netcd, etcd_alloc;
	/* HOST_CONTAINERS: the host's own mount table (pid 1's, else
	 * procsift's), to name the host path a container's mount shows. */
	struct host_mount *host_mounts;
	size_t nhost_mounts;
	int host_mounts_err;
	bool host_mounts_from_self;
	struct host_container *containers; /* in the order first met */
	size_t ncontainers, containers_alloc;
	/* Indices into containers sorted by (mntns, id): the walk looks a
	 * container up for every process of it, under its lock. */
	size_t *container_index;
	size_t container_index_alloc;
	/* HOST_LDPRELOAD */
	bool has_ld_preload; /* the file below was looked at */
	struct host_file ld_preload;
	/* HOST_CTLPLANE */
	struct host_ctlproc *ctl;
	size_t nctl, ctl_alloc;
	size_t ctl_left_out[CTL__COUNT]; /* processes past HOST_CTL_PER_COMP,
					  * not kept */
	/* HOST_PIDS */
	struct host_pidprobe probe;
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

/* An empty entry: no fd numbers, nothing opened. */
void host_etcd_init(struct host_etcd *e);
/* Free what e owns (it does not close descriptors). */
void host_etcd_release(struct host_etcd *e);

void host_view_init(struct host_view *h);
/* Free what h owns (it does not close descriptors: host_view_close). */
void host_view_release(struct host_view *h);
/* A new zeroed etcd entry (fds -1) appended to h. */
struct host_etcd *host_view_add_etcd(struct host_view *h);

void host_mounts_free(struct host_mount *m, size_t n);
void host_file_release(struct host_file *f);
void host_container_release(struct host_container *c);
void host_ctlproc_release(struct host_ctlproc *c);
/* The container entry of (id, mntns), or NULL: a binary search, O(log n).
 * Borrowed, until the next host_view_add_container. */
struct host_container *host_view_container(struct host_view *h, const char *id,
					   uint64_t mntns);
/* A new zeroed container entry appended to h with id and mntns set (the
 * keys it is indexed by: the caller keeps them as they are, also across
 * host_container_release). Borrowed, as above. */
struct host_container *host_view_add_container(struct host_view *h,
					       const char *id, uint64_t mntns);
struct host_ctlproc *host_view_add_ctl(struct host_view *h);

/* The value of --flag (name without dashes) in c's argv ("--f=V" or
 * "--f V", the last one given), else of its environment setting
 * (ETCD_DATA_DIR for etcd's data-dir); NULL when not set. Borrowed. */
const char *ctl_flag(const struct host_ctlproc *c, const char *flag);
/* Whether c's environment is kept: names of the form ETCD_* or KUBELET_*
 * (settings, not secrets) for etcd and kubelet. */
bool ctl_env_kept(enum ctl_component comp, const char *var, size_t len);

/* "kube-apiserver", "etcd", "kubelet". */
const char *ctl_component_name(enum ctl_component c);
/* The component a process named comm runs, or -1. */
int ctl_component_of(const char *comm);

#endif
