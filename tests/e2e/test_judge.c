/* End-to-end: judging every process once. Secrets seeded in command lines
 * and inside structured values of test children are found where they
 * are, and no command prints them without --reveal; findings group by
 * secret and place; judges are selected by kind and id; coverage is
 * reported honestly, also for an unprivileged run and one with only
 * CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH; hostile sizes stay bounded. */
#include "e2e/judgekids.h"

#include <sys/stat.h>

#include "util/xalloc.h"

TestSuite(judge, .fini = jk_cleanup);

/* Not a window of any seed below: tests of this binary run two at a time,
 * and whole-host ps and scan show their command lines. */
#define KEY "--fingerprint-key", "f0e1d2c3b4a59687f0e1"

/* The seeds: a secret, the where it must be found at (of kid kid), and
 * the part of it no output may show. */
struct jseed {
	int kid;
	const char *where, *core;
};

#define GHP2 "ghp_Q7r2Xw9KpL4mN8vB3cZ6tY1hJ5dF0sA2gE4k"

static const char *const argv0[] = {"mysql",	      "-uroot",
				    "-pMyS9lPw4kT2x", "--host=db.internal",
				    "shop",	      NULL};
static const char *const env0[] = {
	"APP_CONFIG={\"db\":{\"host\":\"db1\",\"password\":\"Js0nN3st3dPw7\"}}",
	"CALLBACK_URL=https://hooks.example.com/cb?state=xyz&access_token="
	"Qry7okN5e6f7a8b9",
	"SQL_CONN=Server=sql1;Database=app;User Id=sa;Password=C0nnStrPw8899;",
	"APP_YAML=db:\n  user: app\n  password: Yam1NestPw55q\n",
	"PATH=/usr/bin:/bin",
	NULL,
};
static const char *const argv1[] = {"curl", "-u", "admin:Cur1UsrPw3344",
				    "https://example.com/", NULL};
static const char *const env1[] = {
	"DATABASE_URL=postgres://app:Ur1InEnvPw77x@db.internal:5432/app",
	"GITHUB_TOKEN=" GHP2,
	NULL,
};
static const char *const argv2[] = {
	"deploy",
	"--token",
	GHP2,
	"--db-password=L0ngOptPw5566",
	"API_SECRET=Ass1gnArgPw99",
	"postgres://u:ArgvUr1Pw2211@h/db",
	"--config={\"auth\":{\"token\":\"Js0nInArgvTk88\"}}",
	NULL,
};
static const char *const env2[] = {
	"AWS_CREDS=[default]\naws_access_key_id = AKIANG3AB3NQ37N3WPK4\n"
	"aws_secret_access_key = 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\n",
	"GITHUB_TOKEN=" GHP2,
	NULL,
};

static const struct jkid kids3[] = {
	{argv0, env0},
	{argv1, env1},
	{argv2, env2},
};

static const struct jseed jseeds[] = {
	{0, "argv[2]", "MyS9lPw4kT2x"},
	{0, "env:APP_CONFIG[db.password]", "Js0nN3st3dPw7"},
	{0, "env:CALLBACK_URL[access_token]", "Qry7okN5e6f7a8b9"},
	{0, "env:SQL_CONN", "C0nnStrPw8899"},
	{0, "env:APP_YAML[db.password]", "Yam1NestPw55q"},
	{1, "argv[2]", "Cur1UsrPw3344"},
	{1, "env:DATABASE_URL", "Ur1InEnvPw77x"},
	{1, "env:GITHUB_TOKEN", GHP2},
	{2, "argv[2]", GHP2},
	{2, "argv[3]", "L0ngOptPw5566"},
	{2, "argv[4]", "Ass1gnArgPw99"},
	{2, "argv[5]", "ArgvUr1Pw2211"},
	{2, "argv[6][auth.token]", "Js0nInArgvTk88"},
	{2, "env:AWS_CREDS[default.aws_secret_access_key]",
	 "aWo+C7VLotddxg7qACPVsOnA66cKIFTmxrrjtjVx"},
	{2, "env:GITHUB_TOKEN", GHP2},
};
#define NJSEEDS (sizeof(jseeds) / sizeof(jseeds[0]))

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_string), "%s: %s", key,
		  json_object_to_json_string(o));
	return json_object_get_string(v);
}

static bool found(struct json_object *a, pid_t pid, const char *where)
{
	size_t i, n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (e2e_json_pid(f) == pid && !strcmp(jstr(f, "where"), where))
			return true;
	}
	return false;
}

/* Every seed found at its place; the secret judges named. */
Test(judge, argv_and_nested_values_found)
{
	struct e2e_result r;
	struct json_object *doc, *a;
	struct strbuf miss = STRBUF_INIT, all = STRBUF_INIT;
	struct jkids k;
	char pids[128];
	size_t i, n;
	jk_start(&k, kids3, 3);
	jk_pidlist(&k, pids, sizeof(pids));
	PROCSIFT(&r, "scan", "--pid", pids, "--only", "secret", "--json", KEY);
	E2E_EXPECT_STATUS(&r, 0, "scan --json");
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(doc, "findings");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		strbuf_addf(&all, "  %d %s %s\n", e2e_json_pid(f),
			    jstr(f, "where"), jstr(f, "rule"));
		cr_assert(!strcmp(jstr(f, "judge"), "env") ||
			  !strcmp(jstr(f, "judge"), "argv"));
	}
	for (i = 0; i < NJSEEDS; i++)
		if (!found(a, k.kid[jseeds[i].kid], jseeds[i].where))
			strbuf_addf(&miss, " %s(kid %d)", jseeds[i].where,
				    jseeds[i].kid);
	cr_assert(!miss.len, "not found:%s\nfindings:\n%s", miss.buf, all.buf);
	/* The user name of curl -u and the mysql host are no secrets. */
	cr_assert(!found(a, k.kid[0], "argv[3]"), "%s", all.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	strbuf_release(&miss);
	strbuf_release(&all);
	jk_stop(&k);
}

/* Kids whose command line or environment reach a cap of the judges
 * (docs/design.md, "Caps that stop judging"): what was not judged must be
 * withheld as well as what was found. And one whose JSON key is a token.
 * Their seeds' cores, the same in every secret of a kid: no output may
 * hold an 8-byte window of one. */
#define KEY_TOK "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"

