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
#include "proc/sockdiag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Keep one entry per inode. A unix socket path may hold a newline and so
 * forge whole lines of /proc/net/unix carrying another socket's inode:
 * where an inode appears twice, an inet entry (whose lines cannot be
 * forged) wins and unix entries are dropped; two unix entries for one
 * inode are both dropped, so the fd shows as an unresolved socket rather
 * than as whatever a forger chose; but from sock_diag, which no name can
 * forge, two are one socket met twice in a dump (its table moved): the
 * first is kept. */
static void dedup(struct netns *ns)
{
	bool unix_diag = ns->diag & (1u << NET_UNIX);
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
			if (keep == ns->n && unix_diag)
				keep = i;
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

/* /proc/net/unix is line-based: a name holding a newline goes on as
 * what reads as more lines. Mark a unix entry (of those at
 * ns->socks[from..], in the file's order) as ambiguous when the line
 * after it did not parse (proc_net_parse marks those) or carries an
 * inode another entry has too (a forged line, which dedup drops). Inode
 * 0 (a connection not yet accepted) is no one's. */
static void mark_ambiguous(struct netns *ns, size_t from)
{
	uint64_t *ino;
	size_t i, n = 0;
	if (ns->n <= from + 1)
		return;
	ino = xmalloc(ns->n * sizeof(*ino));
	for (i = 0; i < ns->n; i++)
		if (ns->socks[i].inode)
			ino[n++] = ns->socks[i].inode;
	qsort(ino, n, sizeof(*ino), net_u64_cmp);
	for (i = from + 1; i < ns->n; i++) {
		uint64_t v = ns->socks[i].inode;
		size_t lo = 0, hi = n;
		if (!v)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (ino[mid] < v)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo + 1 < n && ino[lo + 1] == v)
			ns->socks[i - 1].ambiguous = true;
	}
	free(ino);
}

/* The tables sock_diag gives (raw sockets have only their /proc file). */
static bool diag_proto(int p)
{
	return p != NET_RAW && p != NET_RAW6;
}

/* One table from sock_diag: live through nl, or in a snapshot the dump it
 * kept (net/PROTO.diag). Returns 0, or -errno to fall back to the text. */
static int load_diag(struct netns *ns, int dir_fd, int nl, int p, size_t *alloc,
		     struct strbuf *sb)
{
	char name[40];
	int r;
	strbuf_reset(sb);
	if (nl >= 0) {
		r = sockdiag_dump(nl, p, 256u << 20, sb);
	} else {
		snprintf(name, sizeof(name), "net/%s.diag", net_proto_file(p));
		r = proc_read_file(dir_fd, name, 256u << 20, sb, NULL);
	}
	if (!r)
		r = sockdiag_parse(p, sb->buf, sb->len, &ns->socks, &ns->n,
				   alloc);
	return r;
}

static void load(struct netns *ns, int dir_fd)
{
	struct strbuf sb = STRBUF_INIT;
	size_t alloc = 0;
	/* Live: sock_diag where procsift may join the namespace; else
	 * (no CAP_SYS_ADMIN for another namespace, no diag module) the
	 * text tables. */
	bool live = proc_is_procfs(dir_fd);
	int nl = live ? sockdiag_open(dir_fd) : -1, p, r;
	for (p = 0; p < NET__COUNT; p++) {
		char name[32];
		size_t from = ns->n, nbad = 0;
		if (diag_proto(p) && (nl >= 0 || !live)) {
			size_t keep = ns->n;
			if (!load_diag(ns, dir_fd, nl, p, &alloc, &sb)) {
				ns->diag |= 1u << p;
				continue;
			}
			/* A failed parse may have added some: drop them. */
			while (ns->n > keep)
				free(ns->socks[--ns->n].path);
			/* What a failed dump left queued is not the next
			 * table's: a new socket for it. */
			if (nl >= 0) {
				close(nl);
				nl = sockdiag_open(dir_fd);
			}
		}
		snprintf(name, sizeof(name), "net/%s", net_proto_file(p));
		r = proc_read_file(dir_fd, name, 256u << 20, &sb, NULL);
		if (r && r != -ENOENT && !ns->err)
			ns->err = -r;
		if (r)
			continue;
		proc_net_parse(p, sb.buf, sb.len, &ns->socks, &ns->n, &alloc,
			       &nbad);
		if (p == NET_UNIX)
			mark_ambiguous(ns, from);
	}
	if (nl >= 0)
		close(nl);
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
