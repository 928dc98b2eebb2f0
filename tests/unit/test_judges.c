/* Judges on snapshots built here, with no process at all: what each judge
 * reports from the facets it is given (and nothing it is not given), the
 * secret helpers under them (reconciling matches, redacting spans,
 * command lines), and the registry. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/psnap.h"
#include "proc/environ.h"
#include "scan/judge.h"
#include "scan/rules.h"
#include "scan/secrets.h"
#include "util/redact.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "unit/builtin_rules.h"

static struct ruleset rs;
static struct redactor red;
static struct judge_ctx jc;

static void setup(void)
{
	builtin_ruleset(&rs);
	cr_assert_eq(redactor_init_hex(&red, "00112233445566778899", false), 0);
	jc = (struct judge_ctx){.rules = &rs, .red = &red};
}

static void teardown(void)
{
	ruleset_release(&rs);
}

TestSuite(judges, .init = setup, .fini = teardown);

/* A snapshot of pid 4242 with an environment of NUL-separated strings
 * (len bytes) and, if given, an argv. */
static void snap(struct psnap *s, const char *env, size_t len,
		 const char *const *argv)
{
	size_t n = 0;
	psnap_init(s, 4242);
	s->proc.comm = xstrdup("app");
	s->proc.start_ticks = 777;
	strcpy(s->proc.container.id, "4f1c9a0b22de4f1c9a0b22de4f1c9a0b22de4f1c"
				     "9a0b22de4f1c9a0b22de4f1c");
	s->loaded = FACET_BIT(FACET_STAT) | FACET_BIT(FACET_CGROUP);
	if (env) {
		strbuf_add(&s->env_raw, env, len);
		proc_environ_parse(s->env_raw.buf, s->env_raw.len, &s->env,
				   &s->nenv);
		s->loaded |= FACET_BIT(FACET_ENV);
	}
	if (argv) {
		while (argv[n])
			n++;
		s->proc.argv = xcalloc(n + 1, sizeof(char *));
		for (s->proc.argc = 0; s->proc.argc < n; s->proc.argc++)
			s->proc.argv[s->proc.argc] =
				xstrdup(argv[s->proc.argc]);
		s->loaded |= FACET_BIT(FACET_ARGV);
	}
}

static const struct finding *find(const struct findings *l, const char *rule,
				  const char *where)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if ((!rule || !strcmp(l->f[i].rule, rule)) &&
		    !strcmp(l->f[i].where, where))
			return &l->f[i];
	return NULL;
}

static void dump(const struct findings *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		cr_log_info("%s %s %s", l->f[i].rule, l->f[i].where,
			    l->f[i].evidence ? l->f[i].evidence : "-");
}

Test(judges, registry)
{
	const struct judge *j = judge_find("env", 3);
	cr_assert(j && j->judge && !j->judge_host);
	cr_assert(j->facets & FACET_BIT(FACET_ENV));
	j = judge_find("etcd", 4);
	cr_assert(j && j->judge_host && (j->host_facets & HOST_ETCD));
	cr_assert_null(judge_find("nosuch", 6));
	cr_assert_null(judge_find("en", 2));
}

Test(judges, env_secret_fields)
{
	static const char env[] = "GITHUB_TOKEN=ghp_38AibNyyurlGFb0EkjKWREhbi"
				  "GjlvhkTp3SK\0PATH=/usr/bin\0";
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	snap(&s, env, sizeof(env) - 1, NULL);
	judge_find("env", 3)->judge(&jc, &s, &l);
	dump(&l);
	cr_assert_eq(l.n, 1);
	f = find(&l, "github-token", "env:GITHUB_TOKEN");
	cr_assert_not_null(f);
	cr_assert_eq(f->kind, KIND_SECRET);
	cr_assert_str_eq(f->judge, "env");
	cr_assert_eq(f->pid, 4242);
	cr_assert_eq(f->start_ticks, 777);
	cr_assert_str_eq(f->comm, "app");
	cr_assert(f->container && !strncmp(f->container, "4f1c9a0b22de", 12));
	cr_assert_null(f->pod_uid);
	cr_assert_str_eq(f->evidence, "ghp_\xe2\x80\xa6");
	cr_assert_eq(f->secret_len, 40);
	cr_assert(f->has_fingerprint && strlen(f->fingerprint) == 12);
	cr_assert(strstr(f->message, "40 bytes"));
	cr_assert_eq(f->ntags, 1);
	cr_assert_str_eq(f->tags[0], "T1552");
	/* Nothing of the value in anything but --reveal's evidence. */
	cr_assert_null(strstr(f->message, "38AibN"));
	findings_release(&l);
	psnap_release(&s);
}

Test(judges, env_judge_needs_only_its_facet)
{
	struct psnap s;
	struct findings l = {0};
	/* No environ read (unreadable, or not asked for): nothing, and no
	 * crash on the empty facet. */
	snap(&s, NULL, 0, NULL);
	judge_find("env", 3)->judge(&jc, &s, &l);
	cr_assert_eq(l.n, 0);
	judge_find("argv", 4)->judge(&jc, &s, &l);
	cr_assert_eq(l.n, 0);
	psnap_release(&s);
}

Test(judges, argv_formats_and_url)
{
	static const char *const argv[] = {
		"app", "--token", "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK",
		"postgres://app:0a7O9iduIWCtMkq0rJQI@db:5432/x", NULL};
	struct psnap s;
	struct findings l = {0};
	snap(&s, NULL, 0, argv);
	judge_find("argv", 4)->judge(&jc, &s, &l);
	dump(&l);
	cr_assert_not_null(find(&l, "github-token", "argv[2]"));
	cr_assert_not_null(find(&l, "url-userinfo-credentials", "argv[3]"));
	findings_release(&l);
	psnap_release(&s);
}

