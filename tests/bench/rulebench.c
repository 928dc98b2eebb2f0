/*
 * rulebench: single-core throughput of the secret-rule engine for
 * `make bench`.
 *
 *   rulebench [-m MIB] [-R RUNS] [-b VARS] [-r RULES.yaml]... [-B] [-P bigram]
 * [-v]
 *
 * Loads the built-in rule set (plus any -r files; -B leaves the built-in
 * set out), builds an environment-like corpus of at least MIB MiB (default
 * 64) in memory, then times the engine over every variable as the env
 * judge runs it: the corpus cut into environments of VARS variables
 * (default 32, about what a process on the farm carries), each batch's
 * keywords found by ruleset_batch_init (one prefilter pass over the
 * NUL-separated NAME=VALUE block) and each variable matched by
 * ruleset_batch_match; -b 0 times ruleset_match_env on every variable
 * instead (a prefilter pass per variable, the path before batches). RUNS
 * times (default 3), on one CPU (CLOCK_MONOTONIC), and prints key=value
 * lines on stdout: the rule counts, the corpus, the matches and the best
 * throughput in MB/s (10^6 bytes of NAME=VALUE per second).
 *
 * The corpus is deterministic (fixed seed): paths, locales, hostnames,
 * ports and service links as Kubernetes sets them, UUIDs, hex digests,
 * base64 blobs, JSON snippets, LS_COLORS-like strings, option strings,
 * benign values under secret-sounding names, and 1 value in 200 a fake
 * secret. The fake secrets come from the examples of the loaded env
 * rules, their secret span re-randomised (same character classes) and
 * checked to still match that rule; with no usable example, a fallback
 * set of common token shapes stands in (shape_source=fallback).
 *
 * -P bigram times the engine with the prefilter's simpler bigram
 * reference in place of its trigram filter (the design it replaced), for
 * the comparison in docs/performance.md.
 *
 * -v adds, per rule, how many variables its keywords let through
 * (cand), how many it matched among the planted and the other variables,
 * and two of the latter; and the throughput of the keyword prefilter on
 * its own (prefilter_mbps), the same two prefilter_scan calls per variable
 * as ruleset_match_env makes.
 *
 * Built by tests/bench/bench.sh against procsift's objects.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/ruleopts.h"
#include "scan/builtin.h"
#include "scan/prefilter.h"
#include "scan/rules.h"

#define SECRET_EVERY 200
#define MAX_SHAPES 4096

/* ------------------------------------------------------------------ */
/* deterministic randomness */

static uint64_t rng_state = 0x70726f6373696674ULL; /* "procsift" */

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned rn(unsigned n)
{
	return n ? (unsigned)(rnd() % n) : 0;
}

static const char *pick(const char *const *v, size_t n)
{
	return v[rn((unsigned)n)];
}
#define PICK(v) pick(v, sizeof(v) / sizeof(v[0]))