static const char *const cap_cores[] = {
	"Sekr3tVal",	      /* 300 x --password=Sekr3tValN */
	"PairCapSecret99xyz", /* --db-token after 4100 pairs */
	"NstPwZq7Lm",	      /* 300 nested passwords NstPwZq7LmNNN */
	"MysqlPw12345678",    /* mysql -p after 4100 pairs */
	KEY_TOK,	      /* a JSON key */
	"KeyNestPw77x",	      /* the password under it */
};
#define NCAP_CORES (sizeof(cap_cores) / sizeof(cap_cores[0]))
#define NCAPKIDS 3

struct capkids {
	char **argv[NCAPKIDS];
	size_t argc[NCAPKIDS];
	char *env[NCAPKIDS][2];
	struct jkid kids[3 + NCAPKIDS]; /* kids3, then these */
};

static char **cap_argv(struct capkids *c, size_t i, size_t n)
{
	c->argv[i] = xcalloc(n + 1, sizeof(char *));
	c->argc[i] = n;
	c->kids[3 + i].argv = (const char *const *)c->argv[i];
	c->kids[3 + i].env = (const char *const *)c->env[i];
	return c->argv[i];
}

static void capkids_init(struct capkids *c)
{
	struct strbuf sb = STRBUF_INIT;
	char **v;
	size_t i;
	memset(c, 0, sizeof(*c));
	memcpy(c->kids, kids3, sizeof(kids3));
	/* 300 secret options, each seen by three rules. */
	v = cap_argv(c, 0, 301);
	v[0] = xstrdup("mysqlx");
	for (i = 1; i < 301; i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "--password=Sekr3tVal%zu", i);
		v[i] = xstrdup(sb.buf);
	}
	/* 4100 pairs, then a token option; 300 nested passwords. */
	v = cap_argv(c, 1, 4103);
	v[0] = xstrdup("app");
	for (i = 1; i <= 4100; i++)
		v[i] = xstrdup("-Da=1");
	v[4101] = xstrdup("--db-token");
	v[4102] = xstrdup("PairCapSecret99xyz");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "APP_CONFIG={");
	for (i = 0; i < 300; i++)
		strbuf_addf(&sb,
			    "%s\"k%zu\":{\"password\":\"NstPwZq7Lm%03zu\"}",
			    i ? "," : "", i, i);
	strbuf_addch(&sb, '}');
	c->env[1][0] = xstrdup(sb.buf);
	/* 4100 pairs, then mysql's -p; a token as a JSON key. */
	v = cap_argv(c, 2, 4102);
	v[0] = xstrdup("mysql");
	for (i = 1; i <= 4100; i++)
		v[i] = xstrdup("-Da=1");
	v[4101] = xstrdup("-pMysqlPw12345678");
	c->env[2][0] = xstrdup("APP_CONFIG={\"" KEY_TOK
			       "\":{\"password\":\"KeyNestPw77x\"}}");
	strbuf_release(&sb);
}

static void capkids_release(struct capkids *c)
{
	size_t i, j;
	for (i = 0; i < NCAPKIDS; i++) {
		for (j = 0; j < c->argc[i]; j++)
			free(c->argv[i][j]);
		free(c->argv[i]);
		free(c->env[i][0]);
	}
}

/* Fail when any 8-byte window of a seed's core is in len bytes at s. */
static void no_secret(const char *s, size_t len, const char *what)
{
	size_t i, j;
	for (i = 0; i < NJSEEDS; i++) {
		const char *c = jseeds[i].core;
		for (j = 0; j + 8 <= strlen(c); j++)
			cr_assert(!memmem(s, len, c + j, 8),
				  "%s shows a secret of %s: '%.8s'", what,
				  jseeds[i].where, c + j);
	}
	for (i = 0; i < NCAP_CORES; i++) {
		const char *c = cap_cores[i];
		for (j = 0; j + 8 <= strlen(c); j++)
			cr_assert(!memmem(s, len, c + j, 8),
				  "%s shows a secret past a cap: '%.8s'", what,
				  c + j);
	}
}

static void check(const struct e2e_result *r, const char *what)
{
	struct strbuf dec = STRBUF_INIT, line = STRBUF_INIT;
	char *p, *nl;
	cr_assert(r->status == 0 || r->status == 1, "%s: exit %d: %s", what,
		  r->status, r->err.buf);
	no_secret(r->out.buf, r->out.len, what);
	no_secret(r->err.buf, r->err.len, what);
	if (strstr(what, "json")) {
		/* One document, or one per line (NDJSON). */
		for (p = r->out.buf; *p; p = nl + 1) {
			struct json_object *o;
			nl = strstr(what, "ndjson")
				     ? strchr(p, '\n')
				     : r->out.buf + r->out.len - 1;
			strbuf_reset(&line);
			strbuf_add(&line, p, (size_t)(nl - p) + 1);
			o = e2e_json_parse(&line);
			e2e_json_strings(o, &dec);
			json_object_put(o);
		}
		no_secret(dec.buf, dec.len, what);
	}
	strbuf_release(&dec);
	strbuf_release(&line);
}

/* Past a cap, what was not judged is withheld and said so (argv_withheld,
 * withheld, the marker), scan counts those processes as judged in part,
 * a token used as a key is redacted in where, and --reveal shows all. */
