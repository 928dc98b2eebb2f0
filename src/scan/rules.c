/* The rule set: building the prefilter and matching variables and text. */
#include "scan/rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "scan/entropy.h"
#include "scan/prefilter.h"
#include "scan/rules_impl.h"
#include "util/regex.h"
#include "util/xalloc.h"

void rule_strv_free(char **v)
{
	char **p;
	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

void rule_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

void rule_release(struct rule *r)
{
	size_t i;
	free(r->id);
	free(r->description);
	rule_strv_free(r->keywords);
	free(r->regex_src);
	regex_free(r->regex);
	regex_free(r->env_name);
	regex_free(r->env_name_exclude);
	free(r->env_name_src);
	free(r->env_name_exclude_src);
	rule_strv_free(r->allow_src);
	for (i = 0; i < r->nallow; i++)
		regex_free(r->allow[i]);
	free(r->allow);
	rule_strv_free(r->stopwords);
	rule_strv_free(r->examples);
	rule_strv_free(r->negatives);
	rule_strv_free(r->references);
	free(r->origin);
	free(r->replaced);
	memset(r, 0, sizeof(*r));
}

void ruleset_init(struct ruleset *rs)
{
	memset(rs, 0, sizeof(*rs));
}

void ruleset_release(struct ruleset *rs)
{
	size_t i;
	for (i = 0; i < rs->n; i++)
		rule_release(&rs->r[i]);
	free(rs->r);
	prefilter_free(rs->pf);
	free(rs->always);
	for (i = 0; i < rs->ngate; i++)
		rule_gate_release(&rs->gate[i]);
	free(rs->gate);
	ruleset_init(rs);
}

void ruleset_put(struct ruleset *rs, struct rule *r)
{
	size_t i;
	for (i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].id, r->id)) {
			char *was = rs->r[i].origin;
			rs->r[i].origin = NULL;
			rule_release(&rs->r[i]);
			rs->r[i] = *r;
			free(rs->r[i].replaced);
			rs->r[i].replaced = was;
			return;
		}
	rs->r = xgrow(rs->r, &rs->alloc, rs->n + 1, sizeof(*rs->r));
	rs->r[rs->n++] = *r;
}

void ruleset_finish(struct ruleset *rs)
{
	size_t i, k, alloc = 0;
	prefilter_free(rs->pf);
	free(rs->always);
	rs->always = NULL;
	rs->nalways = 0;
	rs->always_min = 0;
	rs->pf = prefilter_new();
	for (i = 0; i < rs->ngate; i++)
		rule_gate_release(&rs->gate[i]);
	free(rs->gate);
	rs->gate = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->gate));
	rs->ngate = rs->n;
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		rule_gate_build(r, &rs->gate[i]);
		for (k = 0; k < r->nkeywords; k++)
			prefilter_add(rs->pf, r->keywords[k],
				      strlen(r->keywords[k]), (uint32_t)i);
		if (!r->nkeywords) {
			rs->always = xgrow(rs->always, &alloc, rs->nalways + 1,
					   sizeof(*rs->always));
			if (!rs->nalways ||
			    rs->gate[i].lead_min < rs->always_min)
				rs->always_min = rs->gate[i].lead_min;
			rs->always[rs->nalways++] = i;
		}
	}
	prefilter_build(rs->pf);
}

const struct rule *ruleset_find(const struct ruleset *rs, const char *id)
{
	size_t i;
	for (i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].id, id))
			return &rs->r[i];
	return NULL;
}

static bool contains_ci(const char *s, size_t len, const char *word)
{
	size_t w = strlen(word), i;
	unsigned char lo, up;
	if (!w || w > len)
		return false;
	/* The first byte in either case before a call per position. */
	lo = (unsigned char)tolower((unsigned char)word[0]);
	up = (unsigned char)toupper((unsigned char)word[0]);
	for (i = 0; i + w <= len; i++)
		if (((unsigned char)s[i] == lo || (unsigned char)s[i] == up) &&
		    !strncasecmp(s + i, word, w))
			return true;
	return false;
}

/* Lower *stuck to off (a regex gave up there). */
static void stuck_at(size_t *stuck, size_t off)
{
	if (stuck && off < *stuck)
		*stuck = off;
}

/* Can word (lower case) occur, case-insensitively, in a string whose
 * byte counts are count? Every byte of it must be there. */
static bool stopword_possible(const uint32_t *count, const char *word)
{
	for (; *word; word++) {
		unsigned char c = (unsigned char)*word;
		if (!count[c] && !count[(unsigned char)toupper(c)])
			return false;
	}
	return true;
}

