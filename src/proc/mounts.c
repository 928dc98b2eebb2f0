/* A mount namespace's table: mountinfo read, parsed and indexed. */
#include "proc/mounts.h"

#include <stdlib.h>

#include "proc/pidfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void *load_table(int dir_fd, uint64_t id)
{
	struct mountns *m = xcalloc(1, sizeof(*m));
	struct strbuf sb = STRBUF_INIT;
	int r = proc_read_file(dir_fd, "mountinfo", MOUNTINFO_CAP, &sb, NULL);
	m->ns = id;
	if (r)
		m->err = -r;
	else
		proc_mountinfo_parse(sb.buf, sb.len, &m->m, &m->n, NULL);
	strbuf_release(&sb);
	mountns_index(m);
	return m;
}

static void free_table(void *t)
{
	mountns_free(t);
}

struct nscache *mount_cache_new(void)
{
	return nscache_new("ns/mnt", load_table, free_table);
}

const struct mountns *mount_cache_ns(struct nscache *c, int dir_fd,
				     struct mountns **own)
{
	void *mine;
	const struct mountns *m = nscache_get(c, dir_fd, &mine);
	*own = mine;
	return m;
}