static void check_caps(const struct jkids *k)
{
	struct e2e_result r;
	struct json_object *doc, *a, *p;
	char pids[64];
	size_t i, n;
	snprintf(pids, sizeof(pids), "%s,%s,%s", k->arg[3], k->arg[4],
		 k->arg[5]);
	PROCSIFT(&r, "ps", "--pid", pids, "--json");
	E2E_EXPECT_STATUS(&r, 0, "ps --json");
	e2e_validate("ps", &r.out);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(doc, "processes");
	cr_assert_eq(json_object_array_length(a), 3, "%s", r.out.buf);
	for (i = 0; i < 3; i++) {
		p = json_object_array_get_idx(a, i);
		cr_assert_gt(
			json_object_get_int64(e2e_json_get(p, "argv_withheld")),
			0, "%s", json_object_to_json_string(p));
		cr_assert(json_object_get_boolean(
			e2e_json_get(p, "argv_redacted")));
	}
	json_object_put(doc);
	cr_assert(strstr(r.out.buf, "[not judged: "), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "env", "--json", k->arg[4]);
	E2E_EXPECT_STATUS(&r, 0, "env --json");
	e2e_validate("env", &r.out);
	cr_assert(strstr(r.out.buf, "[not judged: ") &&
			  !strstr(r.out.buf, "\"withheld\":0}]"),
		  "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--json", KEY);
	E2E_EXPECT_STATUS(&r, 0, "scan --json");
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(e2e_json_get(doc, "summary"), "truncated");
	n = json_object_array_length(a);
	cr_assert_eq(n, 2, "%s", r.out.buf); /* argv (3), environ (1) */
	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(a, i);
		const char *f = jstr(t, "facet");
		cr_assert_eq(json_object_get_int(e2e_json_get(t, "processes")),
			     !strcmp(f, "argv") ? 3 : 1, "%s", r.out.buf);
	}
	cr_assert_eq(json_object_get_int(e2e_json_get(
			     e2e_json_get(doc, "summary"), "partial")),
		     3);
	cr_assert(found(e2e_json_get(doc, "findings"), k->kid[5],
			"env:APP_CONFIG[ghp_\xe2\x80\xa6.password]"),
		  "%s", r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids);
	cr_assert(strstr(r.err.buf, "argv cut at a cap"), "%s", r.err.buf);
	e2e_result_release(&r);
	/* --reveal shows what was withheld. */
	PROCSIFT(&r, "ps", "--pid", k->arg[4], "--reveal", "-o", "command");
	cr_assert(strstr(r.out.buf, "PairCapSecret99xyz"), "%s", r.out.buf);
	cr_assert(!strstr(r.out.buf, "not judged"));
	e2e_result_release(&r);
	PROCSIFT(&r, "env", "--reveal", k->arg[4]);
	cr_assert(strstr(r.out.buf, "NstPwZq7Lm299"));
	e2e_result_release(&r);
}

/* No command shows a seeded secret without --reveal: text, JSON and the
 * strings inside JSON, decoded; nor one past a cap of the judges, nor a
 * token used as a JSON key. */
Test(judge, no_command_prints_them, .timeout = 300)
{
	struct e2e_result r;
	struct strbuf what = STRBUF_INIT;
	struct capkids ck;
	struct jkids k;
	char pids[192];
	size_t c, i;
	capkids_init(&ck);
	jk_start(&k, ck.kids, 3 + NCAPKIDS);
	jk_pidlist(&k, pids, sizeof(pids));
	{
		const char *const cmds[][8] = {
			{"tree"},
			{"tree", "--json"},
			{"tree", k.arg[2], "-o", "pid,command"},
			{"ps"},
			{"ps", "--json"},
			{"ps", "--pid", pids, "-o", "+command,exe"},
			{"ps", "--match", "deploy"},
			{"show", k.arg[0]},
			{"show", "--json", k.arg[0]},
			{"show", k.arg[2]},
			{"show", "--json", k.arg[2]},
			{"show", k.arg[3]},
			{"show", "--json", k.arg[4]},
			{"show", k.arg[5]},
			{"tree", k.arg[3], "-o", "pid,command"},
			{"env", k.arg[0], k.arg[1], k.arg[2]},
			{"env", "--json", k.arg[0], k.arg[1], k.arg[2]},
			{"env", k.arg[4], k.arg[5]},
			{"env", "--json", k.arg[4], k.arg[5]},
			{"env", "--all"},
			{"fds", k.arg[0]},
			{"fds", "--json", k.arg[2]},
			{"maps", k.arg[1]},
			{"maps", "--json", k.arg[1]},
			{"scan", "--pid", pids},
			{"scan", "--pid", pids, "--no-group"},
			{"scan", "--pid", pids, "--json"},
			{"scan", "--pid", pids, "--ndjson"},
			{"scan"},
			{"scan", "--json"},
		};
		for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
			e2e_procsift_row(&r, cmds[c], &what);
			check(&r, what.buf);
			e2e_result_release(&r);
		}
	}
	/* etcd names no etcd here, and prints no argv; rules test on
	 * every built-in rule file, fed the kids' own command lines and
	 * environments as lines. */
	PROCSIFT(&r, "etcd", "--pid", k.arg[2]);
	cr_assert_eq(r.status, 3, "etcd --pid of a non-etcd: %s", r.err.buf);
	no_secret(r.out.buf, r.out.len, "etcd");
	no_secret(r.err.buf, r.err.len, "etcd");
	e2e_result_release(&r);
	{
		static const char *const files[] = {"src/scan/rules-a.yaml",
						    "src/scan/rules-b.yaml",
						    "src/scan/rules-c.yaml"};
		struct strbuf in = STRBUF_INIT;
		struct e2e_opts o;
		for (c = 0; c < 3; c++) {
			static const char *const facet[] = {"cmdline",
							    "environ"};
			for (i = 0; i < 2; i++) {
				char path[64], buf[1 << 16];
				ssize_t n, j;
				int fd;
				snprintf(path, sizeof(path), "/proc/%s/%s",
					 k.arg[c], facet[i]);
				fd = open(path, O_RDONLY);
				cr_assert_geq(fd, 0, "%s", path);
				n = read(fd, buf, sizeof(buf));
				close(fd);
				for (j = 0; j < n; j++)
					strbuf_addch(&in,
						     buf[j] ? buf[j] : '\n');
			}
		}
		o = (struct e2e_opts){.input = in.buf, .input_len = in.len};
		for (c = 0; c < 3; c++) {
			PROCSIFT_OPTS(&r, &o, "rules", "test", files[c]);
			strbuf_reset(&what);
			strbuf_addf(&what, " rules test %s", files[c]);
			check(&r, what.buf);
			/* The seeds were there to find (rules-c holds argv
			 * rules, which rules test does not run). */
			cr_assert(c == 2 || !strstr(r.out.buf, " 0 matches"),
				  "%s: %s", what.buf, r.out.buf);
			e2e_result_release(&r);
		}
		strbuf_release(&in);
	}
	/* What env keeps of a value: the host of a URL, the rest of a
	 * JSON value. */
	PROCSIFT(&r, "env", k.arg[1], k.arg[0]);
	cr_assert(strstr(r.out.buf, "@db.internal:5432/app"), "%s", r.out.buf);
	cr_assert(strstr(r.out.buf, "\"host\":\"db1\""), "%s", r.out.buf);
	e2e_result_release(&r);
	/* ps keeps the option's name; JSON says it redacted. */
	PROCSIFT(&r, "ps", "--pid", k.arg[2], "-o", "command");
	cr_assert(strstr(r.out.buf, "--db-password="), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "ps", "--pid", k.arg[2], "--json");
	cr_assert(strstr(r.out.buf, "\"argv_redacted\":true"), "%s", r.out.buf);
	e2e_result_release(&r);
	/* --reveal shows them. */
	PROCSIFT(&r, "ps", "--pid", k.arg[2], "--reveal", "-o", "command");
	cr_assert(strstr(r.out.buf, "L0ngOptPw5566"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "env", "--reveal", k.arg[0]);
	cr_assert(strstr(r.out.buf, "Js0nN3st3dPw7"), "%s", r.out.buf);
	e2e_result_release(&r);
	check_caps(&k);
	strbuf_release(&what);
	jk_stop(&k);
	capkids_release(&ck);
}

