/* Socket tables from the kernel's netlink sock_diag (NETLINK_SOCK_DIAG):
 * what ss reads. Unlike the line-based /proc/net/unix, a unix socket's
 * name comes whole, with its length: a newline or a NUL in it cannot cut
 * it or forge another socket's line. A query, it changes nothing.
 *
 * A dump is kept as the bytes the kernel sent (a snapshot stores them as
 * net/unix.diag) and parsed by sockdiag_parse, live or offline. */
#ifndef PROC_SOCKDIAG_H
#define PROC_SOCKDIAG_H

#include <stddef.h>

#include "model/net.h"
#include "util/strbuf.h"

/* A NETLINK_SOCK_DIAG socket in the network namespace of the process
 * whose /proc/PID directory is dir_fd: made here when it is procsift's
 * own; otherwise by a short-lived thread that joins that namespace alone
 * (setns through dir_fd's ns/net link: procsift's other threads, and the
 * target, stay as they are), which needs CAP_SYS_ADMIN. Returns the fd,
 * or -errno. */
int sockdiag_open(int dir_fd);

/* Dump the unix sockets (proto NET_UNIX) or one inet table (NET_TCP,
 * NET_TCP6, NET_UDP, NET_UDP6) of nl's namespace: the kernel's messages,
 * appended to out as they came, up to cap bytes (-E2BIG past it).
 * Returns 0 or -errno (-ENOENT: the kernel has no such diag module). */
int sockdiag_dump(int nl, enum net_proto proto, size_t cap, struct strbuf *out);

/* Parse a dump of proto (what sockdiag_dump appended; hostile bytes are
 * fine) and append its sockets to *socks (grown with xgrow). A unix name
 * is kept whole: "@" and the bytes after the leading NUL for an abstract
 * one, NULs included (path_len says how long); a path up to its first
 * NUL. Returns 0, or -EINVAL when the dump is cut or holds an error. */
int sockdiag_parse(enum net_proto proto, const char *buf, size_t len,
		   struct net_sock **socks, size_t *n, size_t *alloc);

#endif
