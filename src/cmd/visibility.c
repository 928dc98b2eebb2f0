/* What the /proc procsift walks does not show, said once per run: hidden
 * by hidepid, or out of sight in a pid namespace that is not the host's
 * (issue 13: "say what is hidden"). */
#include <fcntl.h>
#include <json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "proc/pidfile.h"
#include "proc/visibility.h"
#include "util/msg.h"

void cmd_visibility_read(const struct proc_source *src,
			 struct cmd_visibility *v)
{
	struct json_object *m = src ? src->manifest : NULL, *x;
	long total, listed;
	int root;
	memset(v, 0, sizeof(*v));
	v->pidns_host = -1;
	v->hidden_tasks = -1;
	v->hidden = cmd_proc_hidden(src);
	/* A snapshot: what the procsift that took it could not see. */
	if (src && src->snapshot) {
		v->offline = true;
		if (m &&
		    json_object_object_get_ex(m, "pid_namespace_host", &x) &&
		    json_object_is_type(x, json_type_boolean))
			v->pidns_host = json_object_get_boolean(x);
		if (m && json_object_object_get_ex(m, "pid_namespace", &x))
			v->pidns_ino = (uint64_t)json_object_get_int64(x);
		if (m && json_object_object_get_ex(m, "hidden_tasks", &x) &&
		    json_object_is_type(x, json_type_int))
			v->hidden_tasks = json_object_get_int64(x);
		return;
	}
	root = proc_open_root(src);
	if (root < 0)
		return;
	v->pidns_host = proc_pidns_is_host(root, &v->pidns_ino);
	if (v->pidns_host < 0)
		v->pidns_host = -1;
	/* Counted only when something hides: a stat per process. */
	if ((v->hidden || v->pidns_host == 0) &&
	    !proc_tasks_total(root, &total) &&
	    (listed = proc_tasks_listed(root)) >= 0)
		v->hidden_tasks = total > listed ? total - listed : 0;
	close(root);
}

bool cmd_visibility_partial(const struct cmd_visibility *v)
{
	return v->hidden || v->pidns_host == 0;
}

void cmd_visibility_warn(const char *cmd, const struct cmd_visibility *v)
{
	char count[96] = "";
	if (!cmd_visibility_partial(v))
		return;
	if (v->hidden_tasks >= 0)
		snprintf(count, sizeof(count),
			 ": about %ld tasks (processes and their threads) "
			 "are not visible",
			 v->hidden_tasks);
	if (v->pidns_host == 0)
		msg_warn("%s: %s a pid namespace that is not the host's "
			 "(pid:[%llu]) and %s only the processes in it%s; %s "
			 "it with the host's pid namespace (hostPID) or "
			 "--proc-root the host's /proc",
			 cmd,
			 v->offline ? "this snapshot was taken in"
				    : "the /proc procsift reads belongs to",
			 (unsigned long long)v->pidns_ino,
			 v->offline ? "holds" : "shows", *count ? count : "",
			 v->offline ? "take" : "run");
	if (v->hidden)
		msg_warn("%s: %s%s%s (this /proc hides other users' "
			 "processes from a caller without CAP_SYS_PTRACE)",
			 cmd, v->hidden,
			 v->pidns_host == 0 || !*count ? "" : count,
			 v->pidns_host == 0 || !*count ? "" : " to this user");
}
