/* The rule engine on byte strings: keyword prefilter, entropy, the YAML
 * loader (good files, malformed ones, all or nothing), matching with its
 * gates and post-filters, redaction, and the built-in rules on values and
 * command lines (the exact secret span, and look-alikes that stay silent). */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/builtin.h"
#include "unit/builtin_rules.h"
#include "scan/entropy.h"
#include "scan/prefilter.h"
#include "util/redact.h"
#include "util/regex.h"
#include "scan/rules.h"
#include "scan/rules_impl.h"
#include "scan/secrets.h"
#include "util/strbuf.h"

/* ---- Prefilter ---- */

/* Scan text with the keywords kw[0..n) (keyword i for id i), with
 * the trigram filter and with the bigram reference, which must agree. */
static void pf_hits(const char *const *kw, size_t n, const char *text,
		    unsigned char *hits)
{
	struct prefilter *pf = prefilter_new();
	unsigned char fallback[64];
	size_t i;
	cr_assert(n <= sizeof(fallback));
	for (i = 0; i < n; i++)
		prefilter_add(pf, kw[i], strlen(kw[i]), (uint32_t)i);
	prefilter_build(pf);
	memset(hits, 0, n);
	prefilter_scan(pf, text, strlen(text), hits);
	prefilter_force_bigram(pf);
	memset(fallback, 0, n);
	prefilter_scan(pf, text, strlen(text), fallback);
	cr_assert(!memcmp(hits, fallback, n));
	prefilter_free(pf);
}

Test(prefilter, case_insensitive)
{
	static const char *const kw[] = {"ghp_", "AWS_SECRET", "Token"};
	unsigned char h[3];
	pf_hits(kw, 3, "x=GHP_abc aws_Secret_access_key tOKEN", h);
	cr_assert(h[0] && h[1] && h[2]);
	pf_hits(kw, 3, "nothing to see", h);
	cr_assert(!h[0] && !h[1] && !h[2]);
	/* At the very start and the very end of the text. */
	pf_hits(kw, 3, "aws_secret=x_token", h);
	cr_assert(!h[0] && h[1] && h[2]);
}

Test(prefilter, overlapping)
{
	/* The classic: "ushers" holds she, he and hers, not his. */
	static const char *const kw[] = {"he", "she", "his", "hers"};
	unsigned char h[4];
	pf_hits(kw, 4, "ushers", h);
	cr_assert(h[0] && h[1] && !h[2] && h[3]);
	/* A keyword inside another, and one that starts in the middle of a
	 * failed longer one. */
	static const char *const kw2[] = {"aaab", "ab", "sk_live_", "live"};
	unsigned char h2[4];
	pf_hits(kw2, 4, "aaaab sk_liv_live", h2);
	cr_assert(h2[0] && h2[1] && !h2[2] && h2[3]);
}

Test(prefilter, no_false_hits)
{
	static const char *const kw[] = {"token", "xoxb-", "-----begin"};
	unsigned char h[3];
	/* Prefixes, near misses and a cut-off keyword at the end. */
	pf_hits(kw, 3, "toke tokn t0ken xoxa- xox ----begin -----BEGI", h);
	cr_assert(!h[0] && !h[1] && !h[2]);
	pf_hits(kw, 3, "", h);
	cr_assert(!h[0] && !h[1] && !h[2]);
	/* Bytes past ASCII are not folded into letters. */
	pf_hits(kw, 3, "\xd4oken \xf4OKEN", h);
	cr_assert(!h[0]);
}

Test(prefilter, every_place_and_length)
{
	/* The trigram pass reads six positions per 8-byte load and the rest
	 * byte by byte: every keyword length (2 to 9) at every offset of
	 * texts from 2 to 40 bytes, with bytes that the hash merges with
	 * letters (| 0x20) around it, must be found and nothing else. */
	static const char *const kw[] = {"q~",	     "sg.",	 "ghp_",
					 "xoxb-",    "token=",	 "AKIA123",
					 "password", "dop_v1_ab"};
	unsigned char h[8];
	char text[48];
	size_t k, len, off;
	for (k = 0; k < 8; k++)
		for (len = strlen(kw[k]); len <= 40; len++)
			for (off = 0; off + strlen(kw[k]) <= len; off++) {
				size_t j;
				memset(text, '\x0e', len);
				memcpy(text + off, kw[k], strlen(kw[k]));
				text[len] = 0;
				for (j = 0; j < off; j++)
					text[j] = (char)('@' + (j % 3));
				pf_hits(kw, 8, text, h);
				for (j = 0; j < 8; j++)
					cr_assert_eq(h[j], j == k,
						     "%s at %zu of %zu: id %zu",
						     kw[k], off, len, j);
			}
}

/* Each keyword (2 to 9 bytes) at every offset of texts up to 200 bytes
 * (several of the AVX-512 loop's blocks of 64 positions and every tail
 * length), with bytes around it that share its byte classes and pairs:
 * the AVX-512 loop, the portable trigram loop and the bigram reference
 * find it, and agree on the rest. */
Test(prefilter, every_place_long)
{
	static const char *const kw[] = {"q~",	     "sg.",    "ghp_",
					 "xoxb-",    "token=", "password",
					 "dop_v1_ab"};
	static const char fill[] = "SsTtOoKk~\x8e.P";
	enum { NKW = 7, MAXLEN = 200 };
	struct prefilter *pf[3];
	unsigned char h[3][NKW];
	char text[MAXLEN + 1];
	size_t k, len, off, m, j;
	for (m = 0; m < 3; m++) {
		pf[m] = prefilter_new();
		for (k = 0; k < NKW; k++)
			prefilter_add(pf[m], kw[k], strlen(kw[k]), (uint32_t)k);
		prefilter_build(pf[m]);
	}
	prefilter_force_scalar(pf[1]);
	prefilter_force_bigram(pf[2]);
	for (k = 0; k < NKW; k++)
		for (len = strlen(kw[k]); len <= MAXLEN; len += 1 + len / 64)
			for (off = 0; off + strlen(kw[k]) <= len; off++) {
				for (j = 0; j < len; j++)
					text[j] = fill[j % (sizeof(fill) - 1)];
				memcpy(text + off, kw[k], strlen(kw[k]));
				text[len] = 0;
				for (m = 0; m < 3; m++) {
					memset(h[m], 0, NKW);
					prefilter_scan(pf[m], text, len, h[m]);
				}
				cr_assert(!memcmp(h[0], h[1], NKW) &&
					  !memcmp(h[0], h[2], NKW));
				cr_assert(h[0][k], "%s at %zu of %zu", kw[k],
					  off, len);
			}
	for (m = 0; m < 3; m++)
		prefilter_free(pf[m]);
}

/* A keyword that several rules give is one entry: each rule still hits,
 * and a batch (prefilter_scan_each, rules_batch.c) reports it for each. */
Test(prefilter, shared_keyword)
{
	static const char *const kw[] = {"token", "TOKEN", "tok", "token",
					 "oken"};
	unsigned char h[5];
	size_t i;
	pf_hits(kw, 5, "A_Token=1", h);
	for (i = 0; i < 5; i++)
		cr_assert(h[i], "id %zu", i);
	pf_hits(kw, 5, "A_Toke=1", h);
	cr_assert(!h[0] && !h[1] && h[2] && !h[3] && !h[4]);
}

Test(prefilter, many_keywords)
{
	enum { N = 600 };
	struct prefilter *pf = prefilter_new();
	unsigned char *h = calloc(N, 1);
	char kw[32], text[64];
	size_t i, k;
	for (i = 0; i < N; i++) {
		int n = snprintf(kw, sizeof(kw), "KW%zu_", i);
		prefilter_add(pf, kw, (size_t)n, (uint32_t)i);
	}
	prefilter_build(pf);
	for (i = 0; i < N; i += 37) {
		snprintf(text, sizeof(text), "value=kw%zu_end", i);
		memset(h, 0, N);
		prefilter_scan(pf, text, strlen(text), h);
		for (k = 0; k < N; k++)
			cr_assert_eq(h[k], k == i, "text %s: id %zu is %d",
				     text, k, h[k]);
	}
	free(h);
	prefilter_free(pf);
}

Test(prefilter, one_byte_keyword)
{
	static const char *const kw[] = {"~", "Q~", "ab"};
	unsigned char h[3];
	pf_hits(kw, 3, "xQ~", h);
	cr_assert(h[0] && h[1] && !h[2]);
	pf_hits(kw, 3, "AB", h);
	cr_assert(!h[0] && !h[1] && h[2]);
}

/* Each scanning thread gets its own scratch; all find the same. */
struct pf_thread {
	const struct prefilter *pf;
	int found;
};

