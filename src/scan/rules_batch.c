/* The keyword prefilter over a batch of variables: one pass over each run
 * of variables that lie close together, every keyword occurrence mapped
 * back to its variable by place. */
#include "scan/rules.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/prefilter.h"
#include "scan/rules_impl.h"
#include "util/xalloc.h"

/* Bytes between two segments scanned rather than split into two passes:
 * one, environ's '=' between a name and its value and its NUL between
 * two variables. Never more: segments farther apart may lie in different
 * buffers, and the bytes between them are nobody's to read. */
#define BATCH_GAP 1

/* A stretch of bytes where a keyword counts for variable var. */
struct seg {
	uintptr_t lo, hi;
	uint32_t var;
};

/* One keyword hit: rule r in variable var. */
struct pair {
	uint32_t var, rule;
};

struct collect {
	const struct seg *seg; /* the segments of this pass, by place */
	size_t nseg;
	size_t cur;	/* the segment of the last occurrence */
	uintptr_t base; /* the pass's first byte */
	uint32_t *last; /* by rule: 1 + the variable it last hit */
	struct pair *p;
	size_t n, alloc;
};

static void add_seg(struct seg **seg, size_t *n, size_t *alloc, const char *s,
		    size_t len, size_t var)
{
	if (!len)
		return;
	*seg = xgrow(*seg, alloc, *n + 1, sizeof(**seg));
	(*seg)[*n].lo = (uintptr_t)s;
	(*seg)[*n].hi = (uintptr_t)s + len;
	(*seg)[(*n)++].var = (uint32_t)var;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

static void on_kw(uint32_t id, size_t start, size_t end, void *arg)
{
	struct collect *c = arg;
	uintptr_t s = c->base + start, e = c->base + end;
	size_t lo = c->cur, hi = c->nseg;
	const struct seg *g;
	/* The last segment that starts at or before s: occurrences come
	 * by end, so mostly in the segment of the one before, or after. */
	if (c->seg[lo].lo > s)
		lo = 0;
	else if (s < c->seg[lo].hi || lo + 1 == hi || c->seg[lo + 1].lo > s)
		hi = lo + 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->seg[mid].lo <= s)
			lo = mid;
		else
			hi = mid;
	}
	c->cur = lo;
	g = &c->seg[lo];
	if (s < g->lo || e > g->hi || c->last[id] == g->var + 1)
		return;
	c->last[id] = g->var + 1;
	c->p = xgrow(c->p, &c->alloc, c->n + 1, sizeof(*c->p));
	c->p[c->n].var = g->var;
	c->p[c->n++].rule = id;
}

void ruleset_batch_init(struct rule_batch *b, const struct ruleset *rs,
			const struct rule_var *vars, size_t n)
{
	struct collect c = {0};
	struct seg *seg = NULL;
	size_t nseg = 0, alloc = 0, i, k;
	uint32_t *fill;
	memset(b, 0, sizeof(*b));
	b->rs = rs;
	b->vars = vars;
	b->n = n;
	b->off = xcalloc(n + 1, sizeof(*b->off));
	for (i = 0; i < n; i++) {
		const struct rule_var *v = &vars[i];
		if (v->value && v->value == v->name + v->nlen + 1) {
			add_seg(&seg, &nseg, &alloc, v->name,
				v->nlen + 1 + v->vlen, i);
			continue;
		}
		add_seg(&seg, &nseg, &alloc, v->name, v->nlen, i);
		if (v->value)
			add_seg(&seg, &nseg, &alloc, v->value, v->vlen, i);
	}
	for (i = 1; i < nseg && seg[i - 1].lo <= seg[i].lo; i++)
		;
	if (i < nseg)
		qsort(seg, nseg, sizeof(*seg), cmp_seg);
	c.last = xcalloc(rs->n ? rs->n : 1, sizeof(*c.last));
	/* A pass over each run of segments that neither overlap nor lie
	 * far apart. */
	for (i = 0; i < nseg; i = k) {
		for (k = i + 1; k < nseg && seg[k].lo >= seg[k - 1].hi &&
				seg[k].lo - seg[k - 1].hi <= BATCH_GAP;
		     k++)
			;
		c.seg = &seg[i];
		c.nseg = k - i;
		c.cur = 0;
		c.base = seg[i].lo;
		prefilter_scan_each(rs->pf, (const char *)seg[i].lo,
				    seg[k - 1].hi - seg[i].lo, on_kw, &c);
	}
	/* By variable (a counting sort; in one variable, as found). */
	for (i = 0; i < c.n; i++)
		b->off[c.p[i].var + 1]++;
	for (i = 0; i < n; i++)
		b->off[i + 1] += b->off[i];
	b->rule = xcalloc(c.n ? c.n : 1, sizeof(*b->rule));
	for (i = 1; i < c.n && c.p[i - 1].var <= c.p[i].var; i++)
		;
	if (i >= c.n) { /* already by variable: environ in order */
		for (i = 0; i < c.n; i++)
			b->rule[i] = c.p[i].rule;
	} else {
		fill = xcalloc(n ? n : 1, sizeof(*fill));
		for (i = 0; i < c.n; i++)
			b->rule[b->off[c.p[i].var] + fill[c.p[i].var]++] =
				c.p[i].rule;
		free(fill);
	}
	free(c.p);
	free(c.last);
	free(seg);
}

void ruleset_batch_release(struct rule_batch *b)
{
	free(b->off);
	free(b->rule);
	memset(b, 0, sizeof(*b));
}

size_t ruleset_batch_match(const struct rule_batch *b, size_t i,
			   unsigned targets,
			   void (*fn)(const struct rule_match *m, void *arg),
			   void *arg, size_t *stuck)
{
	const struct rule_var *v = &b->vars[i];
	return ruleset_match_kw(b->rs, targets, b->rule + b->off[i],
				b->off[i + 1] - b->off[i], v->name, v->nlen,
				v->value, v->vlen, fn, arg, stuck);
}
