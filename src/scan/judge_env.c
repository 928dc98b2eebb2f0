/* Judge env: plaintext secrets in a process's environment (environ), by
 * the variable's name and the value's format, and inside structured
 * values. */
#include "scan/judge.h"

#include <stdlib.h>

#include "scan/secrets.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct env_emit {
	const struct judge_ctx *c;
	const struct psnap *s;
	struct findings *out;
	const struct env_var *v;
	struct strbuf where; /* scratch */
};

static void emit(const struct secret_hit *h, void *arg)
{
	struct env_emit *e = arg;
	struct finding *f = findings_add(e->out);
	/* "env:NAME", made only for a variable that holds a secret. */
	strbuf_reset(&e->where);
	strbuf_addstr(&e->where, "env:");
	strbuf_add(&e->where, e->v->name, e->v->name_len);
	secret_finding(f, e->c->red, h, "env", e->where.buf, e->where.len);
	judge_fill_proc(f, e->s);
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct env_emit e = {c, s, out, NULL, STRBUF_INIT};
	struct rule_var *rv = xcalloc(s->nenv ? s->nenv : 1, sizeof(*rv));
	size_t *at = xcalloc(s->nenv ? s->nenv : 1, sizeof(*at));
	struct rule_batch b;
	unsigned part = 0;
	size_t i, n = 0;
	/* The whole environment through the keyword filter at once. */
	for (i = 0; i < s->nenv; i++) {
		const struct env_var *v = &s->env[i];
		if (!v->value)
			continue;
		rv[n] = (struct rule_var){v->name, v->value, v->name_len,
					  v->value_len};
		at[n++] = i;
	}
	ruleset_batch_init(&b, c->rules, rv, n);
	for (i = 0; i < n; i++) {
		e.v = &s->env[at[i]];
		if (secrets_in_batch_var(&b, i, emit, &e) < e.v->value_len)
			part = FACET_BIT(FACET_ENV);
	}
	ruleset_batch_release(&b);
	free(rv);
	free(at);
	strbuf_release(&e.where);
	return part;
}

const struct judge judge_env = {
	.id = "env",
	.kind = KIND_SECRET,
	.summary = "plaintext secrets in process environments, by name and "
		   "format, also inside JSON, YAML, INI, URL and connection-"
		   "string values",
	.facets = FACET_BIT(FACET_ENV),
	.judge = judge,
};