static void *pf_thread_run(void *arg)
{
	struct pf_thread *t = arg;
	unsigned char h[2];
	int k;
	for (k = 0; k < 100; k++) {
		memset(h, 0, sizeof(h));
		prefilter_scan(t->pf, "x=glpat-abc", 11, h);
		t->found += h[1] && !h[0];
	}
	return NULL;
}

Test(prefilter, threads)
{
	struct prefilter *pf = prefilter_new();
	struct pf_thread t[4];
	pthread_t tid[4];
	int i;
	prefilter_add(pf, "ghp_", 4, 0);
	prefilter_add(pf, "glpat-", 6, 1);
	prefilter_build(pf);
	for (i = 0; i < 4; i++) {
		t[i].pf = pf;
		t[i].found = 0;
		cr_assert(!pthread_create(&tid[i], NULL, pf_thread_run, &t[i]));
	}
	for (i = 0; i < 4; i++) {
		pthread_join(tid[i], NULL);
		cr_assert_eq(t[i].found, 100);
	}
	prefilter_free(pf);
}

/* ---- Batches: one prefilter pass over many variables ---- */

#define BATCH_YAML                      \
	"rules:\n"                      \
	"  - id: tok\n"                 \
	"    severity: high\n"          \
	"    targets: env\n"            \
	"    keywords: [tok_, 'a=b']\n" \
	"    regex: 'x'\n"              \
	"  - id: pass\n"                \
	"    severity: high\n"          \
	"    targets: env\n"            \
	"    keywords: [pass]\n"        \
	"    regex: 'x'\n"              \
	"  - id: always\n"              \
	"    severity: low\n"           \
	"    targets: env\n"            \
	"    regex: 'x'\n"

/* The keyword hits of variable i, as a bit per rule. */
static unsigned batch_bits(const struct rule_batch *b, size_t i)
{
	unsigned bits = 0;
	uint32_t k;
	for (k = b->off[i]; k < b->off[i + 1]; k++)
		bits |= 1u << b->rule[k];
	return bits;
}

Test(rules_batch, hits_by_place)
{
	/* environ-like, with bytes that belong to no variable between
	 * them, and one variable whose name and value lie apart. */
	static const char env[] = "A=tok_1\0junk PASS tok_\0B=a\0P=passA\0"
				  "C=1\0DA=bPASS";
	static const char name[] = "MY_TOK_NAME";
	struct rule_var v[] = {
		{env, env + 2, 1, 5},	    /* A=tok_1 */
		{env + 23, env + 25, 1, 1}, /* B=a: junk before it */
		{env + 27, env + 29, 1, 5}, /* P=passA */
		{env + 35, env + 37, 1, 1}, /* C=1 */
		{env + 39, env + 42, 2, 5}, /* DA=bPASS: keyword across '=' */
		{name, env + 29, 11, 4},    /* apart: MY_TOK_NAME, "pass" */
		{name, env + 39, 2, 0},	    /* "MY" and "" */
	};
	struct ruleset rs;
	struct rule_batch b;
	char err[256];
	int pass;
	ruleset_init(&rs);
	cr_assert_eq(ruleset_load(&rs, BATCH_YAML, strlen(BATCH_YAML), "t", err,
				  sizeof(err)),
		     0, "%s", err);
	ruleset_finish(&rs);
	for (pass = 0; pass < 2; pass++) {
		/* The trigram filter, then the bigram reference. */
		if (pass)
			prefilter_force_bigram(rs.pf);
		ruleset_batch_init(&b, &rs, v, 7);
		cr_assert_eq(batch_bits(&b, 0), 1u);
		cr_assert_eq(batch_bits(&b, 1), 0u);
		cr_assert_eq(batch_bits(&b, 2), 2u);
		cr_assert_eq(batch_bits(&b, 3), 0u);
		cr_assert_eq(batch_bits(&b, 4), 3u);
		cr_assert_eq(batch_bits(&b, 5), 3u);
		cr_assert_eq(batch_bits(&b, 6), 0u);
		ruleset_batch_release(&b);
	}
	ruleset_release(&rs);
}

struct match_log {
	char buf[8192];
	size_t len;
};

static void log_match(const struct rule_match *m, void *arg)
{
	struct match_log *l = arg;
	int n = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s %p %zu;",
			 m->rule->id, (const void *)m->secret, m->len);
	if (n > 0 && (size_t)n < sizeof(l->buf) - l->len)
		l->len += (size_t)n;
}

/* Every example and negative example of every built-in env rule, as one
 * environment: each variable matches in the batch exactly as alone. */
Test(rules_batch, builtin_examples_as_alone)
{
	struct ruleset rs;
	struct strbuf env = STRBUF_INIT;
	struct rule_var *v;
	struct rule_batch b;
	size_t i, k, n = 0, off;
	int pass;
	builtin_ruleset(&rs);
	for (i = 0; i < rs.n; i++)
		for (k = 0; k < rs.r[i].nexamples + rs.r[i].nnegatives; k++) {
			const char *ex =
				k < rs.r[i].nexamples
					? rs.r[i].examples[k]
					: rs.r[i].negatives[k -
							    rs.r[i].nexamples];
			if (!strchr(ex, '=') || !(rs.r[i].targets & TARGET_ENV))
				continue;
			strbuf_add(&env, ex, strlen(ex) + 1);
			n++;
		}
	cr_assert_gt(n, 100);
	v = calloc(n, sizeof(*v));
	for (i = 0, off = 0; i < n; i++) {
		const char *s = env.buf + off, *eq = strchr(s, '=');
		v[i] = (struct rule_var){s, eq + 1, (size_t)(eq - s),
					 strlen(eq + 1)};
		off += strlen(s) + 1;
	}
	for (pass = 0; pass < 2; pass++) {
		if (pass)
			prefilter_force_bigram(rs.pf);
		ruleset_batch_init(&b, &rs, v, n);
		for (i = 0; i < n; i++) {
			struct match_log alone = {.len = 0},
					 batched = {.len = 0};
			ruleset_match_env(&rs, v[i].name, v[i].nlen, v[i].value,
					  v[i].vlen, log_match, &alone, NULL);
			ruleset_batch_match(&b, i, TARGET_ENV, log_match,
					    &batched, NULL);
			cr_assert_str_eq(batched.buf, alone.buf, "%.*s",
					 (int)v[i].nlen, v[i].name);
		}
		ruleset_batch_release(&b);
	}
	free(v);
	strbuf_release(&env);
	ruleset_release(&rs);
}

/* ---- Entropy ---- */

Test(entropy, edges)
{
	unsigned char all[256];
	size_t i;
	cr_assert_eq(entropy_bits("", 0), 0);
	cr_assert_eq(entropy_bits("x", 1), 0);
	cr_assert_eq(entropy_bits("aaaaaaaa", 8), 0);
	cr_assert_float_eq(entropy_bits("ab", 2), 1.0, 1e-9);
	cr_assert_float_eq(entropy_bits("abcdabcd", 8), 2.0, 1e-9);
	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	cr_assert_float_eq(entropy_bits((const char *)all, 256), 8.0, 1e-9);
	cr_assert(entropy_bits("aab", 3) > 0.9 && entropy_bits("aab", 3) < 1);
}

/* ---- Loading ---- */

#define GOOD_YAML                                                \
	"# two rules\n"                                          \
	"rules:\n"                                               \
	"  - id: demo-token\n"                                   \
	"    description: A demo token\n"                        \
	"    severity: high\n"                                   \
	"    confidence: high\n"                                 \
	"    targets: [env, text]\n"                             \
	"    keywords: [DEMO_]\n"                                \
	"    regex: '\\b(demo_[a-z0-9]{8})\\b'\n"                \
	"    secret_group: 1\n"                                  \
	"    min_entropy: 2.5\n"                                 \
	"    allowlist:\n"                                       \
	"      regexes: ['^demo_0+$']\n"                         \
	"      stopwords: [EXAMPLE]\n"                           \
	"    examples: ['x demo_a1b2c3d4 y', 'demo_9z8y7x6w']\n" \
	"    negative_examples: [demo_00000000]\n"               \
	"  - id: demo-name\n"                                    \
	"    description: A secret by its name\n"                \
	"    severity: medium\n"                                 \
	"    targets: env\n"                                     \
	"    regex: '^(.+)$'\n"                                  \
	"    env_name: '(?i)(^|_)PASSWORD$'\n"                   \
	"    env_name_exclude: '^OLD_'\n"                        \
	"    examples: ['DB_PASSWORD=hunter2']\n"                \
	"    negative_examples: ['OLD_PASSWORD=x', 'DB_USER=x']\n"

