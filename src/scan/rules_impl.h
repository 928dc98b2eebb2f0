/* Internals shared by the rule loader and the rule set. */
#ifndef SCAN_RULES_IMPL_H
#define SCAN_RULES_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "scan/entropy.h"
#include "scan/rules.h"

/* Free what r owns; r is zeroed. */
void rule_release(struct rule *r);
/* Free a NULL-terminated string vector. */
void rule_strv_free(char **v);
/* ASCII lower-case s in place. */
void rule_lower(char *s);
/* Move r into rs, replacing a rule with the same id. */
void ruleset_put(struct ruleset *rs, struct rule *r);
/* ruleset_match_named with the keyword hits already found: kw holds nkw
 * rule indexes (any order, repeats allowed), the rules whose keywords
 * occur in NAME=VALUE; the keyword-less rules are added. */
size_t ruleset_match_kw(const struct ruleset *rs, unsigned targets,
			const uint32_t *kw, size_t nkw, const char *name,
			size_t nlen, const char *value, size_t vlen,
			void (*fn)(const struct rule_match *m, void *arg),
			void *arg, size_t *stuck);
/* Gates tested before a rule's regex (rules_gate.c): necessary
 * conditions derived from the rule, so skipping on them loses nothing;
 * and shapes simple enough to be decided in C exactly as PCRE2 would. */
enum allow_kind {
	ALLOW_REGEX,  /* run the regex */
	ALLOW_PREFIX, /* '^LIT': the secret starts with lit */
	ALLOW_SUBSTR, /* 'LIT': the secret holds lit */
	ALLOW_COUNT,  /* '(?:[^C]*C){N}': the secret holds N bytes C */
};

#define RULE_GATE_ALLOW_MAX 8

/* One literal of a name regex decided in C: the name ends with it (or
 * with it and a final '\n', as PCRE2's '$'), starting where start says. */
enum name_start {
	NAME_ANYWHERE, /* 'LIT$' */
	NAME_BEGIN,    /* '^LIT$' */
	NAME_WORD,     /* '(?:^|_)LIT$': at the start or after a '_' */
};

struct name_lit {
	const char *s; /* borrowed from the rule's env_name_src */
	size_t len;
	enum name_start start;
};

struct rule_allow {
	enum allow_kind kind;
	const char *lit; /* borrowed from the rule's allow_src */
	size_t len;	 /* of lit; for ALLOW_COUNT: N */
	unsigned char c; /* ALLOW_COUNT's byte */
};

struct rule_gate {
	/* What PCRE2 computed of the rule's regexes, packed by rules.c
	 * (rule_rx: the value regex's minimum length and the bytes every
	 * match holds; the name regex's bytes), 0 until first needed: the
	 * built-in rules' regexes compile on first use. Written by
	 * whichever thread needs it first, always the same value, so
	 * relaxed atomics on the one word suffice. */
	uint64_t rx_value, rx_name;
	uint64_t lead[4]; /* the bytes a match starts with (a bit each) */
	size_t lead_min;  /* ... at least this many, at offset 0; 0: none */
	/* The whole regex is '^[SET]{lead_min,run_max}+P{0,pad_max}$' (P a
	 * byte outside SET, '\n' outside SET too): matched in C. */
	bool whole;
	unsigned char part[256]; /* 1 for a byte of SET, P or '\n' */
	size_t run_max;
	unsigned char pad;
	size_t pad_max;
	/* The env_name regex is alternatives of literals, each anchored at
	 * the end (rule_gate_name): matched in C. */
	struct name_lit *name_lit; /* the NAME_BEGIN ones first, by length */
	size_t nname_lit, nname_begin;
	/* Otherwise, with two or more allowlist patterns: all of them as
	 * one regex, '(?|(?:A1)|(?:A2)|...)' (compiled on first use; NULL
	 * when a pattern has a construct that could mean something else
	 * there): one PCRE2 call where there were up to 18. */
	struct regex *allow_any;
	/* Every allowlist pattern in C (allow_c), each as allow[i]. */
	bool allow_c;
	size_t nallow;
	struct rule_allow allow[RULE_GATE_ALLOW_MAX];
};

void rule_gate_build(const struct rule *r, struct rule_gate *g);
/* Free what rule_gate_build allocated. */
void rule_gate_release(struct rule_gate *g);
/* For a gate with name_lit set: whether the rule's env_name regex
 * matches name (len bytes). */
bool rule_gate_name(const struct rule_gate *g, const char *name, size_t len);
/* Whether value v (len bytes) passes g's leading-class gate (true when
 * g has none). */
bool rule_gate_lead(const struct rule_gate *g, const char *v, size_t len);
/* For a gate with whole set: whether the rule's regex matches v (len
 * bytes) from offset 0, and where the match ends (*end: len, or len - 1
 * before a final newline, as PCRE2's '$'). There is no second match. On
 * a match h holds the byte counts of the match (as entropy_hist_fill). */
bool rule_gate_whole(const struct rule_gate *g, const char *v, size_t len,
		     size_t *end, struct entropy_hist *h);
/* For a gate with allow_c set: whether an allowlist pattern matches s
 * (len bytes), whose byte counts are count. */
bool rule_gate_allowed(const struct rule_gate *g, const char *s, size_t len,
		       const uint32_t *count);

#endif
