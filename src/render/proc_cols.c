/* The process column table: for each column its names, header, JSON key
 * and type, the getter that makes both its text cell and its JSON value
 * from a struct proc, the facets it reads, and its help. */
#include "render/proc_view.h"

#include <string.h>

#include "model/proc.h"
#include "render/colrow.h"
#include "render/json.h"

/* Getters: c->text always, c->json when c->want_json. */
#define GETTER(fn) static void fn(const void *row, struct out_cell *c)
#define P ((const struct proc *)row)
#define JSON(v)                        \
	do {                           \
		if (c->want_json)      \
			c->json = (v); \
	} while (0)

static struct json_object *nullable_str(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
}

static void yes_no(struct out_cell *c, bool v)
{
	strbuf_addstr(&c->text, v ? "yes" : "no");
	JSON(json_object_new_boolean(v));
}

GETTER(get_pid)
{
	strbuf_addf(&c->text, "%d", (int)P->pid);
	JSON(json_object_new_int(P->pid));
}

GETTER(get_ppid)
{
	strbuf_addf(&c->text, "%d", (int)P->ppid);
	JSON(json_object_new_int(P->ppid));
}

GETTER(get_user)
{
	proc_name_cell(&c->text, P->user, P->uid);
	if (proc_uid_changed(P))
		strbuf_addch(&c->text, '*');
	JSON(out_json_str(P->user));
}

static void id_cell(struct out_cell *c, unsigned id)
{
	strbuf_addf(&c->text, "%u", id);
	JSON(json_object_new_int64(id));
}

GETTER(get_uid)
{
	id_cell(c, P->uid);
}

GETTER(get_ruser)
{
	proc_name_cell(&c->text, P->ruser, P->ruid);
	JSON(out_json_str(P->ruser));
}

GETTER(get_ruid)
{
	id_cell(c, P->ruid);
}

GETTER(get_group)
{
	proc_name_cell(&c->text, P->group, P->gid);
	JSON(out_json_str(P->group));
}

GETTER(get_gid)
{
	id_cell(c, P->gid);
}

GETTER(get_rgroup)
{
	proc_name_cell(&c->text, P->rgroup, P->rgid);
	JSON(out_json_str(P->rgroup));
}

GETTER(get_rgid)
{
	id_cell(c, P->rgid);
}

GETTER(get_state)
{
	strbuf_addch(&c->text, P->state ? P->state : '?');
	JSON(out_json_strn(&P->state, 1));
}

GETTER(get_kthread)
{
	yes_no(c, P->kthread);
}

GETTER(get_start_time)
{
	char tbuf[32];
	proc_iso_time(tbuf, sizeof(tbuf), (long long)P->start_time);
	strbuf_addstr(&c->text, tbuf);
	JSON(json_object_new_string(tbuf));
}

GETTER(get_start_ticks)
{
	strbuf_addf(&c->text, "%llu", P->start_ticks);
	JSON(json_object_new_uint64(P->start_ticks));
}

/* The three forms of the age: seconds, ps's etime and one unit. */
static void age_cell(const struct proc *p, struct out_cell *c,
		     void (*form)(char *, size_t, long long))
{
	char tbuf[32];
	if (!p->has_age) {
		strbuf_addch(&c->text, '?');
		return;
	}
	if (form) {
		form(tbuf, sizeof(tbuf), p->age);
		strbuf_addstr(&c->text, tbuf);
	} else {
		strbuf_addf(&c->text, "%lld", p->age);
	}
	JSON(json_object_new_int64(p->age));
}

GETTER(get_age_seconds)
{
	age_cell(P, c, NULL);
}

GETTER(get_etime)
{
	age_cell(P, c, proc_etime);
}

GETTER(get_age)
{
	age_cell(P, c, proc_age);
}

GETTER(get_tty)
{
	strbuf_addstr(&c->text, P->tty ? P->tty : "-");
	JSON(out_json_str(P->tty));
}

GETTER(get_tty_nr)
{
	strbuf_addf(&c->text, "%d", P->tty_nr);
	JSON(json_object_new_int(P->tty_nr));
}

GETTER(get_threads)
{
	strbuf_addf(&c->text, "%d", P->threads);
	JSON(json_object_new_int(P->threads));
}

GETTER(get_rss_kib)
{
	strbuf_addf(&c->text, "%lu", P->rss_kib);
	JSON(json_object_new_uint64(P->rss_kib));
}

