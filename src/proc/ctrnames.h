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

/* Name the processes of t that are in a container (p->names), from the
 * state files of the runtime processes in t. Only host processes (not in
 * a container themselves) running as root are taken as runtimes: a
 * process in a container may name itself conmon. t needs its cgroups
 * read (PROC_WANT_CGROUP). root_fd is /proc. A file that cannot be read
 * or parsed names nothing and costs nothing else. Returns the number of
 * containers named. */
size_t ctrnames_fill(int root_fd, struct proc_table *t);

#endif
