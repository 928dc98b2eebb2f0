/* The caps of secret judging on byte strings: a cap bounds the work, and
 * when it stops judging, the part not judged is withheld from what the
 * redaction functions produce and the caller is told (the judge reports
 * the facet judged in part). And a secret used as a key never reaches a
 * finding's path. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/env.h"
#include "model/finding.h"
#include "model/psnap.h"
#include "render/env_view.h"
#include "render/stream.h"
#include "proc/environ.h"
#include "scan/judge.h"
#include "scan/nested.h"
#include "scan/rules.h"
#include "scan/secrets.h"
#include "util/redact.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "unit/builtin_rules.h"

static struct ruleset rs;
static struct redactor red;
static const struct redactor hide = {.reveal = false};

static void setup(void)
{
	builtin_ruleset(&rs);
	cr_assert_eq(redactor_init_hex(&red, "00112233445566778899", false), 0);
}

static void teardown(void)
{
	ruleset_release(&rs);
}

TestSuite(caps, .init = setup, .fini = teardown, .timeout = 60);
TestSuite(paths, .init = setup, .fini = teardown);

#define MARKER "\xe2\x80\xa6[not judged: "

/* ---- Helpers ---- */

/* An owned, NULL-terminated argv of n strings. */
static char **argv_new(size_t n)
{
	return xcalloc(n + 1, sizeof(char *));
}

static void argv_free(char **argv, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
}

/* Fail when seed (or its last 8 bytes, what a redaction never keeps) is
 * in len bytes at s. */
static void no_seed(const char *s, size_t len, const char *seed,
		    const char *what)
{
	size_t n = strlen(seed);
	cr_assert(!memmem(s, len, seed, n), "%s shows %s", what, seed);
	if (n >= 8)
		cr_assert(!memmem(s, len, seed + n - 8, 8),
			  "%s shows the end of %s", what, seed);
}

/* The hits of one call: how many, and each finding's where and evidence
 * as secret_finding builds them, one a line. */
struct hits {
	size_t n;
	struct strbuf where;
	const char *prefix;
};

static void collect(const struct secret_hit *h, void *arg)
{
	struct hits *a = arg;
	struct finding f;
	memset(&f, 0, sizeof(f));
	secret_finding(&f, &red, h, "test", a->prefix, strlen(a->prefix));
	strbuf_addf(&a->where, "%s %s\n", f.where, f.evidence);
	finding_release(&f);
	a->n++;
}

static void hits_init(struct hits *h, const char *prefix)
{
	memset(h, 0, sizeof(*h));
	strbuf_init(&h->where, 0);
	h->prefix = prefix;
}

/* A snapshot of one variable, or of a command line (argv is taken). */
static void snap(struct psnap *s, const char *var, char **argv, size_t argc)
{
	psnap_init(s, 4242);
	s->proc.comm = xstrdup("app");
	s->loaded = FACET_BIT(FACET_STAT);
	if (var) {
		strbuf_add(&s->env_raw, var, strlen(var) + 1);
		proc_environ_parse(s->env_raw.buf, s->env_raw.len, &s->env,
				   &s->nenv);
		s->loaded |= FACET_BIT(FACET_ENV);
	}
	if (argv) {
		s->proc.argv = argv;
		s->proc.argc = argc;
		s->loaded |= FACET_BIT(FACET_ARGV);
	}
}

/* The facets a judge says it judged in part. */
static unsigned judge_part(const char *id, struct psnap *s)
{
	struct judge_ctx jc = {.rules = &rs, .red = &red};
	struct findings l = {0};
	unsigned part = judge_find(id, strlen(id))->judge(&jc, s, &l);
	findings_release(&l);
	return part;
}

struct span_arg {
	struct env_redaction *r;
	const char *value;
};

static void add_span(const struct secret_hit *h, void *arg)
{
	struct span_arg *a = arg;
	struct env_redaction *r = a->r;
	r->spans = xgrow(r->spans, &r->alloc, r->n + 1, sizeof(*r->spans));
	r->spans[r->n].off = (size_t)(h->secret - a->value);
	r->spans[r->n++].len = h->len;
}