static void check_report(const struct rule *r, const char *ex, bool expected,
			 void *arg)
{
	(void)arg;
	cr_log_error("rule %s: %s example '%s' failed", r->id,
		     expected ? "an" : "a negative", ex);
}

/* The matches of one call, by rule id, with the secret of the last. */
struct hits {
	const char *want; /* rule id to count */
	size_t n;
	char secret[256];
};

static void on_match(const struct rule_match *m, void *arg)
{
	struct hits *h = arg;
	if (strcmp(m->rule->id, h->want))
		return;
	h->n++;
	snprintf(h->secret, sizeof(h->secret), "%.*s", (int)m->len, m->secret);
}

/* How many matches of rule id in text; the last secret into secret. */
static size_t text_hits(const struct ruleset *rs, const char *text,
			const char *id, char *secret)
{
	struct hits h = {.want = id};
	ruleset_match_text(rs, TARGET_TEXT, text, strlen(text), on_match, &h,
			   NULL);
	if (secret)
		strcpy(secret, h.secret);
	return h.n;
}

/* The same for an environment variable NAME=VALUE. */
static size_t env_hits(const struct ruleset *rs, const char *var,
		       const char *id, char *secret)
{
	struct hits h = {.want = id};
	const char *eq = strchr(var, '=');
	cr_assert_not_null(eq);
	ruleset_match_env(rs, var, (size_t)(eq - var), eq + 1, strlen(eq + 1),
			  on_match, &h, NULL);
	if (secret)
		strcpy(secret, h.secret);
	return h.n;
}

static void load_ok(struct ruleset *rs, const char *yaml, const char *origin)
{
	char err[512] = "";
	int r = ruleset_load(rs, yaml, strlen(yaml), origin, err, sizeof(err));
	cr_assert_eq(r, 0, "load %s: %s", origin, err);
}

/* Load must fail with a message starting with want (and mentioning
 * also, if not NULL), and leave rs as it was. */
static void load_bad(struct ruleset *rs, const char *yaml, const char *want,
		     const char *also)
{
	char err[512] = "";
	size_t n = rs->n;
	int r = ruleset_load(rs, yaml, strlen(yaml), "bad.yaml", err,
			     sizeof(err));
	cr_assert_lt(r, 0, "bad rule file loaded: %s", yaml);
	cr_assert(!strncmp(err, want, strlen(want)), "message '%s', want '%s'",
		  err, want);
	cr_assert(!also || strstr(err, also), "message '%s' lacks '%s'", err,
		  also);
	cr_assert_eq(rs->n, n, "a failed file changed the rule count");
}

Test(rules_load, good_file)
{
	struct ruleset rs;
	const struct rule *r;
	ruleset_init(&rs);
	load_ok(&rs, GOOD_YAML, "good.yaml");
	cr_assert_eq(rs.n, 2);
	r = ruleset_find(&rs, "demo-token");
	cr_assert_not_null(r);
	cr_assert(r->severity == SEV_HIGH && r->confidence == CONF_HIGH);
	cr_assert_eq(r->targets, TARGET_ENV | TARGET_TEXT);
	cr_assert(r->nkeywords == 1 && !strcmp(r->keywords[0], "DEMO_"));
	cr_assert_eq(r->secret_group, 1);
	cr_assert_float_eq(r->min_entropy, 2.5, 1e-9);
	cr_assert(r->nallow == 1 && r->nstopwords == 1);
	cr_assert_str_eq(r->stopwords[0], "example"); /* lower-cased */
	cr_assert(r->nexamples == 2 && r->nnegatives == 1);
	cr_assert_str_eq(r->origin, "good.yaml:3");
	r = ruleset_find(&rs, "demo-name");
	cr_assert_not_null(r);
	cr_assert_eq(r->targets, TARGET_ENV);	  /* a lone string is a list */
	cr_assert_eq(r->confidence, CONF_MEDIUM); /* the default */
	cr_assert(r->env_name && r->env_name_exclude);
	cr_assert_str_eq(r->origin, "good.yaml:17");
	cr_assert_null(ruleset_find(&rs, "nope"));
	ruleset_finish(&rs);
	cr_assert_eq(ruleset_check(&rs, check_report, NULL), 0);
	ruleset_release(&rs);
}

Test(rules_load, malformed_yaml)
{
	struct ruleset rs;
	ruleset_init(&rs);
	load_ok(&rs, GOOD_YAML, "good.yaml");
	/* An unclosed flow sequence: libyaml's error, with the line. */
	load_bad(&rs,
		 "rules:\n  - id: x\n    severity: high\n"
		 "    keywords: [a, b\n    regex: y\n",
		 "bad.yaml:", NULL);
	load_bad(&rs, "rules:\n\t- id: tab\n", "bad.yaml:2:", NULL);
	load_bad(&rs, "- just\n- a list\n", "bad.yaml:1:", "rules");
	load_bad(&rs, "rules: 3\n", "bad.yaml:1:", "rules");
	load_bad(&rs, "rules:\n  - id: Bad_Id\n    regex: x\n",
		 "bad.yaml:2: ", "id");
	cr_assert_not_null(ruleset_find(&rs, "demo-token"));
	ruleset_release(&rs);
}

/* A good rule, then a bad one on line 8 whose defect is in extra (lines
 * 10 on; line 10 is "targets: [env]" unless extra sets targets). */
static void bad_second_rule(struct ruleset *rs, const char *extra,
			    const char *want, const char *also)
{
	char yaml[1024];
	snprintf(yaml, sizeof(yaml),
		 "rules:\n"
		 "  - id: fine-one\n"
		 "    description: loads on its own\n"
		 "    severity: low\n"
		 "    targets: [text]\n"
		 "    regex: fine\n"
		 "\n"
		 "  - id: broken-rule\n"
		 "    description: broken\n"
		 "%s%s",
		 strstr(extra, "targets:") ? "" : "    targets: [env]\n",
		 extra);
	load_bad(rs, yaml, want, also);
	cr_assert_null(ruleset_find(rs, "fine-one"),
		       "half of a bad file was loaded");
}

Test(rules_load, bad_rules_name_id_and_line)
{
	struct ruleset rs;
	ruleset_init(&rs);
	load_ok(&rs, GOOD_YAML, "good.yaml");
	bad_second_rule(&rs, "    severity: high\n",
			"bad.yaml:8: rule broken-rule: ", "regex");
	bad_second_rule(&rs, "    severity: severe\n    regex: x\n",
			"bad.yaml:8: rule broken-rule: ", "severity");
	/* A regex that does not compile: the line of the regex itself. */
	bad_second_rule(&rs, "    severity: high\n    regex: 'a(b'\n",
			"bad.yaml:12: rule broken-rule: ", "regex");
	bad_second_rule(&rs,
			"    severity: high\n    regex: x\n"
			"    env_name: '[z-a]'\n",
			"bad.yaml:13: rule broken-rule: ", "env_name");
	bad_second_rule(&rs,
			"    severity: high\n    regex: x\n"
			"    allowlist:\n      regexes: ['(']\n",
			"bad.yaml:", "broken-rule");
	bad_second_rule(&rs,
			"    severity: high\n    regex: x\n"
			"    min_entropy: 9\n",
			"bad.yaml:13: rule broken-rule: ", "min_entropy");
	/* A misspelt key would leave its examples unchecked. */
	bad_second_rule(&rs,
			"    severity: high\n    regex: x\n"
			"    negative_exmples: [x]\n",
			"bad.yaml:", "negative_exmples");
	bad_second_rule(&rs, "    severity: high\n    regex: [x]\n",
			"bad.yaml:12: rule broken-rule: ", "regex");
	bad_second_rule(&rs,
			"    severity: high\n    regex: x\n"
			"    targets: [env, disk]\n",
			"bad.yaml:12: rule broken-rule: ", "disk");
	cr_assert_eq(rs.n, 2);
	ruleset_release(&rs);
}

Test(rules_load, duplicate_id_names_rule_and_line)
{
	static const char yaml[] =
		"rules:\n"
		"  - {id: twice, severity: high, targets: [env], regex: one}\n"
		"  - {id: other, severity: high, targets: [env], regex: x}\n"
		"  - {id: twice, severity: low, targets: [env], regex: two}\n";
	struct ruleset rs;
	ruleset_init(&rs);
	load_ok(&rs, GOOD_YAML, "good.yaml");
	/* The second definition is the one to point at. */
	load_bad(&rs, yaml, "bad.yaml:4: rule twice: ", "bad.yaml:2");
	cr_assert_null(ruleset_find(&rs, "twice"));
	ruleset_release(&rs);
}