static void container_text(struct strbuf *sb, const struct proc *p)
{
	if (p->err[PROC_F_CGROUP])
		strbuf_addch(sb, '?');
	else if (container_names_known(&p->names))
		proc_names_cell(sb, p->names.pod_namespace, p->names.pod_name,
				p->names.name);
	else if (p->container.id[0])
		strbuf_add(sb, p->container.id, strnlen(p->container.id, 12));
	else if (p->container.pod_uid[0])
		strbuf_addf(sb, "pod:%.8s", p->container.pod_uid);
	else if (p->container.runtime != RUNTIME_NONE)
		strbuf_addstr(sb, container_runtime_name(p->container.runtime));
}

static struct json_object *container_json(const struct proc *p)
{
	struct json_object *o;
	if (p->container.runtime == RUNTIME_NONE && !p->container.id[0])
		return NULL;
	o = json_object_new_object();
	json_object_object_add(
		o, "runtime",
		nullable_str(container_runtime_name(p->container.runtime)));
	json_object_object_add(o, "id", nullable_str(p->container.id));
	/* Names are hostile text: the lossless encoder, as for argv. */
	json_object_object_add(o, "name", out_json_str(p->names.name));
	json_object_object_add(o, "image", out_json_str(p->names.image));
	return o;
}

GETTER(get_container)
{
	container_text(&c->text, P);
	JSON(container_json(P));
}

GETTER(get_runtime)
{
	if (P->container.runtime != RUNTIME_NONE)
		strbuf_addstr(&c->text,
			      container_runtime_name(P->container.runtime));
}

GETTER(get_container_id)
{
	strbuf_addstr(&c->text, P->container.id);
}

static struct json_object *pod_json(const struct proc *p)
{
	const struct container_names *n = &p->names;
	struct json_object *o;
	if (!p->container.pod_uid[0] && !n->pod_name)
		return NULL;
	o = json_object_new_object();
	/* The cgroup's uid is the kernel's word; the state file's, the
	 * runtime's, used only where the cgroup path has none. */
	json_object_object_add(
		o, "uid",
		p->container.pod_uid[0]
			? json_object_new_string(p->container.pod_uid)
			: out_json_str(n->pod_uid));
	json_object_object_add(o, "name", out_json_str(n->pod_name));
	json_object_object_add(o, "namespace", out_json_str(n->pod_namespace));
	return o;
}

GETTER(get_pod)
{
	if (P->names.pod_name)
		proc_names_cell(&c->text, P->names.pod_namespace,
				P->names.pod_name, NULL);
	else if (P->container.pod_uid[0])
		strbuf_addstr(&c->text, P->container.pod_uid);
	else if (P->names.pod_uid)
		strbuf_addstr(&c->text, P->names.pod_uid);
	JSON(pod_json(P));
}

GETTER(get_pod_uid)
{
	strbuf_addstr(&c->text, P->container.pod_uid);
	JSON(nullable_str(P->container.pod_uid));
}

GETTER(get_qos)
{
	if (P->container.qos != QOS_NONE)
		strbuf_addstr(&c->text, pod_qos_name(P->container.qos));
	JSON(nullable_str(pod_qos_name(P->container.qos)));
}

/* A path read from its own file: "?" when that file was unreadable. */
static void path_cell(struct out_cell *c, const char *s, int err)
{
	strbuf_addstr(&c->text, s ? s : (err ? "?" : ""));
	JSON(out_json_str(s));
}

GETTER(get_cgroup)
{
	path_cell(c, P->cgroup, P->err[PROC_F_CGROUP]);
}

GETTER(get_exe)
{
	path_cell(c, P->exe, P->err[PROC_F_EXE]);
}

GETTER(get_comm)
{
	strbuf_addstr(&c->text, P->comm ? P->comm : "?");
	JSON(out_json_str(P->comm));
}

GETTER(get_command)
{
	proc_cmdline_join(P, &c->text);
	/* As ps marks a zombie "<defunct>": here one that lives on in its
	 * threads, its command line read through one of them. */
	if (P->via_tid)
		strbuf_addf(&c->text, " <zombie leader, live thread %d>",
			    (int)P->via_tid);
	JSON(out_json_strv(P->argv));
}

GETTER(get_via_tid)
{
	out_cell_tid(c, P->via_tid);
}

GETTER(get_argv_truncated)
{
	yes_no(c, P->argv_truncated);
}

GETTER(get_argv_redacted)
{
	yes_no(c, P->argv_redacted);
}

GETTER(get_argv_withheld)
{
	strbuf_addf(&c->text, "%zu", P->argv_withheld);
	JSON(json_object_new_uint64(P->argv_withheld));
}