Test(judges, argv_options_by_name)
{
	static const char *const argv[] = {
		"deploy", "--db-password=Winter2024x", "--user=admin",
		"--password-file=/run/secrets/db", NULL};
	struct psnap s;
	struct findings l = {0};
	snap(&s, NULL, 0, argv);
	judge_find("argv", 4)->judge(&jc, &s, &l);
	dump(&l);
	cr_assert_not_null(find(&l, "argv-secret-option", "argv[1]"));
	/* The file named is a lead (info), as its variable would be. */
	cr_assert_not_null(find(&l, "env-pointer-to-secret", "argv[3]"));
	cr_assert_eq(l.n, 2, "the user is no secret: %zu findings", l.n);
	findings_release(&l);
	psnap_release(&s);
}

Test(judges, nested_json_value)
{
	static const char env[] =
		"APP_CONFIG={\"db\":{\"host\":\"db1\",\"password\":"
		"\"Winter2024x\"}}\0";
	struct psnap s;
	struct findings l = {0};
	snap(&s, env, sizeof(env) - 1, NULL);
	judge_find("env", 3)->judge(&jc, &s, &l);
	dump(&l);
	cr_assert_not_null(find(&l, NULL, "env:APP_CONFIG[db.password]"));
	cr_assert_eq(l.n, 1);
	findings_release(&l);
	psnap_release(&s);
}

Test(judges, etcd_more_only_for_etcd)
{
	const struct judge *j = judge_find("etcd", 4);
	struct psnap s;
	snap(&s, NULL, 0, NULL);
	cr_assert_eq(j->more(&s), 0);
	free(s.proc.comm);
	s.proc.comm = xstrdup("etcd");
	cr_assert(j->more(&s) & FACET_BIT(FACET_FDS));
	psnap_release(&s);
}

Test(judges, etcd_host_without_etcd)
{
	struct host_view h;
	struct findings l = {0};
	char err[64] = "";
	host_view_init(&h);
	cr_assert_eq(judge_find("etcd", 4)->judge_host(&jc, &h, &l, err,
						       sizeof(err)),
		     0);
	cr_assert_eq(l.n, 0);
	host_view_release(&h);
}

/* ---- The secret helpers ---- */

struct hits {
	struct secret_hit h[16];
	char path[16][64];
	size_t n;
};

static void collect(const struct secret_hit *h, void *arg)
{
	struct hits *a = arg;
	if (a->n >= 16)
		return;
	a->h[a->n] = *h;
	if (h->path) {
		snprintf(a->path[a->n], 64, "%s", h->path);
		a->h[a->n].path = a->path[a->n];
	}
	a->n++;
}

Test(judges, one_secret_reported_once)
{
	/* A known name and a token format see the same token: one hit, by
	 * the more confident rule. */
	static const char v[] = "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK";
	struct hits a = {0};
	secrets_in_var(&rs, "GITHUB_TOKEN", 12, v, strlen(v), collect, &a);
	cr_assert_eq(a.n, 1);
	cr_assert_str_eq(a.h[0].rule->id, "github-token");
	cr_assert(a.h[0].secret == v && a.h[0].len == 40);
}

Test(judges, redact_spans_merge_and_keep_the_rest)
{
	static const struct redactor hide = {.reveal = false};
	struct redact_span sp[] = {{15, 12}, {20, 3}, {0, 0}};
	struct strbuf sb = STRBUF_INIT;
	const char v[] = "postgres://app:hunter2xyzab@db:5432/x";
	redact_spans(&hide, &sb, v, strlen(v), sp, 2);
	cr_assert_str_eq(sb.buf, "postgres://app:hunt\xe2\x80\xa6@db:5432/x");
	strbuf_reset(&sb);
	/* A span past the end, and an empty one, change nothing else. */
	sp[0] = (struct redact_span){0, 0};
	sp[1] = (struct redact_span){100, 5};
	redact_spans(&hide, &sb, "abc", 3, sp, 2);
	cr_assert_str_eq(sb.buf, "\xe2\x80\xa6"
				 "abc");
	strbuf_release(&sb);
}

Test(judges, redact_argv_in_place)
{
	char *argv[] = {xstrdup("curl"), xstrdup("-H"),
			xstrdup("x-token: ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhk"
				"Tp3SK"),
			xstrdup("https://example.com/"), NULL};
	static const struct redactor hide = {.reveal = false};
	struct secrets_redacted r;
	size_t i, argc = 4, one = 1;
	r = secrets_redact_argv(&rs, &hide, argv, &argc);
	cr_assert(r.redacted && !r.withheld && argc == 4);
	cr_assert_str_eq(argv[2], "x-token: ghp_\xe2\x80\xa6");
	cr_assert_str_eq(argv[3], "https://example.com/");
	r = secrets_redact_argv(&rs, &hide, argv + 3, &one);
	cr_assert(!r.redacted && !r.withheld && one == 1);
	for (i = 0; i < 4; i++)
		free(argv[i]);
}

Test(judges, name_norm)
{
	struct strbuf sb = STRBUF_INIT;
	secret_name_norm("dbPassword", 10, &sb);
	cr_assert_str_eq(sb.buf, "DB_PASSWORD");
	strbuf_reset(&sb);
	secret_name_norm("spring.datasource-pass word", 27, &sb);
	cr_assert_str_eq(sb.buf, "SPRING_DATASOURCE_PASS_WORD");
	strbuf_release(&sb);
}