/* `env`'s text and JSON for NAME=VALUE (NUL-terminated), marked as
 * src/cmd/env.c marks it. Returns the bytes withheld. */
static size_t env_render(const char *var, struct strbuf *out)
{
	const char *eq = strchr(var, '=');
	struct env_var v = {var, (size_t)(eq - var), eq + 1, strlen(eq + 1)};
	struct env_redaction r = {0};
	struct span_arg sa = {&r, v.value};
	struct proc_env e = {.pid = 1, .comm = "app", .vars = &v, .n = 1};
	int json;
	r.withheld =
		v.value_len - secrets_in_var(&rs, v.name, v.name_len, v.value,
					     v.value_len, add_span, &sa);
	e.red = &r;
	for (json = 0; json < 2; json++) {
		struct out_stream s = {.json = json,
				       .cols = env_cols,
				       .sel = env_cols_default,
				       .nsel = 3};
		char *buf = NULL;
		size_t len = 0;
		s.fp = open_memstream(&buf, &len);
		out_stream_begin(&s);
		env_view_emit(&s, &e, false);
		cr_assert_eq(out_stream_end(&s), 0);
		fclose(s.fp);
		strbuf_add(out, buf, len);
		free(buf);
	}
	free(r.spans);
	return r.withheld;
}

/* The bytes of argv[from..argc) with one separator each but the first. */
static size_t tail_len(char *const *argv, size_t argc, size_t from)
{
	size_t n = 0, i;
	for (i = from; i < argc; i++)
		n += strlen(argv[i]) + (i > from);
	return n;
}