/* The post-filters: entropy gate, allowlist regexes, stopwords. An
 * allowlist regex that gives up does not allow. The byte counts are
 * taken once, for the entropy and the allowlist patterns decided in C
 * (rules_gate.c), and rule out most stopwords without a search. */
static bool accept_counted(const struct rule *r, const struct rule_gate *g,
			   const char *s, size_t len,
			   const struct entropy_hist *h, bool counted)
{
	size_t i;
	int rc;
	if (r->min_entropy > 0 && entropy_hist_bits(h) < r->min_entropy)
		return false;
	if (g->allow_c) {
		if (rule_gate_allowed(g, s, len, h->count))
			return false;
	} else if (g->allow_any && regex_compiles(g->allow_any) &&
		   (rc = regex_match(g->allow_any, s, len)) >= 0) {
		/* All the patterns at once; where that gives up, one by one
		 * below, as before. */
		if (rc == 1)
			return false;
	} else {
		for (i = 0; i < r->nallow; i++)
			if (regex_match(r->allow[i], s, len) == 1)
				return false;
	}
	for (i = 0; i < r->nstopwords; i++)
		if ((!counted ||
		     stopword_possible(h->count, r->stopwords[i])) &&
		    contains_ci(s, len, r->stopwords[i]))
			return false;
	return true;
}

static bool accept(const struct rule *r, const struct rule_gate *g,
		   const char *s, size_t len)
{
	struct entropy_hist h;
	bool counted = r->min_entropy > 0 || g->allow_c;
	if (counted)
		entropy_hist_fill(&h, s, len);
	return accept_counted(r, g, s, len, &h, counted);
}

/* Run r over subject from start; on an accepted match fill m and return
 * the offset to continue from (> start), else 0 (the regex giving up
 * lowers *stuck to where it tried). */
static size_t match_one(const struct rule *r, const struct rule_gate *gate,
			const char *s, size_t len, size_t start,
			struct rule_match *m, size_t *stuck)
{
	long ov[20];
	while (start <= len) {
		int g = r->secret_group;
		long a, b;
		int rc = regex_search(r->regex, s, len, start, ov, g + 1);
		if (rc < 0)
			stuck_at(stuck, start);
		if (rc != 1)
			return 0;
		a = ov[2 * g];
		b = ov[2 * g + 1];
		if (a >= 0 && b >= a &&
		    accept(r, gate, s + a, (size_t)(b - a))) {
			m->rule = r;
			m->secret = s + a;
			m->len = (size_t)(b - a);
			return ov[1] > (long)start ? (size_t)ov[1] : start + 1;
		}
		/* Not this one: try again past its start. */
		start = ov[1] > (long)start ? (size_t)ov[1] : start + 1;
	}
	return 0;
}

/* The rules to try, in rule order: keyword hits plus the keyword-less
 * ones. c->list has room for every rule (the caller's stack buffers
 * serve up to CAND_MAX rules; more are allocated). */
#define CAND_MAX 512

struct cand {
	unsigned char hits_buf[CAND_MAX];
	uint32_t list_buf[CAND_MAX];
	unsigned char *hits;
	uint32_t *list;
	size_t n;
};

static void cand_init(const struct ruleset *rs, struct cand *c)
{
	bool small = rs->n <= CAND_MAX;
	c->hits = small ? c->hits_buf : xcalloc(rs->n, 1);
	c->list = small ? c->list_buf : xcalloc(rs->n, sizeof(*c->list));
	if (small)
		memset(c->hits, 0, rs->n);
	c->n = 0;
}

static void sort_list(struct cand *c)
{
	size_t i;
	for (i = 1; i < c->n; i++) { /* few: an insertion sort */
		uint32_t v = c->list[i];
		size_t j = i;
		for (; j > 0 && c->list[j - 1] > v; j--)
			c->list[j] = c->list[j - 1];
		c->list[j] = v;
	}
}

/* Add the keyword-less rules and put the list in rule order, whatever
 * order the keywords came in: ties between rules that see the same
 * secret are then decided the same way. */
static void cand_finish(const struct ruleset *rs, struct cand *c)
{
	size_t i;
	for (i = 0; i < rs->nalways; i++)
		if (!c->hits[rs->always[i]]) {
			c->hits[rs->always[i]] = 1;
			c->list[c->n++] = (uint32_t)rs->always[i];
		}
	sort_list(c);
}