/* Documents joined with "---" load as one file: all or nothing. */
Test(rules_load, several_documents)
{
	static const char one[] = "rules:\n  - id: one\n    severity: low\n"
				  "    targets: [text]\n    regex: x\n";
	char yaml[2048];
	struct ruleset rs;
	ruleset_init(&rs);
	load_ok(&rs, "", "empty.yaml"); /* no document, no rule */
	cr_assert_eq(rs.n, 0);
	snprintf(yaml, sizeof(yaml), "---\n%s---\nrules:\n  - id: two\n", one);
	load_bad(&rs, yaml, "bad.yaml:9: rule two: ", "severity");
	snprintf(yaml, sizeof(yaml), "%s---\n%s", one, one);
	load_bad(&rs, yaml, "bad.yaml", "rule one: id defined twice");
	snprintf(yaml, sizeof(yaml), "%s---\n%s", one, GOOD_YAML);
	load_ok(&rs, yaml, "ok.yaml");
	cr_assert_eq(rs.n, 3);
	cr_assert_str_eq(ruleset_find(&rs, "demo-token")->origin, "ok.yaml:9");
	ruleset_release(&rs);
}

Test(rules_load, override_by_id)
{
	static const char over[] = "rules:\n"
				   "  - id: demo-token\n"
				   "    description: replaced\n"
				   "    severity: critical\n"
				   "    targets: [text]\n"
				   "    regex: 'other_[0-9]{4}'\n"
				   "  - {id: brand-new, severity: info, "
				   "targets: [text], regex: brandnew}\n";
	struct ruleset rs;
	const struct rule *r;
	ruleset_init(&rs);
	load_ok(&rs, GOOD_YAML, "good.yaml");
	load_ok(&rs, over, "mine.yaml");
	cr_assert_eq(rs.n, 3);
	r = ruleset_find(&rs, "demo-token");
	cr_assert_str_eq(r->description, "replaced");
	cr_assert_eq(r->severity, SEV_CRITICAL);
	cr_assert_str_eq(r->regex_src, "other_[0-9]{4}");
	cr_assert_str_eq(r->origin, "mine.yaml:2");
	cr_assert_eq(r->nkeywords, 0);
	ruleset_finish(&rs);
	cr_assert_eq(text_hits(&rs, "x other_1234 y", "demo-token", NULL), 1);
	cr_assert_eq(text_hits(&rs, "x demo_a1b2c3d4 y", "demo-token", NULL),
		     0);
	ruleset_release(&rs);
}

/* ---- Matching ---- */

static void load_finished(struct ruleset *rs, const char *yaml)
{
	ruleset_init(rs);
	load_ok(rs, yaml, "t.yaml");
	ruleset_finish(rs);
}

/* The leading-class gate (rules_gate.c) skips a regex only where it
 * cannot match: alternation, short runs and lazy starts keep theirs. */
#define GATE_YAML                         \
	"rules:\n"                        \
	"  - id: run\n"                   \
	"    severity: low\n"             \
	"    targets: env\n"              \
	"    regex: '^[a-f0-9-]{4,}+x'\n" \
	"  - id: or\n"                    \
	"    severity: low\n"             \
	"    targets: env\n"              \
	"    regex: '^[a]{3}|b'\n"        \
	"  - id: group-or\n"              \
	"    severity: low\n"             \
	"    targets: env\n"              \
	"    regex: '^[a]{2}(?:c|[|])'\n" \
	"  - id: star\n"                  \
	"    severity: low\n"             \
	"    targets: env\n"              \
	"    regex: '^[a]*z'\n"

static size_t gate_hits(const struct ruleset *rs, const char *value,
			const char *id)
{
	struct hits h = {.want = id};
	ruleset_match_env(rs, "V", 1, value, strlen(value), on_match, &h, NULL);
	return h.n;
}

Test(rules_match, lead_class_gate)
{
	struct ruleset rs;
	char err[256];
	ruleset_init(&rs);
	cr_assert_eq(ruleset_load(&rs, GATE_YAML, strlen(GATE_YAML), "t", err,
				  sizeof(err)),
		     0, "%s", err);
	ruleset_finish(&rs);
	cr_assert_eq(gate_hits(&rs, "ab-1x", "run"), 1);
	cr_assert_eq(gate_hits(&rs, "ab-1-x", "run"), 1);
	cr_assert_eq(gate_hits(&rs, "abgx", "run"), 0);
	cr_assert_eq(gate_hits(&rs, "abx", "run"), 0);
	cr_assert_eq(gate_hits(&rs, "xb", "or"), 1);
	cr_assert_eq(gate_hits(&rs, "aaa", "or"), 1);
	cr_assert_eq(gate_hits(&rs, "aa|", "group-or"), 1);
	cr_assert_eq(gate_hits(&rs, "ab|", "group-or"), 0);
	cr_assert_eq(gate_hits(&rs, "z", "star"), 1);
	ruleset_release(&rs);
}

/* A regex of the whole-value shape '^[SET]{m,M}+P{0,k}$' and allowlist
 * patterns of the shapes '^LIT', 'LIT', '(?:[^C]*C){N}' are decided in C
 * (rules_gate.c); "c" has them, "re" the same patterns in forms the gate
 * does not read, so PCRE2 decides: both must find the same secrets. */
#define WHOLE_RULE(id, re, a1, a2, a3)                    \
	"  - id: " id "\n"                                \
	"    severity: low\n"                             \
	"    targets: env\n"                              \
	"    regex: '" re "'\n"                           \
	"    min_entropy: 2.5\n"                          \
	"    allowlist:\n"                                \
	"      regexes: ['" a1 "', '" a2 "', '" a3 "']\n" \
	"      stopwords: [abcdef]\n"
#define WHOLE_YAML                                                         \
	"rules:\n" WHOLE_RULE("c", "^[A-Za-z0-9+/_-]{8,12}+={0,2}$", "^/", \
			      "//", "(?:[^/]*/){4}")                       \
		WHOLE_RULE("re", "(?:^[A-Za-z0-9+/_-]{8,12}+={0,2}$)",     \
			   "^(?:/)", "/{2}", "(?:[^/]*+/){4}")

Test(rules_match, whole_shape_in_c)
{
	static const char *const vals[] = {
		"V=Ab3dEf9h",	  "V=Ab3dEf9hKm",   "V=Ab3dEf9hKmQ",
		"V=Ab3dE",	  "V=Ab3dEf9h=",    "V=Ab3dEf9h==",
		"V=Ab3dEf9h===",  "V=Ab3dEf9h=x",   "V=Ab3d=f9hKm",
		"V=Ab3dEf9h\n",	  "V=Ab3dEf9h==\n", "V=Ab3dEf9h\n\n",
		"V=Ab3dEf9h\nx",  "V=\nAb3dEf9h",   "V=/b3dEf9hK",
		"V=Ab//Ef9hK",	  "V=A/3/E/9/K",    "V=A/3/E/9hK",
		"V=aaaaaaaaaa",	  "V=xAbCdEf9hK",   "V=Ab3dEf 9h",
		"V=Ab3dEf9h=\n=", "V=Ab-d_f+hK",
	};
	struct ruleset rs;
	char a[64], b[64];
	size_t i, na, nb;
	load_finished(&rs, WHOLE_YAML);
	na = (size_t)(ruleset_find(&rs, "c") - rs.r);
	nb = (size_t)(ruleset_find(&rs, "re") - rs.r);
	cr_assert(rs.gate[na].whole && rs.gate[na].allow_c);
	cr_assert(!rs.gate[nb].whole && !rs.gate[nb].allow_c);
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		a[0] = b[0] = '\0';
		na = env_hits(&rs, vals[i], "c", a);
		nb = env_hits(&rs, vals[i], "re", b);
		cr_assert_eq(na, nb, "'%s': %zu vs %zu", vals[i], na, nb);
		cr_assert_str_eq(a, b, "'%s'", vals[i]);
	}
	cr_assert_eq(env_hits(&rs, "V=Ab3dEf9h==\n", "c", a), 1);
	cr_assert_str_eq(a, "Ab3dEf9h==");
	ruleset_release(&rs);
}

/* Name regexes of end-anchored literals are decided in C
 * (rule_gate_name) exactly as PCRE2 decides them: '$' before a final
 * '\n', '^', '(?:^|_)', (?x) spacing; other shapes keep the regex. */