static const char ALNUM[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
static const char B64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char HEX[] = "0123456789abcdef";
static const char LOWER[] = "abcdefghijklmnopqrstuvwxyz";
static const char UPPER[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char DIGIT[] = "0123456789";

/* ------------------------------------------------------------------ */
/* the corpus: "NAME=VALUE" strings back to back, NUL-separated */

struct var {
	uint32_t off, nlen, vlen;
	uint32_t planted; /* 1 + shape index, or 0 */
};

static char *arena;
static size_t arena_len, arena_alloc;
static struct var *vars;
static size_t nvars, vars_alloc;

/* the variable being built: name and value in their own buffers */
static char nbuf[256], vbuf[8192];
static size_t nl, vl;

static void *grow(void *p, size_t *alloc, size_t want, size_t sz)
{
	if (want <= *alloc)
		return p;
	while (*alloc < want)
		*alloc = *alloc ? *alloc * 2 : 4096;
	p = realloc(p, *alloc * sz);
	if (!p) {
		perror("rulebench");
		exit(1);
	}
	return p;
}

static void name(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void name(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	nl = (size_t)vsnprintf(nbuf, sizeof(nbuf), fmt, ap);
	va_end(ap);
	if (nl >= sizeof(nbuf))
		nl = sizeof(nbuf) - 1;
	vl = 0;
}

static void add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *fmt, ...)
{
	va_list ap;
	int k;
	va_start(ap, fmt);
	k = vsnprintf(vbuf + vl, sizeof(vbuf) - vl, fmt, ap);
	va_end(ap);
	if (k > 0)
		vl += (size_t)k;
	if (vl >= sizeof(vbuf))
		vl = sizeof(vbuf) - 1;
}

static void add_chars(const char *set, size_t n)
{
	size_t k = strlen(set);
	while (n-- && vl + 1 < sizeof(vbuf))
		vbuf[vl++] = set[rn((unsigned)k)];
	vbuf[vl] = 0;
}

static void add_uuid(void)
{
	add_chars(HEX, 8);
	add("-");
	add_chars(HEX, 4);
	add("-4");
	add_chars(HEX, 3);
	add("-%c", "89ab"[rn(4)]);
	add_chars(HEX, 3);
	add("-");
	add_chars(HEX, 12);
}

static void add_ip(void)
{
	add("10.%u.%u.%u", rn(256), rn(256), 1 + rn(254));
}

static void add_word(void)
{
	static const char *const w[] = {
		"api",	    "web",    "worker",	 "auth",    "billing", "search",
		"cache",    "queue",  "gateway", "metrics", "users",   "orders",
		"payments", "notify", "ingest",	 "reports", "admin",   "cdn"};
	add("%s", PICK(w));
}

static void commit(uint32_t planted)
{
	struct var *v;
	arena = grow(arena, &arena_alloc, arena_len + nl + vl + 2, 1);
	vars = grow(vars, &vars_alloc, nvars + 1, sizeof(*vars));
	v = &vars[nvars++];
	v->off = (uint32_t)arena_len;
	v->nlen = (uint32_t)nl;
	v->vlen = (uint32_t)vl;
	v->planted = planted;
	memcpy(arena + arena_len, nbuf, nl);
	arena[arena_len + nl] = '=';
	memcpy(arena + arena_len + nl + 1, vbuf, vl);
	arena[arena_len + nl + 1 + vl] = 0;
	arena_len += nl + vl + 2;
}

/* ------------------------------------------------------------------ */
/* background variables */

static const char *const DIRS[] = {"/usr/local/sbin",
				   "/usr/local/bin",
				   "/usr/sbin",
				   "/usr/bin",
				   "/sbin",
				   "/bin",
				   "/usr/games",
				   "/snap/bin",
				   "/opt/java/openjdk/bin",
				   "/usr/local/go/bin",
				   "/root/.cargo/bin",
				   "/home/app/.local/bin",
				   "/opt/conda/bin",
				   "/usr/lib/jvm/java-17-openjdk-amd64/bin",
				   "/var/lib/gems/3.1.0/bin",
				   "/opt/app/node_modules/.bin"};

static void gen_path_list(void)
{
	static const char *const names[] = {
		"PATH",	      "PATH",	 "PATH",	  "LD_LIBRARY_PATH",
		"PYTHONPATH", "MANPATH", "XDG_DATA_DIRS", "XDG_CONFIG_DIRS",
		"CLASSPATH",  "GOPATH",	 "NODE_PATH",	  "PKG_CONFIG_PATH"};
	unsigned n = 2 + rn(9), i;
	name("%s", PICK(names));
	for (i = 0; i < n; i++) {
		if (i)
			add(":");
		if (rn(3))
			add("%s", PICK(DIRS));
		else {
			add("/opt/");
			add_word();
			add("-%u.%u/lib/%s", rn(9), rn(30),
			    nbuf[0] == 'C' ? "app.jar" : "x86_64");
		}
	}
}

static void gen_path(void)
{
	static const char *const names[] = {
		"HOME",		"PWD",		 "OLDPWD",
		"SHELL",	"TMPDIR",	 "XDG_RUNTIME_DIR",
		"KUBECONFIG",	"JAVA_HOME",	 "GOROOT",
		"CONDA_PREFIX", "SSL_CERT_FILE", "DATA_DIR",
		"LOG_DIR",	"CONFIG_FILE",	 "REQUESTS_CA_BUNDLE",
		"VIRTUAL_ENV",	"MAIL",		 "HISTFILE"};
	static const char *const tails[] = {
		"config.yaml", "ca-certificates.crt",
		"data",	       "logs",
		"venv",	       ".kube/config",
		"app.toml",    "current",
		"cache",       "spool"};
	name("%s", PICK(names));
	switch (rn(4)) {
	case 0:
		add("/home/user%u", rn(5000));
		break;
	case 1:
		add("/run/user/%u", 1000 + rn(2000));
		break;
	case 2:
		add("/srv/");
		add_word();
		add("/%s", PICK(tails));
		break;
	default:
		add("/var/lib/");
		add_word();
		add("-%u/%s", rn(100), PICK(tails));
	}
}

static void gen_locale(void)
{
	static const char *const names[] = {"LANG",	"LC_ALL", "LC_CTYPE",
					    "LANGUAGE", "TZ",	  "LC_TIME"};
	static const char *const loc[] = {
		"C.UTF-8",     "en_US.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8",
		"en_GB.UTF-8", "ja_JP.UTF-8", "POSIX",	     "en_US:en"};
	static const char *const tz[] = {"UTC", "Europe/Berlin",
					 "America/New_York", "Asia/Tokyo"};
	name("%s", PICK(names));
	add("%s", nbuf[0] == 'T' ? PICK(tz) : PICK(loc));
}

static void gen_host(void)
{
	static const char *const names[] = {"HOSTNAME",
					    "DB_HOST",
					    "REDIS_HOST",
					    "NODE_NAME",
					    "SMTP_HOST",
					    "KAFKA_BOOTSTRAP_SERVERS",
					    "ELASTICSEARCH_HOST",
					    "MEMCACHED_HOST",
					    "HOST_IP",
					    "POD_IP"};
	name("%s", PICK(names));
	switch (rn(4)) {
	case 0:
		add_ip();
		break;
	case 1:
		add_word();
		add("-%u.%s.svc.cluster.local", rn(8),
		    rn(2) ? "default" : "prod");
		break;
	case 2:
		add_word();
		add("-");
		add_chars(LOWER, 5);
		add("-");
		add_chars(DIGIT, 2);
		add(".prod.example.internal");
		break;
	default:
		add("ip-10-%u-%u-%u.ec2.internal", rn(256), rn(256), rn(256));
	}
}

/* Kubernetes service links: FOO_SERVICE_HOST, FOO_PORT_443_TCP_ADDR... */
static void gen_port(void)
{
	char svc[64];
	unsigned port = rn(4) ? 80 + rn(9000) : 443;
	size_t i;
	static const char *const w[] = {
		"KUBERNETES", "REDIS_MASTER", "POSTGRES",	"API_GATEWAY",
		"FRONTEND",   "AUTH_SERVICE", "METRICS_SERVER", "RABBITMQ"};
	snprintf(svc, sizeof(svc), "%s", PICK(w));
	for (i = 0; svc[i]; i++)
		svc[i] = (char)toupper((unsigned char)svc[i]);
	switch (rn(6)) {
	case 0:
		name("%s_SERVICE_HOST", svc);
		add_ip();
		break;
	case 1:
		name("%s_SERVICE_PORT", svc);
		add("%u", port);
		break;
	case 2:
		name("%s_PORT", svc);
		add("tcp://");
		add_ip();
		add(":%u", port);
		break;
	case 3:
		name("%s_PORT_%u_TCP_ADDR", svc, port);
		add_ip();
		break;
	case 4:
		name("%s_PORT_%u_TCP_PROTO", svc, port);
		add("tcp");
		break;
	default:
		name("%s_PORT_%u_TCP", svc, port);
		add("tcp://");
		add_ip();
		add(":%u", port);
	}
}

static void gen_uuid(void)
{
	static const char *const names[] = {
		"POD_UID",	  "REQUEST_ID",	 "INVOCATION_ID", "TRACE_ID",
		"CORRELATION_ID", "INSTANCE_ID", "BOOT_ID",	  "SESSION_ID"};
	name("%s", PICK(names));
	if (nbuf[0] == 'I' && nbuf[1] == 'N' && nbuf[2] == 'V')
		add_chars(HEX, 32);
	else
		add_uuid();
}

static void gen_digest(void)
{
	static const char *const names[] = {"GIT_COMMIT",     "IMAGE_DIGEST",
					    "BUILD_ID",	      "APP_VERSION",
					    "SOURCE_VERSION", "CHECKSUM"};
	name("%s", PICK(names));
	switch (rn(4)) {
	case 0:
		add_chars(HEX, 40);
		break;
	case 1:
		add("sha256:");
		add_chars(HEX, 64);
		break;
	case 2:
		add("%u.%u.%u", rn(5), rn(30), rn(100));
		break;
	default:
		add("%u", 100000 + rn(900000));
	}
}

static void gen_b64(void)
{
	static const char *const names[] = {"CONFIG_B64",     "SESSION_STATE",
					    "CA_BUNDLE_DATA", "INIT_PAYLOAD",
					    "FEATURE_BLOB",   "SIGNATURE",
					    "CLUSTER_CA_DATA"};
	unsigned n = 16 + rn(640);
	name("%s", PICK(names));
	add_chars(B64, n);
	add("%s", n % 3 == 1 ? "==" : n % 3 == 2 ? "=" : "");
}

static void gen_json(void)
{
	static const char *const names[] = {
		"APP_CONFIG", "SPRING_APPLICATION_JSON", "FEATURE_FLAGS",
		"SERVICE_MAP", "LOGGING_CONFIG"};
	unsigned i, n = 1 + rn(6);
	name("%s", PICK(names));
	add("{\"name\":\"");
	add_word();
	add("\",\"replicas\":%u,\"debug\":%s,\"endpoints\":[", 1 + rn(9),
	    rn(2) ? "true" : "false");
	for (i = 0; i < n; i++) {
		add("%s\"http://", i ? "," : "");
		add_word();
		add(".svc:%u/v%u\"", 8000 + rn(100), 1 + rn(3));
	}
	add("],\"timeout_ms\":%u,\"region\":\"eu-west-%u\"}", 100 * rn(100),
	    1 + rn(3));
}

static void gen_ls_colors(void)
{
	static const char *const ext[] = {
		"tar", "tgz", "zip", "gz",  "bz2", "xz",  "zst",  "deb", "rpm",
		"jar", "jpg", "png", "gif", "svg", "mp4", "mkv",  "mp3", "flac",
		"ogg", "wav", "pdf", "iso", "7z",  "rar", "cpio", "webm"};
	unsigned i, n = 60 + rn(140);
	name("LS_COLORS");
	add("rs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so=01;35:do=01;35:"
	    "bd=40;33;01:cd=40;33;01:or=40;31;01:mi=00:su=37;41:sg=30;43:"
	    "ca=30;41:tw=30;42:ow=34;42:st=37;44:ex=01;32");
	for (i = 0; i < n; i++)
		add(":*.%s=%02u;%u", PICK(ext), rn(2), 31 + rn(7));
}

static void gen_url(void)
{
	static const char *const names[] = {"OTEL_EXPORTER_OTLP_ENDPOINT",
					    "HTTP_PROXY",
					    "HTTPS_PROXY",
					    "NO_PROXY",
					    "DATABASE_HOST_URL",
					    "UPSTREAM_URL",
					    "VAULT_ADDR",
					    "CALLBACK_URL"};
	name("%s", PICK(names));
	if (nbuf[0] == 'N') {
		add("localhost,127.0.0.1,.svc,.cluster.local,");
		add_ip();
		return;
	}
	add("%s://", rn(2) ? "https" : "http");
	add_word();
	add(".example.internal:%u/", 1024 + rn(60000));
	if (rn(2)) {
		add("api/v%u/", 1 + rn(3));
		add_word();
		add("?region=eu-west-%u&retry=%u", 1 + rn(3), rn(5));
	}
}

static void gen_short(void)
{
	static const char *const kv[] = {"TERM=xterm-256color",
					 "SHLVL=1",
					 "USER=app",
					 "LOGNAME=app",
					 "EDITOR=vim",
					 "PAGER=less",
					 "COLORTERM=truecolor",
					 "LOG_LEVEL=info",
					 "NODE_ENV=production",
					 "DEBUG=false",
					 "WORKERS=4",
					 "GOMAXPROCS=2",
					 "PYTHONUNBUFFERED=1",
					 "container=docker",
					 "_=/usr/bin/env",
					 "LESSOPEN=| /usr/bin/lesspipe %s",
					 "RAILS_ENV=production",
					 "ENVIRONMENT=staging",
					 "REPLICAS=3",
					 "KUBERNETES_SERVICE_PORT_HTTPS=443",
					 "SSH_TTY=/dev/pts/0",
					 "DISPLAY=:0",
					 "HISTSIZE=1000",
					 "MALLOC_ARENA_MAX=2"};
	const char *s = PICK(kv), *eq = strchr(s, '=');
	name("%.*s", (int)(eq - s), s);
	add("%s", eq + 1);
}

static void gen_opts(void)
{
	name("%s", rn(3) ? "JAVA_OPTS" : rn(2) ? "NODE_OPTIONS" : "GOFLAGS");
	if (nbuf[0] == 'J')
		add("-Xms%um -Xmx%um -XX:+UseG1GC -XX:MaxGCPauseMillis=%u "
		    "-Dfile.encoding=UTF-8 -Djava.security.egd=file:/dev/./"
		    "urandom -Dspring.profiles.active=%s",
		    64 << rn(4), 256 << rn(4), 100 + rn(400),
		    rn(2) ? "prod" : "k8s");
	else if (nbuf[0] == 'N')
		add("--max-old-space-size=%u --enable-source-maps",
		    512 << rn(3));
	else
		add("-mod=vendor -trimpath -buildvcs=false");
}

/* Secret-sounding names with harmless values: what makes the keyword
 * prefilter say "maybe" without a secret behind it. */
static void gen_near_miss(void)
{
	static const char *const kv[] = {
		"DB_PASSWORD_FILE=/run/secrets/db-password",
		"AWS_REGION=eu-west-1",
		"AWS_DEFAULT_REGION=us-east-1",
		"GITHUB_ACTIONS=true",
		"TOKEN_TTL=3600",
		"SECRET_STORE=vault",
		"API_KEY_HEADER=X-Api-Key",
		"PASSWORD_MIN_LENGTH=12",
		"SLACK_CHANNEL=#deploys",
		"STRIPE_API_VERSION=2023-10-16",
		"AUTH_TOKEN_URL=https://"
		"auth.example.internal/token",
		"GOOGLE_CLOUD_PROJECT=my-project-123456",
		"KEY_ROTATION_DAYS=90",
		"PRIVATE_KEY_PATH=/etc/tls/tls.key",
		"JWT_ISSUER=https://auth.example.internal",
		"NPM_CONFIG_REGISTRY=https://registry.npmjs.org/",
		"CREDENTIALS_PROVIDER=instance-metadata"};
	const char *s = PICK(kv), *eq = strchr(s, '=');
	name("%.*s", (int)(eq - s), s);
	add("%s", eq + 1);
}

static const struct {
	void (*gen)(void);
	unsigned weight;
} gens[] = {
	{gen_path_list, 6}, {gen_path, 12},	{gen_locale, 6},
	{gen_host, 10},	    {gen_port, 14},	{gen_uuid, 5},
	{gen_digest, 4},    {gen_b64, 4},	{gen_json, 3},
	{gen_ls_colors, 1}, {gen_url, 5},	{gen_short, 20},
	{gen_opts, 3},	    {gen_near_miss, 5},
};

static void gen_background(void)
{
	static unsigned total;
	unsigned i, x;
	if (!total)
		for (i = 0; i < sizeof(gens) / sizeof(gens[0]); i++)
			total += gens[i].weight;
	x = rn(total);
	for (i = 0; x >= gens[i].weight; i++)
		x -= gens[i].weight;
	gens[i].gen();
}

/* ------------------------------------------------------------------ */
/* fake secrets */

struct shape {
	char *name, *value;
	size_t nlen, vlen;
	const struct rule *rule; /* NULL for a fallback shape */
	size_t soff, slen;	 /* the secret within value */
};

static struct shape shapes[MAX_SHAPES];
static size_t nshapes;

struct want {
	const struct rule *rule;
	size_t off, len;
	const char *value;
	int hit;
};

static void want_cb(const struct rule_match *m, void *arg)
{
	struct want *w = arg;
	if (m->rule == w->rule && !w->hit) {
		w->hit = 1;
		w->off = (size_t)(m->secret - w->value);
		w->len = m->len;
	}
}

/* Does rule r fire on NAME=VALUE? Sets *off and *len to its secret. */
static int fires(const struct ruleset *rs, const struct rule *r, const char *n,
		 size_t nlen, const char *v, size_t vlen, size_t *off,
		 size_t *len)
{
	struct want w = {.rule = r, .value = v};
	ruleset_match_env(rs, n, nlen, v, vlen, want_cb, &w, NULL);
	if (w.hit && off) {
		*off = w.off;
		*len = w.len;
	}
	return w.hit;
}

static int shell_name(const char *s, size_t n)
{
	size_t i;
	if (!n || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return 0;
	return 1;
}

static void add_shape(const struct rule *r, const char *n, size_t nlen,
		      const char *v, size_t vlen, size_t off, size_t len)
{
	struct shape *s;
	if (nshapes >= MAX_SHAPES)
		return;
	s = &shapes[nshapes++];
	s->name = strndup(n, nlen);
	s->value = strndup(v, vlen);
	s->nlen = nlen;
	s->vlen = vlen;
	s->rule = r;
	s->soff = off;
	s->slen = len;
}

/* Shapes from the examples of every env rule, each checked to fire:
 * its NAME=VALUE examples; for a rule with none, the secret of each of
 * its other examples (text such as `api_key: "..."`) as the value of a
 * secret-sounding name it fires under. */
static void shapes_from_rules(const struct ruleset *rs)
{
	static const char *const names[] = {"API_KEY",	   "SECRET_TOKEN",
					    "APP_SECRET",  "AUTH_TOKEN",
					    "CREDENTIALS", "PASSWORD"};
	size_t i, k, j, off, len, before;
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		if (!(r->targets & TARGET_ENV))
			continue;
		before = nshapes;
		for (k = 0; k < r->nexamples; k++) {
			const char *ex = r->examples[k], *eq = strchr(ex, '=');
			if (eq && shell_name(ex, (size_t)(eq - ex)) &&
			    fires(rs, r, ex, (size_t)(eq - ex), eq + 1,
				  strlen(eq + 1), &off, &len))
				add_shape(r, ex, (size_t)(eq - ex), eq + 1,
					  strlen(eq + 1), off, len);
		}
		if (nshapes > before)
			continue;
		for (k = 0; k < r->nexamples; k++) {
			struct want w = {.rule = r, .value = r->examples[k]};
			const char *sec;
			ruleset_match_text(rs, r->targets, w.value,
					   strlen(w.value), want_cb, &w, NULL);
			if (!w.hit || !w.len)
				continue;
			sec = w.value + w.off;
			for (j = 0; j < sizeof(names) / sizeof(names[0]); j++)
				if (fires(rs, r, names[j], strlen(names[j]),
					  sec, w.len, &off, &len)) {
					add_shape(r, names[j], strlen(names[j]),
						  sec, w.len, off, len);
					break;
				}
		}
	}
}

/* Common token shapes for a rule set without usable examples (the
 * prefixes only; the rest is random at planting time). */
static void shapes_fallback(void)
{
	static const struct {
		const char *name, *prefix, *set;
		size_t n;
	} fb[] = {
		{"AWS_ACCESS_KEY_ID", "AKIA", UPPER, 16},
		{"GITHUB_TOKEN", "ghp_", ALNUM, 36},
		{"GITLAB_TOKEN", "glpat-", ALNUM, 20},
		{"SLACK_BOT_TOKEN", "xoxb-", DIGIT, 24},
		{"STRIPE_SECRET_KEY", "sk_live_", ALNUM, 24},
		{"GOOGLE_API_KEY", "AIza", ALNUM, 35},
		{"NPM_TOKEN", "npm_", ALNUM, 36},
		{"OPENAI_API_KEY", "sk-proj-", ALNUM, 48},
		{"SENDGRID_API_KEY", "SG.", ALNUM, 66},
		{"DB_PASSWORD", "", ALNUM, 20},
	};
	size_t i;
	for (i = 0; i < sizeof(fb) / sizeof(fb[0]); i++) {
		char v[128];
		size_t p = strlen(fb[i].prefix), k;
		memcpy(v, fb[i].prefix, p);
		for (k = 0; k < fb[i].n; k++)
			v[p + k] = fb[i].set[rn((unsigned)strlen(fb[i].set))];
		add_shape(NULL, fb[i].name, strlen(fb[i].name), v, p + fb[i].n,
			  p, fb[i].n);
	}
}

/* A fresh copy of shape s: the secret span re-randomised past its first
 * few characters (prefixes such as AKIA or ghp_), same classes, kept only
 * if its rule still fires on it. */
static void gen_secret(const struct ruleset *rs, const struct shape *s)
{
	size_t keep = s->slen > 16 ? 8 : s->slen / 2, i;
	int tries;
	name("%.*s", (int)s->nlen, s->name);
	for (tries = 0; tries < 8; tries++) {
		vl = 0;
		add("%.*s", (int)s->vlen, s->value);
		for (i = s->soff + keep; i < s->soff + s->slen && i < vl; i++) {
			unsigned char c = (unsigned char)vbuf[i];
			if (isdigit(c))
				vbuf[i] = DIGIT[rn(10)];
			else if (islower(c))
				vbuf[i] = LOWER[rn(26)];
			else if (isupper(c))
				vbuf[i] = UPPER[rn(26)];
		}
		if (!s->rule ||
		    fires(rs, s->rule, nbuf, nl, vbuf, vl, NULL, NULL))
			return;
	}
	vl = 0;
	add("%.*s", (int)s->vlen, s->value);
}

/* ------------------------------------------------------------------ */

static size_t *rule_hits_planted, *rule_hits_other;
static size_t (*rule_seen)[2]; /* -v: first two other variables hit */
static const struct ruleset *cur_rs;
static uint32_t cur_planted;
static size_t cur_var;

static void count_cb(const struct rule_match *m, void *arg)
{
	size_t i = (size_t)(m->rule - cur_rs->r);
	(void)arg;
	if (cur_planted) {
		rule_hits_planted[i]++;
	} else {
		if (rule_hits_other[i] < 2)
			rule_seen[i][rule_hits_other[i]] = cur_var;
		rule_hits_other[i]++;
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr, "usage: rulebench [-m MIB] [-R RUNS] [-b VARS] "
			"[-r RULES.yaml]... [-B] [-P bigram] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct ruleset rs;
	const char **files = NULL;
	size_t nfiles = 0, i, target, env_rules = 0, always_env = 0;
	size_t bytes = 0, planted = 0, matches = 0, planted_hit = 0;
	size_t other_hit = 0;
	double best = 0;
	int opt, mib = 64, runs = 3, builtin = 1, verbose = 0, run, cpu;
	int batch = 32, bigram = 0;
	struct rule_var *bv = NULL;
	const char *source;
	char err[512];
	cpu_set_t set;

	while ((opt = getopt(argc, argv, "m:R:b:r:BP:v")) != -1) {
		switch (opt) {
		case 'b':
			batch = atoi(optarg);
			break;
		case 'm':
			mib = atoi(optarg);
			break;
		case 'R':
			runs = atoi(optarg);
			break;
		case 'r':
			files = realloc(files, (nfiles + 1) * sizeof(*files));
			if (!files)
				return 1;
			files[nfiles++] = optarg;
			break;
		case 'B':
			builtin = 0;
			break;
		case 'P':
			if (strcmp(optarg, "bigram"))
				usage();
			bigram = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || mib < 1 || runs < 1 || batch < 0)
		usage();
	if (batch && !(bv = calloc((size_t)batch, sizeof(*bv))))
		return 1;

	ruleset_init(&rs);
	if (builtin &&
	    ruleset_load(&rs, builtin_rules_yaml, builtin_rules_yaml_len,
			 "(built-in)", err, sizeof(err))) {
		fprintf(stderr, "rulebench: %s\n", err);
		return 1;
	}
	for (i = 0; i < nfiles; i++)
		if (rule_opts_load_file(&rs, files[i], "rulebench"))
			return 1;
	ruleset_finish(&rs);
	if (bigram)
		prefilter_force_bigram(rs.pf);
	cur_rs = &rs;
	for (i = 0; i < rs.n; i++)
		if (rs.r[i].targets & TARGET_ENV) {
			env_rules++;
			if (!rs.r[i].nkeywords)
				always_env++;
		}

	/* one CPU, and stay there */
	cpu = sched_getcpu();
	if (cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		(void)sched_setaffinity(0, sizeof(set), &set);
	}

	shapes_from_rules(&rs);
	source = "examples";
	if (!nshapes) {
		shapes_fallback();
		source = "fallback";
	}

	target = (size_t)mib << 20;
	while (bytes < target) {
		if (nvars % SECRET_EVERY == SECRET_EVERY - 1) {
			size_t k = planted++ % nshapes;
			gen_secret(&rs, &shapes[k]);
			commit((uint32_t)k + 1);
		} else {
			gen_background();
			commit(0);
		}
		bytes += nl + 1 + vl;
	}

	rule_hits_planted = calloc(rs.n + 1, sizeof(size_t));
	rule_hits_other = calloc(rs.n + 1, sizeof(size_t));
	rule_seen = calloc(rs.n + 1, sizeof(*rule_seen));
	if (!rule_hits_planted || !rule_hits_other || !rule_seen)
		return 1;
	printf("rules=%zu\nenv_rules=%zu\nkeywordless_env_rules=%zu\n", rs.n,
	       env_rules, always_env);
	printf("shapes=%zu\nshape_source=%s\n", nshapes, source);
	printf("batch_vars=%d\n", batch);
	printf("vars=%zu\nbytes=%zu\nplanted=%zu\n", nvars, bytes, planted);
	printf("run_ms=");
	for (run = 0; run < runs; run++) {
		size_t m = 0, ph = 0, oh = 0;
		double t0, t;
		if (run)
			for (i = 0; i < rs.n; i++)
				rule_hits_planted[i] = rule_hits_other[i] = 0;
		t0 = now();
		for (i = 0; i < nvars;) {
			struct rule_batch b;
			size_t nb = batch ? (size_t)batch : 1, j;
			if (nb > nvars - i)
				nb = nvars - i;
			for (j = 0; batch && j < nb; j++) {
				const struct var *v = &vars[i + j];
				bv[j].name = arena + v->off;
				bv[j].nlen = v->nlen;
				bv[j].value = bv[j].name + v->nlen + 1;
				bv[j].vlen = v->vlen;
			}
			if (batch)
				ruleset_batch_init(&b, &rs, bv, nb);
			for (j = 0; j < nb; j++, i++) {
				const struct var *v = &vars[i];
				const char *s = arena + v->off;
				size_t k;
				cur_planted = v->planted;
				cur_var = i;
				k = batch ? ruleset_batch_match(
						    &b, j, TARGET_ENV, count_cb,
						    NULL, NULL)
					  : ruleset_match_env(&rs, s, v->nlen,
							      s + v->nlen + 1,
							      v->vlen, count_cb,
							      NULL, NULL);
				m += k;
				if (k && v->planted)
					ph++;
				else if (k)
					oh++;
			}
			if (batch)
				ruleset_batch_release(&b);
		}
		t = now() - t0;
		printf("%s%.1f", run ? " " : "", t * 1e3);
		if (!run || t < best)
			best = t;
		matches = m;
		planted_hit = ph;
		other_hit = oh;
	}
	printf("\nbest_ms=%.1f\nmbps=%.1f\n", best * 1e3,
	       (double)bytes / 1e6 / best);
	printf("matches=%zu\nplanted_hit=%zu\nother_hit=%zu\n", matches,
	       planted_hit, other_hit);
	printf("cpu=%d\n", cpu);
	if (verbose) {
		size_t *cand = calloc(rs.n + 1, sizeof(size_t));
		unsigned char *hits = calloc(rs.n + 1, 1);
		double pbest = 0;
		if (!cand || !hits)
			return 1;
		for (run = 0; run < runs; run++) {
			double t0 = now(), t;
			for (i = 0; i < nvars; i++) {
				const struct var *v = &vars[i];
				const char *s = arena + v->off;
				memset(hits, 0, rs.n);
				prefilter_scan(rs.pf, s, v->nlen, hits);
				prefilter_scan(rs.pf, s + v->nlen + 1, v->vlen,
					       hits);
				cand[0] += hits[0]; /* keep the loop */
			}
			t = now() - t0;
			if (!run || t < pbest)
				pbest = t;
		}
		printf("prefilter_mbps=%.1f\n", (double)bytes / 1e6 / pbest);
		memset(cand, 0, (rs.n + 1) * sizeof(size_t));
		for (i = 0; i < nvars; i++) {
			const struct var *v = &vars[i];
			const char *s = arena + v->off;
			size_t k;
			memset(hits, 0, rs.n);
			prefilter_scan(rs.pf, s, v->nlen, hits);
			prefilter_scan(rs.pf, s + v->nlen + 1, v->vlen, hits);
			for (k = 0; k < rs.n; k++)
				cand[k] += hits[k] || !rs.r[k].nkeywords;
		}
		for (i = 0; i < rs.n; i++)
			printf("cand %s %zu\n", rs.r[i].id, cand[i]);
		free(cand);
		free(hits);
		for (i = 0; i < rs.n; i++) {
			size_t k;
			if (!rule_hits_planted[i] && !rule_hits_other[i])
				continue;
			printf("rule %s planted=%zu other=%zu\n", rs.r[i].id,
			       rule_hits_planted[i], rule_hits_other[i]);
			for (k = 0; k < 2 && k < rule_hits_other[i]; k++)
				printf("  e.g. %.72s\n",
				       arena + vars[rule_seen[i][k]].off);
		}
		for (i = 0; i < nshapes && i < 64; i++)
			printf("shape %s %.*s=%.40s\n",
			       shapes[i].rule ? shapes[i].rule->id : "-",
			       (int)shapes[i].nlen, shapes[i].name,
			       shapes[i].value);
	}
	ruleset_release(&rs);
	free(rule_hits_planted);
	free(rule_hits_other);
	free(rule_seen);
	free(vars);
	free(arena);
	free(files);
	free(bv);
	return 0;
}
