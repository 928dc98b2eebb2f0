/* Filling the host view (see hostread.h). */
#include "proc/hostread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/mounts.h"
#include "proc/nscache.h"
#include "proc/pidfile.h"
#include "proc/rootfile.h"
#include "util/xalloc.h"

void host_ref_read(int root_fd, struct host_ref *r)
{
	static const char *const bases[] = {"1", "self"};
	struct strbuf sb;
	char name[48];
	size_t b;
	int k;
	memset(r, 0, sizeof(*r));
	if (root_fd < 0)
		return;
	r->hz = sysconf(_SC_CLK_TCK);
	if (r->hz <= 0)
		r->hz = 100;
	/* pid 1's namespaces are the host's; where they cannot be read
	 * (hidepid, a sandbox), procsift's own stand in. */
	for (b = 0; b < 2; b++) {
		bool any = false;
		for (k = 0; k < NS__COUNT; k++) {
			snprintf(name, sizeof(name), "%s/ns/%s", bases[b],
				 ns_name(k));
			if (!nscache_ns_inode(root_fd, name, &r->ns[k]))
				any = true;
		}
		if (any) {
			r->ns_from_self = b == 1;
			break;
		}
	}
	strbuf_init(&sb, 0);
	if (!proc_read_file(root_fd, "uptime", 256, &sb, NULL))
		r->now_ticks = (unsigned long long)(strtod(sb.buf, NULL) *
						    (double)r->hz);
	strbuf_release(&sb);
}

void host_ref_read_proc(const struct proc_source *src, struct host_ref *r)
{
	int fd = proc_open_root(src);
	host_ref_read(fd, r);
	if (fd >= 0)
		close(fd);
}

void host_mounts_from(const struct mountns *m, struct host_mount **out,
		      size_t *n)
{
	size_t i;
	*out = m->n ? xcalloc(m->n, sizeof(**out)) : NULL;
	*n = m->n;
	for (i = 0; i < m->n; i++) {
		const struct mount_entry *e = &m->m[i];
		struct host_mount *h = &(*out)[i];
		const char *o = e->options ? e->options : "";
		h->mount_point = xstrdup(e->mount_point ? e->mount_point : "");
		h->root = xstrdup(e->root ? e->root : "");
		h->fstype = xstrdup(e->fstype ? e->fstype : "");
		h->source = xstrdup(e->source ? e->source : "");
		h->major = e->major;
		h->minor = e->minor;
		h->rw = !strncmp(o, "rw", 2) && (!o[2] || o[2] == ',');
	}
}

void host_mounts_read(int root_fd, struct host_view *h)
{
	static const char *const bases[] = {"1", "self"};
	size_t b;
	for (b = 0; b < 2; b++) {
		struct mountns *m;
		int fd = openat(root_fd, bases[b],
				O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0) {
			h->host_mounts_err = errno;
			continue;
		}
		m = mount_table_read(fd);
		close(fd);
		if (m->err) {
			h->host_mounts_err = m->err;
			mountns_free(m);
			continue;
		}
		host_mounts_from(m, &h->host_mounts, &h->nhost_mounts);
		h->host_mounts_err = 0;
		h->host_mounts_from_self = b == 1;
		mountns_free(m);
		return;
	}
}

void host_container_note(struct host_view *h, const struct psnap *s)
{
	const struct proc *p = &s->proc;
	struct host_container *c;
	if (!p->container.id[0] || !psnap_has(s, FACET_STAT) ||
	    !(s->loaded & FACET_BIT(FACET_MOUNTS)) || !s->mounts)
		return;
	c = host_view_container(h, p->container.id, s->ns[NS_MNT]);
	if (c && c->pid <= p->pid)
		return;
	if (c)
		host_container_release(c);
	else
		c = host_view_add_container(h, p->container.id, s->ns[NS_MNT]);
	/* The keys again (release cleared them): the same, as indexed. */
	memcpy(c->id, p->container.id, sizeof(c->id));
	c->mntns = s->ns[NS_MNT];
	memcpy(c->pod_uid, p->container.pod_uid, sizeof(c->pod_uid));
	c->pid = p->pid;
	c->start_ticks = p->start_ticks;
	c->comm = xstrdup(p->comm ? p->comm : "");
	c->mounts_err = s->err[FACET_MOUNTS];
	if (!c->mounts_err)
		host_mounts_from(s->mounts, &c->mounts, &c->nmounts);
}

