/* procsift env PID...|--all: the environment each process started with. */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/each.h"
#include "cmd/ruleopts.h"
#include "model/env.h"
#include "render/env_view.h"
#include "scan/secrets.h"
#include "util/xalloc.h"

enum { ENV_REVEAL = 1 };

static const struct cmd_opt env_opts[] = {
	EACH_OPTS,
	RULE_OPTS,
	{ENV_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show values that would be redacted"},
	{0},
};

struct env_state {
	struct each e;
	bool reveal;
	struct rule_opts ro;
	struct ruleset rules; /* read-only once loaded: shared by workers */
};

static const struct cmd_flag env_flags[] = {
	{ENV_REVEAL, offsetof(struct env_state, reveal)},
	{0},
};

static int env_opt(void *state, int id, const char *arg)
{
	struct env_state *st = state;
	return rule_opts_opt(&st->ro, id, arg);
}

static const int *env_defaults(const void *state, size_t *ndef)
{
	(void)state;
	*ndef = 3;
	return env_cols_default;
}

static int env_prepare(void *state, struct each *e, struct out_stream *out)
{
	struct env_state *st = state;
	(void)e;
	(void)out;
	return rule_opts_load(&st->ro, &st->rules, "env");
}

static void env_release(void *state)
{
	struct env_state *st = state;
	ruleset_release(&st->rules);
	rule_opts_release(&st->ro);
}

struct spans_arg {
	struct env_redaction *red;
	const char *value;
};

static void add_span(const struct secret_hit *h, void *arg)
{
	struct spans_arg *a = arg;
	struct env_redaction *r = a->red;
	r->spans = xgrow(r->spans, &r->alloc, r->n + 1, sizeof(*r->spans));
	r->spans[r->n].off = (size_t)(h->secret - a->value);
	r->spans[r->n++].len = h->len;
}

/* What scan's env judge finds in a value is withheld, and only that: a
 * password inside a URL or a JSON value leaves the rest readable. As a
 * safety net for values no rule describes, a name that looks secret
 * withholds the whole value. What the judge could not judge (a cap was
 * reached) is withheld too: nothing says it holds no secret. */
static void mark_secrets(struct proc_env *e, const struct ruleset *rs)
{
	size_t i;
	e->red = xcalloc(e->n ? e->n : 1, sizeof(*e->red));
	for (i = 0; i < e->n; i++) {
		const struct env_var *v = &e->vars[i];
		struct spans_arg a = {&e->red[i], v->value};
		if (!v->value)
			continue;
		e->red[i].withheld =
			v->value_len -
			secrets_spans_in_var(rs, v->name, v->name_len, v->value,
					     v->value_len, add_span, &a);
		if (!e->red[i].n && env_name_looks_secret(v->name, v->name_len))
			e->red[i].whole = true;
	}
}

static int one(const struct each_proc *p, struct out_stream *out, void *arg)
{
	const struct env_state *st = arg;
	const struct psnap *s = p->snap;
	struct proc_env e = {
		.pid = p->pid, .via_tid = s->proc.via_tid, .comm = p->comm};
	strbuf_init(&e.raw, 0);
	e.err = s->err[FACET_ENV];
	e.truncated = s->truncated & FACET_BIT(FACET_ENV);
	/* Borrowed from the snapshot: nothing is copied. */
	e.vars = s->env;
	e.n = s->nenv;
	mark_secrets(&e, &st->rules);
	env_view_emit(out, &e, st->reveal);
	e.vars = NULL;
	proc_env_release(&e);
	return -e.err;
}

static int env_run(const struct command *cmd, struct ctx *ctx, int argc,
		   char **argv)
{
	static const struct each_command ec = {.what = "environ",
					       .facets = FACET_BIT(FACET_ENV),
					       .flags = env_flags,
					       .opt = env_opt,
					       .defaults = env_defaults,
					       .prepare = env_prepare,
					       .release = env_release,
					       .one = one};
	struct env_state st = {0};
	ruleset_init(&st.rules);
	return each_main(cmd, &ec, &st.e, &st, ctx, argc, argv);
}

const struct command cmd_env = {
	.name = "env",
	.summary = "show the environment of processes (secrets redacted)",
	.usage = "PID...|--all",
	.details = "The environment a process was started with "
		   "(/proc/PID/environ). A value in which a secret rule finds "
		   "a secret (or whose name looks secret) is redacted to a "
		   "short prefix unless --reveal is given.",
	.privileges =
		"For another user's process, CAP_SYS_PTRACE (opening "
		"/proc/PID/environ makes the kernel's ptrace read check) "
		"and CAP_DAC_READ_SEARCH (environ is mode 0400, owned by "
		"the process's user, or by root when it is not dumpable).",
	.opts = env_opts,
	.operands = COMPLETE_PID,
	CMD_COLUMNS(env_cols),
	.run = env_run,
};
