/* Per-namespace tables, keyed by namespace inode, sorted for bsearch. */
#include "proc/nscache.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

struct slot {
	uint64_t ns;
	void *table;
};

struct nscache {
	const char *link;
	void *(*load)(int dir_fd, uint64_t ns);
	void (*free_fn)(void *table);
	struct slot *s; /* sorted by ns */
	size_t n, alloc;
	unsigned loads;
	pthread_mutex_t lock; /* callers may be worker threads */
};

struct nscache *nscache_new(const char *link,
			    void *(*load)(int dir_fd, uint64_t ns),
			    void (*free_fn)(void *table))
{
	struct nscache *c = xcalloc(1, sizeof(*c));
	c->link = link;
	c->load = load;
	c->free_fn = free_fn;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void nscache_free(struct nscache *c)
{
	size_t i;
	if (!c)
		return;
	for (i = 0; i < c->n; i++)
		c->free_fn(c->s[i].table);
	free(c->s);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

int nscache_ns_inode(int dir_fd, const char *link, uint64_t *out)
{
	char buf[64];
	const char *br;
	unsigned long long v;
	ssize_t n = readlinkat(dir_fd, link, buf, sizeof(buf) - 1);
	*out = 0;
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	/* "net:[4026531840]" */
	br = strchr(buf, '[');
	if (!br || sscanf(br, "[%llu]", &v) != 1)
		return -EINVAL;
	*out = v;
	return 0;
}

uint64_t nscache_ns_of(int dir_fd, const char *link)
{
	uint64_t v;
	return nscache_ns_inode(dir_fd, link, &v) ? 0 : v;
}

/* The position of ns in c->s, or where it would go. */
static size_t find(const struct nscache *c, uint64_t ns)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->s[mid].ns < ns)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const void *nscache_get(struct nscache *c, int dir_fd, void **own)
{
	uint64_t ns = nscache_ns_of(dir_fd, c->link);
	void *t;
	size_t i;
	*own = NULL;
	if (!ns) {
		/* Read them for this process alone rather than guess. */
		*own = c->load(dir_fd, 0);
		return *own;
	}
	pthread_mutex_lock(&c->lock);
	i = find(c, ns);
	if (i < c->n && c->s[i].ns == ns) {
		t = c->s[i].table;
	} else {
		/* Loaded under the lock: a second worker in the same
		 * namespace waits rather than reading the table twice. */
		t = c->load(dir_fd, ns);
		c->s = xgrow(c->s, &c->alloc, c->n + 1, sizeof(*c->s));
		memmove(c->s + i + 1, c->s + i, (c->n - i) * sizeof(*c->s));
		c->s[i].ns = ns;
		c->s[i].table = t;
		c->n++;
		c->loads++;
	}
	pthread_mutex_unlock(&c->lock);
	return t;
}

unsigned nscache_loads(const struct nscache *c)
{
	return c->loads;
}
