/* The show dossier's field table: for each field its text key, JSON key
 * and type, the getter that makes both its text value and its JSON value
 * from a struct dossier, the snapshot facets it reads, and its help. */
#include "render/show_view.h"

#include <stdio.h>
#include <string.h>

#include "model/fd.h"
#include "model/maps.h"
#include "model/ns.h"
#include "model/psnap.h"
#include "model/status.h"
#include "render/colrow.h"
#include "render/json.h"
#include "render/proc_view.h"
#include "util/strbuf.h"

/* Getters: c->text always, c->json when c->want_json. */
#define GETTER(fn) static void fn(const void *row, struct out_cell *c)
#define D ((const struct dossier *)row)
#define JSON(v)                        \
	do {                           \
		if (c->want_json)      \
			c->json = (v); \
	} while (0)

/* A field that is a column of the process table: its text, and the key
 * the process object has (the field is OUT_COL_JSON_ALSO). */
#define PROC_GETTER(fn, col)                 \
	GETTER(fn)                           \
	{                                    \
		proc_cols[col].get(D->p, c); \
	}

PROC_GETTER(get_pid, PC_PID)
/* A line only for a zombie leader. */
GETTER(get_via_tid)
{
	proc_cols[PC_VIA_TID].get(D->p, c);
	c->no_line = !D->p->via_tid;
}

PROC_GETTER(get_started, PC_START)
PROC_GETTER(get_comm, PC_COMM)
PROC_GETTER(get_command, PC_COMMAND)
PROC_GETTER(get_exe, PC_EXE)
PROC_GETTER(get_user, PC_USER)
PROC_GETTER(get_tty, PC_TTY)
PROC_GETTER(get_container, PC_CONTAINER_ID)
PROC_GETTER(get_runtime, PC_RUNTIME)
PROC_GETTER(get_pod, PC_POD)
PROC_GETTER(get_qos, PC_QOS)
PROC_GETTER(get_cgroup, PC_CGROUP)

/* "? (EACCES)": a value that could not be read, and why. */
static void unread(struct out_cell *c, int err)
{
	strbuf_addf(&c->text, "? (%s)", out_errno_name(err));
}

static struct json_object *nullable_int(bool ok, long long v)
{
	return ok ? json_object_new_int64(v) : NULL;
}

GETTER(get_parents)
{
	struct json_object *a = c->want_json ? json_object_new_array() : NULL;
	size_t i;
	for (i = 1; i < D->nchain; i++) {
		strbuf_addf(&c->text, "%s%d", i > 1 ? " <- " : "",
			    (int)D->chain[i]);
		if (a)
			json_object_array_add(a,
					      json_object_new_int(D->chain[i]));
	}
	c->json = a;
}

/* A line only for an executable unlinked: "memfd (fileless)" or
 * "deleted"; exe_memfd's key is told on it too. */
GETTER(get_exe_state)
{
	c->no_line = !D->exe_memfd && !D->exe_deleted;
	if (D->exe_memfd || D->exe_deleted)
		strbuf_addstr(&c->text,
			      D->exe_memfd ? "memfd (fileless)" : "deleted");
	JSON(json_object_new_boolean(D->exe_deleted));
}

GETTER(get_exe_memfd)
{
	JSON(json_object_new_boolean(D->exe_memfd));
}

/* A link text read from its own file: "?" when unreadable. */
static void link_cell(struct out_cell *c, const char *s)
{
	strbuf_addstr(&c->text, s ? s : "?");
	JSON(out_json_str(s));
}

GETTER(get_cwd)
{
	link_cell(c, D->cwd);
}

GETTER(get_root)
{
	link_cell(c, D->root);
}

/* The one line that stands for uid, gid and groups when status could not
 * be read; the JSON has those keys null then. */
GETTER(get_credentials)
{
	/* Its key is uids: null where this line shows. */
	c->no_line = D->st.has_ids;
	if (!D->st.has_ids)
		unread(c, D->st_err);
}

