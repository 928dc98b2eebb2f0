/* Process columns and the process JSON object. */
#include "render/proc_view.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/json.h"

const struct out_col proc_cols[PC__COUNT] = {
	[PC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT, "process id"},
	[PC_PPID] = {"ppid", "PPID", "ppid", 5, OUT_COL_RIGHT, "parent pid"},
	[PC_USER] = {"user", "USER", "user", 8, 0,
		     "effective user (* where it differs from the parent's)"},
	[PC_UID] = {"uid", "UID", "uid", 5, OUT_COL_RIGHT, "effective uid"},
	[PC_RUSER] = {"ruser", "RUSER", "ruser", 8, 0, "real user"},
	[PC_RUID] = {"ruid", "RUID", "ruid", 5, OUT_COL_RIGHT, "real uid"},
	[PC_GROUP] = {"group", "GROUP", "group", 8, 0, "effective group"},
	[PC_GID] = {"gid", "GID", "gid", 5, OUT_COL_RIGHT, "effective gid"},
	[PC_STATE] = {"state", "S", "state", 1, 0, "process state"},
	[PC_KTHREAD] = {"kthread", "KTHREAD", "kthread", 3, 0,
			"yes for a kernel thread (PF_KTHREAD)"},
	[PC_START] = {"start", "START", "start_time", 20, 0, "start time, UTC"},
	[PC_ETIME] = {"etime", "ELAPSED", "age_seconds", 11, OUT_COL_RIGHT,
		      "time since it started, [[dd-]hh:]mm:ss"},
	[PC_AGE] = {"age", "AGE", "age_seconds", 4, OUT_COL_RIGHT,
		    "time since it started, in one unit (45s, 5m, 3h, 2d)"},
	[PC_TTY] = {"tty", "TTY", "tty", 6, 0, "controlling terminal"},
	[PC_THREADS] = {"threads", "THR", "threads", 3, OUT_COL_RIGHT,
			"number of threads"},
	[PC_RSS] = {"rss", "RSS", "rss_kib", 6, OUT_COL_RIGHT,
		    "resident memory, KiB"},
	[PC_CONTAINER] = {"container", "CONTAINER", "container", 0.15,
			  OUT_COL_TRUNC,
			  "namespace/pod/container where the runtime's state "
			  "names them, "
			  "else container id (12) or pod:<uid prefix>"},
	[PC_RUNTIME] = {"runtime", "RUNTIME", "container", 0.1, OUT_COL_TRUNC,
			"container runtime"},
	[PC_CONTAINER_ID] = {"container_id", "CONTAINER_ID", "container", 0.3,
			     OUT_COL_TRUNC, "full container id"},
	[PC_POD] = {"pod", "POD", "pod_uid", 0.3, OUT_COL_TRUNC,
		    "Kubernetes pod uid"},
	[PC_QOS] = {"qos", "QOS", "qos", 10, 0, "Kubernetes QoS class"},
	[PC_CGROUP] = {"cgroup", "CGROUP", "cgroup", 0.3, OUT_COL_TRUNC,
		       "cgroup path"},
	[PC_EXE] = {"exe", "EXE", "exe", 0.3, OUT_COL_TRUNC, "executable"},
	[PC_COMM] = {"comm", "COMM", "comm", 0.1, OUT_COL_TRUNC,
		     "command name (comm)"},
	[PC_COMMAND] = {"command", "COMMAND", "argv", 0.5,
			OUT_COL_TRUNC | OUT_COL_TREE,
			"command line: argv, or [comm] for a kernel thread and "
			"(comm) for another process with no argv"},
};

const int proc_cols_default[4] = {PC_PID, PC_USER, PC_CONTAINER, PC_COMMAND};

void proc_iso_time(char *buf, size_t size, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm) ||
	    !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "%lld", t);
}

void proc_etime(char *buf, size_t size, long long secs)
{
	long long d, h, m, s;
	if (secs < 0)
		secs = 0;
	d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60;
	s = secs % 60;
	if (d)
		snprintf(buf, size, "%lld-%02lld:%02lld:%02lld", d, h, m, s);
	else if (h)
		snprintf(buf, size, "%02lld:%02lld:%02lld", h, m, s);
	else
		snprintf(buf, size, "%02lld:%02lld", m, s);
}

void proc_age(char *buf, size_t size, long long secs)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(buf, size, "%llds", secs);
	else if (secs < 3600)
		snprintf(buf, size, "%lldm", secs / 60);
	else if (secs < 86400)
		snprintf(buf, size, "%lldh", secs / 3600);
	else
		snprintf(buf, size, "%lldd", secs / 86400);
}