/* One row per secret and place, the processes that share it listed;
 * --no-group gives one row each; JSON keeps one finding each, with one
 * group. */
Test(judge, grouping)
{
	static const char *const env[] = {"GITHUB_TOKEN=" GHP2, NULL};
	static const struct jkid same[] = {{NULL, env},
					   {NULL, env},
					   {NULL, env},
					   {NULL, env},
					   {NULL, env}};
	struct e2e_result r;
	struct json_object *doc, *a;
	struct jkids k;
	char pids[128], want[64];
	const char *group = NULL, *p;
	size_t i, rows = 0;
	jk_start(&k, same, 5);
	jk_pidlist(&k, pids, sizeof(pids));
	PROCSIFT(&r, "scan", "--pid", pids, "--judge", "env");
	E2E_EXPECT_STATUS(&r, 0, "scan");
	snprintf(want, sizeof(want), "%d,%d,%d (+2)", (int)k.kid[0],
		 (int)k.kid[1], (int)k.kid[2]);
	cr_assert(strstr(r.out.buf, want), "want '%s' in:\n%s", want,
		  r.out.buf);
	for (p = r.out.buf; (p = strstr(p, "env:GITHUB_TOKEN")); p++)
		rows++;
	cr_assert_eq(rows, 1, "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--judge", "env", "--no-group");
	for (rows = 0, p = r.out.buf; (p = strstr(p, "env:GITHUB_TOKEN")); p++)
		rows++;
	cr_assert_eq(rows, 5, "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--judge", "env", "--json");
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(doc, "findings");
	cr_assert_eq(json_object_array_length(a), 5);
	for (i = 0; i < 5; i++) {
		const char *g = jstr(json_object_array_get_idx(a, i), "group");
		if (group)
			cr_assert_str_eq(g, group);
		group = g;
	}
	json_object_put(doc);
	e2e_result_release(&r);
	jk_stop(&k);
}

