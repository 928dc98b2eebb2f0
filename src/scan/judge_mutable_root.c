/* mutable-container-rootfs: a container whose root file system is mounted
 * read-write (no readOnlyRootFilesystem): whoever gets code execution in
 * it can change its binaries and keep them there. A host judge: one
 * finding per container, not per process. */
#include "scan/judge.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define JUDGE_ID "mutable-container-rootfs"

/* The mount a container sees at "/": the last one mounted there (one
 * stacked on another hides it). */
static const struct host_mount *root_mount(const struct host_container *c)
{
	const struct host_mount *r = NULL;
	size_t i;
	for (i = 0; i < c->nmounts; i++)
		if (!strcmp(c->mounts[i].mount_point, "/"))
			r = &c->mounts[i];
	return r;
}

/* Whether another entry of the same container (another of its mount
 * namespaces) has a lower pid: that one speaks for the container. */
static bool represented(const struct host_view *h, size_t k)
{
	const struct host_container *c = &h->containers[k];
	size_t i;
	for (i = 0; i < h->ncontainers; i++) {
		const struct host_container *o = &h->containers[i];
		if (i != k && !strcmp(o->id, c->id) &&
		    (o->pid < c->pid || (o->pid == c->pid && i < k)))
			return true;
	}
	return false;
}

static void emit(const struct host_container *c, const struct host_mount *m,
		 struct findings *out)
{
	struct finding *f = findings_add(out);
	struct strbuf sb = STRBUF_INIT;
	f->kind = KIND_POSTURE;
	f->judge = JUDGE_ID;
	f->rule = JUDGE_ID;
	f->severity = SEV_INFO;
	f->confidence = CONF_HIGH;
	judge_fill_host_proc(f, c->pid, c->start_ticks, c->comm, c->id,
			     c->pod_uid[0] ? c->pod_uid : NULL);
	f->where = xstrdup("mount:/");
	strbuf_addf(&sb,
		    "the container's root file system (%s) is mounted "
		    "read-write (readOnlyRootFilesystem not set); pid %d, its "
		    "lowest, stands for the container",
		    m->fstype, (int)c->pid);
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_str(f, "fstype", m->fstype, strlen(m->fstype));
	finding_fact_str(f, "source", m->source, strlen(m->source));
	finding_fact_int(f, "pid", c->pid);
}

static int judge_host(const struct judge_ctx *c, const struct host_view *h,
		      struct findings *out, char *err, size_t errlen)
{
	size_t i;
	(void)c;
	(void)err;
	(void)errlen;
	for (i = 0; i < h->ncontainers; i++) {
		const struct host_container *k = &h->containers[i];
		const struct host_mount *m;
		if (represented(h, i))
			continue;
		m = root_mount(k);
		if (m && m->rw)
			emit(k, m, out);
	}
	return 0;
}

const struct judge judge_mutable_root = {
	.id = JUDGE_ID,
	.kind = KIND_POSTURE,
	.summary = "a container whose root file system is mounted read-write "
		   "(no readOnlyRootFilesystem)",
	.host_facets = HOST_CONTAINERS,
	.judge_host = judge_host,
};
