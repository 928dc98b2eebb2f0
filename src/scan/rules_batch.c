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

/* Segments and hits of a batch in buffers on the stack while they fit
 * (a few dozen variables), on the heap past that. */
#define SEG_BUF 128

struct collect {
	const struct seg *seg; /* the segments of this pass, by place */
	size_t nseg;
	size_t cur;	/* the segment of the last occurrence */
	uintptr_t base; /* the pass's first byte */
	struct pair *p; /* buf or the heap */
	size_t n, alloc;
	struct pair buf[RULE_BATCH_HITS];
};

struct segs {
	struct seg *seg; /* buf or the heap */
	size_t n, alloc;
	struct seg buf[SEG_BUF];
};

/* Room for one more in *p (n used, *alloc room; buf the stack buffer it
 * starts in). */
static void *grow(void *p, void *buf, size_t *alloc, size_t n, size_t size)
{
	void *q;
	if (n < *alloc)
		return p;
	if (p != buf)
		return xgrow(p, alloc, n + 1, size);
	q = xmalloc(2 * *alloc * size);
	memcpy(q, p, n * size);
	*alloc *= 2;
	return q;
}

static void add_seg(struct segs *g, const char *s, size_t len, size_t var)
{
	if (!len)
		return;
	g->seg = grow(g->seg, g->buf, &g->alloc, g->n, sizeof(*g->seg));
	g->seg[g->n].lo = (uintptr_t)s;
	g->seg[g->n].hi = (uintptr_t)s + len;
	g->seg[g->n++].var = (uint32_t)var;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;
	return (x->lo > y->lo) - (x->lo < y->lo);
}

static void on_kw(const uint32_t *ids, size_t nids, size_t start, size_t end,
		  void *arg)
{
	struct collect *c = arg;
	uintptr_t s = c->base + start, e = c->base + end;
	size_t lo = c->cur, j, q;
	const struct seg *g;
	/* The last segment that starts at or before s. Occurrences come in
	 * order of place (the one-byte keywords' pass first, then the
	 * rest), so a walk forward from the last one's segment crosses each
	 * segment about once a pass. */
	if (c->seg[lo].lo > s)
		lo = 0;
	while (lo + 1 < c->nseg && c->seg[lo + 1].lo <= s)
		lo++;
	c->cur = lo;
	g = &c->seg[lo];
	if (s < g->lo || e > g->hi)
		return;
	/* Once per rule and variable, among the hits of this variable at
	 * the end (a variable's hits come together but for a name and value
	 * apart: a repeat is then harmless, ruleset_match_kw drops it). */
	for (q = 0; q < nids; q++) {
		for (j = c->n; j > 0 && c->p[j - 1].var == g->var; j--)
			if (c->p[j - 1].rule == ids[q])
				break;
		if (j > 0 && c->p[j - 1].var == g->var)
			continue;
		c->p = grow(c->p, c->buf, &c->alloc, c->n, sizeof(*c->p));
		c->p[c->n].var = g->var;
		c->p[c->n++].rule = ids[q];
	}
}

void ruleset_batch_init(struct rule_batch *b, const struct ruleset *rs,
			const struct rule_var *vars, size_t n)
{
	struct collect c;
	struct segs sg;
	struct seg *seg;
	size_t nseg, i, k;
	uint32_t *fill;
	b->rs = rs;
	b->vars = vars;
	b->n = n;
	b->off = n <= RULE_BATCH_VARS ? b->off_buf
				      : xmalloc((n + 1) * sizeof(*b->off));
	memset(b->off, 0, (n + 1) * sizeof(*b->off));
	sg.seg = sg.buf;
	sg.n = 0;
	sg.alloc = SEG_BUF;
	for (i = 0; i < n; i++) {
		const struct rule_var *v = &vars[i];
		if (v->value && v->value == v->name + v->nlen + 1) {
			add_seg(&sg, v->name, v->nlen + 1 + v->vlen, i);
			continue;
		}
		add_seg(&sg, v->name, v->nlen, i);
		if (v->value)
			add_seg(&sg, v->value, v->vlen, i);
	}
	seg = sg.seg;
	nseg = sg.n;
	for (i = 1; i < nseg && seg[i - 1].lo <= seg[i].lo; i++)
		;
	if (i < nseg)
		qsort(seg, nseg, sizeof(*seg), cmp_seg);
	c.p = c.buf;
	c.n = 0;
	c.alloc = RULE_BATCH_HITS;
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
	b->rule = c.n <= RULE_BATCH_HITS ? b->rule_buf
					 : xmalloc(c.n * sizeof(*b->rule));
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
	if (c.p != c.buf)
		free(c.p);
	if (seg != sg.buf)
		free(seg);
}

void ruleset_batch_release(struct rule_batch *b)
{
	if (b->off != b->off_buf)
		free(b->off);
	if (b->rule != b->rule_buf)
		free(b->rule);
	b->off = b->rule = NULL;
	b->n = 0;
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