static void ids_cell(struct out_cell *c, const struct proc_status *s,
		     const unsigned *v)
{
	struct json_object *o;
	static const char *const names[] = {"real", "effective", "saved", "fs"};
	size_t i;
	c->no_line = !s->has_ids;
	if (!s->has_ids)
		return;
	o = c->want_json ? json_object_new_object() : NULL;
	for (i = 0; i < 4; i++) {
		strbuf_addf(&c->text, "%s%s %u", i ? ", " : "", names[i], v[i]);
		if (o)
			json_object_object_add(o, names[i],
					       json_object_new_int64(v[i]));
	}
	c->json = o;
}

GETTER(get_uid)
{
	ids_cell(c, &D->st, D->st.uid);
}

GETTER(get_gid)
{
	ids_cell(c, &D->st, D->st.gid);
}

GETTER(get_groups)
{
	const struct proc_status *s = &D->st;
	struct json_object *a;
	size_t i;
	c->no_line = !s->has_ids;
	if (!s->has_ids)
		return;
	a = c->want_json ? json_object_new_array() : NULL;
	for (i = 0; i < s->ngroups; i++) {
		strbuf_addf(&c->text, "%s%u", i ? "," : "", s->groups[i]);
		if (a)
			json_object_array_add(
				a, json_object_new_int64(s->groups[i]));
	}
	c->json = a;
}

/* A capability set: names in bit order ("cap_N" for a bit without one),
 * comma-separated; "none", or "all (HEX)" when it has every capability
 * procsift knows (the JSON lists them all). No line and caps null when
 * status had no capability lines. */
static void caps_cell(struct out_cell *c, const struct proc_status *s,
		      uint64_t set)
{
	uint64_t all = (1ULL << proc_cap_count()) - 1;
	struct json_object *a;
	unsigned b;
	c->no_line = c->hold_null = !s->has_caps;
	if (!s->has_caps)
		return;
	if ((set & all) == all)
		strbuf_addf(&c->text, "all (%016llx)", (unsigned long long)set);
	a = c->want_json ? json_object_new_array() : NULL;
	for (b = 0; b < 64; b++) {
		const char *n = proc_cap_name(b);
		char buf[16];
		if (!(set & (1ULL << b)))
			continue;
		if (!n) {
			snprintf(buf, sizeof(buf), "cap_%u", b);
			n = buf;
		}
		if ((set & all) != all)
			strbuf_addf(&c->text, "%s%s", c->text.len ? "," : "",
				    n);
		if (a)
			json_object_array_add(a, json_object_new_string(n));
	}
	if (!set)
		strbuf_addstr(&c->text, "none");
	c->json = a;
}

#define CAPS_GETTER(fn, field)                     \
	GETTER(fn)                                 \
	{                                          \
		caps_cell(c, &D->st, D->st.field); \
	}

CAPS_GETTER(get_cap_effective, cap_eff)
CAPS_GETTER(get_cap_permitted, cap_prm)
CAPS_GETTER(get_cap_bounding, cap_bnd)
CAPS_GETTER(get_cap_ambient, cap_amb)
CAPS_GETTER(get_cap_inheritable, cap_inh)

GETTER(get_no_new_privs)
{
	const struct proc_status *s = &D->st;
	c->no_line = !s->has_no_new_privs;
	if (!s->has_no_new_privs)
		return;
	strbuf_addstr(&c->text, s->no_new_privs ? "yes" : "no");
	JSON(json_object_new_boolean(s->no_new_privs));
}

GETTER(get_seccomp)
{
	const struct proc_status *s = &D->st;
	const char *mode = s->seccomp == 0   ? "disabled"
			   : s->seccomp == 1 ? "strict"
					     : "filter";
	c->no_line = !s->has_seccomp;
	if (!s->has_seccomp)
		return;
	strbuf_addstr(&c->text, mode);
	JSON(json_object_new_string(mode));
}

