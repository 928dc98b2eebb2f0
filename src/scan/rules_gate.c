/* Cheap gates before a rule's regex, derived from the rule itself: what a
 * value must have for the regex to have any chance, tested in C with no
 * PCRE2 call. Each gate is a necessary condition, so
 * a rule finds exactly what it found without it; a rule the analysis
 * does not understand simply gets no gate. */
#include "scan/rules_impl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/regex.h"
#include "util/xalloc.h"

static void set_bit(uint64_t *set, unsigned char c)
{
	set[c >> 6] |= 1ULL << (c & 63);
}

/* Does the pattern have a '|' outside any group or class (then its
 * leading item binds only the first branch)? Unsure counts as yes: \Q
 * quoting, (?x) comments. */
static bool top_level_or(const char *p)
{
	int depth = 0;
	bool cls = false;
	if (strstr(p, "\\Q") || strstr(p, "(?x") || strstr(p, "(?^x") ||
	    strchr(p, '#'))
		return true;
	for (; *p; p++) {
		if (*p == '\\') {
			if (!*++p)
				return true;
			continue;
		}
		if (cls) {
			cls = *p != ']';
			continue;
		}
		if (*p == '[') {
			cls = true;
			/* A ']' or '^]' right after '[' is literal. */
			if (p[1] == '^')
				p++;
			if (p[1] == ']')
				p++;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		} else if (*p == '|' && depth <= 0) {
			return true;
		}
	}
	return false;
}

static void whole_shape(const char *p, const uint64_t *set,
			struct rule_gate *g);

/* A pattern '^[SET]{m,...' (SET of plain bytes and ranges, m > 0, no
 * top-level alternation): every match starts at 0 with m bytes of SET. */
static void lead_class(const char *p, struct rule_gate *g)
{
	uint64_t set[4] = {0};
	size_t i, m = 0;
	unsigned c;
	if (strncmp(p, "^[", 2) || top_level_or(p))
		return;
	p += 2;
	if (*p == '^' || *p == ']')
		return;
	for (i = 0; p[i] != ']'; i++) {
		unsigned char a = (unsigned char)p[i];
		if (!a || a == '\\' || a == '[')
			return;
		if (p[i + 1] == '-' && p[i + 2] && p[i + 2] != ']') {
			unsigned char b = (unsigned char)p[i + 2];
			if (b == '\\' || b == '[' || b < a)
				return;
			for (c = a; c <= b; c++)
				set_bit(set, (unsigned char)c);
			i += 2;
		} else {
			set_bit(set, a);
		}
	}
	p += i + 1;
	if (*p == '+') {
		m = 1;
	} else if (*p == '{') {
		for (p++; *p >= '0' && *p <= '9' && m < 65536; p++)
			m = m * 10 + (size_t)(*p - '0');
		if (*p != ',' && *p != '}')
			return;
		if (m)
			whole_shape(p, set, g);
	} else if (*p && *p != '*' && *p != '?') {
		m = 1;
	}
	if (!m) {
		g->whole = false;
		return;
	}
	memcpy(g->lead, set, sizeof(set));
	g->lead_min = m;
}

/* A byte that stands for itself in a pattern (no (?x): top_level_or
 * refused those). */
static bool plain(unsigned char c)
{
	return c > ' ' && c < 0x7f && !strchr("\\^$.|?*+()[]{}#", c);
}

/* Read digits at *p into *n (at most 65535, as PCRE2's quantifiers). */
static bool number(const char **p, size_t *n)
{
	const char *s = *p;
	*n = 0;
	for (; **p >= '0' && **p <= '9' && *n <= 65535; (*p)++)
		*n = *n * 10 + (size_t)(**p - '0');
	return *p != s && *n <= 65535;
}

static bool in_set(const uint64_t *set, unsigned char c)
{
	return set[c >> 6] & (1ULL << (c & 63));
}

/* After '^[SET]{m' at p (',' or '}'): the rest ',M}' or '}' or ',}', an
 * optional possessive '+', an optional pad 'P{0,k}' or 'P?', then '$'
 * and the end. With P and '\n' outside SET the run of SET is the one way
 * to split a value, so greedy, possessive and backtracking all agree. */
