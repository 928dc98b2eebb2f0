/* Matches collected per value (as distinct spans, up to a cap that says
 * where judging stopped), reconciled, and handed on. What they become
 * when shown is in secrets_show.c. */
#include "scan/secrets.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/argvopt.h"
#include "scan/nested.h"
#include "util/xalloc.h"

#define HITS_INLINE 16
#define NAME_NORM_MAX 255

/* One secret span, by the best rule seen for exactly these bytes. */
struct hit {
	struct rule_match m;
	size_t arg, off; /* where it starts: argument (0 in a value), byte */
	size_t seq;	 /* when its rule was collected: ties go to the first */
	char *path;	 /* owned; NULL at the top level */
	size_t path_len;
	struct nested_seg *segs; /* owned: where the keys of path came from */
	size_t nsegs;
};

/* The spans of one value (or command line), sorted by (arg, off, len),
 * before overlapping ones are reconciled. One span seen by several rules
 * is one entry. At most SECRETS_MAX_SPANS are kept, the first by place:
 * then every span found before the cut is here, and nothing from the cut
 * on counts as judged. Most values have none or one: the first
 * HITS_INLINE live here. */
struct hitset {
	struct hit inl[HITS_INLINE];
	struct hit *h;
	size_t n, alloc, seq;
	const struct ruleset *rs;
	/* Where the next matches come from: offsets count from base. */
	size_t arg;
	const char *base;
	const char *path;
	size_t path_len;
	const struct nested_seg *segs;
	size_t nsegs;
	/* Report shadowed spans too (for redaction: every byte any rule
	 * took for a secret is hidden, not only the best rule's). */
	bool all_spans;
	/* Judging stopped at (cut_arg, cut_off). */
	bool cut;
	size_t cut_arg, cut_off;
	struct strbuf name; /* scratch: a nested key as a name */
};

static void hits_init(struct hitset *hs, const struct ruleset *rs,
		      const char *base)
{
	memset(hs, 0, sizeof(*hs));
	hs->h = hs->inl;
	hs->alloc = HITS_INLINE;
	hs->rs = rs;
	hs->base = base;
	strbuf_init(&hs->name, 0);
}

static void hit_release(struct hit *h)
{
	free(h->path);
	free(h->segs);
}

static void hits_release(struct hitset *hs)
{
	size_t i;
	for (i = 0; i < hs->n; i++)
		hit_release(&hs->h[i]);
	if (hs->h != hs->inl)
		free(hs->h);
	strbuf_release(&hs->name);
}

static bool pos_before(size_t a1, size_t o1, size_t a2, size_t o2)
{
	return a1 < a2 || (a1 == a2 && o1 < o2);
}

/* Judging stops at (arg, off) at the latest. */
static void cut_at(struct hitset *hs, size_t arg, size_t off)
{
	if (!hs->cut || pos_before(arg, off, hs->cut_arg, hs->cut_off)) {
		hs->cut = true;
		hs->cut_arg = arg;
		hs->cut_off = off;
	}
}

static bool past_cut(const struct hitset *hs, size_t arg, size_t off)
{
	return hs->cut && !pos_before(arg, off, hs->cut_arg, hs->cut_off);
}