/* --only, --judge, --skip, --min-severity, --fail-on (any case). */
Test(judge, selection)
{
	struct e2e_result r;
	struct jkids k;
	char pids[128];
	jk_start(&k, kids3, 3);
	jk_pidlist(&k, pids, sizeof(pids));
	PROCSIFT(&r, "scan", "--pid", pids, "--judge", "env", "--ndjson");
	E2E_EXPECT_STATUS(&r, 0, "scan --judge env");
	cr_assert(strstr(r.out.buf, "\"judge\":\"env\"") &&
			  !strstr(r.out.buf, "\"judge\":\"argv\""),
		  "%s", r.out.buf);
	cr_assert(strstr(r.out.buf, "\"judges\":[\"env\"]"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--skip", "env", "--ndjson");
	cr_assert(!strstr(r.out.buf, "\"judge\":\"env\"") &&
			  strstr(r.out.buf, "\"judge\":\"argv\""),
		  "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--only", "secret");
	E2E_EXPECT_STATUS(&r, 0, "scan --only secret");
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--only", "indicator,posture",
		 "--json");
	E2E_EXPECT_STATUS(&r, 0, "scan --only indicator,posture");
	cr_assert(!strstr(r.out.buf, "\"kind\":\"secret\"") &&
			  !strstr(r.out.buf, "\"env\""),
		  "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--only", "secret", "--skip", "env",
		 "--skip", "argv", "--skip", "etcd");
	E2E_EXPECT_STATUS(&r, 2, "scan: no judge left to run");
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--only", "gossip");
	E2E_EXPECT_STATUS(&r, 2, "scan --only gossip");
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--judge", "nosuch");
	E2E_EXPECT_STATUS(&r, 2, "scan --judge nosuch");
	cr_assert(strstr(r.err.buf, "procsift judges"), "%s", r.err.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", pids, "--min-severity", "HIGH",
		 "--fail-on", "High");
	E2E_EXPECT_STATUS(&r, 1, "scan --fail-on High");
	cr_assert(!strstr(r.out.buf, "medium ") && !strstr(r.out.buf, "info "),
		  "%s", r.out.buf);
	e2e_result_release(&r);
	/* --fail-on sees what --min-severity does not show. */
	PROCSIFT(&r, "scan", "--pid", k.arg[1], "--judge", "argv",
		 "--min-severity", "critical", "--fail-on", "high", "--json");
	E2E_EXPECT_STATUS(&r, 1, "scan --min-severity critical --fail-on high");
	cr_assert(strstr(r.out.buf, "\"findings\":[]"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", k.arg[0], "--judge", "env", "--container",
		 "any", "--json");
	E2E_EXPECT_STATUS(&r, 0, "scan --container any");
	cr_assert(strstr(r.out.buf, "\"findings\":[]"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", "999999999", "--judge", "env");
	E2E_EXPECT_STATUS(&r, 3, "scan --pid of no process");
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", "12,x");
	E2E_EXPECT_STATUS(&r, 2, "scan --pid 12,x");
	e2e_result_release(&r);
	jk_stop(&k);
}

Test(judge, judges_command)
{
	struct e2e_result r;
	PROCSIFT(&r, "judges");
	E2E_EXPECT_STATUS(&r, 0, "judges");
	cr_assert(strstr(r.out.buf, "ID") && strstr(r.out.buf, "env ") &&
			  strstr(r.out.buf, "argv ") &&
			  strstr(r.out.buf, "etcd "),
		  "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "judges", "--json");
	E2E_EXPECT_STATUS(&r, 0, "judges --json");
	e2e_validate("judges", &r.out);
	e2e_result_release(&r);
}

/* ---- Coverage ---- */

static bool have_setpriv(void)
{
	return access("/usr/bin/setpriv", X_OK) == 0;
}

/* procsift through setpriv as uid and gid 65534, with caps (NULL: none)
 * as its inheritable and ambient capabilities. */
static void as_nobody(struct e2e_result *r, const char *caps,
		      const char *const *args)
{
	const char *argv[48];
	char inh[128], amb[128];
	size_t n = 0;
	argv[n++] = "/usr/bin/setpriv";
	argv[n++] = "--reuid=65534";
	argv[n++] = "--regid=65534";
	argv[n++] = "--clear-groups";
	if (caps) {
		snprintf(inh, sizeof(inh), "--inh-caps=%s", caps);
		snprintf(amb, sizeof(amb), "--ambient-caps=%s", caps);
		argv[n++] = inh;
		argv[n++] = amb;
	}
	argv[n++] = "--";
	argv[n++] = e2e_procsift_bin();
	while (*args && n < 46)
		argv[n++] = *args++;
	argv[n] = NULL;
	e2e_run(r, NULL, argv);
}

/* Unprivileged: what could not be read is said, and --fail-on fails the
 * run (3) rather than report a clean host; --partial-ok accepts it.
 * With CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH alone (uid 65534), the
 * same processes are judged as root judges them, with the same findings. */
Test(judge, coverage_unprivileged_and_caps)
{
	struct e2e_result r, root;
	struct json_object *doc, *sum;
	struct jkids k;
	char pids[128];
	if (geteuid() != 0 || !have_setpriv()) {
		cr_skip_test("needs root and setpriv (util-linux) to run "
			     "procsift as another user with chosen "
			     "capabilities");
	}
	cr_assert(access(e2e_procsift_bin(), X_OK) == 0);
	jk_start(&k, kids3, 3);
	jk_pidlist(&k, pids, sizeof(pids));
	as_nobody(&r, NULL,
		  E2E_ARGS("scan", "--pid", pids, "--fail-on", "high"));
	E2E_EXPECT_STATUS(&r, 3, "unprivileged scan --fail-on high");
	cr_assert(strstr(r.err.buf, "environ: Permission denied") &&
			  strstr(r.err.buf, "CAP_SYS_PTRACE") &&
			  strstr(r.err.buf, "0 judged completely"),
		  "stderr: %s", r.err.buf);
	e2e_result_release(&r);
	as_nobody(&r, NULL,
		  E2E_ARGS("scan", "--pid", pids, "--fail-on", "critical",
			   "--partial-ok", "--ndjson"));
	E2E_EXPECT_STATUS(&r, 0, "unprivileged, --partial-ok");
	cr_assert(strstr(r.out.buf, "\"complete_coverage\":false") &&
			  strstr(r.out.buf, "\"facet\":\"environ\""),
		  "%s", r.out.buf);
	e2e_result_release(&r);

	PROCSIFT(&root, "scan", "--pid", pids, "--json", KEY);
	as_nobody(&r, "+sys_ptrace,+dac_read_search",
		  E2E_ARGS("scan", "--pid", pids, "--json", KEY));
	E2E_EXPECT_STATUS(&r, 0, "scan with the two capabilities");
	doc = e2e_json_parse(&r.out);
	sum = e2e_json_get(doc, "summary");
	cr_assert_eq(json_object_get_int(e2e_json_get(sum, "complete")), 3,
		     "%s", r.err.buf);
	cr_assert(json_object_get_boolean(
		e2e_json_get(sum, "complete_coverage")));
	json_object_put(doc);
	/* Equal findings, byte for byte (the same fingerprint key). */
	cr_assert_str_eq(r.out.buf, root.out.buf);
	e2e_result_release(&r);
	e2e_result_release(&root);
	jk_stop(&k);
}

/* A /proc mounted hidepid=invisible (in a mount namespace of its own)
 * shows an unprivileged procsift its own processes only: the summary
 * says so ("hidden"), --fail-on exits 3, and a run that saw no process
 * is not clean even with --partial-ok. With CAP_SYS_PTRACE it sees all. */
Test(judge, coverage_hidepid)
{
	struct e2e_result r;
	char script[2048];
	const char *argv[] = {"/usr/bin/unshare",
			      "-m",
			      "--propagation",
			      "private",
			      "sh",
			      "-c",
			      script,
			      NULL};
	if (geteuid() != 0 || !have_setpriv() ||
	    access("/usr/bin/unshare", X_OK)) {
		cr_skip_test("needs root, setpriv and unshare (util-linux) "
			     "to mount a /proc with hidepid in a mount "
			     "namespace");
	}
	snprintf(script, sizeof(script),
		 "mount -t proc -o hidepid=invisible proc /proc || exit 99; "
		 "N='/usr/bin/setpriv --reuid=65534 --regid=65534 "
		 "--clear-groups --'; "
		 "$N %s scan --fail-on high --ndjson; echo \"rc=$?\"; "
		 "$N %s scan --fail-on high --partial-ok >/dev/null; "
		 "echo \"rc=$?\"; "
		 "$N %s ps >/dev/null; $N %s fds --all >/dev/null; "
		 "/usr/bin/setpriv --reuid=65534 --regid=65534 "
		 "--clear-groups --inh-caps=+sys_ptrace "
		 "--ambient-caps=+sys_ptrace -- %s scan --ndjson "
		 "--judge argv | tail -n 1",
		 e2e_procsift_bin(), e2e_procsift_bin(), e2e_procsift_bin(),
		 e2e_procsift_bin(), e2e_procsift_bin());
	e2e_run(&r, NULL, argv);
	if (r.status == 99)
		cr_skip_test("cannot mount a procfs here: %s", r.err.buf);
	/* Every view says how much it does not see (issue 13, item 3). */
	cr_assert(strstr(r.err.buf, "ps: hidepid=invisible: about ") &&
			  strstr(r.err.buf, "fds: hidepid=invisible: about ") &&
			  strstr(r.err.buf, "are not visible to this user"),
		  "%s", r.err.buf);
	{
		const char *h = strstr(r.out.buf, "\"hidden_tasks\":");
		cr_assert(h && atoi(h + 15) > 0, "%s", r.out.buf);
	}
	E2E_EXPECT_STATUS(&r, 0, "the hidepid script");
	/* Only nobody's own processes are listed: none of the host's, but
	 * perhaps another test's run as nobody at the same time. */
	cr_assert(strstr(r.out.buf, "\"hidden\":\"hidepid=invisible\"") &&
			  strstr(r.out.buf, "\"complete_coverage\":false"),
		  "%s", r.out.buf);
	{
		const char *n = strstr(r.out.buf, "\"processes\":");
		cr_assert(n && atoi(n + 12) < 10, "%s", r.out.buf);
	}
	cr_assert(strstr(r.out.buf, "rc=3\nrc=3\n"), "%s", r.out.buf);
	cr_assert(strstr(r.err.buf, "hidepid=invisible"), "%s", r.err.buf);
	/* With CAP_SYS_PTRACE: every process listed, nothing hidden. */
	cr_assert(strstr(r.out.buf, "\"hidden\":null"), "%s", r.out.buf);
	e2e_result_release(&r);
}

/* Run in a pid namespace of its own (with its own /proc), procsift sees
 * only that namespace: every view says so, with how many of the host's
 * tasks it does not see, and scan's coverage is not complete. */
Test(judge, coverage_pid_namespace)
{
	struct e2e_result r;
	char script[1024];
	const char *argv[] = {"/usr/bin/unshare",
			      "-p",
			      "-f",
			      "--mount-proc",
			      "sh",
			      "-c",
			      script,
			      NULL};
	if (geteuid() != 0 || access("/usr/bin/unshare", X_OK))
		cr_skip_test("needs root and unshare (util-linux) to make a "
			     "pid namespace");
	snprintf(script, sizeof(script),
		 "%s ps >/dev/null && %s tree >/dev/null && "
		 "%s env --all >/dev/null && "
		 "f=/tmp/procsift-pidns-$$.psnap && "
		 "%s snapshot -o $f && %s --input $f ps >/dev/null; "
		 "rm -f $f; %s scan --ndjson | tail -n 1",
		 e2e_procsift_bin(), e2e_procsift_bin(), e2e_procsift_bin(),
		 e2e_procsift_bin(), e2e_procsift_bin(), e2e_procsift_bin());
	e2e_run(&r, NULL, argv);
	E2E_EXPECT_STATUS(&r, 0, "procsift in a pid namespace");
#define PIDNS_SAYS ": the /proc procsift reads belongs to a pid namespace"
	cr_assert(
		strstr(r.err.buf, "ps" PIDNS_SAYS " that is not the host's") &&
			strstr(r.err.buf, "tree" PIDNS_SAYS) &&
			strstr(r.err.buf, "env" PIDNS_SAYS) &&
			strstr(r.err.buf, "scan" PIDNS_SAYS) &&
			strstr(r.err.buf, "snapshot" PIDNS_SAYS) &&
			strstr(r.err.buf, "ps: this snapshot was taken in a "
					  "pid namespace"),
		"%s", r.err.buf);
	cr_assert(strstr(r.out.buf, "\"pid_namespace\":\"other\"") &&
			  strstr(r.out.buf, "\"complete_coverage\":false"),
		  "%s", r.out.buf);
	{
		const char *h = strstr(r.out.buf, "\"hidden_tasks\":");
		cr_assert(h && atoi(h + 15) > 0, "%s", r.out.buf);
	}
	e2e_result_release(&r);
	/* And in the host's: nothing said, the namespace named. */
	PROCSIFT(&r, "scan", "--ndjson", "--judge", "argv");
	cr_assert(strstr(r.out.buf, "\"pid_namespace\":\"host\"") &&
			  !strstr(r.err.buf, "pid namespace"),
		  "%s%s", r.out.buf, r.err.buf);
	e2e_result_release(&r);
}

/* ---- a process named etcd holding something else ---- */

/* A stand-in etcd holds PATH as its database: scan says what it is (a
 * finding of kind indicator, rule; none from the etcd judge when rule is
 * NULL), counts it as judged, and exits 0 even with --fail-on high. */
static void fake_etcd_as(const char *path, const char *rule, const char *how)
{
	struct e2e_result r;
	struct spawn s;
	char pid[16];
	if (how)
		SPAWN(&s, "holdas", "etcd", path, how);
	else
		SPAWN(&s, "hold", "etcd", path);
	snprintf(pid, sizeof(pid), "%d", (int)s.pids[0]);
	/* The etcd judge alone: etcd-posture rightly finds a stand-in
	 * without TLS flags. */
	PROCSIFT(&r, "scan", "--pid", pid, "--judge", "etcd", "--fail-on",
		 "high", "--ndjson");
	E2E_EXPECT_STATUS(&r, 0, "scan of a fake etcd");
	if (rule) {
		cr_assert(strstr(r.out.buf, rule), "no %s in:\n%s", rule,
			  r.out.buf);
		cr_assert(strstr(r.out.buf, "\"kind\":\"indicator\""), "%s",
			  r.out.buf);
	} else {
		cr_assert_not(strstr(r.out.buf, "\"judge\":\"etcd\""), "%s",
			      r.out.buf);
	}
	cr_assert(strstr(r.out.buf, "\"host_judges_failed\":[]"), "%s",
		  r.out.buf);
	e2e_result_release(&r);
	if (how) {
		/* Nothing about the file is told: not its size, not its
		 * type. */
		PROCSIFT(&r, "etcd", "--pid", pid);
		E2E_EXPECT_STATUS(&r, 3,
				  "etcd --pid of a holder that could "
				  "not read its file");
		cr_assert(strstr(r.err.buf, "could not read it itself"), "%s",
			  r.err.buf);
		cr_assert_not(strstr(r.err.buf, "large"), "%s", r.err.buf);
		e2e_result_release(&r);
	}
	spawn_stop(&s);
}

static void fake_etcd(const char *path, const char *rule)
{
	fake_etcd_as(path, rule, NULL);
}

Test(judge, fake_etcd)
{
	char dir[] = "/tmp/procsift-fake-etcd-XXXXXX", path[128], junk[8192];
	int fd;
	cr_assert(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/member", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/member/snap", dir);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/member/snap/db", dir);
	/* Not a bbolt file: two pages of text. */
	memset(junk, 'x', sizeof(junk));
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	close(fd);
	fake_etcd(path, "etcd-db-not-bbolt");
	/* A FIFO by that name is not taken for a database (its fd is typed
	 * fifo): never opened, so nothing waits for a writer. */
	cr_assert_eq(unlink(path), 0);
	cr_assert_eq(mkfifo(path, 0600), 0);
	fake_etcd(path, NULL);
	/* A sparse file past the host judge's budget: never opened. */
	cr_assert_eq(unlink(path), 0);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(ftruncate(fd, 17LL << 30), 0, "%s", strerror(errno));
	close(fd);
	fake_etcd(path, "etcd-db-too-large");
	/* A confused deputy: a user's process holds a file only root may
	 * read, O_PATH (no read permission needed) or as a descriptor passed
	 * to it; root procsift must not read it for them. The directories
	 * let the user reach the file, as a bind mount in the user's own
	 * namespace would. */
	cr_assert_eq(unlink(path), 0);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
	close(fd);
	chmod(dir, 0711);
	snprintf(junk, sizeof(junk), "%s/member", dir);
	chmod(junk, 0711);
	snprintf(junk, sizeof(junk), "%s/member/snap", dir);
	chmod(junk, 0711);
	fake_etcd_as(path, "etcd-db-not-readable-by-holder", "path");
	fake_etcd_as(path, "etcd-db-not-readable-by-holder", "rdonly");
	unlink(path);
	snprintf(path, sizeof(path), "%s/member/snap", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/member", dir);
	rmdir(path);
	rmdir(dir);
}

/* ---- fds: types by inode, pipes shared by many ---- */

Test(judge, fds_fifo_and_shared_pipe)
{
	struct e2e_result r;
	struct json_object *doc, *fds;
	struct spawn s, f;
	char path[64], want[64];
	const char *line;
	size_t i, longest = 0, shared = 0;
	snprintf(path, sizeof(path), "/tmp/procsift-fifo-%d", (int)getpid());
	SPAWN(&f, "fifo", path);
	{
		char pid[16];
		snprintf(pid, sizeof(pid), "%d", (int)f.pids[0]);
		PROCSIFT(&r, "fds", "--json", pid);
	}
	E2E_EXPECT_STATUS(&r, 0, "fds --json of the FIFO holder");
	e2e_validate("fds", &r.out);
	cr_assert(strstr(r.out.buf, "\"fd\":7,\"type\":\"fifo\""), "%s",
		  r.out.buf);
	e2e_result_release(&r);
	spawn_stop(&f);

	SPAWN(&s, "pipeshare", "60");
	{
		char pid[16];
		snprintf(pid, sizeof(pid), "%d", (int)s.pids[1]);
		PROCSIFT(&r, "fds", pid);
		E2E_EXPECT_STATUS(&r, 0, "fds of a pipe sharer");
		for (line = r.out.buf; *line;) {
			size_t len = strcspn(line, "\n");
			if (len > longest)
				longest = len;
			line += len + (line[len] != '\0');
		}
		snprintf(want, sizeof(want), "(+%d)", 60 - 3);
		cr_assert(strstr(r.out.buf, want), "want %s in:\n%s", want,
			  r.out.buf);
		cr_assert_lt(longest, 200, "a line of %zu bytes:\n%s", longest,
			     r.out.buf);
		e2e_result_release(&r);
		PROCSIFT(&r, "fds", "--json", pid);
		e2e_validate("fds", &r.out);
		doc = e2e_json_parse(&r.out);
		fds = e2e_json_get(json_object_array_get_idx(
					   e2e_json_get(doc, "processes"), 0),
				   "fds");
		for (i = 0; i < json_object_array_length(fds); i++) {
			struct json_object *e =
				json_object_array_get_idx(fds, i);
			int total;
			if (strcmp(json_object_get_string(
					   e2e_json_get(e, "type")),
				   "pipe"))
				continue;
			/* The shared pipe (and any the test inherited). */
			total = json_object_get_int(
				e2e_json_get(e, "peers_total"));
			cr_assert_eq(json_object_array_length(
					     e2e_json_get(e, "peers")),
				     (size_t)(total < 3 ? total : 3));
			shared += total == 60;
		}
		cr_assert_eq(shared, 2, "both ends of the shared pipe");
		json_object_put(doc);
		e2e_result_release(&r);
		PROCSIFT(&r, "fds", "--json", "--all-peers", pid);
		cr_assert(strstr(r.out.buf, "\"peers_total\":60"), "%s",
			  r.out.buf);
		e2e_result_release(&r);
	}
	spawn_stop(&s);
}

/* ---- The purity check catches a judge that reads ---- */

Test(judge, purity_check_catches_a_reader)
{
	char dir[] = "/tmp/procsift-purity-XXXXXX", src[160], obj[192],
	     sub[128];
	struct e2e_result r;
	FILE *fp;
	cr_assert(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/src", dir);
	cr_assert(!mkdir(sub, 0700));
	snprintf(sub, sizeof(sub), "%s/src/scan", dir);
	cr_assert(!mkdir(sub, 0700));
	snprintf(src, sizeof(src), "%s/bad.c", dir);
	snprintf(obj, sizeof(obj), "%s/bad.o", sub);
	fp = fopen(src, "w");
	cr_assert(fp);
	/* openat, and read and fgets as gcc fortifies them (__read_chk). */
	fputs("#include <fcntl.h>\n#include <stdio.h>\n#include <unistd.h>\n"
	      "int bad(void);\nint bad2(FILE *f, size_t n);\n"
	      "int bad(void) { return openat(0, \"environ\", 0); }\n"
	      "int bad2(FILE *f, size_t n) { char b[16];\n"
	      "  return (int)read(3, b, n) + (fgets(b, 16, f) != 0); }\n",
	      fp);
	fclose(fp);
	e2e_run(&r, NULL,
		E2E_ARGS("/usr/bin/cc", "-O2", "-D_FORTIFY_SOURCE=2", "-c",
			 "-o", obj, src));
	E2E_EXPECT_STATUS(&r, 0, "cc");
	e2e_result_release(&r);
	e2e_run(&r, NULL, E2E_ARGS("/bin/bash", "tests/judge-purity.sh", dir));
	E2E_EXPECT_STATUS(&r, 1, "judge-purity on an object calling openat");
	cr_assert(strstr(r.err.buf, "openat") &&
			  strstr(r.err.buf, "__read_chk") &&
			  strstr(r.err.buf, "fgets"),
		  "%s", r.err.buf);
	e2e_result_release(&r);
	unlink(obj);
	unlink(src);
	snprintf(sub, sizeof(sub), "%s/src/scan", dir);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/src", dir);
	rmdir(sub);
	rmdir(dir);
}

/* ---- Hostile sizes ---- */

/* Whether this process has capability bit in its effective set. */
static bool have_cap(int bit)
{
	char buf[4096];
	unsigned long long eff = 0;
	ssize_t n;
	char *p;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strstr(buf, "CapEff:");
	return p && sscanf(p + 7, "%llx", &eff) == 1 && (eff >> bit & 1);
}

/* An environment of 5 MiB, near what execve can pass (6 MiB of argv and
 * environ in all): read whole and judged, in bounded time. */
Test(judge, large_environ, .timeout = 300)
{
	struct strbuf big = STRBUF_INIT;
	const char *env[48];
	struct jkid one[1];
	struct e2e_result r;
	struct jkids k;
	size_t i, at[48];
	for (i = 0; i < 40; i++) {
		size_t k0 = big.len;
		at[i] = k0;
		strbuf_addf(&big, "BIG_%02zu=", i);
		while (big.len - k0 < 131000)
			strbuf_addstr(&big, "abcdefgh");
		strbuf_addch(&big, '\0');
	}
	for (i = 0; i < 40; i++)
		env[i] = big.buf + at[i];
	env[40] = "GITHUB_TOKEN=" GHP2;
	env[41] = NULL;
	one[0] = (struct jkid){NULL, env};
	jk_start(&k, one, 1);
	PROCSIFT(&r, "scan", "--pid", k.arg[0], "--judge", "env", "--json");
	E2E_EXPECT_STATUS(&r, 0, "scan of a 5 MiB environ");
	cr_assert(strstr(r.out.buf, "env:GITHUB_TOKEN") &&
			  strstr(r.out.buf, "\"complete\":1"),
		  "%s", strstr(r.out.buf, "\"summary\""));
	e2e_result_release(&r);
	strbuf_release(&big);
	jk_stop(&k);
}

/* A value nested a thousand levels deep: bounded, the rest of the
 * environment judged all the same. */
Test(judge, deep_value)
{
	struct strbuf deep = STRBUF_INIT;
	const char *env[3];
	struct jkid one[1];
	struct e2e_result r;
	struct jkids k;
	size_t i;
	strbuf_addstr(&deep, "DEEP=");
	for (i = 0; i < 1000; i++)
		strbuf_addstr(&deep, "{\"a\":");
	strbuf_addstr(&deep, "\"x\"");
	for (i = 0; i < 1000; i++)
		strbuf_addch(&deep, '}');
	env[0] = deep.buf;
	env[1] = "GITHUB_TOKEN=" GHP2;
	env[2] = NULL;
	one[0] = (struct jkid){NULL, env};
	jk_start(&k, one, 1);
	PROCSIFT(&r, "scan", "--pid", k.arg[0], "--judge", "env", "--json");
	E2E_EXPECT_STATUS(&r, 0, "scan of the deep value");
	cr_assert(strstr(r.out.buf, "env:GITHUB_TOKEN"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "env", k.arg[0]);
	E2E_EXPECT_STATUS(&r, 0, "env of the deep value");
	e2e_result_release(&r);
	strbuf_release(&deep);
	jk_stop(&k);
}

/* An environment of 20 MiB (made with prctl PR_SET_MM, as no execve can
 * pass one): read to the 16 MiB cap, judged that far, and said so. */
Test(judge, huge_environ, .timeout = 300)
{
	struct e2e_result r;
	struct spawn s;
	char pid[16];
	if (!have_cap(24)) {
		cr_skip_test("needs CAP_SYS_RESOURCE (prctl PR_SET_MM) to "
			     "point a process's environment at 20 MiB; this "
			     "sandbox withholds it even from root (the 16 MiB "
			     "cap is tested by test_psnap on a file)");
	}
	SPAWN(&s, "bigenv", "20");
	snprintf(pid, sizeof(pid), "%d", (int)s.pids[0]);
	PROCSIFT(&r, "scan", "--pid", pid, "--judge", "env", "--json");
	cr_assert(r.status == 0, "exit %d: %s", r.status, r.err.buf);
	e2e_validate("scan", &r.out);
	cr_assert(strstr(r.out.buf, "\"truncated\":[{\"facet\":\"environ\","
				    "\"processes\":1"),
		  "the cut environ is in truncated: %s",
		  strstr(r.out.buf, "\"summary\""));
	cr_assert(strstr(r.err.buf, "environ cut at a cap"), "%s", r.err.buf);
	/* The token past the cap is not seen: no finding claims it. */
	cr_assert(!strstr(r.out.buf, "env:GITHUB_TOKEN"), "%s",
		  strstr(r.out.buf, "\"summary\""));
	e2e_result_release(&r);
	PROCSIFT(&r, "env", "--json", pid);
	E2E_EXPECT_STATUS(&r, 0, "env of a 20 MiB environ");
	cr_assert(strstr(r.out.buf, "\"env_truncated\":true"));
	e2e_result_release(&r);
	spawn_stop(&s);
}

/* Processes exiting while the walk reads them: skipped quietly. */
Test(judge, churn)
{
	struct e2e_result r;
	struct spawn s;
	int i;
	SPAWN(&s, "exiter");
	for (i = 0; i < 5; i++) {
		PROCSIFT(&r, "scan", "--judge", "env", "--judge", "argv");
		cr_assert(r.status == 0, "scan during churn: exit %d: %s",
			  r.status, r.err.buf);
		cr_assert(!strstr(r.err.buf, "No such process"), "%s",
			  r.err.buf);
		e2e_result_release(&r);
	}
	/* show on children that exit while they are read: a dossier or
	 * "exited", never a crash. */
	for (i = 0; i < 40; i++) {
		char path[64], kids[256], *tok, *save = NULL;
		FILE *fp;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/children",
			 (int)s.pids[0], (int)s.pids[0]);
		fp = fopen(path, "r");
		cr_assert(fp, "%s: %s", path, strerror(errno));
		kids[0] = '\0';
		if (!fgets(kids, sizeof(kids), fp))
			kids[0] = '\0';
		fclose(fp);
		for (tok = strtok_r(kids, " \n", &save); tok;
		     tok = strtok_r(NULL, " \n", &save)) {
			PROCSIFT(&r, "show", "--json", tok);
			cr_assert(r.status == 0 || r.status == 3,
				  "show %s during churn: exit %d: %s", tok,
				  r.status, r.err.buf);
			e2e_result_release(&r);
		}
	}
	spawn_stop(&s);
}
