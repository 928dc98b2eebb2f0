/* The hidden-pid probe: pids that exist (a stat of /proc/PID succeeds)
 * but that readdir of /proc does not list, as a rootkit that hooks
 * getdents leaves them. By stat alone: no kill(), not even signal 0. */
#ifndef PROC_PIDPROBE_H
#define PROC_PIDPROBE_H

#include "model/host.h"

/* Probe every pid up to pid_max below root_fd (/proc) into p; a
 * candidate counts only when it is still there and still unlisted at two
 * later re-checks (processes come and go between two views). Returns 0
 * or -errno (also in p->err). */
int pid_probe_run(int root_fd, struct host_pidprobe *p);

#endif