/* "EACCES", not strerror's text: stable across locales and always ASCII.
 * Text: field=ERRNO items, comma-separated. */
GETTER(get_unreadable)
{
	struct json_object *o = c->want_json ? json_object_new_object() : NULL;
	int f;
	for (f = 0; f < PROC_F__COUNT; f++) {
		const char *e;
		if (!P->err[f])
			continue;
		e = out_errno_name(P->err[f]);
		strbuf_addf(&c->text, "%s%s=%s", c->text.len ? "," : "",
			    proc_field_name(f), e);
		if (o)
			json_object_object_add(o, proc_field_name(f),
					       json_object_new_string(e));
	}
	c->json = o;
}

#define W_ARGV PROC_WANT_ARGV
#define W_CG PROC_WANT_CGROUP

const struct out_col proc_cols[PC__COUNT] = {
	[PC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT, "process id", NULL,
		    OUT_JSON_INT, get_pid, 0},
	[PC_PPID] = {"ppid", "PPID", "ppid", 5, OUT_COL_RIGHT, "parent pid",
		     NULL, OUT_JSON_INT, get_ppid, 0},
	[PC_STATE] = {"state", "S", "state", 1, 0, "process state", NULL,
		      OUT_JSON_STRING, get_state, 0},
	[PC_KTHREAD] = {"kthread", "KTHREAD", "kthread", 3, 0,
			"yes for a kernel thread (PF_KTHREAD)", NULL,
			OUT_JSON_BOOL, get_kthread, 0},
	[PC_USER] = {"user", "USER", "user", 8, 0,
		     "effective user (* where it differs from the parent's)",
		     NULL, OUT_JSON_STRING, get_user, 0},
	[PC_UID] = {"uid", "UID", "uid", 5, OUT_COL_RIGHT, "effective uid",
		    NULL, OUT_JSON_INT, get_uid, 0},
	[PC_RUSER] = {"ruser", "RUSER", "ruser", 8, 0, "real user", NULL,
		      OUT_JSON_STRING, get_ruser, 0},
	[PC_RUID] = {"ruid", "RUID", "ruid", 5, OUT_COL_RIGHT, "real uid", NULL,
		     OUT_JSON_INT, get_ruid, 0},
	[PC_GROUP] = {"group", "GROUP", "group", 8, 0, "effective group", NULL,
		      OUT_JSON_STRING, get_group, 0},
	[PC_GID] = {"gid", "GID", "gid", 5, OUT_COL_RIGHT, "effective gid",
		    NULL, OUT_JSON_INT, get_gid, 0},
	[PC_RGROUP] = {"rgroup", "RGROUP", "rgroup", 8, 0, "real group", NULL,
		       OUT_JSON_STRING, get_rgroup, 0},
	[PC_RGID] = {"rgid", "RGID", "rgid", 5, OUT_COL_RIGHT, "real gid", NULL,
		     OUT_JSON_INT, get_rgid, 0},
	[PC_COMM] = {"comm", "COMM", "comm", 0.1, OUT_COL_TRUNC,
		     "command name (comm)", NULL, OUT_JSON_STRING, get_comm, 0},
	[PC_COMMAND] = {"command", "COMMAND", "argv", 0.5,
			OUT_COL_TRUNC | OUT_COL_TREE,
			"command line: argv, or [comm] for a kernel thread and "
			"(comm) for another process with no argv",
			"argv", OUT_JSON_ARRAY, get_command, W_ARGV},
	[PC_ARGV_TRUNCATED] = {"argv_truncated", "ARGV_TRUNCATED",
			       "argv_truncated", 3, 0,
			       "yes when the command line was longer than kept",
			       NULL, OUT_JSON_BOOL, get_argv_truncated, W_ARGV},
	[PC_ARGV_REDACTED] = {"argv_redacted", "ARGV_REDACTED", "argv_redacted",
			      3, 0, "yes when secrets in argv were redacted",
			      NULL, OUT_JSON_BOOL, get_argv_redacted, W_ARGV},
	[PC_ARGV_WITHHELD] = {"argv_withheld", "ARGV_WITHHELD", "argv_withheld",
			      6, OUT_COL_RIGHT,
			      "bytes of argv withheld, not judged", NULL,
			      OUT_JSON_INT, get_argv_withheld, W_ARGV},
	[PC_EXE] = {"exe", "EXE", "exe", 0.3, OUT_COL_TRUNC, "executable", NULL,
		    OUT_JSON_STRING, get_exe, PROC_WANT_EXE},
	[PC_START] = {"start_time", "START", "start_time", 20, 0,
		      "start time, UTC", "start", OUT_JSON_STRING,
		      get_start_time, 0},
	[PC_START_TICKS] = {"start_ticks", "TICKS", "start_ticks", 10,
			    OUT_COL_RIGHT, "start time, clock ticks after boot",
			    NULL, OUT_JSON_INT, get_start_ticks, 0},
	[PC_AGE_SECONDS] = {"age_seconds", "AGE_S", "age_seconds", 8,
			    OUT_COL_RIGHT, "time since it started, seconds",
			    NULL, OUT_JSON_INT, get_age_seconds, 0},
	[PC_ETIME] = {"etime", "ELAPSED", "age_seconds", 11,
		      OUT_COL_RIGHT | OUT_COL_JSON_ALSO,
		      "time since it started, [[dd-]hh:]mm:ss", NULL,
		      OUT_JSON_INT, get_etime, 0},
	[PC_AGE] = {"age", "AGE", "age_seconds", 4,
		    OUT_COL_RIGHT | OUT_COL_JSON_ALSO,
		    "time since it started, in one unit (45s, 5m, 3h, 2d)",
		    NULL, OUT_JSON_INT, get_age, 0},
	[PC_TTY] = {"tty", "TTY", "tty", 6, 0, "controlling terminal", NULL,
		    OUT_JSON_STRING, get_tty, 0},
	[PC_TTY_NR] = {"tty_nr", "TTY_NR", "tty_nr", 6, OUT_COL_RIGHT,
		       "controlling terminal's device number (0: none)", NULL,
		       OUT_JSON_INT, get_tty_nr, 0},
	[PC_THREADS] = {"threads", "THR", "threads", 3, OUT_COL_RIGHT,
			"number of threads", NULL, OUT_JSON_INT, get_threads,
			0},
	[PC_VIA_TID] = {"via_tid", "VIA_TID", "via_tid", 7, OUT_COL_RIGHT,
			VIA_TID_HELP, NULL, OUT_JSON_INT, get_via_tid, 0},
	[PC_RSS] = {"rss_kib", "RSS", "rss_kib", 6, OUT_COL_RIGHT,
		    "resident memory, KiB", "rss", OUT_JSON_INT, get_rss_kib,
		    0},
	[PC_CONTAINER] = {"container", "CONTAINER", "container", 0.15,
			  OUT_COL_TRUNC,
			  "namespace/pod/container where the runtime's state "
			  "names them, "
			  "else container id (12) or pod:<uid prefix>",
			  NULL, OUT_JSON_OBJECT, get_container, W_CG},
	[PC_RUNTIME] = {"runtime", "RUNTIME", "container.runtime", 0.1,
			OUT_COL_TRUNC | OUT_COL_JSON_ALSO, "container runtime",
			NULL, OUT_JSON_STRING, get_runtime, W_CG},
	[PC_CONTAINER_ID] = {"container_id", "CONTAINER_ID", "container.id",
			     0.3, OUT_COL_TRUNC | OUT_COL_JSON_ALSO,
			     "full container id", NULL, OUT_JSON_STRING,
			     get_container_id, W_CG},
	[PC_POD_UID] = {"pod_uid", "POD_UID", "pod_uid", 0.3, OUT_COL_TRUNC,
			"Kubernetes pod uid", NULL, OUT_JSON_STRING,
			get_pod_uid, W_CG},
	[PC_QOS] = {"qos", "QOS", "qos", 10, 0, "Kubernetes QoS class", NULL,
		    OUT_JSON_STRING, get_qos, W_CG},
	[PC_POD] = {"pod", "POD", "pod", 0.3, OUT_COL_TRUNC,
		    "Kubernetes pod: namespace/name where the runtime's state "
		    "names it, else its uid",
		    NULL, OUT_JSON_OBJECT, get_pod, W_CG},
	[PC_CGROUP] = {"cgroup", "CGROUP", "cgroup", 0.3, OUT_COL_TRUNC,
		       "cgroup path", NULL, OUT_JSON_STRING, get_cgroup, W_CG},
	[PC_UNREADABLE] = {"unreadable", "UNREADABLE", "unreadable", 0.2,
			   OUT_COL_TRUNC,
			   "fields not readable, as field=ERRNO (exe=EACCES)",
			   NULL, OUT_JSON_OBJECT, get_unreadable,
			   PROC_WANT_ALL},
};