static void candidates(const struct ruleset *rs, const char *a, size_t alen,
		       const char *b, size_t blen, struct cand *c)
{
	cand_init(rs, c);
	/* NAME=VALUE straight from environ lie side by side: one pass over
	 * both (a keyword across the '=' only adds a candidate). */
	if (b && b == a + alen + 1) {
		prefilter_scan_list(rs->pf, a, alen + 1 + blen, c->hits,
				    c->list, &c->n);
	} else {
		prefilter_scan_list(rs->pf, a, alen, c->hits, c->list, &c->n);
		if (b)
			prefilter_scan_list(rs->pf, b, blen, c->hits, c->list,
					    &c->n);
	}
	cand_finish(rs, c);
}

static void candidates_release(struct cand *c)
{
	if (c->hits != c->hits_buf)
		free(c->hits);
	if (c->list != c->list_buf)
		free(c->list);
}

size_t ruleset_match_env(const struct ruleset *rs, const char *name,
			 size_t nlen, const char *value, size_t vlen,
			 void (*fn)(const struct rule_match *m, void *arg),
			 void *arg, size_t *stuck)
{
	return ruleset_match_named(rs, TARGET_ENV, name, nlen, value, vlen, fn,
				   arg, stuck);
}

/* What the gates use of a regex: its minimum length (at most 0xffff kept:
 * a lower bound is as safe) and two bytes every match holds (-1: none). */
struct rx_info {
	size_t min_len;
	int first, last;
};

/* The rx_info of re, cached in *slot (a word of the rule's gate, which is
 * otherwise read-only while matching): a call per candidate rule and
 * variable was 1.5 % of the engine. */
static struct rx_info rx_info(const struct regex *re, const uint64_t *cslot)
{
	uint64_t *slot = (uint64_t *)cslot, w;
	struct rx_info x;
	w = __atomic_load_n(slot, __ATOMIC_RELAXED);
	if (!w) {
		size_t n = re ? regex_min_length(re) : 0;
		int first = -1, last = -1;
		if (re)
			regex_required(re, &first, &last);
		w = 1ULL << 63 | (n < 0xffff ? n : 0xffff) |
		    (uint64_t)(first + 1) << 16 | (uint64_t)(last + 1) << 25;
		__atomic_store_n(slot, w, __ATOMIC_RELAXED);
	}
	x.min_len = w & 0xffff;
	x.first = (int)(w >> 16 & 0x1ff) - 1;
	x.last = (int)(w >> 25 & 0x1ff) - 1;
	return x;
}

/* Can s hold byte u (-1: no byte asked)? Letters in either case: PCRE2
 * reports a byte of a (?i) pattern in one. */
static bool may_hold(const char *s, size_t len, int u)
{
	unsigned char c = (unsigned char)u, lo = (unsigned char)(c | 0x20);
	if (u < 0)
		return true;
	if (lo >= 'a' && lo <= 'z')
		return memchr(s, lo, len) || memchr(s, lo - 0x20, len);
	return memchr(s, c, len) != NULL;
}

/* Whether s may match a regex of x: the bytes every match holds are
 * there (a regex without them cannot match, so skipping it loses
 * nothing; PCRE2 makes the same test itself, after the call). */
static bool rx_possible(const struct rx_info *x, const char *s, size_t len)
{
	return may_hold(s, len, x->last) &&
	       (x->first == x->last || may_hold(s, len, x->first));
}

/* The rules of targets among the candidates c, on a named value. */
static size_t match_cands(const struct ruleset *rs, const struct cand *c,
			  unsigned targets, const char *name, size_t nlen,
			  const char *value, size_t vlen,
			  void (*fn)(const struct rule_match *m, void *arg),
			  void *arg, size_t *stuck)
{
	size_t k, n = 0;
	for (k = 0; k < c->n; k++) {
		const struct rule *r = &rs->r[c->list[k]];
		const struct rule_gate *g = &rs->gate[c->list[k]];
		struct rule_match m;
		size_t at;
		int rc;
		/* Cheapest first: most values are too short for most rules. */
		struct rx_info xv, xn;
		if (!(r->targets & targets) || vlen < g->lead_min)
			continue;
		xv = rx_info(r->regex, &g->rx_value);
		if (vlen < xv.min_len || !rule_gate_lead(g, value, vlen))
			continue;
		if (r->env_name && g->name_lit) {
			if (!rule_gate_name(g, name, nlen))
				continue;
		} else if (r->env_name) {
			xn = rx_info(r->env_name, &g->rx_name);
			if (!rx_possible(&xn, name, nlen))
				continue;
			if ((rc = regex_match(r->env_name, name, nlen)) != 1) {
				if (rc < 0)
					stuck_at(stuck, 0);
				continue;
			}
		}
		/* A regex whose every match is the whole value in one shape
		 * (rules_gate.c): decided in C, and there is no second. */
		if (g->whole) {
			struct entropy_hist h;
			size_t end;
			if (!rule_gate_whole(g, value, vlen, &end, &h) ||
			    !accept_counted(r, g, value, end, &h, true) ||
			    (r->env_name_exclude &&
			     regex_match(r->env_name_exclude, name, nlen) == 1))
				continue;
			m.rule = r;
			m.secret = value;
			m.len = end;
			fn(&m, arg);
			n++;
			continue;
		}

		/* The exclusion after the value: it is a post-filter, and a
		 * long alternation on every name costs more than a value
		 * regex that fails at once. It does not exclude when it gives
		 * up. */
		if (!rx_possible(&xv, value, vlen) ||
		    !(at = match_one(r, g, value, vlen, 0, &m, stuck)))
			continue;
		if (r->env_name_exclude &&
		    regex_match(r->env_name_exclude, name, nlen) == 1)
			continue;
		/* Every match: two tokens in one value are two secrets. */
		do {
			fn(&m, arg);
			n++;
		} while (at <= vlen &&
			 (at = match_one(r, g, value, vlen, at, &m, stuck)));
	}
	return n;
}

