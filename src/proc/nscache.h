/* Tables read once per namespace (mounts per mount namespace, sockets per
 * network namespace) through the first process seen in it, and shared by
 * every later process there: the cost of a table is paid per namespace,
 * not per process, and a lookup costs O(log namespaces). */
#ifndef PROC_NSCACHE_H
#define PROC_NSCACHE_H

#include <stdint.h>

struct nscache;

/* A cache of one namespace kind: link is "ns/net" or "ns/mnt"; load(dir_fd,
 * ns) reads a new table through the process at dir_fd (ns its namespace
 * inode, 0 when unknown), free_fn frees one. */
struct nscache *nscache_new(const char *link,
			    void *(*load)(int dir_fd, uint64_t ns),
			    void (*free_fn)(void *table));
/* Free the cache and every table in it; NULL is fine. */
void nscache_free(struct nscache *c);

/* The table of the namespace of the process at dir_fd: loaded on first
 * use and kept (borrowed; valid until the cache is freed). When the
 * namespace cannot be named (the ns link needs ptrace access; the tables
 * may not), the process's own table is loaded into *own, which the caller
 * frees with the free_fn; the return value is then *own. Thread-safe. */
const void *nscache_get(struct nscache *c, int dir_fd, void **own);
/* The namespace inode of link ("ns/mnt") below dir_fd into *out.
 * Returns 0 or -errno (*out 0). */
int nscache_ns_inode(int dir_fd, const char *link, uint64_t *out);
/* The same, 0 when unreadable. */
uint64_t nscache_ns_of(int dir_fd, const char *link);

/* How many tables were loaded into the cache (for tests). */
unsigned nscache_loads(const struct nscache *c);

#endif
