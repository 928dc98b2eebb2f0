/* show: identity, credentials, capabilities, namespaces, then summaries. */
#include "render/show_view.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/maps.h"
#include "model/status.h"
#include "render/json.h"
#include "render/proc_view.h"
#include "render/table.h"
#include "util/strbuf.h"

static void caps_text(struct strbuf *sb, uint64_t set)
{
	uint64_t all = (1ULL << proc_cap_count()) - 1;
	unsigned b;
	bool any = false;
	if ((set & all) == all) {
		strbuf_addf(sb, "all (%016llx)", (unsigned long long)set);
		return;
	}
	for (b = 0; b < 64; b++) {
		const char *n;
		if (!(set & (1ULL << b)))
			continue;
		n = proc_cap_name(b);
		if (any)
			strbuf_addch(sb, ',');
		if (n)
			strbuf_addstr(sb, n);
		else
			strbuf_addf(sb, "cap_%u", b);
		any = true;
	}
	if (!any)
		strbuf_addstr(sb, "none");
}

static struct json_object *caps_json(uint64_t set)
{
	struct json_object *a = json_object_new_array();
	unsigned b;
	for (b = 0; b < 64; b++) {
		const char *n;
		char buf[16];
		if (!(set & (1ULL << b)))
			continue;
		n = proc_cap_name(b);
		if (!n) {
			snprintf(buf, sizeof(buf), "cap_%u", b);
			n = buf;
		}
		json_object_array_add(a, json_object_new_string(n));
	}
	return a;
}

static const char *seccomp_name(int mode)
{
	return mode == 0 ? "disabled" : mode == 1 ? "strict" : "filter";
}

const struct out_col show_view_cols[SHOW_VIEW_NCOLS] = {
	{"key", "KEY", NULL, 16, 0, "what the line tells (pid, uid, cwd, ...)",
	 .alias = NULL},
	{"value", "VALUE", NULL, 0.8, OUT_COL_WRAP, "its value", .alias = NULL},
};
const int show_view_default[SHOW_VIEW_NCOLS] = {0, 1};

/* A text table of KEY VALUE rows, of the columns selected. */
struct kv {
	struct out_table *tb;
	struct strbuf sb;
	const int *sel;
	size_t nsel;
};

static void kv_add(struct kv *kv, const char *key)
{
	struct out_line *ln = out_table_add(kv->tb, NULL);
	size_t k;
	for (k = 0; k < kv->nsel; k++)
		if (kv->sel[k] == 0)
			out_line_set(ln, k, key, strlen(key));
		else
			out_line_set(ln, k, kv->sb.buf ? kv->sb.buf : "",
				     kv->sb.len);
	strbuf_reset(&kv->sb);
}

static void kv_cell(struct kv *kv, const struct proc *p, enum proc_col c,
		    const char *key)
{
	proc_cell(&kv->sb, p, c);
	kv_add(kv, key);
}

/* The names the runtime's state files give, on lines of their own
 * (only where known: a host process has none). */
static void text_names(struct kv *kv, const struct container_names *n)
{
	if (n->name) {
		strbuf_addstr(&kv->sb, n->name);
		kv_add(kv, "container name");
	}
	if (n->image) {
		strbuf_addstr(&kv->sb, n->image);
		kv_add(kv, "image");
	}
}

static void text_ids(struct kv *kv, const struct dossier *d)
{
	const struct proc_status *s = &d->st;
	size_t i;
	if (!s->has_ids) {
		strbuf_addf(&kv->sb, "? (%s)", out_errno_name(d->st_err));
		kv_add(kv, "credentials");
		return;
	}
	strbuf_addf(&kv->sb, "real %u, effective %u, saved %u, fs %u",
		    s->uid[0], s->uid[1], s->uid[2], s->uid[3]);
	kv_add(kv, "uid");
	strbuf_addf(&kv->sb, "real %u, effective %u, saved %u, fs %u",
		    s->gid[0], s->gid[1], s->gid[2], s->gid[3]);
	kv_add(kv, "gid");
	for (i = 0; i < s->ngroups; i++)
		strbuf_addf(&kv->sb, "%s%u", i ? "," : "", s->groups[i]);
	kv_add(kv, "groups");
}

static void text_caps(struct kv *kv, const struct dossier *d)
{
	const struct proc_status *s = &d->st;
	static const char *const names[] = {"cap effective", "cap permitted",
					    "cap bounding", "cap ambient",
					    "cap inheritable"};
	uint64_t sets[5] = {s->cap_eff, s->cap_prm, s->cap_bnd, s->cap_amb,
			    s->cap_inh};
	int i;
	if (!s->has_caps)
		return;
	for (i = 0; i < 5; i++) {
		caps_text(&kv->sb, sets[i]);
		kv_add(kv, names[i]);
	}
}