GETTER(get_tracer)
{
	const struct proc_status *s = &D->st;
	c->no_line = !s->has_tracer;
	if (!s->has_tracer)
		return;
	if (s->tracer_pid)
		strbuf_addf(&c->text, "traced by %d", (int)s->tracer_pid);
	else
		strbuf_addstr(&c->text, "not traced");
	JSON(json_object_new_int64(s->tracer_pid));
}

/* A name from the runtime's state files: a line only where known (a host
 * process has none); the process object's container has it. */
static void name_cell(struct out_cell *c, const char *name)
{
	c->no_line = !name;
	if (name)
		strbuf_addstr(&c->text, name);
	JSON(out_json_str(name));
}

GETTER(get_container_name)
{
	name_cell(c, D->p->names.name);
}

GETTER(get_image)
{
	name_cell(c, D->p->names.image);
}

GETTER(get_pod_name)
{
	const struct container_names *n = &D->p->names;
	c->no_line = !n->pod_name;
	if (n->pod_name)
		proc_names_cell(&c->text, n->pod_namespace, n->pod_name, NULL);
	/* NAMESPACE/POD tells the pod object's name and namespace: that
	 * object is its JSON. */
	if (c->want_json) {
		struct out_cell pod = {.text = STRBUF_INIT, .want_json = true};
		proc_cols[PC_POD].get(D->p, &pod);
		strbuf_release(&pod.text);
		c->json = pod.json;
	}
}

/* Namespace k: its inode, and whether pid 1 shares it; a line only where
 * its link was read or the ns directory could not be (the kernel may
 * lack a kind). */
static void ns_cell(struct out_cell *c, const struct dossier *d, enum ns_kind k)
{
	struct json_object *o;
	c->no_line = !d->ns[k] && !d->ns_err;
	if (!d->ns[k]) {
		if (d->ns_err)
			unread(c, d->ns_err);
		return;
	}
	strbuf_addf(&c->text, "%llu%s", (unsigned long long)d->ns[k],
		    !d->init_ns[k]		? ""
		    : d->init_ns[k] == d->ns[k] ? " (init's)"
						: " (own)");
	if (!c->want_json)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "inode", json_object_new_uint64(d->ns[k]));
	json_object_object_add(
		o, "shared_with_init",
		d->init_ns[k]
			? json_object_new_boolean(d->init_ns[k] == d->ns[k])
			: NULL);
	c->json = o;
}

#define NS_GETTER(fn, k)          \
	GETTER(fn)                \
	{                         \
		ns_cell(c, D, k); \
	}

NS_GETTER(get_ns_cgroup, NS_CGROUP)
NS_GETTER(get_ns_ipc, NS_IPC)
NS_GETTER(get_ns_mnt, NS_MNT)
NS_GETTER(get_ns_net, NS_NET)
NS_GETTER(get_ns_pid, NS_PID)
NS_GETTER(get_ns_pid_children, NS_PID_CHILDREN)
NS_GETTER(get_ns_time, NS_TIME)
NS_GETTER(get_ns_time_children, NS_TIME_CHILDREN)
NS_GETTER(get_ns_user, NS_USER)
NS_GETTER(get_ns_uts, NS_UTS)

GETTER(get_environment)
{
	if (D->env_count < 0)
		unread(c, D->env_err);
	else
		strbuf_addf(&c->text, "%ld variables", D->env_count);
	JSON(nullable_int(D->env_count >= 0, D->env_count));
}

/* A count and its parts: "N, NAME n, ..." in text (parts of 0 left
 * out), every part in JSON; "? (ERRNO)" and null when unreadable. */
