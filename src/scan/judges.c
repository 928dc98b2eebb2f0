/* The one list of judges: add a judge with one line here. */
#include "scan/judge.h"

#include <string.h>

#include "util/xalloc.h"

extern const struct judge judge_env;
extern const struct judge judge_argv;
extern const struct judge judge_etcd;

/* One judge a line. */
/* clang-format off */
const struct judge *const judge_list[] = {
	&judge_env,
	&judge_argv,
	&judge_etcd,
	NULL,
};
/* clang-format on */

const struct judge *judge_find(const char *id, size_t len)
{
	const struct judge *const *j;
	for (j = judge_list; *j; j++)
		if (strlen((*j)->id) == len && !strncmp((*j)->id, id, len))
			return *j;
	return NULL;
}

void judge_fill_proc(struct finding *f, const struct psnap *s)
{
	const struct proc *p = &s->proc;
	f->pid = p->pid;
	f->start_ticks = p->start_ticks;
	f->comm = p->comm ? xstrdup(p->comm) : NULL;
	f->container = p->container.id[0] ? xstrdup(p->container.id) : NULL;
	f->pod_uid =
		p->container.pod_uid[0] ? xstrdup(p->container.pod_uid) : NULL;
}
