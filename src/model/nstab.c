/* Per-namespace tables: lookups and release. */
#include "model/nstab.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int net_sock_cmp_inode(const void *a, const void *b)
{
	uint64_t x = ((const struct net_sock *)a)->inode;
	uint64_t y = ((const struct net_sock *)b)->inode;
	return (x > y) - (x < y);
}

const struct net_sock *netns_lookup(const struct netns *ns, uint64_t ino)
{
	struct net_sock key = {.inode = ino};
	return ns && ns->n ? bsearch(&key, ns->socks, ns->n, sizeof(key),
				     net_sock_cmp_inode)
			   : NULL;
}

void netns_free(struct netns *ns)
{
	if (!ns)
		return;
	net_socks_free(ns->socks, ns->n);
	free(ns);
}

/* qsort has no context argument; qsort_r (glibc) does. */
static int cmp_id(const void *a, const void *b, void *arg)
{
	const struct mount_entry *m = arg;
	int x = m[*(const size_t *)a].id, y = m[*(const size_t *)b].id;
	return (x > y) - (x < y);
}

static int cmp_point(const void *a, const void *b, void *arg)
{
	const struct mount_entry *m = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r = strcmp(m[i].mount_point, m[j].mount_point);
	return r ? r : (i > j) - (i < j);
}

void mountns_index(struct mountns *m)
{
	size_t i;
	free(m->by_id);
	free(m->by_point);
	m->by_id = xcalloc(m->n ? m->n : 1, sizeof(*m->by_id));
	m->by_point = xcalloc(m->n ? m->n : 1, sizeof(*m->by_point));
	for (i = 0; i < m->n; i++)
		m->by_id[i] = m->by_point[i] = i;
	if (m->n) {
		qsort_r(m->by_id, m->n, sizeof(size_t), cmp_id, m->m);
		qsort_r(m->by_point, m->n, sizeof(size_t), cmp_point, m->m);
	}
}

const struct mount_entry *mountns_by_id(const struct mountns *m, int id)
{
	size_t lo = 0, hi;
	if (!m || !m->by_id)
		return NULL;
	hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int v = m->m[m->by_id[mid]].id;
		if (v == id)
			return &m->m[m->by_id[mid]];
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The last mounted entry whose mount point is exactly len bytes at p. */
static const struct mount_entry *exact(const struct mountns *m, const char *p,
				       size_t len)
{
	size_t lo = 0, hi = m->n, found = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *mp = m->m[m->by_point[mid]].mount_point;
		int r = strncmp(mp, p, len);
		if (!r && mp[len])
			r = 1;
		if (r < 0) {
			lo = mid + 1;
		} else if (r > 0) {
			hi = mid;
		} else {
			found = mid; /* look right for a later mount */
			lo = mid + 1;
		}
	}
	return found < m->n ? &m->m[m->by_point[found]] : NULL;
}

const struct mount_entry *mountns_by_path(const struct mountns *m,
					  const char *path, size_t len)
{
	size_t cut = len;
	if (!m || !m->by_point || !len || path[0] != '/')
		return NULL;
	while (cut > 1 && path[cut - 1] == '/')
		cut--;
	/* Each parent directory, longest first: a cost in the depth of the
	 * path, not in the number of mounts. */
	for (;;) {
		const struct mount_entry *e = exact(m, path, cut);
		size_t k;
		if (e)
			return e;
		if (cut == 1)
			return NULL;
		for (k = cut - 1; k > 0 && path[k] != '/'; k--)
			;
		cut = k ? k : 1;
	}
}

/* path made canonical lexically into out (at least strlen(path) + 2
 * bytes): "/a//./b/../c/" is "/a/c". */
static void lexical(const char *path, char *out)
{
	size_t n = 0;
	while (*path) {
		size_t k;
		while (*path == '/')
			path++;
		k = strcspn(path, "/");
		if (!k || (k == 1 && path[0] == '.')) {
			path += k;
			continue;
		}
		if (k == 2 && path[0] == '.' && path[1] == '.') {
			/* At the root, ".." stays there. */
			while (n && out[--n] != '/')
				;
			path += k;
			continue;
		}
		out[n++] = '/';
		memcpy(out + n, path, k);
		n += k;
		path += k;
	}
	if (!n)
		out[n++] = '/';
	out[n] = '\0';
}

/* Whether mount point mp is p or a parent directory of it (both
 * canonical). */
static bool covers(const char *mp, const char *p)
{
	size_t k = strlen(mp);
	if (k == 1 && mp[0] == '/')
		return true;
	return !strncmp(mp, p, k) && (p[k] == '/' || !p[k]);
}

const struct mount_entry *mountns_hang_on_path(const struct mountns *m,
					       const char *path)
{
	const struct mount_entry *hit = NULL;
	char *p;
	size_t i;
	if (!m || !path || path[0] != '/')
		return NULL;
	p = xmalloc(strlen(path) + 2);
	lexical(path, p);
	for (i = 0; i < m->n && !hit; i++)
		if (m->m[i].mount_point && covers(m->m[i].mount_point, p) &&
		    fstype_may_hang(m->m[i].fstype))
			hit = &m->m[i];
	free(p);
	return hit;
}

void mountns_free(struct mountns *m)
{
	if (!m)
		return;
	mount_entries_free(m->m, m->n);
	free(m->by_id);
	free(m->by_point);
	free(m);
}

bool fstype_may_hang(const char *t)
{
	static const char *const hang[] = {
		"nfs",	    "nfs4",	 "cifs",  "smb3",      "smbfs",
		"ncpfs",    "ceph",	 "9p",	  "afs",       "coda",
		"lustre",   "glusterfs", "gfs2",  "ocfs2",     "davfs",
		"virtiofs", "fuseblk",	 "fuse",  "orangefs",  "beegfs",
		"gpfs",	    "pvfs2",	 "sshfs", "curlftpfs", "autofs",
		NULL,
	};
	size_t i;
	if (!t)
		return true;
	if (!strncmp(t, "fuse.", 5))
		return true;
	for (i = 0; hang[i]; i++)
		if (!strcmp(t, hang[i]))
			return true;
	return false;
}

int net_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}
