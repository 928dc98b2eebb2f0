/* The one list of scanners: add a scanner with one line here. */
#include "scan/scanner.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

extern const struct scanner scan_env;
extern const struct scanner scan_etcd;

const struct scanner *const scanner_list[] = {
	&scan_env,
	&scan_etcd,
	NULL,
};

void scan_fill(struct finding *f, const struct scan_ctx *ctx,
	       const struct rule_match *m, pid_t pid,
	       unsigned long long start_ticks, const char *comm,
	       size_t comm_len, const char *where, size_t where_len)
{
	struct strbuf sb = STRBUF_INIT;
	f->rule = m->rule->id;
	f->severity = m->rule->severity;
	f->confidence = m->rule->confidence;
	f->pid = pid;
	f->start_ticks = start_ticks;
	f->comm = comm ? xmemdup0(comm, comm_len) : NULL;
	f->where = xmemdup0(where, where_len);
	redact_evidence(ctx->red, &sb, m->secret, m->len);
	f->evidence = strbuf_detach(&sb, NULL);
	f->secret_len = m->len;
	redact_fingerprint(ctx->red, m->secret, m->len, f->fingerprint);
	strbuf_addf(&sb, "%s (%zu bytes)", m->rule->description, m->len);
	f->message = strbuf_detach(&sb, NULL);
}

void match_set_collect(const struct rule_match *m, void *arg)
{
	struct match_set *v = arg;
	if (v->n < sizeof(v->m) / sizeof(v->m[0]))
		v->m[v->n++] = *m;
}

static bool better(const struct rule_match *a, const struct rule_match *b)
{
	if (a->rule->confidence != b->rule->confidence)
		return a->rule->confidence > b->rule->confidence;
	return a->rule->severity > b->rule->severity;
}

static bool overlap(const struct rule_match *a, const struct rule_match *b)
{
	return a->secret < b->secret + b->len && b->secret < a->secret + a->len;
}

bool match_set_shadowed(const struct match_set *v, size_t i)
{
	size_t k;
	for (k = 0; k < v->n; k++)
		if (k != i && overlap(&v->m[i], &v->m[k]) &&
		    (better(&v->m[k], &v->m[i]) ||
		     (k < i && !better(&v->m[i], &v->m[k]))))
			return true;
	return false;
}
