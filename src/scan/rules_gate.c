/* Cheap gates before a rule's regex, derived from the rule itself: what a
 * value must have for the regex to have any chance, tested in C with no
 * PCRE2 call. Each gate is a necessary condition, so
 * a rule finds exactly what it found without it; a rule the analysis
 * does not understand simply gets no gate. */
#include "scan/rules_impl.h"

#include <string.h>

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
	} else if (*p && *p != '*' && *p != '?') {
		m = 1;
	}
	if (!m)
		return;
	memcpy(g->lead, set, sizeof(set));
	g->lead_min = m;
}

void rule_gate_build(const struct rule *r, struct rule_gate *g)
{
	memset(g, 0, sizeof(*g));
	if (r->regex_src)
		lead_class(r->regex_src, g);
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