static char **strv_copy(char *const *v, size_t n)
{
	char **out = xcalloc(n + 1, sizeof(*out));
	size_t i;
	for (i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

void host_ctl_note(struct host_view *h, const struct psnap *s)
{
	const struct proc *p = &s->proc;
	struct host_ctlproc *c;
	size_t i, k = 0;
	int comp = ctl_component_of(p->comm);
	size_t n = 0, worst = 0;
	if (comp < 0 || !psnap_has(s, FACET_ARGV) || !p->argv)
		return;
	for (i = 0; i < h->nctl; i++) {
		if (h->ctl[i].comp != (enum ctl_component)comp)
			continue;
		if (!n++ || h->ctl[i].pid > h->ctl[worst].pid)
			worst = i;
	}
	if (n >= HOST_CTL_PER_COMP) {
		/* The lowest pids whatever order the walk's threads meet
		 * them in. */
		h->ctl_left_out[comp]++;
		if (h->ctl[worst].pid < p->pid)
			return;
		c = &h->ctl[worst];
		host_ctlproc_release(c);
	} else {
		c = host_view_add_ctl(h);
	}
	c->comp = comp;
	c->pid = p->pid;
	c->start_ticks = p->start_ticks;
	c->comm = xstrdup(p->comm);
	c->container = p->container.id[0] ? xstrdup(p->container.id) : NULL;
	c->pod_uid =
		p->container.pod_uid[0] ? xstrdup(p->container.pod_uid) : NULL;
	c->argv = strv_copy(p->argv, p->argc);
	c->argc = p->argc;
	c->env = xcalloc(s->nenv + 1, sizeof(*c->env));
	for (i = 0; i < s->nenv; i++)
		if (ctl_env_kept(comp, s->env[i].name, s->env[i].name_len))
			c->env[k++] = xmemdup0(
				s->env[i].name,
				s->env[i].value ? s->env[i].name_len + 1 +
							  s->env[i].value_len
						: s->env[i].name_len);
	c->nenv = k;
}

/* The files each component's flags name: read, or (a directory) stat'ed. */
static const struct {
	enum ctl_component comp;
	const char *flag;
	bool stat_only;
} ctl_files[] = {
	{CTL_APISERVER, "encryption-provider-config", false},
	{CTL_APISERVER, "audit-policy-file", false},
	{CTL_KUBELET, "config", false},
	{CTL_ETCD, "config-file", false},
	{CTL_ETCD, "data-dir", true},
};

/* Share the data of an earlier file of h that is the same inode with
 * the same bytes: several processes (a cap's worth of decoys) naming one
 * file hold it once. */
static void share_data(struct host_view *h, struct host_file *f)
{
	size_t i, k;
	if (!f->data || !f->has_stat)
		return;
	for (i = 0; i < h->nctl; i++)
		for (k = 0; k < h->ctl[i].nfiles; k++) {
			struct host_file *o = &h->ctl[i].files[k];
			if (o == f)
				return;
			if (!o->data || o->data_shared || !o->has_stat ||
			    o->dev != f->dev || o->ino != f->ino ||
			    o->len != f->len ||
			    memcmp(o->data, f->data, f->len))
				continue;
			free(f->data);
			f->data = o->data;
			f->data_shared = true;
			return;
		}
}

void host_ctl_read_files(int root_fd, struct host_view *h)
{
	size_t i, k;
	for (i = 0; i < h->nctl; i++) {
		struct host_ctlproc *c = &h->ctl[i];
		for (k = 0; k < sizeof(ctl_files) / sizeof(ctl_files[0]); k++) {
			char dflt[256];
			const char *v;
			struct host_file *f;
			if (ctl_files[k].comp != c->comp ||
			    c->nfiles == HOST_CTL_FILES)
				continue;
			v = ctl_flag(c, ctl_files[k].flag);
			/* etcd run from a config file ignores its flags: the
			 * data directory is named in the file, which only
			 * the judge parses. */
			if (c->comp == CTL_ETCD && ctl_files[k].stat_only) {
				const char *cf = ctl_flag(c, "config-file");
				if (cf && *cf)
					continue;
			}
			if (c->comp == CTL_ETCD && ctl_files[k].stat_only &&
			    (!v || !*v)) {
				/* etcd's default: NAME.etcd in its cwd. */
				const char *name = ctl_flag(c, "name");
				snprintf(dflt, sizeof(dflt), "%.200s.etcd",
					 name && *name ? name : "default");
				v = dflt;
			}
			if (!v || !*v)
				continue;
			f = &c->files[c->nfiles++];
			/* By pid and start time: a pid reused since the walk
			 * is another process's root. */
			if (ctl_files[k].stat_only)
				rootfile_stat(root_fd, c->pid, c->start_ticks,
					      ctl_files[k].flag, v, f);
			else
				rootfile_read(root_fd, c->pid, c->start_ticks,
					      ctl_files[k].flag, v,
					      ROOTFILE_CAP, f);
			share_data(h, f);
		}
	}
}

void host_ldpreload_read(int root_fd, struct host_view *h)
{
	h->has_ld_preload = true;
	/* pid 1 and procsift itself cannot be reused while it runs: no
	 * start time to check. */
	if (rootfile_read(root_fd, 1, 0, "ld.so.preload", "/etc/ld.so.preload",
			  ROOTFILE_CAP, &h->ld_preload) &&
	    h->ld_preload.err != ENOENT) {
		host_file_release(&h->ld_preload);
		rootfile_read(root_fd, getpid(), 0, "ld.so.preload",
			      "/etc/ld.so.preload", ROOTFILE_CAP,
			      &h->ld_preload);
	}
}