static void join(char *const *argv, size_t argc, struct strbuf *out)
{
	size_t i;
	for (i = 0; i < argc; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", argv[i]);
}

static bool ends_with(const char *s, const char *end)
{
	size_t a = strlen(s), b = strlen(end);
	return a >= b && !strcmp(s + a - b, end);
}

/* ---- The span cap ---- */

/* 300 secrets, each seen by about three rules: one span each, the first
 * SECRETS_MAX_SPANS judged, and nothing after the first one left out is
 * shown. */
Test(caps, repeated_secret_options)
{
	size_t argc = 301, i, rest, argc0;
	char **argv = argv_new(argc), seed[64], marker[64];
	struct hits h;
	struct secrets_extent x;
	struct secrets_redacted r;
	struct strbuf all = STRBUF_INIT;
	struct psnap s;
	argv[0] = xstrdup("mysqlx");
	for (i = 1; i < argc; i++) {
		snprintf(seed, sizeof(seed), "--password=Sekr3tVal%zu", i);
		argv[i] = xstrdup(seed);
	}
	hits_init(&h, "argv");
	x = secrets_in_argv(&rs, argv, argc, collect, &h);
	cr_assert_eq(h.n, SECRETS_MAX_SPANS, "%zu hits", h.n);
	cr_assert_eq(x.arg, SECRETS_MAX_SPANS + 1);
	cr_assert_eq(x.off, strlen("--password="));
	rest = tail_len(argv, argc, x.arg) - x.off;
	argc0 = argc;
	r = secrets_redact_argv(&rs, &hide, argv, &argc);
	cr_assert(r.redacted);
	cr_assert_eq(r.withheld, rest);
	cr_assert_eq(argc, x.arg + 1);
	cr_assert_null(argv[argc]);
	snprintf(marker, sizeof(marker), MARKER "%zu bytes withheld]", rest);
	cr_assert(ends_with(argv[argc - 1], marker), "%s", argv[argc - 1]);
	cr_assert(!strncmp(argv[argc - 1], "--password=", 11));
	join(argv, argc, &all);
	for (i = 1; i < argc0; i++) {
		snprintf(seed, sizeof(seed), "Sekr3tVal%zu", i);
		no_seed(all.buf, all.len, seed, "redacted argv");
	}
	no_seed(h.where.buf, h.where.len, "Sekr3tVal300", "where");
	argv_free(argv, argc);
	/* The argv judge says the command line was judged in part. */
	argc = 301;
	argv = argv_new(argc);
	argv[0] = xstrdup("mysqlx");
	for (i = 1; i < argc; i++) {
		snprintf(seed, sizeof(seed), "--password=Sekr3tVal%zu", i);
		argv[i] = xstrdup(seed);
	}
	snap(&s, NULL, argv, argc);
	cr_assert_eq(judge_part("argv", &s), FACET_BIT(FACET_ARGV));
	psnap_release(&s);
	strbuf_release(&all);
	strbuf_release(&h.where);
}

/* The cap counts secrets, not rule hits: 200 secrets seen by three rules
 * each are judged whole. */
Test(caps, spans_not_hits)
{
	size_t argc = 201, i;
	char **argv = argv_new(argc), seed[64];
	struct hits h;
	struct secrets_extent x;
	struct secrets_redacted r;
	argv[0] = xstrdup("mysqlx");
	for (i = 1; i < argc; i++) {
		snprintf(seed, sizeof(seed), "--password=Sekr3tVal%zu", i);
		argv[i] = xstrdup(seed);
	}
	hits_init(&h, "argv");
	x = secrets_in_argv(&rs, argv, argc, collect, &h);
	cr_assert_eq(h.n, 200);
	cr_assert_eq(x.arg, argc);
	cr_assert_eq(x.off, 0);
	r = secrets_redact_argv(&rs, &hide, argv, &argc);
	cr_assert(r.redacted && !r.withheld && argc == 201);
	cr_assert_str_eq(argv[200], "--password=Sekr\xe2\x80\xa6");
	argv_free(argv, argc);
	strbuf_release(&h.where);
}

/* 300 passwords nested in one JSON value: env shows none of them, and
 * says how much it withheld. */
Test(caps, nested_passwords)
{
	struct strbuf var = STRBUF_INIT, out = STRBUF_INIT;
	struct hits h;
	struct psnap s;
	size_t i, judged, withheld;
	char seed[32], json[64];
	strbuf_addstr(&var, "APP_CONFIG={");
	for (i = 0; i < 300; i++)
		strbuf_addf(&var,
			    "%s\"k%zu\":{\"password\":\"NestPw%03zuSecretZ\"}",
			    i ? "," : "", i, i);
	strbuf_addch(&var, '}');
	hits_init(&h, "env:APP_CONFIG");
	judged = secrets_in_var(&rs, "APP_CONFIG", 10, var.buf + 11,
				var.len - 11, collect, &h);
	cr_assert_eq(h.n, SECRETS_MAX_SPANS);
	cr_assert_lt(judged, var.len - 11);
	/* Cut where the first password not kept starts. */
	cr_assert(!strncmp(var.buf + 11 + judged, "NestPw256", 9));
	withheld = env_render(var.buf, &out);
	cr_assert_eq(withheld, var.len - 11 - judged);
	for (i = 0; i < 300; i++) {
		snprintf(seed, sizeof(seed), "NestPw%03zuSecretZ", i);
		no_seed(out.buf, out.len, seed, "env");
		no_seed(h.where.buf, h.where.len, seed, "where");
	}
	snprintf(json, sizeof(json), "\"withheld\":%zu", withheld);
	cr_assert(strstr(out.buf, json), "%s", out.buf);
	snprintf(json, sizeof(json), MARKER "%zu bytes withheld]", withheld);
	cr_assert(strstr(out.buf, json));
	/* The judged part is kept, secrets redacted (JSON; the text table
	 * escapes the ellipsis outside a UTF-8 locale). */
	cr_assert(strstr(out.buf, "\\\"k255\\\":{\\\"password\\\":"
				  "\\\"Nest\xe2\x80\xa6\\\"},"
				  "\\\"k256\\\":{\\\"password\\\":\\\"" MARKER),
		  "%s", out.buf);
	snap(&s, var.buf, NULL, 0);
	cr_assert_eq(judge_part("env", &s), FACET_BIT(FACET_ENV));
	psnap_release(&s);
	strbuf_release(&var);
	strbuf_release(&out);
	strbuf_release(&h.where);
}

/* ---- The pair cap ---- */

/* n arguments "-Da=1" after prog, then the arguments of tail. */
static char **pairs_argv(const char *prog, size_t n, const char *const *tail,
			 size_t *argc)
{
	size_t t = 0, i;
	char **argv;
	while (tail[t])
		t++;
	*argc = 1 + n + t;
	argv = argv_new(*argc);
	argv[0] = xstrdup(prog);
	for (i = 0; i < n; i++)
		argv[1 + i] = xstrdup("-Da=1");
	for (i = 0; i < t; i++)
		argv[1 + n + i] = xstrdup(tail[i]);
	return argv;
}

static void pairs_then(const char *prog, const char *const *tail,
		       const char *seed)
{
	size_t argc, i, rest;
	char **argv = pairs_argv(prog, 4100, tail, &argc), marker[64];
	struct hits h;
	struct secrets_extent x;
	struct secrets_redacted r;
	struct strbuf all = STRBUF_INIT;
	struct psnap s;
	hits_init(&h, "argv");
	x = secrets_in_argv(&rs, argv, argc, collect, &h);
	/* The argument of the first pair not kept, whole. */
	cr_assert_eq(x.arg, 1 + ARGV_MAX_PAIRS);
	cr_assert_eq(x.off, 0);
	cr_assert_eq(h.n, 0, "%s", h.where.buf);
	rest = tail_len(argv, argc, x.arg);
	r = secrets_redact_argv(&rs, &hide, argv, &argc);
	cr_assert(!r.redacted);
	cr_assert_eq(r.withheld, rest);
	cr_assert_eq(argc, x.arg + 1);
	snprintf(marker, sizeof(marker), MARKER "%zu bytes withheld]", rest);
	cr_assert_str_eq(argv[argc - 1], marker);
	join(argv, argc, &all);
	no_seed(all.buf, all.len, seed, prog);
	for (i = 1; i < argc - 1; i++)
		cr_assert_str_eq(argv[i], "-Da=1");
	argv_free(argv, argc);
	argv = pairs_argv(prog, 4100, tail, &argc);
	snap(&s, NULL, argv, argc);
	cr_assert_eq(judge_part("argv", &s), FACET_BIT(FACET_ARGV));
	psnap_release(&s);
	strbuf_release(&all);
	strbuf_release(&h.where);
}

Test(caps, pairs_then_secrets)
{
	static const char *const token[] = {"--db-token", "PairCapSecret99xyz",
					    NULL};
	static const char *const mysql[] = {"-pMysqlPw12345678", NULL};
	static const char *const ghp[] = {
		"ghp_Q7r2Xw9KpL4mN8vB3cZ6tY1hJ5dF0sA2gE4k", NULL};
	size_t argc;
	char **argv;
	struct hits h;
	struct secrets_extent x;
	pairs_then("app", token, "PairCapSecret99xyz");
	pairs_then("mysql", mysql, "MysqlPw12345678");
	/* ARGV_MAX_PAIRS pairs exactly: all judged. */
	argv = pairs_argv("app", ARGV_MAX_PAIRS, ghp, &argc);
	hits_init(&h, "argv");
	x = secrets_in_argv(&rs, argv, argc, collect, &h);
	cr_assert_eq(x.arg, argc);
	cr_assert_eq(h.n, 1);
	cr_assert_str_eq(h.where.buf, "argv ghp_\xe2\x80\xa6\n");
	argv_free(argv, argc);
	strbuf_release(&h.where);
}

/* ---- The caps of the nested walk ---- */

Test(caps, nested_walk_caps)
{
	struct strbuf var = STRBUF_INIT, out = STRBUF_INIT;
	size_t i, withheld;
	struct psnap s;
	/* Deeper than 32 levels: the rest from the container skipped. */
	strbuf_addstr(&var, "APP_CONFIG=");
	for (i = 0; i < 40; i++)
		strbuf_addstr(&var, "{\"a\":");
	strbuf_addstr(&var, "{\"password\":\"DeepNestPw4242\"}");
	for (i = 0; i < 40; i++)
		strbuf_addch(&var, '}');
	withheld = env_render(var.buf, &out);
	cr_assert_gt(withheld, 0);
	no_seed(out.buf, out.len, "DeepNestPw4242", "env (depth)");
	snap(&s, var.buf, NULL, 0);
	cr_assert_eq(judge_part("env", &s), FACET_BIT(FACET_ENV));
	psnap_release(&s);
	/* More than 4096 pairs, a password after them. */
	strbuf_reset(&var);
	strbuf_reset(&out);
	strbuf_addstr(&var, "APP_CONFIG={");
	for (i = 0; i < NESTED_MAX_PAIRS; i++)
		strbuf_addf(&var, "\"k%zu\":\"v\",", i);
	strbuf_addstr(&var, "\"password\":\"ManyPairsPw4242\"}");
	withheld = env_render(var.buf, &out);
	cr_assert_eq(withheld, strlen("v\",\"password\":\"ManyPairsPw4242\"}"));
	no_seed(out.buf, out.len, "ManyPairsPw4242", "env (pairs)");
	/* Past the first MiB. */
	strbuf_reset(&var);
	strbuf_reset(&out);
	strbuf_addstr(&var, "APP_CONFIG={\"pad\":\"");
	while (var.len < NESTED_MAX_BYTES)
		strbuf_addstr(&var, "xxxxxxxxxxxxxxxx");
	strbuf_addstr(&var, "\",\"password\":\"BigValuePw4242\"}");
	withheld = env_render(var.buf, &out);
	cr_assert_eq(withheld, var.len - 11 - NESTED_MAX_BYTES);
	no_seed(out.buf, out.len, "BigValuePw4242", "env (bytes)");
	/* A value that hits no cap is shown as it was. */
	strbuf_reset(&out);
	cr_assert_eq(env_render("APP_CONFIG={\"a\":{\"b\":\"c\"}}", &out), 0);
	cr_assert(strstr(out.buf, "{\"a\":{\"b\":\"c\"}}"));
	cr_assert(!strstr(out.buf, "not judged"));
	strbuf_release(&var);
	strbuf_release(&out);
}

/* ---- Paths ---- */

#define TOK "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"

/* The where of every finding of NAME=VALUE. */
static void var_where(const char *name, const char *value, struct hits *h)
{
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "env:%s", name);
	hits_init(h, prefix);
	secrets_in_var(&rs, name, strlen(name), value, strlen(value), collect,
		       h);
	h->prefix = NULL;
}

