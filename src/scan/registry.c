/* The one list of scanners: add a scanner with one line here. */
#include "scan/scanner.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

extern const struct scanner scan_env;

const struct scanner *const scanner_list[] = {
	&scan_env,
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
	f->comm = xmemdup0(comm, comm_len);
	f->where = xmemdup0(where, where_len);
	redact_evidence(ctx->red, &sb, m->secret, m->len);
	f->evidence = strbuf_detach(&sb, NULL);
	f->secret_len = m->len;
	redact_fingerprint(ctx->red, m->secret, m->len, f->fingerprint);
	strbuf_addf(&sb, "%s (%zu bytes)", m->rule->description, m->len);
	f->message = strbuf_detach(&sb, NULL);
}
