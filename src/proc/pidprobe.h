/* The hidden-pid probe: pids that exist (a stat of /proc/PID succeeds)
 * but that readdir of /proc does not list, as a rootkit that hooks
 * getdents leaves them. By stat alone: no kill(), not even signal 0. */
#ifndef PROC_PIDPROBE_H
#define PROC_PIDPROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "model/host.h"

/* /proc/sys/kernel/pid_max below root_fd (/proc) into *out. Returns 0 or
 * -errno. */
int proc_pid_max(int root_fd, unsigned *out);

/* The number of pids readdir of /proc (root_fd) lists now, into *n.
 * Returns 0 or -errno. */
int proc_count_pids(int root_fd, size_t *n);

/* Probe every pid up to pid_max below root_fd (/proc) into p (the caller
 * frees p->hidden, as host_view_release does). A pid that a stat finds
 * and readdir does not list is a thread (not listed by design) unless its
 * status says it leads its thread group; a leader counts only when it is
 * still there, with the same start time, and still unlisted at two later
 * re-checks, each after a fresh readdir (processes come and go between
 * two views). Returns 0 or -errno (also in p->err). */
int pid_probe_run(int root_fd, struct host_pidprobe *p);

/* Whether status text (len bytes) names pid as its thread group's leader
 * (Tgid: equal to pid). Pure; false when there is no Tgid line. */
bool pid_probe_is_leader(const char *status, size_t len, pid_t pid);

#endif