static void whole_shape(const char *p, const uint64_t *set, struct rule_gate *g)
{
	size_t max, k = 0;
	unsigned char pad = 0;
	unsigned c;
	const char *m0 = p;
	if (*p == '}') {
		/* '{m}': max is m, read back from the digits. */
		while (m0[-1] >= '0' && m0[-1] <= '9')
			m0--;
		if (!number(&m0, &max))
			return;
	} else if (p[1] == '}') {
		max = SIZE_MAX;
		p++;
	} else {
		p++;
		if (!number(&p, &max) || *p != '}')
			return;
	}
	p++;
	if (*p == '+')
		p++;
	if (*p != '$') {
		pad = (unsigned char)*p++;
		if (!plain(pad) || in_set(set, pad))
			return;
		if (*p == '?') {
			k = 1;
			p++;
		} else if (!strncmp(p, "{0,", 3)) {
			p += 3;
			if (!number(&p, &k) || *p++ != '}')
				return;
		} else {
			return;
		}
	}
	if (strcmp(p, "$") || in_set(set, '\n'))
		return;
	for (c = 0; c < 256; c++)
		g->part[c] = in_set(set, (unsigned char)c);
	if (pad)
		g->part[pad] = 1;
	g->part['\n'] = 1;
	g->whole = true;
	g->run_max = max;
	g->pad = pad;
	g->pad_max = k;
}

/* An allowlist pattern as a C check, if it has one of the shapes. */
static bool allow_shape(const char *src, struct rule_allow *a)
{
	const char *p = src;
	size_t n;
	if (!strncmp(p, "(?:[^", 5) && plain((unsigned char)p[5]) &&
	    p[6] == ']' && p[7] == '*' && p[8] == p[5] && p[9] == ')' &&
	    p[10] == '{') {
		a->c = (unsigned char)p[5];
		p += 11;
		if (!number(&p, &n) || n == 0 || strcmp(p, "}"))
			return false;
		a->kind = ALLOW_COUNT;
		a->len = n;
		return true;
	}
	a->kind = ALLOW_SUBSTR;
	if (*p == '^') {
		a->kind = ALLOW_PREFIX;
		p++;
	}
	if (!*p)
		return false;
	for (n = 0; p[n]; n++)
		if (!plain((unsigned char)p[n]))
			return false;
	a->lit = p;
	a->len = n;
	return true;
}

/* In (?x) mode whitespace between tokens is ignored. */
static const char *skip_ws(const char *p, bool x)
{
	while (x && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		     *p == '\f' || *p == '\v'))
		p++;
	return p;
}

/* A literal of a name: letters, digits and '_', which stand for
 * themselves (and the pattern has no (?i)). */
static size_t name_lit_len(const char *p)
{
	size_t n = 0;
	while ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= 'a' && p[n] <= 'z') ||
	       (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
		n++;
	return n;
}

static bool add_name_lit(struct rule_gate *g, size_t *alloc, const char *s,
			 size_t len, enum name_start start)
{
	if (!len)
		return false;
	if (g->nname_lit == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 16;
		g->name_lit =
			xrealloc(g->name_lit, *alloc * sizeof(*g->name_lit));
	}
	g->name_lit[g->nname_lit++] = (struct name_lit){s, len, start};
	return true;
}

static int cmp_name_lit(const void *a, const void *b)
{
	const struct name_lit *x = a, *y = b;
	int bx = x->start == NAME_BEGIN, by = y->start == NAME_BEGIN;
	if (bx != by)
		return by - bx;
	return (x->len > y->len) - (x->len < y->len);
}

/* A name pattern of alternatives, each '^', '(?:^|_)' or nothing, then a
 * literal or '(?:LIT|LIT|...)', then '$'; optionally in (?x) mode.
 * Anything else (a class, (?i), a quantifier, '#') keeps the regex. */
static void name_shape(const char *p, struct rule_gate *g)
{
	bool x = false;
	size_t alloc = 0, n;
	if (!strncmp(p, "(?x)", 4)) {
		x = true;
		p += 4;
	}
	for (;;) {
		enum name_start st = NAME_ANYWHERE;
		p = skip_ws(p, x);
		if (!strncmp(p, "(?:^|_)", 7)) {
			st = NAME_WORD;
			p += 7;
		} else if (*p == '^') {
			st = NAME_BEGIN;
			p++;
		}
		p = skip_ws(p, x);
		if (!strncmp(p, "(?:", 3)) {
			p += 3;
			for (;;) {
				p = skip_ws(p, x);
				n = name_lit_len(p);
				if (!add_name_lit(g, &alloc, p, n, st))
					goto fail;
				p = skip_ws(p + n, x);
				if (*p == ')')
					break;
				if (*p++ != '|')
					goto fail;
			}
			p++;
		} else {
			n = name_lit_len(p);
			if (!add_name_lit(g, &alloc, p, n, st))
				goto fail;
			p += n;
		}
		p = skip_ws(p, x);
		if (*p++ != '$')
			goto fail;
		p = skip_ws(p, x);
		if (!*p)
			break;
		if (*p++ != '|')
			goto fail;
	}
	/* An exact name is looked for among those of its length only. */
	qsort(g->name_lit, g->nname_lit, sizeof(*g->name_lit), cmp_name_lit);
	for (n = 0; n < g->nname_lit && g->name_lit[n].start == NAME_BEGIN; n++)
		;
	g->nname_begin = n;
	return;
fail:
	free(g->name_lit);
	g->name_lit = NULL;
	g->nname_lit = g->nname_begin = 0;
}