static void text_ns(struct kv *kv, const struct dossier *d)
{
	int k;
	for (k = 0; k < NS__COUNT; k++) {
		if (!d->ns[k] && !d->ns_err)
			continue;
		if (!d->ns[k])
			strbuf_addf(&kv->sb, "? (%s)",
				    out_errno_name(d->ns_err));
		else
			strbuf_addf(&kv->sb, "%llu%s",
				    (unsigned long long)d->ns[k],
				    !d->init_ns[k]		? ""
				    : d->init_ns[k] == d->ns[k] ? " (init's)"
								: " (own)");
		{
			char key[40];
			snprintf(key, sizeof(key), "ns %s", ns_name(k));
			kv_add(kv, key);
		}
	}
}

static void text_counts(struct kv *kv, const struct dossier *d)
{
	size_t i;
	if (d->env_count < 0)
		strbuf_addf(&kv->sb, "? (%s)", out_errno_name(d->env_err));
	else
		strbuf_addf(&kv->sb, "%ld variables", d->env_count);
	kv_add(kv, "environment");
	if (d->nfds < 0) {
		strbuf_addf(&kv->sb, "? (%s)", out_errno_name(d->fds_err));
	} else {
		strbuf_addf(&kv->sb, "%ld", d->nfds);
		for (i = 0; i < FD__COUNT; i++)
			if (d->fds_by_type[i])
				strbuf_addf(&kv->sb, ", %s %zu",
					    fd_type_name((enum fd_type)i),
					    d->fds_by_type[i]);
	}
	kv_add(kv, "fds");
	if (d->nmaps < 0) {
		strbuf_addf(&kv->sb, "? (%s)", out_errno_name(d->maps_err));
	} else {
		strbuf_addf(&kv->sb, "%ld", d->nmaps);
		for (i = 0; i < MAP_KIND__COUNT; i++)
			if (d->maps_by_kind[i])
				strbuf_addf(&kv->sb, ", %s %zu",
					    map_kind_name((enum map_kind)i),
					    d->maps_by_kind[i]);
	}
	kv_add(kv, "mappings");
	if (d->nmounts >= 0) {
		strbuf_addf(&kv->sb, "%ld; / is %s %s", d->nmounts,
			    d->root_mount_fstype ? d->root_mount_fstype : "?",
			    d->root_mount_options ? d->root_mount_options
						  : "?");
		kv_add(kv, "mounts");
	}
}

static int print_text(const struct show_view_opts *so, const struct dossier *d)
{
	struct out_table_opts o = {.fp = so->fp,
				   .style = so->style,
				   .ascii = so->ascii,
				   .noheadings = true};
	struct kv kv = {
		.tb = out_table_new(&o, show_view_cols, so->sel, so->nsel),
		.sel = so->sel,
		.nsel = so->nsel,
	};
	const struct proc *p = d->p;
	const struct proc_status *s = &d->st;
	size_t i;
	int r;

	strbuf_init(&kv.sb, 0);
	kv_cell(&kv, p, PC_PID, "pid");
	for (i = 1; i < d->nchain; i++)
		strbuf_addf(&kv.sb, "%s%d", i > 1 ? " <- " : "",
			    (int)d->chain[i]);
	kv_add(&kv, "parents");
	kv_cell(&kv, p, PC_START, "started");
	kv_cell(&kv, p, PC_COMM, "comm");
	kv_cell(&kv, p, PC_COMMAND, "command");
	kv_cell(&kv, p, PC_EXE, "exe");
	if (d->exe_memfd || d->exe_deleted) {
		strbuf_addstr(&kv.sb,
			      d->exe_memfd ? "memfd (fileless)" : "deleted");
		kv_add(&kv, "exe state");
	}
	strbuf_addstr(&kv.sb, d->cwd ? d->cwd : "?");
	kv_add(&kv, "cwd");
	strbuf_addstr(&kv.sb, d->root ? d->root : "?");
	kv_add(&kv, "root");
	kv_cell(&kv, p, PC_USER, "user");
	text_ids(&kv, d);
	text_caps(&kv, d);
	if (s->has_no_new_privs) {
		strbuf_addstr(&kv.sb, s->no_new_privs ? "yes" : "no");
		kv_add(&kv, "no_new_privs");
	}
	if (s->has_seccomp) {
		strbuf_addstr(&kv.sb, seccomp_name(s->seccomp));
		kv_add(&kv, "seccomp");
	}
	if (s->has_tracer) {
		if (s->tracer_pid)
			strbuf_addf(&kv.sb, "traced by %d", (int)s->tracer_pid);
		else
			strbuf_addstr(&kv.sb, "not traced");
		kv_add(&kv, "tracer");
	}
	kv_cell(&kv, p, PC_TTY, "tty");
	kv_cell(&kv, p, PC_CONTAINER_ID, "container");
	text_names(&kv, &p->names);
	kv_cell(&kv, p, PC_RUNTIME, "runtime");
	kv_cell(&kv, p, PC_POD, "pod");
	if (p->names.pod_name) {
		proc_names_cell(&kv.sb, p->names.pod_namespace,
				p->names.pod_name, NULL);
		kv_add(&kv, "pod name");
	}
	kv_cell(&kv, p, PC_QOS, "qos");
	kv_cell(&kv, p, PC_CGROUP, "cgroup");
	text_ns(&kv, d);
	text_counts(&kv, d);
	strbuf_release(&kv.sb);
	r = out_table_print(kv.tb);
	out_table_free(kv.tb);
	return r;
}

