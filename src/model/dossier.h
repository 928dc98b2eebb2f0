/* Everything `procsift show` reports about one process, beyond the
 * process table's fields: plain data, filled by cmd/show.c. */
#ifndef MODEL_DOSSIER_H
#define MODEL_DOSSIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/fd.h"
#include "model/ns.h"
#include "model/maps.h"
#include "model/status.h"

struct dossier {
	const struct proc *p; /* borrowed from the table */
	pid_t *chain;	      /* owned: ppids up to the top, p first */
	size_t nchain;
	struct proc_status st;	     /* valid where st.has_* say */
	int st_err;		     /* errno reading status, or 0 */
	uint64_t ns[NS__COUNT];	     /* namespace inodes; 0: unreadable */
	uint64_t init_ns[NS__COUNT]; /* pid 1's, for "shared with init" */
	int ns_err;
	char *cwd, *root; /* owned link texts; NULL: unreadable */
	int cwd_err, root_err;
	bool exe_deleted, exe_memfd;
	long env_count; /* -1: unreadable */
	int env_err;
	size_t fds_by_type[FD__COUNT];
	long nfds; /* -1: unreadable */
	int fds_err;
	size_t maps_by_kind[MAP_KIND__COUNT]; /* by enum map_kind */
	long nmaps;			      /* -1: unreadable */
	int maps_err;
	long nmounts;		  /* -1: unreadable */
	char *root_mount_options; /* owned: options of the mount at "/" */
	char *root_mount_fstype;  /* owned */
};

void dossier_release(struct dossier *d);

#endif
