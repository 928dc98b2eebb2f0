/* What rules check stands on: the loader rejects a key given twice in any
 * mapping (two `rules:` lists, a rule with two regexes) and an id defined
 * twice in one stream (the built-in files joined); it keeps references and
 * patterns for `rules list --json`, and a replacing rule remembers what it
 * replaced; ruleset_check fails a rule without examples;
 * ruleset_check_conventions fails a built-in rule without references, two
 * examples and a negative one, and only names a user's; and
 * secrets_check_overlaps names an example another rule's finding takes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "builtin_rules.h"
#include "scan/rules.h"
#include "scan/secrets.h"
#include "util/strbuf.h"

static int load(struct ruleset *rs, const char *yaml, const char *origin,
		char *err, size_t errlen)
{
	err[0] = '\0';
	return ruleset_load(rs, yaml, strlen(yaml), origin, err, errlen);
}

#define RULE(id, extra)              \
	"  - id: " id "\n"           \
	"    severity: high\n"       \
	"    targets: [env, text]\n" \
	"    regex: '\\b" id "_[0-9]{4}\\b'\n" extra

Test(rules_check, duplicate_keys_anywhere)
{
	static const struct {
		const char *yaml, *want;
	} bad[] = {
		/* Two top-level lists: the first would be lost. */
		{"rules:\n" RULE("a", "") "rules:\n" RULE("b", ""),
		 "x.yaml:6: key 'rules' given twice in one mapping (first at "
		 "line 1)"},
		/* A rule with two regexes. */
		{"rules:\n" RULE("a", "    regex: 'other'\n"),
		 "x.yaml:6: key 'regex' given twice"},
		/* Inside the allowlist. */
		{"rules:\n" RULE("a", "    allowlist:\n"
				      "      regexes: ['x']\n"
				      "      regexes: ['y']\n"),
		 "x.yaml:8: key 'regexes' given twice"},
	};
	struct ruleset rs;
	char err[512];
	size_t i;
	ruleset_init(&rs);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_lt(load(&rs, bad[i].yaml, "x.yaml", err, sizeof(err)),
			     0, "loaded: %s", bad[i].yaml);
		cr_expect(!strncmp(err, bad[i].want, strlen(bad[i].want)),
			  "message '%s', want '%s'", err, bad[i].want);
		cr_expect_eq(rs.n, 0);
	}
	/* The same key in two mappings is fine. */
	cr_assert_eq(load(&rs, "rules:\n" RULE("a", "") RULE("b", ""), "x.yaml",
			  err, sizeof(err)),
		     0, "%s", err);
	ruleset_release(&rs);
}

Test(rules_check, id_twice_across_documents)
{
	struct ruleset rs;
	char err[512];
	ruleset_init(&rs);
	/* The built-in files are one stream of documents. */
	cr_assert_lt(
		load(&rs,
		     "rules:\n" RULE("a", "") "---\nrules:\n" RULE("a", ""),
		     "(built-in)", err, sizeof(err)),
		0);
	cr_assert(strstr(err, "rule a: id defined twice (first at "
			      "(built-in):2)"),
		  "%s", err);
	cr_assert_eq(rs.n, 0);
	ruleset_release(&rs);
}

/* Hostile shapes stop at the first cap with file and line, before
 * libyaml's loader (which took minutes on 400 KB of "[[[["): each of
 * these is about 1 MB. The time they take is measured by make bench. */
Test(rules_check, hostile_shapes_capped)
{
	static const struct {
		const char *head, *unit, *tail, *want;
	} shapes[] = {
		{"rules: ", "[", "", "h.yaml:1: nested deeper than 32 levels"},
		{"rules: ", "{a: ", "",
		 "h.yaml:1: nested deeper than 32 levels"},
		{"rules:\n- id: x\n  regex: ", "[", "",
		 "h.yaml:3: nested deeper than 32 levels"},
		{"x: &x {id: q}\nrules: [*x", ",*x", "]\n",
		 "h.yaml:2: more than 1024 aliases"},
		{"", "---\nrules: []\n", "",
		 "h.yaml:2049: more than 1024 documents"},
	};
	size_t i;
	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct strbuf y = STRBUF_INIT;
		struct ruleset rs;
		char err[512];
		strbuf_addstr(&y, shapes[i].head);
		while (y.len < (1u << 20))
			strbuf_addstr(&y, shapes[i].unit);
		strbuf_addstr(&y, shapes[i].tail);
		ruleset_init(&rs);
		cr_assert_lt(load(&rs, y.buf, "h.yaml", err, sizeof(err)), 0);
		cr_expect(strstr(err, shapes[i].want), "shape %zu: %s", i, err);
		cr_assert_eq(rs.n, 0);
		ruleset_release(&rs);
		strbuf_release(&y);
	}
}

