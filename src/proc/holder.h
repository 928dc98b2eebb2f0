/* What a process could read itself: procsift, reading through it (its
 * fds, its root), must never get more than it had. */
#ifndef PROC_HOLDER_H
#define PROC_HOLDER_H

#include <stdbool.h>
#include <sys/types.h>

/* Whether the process whose /proc/PID directory is dir_fd (the holder)
 * could itself read a file of owner uid, gid and mode now, from its status (fs
 * ids, groups, capabilities) and its user namespace. procsift's open through
 * /proc/PID/fd/N must never give it more than the holder had: an O_PATH
 * descriptor, or one passed over a unix socket, needs no read permission, so
 * any user could otherwise point root procsift at a file only root may read;
 * and a flag's file is opened through the process's root, so any user could
 * name /etc/shadow in a process called kube-apiserver. Capabilities count only
 * in procsift's own user namespace (a user namespace any user makes has them
 * all); ACLs are not read, so one that grants what the mode denies makes this
 * refuse. */
bool proc_holder_may_read(int dir_fd, uid_t uid, gid_t gid, mode_t mode);

#endif
