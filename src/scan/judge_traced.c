/* traced: a process another one ptraces (status's TracerPid), with the
 * tracer's pid and comm: a debugger or strace, or code injection through
 * ptrace and an intruder watching another user's session. */
#include "scan/judge.h"

#include <stdio.h>
#include <string.h>

#include "scan/forensic.h"

#define JUDGE "traced"

/* Tracers whose work is to trace: a person debugging, a profiler, a
 * checkpointer. The comm only (a tracer's exe is not read): a name an
 * intruder can take, so the finding stays at medium for them. */
static const char *const debuggers[] = {
	"gdb",	"gdbserver", "strace",	 "ltrace",     "lldb", "lldb-server",
	"rr",	"dlv",	     "py-spy",	 "rbspy",      "criu", "proot",
	"vgdb", "pstack",    "eu-stack", "createdump", NULL,
};

static bool is_debugger(const char *comm)
{
	size_t i;
	for (i = 0; debuggers[i]; i++)
		if (!strcmp(comm, debuggers[i]))
			return true;
	return false;
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	const struct psnap_kin *t = s->has_tracer ? &s->tracer : NULL;
	bool debugger;
	struct finding *f;
	(void)c;
	if (!psnap_has(s, FACET_STATUS) || !s->status.has_tracer ||
	    s->status.tracer_pid <= 0)
		return 0;
	debugger = t && is_debugger(t->comm);
	f = forensic_finding(out, s, JUDGE, JUDGE,
			     debugger ? SEV_MEDIUM : SEV_HIGH,
			     t ? CONF_HIGH : CONF_MEDIUM, "status:TracerPid");
	if (t)
		forensic_message(f, "is being ptraced by pid %d (%s)%s",
				 (int)t->pid, t->comm,
				 debugger ? ", a debugger or tracer"
					  : ", which is no known debugger");
	else
		forensic_message(f,
				 "is being ptraced by pid %d, which could "
				 "not be read",
				 (int)s->status.tracer_pid);
	finding_fact_int(f, "tracer_pid", s->status.tracer_pid);
	if (t) {
		forensic_fact(f, "tracer_comm", t->comm, strlen(t->comm));
		finding_fact_bool(f, "debugger", debugger);
	}
	finding_tag(f, "T1055.008");
	return 0;
}

/* The tracer's stat (KIN) only for a process being traced. */
static unsigned more(const struct psnap *s)
{
	return psnap_has(s, FACET_STATUS) && s->status.tracer_pid > 0
		       ? FACET_BIT(FACET_KIN)
		       : 0;
}

const struct judge judge_traced = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "a process being ptraced, with its tracer",
	.facets = FACET_BIT(FACET_STATUS),
	.more = more,
	.judge = judge,
};