Test(paths, secret_as_json_key)
{
	struct hits h;
	char **argv = argv_new(2);
	size_t argc = 2;
	struct strbuf all = STRBUF_INIT;
	/* The token is found (by its format) and shown as evidence is;
	 * the pair under it names it the same way. */
	var_where("APP_CONFIG", "{\"" TOK "\":{\"password\":\"KeyNestPw77\"}}",
		  &h);
	cr_assert(strstr(h.where.buf,
			 "env:APP_CONFIG[ghp_\xe2\x80\xa6.password] "
			 "\xe2\x80\xa6\n"),
		  "%s", h.where.buf);
	no_seed(h.where.buf, h.where.len, TOK, "where");
	no_seed(h.where.buf, h.where.len, "KeyNestPw77", "where");
	strbuf_release(&h.where);
	/* YAML, and a command line. */
	var_where("APP_YAML", TOK ":\n  password: KeyNestPw77\n", &h);
	cr_assert(strstr(h.where.buf, "[ghp_\xe2\x80\xa6.password]"), "%s",
		  h.where.buf);
	no_seed(h.where.buf, h.where.len, TOK, "where (yaml)");
	strbuf_release(&h.where);
	argv[0] = xstrdup("app");
	argv[1] = xstrdup("--config={\"" TOK
			  "\":{\"password\":\"KeyNestPw77\"}}");
	hits_init(&h, "argv[1]");
	secrets_in_argv(&rs, argv, argc, collect, &h);
	cr_assert(strstr(h.where.buf, "argv[1][ghp_\xe2\x80\xa6.password]"),
		  "%s", h.where.buf);
	no_seed(h.where.buf, h.where.len, TOK, "where (argv)");
	secrets_redact_argv(&rs, &hide, argv, &argc);
	join(argv, argc, &all);
	no_seed(all.buf, all.len, TOK, "redacted argv");
	no_seed(all.buf, all.len, "KeyNestPw77", "redacted argv");
	argv_free(argv, argc);
	strbuf_release(&h.where);
	strbuf_release(&all);
}