size_t ruleset_match_named(const struct ruleset *rs, unsigned targets,
			   const char *name, size_t nlen, const char *value,
			   size_t vlen,
			   void (*fn)(const struct rule_match *m, void *arg),
			   void *arg, size_t *stuck)
{
	struct cand c;
	size_t n;
	/* Keywords may sit in the name (AWS_SECRET_ACCESS_KEY) or the
	 * value. */
	candidates(rs, name, nlen, value, vlen, &c);
	n = match_cands(rs, &c, targets, name, nlen, value, vlen, fn, arg,
			stuck);
	candidates_release(&c);
	return n;
}

size_t ruleset_match_kw(const struct ruleset *rs, unsigned targets,
			const uint32_t *kw, size_t nkw, const char *name,
			size_t nlen, const char *value, size_t vlen,
			void (*fn)(const struct rule_match *m, void *arg),
			void *arg, size_t *stuck)
{
	struct cand c;
	size_t i, j, n;
	/* No keyword, and too short for every keyword-less rule's gate
	 * (match_cands would skip each on lead_min): most variables. */
	if (!nkw && vlen < rs->always_min)
		return 0;
	/* A batch hands over few rules per variable, each once as a rule
	 * (rules_batch.c): checked against the list itself, the table of
	 * every rule needs no clearing for each variable. */
	if (rs->n <= CAND_MAX && nkw <= 16) {
		c.hits = NULL;
		c.list = c.list_buf;
		c.n = 0;
		for (i = 0; i < nkw; i++) {
			for (j = 0; j < c.n && c.list[j] != kw[i]; j++)
				;
			if (j == c.n)
				c.list[c.n++] = kw[i];
		}
		for (i = 0; i < rs->nalways; i++)
			c.list[c.n++] = (uint32_t)rs->always[i];
		sort_list(&c);
		return match_cands(rs, &c, targets, name, nlen, value, vlen, fn,
				   arg, stuck);
	}
	cand_init(rs, &c);
	for (i = 0; i < nkw; i++)
		if (!c.hits[kw[i]]) {
			c.hits[kw[i]] = 1;
			c.list[c.n++] = kw[i];
		}
	cand_finish(rs, &c);
	n = match_cands(rs, &c, targets, name, nlen, value, vlen, fn, arg,
			stuck);
	candidates_release(&c);
	return n;
}

size_t ruleset_match_text(const struct ruleset *rs, unsigned target,
			  const char *text, size_t len,
			  void (*fn)(const struct rule_match *m, void *arg),
			  void *arg, size_t *stuck)
{
	struct cand c;
	size_t k, n = 0;
	candidates(rs, text, len, NULL, 0, &c);
	for (k = 0; k < c.n; k++) {
		const struct rule *r = &rs->r[c.list[k]];
		const struct rule_gate *g = &rs->gate[c.list[k]];
		struct rule_match m;
		size_t at = 0;
		struct rx_info x;
		if (!(r->targets & target))
			continue;
		x = rx_info(r->regex, &g->rx_value);
		if (len < x.min_len || !rx_possible(&x, text, len))
			continue;
		while (at <= len &&
		       (at = match_one(r, g, text, len, at, &m, stuck))) {
			fn(&m, arg);
			n++;
		}
	}
	candidates_release(&c);
	return n;
}