static void counts_cell(struct out_cell *c, long n, int err, const size_t *by,
			size_t nby, const char *(*name)(size_t))
{
	struct json_object *o;
	size_t i;
	if (n < 0) {
		unread(c, err);
		return;
	}
	strbuf_addf(&c->text, "%ld", n);
	o = c->want_json ? json_object_new_object() : NULL;
	for (i = 0; i < nby; i++) {
		if (by[i])
			strbuf_addf(&c->text, ", %s %zu", name(i), by[i]);
		if (o)
			json_object_object_add(o, name(i),
					       json_object_new_uint64(by[i]));
	}
	c->json = o;
}

static const char *fd_type_at(size_t i)
{
	return fd_type_name((enum fd_type)i);
}

static const char *map_kind_at(size_t i)
{
	return map_kind_name((enum map_kind)i);
}

GETTER(get_fds)
{
	counts_cell(c, D->nfds, D->fds_err, D->fds_by_type, FD__COUNT,
		    fd_type_at);
}

GETTER(get_mappings)
{
	counts_cell(c, D->nmaps, D->maps_err, D->maps_by_kind, MAP_KIND__COUNT,
		    map_kind_at);
}

/* "N; / is FSTYPE OPTIONS": the count and the mount at "/", whose type
 * and options have keys of their own. */
GETTER(get_mounts)
{
	c->no_line = D->nmounts < 0;
	if (D->nmounts >= 0)
		strbuf_addf(&c->text, "%ld; / is %s %s", D->nmounts,
			    D->root_mount_fstype ? D->root_mount_fstype : "?",
			    D->root_mount_options ? D->root_mount_options
						  : "?");
	JSON(nullable_int(D->nmounts >= 0, D->nmounts));
}

GETTER(get_root_mount_options)
{
	JSON(out_json_str(D->root_mount_options));
}

GETTER(get_root_mount_fstype)
{
	JSON(out_json_str(D->root_mount_fstype));
}

#define F(key, jkey, type, fn, fl, w, h)                                  \
	{                                                                 \
		.name = key, .header = NULL, .json = jkey, .flags = fl,   \
		.help = h, .jtype = OUT_JSON_##type, .get = fn, .want = w \
	}
#define W(f) FACET_BIT(FACET_##f)
#define ALSO OUT_COL_JSON_ALSO
#define TEXT_ALSO OUT_COL_TEXT_ALSO