Test(rules_match, name_literals_in_c)
{
	static const char *const pats[] = {
		"(?x)^(?:\n  PGPASSWORD | MYSQL_PWD\n | A )$",
		"_FILE$|^(?:KUBECONFIG|NETRC)$",
		"(?:^|_)(?:OPTS|OPTIONS|ARGS)$",
		"^AB$|B$",
	};
	static const char *const no_c[] = {
		"(?i)_FILE$", "^(?:A|B)",	   "_FILE", "[A-Z]_FILE$",
		"^(?:A|)$",   "(?x)^(?:A # c\n)$", "^A+$",
	};
	static const char *const names[] = {
		"PGPASSWORD",
		"PGPASSWORD\n",
		"PGPASSWORD\n\n",
		"XPGPASSWORD",
		"PGPASSWORDX",
		"pgpassword",
		"MYSQL_PWD",
		"A",
		"A\n",
		"",
		"\n",
		"AB",
		"B",
		"XB",
		"B\n",
		"KEY_FILE",
		"_FILE",
		"FILE",
		"KEY_FILE\n",
		"KEY_FILEX",
		"KUBECONFIG",
		"X_KUBECONFIG",
		"JAVA_OPTS",
		"OPTS",
		"XOPTS",
		"_OPTS",
		"JAVA_OPTIONS\n",
		"JAVA__ARGS",
		"JAVA_ARGSS",
		"MYSQL_PWD\nX",
	};
	size_t i, k;
	char err[200];
	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		struct rule r = {.env_name_src = (char *)pats[i]};
		struct rule_gate g;
		struct regex *re = regex_new(pats[i], 0, err, sizeof(err));
		cr_assert_not_null(re, "%s: %s", pats[i], err);
		rule_gate_build(&r, &g);
		cr_assert(g.nname_lit, "%s", pats[i]);
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			cr_assert_eq(
				rule_gate_name(&g, names[k], strlen(names[k])),
				regex_match(re, names[k], strlen(names[k])) ==
					1,
				"%s on '%s'", pats[i], names[k]);
		rule_gate_release(&g);
		regex_free(re);
	}
	for (i = 0; i < sizeof(no_c) / sizeof(no_c[0]); i++) {
		struct rule r = {.env_name_src = (char *)no_c[i]};
		struct rule_gate g;
		rule_gate_build(&r, &g);
		cr_assert(!g.nname_lit, "%s", no_c[i]);
		rule_gate_release(&g);
	}
}

/* A rule's allowlist patterns joined into one regex (allow_any) allow
 * exactly what one of them alone allows: options stay inside their
 * pattern, \\1 keeps meaning the pattern's own group, anchors hold. */
Test(rules_match, allowlist_joined)
{
	static const char *const allow[] = {
		"(?i)^(?:true|no)$",
		"^(.)\\1*$",
		"^[0-9]+(?:\\.[0-9]+)?$",
		"ab(?=c)",
		"(?<=x)y$",
		"^\\$\\{[^}]*\\}$",
		"(?x) ^ q \\s* r $",
		"(?|(a)|(b))\\1z",
	};
	static const char *const subj[] = {
		"TRUE", "true\n", "xtrue", "aaaa",  "abab", "a",
		"",	"12.5",	  "12.",   "abc",   "abd",  "xy",
		"y",	"xy\n",	  "${X}",  "${X}}", "qr",   "q r",
		"Q r",	"aaz",	  "abz",   "bbz",   "No",   "x",
	};
	static const char *const bad[] = {"\\Qa",    "(*UTF)a", "a#b", "(?1)a",
					  "(?<n>a)", "\\k<n>",	"a\\"};
	struct rule r = {0};
	struct rule_gate g;
	struct regex *one[8];
	char err[200];
	size_t i, k;
	r.allow_src = (char **)allow;
	r.nallow = 8;
	rule_gate_build(&r, &g);
	cr_assert(!g.allow_c);
	cr_assert_not_null(g.allow_any);
	cr_assert(regex_compiles(g.allow_any));
	for (i = 0; i < 8; i++) {
		one[i] = regex_new(allow[i], 0, err, sizeof(err));
		cr_assert_not_null(one[i], "%s: %s", allow[i], err);
	}
	for (k = 0; k < sizeof(subj) / sizeof(subj[0]); k++) {
		bool any = false;
		for (i = 0; i < 8; i++)
			any |= regex_match(one[i], subj[k], strlen(subj[k])) ==
			       1;
		cr_assert_eq(
			regex_match(g.allow_any, subj[k], strlen(subj[k])) == 1,
			any, "'%s'", subj[k]);
	}
	for (i = 0; i < 8; i++)
		regex_free(one[i]);
	rule_gate_release(&g);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *two[2] = {"^x$", bad[i]};
		r.allow_src = (char **)two;
		r.nallow = 2;
		rule_gate_build(&r, &g);
		cr_assert_null(g.allow_any, "%s", bad[i]);
		rule_gate_release(&g);
	}
}

/* Every built-in rule whose allowlist is joined has a joined regex that
 * compiles (else each pattern is run alone: the same answer, slower),
 * and the name regexes meant for C are decided there. */
Test(rules_match, builtin_gates_in_use)
{
	struct ruleset rs;
	size_t i, joined = 0;
	builtin_ruleset(&rs);
	for (i = 0; i < rs.n; i++)
		if (rs.gate[i].allow_any) {
			cr_assert(regex_compiles(rs.gate[i].allow_any), "%s",
				  rs.r[i].id);
			joined++;
		}
	cr_assert(joined > 0);
	i = (size_t)(ruleset_find(&rs, "env-generic-secret-name") - rs.r);
	cr_assert_not_null(rs.gate[i].allow_any);
	i = (size_t)(ruleset_find(&rs, "env-known-secret-name") - rs.r);
	cr_assert(rs.gate[i].nname_lit > 50);
	ruleset_release(&rs);
}

Test(rules_match, env_name_and_exclude)
{
	struct ruleset rs;
	char s[256];
	load_finished(&rs, GOOD_YAML);
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=hunter2", "demo-name", s), 1);
	cr_assert_str_eq(s, "hunter2");
	cr_assert_eq(env_hits(&rs, "db_password=x", "demo-name", NULL), 1);
	cr_assert_eq(env_hits(&rs, "PASSWORD=x", "demo-name", NULL), 1);
	/* Excluded by name, not a whole token, not at the end. */
	cr_assert_eq(env_hits(&rs, "OLD_PASSWORD=x", "demo-name", NULL), 0);
	cr_assert_eq(env_hits(&rs, "DBPASSWORD=x", "demo-name", NULL), 0);
	cr_assert_eq(env_hits(&rs, "PASSWORD_FILE=x", "demo-name", NULL), 0);
	/* Nothing to match in an empty value. */
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=", "demo-name", NULL), 0);
	/* An env-only rule does not run on text. */
	cr_assert_eq(text_hits(&rs, "DB_PASSWORD=hunter2", "demo-name", NULL),
		     0);
	ruleset_release(&rs);
}

Test(rules_match, keyword_in_name_or_value)
{
	static const char yaml[] = "rules:\n- {id: kw-rule, severity: high, "
				   "targets: [env], keywords: [secretish], "
				   "regex: '([0-9]{6})'}\n";
	struct ruleset rs;
	load_finished(&rs, yaml);
	cr_assert_eq(env_hits(&rs, "MY_SECRETISH=123456", "kw-rule", NULL), 1);
	cr_assert_eq(env_hits(&rs, "X=secretish 123456", "kw-rule", NULL), 1);
	/* The regex would match, but no keyword: the rule does not run. */
	cr_assert_eq(env_hits(&rs, "X=123456", "kw-rule", NULL), 0);
	ruleset_release(&rs);
}

/* A regex is skipped where a byte PCRE2 says every match holds is
 * missing; under (?i) that byte may be there in the other case. */
Test(rules_match, required_bytes)
{
	static const char yaml[] =
		"rules:\n"
		"- {id: ci, severity: high, targets: [env, text], "
		"env_name: '(?i)_VAULT$', regex: '(?i)s\\.tok([0-9]+)@Z'}\n"
		"- {id: cs, severity: high, targets: [env, text], "
		"regex: 'q:([0-9]+)#'}\n";
	struct ruleset rs;
	load_finished(&rs, yaml);
	cr_assert_eq(env_hits(&rs, "A_VAULT=S.TOK12@z", "ci", NULL), 1);
	cr_assert_eq(env_hits(&rs, "a_vault=s.tok12@Z", "ci", NULL), 1);
	cr_assert_eq(env_hits(&rs, "A_VAULT=s.tok12Z", "ci", NULL), 0);
	cr_assert_eq(env_hits(&rs, "A_VAUL=s.tok12@Z", "ci", NULL), 0);
	cr_assert_eq(env_hits(&rs, "X=q:12#", "cs", NULL), 1);
	cr_assert_eq(env_hits(&rs, "X=Q:12#", "cs", NULL), 0);
	cr_assert_eq(env_hits(&rs, "X=q:12", "cs", NULL), 0);
	cr_assert_eq(text_hits(&rs, "x s.TOK1@z q:3#", "ci", NULL), 1);
	cr_assert_eq(text_hits(&rs, "x s.TOK1@z q:3#", "cs", NULL), 1);
	cr_assert_eq(text_hits(&rs, "x s.TOK1z q:3", "cs", NULL), 0);
	ruleset_release(&rs);
}