static void add_name(struct strbuf *sb, const char *name, unsigned id)
{
	if (name)
		strbuf_addstr(sb, name);
	else
		strbuf_addf(sb, "%u", id);
}

void proc_names_cell(struct strbuf *sb, const char *ns, const char *pod,
		     const char *name)
{
	if (pod) {
		if (ns)
			strbuf_addf(sb, "%s/", ns);
		strbuf_addstr(sb, pod);
		if (name)
			strbuf_addch(sb, '/');
	}
	if (name)
		strbuf_addstr(sb, name);
}

static void add_container(struct strbuf *sb, const struct proc *p)
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

void proc_cell(struct strbuf *sb, const struct proc *p, enum proc_col col)
{
	char tbuf[32];
	switch (col) {
	case PC_PID:
		strbuf_addf(sb, "%d", (int)p->pid);
		break;
	case PC_PPID:
		strbuf_addf(sb, "%d", (int)p->ppid);
		break;
	case PC_USER:
		add_name(sb, p->user, p->uid);
		if (proc_uid_changed(p))
			strbuf_addch(sb, '*');
		break;
	case PC_UID:
		strbuf_addf(sb, "%u", (unsigned)p->uid);
		break;
	case PC_RUSER:
		add_name(sb, p->ruser, p->ruid);
		break;
	case PC_RUID:
		strbuf_addf(sb, "%u", (unsigned)p->ruid);
		break;
	case PC_GROUP:
		add_name(sb, p->group, p->gid);
		break;
	case PC_GID:
		strbuf_addf(sb, "%u", (unsigned)p->gid);
		break;
	case PC_STATE:
		strbuf_addch(sb, p->state ? p->state : '?');
		break;
	case PC_KTHREAD:
		strbuf_addstr(sb, p->kthread ? "yes" : "no");
		break;
	case PC_START:
		proc_iso_time(tbuf, sizeof(tbuf), (long long)p->start_time);
		strbuf_addstr(sb, tbuf);
		break;
	case PC_ETIME:
	case PC_AGE:
		if (!p->has_age) {
			strbuf_addch(sb, '?');
			break;
		}
		(col == PC_ETIME ? proc_etime : proc_age)(tbuf, sizeof(tbuf),
							  p->age);
		strbuf_addstr(sb, tbuf);
		break;
	case PC_TTY:
		strbuf_addstr(sb, p->tty ? p->tty : "-");
		break;
	case PC_THREADS:
		strbuf_addf(sb, "%d", p->threads);
		break;
	case PC_RSS:
		strbuf_addf(sb, "%lu", p->rss_kib);
		break;
	case PC_CONTAINER:
		add_container(sb, p);
		break;
	case PC_RUNTIME:
		if (p->container.runtime != RUNTIME_NONE)
			strbuf_addstr(sb, container_runtime_name(
						  p->container.runtime));
		break;
	case PC_CONTAINER_ID:
		strbuf_addstr(sb, p->container.id);
		break;
	case PC_POD:
		strbuf_addstr(sb, p->container.pod_uid);
		break;
	case PC_QOS:
		if (p->container.qos != QOS_NONE)
			strbuf_addstr(sb, pod_qos_name(p->container.qos));
		break;
	case PC_CGROUP:
		strbuf_addstr(sb, p->cgroup
					  ? p->cgroup
					  : (p->err[PROC_F_CGROUP] ? "?" : ""));
		break;
	case PC_EXE:
		strbuf_addstr(sb, p->exe ? p->exe
					 : (p->err[PROC_F_EXE] ? "?" : ""));
		break;
	case PC_COMM:
		strbuf_addstr(sb, p->comm ? p->comm : "?");
		break;
	case PC_COMMAND:
		proc_cmdline_join(p, sb);
		break;
	case PC__COUNT:
		break;
	}
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

int proc_cmp(const struct proc *a, const struct proc *b, enum proc_col col)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	int r;
	switch (col) {
	case PC_PID:
		return CMP(a->pid, b->pid);
	case PC_PPID:
		return CMP(a->ppid, b->ppid);
	case PC_UID:
		return CMP(a->uid, b->uid);
	case PC_RUID:
		return CMP(a->ruid, b->ruid);
	case PC_GID:
		return CMP(a->gid, b->gid);
	case PC_START:
		return CMP(a->start_ticks, b->start_ticks);
	case PC_ETIME: /* older first is larger: by start, reversed */
	case PC_AGE:
		return CMP(b->start_ticks, a->start_ticks);
	case PC_THREADS:
		return CMP(a->threads, b->threads);
	case PC_RSS:
		return CMP(a->rss_kib, b->rss_kib);
	case PC_USER: /* by name, not by the marker the cell may carry */
		add_name(&x, a->user, a->uid);
		add_name(&y, b->user, b->uid);
		r = strcmp(x.buf, y.buf);
		strbuf_release(&x);
		strbuf_release(&y);
		return r;
	default:
		break;
	}
	proc_cell(&x, a, col);
	proc_cell(&y, b, col);
	r = strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return r;
}

