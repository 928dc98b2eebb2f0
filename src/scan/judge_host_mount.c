/* sensitive-host-mount: a container that sees a sensitive host path, or a
 * parent directory of one, mounted (Falco: Launch Sensitive Mount
 * Container, with the parent directories Falco's list misses: /var/run
 * exposes docker.sock). A host judge: one finding per container and host
 * path, named by matching each container mount's device and root with the
 * host's own mount table. */
#include "scan/judge.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define JUDGE_ID "sensitive-host-mount"

/* Falco's sensitive_mount list, with /var/run written /run (on a host
 * where /var/run is the usual link to /run, a mount table only ever shows
 * /run; see canonical()). Most severe first: a host path that exposes
 * several is named by the first. below: what lies under it counts too
 * (Falco's /proc* and /root*). */
static const struct sensitive {
	const char *path;
	enum severity sev;
	bool below;
	const char *why;
} sensitive[] = {
	{"/", SEV_CRITICAL, false, "the host's whole file system"},
	{"/run/docker.sock", SEV_CRITICAL, false, "Docker's API socket"},
	{"/run/containerd/containerd.sock", SEV_CRITICAL, false,
	 "containerd's API socket"},
	{"/run/crio/crio.sock", SEV_CRITICAL, false, "CRI-O's API socket"},
	{"/proc", SEV_HIGH, true, "the host's processes"},
	{"/root", SEV_HIGH, true, "root's home"},
	{"/etc", SEV_HIGH, false, "the host's configuration"},
	{"/etc/kubernetes", SEV_HIGH, false,
	 "the node's Kubernetes credentials"},
	{"/etc/kubernetes/manifests", SEV_HIGH, false,
	 "the node's static pod manifests"},
	{"/var/lib/kubelet", SEV_HIGH, false, "the kubelet's state"},
	{"/var/lib/kubelet/pki", SEV_HIGH, false,
	 "the kubelet's certificates and keys"},
	{"/home/admin", SEV_HIGH, false, "an admin's home"},
};

/* Whether dir is path or a parent directory of it ("/" is every path's). */
static bool covers(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	if (!strcmp(dir, "/"))
		return path[0] == '/';
	return !strncmp(dir, path, n) && (path[n] == '\0' || path[n] == '/');
}

/* The most severe sensitive path that host path h is, lies below (for
 * /proc and /root), or is a parent directory of; NULL when none. *n
 * counts them all. */
static const struct sensitive *exposed(const char *h, size_t *n)
{
	const struct sensitive *first = NULL;
	size_t i;
	*n = 0;
	for (i = 0; i < sizeof(sensitive) / sizeof(sensitive[0]); i++) {
		const struct sensitive *s = &sensitive[i];
		/* "/" is a parent of everything: only "/" itself is it. */
		if (!strcmp(s->path, "/")
			    ? !strcmp(h, "/")
			    : covers(h, s->path) ||
				      (s->below && covers(s->path, h))) {
			if (!first)
				first = s;
			(*n)++;
		}
	}
	return first;
}

/* The host mount of the same file system whose root holds m's root: of
 * those, the one with the shortest root (the file system's own place on
 * the host, not a later bind mount of a part of it), the first mounted
 * among equals. NULL when the host has none: a file system of the
 * container's own (its overlay root, /proc, a tmpfs). */
static const struct host_mount *host_of(const struct host_view *h,
					const struct host_mount *m)
{
	const struct host_mount *best = NULL;
	size_t i;
	for (i = 0; i < h->nhost_mounts; i++) {
		const struct host_mount *x = &h->host_mounts[i];
		if (x->major != m->major || x->minor != m->minor ||
		    !covers(x->root, m->root))
			continue;
		if (!best || strlen(x->root) < strlen(best->root))
			best = x;
	}
	return best;
}

/* The host path of m: where the host sees the directory m shows. */
static void host_path(const struct host_mount *x, const struct host_mount *m,
		      struct strbuf *out)
{
	const char *rest =
		m->root + (strcmp(x->root, "/") ? strlen(x->root) : 0);
	strbuf_reset(out);
	if (strcmp(x->mount_point, "/") || !*rest)
		strbuf_addstr(out, x->mount_point);
	if (strcmp(rest, "/") || !out->len)
		strbuf_addstr(out, rest);
}

/* /var/run/X as /run/X: the same directory on every host where /var/run
 * is a link, and named either way in the list. */
