/* The host view's storage. */
#include "model/host.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void host_etcd_init(struct host_etcd *e)
{
	memset(e, 0, sizeof(*e));
	e->db_fd = -1;
	e->db_fdnum = -1;
}

void host_etcd_release(struct host_etcd *e)
{
	size_t k;
	free(e->comm);
	free(e->container);
	free(e->pod_uid);
	free(e->db_path);
	for (k = 0; k < e->nwal; k++)
		free(e->wal_paths[k]);
	free(e->wal_paths);
	free(e->wal_fdnums);
	free(e->wal_fds);
	host_etcd_init(e);
}

void host_view_init(struct host_view *h)
{
	memset(h, 0, sizeof(*h));
}

void host_mounts_free(struct host_mount *m, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(m[i].mount_point);
		free(m[i].root);
		free(m[i].fstype);
		free(m[i].source);
	}
	free(m);
}

void host_file_release(struct host_file *f)
{
	free(f->path);
	if (!f->data_shared)
		free(f->data);
	memset(f, 0, sizeof(*f));
}

void host_container_release(struct host_container *c)
{
	free(c->comm);
	host_mounts_free(c->mounts, c->nmounts);
	memset(c, 0, sizeof(*c));
}

static void strv_free(char **v)
{
	char **p;
	for (p = v; p && *p; p++)
		free(*p);
	free(v);
}

void host_ctlproc_release(struct host_ctlproc *c)
{
	size_t k;
	free(c->comm);
	free(c->container);
	free(c->pod_uid);
	strv_free(c->argv);
	strv_free(c->env);
	for (k = 0; k < c->nfiles; k++)
		host_file_release(&c->files[k]);
	memset(c, 0, sizeof(*c));
}

void host_view_release(struct host_view *h)
{
	size_t i;
	for (i = 0; i < h->netcd; i++)
		host_etcd_release(&h->etcd[i]);
	free(h->etcd);
	host_mounts_free(h->host_mounts, h->nhost_mounts);
	for (i = 0; i < h->ncontainers; i++)
		host_container_release(&h->containers[i]);
	free(h->containers);
	free(h->container_index);
	host_file_release(&h->ld_preload);
	for (i = 0; i < h->nctl; i++)
		host_ctlproc_release(&h->ctl[i]);
	free(h->ctl);
	free(h->probe.hidden);
	host_view_init(h);
}

static int container_cmp(const struct host_container *c, const char *id,
			 uint64_t mntns)
{
	if (c->mntns != mntns)
		return c->mntns < mntns ? -1 : 1;
	return strcmp(c->id, id);
}

/* The first place in the index whose entry is not below (mntns, id). */
static size_t container_lower(const struct host_view *h, const char *id,
			      uint64_t mntns)
{
	size_t lo = 0, hi = h->ncontainers;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (container_cmp(&h->containers[h->container_index[mid]], id,
				  mntns) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct host_container *host_view_container(struct host_view *h, const char *id,
					   uint64_t mntns)
{
	size_t k = container_lower(h, id, mntns);
	struct host_container *c;
	if (k == h->ncontainers)
		return NULL;
	c = &h->containers[h->container_index[k]];
	return container_cmp(c, id, mntns) ? NULL : c;
}

struct host_container *host_view_add_container(struct host_view *h,
					       const char *id, uint64_t mntns)
{
	size_t k = container_lower(h, id, mntns);
	struct host_container *c;
	h->containers = xgrow(h->containers, &h->containers_alloc,
			      h->ncontainers + 1, sizeof(*h->containers));
	h->container_index =
		xgrow(h->container_index, &h->container_index_alloc,
		      h->ncontainers + 1, sizeof(*h->container_index));
	c = &h->containers[h->ncontainers];
	memset(c, 0, sizeof(*c));
	snprintf(c->id, sizeof(c->id), "%s", id);
	c->mntns = mntns;
	/* A new container per mount namespace is rare next to the
	 * processes looked up: a shift of indices is cheap. */
	memmove(&h->container_index[k + 1], &h->container_index[k],
		(h->ncontainers - k) * sizeof(*h->container_index));
	h->container_index[k] = h->ncontainers;
	return &h->containers[h->ncontainers++];
}

struct host_ctlproc *host_view_add_ctl(struct host_view *h)
{
	h->ctl = xgrow(h->ctl, &h->ctl_alloc, h->nctl + 1, sizeof(*h->ctl));
	memset(&h->ctl[h->nctl], 0, sizeof(*h->ctl));
	return &h->ctl[h->nctl++];
}

static const char *const ctl_names[CTL__COUNT] = {
	[CTL_APISERVER] = "kube-apiserver",
	[CTL_ETCD] = "etcd",
	[CTL_KUBELET] = "kubelet",
};

const char *ctl_component_name(enum ctl_component c)
{
	return (unsigned)c < CTL__COUNT ? ctl_names[c] : "?";
}

int ctl_component_of(const char *comm)
{
	int c;
	for (c = 0; comm && c < CTL__COUNT; c++)
		if (!strcmp(comm, ctl_names[c]))
			return c;
	return -1;
}

const char *host_facet_name(unsigned bit)
{
	switch (bit) {
	case HOST_ETCD:
		return "etcd-db";
	case HOST_CONTAINERS:
		return "containers";
	case HOST_LDPRELOAD:
		return "ld-so-preload";
	case HOST_CTLPLANE:
		return "control-plane";
	case HOST_PIDS:
		return "pid-probe";
	}
	return "?";
}

struct host_etcd *host_view_add_etcd(struct host_view *h)
{
	struct host_etcd *e;
	h->etcd =
		xgrow(h->etcd, &h->etcd_alloc, h->netcd + 1, sizeof(*h->etcd));
	e = &h->etcd[h->netcd++];
	host_etcd_init(e);
	return e;
}

const char *ctl_flag(const struct host_ctlproc *c, const char *flag)
{
	const char *v = NULL;
	char env[96];
	size_t i, n = strlen(flag), k;
	for (i = 1; c->argv && i < c->argc; i++) {
		const char *a = c->argv[i];
		if (a[0] != '-')
			continue;
		a += a[1] == '-' ? 2 : 1;
		if (strncmp(a, flag, n))
			continue;
		if (a[n] == '=')
			v = a + n + 1;
		else if (!a[n] && i + 1 < c->argc && c->argv[i + 1][0] != '-')
			v = c->argv[++i];
		else if (!a[n])
			v = "true"; /* a boolean flag given bare */
	}
	if (v || c->comp != CTL_ETCD || !c->env || n + 6 > sizeof(env))
		return v;
	/* etcd reads ETCD_<FLAG> for a flag not given. */
	memcpy(env, "ETCD_", 5);
	for (k = 0; k < n; k++)
		env[5 + k] = flag[k] == '-'
				     ? '_'
				     : (char)toupper((unsigned char)flag[k]);
	env[5 + n] = '=';
	for (i = 0; i < c->nenv; i++)
		if (!strncmp(c->env[i], env, n + 6))
			v = c->env[i] + n + 6;
	return v;
}

bool ctl_env_kept(enum ctl_component comp, const char *var, size_t len)
{
	if (comp == CTL_ETCD)
		return len > 5 && !memcmp(var, "ETCD_", 5);
	if (comp == CTL_KUBELET)
		return len > 8 && !memcmp(var, "KUBELET_", 8);
	return false;
}