int proc_sort_parse(const char *list, struct proc_sort_key *keys, size_t max,
		    size_t *n, const char **bad, size_t *bad_len)
{
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ",");
		bool desc = false;
		int col;
		*bad = p;
		*bad_len = len;
		if (len && (*p == '-' || *p == '+')) {
			desc = *p == '-';
			p++, len--;
		}
		col = out_col_find(proc_cols, PC__COUNT, p, len);
		if (!len || col < 0)
			return -EINVAL;
		if (*n >= max)
			return -E2BIG;
		keys[*n].col = col;
		keys[(*n)++].desc = desc;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

int proc_sort_cmp(const struct proc *a, const struct proc *b,
		  const struct proc_sort_key *keys, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		int r = proc_cmp(a, b, (enum proc_col)keys[i].col);
		if (r)
			return keys[i].desc ? -r : r;
	}
	return CMP(a->pid, b->pid);
}

static struct json_object *nullable_str(const char *s)
{
	return s && *s ? json_object_new_string(s) : NULL;
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

/* "EACCES", not strerror's text: stable across locales and always ASCII. */
static struct json_object *unreadable_json(const struct proc *p)
{
	struct json_object *o = json_object_new_object();
	int f;
	for (f = 0; f < PROC_F__COUNT; f++)
		if (p->err[f])
			json_object_object_add(
				o, proc_field_name(f),
				json_object_new_string(
					out_errno_name(p->err[f])));
	return o;
}

struct json_object *proc_json(const struct proc *p)
{
	struct json_object *o = json_object_new_object();
	char tbuf[32];

	json_object_object_add(o, "pid", json_object_new_int(p->pid));
	json_object_object_add(o, "ppid", json_object_new_int(p->ppid));
	json_object_object_add(o, "state", out_json_strn(&p->state, 1));
	json_object_object_add(o, "kthread",
			       json_object_new_boolean(p->kthread));
	json_object_object_add(o, "user", out_json_str(p->user));
	json_object_object_add(o, "uid", json_object_new_int64(p->uid));
	json_object_object_add(o, "ruser", out_json_str(p->ruser));
	json_object_object_add(o, "ruid", json_object_new_int64(p->ruid));
	json_object_object_add(o, "group", out_json_str(p->group));
	json_object_object_add(o, "gid", json_object_new_int64(p->gid));
	json_object_object_add(o, "rgroup", out_json_str(p->rgroup));
	json_object_object_add(o, "rgid", json_object_new_int64(p->rgid));
	json_object_object_add(o, "comm", out_json_str(p->comm));
	json_object_object_add(o, "argv", out_json_strv(p->argv));
	json_object_object_add(o, "argv_truncated",
			       json_object_new_boolean(p->argv_truncated));
	json_object_object_add(o, "argv_redacted",
			       json_object_new_boolean(p->argv_redacted));
	json_object_object_add(o, "argv_withheld",
			       json_object_new_uint64(p->argv_withheld));
	json_object_object_add(o, "exe", out_json_str(p->exe));
	proc_iso_time(tbuf, sizeof(tbuf), (long long)p->start_time);
	json_object_object_add(o, "start_time", json_object_new_string(tbuf));
	json_object_object_add(o, "start_ticks",
			       json_object_new_uint64(p->start_ticks));
	json_object_object_add(o, "age_seconds",
			       p->has_age ? json_object_new_int64(p->age)
					  : NULL);
	json_object_object_add(o, "tty", out_json_str(p->tty));
	json_object_object_add(o, "tty_nr", json_object_new_int(p->tty_nr));
	json_object_object_add(o, "threads", json_object_new_int(p->threads));
	json_object_object_add(o, "rss_kib",
			       json_object_new_uint64(p->rss_kib));
	json_object_object_add(o, "container", container_json(p));
	json_object_object_add(o, "pod_uid",
			       nullable_str(p->container.pod_uid));
	json_object_object_add(o, "qos",
			       nullable_str(pod_qos_name(p->container.qos)));
	json_object_object_add(o, "pod", pod_json(p));
	json_object_object_add(o, "cgroup", out_json_str(p->cgroup));
	json_object_object_add(o, "unreadable", unreadable_json(p));
	return o;
}