Test(rules_match, secret_group)
{
	static const char yaml[] =
		"rules:\n"
		"  - id: url-cred\n"
		"    severity: high\n"
		"    targets: [env, text]\n"
		"    keywords: ['://']\n"
		"    regex: '([a-z]+)://([^:/@\\s]+):([^@\\s]+)@([^\\s/]+)'\n"
		"    secret_group: 3\n"
		"  - {id: whole, severity: low, targets: [text], "
		"regex: 'tok_[a-z]+'}\n";
	struct ruleset rs;
	char s[256];
	load_finished(&rs, yaml);
	cr_assert_eq(env_hits(&rs, "DATABASE_URL=postgres://app:Pa55w0rd!@db/x",
			      "url-cred", s),
		     1);
	cr_assert_str_eq(s, "Pa55w0rd!");
	/* Group 0 by default; text reports every match. */
	cr_assert_eq(text_hits(&rs, "tok_abc, tok_def", "whole", s), 2);
	cr_assert_str_eq(s, "tok_def");
	ruleset_release(&rs);
}

Test(rules_match, min_entropy)
{
	struct ruleset rs;
	char s[256];
	load_finished(&rs, GOOD_YAML);
	cr_assert_eq(text_hits(&rs, "k=demo_a1b2c3d4", "demo-token", s), 1);
	cr_assert_str_eq(s, "demo_a1b2c3d4");
	/* demo_aaaaaaaa: 13 bytes of 6 kinds, under 2.5 bits. */
	cr_assert_lt(entropy_bits("demo_aaaaaaaa", 13), 2.5);
	cr_assert_eq(text_hits(&rs, "k=demo_aaaaaaaa", "demo-token", NULL), 0);
	/* A low-entropy candidate does not hide a later good one. */
	cr_assert_eq(
		text_hits(&rs, "demo_aaaaaaaa demo_q9w8e7r6", "demo-token", s),
		1);
	cr_assert_str_eq(s, "demo_q9w8e7r6");
	ruleset_release(&rs);
}

Test(rules_match, allowlist_and_stopwords)
{
	static const char yaml[] =
		"rules:\n"
		"  - id: pw\n"
		"    severity: high\n"
		"    targets: [env]\n"
		"    regex: '^(.+)$'\n"
		"    env_name: '_PASSWORD$'\n"
		"    allowlist:\n"
		"      regexes: ['^\\$\\{?[A-Z_]+\\}?$', '^(true|false)$']\n"
		"      stopwords: [changeme, Placeholder]\n";
	struct ruleset rs;
	load_finished(&rs, yaml);
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=s3cr3t", "pw", NULL), 1);
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=${DB_PASSWORD}", "pw", NULL),
		     0);
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=$PW", "pw", NULL), 0);
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=false", "pw", NULL), 0);
	/* Stopwords: anywhere in the secret, any case. */
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=CHANGEME", "pw", NULL), 0);
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=x-placeholder-1", "pw", NULL),
		     0);
	cr_assert_eq(env_hits(&rs, "DB_PASSWORD=changem3", "pw", NULL), 1);
	ruleset_release(&rs);
}

Test(rules_match, catastrophic_backtracking_stops)
{
	static const char yaml[] =
		"rules:\n"
		"- {id: evil, severity: high, targets: [env, text], "
		"regex: '(a+)+$'}\n"
		"- {id: fine, severity: low, targets: [env, text], regex: "
		"ab}\n";
	struct ruleset rs;
	char value[64], var[80];
	load_finished(&rs, yaml);
	/* 2^39 ways to split the a's: without a match limit this would
	 * not end. It must, with no match, and other rules still run. */
	memset(value, 'a', 39);
	strcpy(value + 39, "!");
	cr_assert_eq(strlen(value), 40);
	snprintf(var, sizeof(var), "V=%s", value);
	cr_assert_eq(env_hits(&rs, var, "evil", NULL), 0);
	cr_assert_eq(text_hits(&rs, value, "evil", NULL), 0);
	value[39] = 'b';
	snprintf(var, sizeof(var), "V=%s", value);
	cr_assert_eq(env_hits(&rs, var, "evil", NULL), 0);
	cr_assert_eq(env_hits(&rs, var, "fine", NULL), 1);
	ruleset_release(&rs);
}

/* ---- Redaction ---- */

/* The evidence for secret must be want. */
static void expect_evidence(const struct redactor *r, const char *secret,
			    const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	redact_evidence(r, &sb, secret, strlen(secret));
	cr_assert_str_eq(sb.buf, want, "evidence of '%s'", secret);
	strbuf_release(&sb);
}

#define ELLIPSIS "\xe2\x80\xa6"

Test(redact, evidence)
{
	struct redactor r;
	cr_assert_eq(redactor_init_random(&r, false), 0);
	expect_evidence(&r, "ghp_0123456789abcdefghij", "ghp_" ELLIPSIS);
	expect_evidence(&r, "abcdefghijk", ELLIPSIS); /* 11: nothing */
	expect_evidence(&r, "abcdefghijkl", "abcd" ELLIPSIS);
	expect_evidence(&r, "", ELLIPSIS);
	cr_assert_eq(redactor_init_random(&r, true), 0);
	expect_evidence(&r, "hunter2", "hunter2");
}

static void fp(const struct redactor *r, const char *s, char *out)
{
	redact_fingerprint(r, s, strlen(s), out);
	cr_assert_eq(strlen(out), FINGERPRINT_LEN);
	cr_assert_eq(strspn(out, "0123456789abcdef"), FINGERPRINT_LEN);
}

#define KEY "00112233445566778899aabbccdd" /* + 2 bytes */

Test(redact, fingerprints)
{
	struct redactor a, b, c;
	char x[FINGERPRINT_LEN + 1], y[FINGERPRINT_LEN + 1];
	cr_assert_eq(redactor_init_random(&a, false), 0);
	cr_assert_eq(redactor_init_random(&b, false), 0);
	fp(&a, "hunter2", x);
	fp(&a, "hunter2", y);
	cr_assert_str_eq(x, y, "equal secrets, one key");
	fp(&a, "hunter3", y);
	cr_assert_str_neq(x, y, "different secrets, one key");
	fp(&b, "hunter2", y);
	cr_assert_str_neq(x, y, "one secret, two random keys");
	/* A given key gives the same fingerprint every time. */
	cr_assert(!redactor_init_hex(&a, KEY "eeff", 0));
	cr_assert(
		!redactor_init_hex(&b, "00112233445566778899AABBCCDDEEFF", 0));
	cr_assert(!redactor_init_hex(&c, KEY "eefe", 0));
	fp(&a, "hunter2", x);
	fp(&b, "hunter2", y);
	cr_assert_str_eq(x, y, "one key in two cases of hex");
	fp(&c, "hunter2", y);
	cr_assert_str_neq(x, y, "a key one bit apart");
}

