/* Judge env: plaintext secrets in a process's environment (environ), by
 * the variable's name and the value's format, and inside structured
 * values. */
#include "scan/judge.h"

#include "scan/secrets.h"
#include "util/strbuf.h"

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
	unsigned part = 0;
	size_t i;
	for (i = 0; i < s->nenv; i++) {
		const struct env_var *v = &s->env[i];
		if (!v->value)
			continue;
		e.v = v;
		if (secrets_in_var(c->rules, v->name, v->name_len, v->value,
				   v->value_len, emit, &e) < v->value_len)
			part = FACET_BIT(FACET_ENV);
	}
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