/* An id given twice among thousands of rules is still found and named
 * with the earlier one (the check sorts; it used to compare all pairs). */
Test(rules_check, id_twice_among_many)
{
	struct strbuf y = STRBUF_INIT;
	struct ruleset rs;
	char err[512];
	size_t i;
	strbuf_addstr(&y, "rules:\n");
	for (i = 0; i < 5000; i++)
		strbuf_addf(&y,
			    "  - id: r%zu\n    severity: low\n    targets: "
			    "[env]\n    regex: 'q%zu'\n",
			    i == 4000 ? (size_t)17 : i, i);
	ruleset_init(&rs);
	cr_assert_lt(load(&rs, y.buf, "m.yaml", err, sizeof(err)), 0);
	cr_assert(strstr(err, "m.yaml:16002: rule r17: id defined twice (first "
			      "at m.yaml:70)"),
		  "%s", err);
	ruleset_release(&rs);
	strbuf_release(&y);
}

Test(rules_check, references_patterns_and_replaced)
{
	struct ruleset rs;
	char err[512];
	const struct rule *r;
	ruleset_init(&rs);
	cr_assert_eq(
		load(&rs,
		     "rules:\n" RULE("a",
				     "    env_name: '^A$'\n"
				     "    env_name_exclude: '^B$'\n"
				     "    allowlist: {regexes: ['^a_0000$']}\n"
				     "    references: ['https://x.example/a', "
				     "'RFC 1']\n"),
		     "one.yaml", err, sizeof(err)),
		0, "%s", err);
	r = ruleset_find(&rs, "a");
	cr_assert_not_null(r);
	cr_assert_eq(r->nreferences, 2);
	cr_assert_str_eq(r->references[0], "https://x.example/a");
	cr_assert_null(r->references[2]);
	cr_assert_str_eq(r->env_name_src, "^A$");
	cr_assert_str_eq(r->env_name_exclude_src, "^B$");
	cr_assert_str_eq(r->allow_src[0], "^a_0000$");
	cr_assert_null(r->replaced);
	cr_assert_eq(load(&rs, "rules:\n" RULE("a", ""), "two.yaml", err,
			  sizeof(err)),
		     0, "%s", err);
	r = ruleset_find(&rs, "a");
	cr_assert_str_eq(r->origin, "two.yaml:2");
	cr_assert_str_eq(r->replaced, "one.yaml:2");
	cr_assert_null(r->references);
	ruleset_release(&rs);
}

struct fails {
	size_t n, noexamples;
};

static void on_fail(const struct rule *r, const char *ex, bool expected,
		    void *arg)
{
	struct fails *f = arg;
	(void)r;
	(void)expected;
	f->n++;
	f->noexamples += !ex;
}

Test(rules_check, rule_without_examples_fails)
{
	struct ruleset rs;
	struct fails f = {0};
	char err[512];
	ruleset_init(&rs);
	cr_assert_eq(
		load(&rs,
		     "rules:\n" RULE("a", "    examples: ['a_1234']\n")
			     RULE("b", "    negative_examples: ['b_12']\n"),
		     "x.yaml", err, sizeof(err)),
		0, "%s", err);
	ruleset_finish(&rs);
	cr_assert_eq(ruleset_check(&rs, on_fail, &f), 1);
	cr_assert_eq(f.noexamples, 1);
	ruleset_release(&rs);
}

struct over {
	char seen[256];
	size_t n;
};

static void on_overlap(const struct rule *r, const char *ex,
		       const struct rule *by, void *arg)
{
	struct over *o = arg;
	size_t len = strlen(o->seen);
	snprintf(o->seen + len, sizeof(o->seen) - len, "%s<%s:%s;", r->id,
		 by->id, ex);
	o->n++;
}