Test(paths, long_keys_and_names)
{
	struct hits h;
	struct strbuf v = STRBUF_INIT, want = STRBUF_INIT;
	size_t i;
	/* A key over 64 bytes shows 64 and an ellipsis. */
	strbuf_addstr(&v, "{\"");
	for (i = 0; i < 100; i++)
		strbuf_addch(&v, 'x');
	strbuf_addstr(&v, "\":{\"password\":\"LongKeyPw4242\"}}");
	var_where("APP_CONFIG", v.buf, &h);
	strbuf_addstr(&want, "env:APP_CONFIG[");
	for (i = 0; i < NESTED_KEY_SHOWN; i++)
		strbuf_addch(&want, 'x');
	strbuf_addstr(&want, "\xe2\x80\xa6.password]");
	cr_assert(strstr(h.where.buf, want.buf), "%s", h.where.buf);
	strbuf_release(&h.where);
	/* A secret that runs past the cut of its key takes the ellipsis. */
	strbuf_reset(&v);
	strbuf_addstr(&v, "{\"");
	for (i = 0; i < 30; i++)
		strbuf_addch(&v, 'x');
	strbuf_addstr(&v, "-" TOK "-yyyyy\":{\"password\":\"LongKeyPw4242\"}}");
	var_where("APP_CONFIG", v.buf, &h);
	no_seed(h.where.buf, h.where.len, TOK, "where (long key)");
	cr_assert(!strstr(h.where.buf, "\xe2\x80\xa6\xe2\x80\xa6"), "%s",
		  h.where.buf);
	strbuf_release(&h.where);
	/* A value secret as a whole (by its name) does not hide its keys:
	 * they say where in it the pair is. */
	var_where("AWS_CREDS",
		  "[default]\naws_access_key_id = AKIANG3AB3NQ37N3WPK4\n"
		  "aws_secret_access_key = "
		  "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\n",
		  &h);
	cr_assert(strstr(h.where.buf,
			 "env:AWS_CREDS[default.aws_secret_access_key]"),
		  "%s", h.where.buf);
	strbuf_release(&h.where);
	strbuf_release(&v);
	strbuf_release(&want);
}

