/* Per-network-namespace socket tables, keyed by the namespace inode. */
#include "proc/sockets.h"

#include <pthread.h>
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
	unsigned loads;
	pthread_mutex_t lock; /* callers may be worker threads */
};

struct sock_index *sock_index_new(void)
{
	struct sock_index *ix = xcalloc(1, sizeof(*ix));
	pthread_mutex_init(&ix->lock, NULL);
	return ix;
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
	pthread_mutex_destroy(&ix->lock);
	free(ix->ns);
	free(ix);
}

static int cmp_sock(const void *a, const void *b)
{
	uint64_t x = ((const struct net_sock *)a)->inode;
	uint64_t y = ((const struct net_sock *)b)->inode;
	return (x > y) - (x < y);
}

/* Keep one entry per inode. A unix socket path may hold a newline and so
 * forge whole lines of /proc/net/unix carrying another socket's inode:
 * where an inode appears twice, an inet entry (whose lines cannot be
 * forged) wins and unix entries are dropped; two unix entries for one
 * inode are both dropped, so the fd shows as an unresolved socket rather
 * than as whatever a forger chose. */
static void dedup(struct netns *ns)
{
	size_t i = 0, out = 0;
	while (i < ns->n) {
		size_t j = i, keep = ns->n;
		while (j < ns->n && ns->socks[j].inode == ns->socks[i].inode)
			j++;
		if (j - i == 1) {
			keep = i;
		} else {
			size_t k;
			for (k = i; k < j && keep == ns->n; k++)
				if (ns->socks[k].proto != NET_UNIX)
					keep = k;
		}
		for (size_t k = i; k < j; k++) {
			if (k == keep) {
				ns->socks[out++] = ns->socks[k];
				continue;
			}
			free(ns->socks[k].path);
		}
		i = j;
	}
	ns->n = out;
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
	dedup(ns);
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

const struct netns *sock_index_ns(struct sock_index *ix, int dir_fd,
				  struct netns **own)
{
	uint64_t id = netns_of(dir_fd);
	struct netns *ns = NULL;
	size_t i;
	*own = NULL;
	if (!id) {
		/* The ns link needs ptrace access; the tables do not. Read
		 * them for this process alone rather than guess. */
		*own = xcalloc(1, sizeof(**own));
		load(*own, dir_fd);
		return *own;
	}
	pthread_mutex_lock(&ix->lock);
	for (i = 0; i < ix->n && !ns; i++)
		if (ix->ns[i]->ns == id)
			ns = ix->ns[i];
	if (!ns) {
		/* Loaded under the lock: a second worker in the same
		 * namespace waits rather than reading the tables twice. */
		ns = xcalloc(1, sizeof(*ns));
		ns->ns = id;
		load(ns, dir_fd);
		ix->ns = xgrow(ix->ns, &ix->alloc, ix->n + 1, sizeof(*ix->ns));
		ix->ns[ix->n++] = ns;
		ix->loads++;
	}
	pthread_mutex_unlock(&ix->lock);
	return ns;
}

void netns_free(struct netns *ns)
{
	if (!ns)
		return;
	net_socks_free(ns->socks, ns->n);
	free(ns);
}

unsigned sock_index_loads(const struct sock_index *ix)
{
	return ix->loads;
}
