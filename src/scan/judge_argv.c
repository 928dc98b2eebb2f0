/* Judge argv: plaintext secrets in a command line (cmdline), which every
 * user of the host can read: token formats in any argument, options and
 * assignments by name, and values nested in them. */
#include "scan/judge.h"

#include <stdio.h>

#include "scan/secrets.h"

struct argv_emit {
	const struct judge_ctx *c;
	const struct psnap *s;
	struct findings *out;
};

static void emit(const struct secret_hit *h, void *arg)
{
	struct argv_emit *e = arg;
	struct finding *f = findings_add(e->out);
	char where[32];
	int n = snprintf(where, sizeof(where), "argv[%zu]", h->arg);
	secret_finding(f, e->c->red, h, "argv", where, (size_t)n);
	judge_fill_proc(f, e->s);
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct argv_emit e = {c, s, out};
	struct secrets_extent x =
		secrets_in_argv(c->rules, s->proc.argv, s->proc.argc, emit, &e);
	return x.arg < s->proc.argc ? FACET_BIT(FACET_ARGV) : 0;
}

const struct judge judge_argv = {
	.id = "argv",
	.kind = KIND_SECRET,
	.summary = "plaintext secrets in command lines (world-readable): "
		   "token formats, --password=V, -pV, -u user:pw, KEY=VALUE, "
		   "URLs with passwords, nested values",
	.facets = FACET_BIT(FACET_ARGV),
	.judge = judge,
};