const struct out_col show_fields[SF__COUNT] = {
	[SF_PID] = F("pid", "pid", INT, get_pid, ALSO, 0, "process id"),
	[SF_VIA_TID] = F("via thread", "via_tid", INT, get_via_tid, ALSO, 0,
			 VIA_TID_HELP),
	[SF_PARENTS] = F("parents", "ppid_chain", ARRAY, get_parents, 0, 0,
			 "the parent pid, its parent's, ... to the top"),
	[SF_STARTED] = F("started", "start_time", STRING, get_started, ALSO, 0,
			 "start time, UTC"),
	[SF_COMM] =
		F("comm", "comm", STRING, get_comm, ALSO, 0, "command name"),
	[SF_COMMAND] = F("command", "argv", ARRAY, get_command, ALSO, 0,
			 "command line, redacted"),
	[SF_EXE] = F("exe", "exe", STRING, get_exe, ALSO, 0, "executable"),
	[SF_EXE_STATE] =
		F("exe state", "exe_deleted", BOOL, get_exe_state, 0, 0,
		  "\"memfd (fileless)\" or \"deleted\": only for an "
		  "executable unlinked"),
	[SF_EXE_MEMFD] = F("exe state", "exe_memfd", BOOL, get_exe_memfd,
			   TEXT_ALSO, 0, "the executable is a memfd"),
	[SF_CWD] = F("cwd", "cwd", STRING, get_cwd, 0, W(CWD),
		     "working directory"),
	[SF_ROOT] = F("root", "root", STRING, get_root, 0, W(ROOT),
		      "root directory"),
	[SF_USER] =
		F("user", "user", STRING, get_user, ALSO, 0, "effective user"),
	[SF_CREDENTIALS] = F("credentials", "uids", OBJECT, get_credentials,
			     ALSO, W(STATUS),
			     "why uid, gid and groups could not be read "
			     "(only then)"),
	[SF_UID] = F("uid", "uids", OBJECT, get_uid, 0, W(STATUS),
		     "real, effective, saved and fs uid"),
	[SF_GID] = F("gid", "gids", OBJECT, get_gid, 0, W(STATUS),
		     "real, effective, saved and fs gid"),
	[SF_GROUPS] = F("groups", "groups", ARRAY, get_groups, 0, W(STATUS),
			"supplementary groups"),
	[SF_CAP_EFFECTIVE] =
		F("cap effective", "caps.effective", ARRAY, get_cap_effective,
		  0, W(STATUS), "effective capabilities (CapEff)"),
	[SF_CAP_PERMITTED] =
		F("cap permitted", "caps.permitted", ARRAY, get_cap_permitted,
		  0, W(STATUS), "permitted capabilities (CapPrm)"),
	[SF_CAP_BOUNDING] =
		F("cap bounding", "caps.bounding", ARRAY, get_cap_bounding, 0,
		  W(STATUS), "capability bounding set (CapBnd)"),
	[SF_CAP_AMBIENT] =
		F("cap ambient", "caps.ambient", ARRAY, get_cap_ambient, 0,
		  W(STATUS), "ambient capabilities (CapAmb)"),
	[SF_CAP_INHERITABLE] = F("cap inheritable", "caps.inheritable", ARRAY,
				 get_cap_inheritable, 0, W(STATUS),
				 "inheritable capabilities (CapInh)"),
	[SF_NO_NEW_PRIVS] =
		F("no_new_privs", "no_new_privs", BOOL, get_no_new_privs, 0,
		  W(STATUS), "the no_new_privs bit"),
	[SF_SECCOMP] = F("seccomp", "seccomp", STRING, get_seccomp, 0,
			 W(STATUS), "disabled, strict or filter"),
	[SF_TRACER] = F("tracer", "tracer_pid", INT, get_tracer, 0, W(STATUS),
			"\"traced by PID\" or \"not traced\""),
	[SF_TTY] = F("tty", "tty", STRING, get_tty, ALSO, 0,
		     "controlling terminal"),
	[SF_CONTAINER] = F("container", "container.id", STRING, get_container,
			   ALSO, 0, "full container id"),
	[SF_CONTAINER_NAME] = F("container name", "container.name", STRING,
				get_container_name, ALSO, 0,
				"the container's name, where the runtime "
				"names it"),
	[SF_IMAGE] = F("image", "container.image", STRING, get_image, ALSO, 0,
		       "the container's image, where the runtime names it"),
	[SF_RUNTIME] = F("runtime", "container.runtime", STRING, get_runtime,
			 ALSO, 0, "container runtime"),
	[SF_POD] = F("pod", "pod", OBJECT, get_pod, ALSO, 0,
		     "Kubernetes pod: namespace/name, else its uid"),
	[SF_POD_NAME] = F("pod name", "pod", OBJECT, get_pod_name, ALSO, 0,
			  "NAMESPACE/POD, where the runtime names it"),
	[SF_QOS] = F("qos", "qos", STRING, get_qos, ALSO, 0,
		     "Kubernetes QoS class"),
	[SF_CGROUP] = F("cgroup", "cgroup", STRING, get_cgroup, ALSO, 0,
			"cgroup path"),
	[SF_NS_CGROUP] = F("ns cgroup", "namespaces.cgroup", OBJECT,
			   get_ns_cgroup, 0, W(NS), "cgroup namespace"),
	[SF_NS_IPC] = F("ns ipc", "namespaces.ipc", OBJECT, get_ns_ipc, 0,
			W(NS), "IPC namespace"),
	[SF_NS_MNT] = F("ns mnt", "namespaces.mnt", OBJECT, get_ns_mnt, 0,
			W(NS), "mount namespace"),
	[SF_NS_NET] = F("ns net", "namespaces.net", OBJECT, get_ns_net, 0,
			W(NS), "network namespace"),
	[SF_NS_PID] = F("ns pid", "namespaces.pid", OBJECT, get_ns_pid, 0,
			W(NS), "pid namespace"),
	[SF_NS_PID_CHILDREN] = F(
		"ns pid_for_children", "namespaces.pid_for_children", OBJECT,
		get_ns_pid_children, 0, W(NS), "pid namespace of its children"),
	[SF_NS_TIME] = F("ns time", "namespaces.time", OBJECT, get_ns_time, 0,
			 W(NS), "time namespace"),
	[SF_NS_TIME_CHILDREN] =
		F("ns time_for_children", "namespaces.time_for_children",
		  OBJECT, get_ns_time_children, 0, W(NS),
		  "time namespace of its children"),
	[SF_NS_USER] = F("ns user", "namespaces.user", OBJECT, get_ns_user, 0,
			 W(NS), "user namespace"),
	[SF_NS_UTS] = F("ns uts", "namespaces.uts", OBJECT, get_ns_uts, 0,
			W(NS), "UTS namespace"),
	[SF_ENVIRONMENT] = F("environment", "env_count", INT, get_environment,
			     0, W(ENV), "number of environment variables"),
	[SF_FDS] = F("fds", "fds_by_type", OBJECT, get_fds, 0, W(FDS),
		     "open descriptors, then how many of each type"),
	[SF_MAPPINGS] = F("mappings", "maps_by_kind", OBJECT, get_mappings, 0,
			  W(MAPS), "mappings, then how many of each kind"),
	[SF_MOUNTS] = F("mounts", "mount_count", INT, get_mounts, 0, W(MOUNTS),
			"mounts, then the type and options of the one at /"),
	[SF_ROOT_MOUNT_OPTIONS] = F("mounts", "root_mount_options", STRING,
				    get_root_mount_options, TEXT_ALSO,
				    W(MOUNTS), "options of the mount at /"),
	[SF_ROOT_MOUNT_FSTYPE] =
		F("mounts", "root_mount_fstype", STRING, get_root_mount_fstype,
		  TEXT_ALSO, W(MOUNTS), "filesystem type of the mount at /"),
};

