/* struct proc: construction, destruction and small derived facts. */
#include "model/proc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

struct proc *proc_new(pid_t pid)
{
	struct proc *p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	return p;
}

void proc_free(struct proc *p)
{
	if (!p)
		return;
	free(p->user);
	free(p->ruser);
	free(p->group);
	free(p->rgroup);
	free(p->tty);
	free(p->comm);
	proc_argv_free(p->argv);
	free(p->exe);
	free(p->cgroup);
	container_names_release(&p->names);
	free(p->children);
	free(p);
}

void proc_argv_free(char **argv)
{
	char **p;
	if (!argv)
		return;
	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}

void proc_cmdline_join(const struct proc *p, struct strbuf *sb)
{
	size_t i;
	if (!p->argv || !p->argc) {
		strbuf_addf(sb, p->kthread ? "[%s]" : "(%s)",
			    p->comm ? p->comm : "?");
		return;
	}
	for (i = 0; i < p->argc; i++) {
		if (i)
			strbuf_addch(sb, ' ');
		strbuf_addstr(sb, p->argv[i]);
	}
	if (p->argv_truncated)
		strbuf_addstr(sb, " ...");
}

int proc_ptr_cmp_pid(const void *a, const void *b)
{
	pid_t x = (*(struct proc *const *)a)->pid;
	pid_t y = (*(struct proc *const *)b)->pid;
	return (x > y) - (x < y);
}

const char *proc_field_name(enum proc_field f)
{
	static const char *const names[PROC_F__COUNT] = {
		[PROC_F_ARGV] = "argv",
		[PROC_F_EXE] = "exe",
		[PROC_F_CGROUP] = "cgroup",
	};
	return (unsigned)f < PROC_F__COUNT ? names[f] : "?";
}

bool proc_uid_changed(const struct proc *p)
{
	return p->parent && p->parent->uid != p->uid;
}

static bool prefix(const char *s, const char *pre)
{
	return *pre && !strncasecmp(s, pre, strlen(pre));
}

/* want as "NAMESPACE/POD" or "NAMESPACE/POD/CONTAINER", the form the
 * text output shows. */
static bool path_is(const struct container_names *n, const char *want)
{
	size_t ns, pod;
	if (!n->pod_namespace || !n->pod_name)
		return false;
	ns = strlen(n->pod_namespace);
	pod = strlen(n->pod_name);
	if (strncmp(want, n->pod_namespace, ns) || want[ns] != '/' ||
	    strncmp(want + ns + 1, n->pod_name, pod))
		return false;
	want += ns + 1 + pod;
	return !*want ||
	       (*want == '/' && n->name && !strcmp(want + 1, n->name));
}

bool proc_in_container(const struct proc *p, const char *want)
{
	const struct container_info *c = &p->container;
	const struct container_names *n = &p->names;
	bool in = c->runtime != RUNTIME_NONE || c->id[0] || c->pod_uid[0];
	const char *rt = container_runtime_name(c->runtime);
	if (!strcmp(want, "any"))
		return in;
	if (!strcmp(want, "none"))
		return !in && !p->err[PROC_F_CGROUP];
	return prefix(c->id, want) || prefix(c->pod_uid, want) ||
	       (rt && !strcmp(rt, want)) ||
	       (n->name && !strcmp(n->name, want)) ||
	       (n->pod_name && !strcmp(n->pod_name, want)) || path_is(n, want);
}

bool thread_leader_gone(char state, long threads)
{
	return state == 'Z' && threads > 1;
}