Test(redact, fingerprint_key_hex)
{
	/* 16 hex digits at least, 64 at most. */
	static const char *const good[] = {"0011223344556677", KEY "eeff",
					   KEY "eeff" KEY "eeff"};
	static const char *const bad[] = {"",
					  "001122334455667",
					  "00112233445566",
					  "0011223344556677x",
					  "0011223344556677 ",
					  "zz11223344556677",
					  "0x0011223344556677",
					  KEY "eeff" KEY "eeff00" /* 66 */};
	struct redactor r;
	size_t i;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert_eq(redactor_init_hex(&r, good[i], false), 0, "%s",
			     good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_lt(redactor_init_hex(&r, bad[i], false), 0,
			     "'%s' accepted", bad[i]);
}

/* ---- The built-in rules ---- */

static struct ruleset builtin;

static void builtin_setup(void)
{
	builtin_ruleset(&builtin);
}

static void builtin_teardown(void)
{
	ruleset_release(&builtin);
}

TestSuite(builtin_rules, .init = builtin_setup, .fini = builtin_teardown);

/* The one secret rule id finds in text: exactly want. */
static void text_secret(const char *text, const char *id, const char *want)
{
	char s[256];
	cr_assert_eq(text_hits(&builtin, text, id, s), 1, "%s: %s", id, text);
	cr_assert_str_eq(s, want, "%s: %s", id, text);
}

static void text_silent(const char *text, const char *id)
{
	char s[256] = "";
	cr_assert_eq(text_hits(&builtin, text, id, s), 0, "%s: %s found '%s'",
		     id, text, s);
}

/* What a command line gives, after one secret is reported once. */
struct argv_hits {
	char *const *argv;
	size_t n;
	struct {
		const char *rule;
		size_t arg, off;
		char secret[256];
	} h[16];
};

static void on_argv_hit(const struct secret_hit *h, void *arg)
{
	struct argv_hits *a = arg;
	if (a->n < 16) {
		a->h[a->n].rule = h->rule->id;
		a->h[a->n].arg = h->arg;
		a->h[a->n].off = (size_t)(h->secret - a->argv[h->arg]);
		snprintf(a->h[a->n].secret, 256, "%.*s", (int)h->len,
			 h->secret);
	}
	a->n++;
}

#define ARGV(...) ((const char *const[]){__VA_ARGS__, NULL})

static void argv_judge(struct argv_hits *a, const char *const *argv)
{
	size_t argc = 0;
	while (argv[argc])
		argc++;
	memset(a, 0, sizeof(*a));
	a->argv = (char *const *)argv;
	secrets_in_argv(&builtin, (char *const *)argv, argc, on_argv_hit, a);
}

/* The command line gives exactly one finding: by rule id (any if NULL),
 * in argv[arg], the secret want and nothing around it. */
static void argv_secret(const char *const *argv, const char *id, size_t arg,
			const char *want)
{
	struct argv_hits a;
	size_t i;
	argv_judge(&a, argv);
	for (i = 0; i < a.n && i < 16; i++)
		cr_log_info("%s argv[%zu]+%zu '%s'", a.h[i].rule, a.h[i].arg,
			    a.h[i].off, a.h[i].secret);
	cr_assert_eq(a.n, 1, "%zu findings for %s %s", a.n, argv[0], argv[1]);
	if (id)
		cr_assert_str_eq(a.h[0].rule, id);
	cr_assert_eq(a.h[0].arg, arg);
	cr_assert_str_eq(a.h[0].secret, want);
	cr_assert(!memcmp(argv[arg] + a.h[0].off, want, strlen(want)));
}

static void argv_silent(const char *const *argv)
{
	struct argv_hits a;
	argv_judge(&a, argv);
	cr_assert_eq(a.n, 0, "%s %s: %s found '%s' in argv[%zu]", argv[0],
		     argv[1], a.n ? a.h[0].rule : "", a.n ? a.h[0].secret : "",
		     a.n ? a.h[0].arg : 0);
}

Test(builtin_rules, url_userinfo_any_scheme)
{
	static const char *const schemes[] = {
		"socks5h", "socks5", "socks4a", "ws",	 "wss",	 "rtsp",
		"s3",	   "smb",    "vnc",	"kafka", "etcd", "postgres",
	};
	char url[128];
	size_t i;
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		snprintf(url, sizeof(url), "%s://user:SocksPw12345@proxy:1080",
			 schemes[i]);
		text_secret(url, "url-userinfo-credentials", "SocksPw12345");
	}
	text_secret("jdbc:mysql://app:5RBvPKaHMPTlLyui@mysql:3306/app",
		    "url-userinfo-credentials", "5RBvPKaHMPTlLyui");
	text_secret("redis://:CB9rcRb1aNjX@redis:6379/0",
		    "url-userinfo-credentials", "CB9rcRb1aNjX");
	argv_secret(ARGV("ssh", "-o", "ProxyCommand=nc -X 5 -x h:1080 %h %p",
			 "socks5h://user:SocksPw12345@proxy:1080"),
		    "url-userinfo-credentials", 3, "SocksPw12345");
}

Test(builtin_rules, url_userinfo_password_with_at_slash_colon)
{
	/* The user ends at the first ':', the password at the last '@'
	 * before the host. */
	text_secret("postgres://app:p@ssW0rd@db:5432/x",
		    "url-userinfo-credentials", "p@ssW0rd");
	text_secret("postgres://app:p@ss:W0rd@db:5432/x",
		    "url-userinfo-credentials", "p@ss:W0rd");
	text_secret("postgres://app:pa/ss:W0rd@db:5432/x",
		    "url-userinfo-credentials", "pa/ss:W0rd");
	text_secret("amqp://app:Ab/c@d@rabbit:5672/vhost",
		    "url-userinfo-credentials", "Ab/c@d");
	/* ... unless the URL reads as a host and a path: then the password
	 * is what precedes the first '@' (u:pw@h, then /p@x). */
	text_secret("amqp://app:Ab3@b/c@rabbit:5672/vhost",
		    "url-userinfo-credentials", "Ab3");
	/* An '@' in the path or the query is not the password's. */
	text_secret("https://u:p4ssw0rdX@h/x@y", "url-userinfo-credentials",
		    "p4ssw0rdX");
	text_secret("https://u:p4ssw0rdX@h:8443/?mail=a@b.c#x@y",
		    "url-userinfo-credentials", "p4ssw0rdX");
	/* Quotes end a URL written in JSON or a shell line. */
	text_secret("{\"url\": \"redis://:CB9rcRb1aNjX@cache:6379/0\", "
		    "\"owner\": \"ops@example.com\"}",
		    "url-userinfo-credentials", "CB9rcRb1aNjX");
	/* On a command line: the span is exactly the password, so the
	 * host stays readable after redaction. */
	argv_secret(ARGV("psql", "postgres://app:p@ssW0rd@db:5432/x"),
		    "url-userinfo-credentials", 1, "p@ssW0rd");
}

Test(builtin_rules, redaction_keeps_the_host)
{
	static const struct redactor hide = {.reveal = false};
	char *argv[] = {
		strdup("curl"), strdup("socks5h://app:p@ssW0rd@proxy:1080"),
		strdup("-H"), strdup("X-Api-Key: abc123SecretValue"), NULL};
	size_t i, argc = 4;
	struct secrets_redacted r =
		secrets_redact_argv(&builtin, &hide, argv, &argc);
	cr_assert(r.redacted && !r.withheld && argc == 4);
	cr_assert_str_eq(argv[1], "socks5h://app:\xe2\x80\xa6@proxy:1080");
	cr_assert_str_eq(argv[3], "X-Api-Key: abc1\xe2\x80\xa6");
	for (i = 0; i < 4; i++)
		free(argv[i]);
}

Test(builtin_rules, url_userinfo_look_alikes)
{
	static const char *const quiet[] = {
		"ssh://deploy@host:22/srv",
		"git@github.com:org/repo.git",
		"https://user@example.com/path",
		"https://example.com:8080/?mail=a@b",
		"https://registry.example.com:443/@scope/pkg",
		"https://registry.example.com:8443/v2/@scope/pkg@1.0",
		"pip install git+https://github.com/org/repo.git@v1.2.0",
		"git+ssh://git@github.com:org/repo.git@v1",
		"docker://registry.local:5000/team/app@sha256:9f86d081884c",
		"http://[::1]:8080/users/@me",
		"http://localhost:${PORT}/users/@me",
		"http://localhost:$PORT/users/@me",
		"postgres://app:password@db/app",
		"postgres://app:${DB_PASSWORD}@db/app",
		"postgres://app:$DB_PASSWORD@db/app",
		"postgres://app:$(DB_PASSWORD)@db/app",
		"postgres://app:<password>@db/app",
		"postgres://app:%3Cpassword%3E@db/app",
		"postgres://app:{{ .Values.pw }}@db/app",
		"postgres://{user}:{password}@{host}/{db}",
		"postgres://%s:%s@%s/%s",
		"postgres://%(user)s:%(password)s@%(host)s/db",
		"postgres://app:****@db/app",
		"redis://:@redis:6379/0",
		"postgres://app:@db/app",
		"mailto:ops@example.com",
	};
	size_t i;
	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
		text_silent(quiet[i], "url-userinfo-credentials");
	argv_silent(ARGV("git", "clone", "git@github.com:org/repo.git"));
	argv_silent(ARGV("curl", "-s", "https://example.com:8080/a@b/c@d"));
}

