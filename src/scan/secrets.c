/* Matches collected per value, reconciled, and handed on. */
#include "scan/secrets.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scan/argvopt.h"
#include "scan/nested.h"
#include "util/xalloc.h"

#define HITS_INLINE 16
#define NAME_NORM_MAX 255

struct hit {
	struct rule_match m;
	size_t arg;
	char *path; /* owned; NULL at the top level */
	size_t path_len;
};

/* The matches of one value, before overlapping ones are reconciled. Most
 * values have none or one: the first HITS_INLINE live here. */
struct hitset {
	struct hit inl[HITS_INLINE];
	struct hit *h;
	size_t n, alloc;
	const struct ruleset *rs;
	/* Where the next matches come from. */
	size_t arg;
	const char *path;
	size_t path_len;
	struct strbuf name; /* scratch: a nested key as a name */
};

static void hits_init(struct hitset *hs, const struct ruleset *rs)
{
	memset(hs, 0, sizeof(*hs));
	hs->h = hs->inl;
	hs->alloc = HITS_INLINE;
	hs->rs = rs;
	strbuf_init(&hs->name, 0);
}

static void hits_release(struct hitset *hs)
{
	size_t i;
	for (i = 0; i < hs->n; i++)
		free(hs->h[i].path);
	if (hs->h != hs->inl)
		free(hs->h);
	strbuf_release(&hs->name);
}

static void collect(const struct rule_match *m, void *arg)
{
	struct hitset *hs = arg;
	struct hit *h;
	if (hs->n >= SECRETS_MAX_HITS)
		return;
	if (hs->n == hs->alloc) {
		size_t alloc = hs->alloc * 2;
		struct hit *nh = xcalloc(alloc, sizeof(*nh));
		memcpy(nh, hs->h, hs->n * sizeof(*nh));
		if (hs->h != hs->inl)
			free(hs->h);
		hs->h = nh;
		hs->alloc = alloc;
	}
	h = &hs->h[hs->n++];
	h->m = *m;
	h->arg = hs->arg;
	h->path = hs->path ? xmemdup0(hs->path, hs->path_len) : NULL;
	h->path_len = hs->path ? hs->path_len : 0;
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

/* Several rules often see one secret (a known name and a token format, a
 * whole value by its name and a pair inside it): it is reported once, by
 * the most confident, then most severe, rule; on a tie, by the match
 * collected first (nested pairs are collected before their value). */
static bool shadowed(const struct hitset *hs, size_t i)
{
	size_t k;
	for (k = 0; k < hs->n; k++)
		if (k != i && overlap(&hs->h[i].m, &hs->h[k].m) &&
		    (better(&hs->h[k].m, &hs->h[i].m) ||
		     (k < i && !better(&hs->h[i].m, &hs->h[k].m))))
			return true;
	return false;
}

static void emit(const struct hitset *hs, secret_hit_fn fn, void *arg)
{
	size_t i;
	for (i = 0; i < hs->n; i++) {
		const struct hit *h = &hs->h[i];
		struct secret_hit out = {
			.rule = h->m.rule,
			.secret = h->m.secret,
			.len = h->m.len,
			.arg = h->arg,
			.path = h->path,
			.path_len = h->path_len,
		};
		if (!shadowed(hs, i))
			fn(&out, arg);
	}
}

void secret_name_norm(const char *s, size_t len, struct strbuf *out)
{
	size_t i, start = out->len;
	for (i = 0; i < len && out->len - start < NAME_NORM_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '-' || c == '.' || c == ' ' || c == '/') {
			strbuf_addch(out, '_');
			continue;
		}
		if (i && isupper(c) && islower((unsigned char)s[i - 1]))
			strbuf_addch(out, '_');
		strbuf_addch(out, toupper(c));
	}
}

/* A nested pair, judged by its key as a variable name. */
static int on_pair(const struct nested_pair *p, void *arg)
{
	struct hitset *hs = arg;
	strbuf_reset(&hs->name);
	secret_name_norm(p->key, p->key_len, &hs->name);
	hs->path = p->path;
	hs->path_len = p->path_len;
	ruleset_match_named(hs->rs, TARGET_ENV, hs->name.buf, hs->name.len,
			    p->value, p->value_len, collect, hs);
	hs->path = NULL;
	return hs->n >= SECRETS_MAX_HITS;
}