Test(rules_check, overlaps_named)
{
	struct ruleset rs;
	struct over o = {.n = 0};
	char err[512];
	ruleset_init(&rs);
	/* Two rules see the same token; the more confident one is reported,
	 * so the weaker one's example is named. A third sees it too but is
	 * not reported either. */
	cr_assert_eq(load(&rs,
			  "rules:\n"
			  "  - id: weak\n"
			  "    severity: critical\n"
			  "    confidence: low\n"
			  "    targets: [env, text]\n"
			  "    regex: '\\bt_[0-9]{4}\\b'\n"
			  "    examples: ['X=t_1234', 'u_1234']\n"
			  "  - id: strong\n"
			  "    severity: high\n"
			  "    confidence: high\n"
			  "    targets: [env, text]\n"
			  "    regex: '\\bt_[0-9]{4}\\b'\n"
			  "    examples: ['t_5678']\n",
			  "x.yaml", err, sizeof(err)),
		     0, "%s", err);
	ruleset_finish(&rs);
	cr_assert_eq(secrets_check_overlaps(&rs, on_overlap, &o), 1, "%s",
		     o.seen);
	cr_assert_str_eq(o.seen, "weak<strong:X=t_1234;");
	ruleset_release(&rs);
}

struct gaps_seen {
	char seen[512];
	size_t n, fatal;
};

static void on_gap(const struct rule *r, unsigned gaps, bool fatal, void *arg)
{
	struct gaps_seen *g = arg;
	size_t len = strlen(g->seen);
	snprintf(g->seen + len, sizeof(g->seen) - len, "%s:%u%s;", r->id, gaps,
		 fatal ? "!" : "");
	g->n++;
	g->fatal += fatal;
}

/* One rule that carries everything, and one short of each thing. */
#define CONVENTION_RULES                                                       \
	"rules:\n" RULE("full", "    references: ['https://x.example/f']\n"    \
				"    examples: ['full_1234', 'X=full_5678']\n" \
				"    negative_examples: ['full_12']\n")        \
		RULE("noref", "    examples: ['noref_1234', 'noref_5678']\n"   \
			      "    negative_examples: ['noref_12']\n")         \
			RULE("oneex", "    references: ['RFC 1']\n"            \
				      "    examples: ['oneex_1234']\n"         \
				      "    negative_examples: ['oneex_12']\n") \
				RULE("noneg", "    references: ['RFC 1']\n"    \
					      "    examples: ['noneg_1234', "  \
					      "'noneg_5678']\n")               \
					RULE("noex",                           \
					     "    references: ['RFC 1']\n"     \
					     "    negative_examples: "         \
					     "['noex_12']\n")

Test(rules_check, builtin_rules_carry_references_and_examples)
{
	static const char *const want =
		"noref:1!;oneex:2!;noneg:4!;"; /* noex: ruleset_check's */
	struct ruleset rs;
	struct gaps_seen g = {.n = 0};
	char err[512];
	const struct rule *r;
	ruleset_init(&rs);
	cr_assert_eq(load(&rs, CONVENTION_RULES, RULES_BUILTIN_ORIGIN, err,
			  sizeof(err)),
		     0, "%s", err);
	ruleset_finish(&rs);
	r = ruleset_find(&rs, "full");
	cr_assert(rule_is_builtin(r), "origin %s", r->origin);
	cr_expect_eq(rule_gaps(r), 0);
	cr_expect_eq(rule_gaps(ruleset_find(&rs, "noex")), RULE_GAP_EXAMPLES);
	cr_expect_eq(ruleset_check_conventions(&rs, on_gap, &g), 3, "%s",
		     g.seen);
	cr_expect_str_eq(g.seen, want);
	ruleset_release(&rs);
}

Test(rules_check, user_rules_are_only_told)
{
	struct ruleset rs;
	struct gaps_seen g = {.n = 0};
	char err[512];
	ruleset_init(&rs);
	cr_assert_eq(load(&rs, CONVENTION_RULES, "team.yaml", err, sizeof(err)),
		     0, "%s", err);
	ruleset_finish(&rs);
	cr_expect(!rule_is_builtin(ruleset_find(&rs, "full")));
	cr_expect_eq(ruleset_check_conventions(&rs, on_gap, &g), 0, "%s",
		     g.seen);
	cr_expect_str_eq(g.seen, "noref:1;oneex:2;noneg:4;");
	cr_expect_eq(g.fatal, 0);
	ruleset_release(&rs);
}

/* What `rules check` enforces in make check, proven here too: every
 * built-in rule has references, two examples and a negative one. */
Test(rules_check, builtin_set_meets_the_conventions)
{
	struct ruleset rs;
	struct gaps_seen g = {.n = 0};
	builtin_ruleset(&rs);
	cr_expect_eq(ruleset_check_conventions(&rs, on_gap, &g), 0,
		     "lacking (id:gaps): %s", g.seen);
	ruleset_release(&rs);
}