Test(builtin_rules, settings_on_the_command_line)
{
	/* aws drops its documented example key; the option's name still
	 * says what it is. */
	argv_secret(ARGV("aws", "configure", "set", "aws_secret_access_key",
			 "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
		    "argv-secret-option", 4,
		    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	argv_secret(ARGV("aws", "configure", "set", "--profile", "prod",
			 "aws_secret_access_key",
			 "d7olF3DCXvZfnD/vZHBVPSyHLJiauDkJLWMUWjML"),
		    "aws-secret-access-key", 6,
		    "d7olF3DCXvZfnD/vZHBVPSyHLJiauDkJLWMUWjML");
	argv_secret(ARGV("npm", "config", "set",
			 "//registry.npmjs.org/:_authToken",
			 "npm_9P7sXAb9xjwUl5xrTP1cWg7WmiJepSZ4RSMW"),
		    "npm-token", 4, "npm_9P7sXAb9xjwUl5xrTP1cWg7WmiJepSZ4RSMW");
	argv_secret(ARGV("npm", "set",
			 "//npm.corp/:_authToken=Zq8vN2mKp4RtCB9rcRb1"),
		    "argv-secret-option", 2, "Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("yarn", "config", "set", "npmAuthToken",
			 "Zq8vN2mKp4RtCB9rcRb1"),
		    "argv-secret-option", 4, "Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("kubectl", "config", "set", "users.bob.token",
			 "Zq8vN2mKp4RtCB9rcRb1"),
		    "argv-secret-option", 4, "Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("pip", "config", "set", "global.index-url",
			 "https://ci:CB9rcRb1aNjX@pypi.corp/simple"),
		    "url-userinfo-credentials", 4, "CB9rcRb1aNjX");
	argv_secret(ARGV("git", "config", "--global", "http.extraheader",
			 "Authorization: Basic eC1hY2Nlc3MtdG9rZW46NVJCdlBLYUh"
			 "NUFRsTHl1aQ=="),
		    "http-auth-header", 4,
		    "eC1hY2Nlc3MtdG9rZW46NVJCdlBLYUhNUFRsTHl1aQ==");
	argv_secret(ARGV("git", "config", "--global", "http.extraHeader",
			 "PRIVATE-TOKEN: Zq8vN2mKp4RtCB9rcRb1"),
		    "http-header-credential", 4, "Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("git", "config", "--global", "credential.helper",
			 "!f() { echo \"username=ci\"; echo "
			 "\"password=CB9rcRb1aNjX\"; }; f"),
		    "conn-string-password", 4, "CB9rcRb1aNjX");
	argv_secret(
		ARGV("git", "config", "credential.helper",
		     "!f() { printf 'username=ci\\npassword=CB9rcRb1aNjX\\n'"
		     "; }; f"),
		"conn-string-password", 3, "CB9rcRb1aNjX");
	/* Already read: the generic forms and the registry login. */
	argv_secret(ARGV("kubectl", "config", "set-credentials", "bob",
			 "--token=Zq8vN2mKp4RtCB9rcRb1"),
		    "argv-secret-option", 4, "Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("docker", "login", "-u", "ci", "-p",
			 "Zq8vN2mKp4RtCB9rcRb1", "reg.corp"),
		    "argv-secret-option", 5, "Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("docker", "login", "--password",
			 "Zq8vN2mKp4RtCB9rcRb1", "reg.corp"),
		    "argv-secret-option", 3, "Zq8vN2mKp4RtCB9rcRb1");
	/* Ordinary settings. */
	argv_silent(ARGV("aws", "configure", "set", "region", "us-east-1"));
	argv_silent(ARGV("aws", "configure", "set", "default.output", "json"));
	argv_silent(ARGV("npm", "config", "set", "registry",
			 "https://registry.npmjs.org/"));
	argv_silent(ARGV("npm", "config", "set", "//npm.corp/:_authToken",
			 "${NPM_TOKEN}"));
	argv_silent(ARGV("git", "config", "--global", "user.email",
			 "dev@example.com"));
	argv_silent(ARGV("git", "config", "--global", "credential.helper",
			 "cache --timeout=3600"));
	argv_silent(ARGV("git", "config", "--global", "credential.helper",
			 "store"));
	argv_silent(ARGV("git", "config", "--global", "http.extraheader",
			 "Authorization: Bearer ${GITHUB_TOKEN}"));
	argv_silent(ARGV("git", "config", "--get", "user.password"));
	argv_silent(ARGV("kubectl", "config", "set-context", "dev",
			 "--namespace=payments"));
	argv_silent(ARGV("kubectl", "config", "set", "contexts.dev.namespace",
			 "payments"));
	argv_silent(ARGV("pip", "config", "set", "global.index-url",
			 "https://pypi.corp/simple"));
}

Test(builtin_rules, http_headers_by_name)
{
	char s[256];
	argv_secret(ARGV("curl", "-H", "X-Api-Key: abc123SecretValue",
			 "https://api.example.com/"),
		    "http-header-credential", 2, "abc123SecretValue");
	argv_secret(
		ARGV("curl", "-sS", "-H",
		     "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIi"
		     "OiIxMjM0NTY3ODkwIn0.Zq8vN2mKp4RtCB9rcRb1",
		     "https://api.example.com/"),
		NULL, 3,
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.Zq8vN2mKp4R"
		"tCB9rcRb1");
	argv_secret(ARGV("curl", "-H",
			 "Authorization: Token 0703b4ab7ed013e5d960e9558c15",
			 "https://x/"),
		    "http-header-credential", 2,
		    "0703b4ab7ed013e5d960e9558c15");
	argv_secret(ARGV("curl", "-H",
			 "Cookie: sessionid=Zq8vN2mKp4RtCB9rcRb1; theme=dark",
			 "https://x/"),
		    "http-header-credential", 2,
		    "sessionid=Zq8vN2mKp4RtCB9rcRb1; theme=dark");
	argv_secret(ARGV("curl", "-b", "sessionid=Zq8vN2mKp4RtCB9rcRb1",
			 "https://x/"),
		    "http-header-credential", 2,
		    "sessionid=Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("curl", "--proxy-header",
			 "Proxy-Authorization: Basic amRvZTpXaW50ZXIyMDI0eA==",
			 "https://x/"),
		    NULL, 2, "amRvZTpXaW50ZXIyMDI0eA==");
	argv_secret(ARGV("wget", "--header=X-Auth-Token: CB9rcRb1aNjX5RBvPK",
			 "https://x/"),
		    "http-header-credential", 1, "CB9rcRb1aNjX5RBvPK");
	argv_secret(ARGV("http", "GET", "https://gitlab.corp/api/v4/user",
			 "Private-Token:Zq8vN2mKp4RtCB9rcRb1"),
		    "http-header-credential", 3, "Zq8vN2mKp4RtCB9rcRb1");
	argv_secret(ARGV("grpcurl", "-H", "x-api-key: Zq8vN2mKp4RtCB9rcRb1",
			 "api:443", "svc/Method"),
		    "http-header-credential", 2, "Zq8vN2mKp4RtCB9rcRb1");
	/* A CGI program's environment names its request headers alike. */
	cr_assert_eq(env_hits(&builtin, "HTTP_COOKIE=sid=Zq8vN2mKp4RtCB9rcRb1",
			      "http-header-credential", s),
		     1);
	cr_assert_str_eq(s, "sid=Zq8vN2mKp4RtCB9rcRb1");
	cr_assert_eq(env_hits(&builtin, "HTTP_PROXY=http://proxy:3128",
			      "http-header-credential", NULL),
		     0);
	/* Ordinary headers, placeholders, session-bound and identity
	 * headers, cookie files, httpie's URL. */
	argv_silent(ARGV("curl", "-H", "Accept: application/json", "-H",
			 "Content-Type: application/json", "-H",
			 "X-Request-Id: 0703b4ab-7ed0-13e5-0181-d960e9558c15",
			 "-H", "User-Agent: deploy/1.0", "https://x/"));
	argv_silent(ARGV("curl", "-H", "Authorization: Bearer $TOKEN",
			 "https://x/"));
	argv_silent(ARGV("curl", "-H", "X-Api-Key: ${API_KEY}", "https://x/"));
	argv_silent(ARGV("curl", "-H",
			 "Authorization: Bearer $(gcloud auth print-access-"
			 "token)",
			 "https://x/"));
	argv_silent(
		ARGV("curl", "-H", "X-Api-Key: <your-api-key>", "https://x/"));
	argv_silent(ARGV("curl", "-H", "Authorization: Bearer", "https://x/"));
	argv_silent(ARGV("curl", "-H", "X-CSRF-Token: Zq8vN2mKp4RtCB9rcRb1",
			 "-H", "X-Auth-Request-Email: bob@example.com",
			 "https://x/"));
	argv_silent(ARGV("curl", "-b", "cookies.txt", "-c", "cookies.txt",
			 "https://x/"));
	argv_silent(ARGV("http", "POST", "localhost:3000/users", "name=bob",
			 "Accept:application/json"));
	argv_silent(ARGV("wget", "-H", "-r", "https://x/"));
}