/* docs/json.md's order, which groups what status tells first. */
const int show_json_keys[] = {
	SF_PARENTS,
	SF_UID,
	SF_GID,
	SF_GROUPS,
	SF_CAP_EFFECTIVE,
	SF_CAP_PERMITTED,
	SF_CAP_BOUNDING,
	SF_CAP_AMBIENT,
	SF_CAP_INHERITABLE,
	SF_SECCOMP,
	SF_NO_NEW_PRIVS,
	SF_TRACER,
	SF_NS_CGROUP,
	SF_NS_IPC,
	SF_NS_MNT,
	SF_NS_NET,
	SF_NS_PID,
	SF_NS_PID_CHILDREN,
	SF_NS_TIME,
	SF_NS_TIME_CHILDREN,
	SF_NS_USER,
	SF_NS_UTS,
	SF_CWD,
	SF_ROOT,
	SF_EXE_STATE,
	SF_EXE_MEMFD,
	SF_ENVIRONMENT,
	SF_FDS,
	SF_MAPPINGS,
	SF_MOUNTS,
	SF_ROOT_MOUNT_OPTIONS,
	SF_ROOT_MOUNT_FSTYPE,
};
const size_t show_json_nkeys =
	sizeof(show_json_keys) / sizeof(show_json_keys[0]);

unsigned show_view_facets(void)
{
	unsigned want = 0;
	size_t f;
	for (f = 0; f < SF__COUNT; f++)
		want |= show_fields[f].want;
	return want;
}