/* The first entry not before (arg, off, len). */
static size_t hits_find(const struct hitset *hs, size_t arg, size_t off,
			size_t len)
{
	size_t lo = 0, hi = hs->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct hit *h = &hs->h[mid];
		if (pos_before(h->arg, h->off, arg, off) ||
		    (h->arg == arg && h->off == off && h->m.len < len))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool better(const struct rule_match *a, const struct rule_match *b)
{
	if (a->rule->confidence != b->rule->confidence)
		return a->rule->confidence > b->rule->confidence;
	return a->rule->severity > b->rule->severity;
}

static void hit_fill(struct hitset *hs, struct hit *h,
		     const struct rule_match *m, size_t off)
{
	h->m = *m;
	h->arg = hs->arg;
	h->off = off;
	h->seq = hs->seq++;
	h->path = hs->path ? xmemdup0(hs->path, hs->path_len) : NULL;
	h->path_len = hs->path ? hs->path_len : 0;
	h->segs = NULL;
	h->nsegs = 0;
	if (hs->path && hs->nsegs) {
		h->segs = xcalloc(hs->nsegs, sizeof(*h->segs));
		memcpy(h->segs, hs->segs, hs->nsegs * sizeof(*h->segs));
		h->nsegs = hs->nsegs;
	}
}

static void collect(const struct rule_match *m, void *arg)
{
	struct hitset *hs = arg;
	size_t off = (size_t)(m->secret - hs->base), i;
	struct hit *h;
	if (past_cut(hs, hs->arg, off))
		return;
	i = hits_find(hs, hs->arg, off, m->len);
	h = &hs->h[i];
	if (i < hs->n && h->arg == hs->arg && h->off == off &&
	    h->m.len == m->len) {
		/* The same bytes again: the better rule takes the entry (as
		 * if collected now), an equal one leaves it to the first. */
		if (better(m, &h->m)) {
			hit_release(h);
			hit_fill(hs, h, m, off);
		}
		return;
	}
	if (hs->n == SECRETS_MAX_SPANS) {
		/* Full: the last span by place goes (or this one, when it is
		 * the last), and judging stops where it starts. */
		if (i == hs->n) {
			cut_at(hs, hs->arg, off);
			return;
		}
		h = &hs->h[--hs->n];
		cut_at(hs, h->arg, h->off);
		hit_release(h);
		if (past_cut(hs, hs->arg, off))
			return;
	}
	if (hs->n == hs->alloc) {
		size_t alloc = hs->alloc * 2;
		struct hit *nh = xcalloc(alloc, sizeof(*nh));
		memcpy(nh, hs->h, hs->n * sizeof(*nh));
		if (hs->h != hs->inl)
			free(hs->h);
		hs->h = nh;
		hs->alloc = alloc;
	}
	memmove(&hs->h[i + 1], &hs->h[i], (hs->n - i) * sizeof(*hs->h));
	hs->n++;
	hit_fill(hs, &hs->h[i], m, off);
}

/* The rules of targets on value (inside hs->base) by name, into hs; a
 * regex that gave up stops judging where it tried. */
static void match_named(struct hitset *hs, unsigned targets, const char *name,
			size_t nlen, const char *value, size_t vlen)
{
	size_t stuck = SIZE_MAX;
	ruleset_match_named(hs->rs, targets, name, nlen, value, vlen, collect,
			    hs, &stuck);
	if (stuck != SIZE_MAX)
		cut_at(hs, hs->arg, (size_t)(value - hs->base) + stuck);
}

/* The same for the rules of target on a text. */
static void match_text(struct hitset *hs, unsigned target, const char *text,
		       size_t len)
{
	size_t stuck = SIZE_MAX;
	ruleset_match_text(hs->rs, target, text, len, collect, hs, &stuck);
	if (stuck != SIZE_MAX)
		cut_at(hs, hs->arg, (size_t)(text - hs->base) + stuck);
}

static bool overlap(const struct hit *a, const struct hit *b)
{
	return a->arg == b->arg && a->off < b->off + b->m.len &&
	       b->off < a->off + a->m.len;
}

/* A match of a whole value (or argument) by its format, not its name: a
 * GCP key file, a Docker config. */
static bool whole_format(const struct hit *h)
{
	return !h->path && !h->m.rule->env_name;
}

/* Between equally good rules: a whole value's format names the credential
 * its nested pairs are parts of (a GCP service-account key, not the PEM
 * key in it), so it goes first; else the match collected first (nested
 * pairs are collected before their value, and say where more precisely
 * than the value's name). */
static bool first_on_tie(const struct hit *b, const struct hit *a)
{
	if ((a->path || b->path) && whole_format(a) != whole_format(b))
		return whole_format(b);
	return b->seq < a->seq;
}

/* Several rules often see one secret (a known name and a token format, a
 * whole value by its name and a pair inside it): it is reported once, by
 * the most confident, then most severe, rule; on a tie, by first_on_tie.
 * A span past the cut is not reported, so it shadows nothing: the bytes
 * of one before the cut would go unredacted. */
static bool shadowed(const struct hitset *hs, size_t i)
{
	const struct hit *a = &hs->h[i];
	size_t k;
	for (k = 0; k < hs->n; k++) {
		const struct hit *b = &hs->h[k];
		if (k != i && overlap(a, b) && !past_cut(hs, b->arg, b->off) &&
		    (better(&b->m, &a->m) ||
		     (!better(&a->m, &b->m) && first_on_tie(b, a))))
			return true;
	}
	return false;
}

/* Does a hold all of b? */
static bool encloses(const struct hit *a, const struct hit *b)
{
	return a->arg == b->arg && a->off <= b->off &&
	       a->off + a->m.len >= b->off + b->m.len;
}

/* The path of h as it may be shown: each byte of a key that lies inside a
 * secret found in the same value (or argument) is redacted as evidence is,
 * so a token used as a JSON key does not reach `where` (and a SIEM). A
 * secret that holds h's own (a whole value judged by its name) holds its
 * keys too, but says nothing of them: it is not counted. A key cut in the
 * path loses its ellipsis to a redaction that reaches it. marks gets
 * where procsift's own ellipses are in out. */
static void path_shown(const struct hitset *hs, const struct hit *h,
		       struct strbuf *out, struct redact_marks *marks)
{
	static const struct redactor hide = {.reveal = false};
	struct redact_marks cuts = {{0}, 0};
	struct redact_span *sp = NULL;
	size_t i, k, n = 0, alloc = 0;
	for (i = 0; i < h->nsegs; i++) {
		const struct nested_seg *s = &h->segs[i];
		const char *ke = s->key + s->len;
		if (s->cut && s->path_off + s->len + 3 <= h->path_len)
			redact_marks_add(&cuts, s->path_off + s->len);
		for (k = 0; k < hs->n; k++) {
			const struct hit *b = &hs->h[k];
			const char *bs = b->m.secret, *be = bs + b->m.len;
			size_t lo, hi;
			if (b->arg != h->arg || bs >= ke || be <= s->key ||
			    encloses(b, h))
				continue;
			lo = s->path_off +
			     (size_t)((bs > s->key ? bs : s->key) - s->key);
			hi = s->path_off +
			     (size_t)((be < ke ? be : ke) - s->key);
			if (s->cut && be >= ke)
				hi += 3; /* the "…" after a cut key */
			if (lo >= h->path_len)
				continue;
			sp = xgrow(sp, &alloc, n + 1, sizeof(*sp));
			sp[n].off = lo;
			sp[n++].len =
				(hi < h->path_len ? hi : h->path_len) - lo;
		}
	}
	redact_spans_marked(&hide, out, h->path, h->path_len, sp, n, &cuts,
			    marks);
	free(sp);
}

static void emit(const struct hitset *hs, secret_hit_fn fn, void *arg)
{
	struct strbuf path = STRBUF_INIT;
	size_t i;
	for (i = 0; i < hs->n; i++) {
		const struct hit *h = &hs->h[i];
		struct secret_hit out = {
			.rule = h->m.rule,
			.secret = h->m.secret,
			.len = h->m.len,
			.arg = h->arg,
		};
		/* Past the cut, spans may have gone unseen that would
		 * shadow or join these: nothing there counts as judged. */
		if (past_cut(hs, h->arg, h->off) ||
		    (!hs->all_spans && shadowed(hs, i)))
			continue;
		if (h->path) {
			strbuf_reset(&path);
			path_shown(hs, h, &path, &out.path_marks);
			out.path = path.buf;
			out.path_len = path.len;
		}
		fn(&out, arg);
	}
	strbuf_release(&path);
}

void secret_name_norm(const char *s, size_t len, struct strbuf *out)
{
	char name[NAME_NORM_MAX + 1];
	bool cut;
	strbuf_add(out, name,
		   argvopt_name_norm(s, len, true, name, sizeof(name), &cut));
}

/* A nested pair, judged by its key as a variable name. */
static int on_pair(const struct nested_pair *p, void *arg)
{
	struct hitset *hs = arg;
	/* Pairs come in input order: none after the cut counts. */
	if (past_cut(hs, hs->arg, (size_t)(p->value - hs->base)))
		return 1;
	strbuf_reset(&hs->name);
	secret_name_norm(p->key, p->key_len, &hs->name);
	hs->path = p->path;
	hs->path_len = p->path_len;
	hs->segs = p->segs;
	hs->nsegs = p->nsegs;
	match_named(hs, TARGET_ENV, hs->name.buf, hs->name.len, p->value,
		    p->value_len);
	hs->path = NULL;
	hs->segs = NULL;
	hs->nsegs = 0;
	return 0;
}

/* The pairs nested in len bytes at value (inside hs->base); a cap of the
 * walk stops judging where it left the value unwalked. */
static void nested(struct hitset *hs, const char *value, size_t len)
{
	size_t walked;
	nested_walk(value, len, on_pair, hs, &walked);
	if (walked < len)
		cut_at(hs, hs->arg, (size_t)(value - hs->base) + walked);
}

/* Variable i of batch b by its name, as match_named does. */
static void match_batched(struct hitset *hs, const struct rule_batch *b,
			  size_t i)
{
	size_t stuck = SIZE_MAX;
	ruleset_batch_match(b, i, TARGET_ENV | TARGET_LIVE_ENV, collect, hs,
			    &stuck);
	if (stuck != SIZE_MAX)
		cut_at(hs, hs->arg,
		       (size_t)(b->vars[i].value - hs->base) + stuck);
}

/* One value: the pairs nested in it, then the rules on it, by its name
 * when it has one (a variable; variable bi of batch b when b is set),
 * else as text of target. Returns the bytes judged. */
static size_t in_value(const struct ruleset *rs, const char *name, size_t nlen,
		       unsigned target, const char *value, size_t len,
		       secret_hit_fn fn, void *arg, bool all,
		       const struct rule_batch *b, size_t bi)
{
	struct hitset hs;
	size_t judged;
	hits_init(&hs, rs, value);
	hs.all_spans = all;
	nested(&hs, value, len);
	/* The variable itself holds the value in use: the live-env rules
	 * too (a weak password is a finding there, a placeholder in a
	 * document is not). */
	if (b)
		match_batched(&hs, b, bi);
	else if (name)
		match_named(&hs, TARGET_ENV | TARGET_LIVE_ENV, name, nlen,
			    value, len);
	else
		match_text(&hs, target, value, len);
	emit(&hs, fn, arg);
	judged = hs.cut && hs.cut_off < len ? hs.cut_off : len;
	hits_release(&hs);
	return judged;
}

size_t secrets_in_var(const struct ruleset *rs, const char *name, size_t nlen,
		      const char *value, size_t vlen, secret_hit_fn fn,
		      void *arg)
{
	return in_value(rs, name, nlen, 0, value, vlen, fn, arg, false, NULL,
			0);
}

size_t secrets_in_batch_var(const struct rule_batch *b, size_t i,
			    secret_hit_fn fn, void *arg)
{
	const struct rule_var *v = &b->vars[i];
	return in_value(b->rs, v->name, v->nlen, 0, v->value, v->vlen, fn, arg,
			false, b, i);
}

size_t secrets_spans_in_var(const struct ruleset *rs, const char *name,
			    size_t nlen, const char *value, size_t vlen,
			    secret_hit_fn fn, void *arg)
{
	return in_value(rs, name, nlen, 0, value, vlen, fn, arg, true, NULL, 0);
}

size_t secrets_in_text(const struct ruleset *rs, unsigned target,
		       const char *text, size_t len, secret_hit_fn fn,
		       void *arg)
{
	return in_value(rs, NULL, 0, target, text, len, fn, arg, false, NULL,
			0);
}

/* The option pairs of a command line, sorted by argument. */
struct pair_item {
	struct argv_pair p;
	size_t order; /* as reported: keeps the sort stable */
};

struct pairs {
	struct pair_item *p;
	size_t n, alloc;
	bool capped;	/* more than ARGV_MAX_PAIRS */
	size_t cap_arg; /* the argument of the first pair not kept */
};

static int add_pair(const struct argv_pair *p, void *arg)
{
	struct pairs *ps = arg;
	if (ps->n == ARGV_MAX_PAIRS) {
		/* Pairs come in argument order: each argument before this
		 * one has given all of its pairs. */
		ps->capped = true;
		ps->cap_arg = p->arg;
		return 1;
	}
	ps->p = xgrow(ps->p, &ps->alloc, ps->n + 1, sizeof(*ps->p));
	ps->p[ps->n].p = *p;
	ps->p[ps->n].order = ps->n;
	ps->n++;
	return 0;
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

static struct secrets_extent in_argv(const struct ruleset *rs,
				     char *const *argv, size_t argc,
				     secret_hit_fn fn, void *arg, bool all)
{
	struct hitset hs;
	struct pairs ps = {0};
	struct secrets_extent ext = {argc, 0};
	size_t i, k = 0;
	if (!argv || !argc)
		return ext;
	hits_init(&hs, rs, argv[0]);
	hs.all_spans = all;
	argvopt_walk(argv, argc, add_pair, &ps);
	if (ps.capped)
		cut_at(&hs, ps.cap_arg, 0);
	if (ps.n)
		qsort(ps.p, ps.n, sizeof(*ps.p), cmp_pair);
	for (i = 0; i < argc && !past_cut(&hs, i, 0); i++) {
		size_t first = k, j, len = strlen(argv[i]);
		bool walked = false;
		hs.arg = i;
		hs.base = argv[i];
		/* Nested pairs first, then names, then formats: on a tie the
		 * most specific place wins. */
		for (; k < ps.n && ps.p[k].p.arg == i; k++) {
			nested(&hs, ps.p[k].p.value, ps.p[k].p.value_len);
			/* A pair's value may be the whole argument
			 * (--token VALUE): walked once. */
			walked = walked || (ps.p[k].p.value == argv[i] &&
					    ps.p[k].p.value_len == len);
		}
		if (argv[i][0] != '-' && !walked)
			nested(&hs, argv[i], len);
		for (j = first; j < k; j++)
			match_named(&hs, TARGET_ENV | TARGET_ARGV,
				    ps.p[j].p.name, ps.p[j].p.name_len,
				    ps.p[j].p.value, ps.p[j].p.value_len);
		match_text(&hs, TARGET_TEXT, argv[i], len);
	}
	emit(&hs, fn, arg);
	if (hs.cut && hs.cut_arg < argc)
		ext = (struct secrets_extent){hs.cut_arg, hs.cut_off};
	hits_release(&hs);
	free(ps.p);
	return ext;
}

struct secrets_extent secrets_in_argv(const struct ruleset *rs,
				      char *const *argv, size_t argc,
				      secret_hit_fn fn, void *arg)
{
	return in_argv(rs, argv, argc, fn, arg, false);
}

struct secrets_extent secrets_spans_in_argv(const struct ruleset *rs,
					    char *const *argv, size_t argc,
					    secret_hit_fn fn, void *arg)
{
	return in_argv(rs, argv, argc, fn, arg, true);
}
