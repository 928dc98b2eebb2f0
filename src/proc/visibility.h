/* What a /proc does not show: the processes of the pid namespaces above
 * the one it belongs to, and those hidepid hides. Counted from the
 * kernel's own total of tasks (/proc/loadavg, which is the whole host's
 * in every pid namespace) against the tasks of the processes listed. */
#ifndef PROC_VISIBILITY_H
#define PROC_VISIBILITY_H

#include <stdbool.h>
#include <stdint.h>

/* The inode of the initial pid namespace (PROC_PID_INIT_INO in
 * include/linux/proc_ns.h): fixed since Linux 3.8. */
#define PROC_PIDNS_INIT_INO 0xEFFFFFFCULL

/* Whether the proc mount at root_fd belongs to the host's (initial) pid
 * namespace. Its namespace is procsift's own when "self" there is
 * procsift's pid, else that of the mount's pid 1 (which needs ptrace
 * access to read); no "self" at all means a namespace below procsift's.
 * *ino gets the namespace's inode (0 when unknown). Returns 1, 0, or
 * -errno when it cannot tell. */
int proc_pidns_is_host(int root_fd, uint64_t *ino);

/* Every task (thread) on the host, from loadavg's "running/total". Returns
 * 0 or -errno. */
int proc_tasks_total(int root_fd, long *total);

/* The tasks of every process root_fd lists: the link count of each
 * PID/task directory is 2 plus its threads. A stat per process. */
long proc_tasks_listed(int root_fd);

#endif