static const char *canonical(const char *p, struct strbuf *tmp)
{
	if (!covers("/var/run", p))
		return p;
	strbuf_reset(tmp);
	strbuf_addf(tmp, "/run%s", p + 8);
	return tmp->buf;
}

/* Whether this judge already reported host path hp for container id. */
static bool reported(const struct findings *out, size_t first, const char *id,
		     const char *hp)
{
	size_t i, k;
	for (i = first; i < out->n; i++) {
		const struct finding *f = &out->f[i];
		if (!f->container || strcmp(f->container, id))
			continue;
		for (k = 0; k < f->nfacts; k++)
			if (!strcmp(f->facts[k].key, "host_path") &&
			    !strcmp(f->facts[k].str, hp))
				return true;
	}
	return false;
}

static void emit(const struct host_container *c, const struct host_mount *m,
		 const char *hp, const struct sensitive *s, size_t n,
		 struct findings *out)
{
	struct finding *f = findings_add(out);
	struct strbuf sb = STRBUF_INIT;
	bool parent = strcmp(hp, s->path) && covers(hp, s->path);
	f->kind = KIND_INDICATOR;
	f->judge = JUDGE_ID;
	f->rule = JUDGE_ID;
	f->severity = s->sev;
	f->confidence = CONF_HIGH;
	judge_fill_host_proc(f, c->pid, c->start_ticks, c->comm, c->id,
			     c->pod_uid[0] ? c->pod_uid : NULL);
	strbuf_addf(&sb, "mount:%s", m->mount_point);
	f->where = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb,
		    "the container sees the host's %s mounted at %s (%s): it "
		    "exposes %s (%s)%s",
		    hp, m->mount_point, m->rw ? "read-write" : "read-only",
		    s->path, s->why,
		    parent ? ", as a parent directory Falco's list misses"
			   : "");
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_str(f, "mount_point", m->mount_point,
			 strlen(m->mount_point));
	finding_fact_str(f, "host_path", hp, strlen(hp));
	finding_fact_str(f, "exposes", s->path, strlen(s->path));
	finding_fact_int(f, "exposes_count", (long long)n);
	finding_fact_bool(f, "parent_dir", parent);
	finding_fact_bool(f, "rw", m->rw);
	finding_fact_str(f, "fstype", m->fstype, strlen(m->fstype));
	finding_tag(f, "T1611");
}

static void judge_one(const struct host_view *h, const struct host_container *c,
		      struct findings *out, size_t first)
{
	struct strbuf hp = STRBUF_INIT, tmp = STRBUF_INIT;
	size_t i, n;
	for (i = 0; i < c->nmounts; i++) {
		const struct host_mount *m = &c->mounts[i];
		const struct host_mount *x = host_of(h, m);
		const struct sensitive *s;
		const char *p;
		if (!x)
			continue;
		host_path(x, m, &hp);
		p = canonical(hp.buf, &tmp);
		/* Its own /proc: a container in the host's pid namespace
		 * shares the host's procfs on kernels before 5.8. */
		if (!strcmp(m->fstype, "proc") &&
		    !strcmp(m->mount_point, "/proc") && !strcmp(p, "/proc"))
			continue;
		s = exposed(p, &n);
		if (!s || reported(out, first, c->id, p))
			continue;
		emit(c, m, p, s, n, out);
	}
	strbuf_release(&hp);
	strbuf_release(&tmp);
}

static int judge_host(const struct judge_ctx *c, const struct host_view *h,
		      struct findings *out, char *err, size_t errlen)
{
	size_t i, first = out->n;
	(void)c;
	if (!h->ncontainers)
		return 0;
	if (!h->nhost_mounts) {
		snprintf(err, errlen,
			 "the host's mount table (of pid 1, or procsift's "
			 "own) could not be read: %s",
			 strerror(h->host_mounts_err ? h->host_mounts_err
						     : ENOENT));
		return -(h->host_mounts_err ? h->host_mounts_err : ENOENT);
	}
	for (i = 0; i < h->ncontainers; i++)
		judge_one(h, &h->containers[i], out, first);
	return 0;
}

const struct judge judge_host_mount = {
	.id = JUDGE_ID,
	.kind = KIND_INDICATOR,
	.summary = "a container that sees a sensitive host path, or a parent "
		   "directory of one, mounted (Falco: Launch Sensitive Mount "
		   "Container)",
	.host_facets = HOST_CONTAINERS,
	.judge_host = judge_host,
};