static struct json_object *nullable_int(bool ok, long long v)
{
	return ok ? json_object_new_int64(v) : NULL;
}

static struct json_object *ids_json(const struct proc_status *s,
				    const unsigned *v)
{
	struct json_object *o = json_object_new_object();
	if (!s->has_ids) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "real", json_object_new_int64(v[0]));
	json_object_object_add(o, "effective", json_object_new_int64(v[1]));
	json_object_object_add(o, "saved", json_object_new_int64(v[2]));
	json_object_object_add(o, "fs", json_object_new_int64(v[3]));
	return o;
}

static void add_json(struct json_object *o, const struct dossier *d)
{
	const struct proc_status *s = &d->st;
	struct json_object *a, *caps = NULL, *ns, *fds = NULL, *maps = NULL;
	unsigned u[4], g[4];
	size_t i;
	int k;

	a = json_object_new_array();
	for (i = 1; i < d->nchain; i++)
		json_object_array_add(a, json_object_new_int(d->chain[i]));
	json_object_object_add(o, "ppid_chain", a);
	for (k = 0; k < 4; k++)
		u[k] = s->uid[k], g[k] = s->gid[k];
	json_object_object_add(o, "uids", ids_json(s, u));
	json_object_object_add(o, "gids", ids_json(s, g));
	a = NULL;
	if (s->has_ids) {
		a = json_object_new_array();
		for (i = 0; i < s->ngroups; i++)
			json_object_array_add(
				a, json_object_new_int64(s->groups[i]));
	}
	json_object_object_add(o, "groups", a);
	if (s->has_caps) {
		caps = json_object_new_object();
		json_object_object_add(caps, "effective",
				       caps_json(s->cap_eff));
		json_object_object_add(caps, "permitted",
				       caps_json(s->cap_prm));
		json_object_object_add(caps, "bounding", caps_json(s->cap_bnd));
		json_object_object_add(caps, "ambient", caps_json(s->cap_amb));
		json_object_object_add(caps, "inheritable",
				       caps_json(s->cap_inh));
	}
	json_object_object_add(o, "caps", caps);
	json_object_object_add(
		o, "seccomp",
		s->has_seccomp
			? json_object_new_string(seccomp_name(s->seccomp))
			: NULL);
	json_object_object_add(
		o, "no_new_privs",
		s->has_no_new_privs ? json_object_new_boolean(s->no_new_privs)
				    : NULL);
	json_object_object_add(o, "tracer_pid",
			       nullable_int(s->has_tracer, s->tracer_pid));
	ns = json_object_new_object();
	for (k = 0; k < NS__COUNT; k++) {
		struct json_object *n = NULL;
		if (d->ns[k]) {
			n = json_object_new_object();
			json_object_object_add(
				n, "inode", json_object_new_uint64(d->ns[k]));
			json_object_object_add(
				n, "shared_with_init",
				d->init_ns[k]
					? json_object_new_boolean(
						  d->init_ns[k] == d->ns[k])
					: NULL);
		}
		json_object_object_add(ns, ns_name(k), n);
	}
	json_object_object_add(o, "namespaces", ns);
	json_object_object_add(o, "cwd", out_json_str(d->cwd));
	json_object_object_add(o, "root", out_json_str(d->root));
	json_object_object_add(o, "exe_deleted",
			       json_object_new_boolean(d->exe_deleted));
	json_object_object_add(o, "exe_memfd",
			       json_object_new_boolean(d->exe_memfd));
	json_object_object_add(o, "env_count",
			       nullable_int(d->env_count >= 0, d->env_count));
	if (d->nfds >= 0) {
		fds = json_object_new_object();
		for (i = 0; i < FD__COUNT; i++)
			json_object_object_add(
				fds, fd_type_name((enum fd_type)i),
				json_object_new_uint64(d->fds_by_type[i]));
	}
	json_object_object_add(o, "fds_by_type", fds);
	if (d->nmaps >= 0) {
		maps = json_object_new_object();
		for (i = 0; i < MAP_KIND__COUNT; i++)
			json_object_object_add(
				maps, map_kind_name((enum map_kind)i),
				json_object_new_uint64(d->maps_by_kind[i]));
	}
	json_object_object_add(o, "maps_by_kind", maps);
	json_object_object_add(o, "mount_count",
			       nullable_int(d->nmounts >= 0, d->nmounts));
	json_object_object_add(o, "root_mount_options",
			       out_json_str(d->root_mount_options));
	json_object_object_add(o, "root_mount_fstype",
			       out_json_str(d->root_mount_fstype));
}

int show_view_print(const struct show_view_opts *so, const struct dossier *d)
{
	struct json_object *o;
	int r;
	if (!so->json)
		return print_text(so, d);
	o = proc_json(d->p);
	add_json(o, d);
	r = out_json_print(so->fp, o, so->pretty);
	json_object_put(o);
	return r;
}
