/* Socket tables of a network namespace: read, sorted and cleaned of
 * forged entries. */
#include "proc/sockets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/net.h"
#include "proc/pidfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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
	int p, r;
	for (p = 0; p < NET__COUNT; p++) {
		char name[32];
		snprintf(name, sizeof(name), "net/%s", net_proto_file(p));
		r = proc_read_file(dir_fd, name, 256u << 20, &sb, NULL);
		if (r && r != -ENOENT && !ns->err)
			ns->err = -r;
		if (r)
			continue;
		proc_net_parse(p, sb.buf, sb.len, &ns->socks, &ns->n, &alloc,
			       NULL);
	}
	strbuf_release(&sb);
	/* An empty array may be NULL, which qsort must not get. */
	if (ns->n)
		qsort(ns->socks, ns->n, sizeof(*ns->socks), net_sock_cmp_inode);
	dedup(ns);
}

static void *load_table(int dir_fd, uint64_t id)
{
	struct netns *ns = xcalloc(1, sizeof(*ns));
	ns->ns = id;
	load(ns, dir_fd);
	return ns;
}

static void free_table(void *t)
{
	netns_free(t);
}

struct nscache *sock_cache_new(void)
{
	return nscache_new("ns/net", load_table, free_table);
}

const struct netns *sock_cache_ns(struct nscache *c, int dir_fd,
				  struct netns **own)
{
	void *mine;
	const struct netns *ns = nscache_get(c, dir_fd, &mine);
	*own = mine;
	return ns;
}
