/* Readers for the host view (model/host.h): what host judges need beyond
 * the processes' snapshots, read once per run. Never print. */
#ifndef PROC_HOSTREAD_H
#define PROC_HOSTREAD_H

#include "model/host.h"
#include "model/nstab.h"
#include "model/psnap.h"

struct proc_source;

/* The host reference (namespaces, clock) from /proc (root_fd). Never
 * fails: what cannot be read stays 0. */
void host_ref_read(int root_fd, struct host_ref *r);
/* The same, opening /proc itself (src: see proc_open_root). */
void host_ref_read_proc(const struct proc_source *src, struct host_ref *r);

/* Copy a mount table into a new host_mount array. */
void host_mounts_from(const struct mountns *m, struct host_mount **out,
		      size_t *n);
/* The host's own mount table into h: pid 1's, else procsift's. */
void host_mounts_read(int root_fd, struct host_view *h);

/* Add s's container to h (HOST_CONTAINERS) unless an entry of the same
 * container and mount namespace exists with a lower pid. s needs STAT,
 * CGROUP, NS and MOUNTS; a host process is not added. */
void host_container_note(struct host_view *h, const struct psnap *s);

/* Add s to h when it runs a control-plane component (HOST_CTLPLANE),
 * with its argv and settings variables. s needs STAT, ARGV (and ENV). */
void host_ctl_note(struct host_view *h, const struct psnap *s);
/* Read the files the control-plane processes' flags name. */
void host_ctl_read_files(int root_fd, struct host_view *h);

/* /etc/ld.so.preload of the host: through /proc/1/root where readable,
 * else procsift's own root. */
void host_ldpreload_read(int root_fd, struct host_view *h);

#endif
