/* Names for containers and pods, from the container runtimes' own state
 * files, read-only. The runtime processes running on the host say where
 * their state lies (their argv, their working directory); each file is
 * read through /proc/PID/root of the runtime process that named it
 * (proc/rootfile.h: inside that root, regular files only, size-capped,
 * never blocking) and parsed by proc/ctrstate.h. The order of trust is in
 * docs/design.md ("Container names"). */
#ifndef PROC_CTRNAMES_H
#define PROC_CTRNAMES_H

#include <stddef.h>
#include <sys/types.h>

#include "model/table.h"

/* Where one runtime process keeps state files, as its argv says. */
enum ctrnames_kind {
	CTRNAMES_BUNDLE,  /* dir is the OCI bundle of container `id` */
	CTRNAMES_TASKDIR, /* dir/ID/config.json: containerd's task dir */
	CTRNAMES_CRIO,	  /* dir/overlay-containers/ID/userdata/config.json */
	CTRNAMES_DOCKER,  /* dir/containers/ID/config.v2.json */
};

struct ctrnames_source {
	enum ctrnames_kind kind;
	char *dir;   /* owned; as the runtime process sees it ("" for
		      * BUNDLE: its working directory) */
	char id[65]; /* BUNDLE: the container it is for (lowercase
		      * hex, as cgroup attribution gives ids) */
	pid_t pid;   /* the runtime process it is read through */
	unsigned long long start_ticks;
};

/* At most this many sources per runtime process. */
#define CTRNAMES_PER_PROC 6

/* The sources a runtime process named comm with argv[0..argc) and
 * working directory cwd (NULL: unknown) points at, into out (room for
 * CTRNAMES_PER_PROC; pid and start_ticks left 0). Recognised: containerd
 * (--state, default /run/containerd), containerd-shim* (-id, -namespace;
 * its cwd is the bundle), conmon (-b/--bundle, -c/--cid), crio
 * (--runroot and --root), dockerd (--data-root, -g/--graph). Any other
 * comm gives 0. Returns the number filled; each dir is owned by out.
 * Pure: no I/O. */
size_t ctrnames_sources(const char *comm, char *const *argv, size_t argc,
			const char *cwd, struct ctrnames_source *out);
void ctrnames_source_release(struct ctrnames_source *s);

/* The names of the containers on this host, looked up as they are asked
 * for: an opaque handle, safe to share between threads. */
struct ctrnames;

/* A handle that finds the runtime processes at the first lookup: from t
 * (borrowed until then; its comm and uid pick the candidates) or, when
 * t is NULL, from one pass over root_fd (/proc, borrowed until
 * ctrnames_free) that reads each process's comm alone. Either way each
 * candidate's stat, status and cgroup are read to check it: only a host
 * process (in no container or pod by its cgroup) running as root is
 * taken as a runtime, since a process in a container may name itself
 * conmon. So a host with no container costs nothing. */
struct rootfile_rec;
struct ctrnames *ctrnames_new(int root_fd, const struct proc_table *t);
/* Hand every state file cn reads to rec too (procsift snapshot: a
 * snapshot keeps them, so that offline names are the live ones). rec is
 * borrowed until ctrnames_free. */
void ctrnames_record(struct ctrnames *cn, const struct rootfile_rec *rec);
/* The names of container id (full, lowercase hex as cgroup attribution
 * gives it), read and parsed at most once per id and run: borrowed,
 * valid until ctrnames_free; NULL when no state file names it. A file
 * that cannot be read or parsed names nothing and costs nothing else.
 * Thread-safe (one lock: lookups are rare, one per container). */
const struct container_names *ctrnames_get(struct ctrnames *cn, const char *id);
/* Free cn and every name it handed out; NULL is fine. */
void ctrnames_free(struct ctrnames *cn);
/* Replace *to (released first) with a copy of *from; from NULL leaves
 * *to empty. */
void ctrnames_copy(struct container_names *to,
		   const struct container_names *from);

/* Name the processes of t that are in a container (p->names) through a
 * ctrnames handle on t. t needs its cgroups read (PROC_WANT_CGROUP) for
 * the container ids. root_fd is /proc; rec as ctrnames_record, or NULL.
 * Returns the number of processes named. */
size_t ctrnames_fill(int root_fd, struct proc_table *t,
		     const struct rootfile_rec *rec);

#endif