/* Can pattern p be one alternative of allow_any and mean there what it
 * means alone? Inside '(?:...)' of a branch-reset group its options end
 * with the group and its groups keep their numbers (\1 still means its
 * own first group); refused: what reaches past the group or names a
 * group elsewhere (\Q quoting, (*VERB) heads, '#' comments, a trailing
 * '\', recursion and subroutine calls, named groups, \g and \k). */
static bool allow_joinable(const char *p)
{
	if (strstr(p, "\\Q") || strstr(p, "(*") || strchr(p, '#') ||
	    strstr(p, "\\g") || strstr(p, "\\k"))
		return false;
	for (; *p; p++) {
		if (*p == '\\') {
			if (!*++p)
				return false;
			continue;
		}
		if (p[0] != '(' || p[1] != '?')
			continue;
		p += 2;
		if (strchr(":=!>|", *p) && *p)
			continue;
		if (*p == '<' && (p[1] == '=' || p[1] == '!'))
			continue;
		while (*p && strchr("imnsxU^-", *p))
			p++;
		if (*p != ':' && *p != ')')
			return false;
	}
	return true;
}

static void allow_join(const struct rule *r, struct rule_gate *g)
{
	size_t i, n = 8;
	char *src, *at;
	if (r->nallow < 2 || !r->allow_src)
		return;
	for (i = 0; i < r->nallow; i++) {
		if (!r->allow_src[i] || !allow_joinable(r->allow_src[i]))
			return;
		n += strlen(r->allow_src[i]) + 6;
	}
	at = src = xmalloc(n);
	at += sprintf(at, "(?|");
	for (i = 0; i < r->nallow; i++)
		at += sprintf(at, "%s(?:%s)", i ? "|" : "", r->allow_src[i]);
	sprintf(at, ")");
	g->allow_any = regex_new_lazy(src, 0);
	free(src);
}

void rule_gate_build(const struct rule *r, struct rule_gate *g)
{
	size_t i;
	memset(g, 0, sizeof(*g));
	if (r->env_name_src)
		name_shape(r->env_name_src, g);
	if (r->regex_src)
		lead_class(r->regex_src, g);
	/* The whole match is the secret only without a group. */
	if (r->secret_group)
		g->whole = false;
	if (!r->nallow || r->nallow > RULE_GATE_ALLOW_MAX || !r->allow_src)
		goto join;
	for (i = 0; i < r->nallow; i++)
		if (!r->allow_src[i] ||
		    !allow_shape(r->allow_src[i], &g->allow[i]))
			goto join;
	g->nallow = r->nallow;
	g->allow_c = true;
	return;
join:
	g->nallow = 0;
	memset(g->allow, 0, sizeof(g->allow));
	allow_join(r, g);
}

void rule_gate_release(struct rule_gate *g)
{
	regex_free(g->allow_any);
	g->allow_any = NULL;
	free(g->name_lit);
	g->name_lit = NULL;
	g->nname_lit = g->nname_begin = 0;
}

