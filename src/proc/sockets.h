/* Socket tables per network namespace, read once per namespace through
 * the first process seen in it, so container sockets resolve from their
 * own namespace. */
#ifndef PROC_SOCKETS_H
#define PROC_SOCKETS_H

#include "model/nstab.h"
#include "proc/nscache.h"

/* A cache of socket tables (struct netns): free with nscache_free. */
struct nscache *sock_cache_new(void);
/* The tables of the network namespace of the process at dir_fd (see
 * nscache_get; *own, when set, is freed with netns_free). */
const struct netns *sock_cache_ns(struct nscache *c, int dir_fd,
				  struct netns **own);

#endif
