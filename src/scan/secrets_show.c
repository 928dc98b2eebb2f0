/* What secrets become when shown: a finding's secret fields, and a
 * command line with its secret parts redacted and what was not judged
 * withheld. */
#include "scan/secrets.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void secret_finding(struct finding *f, const struct redactor *red,
		    const struct secret_hit *h, const char *judge,
		    const char *prefix, size_t prefix_len)
{
	struct strbuf sb = STRBUF_INIT;
	f->kind = KIND_SECRET;
	f->judge = judge;
	f->rule = h->rule->id;
	f->severity = h->rule->severity;
	f->confidence = h->rule->confidence;
	strbuf_add(&sb, prefix, prefix_len);
	if (h->path) {
		size_t k;
		strbuf_addch(&sb, '[');
		for (k = 0; k < h->path_marks.n; k++)
			redact_marks_add(&f->where_marks,
					 sb.len + h->path_marks.off[k]);
		strbuf_add(&sb, h->path, h->path_len);
		strbuf_addch(&sb, ']');
	}
	f->where = strbuf_detach(&sb, NULL);
	redact_evidence(red, &sb, h->secret, h->len);
	f->evidence = strbuf_detach(&sb, NULL);
	f->secret_len = h->len;
	/* ATT&CK: Unsecured Credentials. */
	finding_tag(f, "T1552");
	redact_fingerprint(red, h->secret, h->len, f->fingerprint);
	f->has_fingerprint = true;
	strbuf_addf(&sb, "%s (%zu bytes)", h->rule->description, h->len);
	f->message = strbuf_detach(&sb, NULL);
}

/* The spans found in a command line, with their arguments. */
struct arg_span {
	size_t arg;
	struct redact_span s;
};

struct argv_spans {
	struct arg_span *s;
	size_t n, alloc;
	char **argv;
};

static void add_span(const struct secret_hit *h, void *arg)
{
	struct argv_spans *a = arg;
	a->s = xgrow(a->s, &a->alloc, a->n + 1, sizeof(*a->s));
	a->s[a->n].arg = h->arg;
	a->s[a->n].s.off = (size_t)(h->secret - a->argv[h->arg]);
	a->s[a->n++].s.len = h->len;
}

static int cmp_arg_span(const void *a, const void *b)
{
	const struct arg_span *x = a, *y = b;
	return (x->arg > y->arg) - (x->arg < y->arg);
}

/* The bytes of argv from (arg, off) to its end, one separator between
 * arguments counted, as /proc/PID/cmdline holds them. */
static size_t rest_len(char *const *argv, size_t argc, size_t arg, size_t off)
{
	size_t n = strlen(argv[arg]) - off, i;
	for (i = arg + 1; i < argc; i++)
		n += 1 + strlen(argv[i]);
	return n;
}

struct secrets_redacted secrets_redact_argv(const struct ruleset *rs,
					    const struct redactor *red,
					    char **argv, size_t *argc)
{
	struct argv_spans a = {.argv = argv};
	struct secrets_redacted r = {false, 0};
	struct strbuf sb = STRBUF_INIT;
	struct redact_span *mine = NULL;
	struct secrets_extent end;
	size_t i, k = 0, alloc = 0;
	end = secrets_spans_in_argv(rs, argv, *argc, add_span, &a);
	if (a.n)
		qsort(a.s, a.n, sizeof(*a.s), cmp_arg_span);
	if (end.arg < *argc)
		r.withheld = rest_len(argv, *argc, end.arg, end.off);
	for (i = 0; i < *argc && i <= end.arg; i++) {
		size_t m = 0, len = strlen(argv[i]);
		bool last = i == end.arg;
		for (; k < a.n && a.s[k].arg == i; k++) {
			mine = xgrow(mine, &alloc, m + 1, sizeof(*mine));
			mine[m++] = a.s[k].s;
		}
		if (!m && !last)
			continue;
		strbuf_reset(&sb);
		/* Spans are found before the cut only: none is past it. */
		redact_spans(red, &sb, argv[i], last ? end.off : len, mine, m);
		if (last && r.withheld)
			redact_withheld(red, &sb, r.withheld);
		free(argv[i]);
		argv[i] = strbuf_detach(&sb, NULL);
		r.redacted = r.redacted || m;
	}
	for (i = end.arg + 1; i < *argc; i++) {
		free(argv[i]);
		argv[i] = NULL;
	}
	if (end.arg < *argc)
		*argc = end.arg + 1;
	strbuf_release(&sb);
	free(mine);
	free(a.s);
	return r;
}