/* ---- Every match, and a regex that gives up ---- */

/* Two tokens in one value: two findings, and env shows neither. */
Test(caps, two_tokens_in_one_value)
{
	static const char a[] = "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK",
			  b[] = "ghp_9fKq2LmZx7PwR4tYv1NbC8dHs6JgTe3UaQoW";
	char var[160];
	struct strbuf out = STRBUF_INIT;
	struct hits h;
	const char *eq;
	snprintf(var, sizeof(var), "FOO=%s %s", a, b);
	eq = strchr(var, '=');
	hits_init(&h, "env:FOO");
	cr_assert_eq(secrets_in_var(&rs, var, (size_t)(eq - var), eq + 1,
				    strlen(eq + 1), collect, &h),
		     strlen(eq + 1));
	cr_assert_eq(h.n, 2, "%s", h.where.buf);
	cr_assert_eq(env_render(var, &out), 0);
	no_seed(out.buf, out.len, a, "env");
	no_seed(out.buf, out.len, b, "env");
	strbuf_release(&h.where);
	strbuf_release(&out);
}

/* A rule whose regex backtracks past PCRE2's match limit on a value built
 * for it judged nothing from there: the value counts as judged in part,
 * and the rest is withheld. */
Test(caps, regex_limit_cuts)
{
	static const char yaml[] = "rules:\n"
				   "  - id: slow-rule\n"
				   "    description: backtracks\n"
				   "    severity: high\n"
				   "    confidence: high\n"
				   "    targets: [env, text]\n"
				   "    regex: '(?:a|aa)+b([a-z]{6,})'\n"
				   "    secret_group: 1\n"
				   "    examples: ['X=aabqwertyuiop']\n";
	struct ruleset slow;
	struct strbuf value = STRBUF_INIT;
	char err[512];
	size_t judged, i;
	struct hits h;
	ruleset_init(&slow);
	cr_assert_eq(ruleset_load(&slow, yaml, sizeof(yaml) - 1, "test", err,
				  sizeof(err)),
		     0, "%s", err);
	ruleset_finish(&slow);
	strbuf_addstr(&value, "ok ");
	for (i = 0; i < 4000; i++)
		strbuf_addch(&value, 'a');
	/* A 'b' after the 'c': PCRE2's required-character check passes. */
	strbuf_addstr(&value, "c b");
	hits_init(&h, "env:X");
	judged = secrets_in_var(&slow, "X", 1, value.buf, value.len, collect,
				&h);
	cr_assert_lt(judged, value.len, "the whole value counted as judged");
	cr_assert_eq(h.n, 0);
	strbuf_release(&h.where);
	strbuf_release(&value);
	ruleset_release(&slow);
}