bool rule_gate_name(const struct rule_gate *g, const char *name, size_t len)
{
	size_t i, k, ends[2] = {len, len}, nend = 1;
	/* '$' matches at the end and before a final '\n'. */
	if (len && name[len - 1] == '\n')
		ends[nend++] = len - 1;
	/* '^LIT$': the whole name (but that '\n'), among the literals of
	 * its length (a binary search for the first). */
	for (k = 0; k < nend; k++) {
		size_t lo = 0, hi = g->nname_begin;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (g->name_lit[mid].len < ends[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo;
		     i < g->nname_begin && g->name_lit[i].len == ends[k]; i++)
			if (!memcmp(name, g->name_lit[i].s, ends[k]))
				return true;
	}
	for (i = g->nname_begin; i < g->nname_lit; i++) {
		const struct name_lit *l = &g->name_lit[i];
		for (k = 0; k < nend; k++) {
			size_t at;
			if (ends[k] < l->len)
				continue;
			at = ends[k] - l->len;
			if ((l->start == NAME_BEGIN && at) ||
			    (l->start == NAME_WORD && at &&
			     name[at - 1] != '_'))
				continue;
			if (!memcmp(name + at, l->s, l->len))
				return true;
		}
	}
	return false;
}

bool rule_gate_lead(const struct rule_gate *g, const char *v, size_t len)
{
	size_t i;
	if (len < g->lead_min)
		return false;
	for (i = 0; i < g->lead_min; i++) {
		unsigned char c = (unsigned char)v[i];
		if (!(g->lead[c >> 6] & (1ULL << (c & 63))))
			return false;
	}
	return true;
}

bool rule_gate_whole(const struct rule_gate *g, const char *v, size_t len,
		     size_t *end, struct entropy_hist *h)
{
	size_t i, d = 0, run, p, nl;
	uint32_t *count = h->count;
	memset(count, 0, sizeof(h->count));
	/* One pass: count every byte, stop at one that is in no part of
	 * the shape (SET, the pad, '\n'). Where they sit is checked below
	 * from the counts. */
	if (len < 256) {
		/* The first-seen order without a branch: whether a byte is
		 * new is a coin toss early in a random value. */
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)v[i];
			if (!g->part[c])
				return false;
			h->seen[d] = c;
			d += !count[c]++;
		}
	} else {
		for (i = 0; i < len; i++) {
			unsigned char c = (unsigned char)v[i];
			if (!g->part[c])
				return false;
			count[c]++;
		}
	}
	/* At most one '\n', last; the pads right before it (or the end). */
	nl = count['\n'];
	p = g->pad ? count[g->pad] : 0;
	if (nl > 1 || (nl && v[len - 1] != '\n') || p > g->pad_max)
		return false;
	run = len - nl - p;
	for (i = run; i < run + p; i++)
		if ((unsigned char)v[i] != g->pad)
			return false;
	if (run < g->lead_min || run > g->run_max)
		return false;
	*end = len - nl;
	h->len = *end;
	h->distinct = d;
	if (nl) {
		/* The '\n' (seen last, once) is not part of the match. */
		count['\n'] = 0;
		if (len < 256)
			h->distinct--;
		else if (*end < 256)
			entropy_hist_fill(h, v, *end); /* the short order */
	}
	return true;
}

static uint32_t times(const char *s, size_t len, char c)
{
	uint32_t n = 0;
	size_t i;
	for (i = 0; i < len; i++)
		n += s[i] == c;
	return n;
}

/* Does s hold lit (n > 0 bytes)? A memchr hop per occurrence of lit's
 * first byte: few in a value, and no set-up as memmem has. */
static bool holds(const char *s, size_t len, const char *lit, size_t n)
{
	const char *p = s, *e = s + len;
	while ((size_t)(e - p) >= n &&
	       (p = memchr(p, lit[0], (size_t)(e - p) - n + 1))) {
		if (!memcmp(p, lit, n))
			return true;
		p++;
	}
	return false;
}

bool rule_gate_allowed(const struct rule_gate *g, const char *s, size_t len,
		       const uint32_t *count)
{
	const struct rule_allow *a = g->allow;
	size_t i, k;
	/* The checks on counts and prefixes first: a search last. */
	for (i = 0; i < g->nallow; i++)
		if ((a[i].kind == ALLOW_COUNT && count[a[i].c] >= a[i].len) ||
		    (a[i].kind == ALLOW_PREFIX && len >= a[i].len &&
		     !memcmp(s, a[i].lit, a[i].len)))
			return true;
	for (i = 0; i < g->nallow; i++) {
		if (a[i].kind != ALLOW_SUBSTR)
			continue;
		/* Every byte of lit, as often as lit has it, must have been
		 * counted (lit is short). */
		for (k = 0; k < a[i].len; k++)
			if (count[(unsigned char)a[i].lit[k]] <
			    times(a[i].lit, a[i].len, a[i].lit[k]))
				break;
		if (k == a[i].len && holds(s, len, a[i].lit, a[i].len))
			return true;
	}
	return false;
}
