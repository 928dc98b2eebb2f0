/* A mount namespace's table: mountinfo read, parsed and indexed. */
#include "proc/mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "proc/mountinfo.h"
#include "proc/pidfile.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static struct mountns *table_read(int dir_fd, uint64_t id)
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

struct mountns *mount_table_read(int dir_fd)
{
	return table_read(dir_fd, 0);
}

static void *load_table(int dir_fd, uint64_t id)
{
	return table_read(dir_fd, id);
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

static int hidepid_value(const char *v, size_t n)
{
	static const struct {
		const char *name;
		int value;
	} names[] = {
		{"off", 0},	  {"0", 0}, {"noaccess", 1},   {"1", 1},
		{"invisible", 2}, {"2", 2}, {"ptraceable", 4}, {"4", 4},
	};
	size_t i;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == n && !memcmp(names[i].name, v, n))
			return names[i].value;
	/* An option this kernel knows and procsift does not: assume it
	 * hides. */
	return 2;
}

void procfs_opts_parse(const char *so, struct procfs_opts *o)
{
	const char *p = so ? so : "";
	memset(o, 0, sizeof(*o));
	o->gid = -1;
	while (*p) {
		size_t n = strcspn(p, ",");
		uint64_t v;
		if (n > 8 && !memcmp(p, "hidepid=", 8))
			o->hidepid = hidepid_value(p + 8, n - 8);
		else if (n > 4 && !memcmp(p, "gid=", 4) &&
			 parse_dec_u64(p + 4, n - 4, 0x7fffffff, &v))
			o->gid = (long)v;
		else if (n == 10 && !memcmp(p, "subset=pid", 10))
			o->subset_pid = true;
		p += n + (p[n] == ',');
	}
}

int procfs_opts_read(int root_fd, struct procfs_opts *o)
{
	struct mountns *m;
	struct stat st;
	size_t i;
	int self, r = -ENOENT;
	procfs_opts_parse(NULL, o);
	if (fstat(root_fd, &st))
		return -errno;
	self = openat(root_fd, "self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	m = mount_table_read(self);
	close(self);
	/* The last mount of that device wins, as for any over-mount. */
	for (i = 0; i < m->n; i++)
		if (m->m[i].major == major(st.st_dev) &&
		    m->m[i].minor == minor(st.st_dev) &&
		    !strcmp(m->m[i].fstype, "proc")) {
			procfs_opts_parse(m->m[i].super_options, o);
			r = 0;
		}
	if (m->err)
		r = -m->err;
	mountns_free(m);
	return r;
}
