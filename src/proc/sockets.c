/* Per-network-namespace socket tables, keyed by the namespace inode. */
#include "proc/sockets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/pidfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct netns {
	uint64_t ns;		/* namespace inode; 0: not known */
	struct net_sock *socks; /* sorted by inode */
	size_t n;
};

struct sock_index {
	struct netns **ns; /* pointers, so a handle outlives growing */
	size_t n, alloc;
	struct netns scratch; /* tables of a process whose ns is unknown */
	pid_t scratch_pid;
	unsigned loads;
};

struct sock_index *sock_index_new(void)
{
	return xcalloc(1, sizeof(struct sock_index));
}

void sock_index_free(struct sock_index *ix)
{
	size_t i;
	if (!ix)
		return;
	for (i = 0; i < ix->n; i++) {
		net_socks_free(ix->ns[i]->socks, ix->ns[i]->n);
		free(ix->ns[i]);
	}
	net_socks_free(ix->scratch.socks, ix->scratch.n);
	free(ix->ns);
	free(ix);
}

static int cmp_sock(const void *a, const void *b)
{
	uint64_t x = ((const struct net_sock *)a)->inode;
	uint64_t y = ((const struct net_sock *)b)->inode;
	return (x > y) - (x < y);
}

static void load(struct netns *ns, int dir_fd)
{
	struct strbuf sb = STRBUF_INIT;
	size_t alloc = 0;
	int p;
	for (p = 0; p < NET__COUNT; p++) {
		char name[32];
		snprintf(name, sizeof(name), "net/%s", net_proto_file(p));
		if (proc_read_file(dir_fd, name, 256u << 20, &sb, NULL))
			continue;
		proc_net_parse(p, sb.buf, sb.len, &ns->socks, &ns->n, &alloc,
			       NULL);
	}
	strbuf_release(&sb);
	/* An empty array may be NULL, which qsort must not get. */
	if (ns->n)
		qsort(ns->socks, ns->n, sizeof(*ns->socks), cmp_sock);
}

/* "net:[4026531840]" -> 4026531840; 0 when unreadable. */
static uint64_t netns_of(int dir_fd)
{
	char buf[64];
	unsigned long long v;
	ssize_t n = readlinkat(dir_fd, "ns/net", buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return sscanf(buf, "net:[%llu]", &v) == 1 ? v : 0;
}

const struct net_sock *sock_index_lookup(const struct netns *ns, uint64_t ino)
{
	struct net_sock key = {.inode = ino};
	return ns && ns->n
		       ? bsearch(&key, ns->socks, ns->n, sizeof(key), cmp_sock)
		       : NULL;
}

const struct netns *sock_index_ns(struct sock_index *ix, int dir_fd, pid_t pid)
{
	uint64_t id = netns_of(dir_fd);
	size_t i;
	if (!id) {
		if (ix->scratch_pid != pid) {
			net_socks_free(ix->scratch.socks, ix->scratch.n);
			memset(&ix->scratch, 0, sizeof(ix->scratch));
			load(&ix->scratch, dir_fd);
			ix->scratch_pid = pid;
			ix->loads++;
		}
		return &ix->scratch;
	}
	for (i = 0; i < ix->n; i++)
		if (ix->ns[i]->ns == id)
			return ix->ns[i];
	ix->ns = xgrow(ix->ns, &ix->alloc, ix->n + 1, sizeof(*ix->ns));
	ix->ns[ix->n] = xcalloc(1, sizeof(struct netns));
	ix->ns[ix->n]->ns = id;
	load(ix->ns[ix->n], dir_fd);
	ix->loads++;
	return ix->ns[ix->n++];
}

unsigned sock_index_loads(const struct sock_index *ix)
{
	return ix->loads;
}