static void nested(struct hitset *hs, const char *value, size_t len)
{
	nested_walk(value, len, on_pair, hs);
}

void secrets_in_var(const struct ruleset *rs, const char *name, size_t nlen,
		    const char *value, size_t vlen, secret_hit_fn fn, void *arg)
{
	struct hitset hs;
	hits_init(&hs, rs);
	nested(&hs, value, vlen);
	ruleset_match_env(rs, name, nlen, value, vlen, collect, &hs);
	emit(&hs, fn, arg);
	hits_release(&hs);
}

void secrets_in_text(const struct ruleset *rs, unsigned target,
		     const char *text, size_t len, secret_hit_fn fn, void *arg)
{
	struct hitset hs;
	hits_init(&hs, rs);
	nested(&hs, text, len);
	ruleset_match_text(rs, target, text, len, collect, &hs);
	emit(&hs, fn, arg);
	hits_release(&hs);
}

/* The option pairs of a command line, sorted by argument. */
struct pair_item {
	struct argv_pair p;
	size_t order; /* as reported: keeps the sort stable */
};

struct pairs {
	struct pair_item *p;
	size_t n, alloc;
};

#define ARGV_MAX_PAIRS 4096

static int add_pair(const struct argv_pair *p, void *arg)
{
	struct pairs *ps = arg;
	ps->p = xgrow(ps->p, &ps->alloc, ps->n + 1, sizeof(*ps->p));
	ps->p[ps->n].p = *p;
	ps->p[ps->n].order = ps->n;
	ps->n++;
	return ps->n >= ARGV_MAX_PAIRS;
}

/* Pairs come in argument order but for a value in the next argument
 * (--password VALUE). */
static int cmp_pair(const void *a, const void *b)
{
	const struct pair_item *x = a, *y = b;
	if (x->p.arg != y->p.arg)
		return x->p.arg < y->p.arg ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

void secrets_in_argv(const struct ruleset *rs, char *const *argv, size_t argc,
		     secret_hit_fn fn, void *arg)
{
	struct hitset hs;
	struct pairs ps = {0};
	size_t i, k = 0;
	if (!argv || !argc)
		return;
	hits_init(&hs, rs);
	argvopt_walk(argv, argc, add_pair, &ps);
	if (ps.n)
		qsort(ps.p, ps.n, sizeof(*ps.p), cmp_pair);
	for (i = 0; i < argc && hs.n < SECRETS_MAX_HITS; i++) {
		size_t first = k, j;
		hs.arg = i;
		/* Nested pairs first, then names, then formats: on a tie the
		 * most specific place wins. */
		for (; k < ps.n && ps.p[k].p.arg == i; k++)
			nested(&hs, ps.p[k].p.value, ps.p[k].p.value_len);
		if (argv[i][0] != '-')
			nested(&hs, argv[i], strlen(argv[i]));
		for (j = first; j < k; j++)
			ruleset_match_named(rs, TARGET_ENV | TARGET_ARGV,
					    ps.p[j].p.name, ps.p[j].p.name_len,
					    ps.p[j].p.value,
					    ps.p[j].p.value_len, collect, &hs);
		ruleset_match_text(rs, TARGET_TEXT, argv[i], strlen(argv[i]),
				   collect, &hs);
	}
	emit(&hs, fn, arg);
	hits_release(&hs);
	free(ps.p);
}

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
		strbuf_addch(&sb, '[');
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
	struct secret_span s;
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

bool secrets_redact_argv(const struct ruleset *rs, const struct redactor *red,
			 char **argv, size_t argc)
{
	struct argv_spans a = {.argv = argv};
	struct strbuf sb = STRBUF_INIT;
	struct secret_span *mine = NULL;
	size_t i, k, alloc = 0;
	secrets_in_argv(rs, argv, argc, add_span, &a);
	for (i = 0; i < argc && a.n; i++) {
		size_t m = 0;
		for (k = 0; k < a.n; k++)
			if (a.s[k].arg == i) {
				mine = xgrow(mine, &alloc, m + 1,
					     sizeof(*mine));
				mine[m++] = a.s[k].s;
			}
		if (!m)
			continue;
		strbuf_reset(&sb);
		secret_redact(red, &sb, argv[i], strlen(argv[i]), mine, m);
		free(argv[i]);
		argv[i] = strbuf_detach(&sb, NULL);
	}
	strbuf_release(&sb);
	free(mine);
	free(a.s);
	return a.n > 0;
}
