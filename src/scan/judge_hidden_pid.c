/* hidden-pid: pids that exist but that readdir of /proc does not list (a
 * rootkit hiding them), from the host view's probe (proc/pidprobe.c),
 * which confirmed each one at two re-checks. */
#include "scan/judge.h"

#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define JUDGE_ID "hidden-pid"

static void emit(const struct hidden_pid *x, struct findings *out)
{
	struct finding *f = findings_add(out);
	struct strbuf sb = STRBUF_INIT;
	f->kind = KIND_INDICATOR;
	f->judge = JUDGE_ID;
	f->rule = JUDGE_ID;
	f->severity = SEV_CRITICAL;
	f->confidence = CONF_HIGH;
	f->pid = x->pid;
	f->start_ticks = x->start_ticks;
	f->comm = x->stat_read ? xstrdup(x->comm) : NULL;
	strbuf_addf(&sb, "pid:%d", (int)x->pid);
	f->where = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb,
		    "pid %d exists (a stat of /proc/%d succeeds and it leads "
		    "its thread group) but readdir of /proc does not list it, "
		    "at three looks: a rootkit hiding it",
		    (int)x->pid, (int)x->pid);
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_int(f, "pid", x->pid);
	if (x->stat_read) {
		finding_fact_str(f, "comm", x->comm, strlen(x->comm));
		finding_fact_int(f, "ppid", x->ppid);
	}
	finding_tag(f, "T1014");
}

static int judge_host(const struct judge_ctx *c, const struct host_view *h,
		      struct findings *out, char *err, size_t errlen)
{
	const struct host_pidprobe *p = &h->probe;
	size_t i;
	(void)c;
	/* Not run: the scan's summary says why. */
	if (!p->ran)
		return 0;
	if (p->err) {
		snprintf(err, errlen, "the pid probe failed: %s",
			 strerror(p->err));
		return -p->err;
	}
	for (i = 0; i < p->nhidden; i++)
		emit(&p->hidden[i], out);
	return 0;
}

const struct judge judge_hidden_pid = {
	.id = JUDGE_ID,
	.kind = KIND_INDICATOR,
	.summary = "pids that exist but that readdir of /proc does not list (a "
		   "rootkit hiding them)",
	.host_facets = HOST_PIDS,
	.judge_host = judge_host,
};
