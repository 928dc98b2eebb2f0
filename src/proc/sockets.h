/* Socket tables per network namespace, read once per namespace through
 * the first process seen in it, so container sockets resolve from their
 * own namespace. */
#ifndef PROC_SOCKETS_H
#define PROC_SOCKETS_H

#include <stdint.h>
#include <sys/types.h>

#include "proc/net.h"

struct sock_index;
struct netns;

struct sock_index *sock_index_new(void);
void sock_index_free(struct sock_index *ix);

/* The socket tables of the network namespace of the process whose
 * /proc/PID directory is dir_fd: read on first use of that namespace
 * (tcp, tcp6, udp, udp6, raw, raw6, unix) and kept in ix (borrowed; valid
 * until ix is freed). When the namespace cannot be named (the ns link
 * needs ptrace access; the tables do not), the process's own tables are
 * read into *own, which the caller frees with netns_free. Thread-safe. */
const struct netns *sock_index_ns(struct sock_index *ix, int dir_fd,
				  struct netns **own);
void netns_free(struct netns *ns);
/* The socket with inode ino in ns, or NULL (borrowed). */
const struct net_sock *sock_index_lookup(const struct netns *ns, uint64_t ino);

/* How many namespaces have been loaded (for tests and --verbose). */
unsigned sock_index_loads(const struct sock_index *ix);

#endif