/* A better rule's secret is reported; a weaker one that reaches further
 * over the same bytes is not, but its bytes are redacted all the same. */
Test(caps, shadowed_spans_are_redacted)
{
	static const char yaml[] = "rules:\n"
				   "  - id: strong\n"
				   "    description: the start\n"
				   "    severity: high\n"
				   "    confidence: high\n"
				   "    targets: [env, text]\n"
				   "    keywords: [zq]\n"
				   "    regex: 'ZQ[0-9]{8}'\n"
				   "    examples: ['X=ZQ12345678']\n"
				   "  - id: weak\n"
				   "    description: the start and a tail\n"
				   "    severity: low\n"
				   "    confidence: low\n"
				   "    targets: [env, text]\n"
				   "    keywords: [zq]\n"
				   "    regex: 'ZQ[0-9]{8}-[a-z]{6}'\n"
				   "    examples: ['X=ZQ12345678-tailxy']\n";
	static const char value[] = "pre ZQ12345678-tailxy post";
	struct ruleset two;
	char err[512], *argv[3];
	size_t argc = 2;
	struct hits h;
	struct secrets_redacted r;
	ruleset_init(&two);
	cr_assert_eq(ruleset_load(&two, yaml, sizeof(yaml) - 1, "test", err,
				  sizeof(err)),
		     0, "%s", err);
	ruleset_finish(&two);
	hits_init(&h, "env:X");
	secrets_in_var(&two, "X", 1, value, strlen(value), collect, &h);
	cr_assert_eq(h.n, 1, "%s", h.where.buf);
	strbuf_reset(&h.where);
	h.n = 0;
	secrets_spans_in_var(&two, "X", 1, value, strlen(value), collect, &h);
	cr_assert_eq(h.n, 2, "%s", h.where.buf);
	strbuf_release(&h.where);
	argv[0] = xstrdup("prog");
	argv[1] = xstrdup(value);
	argv[2] = NULL;
	r = secrets_redact_argv(&two, &hide, argv, &argc);
	cr_assert(r.redacted);
	cr_assert(!strstr(argv[1], "tailxy") && !strstr(argv[1], "5678"), "%s",
		  argv[1]);
	cr_assert(strstr(argv[1], "pre ") && strstr(argv[1], " post"), "%s",
		  argv[1]);
	free(argv[0]);
	free(argv[1]);
	ruleset_release(&two);
}
