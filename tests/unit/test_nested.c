/* nested_walk on byte strings: each format on realistic values (keys,
 * paths and value spans checked exactly), values nested in values, the
 * caps, hostile input, and values that must not look structured. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/nested.h"

#define KEPT 64

struct got {
	enum nested_format format;
	char key[80], path[NESTED_PATH_MAX + 1], value[160];
	size_t voff, vlen, klen; /* value offset and length in the input */
	unsigned depth;
	bool truncated;
};

struct walk {
	const char *s;
	size_t len, n, stop_after; /* stop_after 0: never stop */
	size_t walked;		   /* the prefix walked whole */
	unsigned max_depth;
	struct got p[KEPT];
};

static void copy(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Every pair is checked against the input; the first KEPT are kept. */
static int collect(const struct nested_pair *p, void *arg)
{
	struct walk *w = arg;
	cr_assert(p->key && p->key >= w->s);
	cr_assert(p->key + p->key_len <= w->s + w->len);
	cr_assert(p->value && p->value >= w->s);
	cr_assert(p->value + p->value_len <= w->s + w->len);
	cr_assert(p->depth >= 1 && p->depth <= NESTED_MAX_DEPTH);
	cr_assert_leq(p->path_len, NESTED_PATH_MAX);
	cr_assert_eq(strlen(p->path), p->path_len);
	if (p->depth > w->max_depth)
		w->max_depth = p->depth;
	if (w->n < KEPT) {
		struct got *g = &w->p[w->n];
		g->format = p->format;
		copy(g->key, sizeof(g->key), p->key, p->key_len);
		copy(g->path, sizeof(g->path), p->path, p->path_len);
		copy(g->value, sizeof(g->value), p->value, p->value_len);
		g->voff = (size_t)(p->value - w->s);
		g->vlen = p->value_len;
		g->klen = p->key_len;
		g->depth = p->depth;
		g->truncated = p->path_truncated;
	}
	w->n++;
	return w->stop_after && w->n >= w->stop_after;
}

static enum nested_format walk_n(struct walk *w, const char *s, size_t len)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->len = len;
	return nested_walk(s, len, collect, w, &w->walked);
}

static enum nested_format walk(struct walk *w, const char *s)
{
	return walk_n(w, s, strlen(s));
}

/* The same, the callback asking to stop after k pairs. */
static enum nested_format walk_stop(struct walk *w, const char *s, size_t k)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->len = strlen(s);
	w->stop_after = k;
	return nested_walk(s, w->len, collect, w, &w->walked);
}

/* Pair i has this path, key, value and depth. */
static void expect(const struct walk *w, size_t i, const char *path,
		   const char *key, const char *value, unsigned depth)
{
	cr_assert_lt(i, w->n, "pair %zu of %zu", i, w->n);
	cr_assert_str_eq(w->p[i].path, path);
	cr_assert_str_eq(w->p[i].key, key, "pair %zu (%s)", i, path);
	cr_assert_str_eq(w->p[i].value, value, "pair %zu (%s)", i, path);
	cr_assert_eq(w->p[i].depth, depth, "pair %zu (%s): depth %u", i, path,
		     w->p[i].depth);
	cr_assert(!w->p[i].truncated);
}

/* The value of pair i is the first occurrence of at in the input. */
static void expect_at(const struct walk *w, size_t i, const char *at)
{
	const char *p = memmem(w->s, w->len, at, strlen(at));
	cr_assert_not_null(p);
	cr_assert_eq(w->p[i].voff, (size_t)(p - w->s), "pair %zu", i);
	cr_assert_eq(w->p[i].vlen, strlen(at));
}

/* ---- JSON ---- */

Test(nested_json, object_in_object)
{
	struct walk w;
	cr_assert_eq(walk(&w, "{\"db\":{\"password\":\"hunter2\"}}"),
		     NESTED_JSON);
	cr_assert_eq(w.n, 1);
	expect(&w, 0, "db.password", "password", "hunter2", 2);
	expect_at(&w, 0, "hunter2");
	cr_assert_eq(w.p[0].format, NESTED_JSON);
}

Test(nested_json, arrays_escapes_and_non_strings)
{
	struct walk w;
	const char *s =
		" \r\n{ \"users\" : [ {\"name\":\"a\"}, {\"n\":1},\n"
		"{\"token\":\"t\\\"k\\\\\"} ], \"tags\":[\"x\",[\"y\"]],"
		"\"on\":true,\"off\":null,\"n\":-1.5e3,\"e\":\"\"}";
	cr_assert_eq(walk(&w, s), NESTED_JSON);
	cr_assert_eq(w.n, 5);
	expect(&w, 0, "users[0].name", "name", "a", 3);
	/* The escaped quote is kept raw and does not end the span. */
	expect(&w, 1, "users[2].token", "token", "t\\\"k\\\\", 3);
	expect_at(&w, 1, "t\\\"k\\\\");
	/* Array items take the key of the array. */
	expect(&w, 2, "tags[0]", "tags", "x", 2);
	expect(&w, 3, "tags[1][0]", "tags", "y", 3);
	expect(&w, 4, "e", "e", "", 1);
}

Test(nested_json, top_level_array)
{
	struct walk w;
	/* Strings with no key at all are not reported. */
	cr_assert_eq(walk(&w, "[\"a\", \"b\"]"), NESTED_JSON);
	cr_assert_eq(w.n, 0);
	cr_assert_eq(walk(&w, "[{\"password\":\"x\"}, 3]"), NESTED_JSON);
	cr_assert_eq(w.n, 1);
	expect(&w, 0, "[0].password", "password", "x", 2);
	cr_assert_eq(walk(&w, "[]"), NESTED_JSON);
	cr_assert_eq(w.n, 0);
}

Test(nested_json, docker_config)
{
	struct walk w;
	const char *s = "{\n  \"auths\": {\n"
			"    \"https://index.docker.io/v1/\": {\n"
			"      \"auth\": \"dXNlcjpwYXNzd29yZA==\"\n    },\n"
			"    \"ghcr.io\": {\"auth\": \"Z2g6eA==\", "
			"\"identitytoken\": \"eyJh\"}\n  },\n"
			"  \"credsStore\": \"desktop\"\n}\n";
	cr_assert_eq(walk(&w, s), NESTED_JSON);
	cr_assert_eq(w.n, 4);
	expect(&w, 0, "auths.https://index.docker.io/v1/.auth", "auth",
	       "dXNlcjpwYXNzd29yZA==", 3);
	expect(&w, 1, "auths.ghcr.io.auth", "auth", "Z2g6eA==", 3);
	expect(&w, 2, "auths.ghcr.io.identitytoken", "identitytoken", "eyJh",
	       3);
	expect(&w, 3, "credsStore", "credsStore", "desktop", 1);
}

Test(nested_json, gcp_service_account_key)
{
	struct walk w;
	const char *s =
		"{\"type\": \"service_account\", \"project_id\": \"demo-1\", "
		"\"private_key_id\": \"3f2a9c\", \"private_key\": "
		"\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg==\\n-----END "
		"PRIVATE KEY-----\\n\", \"client_email\": "
		"\"svc@demo-1.iam.gserviceaccount.com\", \"token_uri\": "
		"\"https://oauth2.googleapis.com/token\"}";
	cr_assert_eq(walk(&w, s), NESTED_JSON);
	cr_assert_eq(w.n, 6);
	expect(&w, 2, "private_key_id", "private_key_id", "3f2a9c", 1);
	/* Escapes are not decoded: the span is the raw JSON text. */
	expect(&w, 3, "private_key", "private_key",
	       "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBg==\\n-----END "
	       "PRIVATE KEY-----\\n",
	       1);
	expect(&w, 5, "token_uri", "token_uri",
	       "https://oauth2.googleapis.com/token", 1);
}

Test(nested_json, lenient_and_malformed)
{
	struct walk w;
	/* Pairs before the error are reported. */
	cr_assert_eq(walk(&w, "{\"a\":\"b\",\"c\":\"d"), NESTED_JSON);
	cr_assert_eq(w.n, 1);
	expect(&w, 0, "a", "a", "b", 1);
	cr_assert_eq(walk(&w, "{\"a\":\"b\" \"c\":\"d\"}"), NESTED_JSON);
	cr_assert_eq(w.n, 1);
	cr_assert_eq(walk(&w, "{\"a"), NESTED_JSON);
	cr_assert_eq(w.n, 0);
	cr_assert_eq(walk(&w, "{\"a\":\"x\\"), NESTED_JSON);
	cr_assert_eq(w.n, 0);
	/* A trailing comma and a missing value are stepped over. */
	cr_assert_eq(walk(&w, "{\"a\":,\"b\":\"c\",}"), NESTED_JSON);
	cr_assert_eq(w.n, 1);
	expect(&w, 0, "b", "b", "c", 1);
	cr_assert_eq(walk(&w, "{not json}"), NESTED_JSON);
	cr_assert_eq(w.n, 0);
}

/* ---- Lines: YAML ---- */

Test(nested_yaml, kubeconfig)
{
	struct walk w;
	const char *s = "apiVersion: v1\n"
			"clusters:\n"
			"- cluster:\n"
			"    certificate-authority-data: LS0tLS1C\n"
			"    server: https://10.0.0.1:6443\n"
			"  name: prod\n"
			"current-context: prod\n"
			"kind: Config\n"
			"users:\n"
			"- name: admin\n"
			"  user:\n"
			"    token: eyJhbGciOi.abc.def\n"
			"- name: ci\n"
			"  user:\n"
			"    client-key-data: LS0tLS1K # key\n";
	cr_assert_eq(walk(&w, s), NESTED_YAML);
	cr_assert_eq(w.n, 10);
	expect(&w, 0, "apiVersion", "apiVersion", "v1", 1);
	expect(&w, 1, "clusters[0].cluster.certificate-authority-data",
	       "certificate-authority-data", "LS0tLS1C", 4);
	expect(&w, 2, "clusters[0].cluster.server", "server",
	       "https://10.0.0.1:6443", 4);
	expect(&w, 3, "clusters[0].name", "name", "prod", 3);
	expect(&w, 4, "current-context", "current-context", "prod", 1);
	expect(&w, 5, "kind", "kind", "Config", 1);
	expect(&w, 6, "users[0].name", "name", "admin", 3);
	expect(&w, 7, "users[0].user.token", "token", "eyJhbGciOi.abc.def", 4);
	expect_at(&w, 7, "eyJhbGciOi.abc.def");
	expect(&w, 8, "users[1].name", "name", "ci", 3);
	expect(&w, 9, "users[1].user.client-key-data", "client-key-data",
	       "LS0tLS1K", 4);
	cr_assert_eq(w.p[9].format, NESTED_YAML);
}

Test(nested_yaml, rails_database_yml)
{
	struct walk w;
	const char *s = "default: &default\n"
			"  adapter: postgresql\n"
			"  pool: 5\n"
			"\n"
			"development:\n"
			"  <<: *default\n"
			"  database: app_dev\n"
			"  username: app\n"
			"  password: \"s3cr#t \\\" x\"  # dev only\n"
			"production:\n"
			"  <<: *default\n"
			"  password: <%= ENV['APP_DATABASE_PASSWORD'] %>\n"
			"  alias: *default\n"
			"  sslkey: |-\n"
			"    -----BEGIN\n"
			"    password: not-a-key\n"
			"\n"
			"    -----END\n"
			"  host: 'db''s'\n";
	cr_assert_eq(walk(&w, s), NESTED_YAML);
	cr_assert_eq(w.n, 7);
	expect(&w, 0, "default.adapter", "adapter", "postgresql", 2);
	expect(&w, 1, "default.pool", "pool", "5", 2);
	expect(&w, 2, "development.database", "database", "app_dev", 2);
	expect(&w, 3, "development.username", "username", "app", 2);
	expect(&w, 4, "development.password", "password", "s3cr#t \\\" x", 2);
	expect_at(&w, 4, "s3cr#t \\\" x");
	expect(&w, 5, "production.password", "password",
	       "<%= ENV['APP_DATABASE_PASSWORD'] %>", 2);
	/* The block scalar is skipped, the alias is not a value. */
	expect(&w, 6, "production.host", "host", "db''s", 2);
}

Test(nested_yaml, sequences_quoted_keys_and_documents)
{
	struct walk w;
	const char *s = "---\n"
			"# a comment\n"
			"tokens:\n"
			"  - abc\n"
			"  - \"d e\"\n"
			"  -\n"
			"    id: 7\n"
			"\"quoted key\": v\n"
			"'single': w\n"
			"empty:\n"
			"...\n"
			"- top: 1\n";
	cr_assert_eq(walk(&w, s), NESTED_YAML);
	cr_assert_eq(w.n, 6);
	expect(&w, 0, "tokens[0]", "tokens", "abc", 2);
	expect(&w, 1, "tokens[1]", "tokens", "d e", 2);
	expect(&w, 2, "tokens[2].id", "id", "7", 3);
	expect(&w, 3, "quoted key", "quoted key", "v", 1);
	expect(&w, 4, "single", "single", "w", 1);
	expect(&w, 5, "[0].top", "top", "1", 2);
}

/* ---- Lines: INI, .env, properties ---- */

Test(nested_ini, aws_credentials)
{
	struct walk w;
	const char *s = "[default]\n"
			"aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
			"aws_secret_access_key = "
			"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"
			"\n"
			"[profile dev]\n"
			"; a comment\n"
			"region=eu-west-1\n"
			"aws_session_token=IQoJb3JpZ2luX2Vj\n";
	cr_assert_eq(walk(&w, s), NESTED_INI);
	cr_assert_eq(w.n, 4);
	expect(&w, 0, "default.aws_access_key_id", "aws_access_key_id",
	       "AKIAIOSFODNN7EXAMPLE", 2);
	expect(&w, 1, "default.aws_secret_access_key", "aws_secret_access_key",
	       "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 2);
	expect_at(&w, 1, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	expect(&w, 2, "profile dev.region", "region", "eu-west-1", 2);
	expect(&w, 3, "profile dev.aws_session_token", "aws_session_token",
	       "IQoJb3JpZ2luX2Vj", 2);
	cr_assert_eq(w.p[3].format, NESTED_INI);
}

Test(nested_ini, dotenv)
{
	struct walk w;
	const char *s = "# .env\r\n"
			"export DB_USER=app\r\n"
			"DB_PASS=\"p w#1\" # trailing\r\n"
			"API_KEY='k''ey'\r\n"
			"TOKEN=abc # comment\r\n"
			"HASH=#not-a-comment\r\n"
			"EMPTY=\r\n"
			"PRIVATE_KEY=\"-----BEGIN KEY-----\r\nMIIB+x==\r\n"
			"-----END KEY-----\"\r\n"
			"AFTER=1\r\n";
	cr_assert_eq(walk(&w, s), NESTED_INI);
	cr_assert_eq(w.n, 8);
	expect(&w, 0, "DB_USER", "DB_USER", "app", 1);
	expect(&w, 1, "DB_PASS", "DB_PASS", "p w#1", 1);
	expect(&w, 2, "API_KEY", "API_KEY", "k''ey", 1);
	expect(&w, 3, "TOKEN", "TOKEN", "abc", 1);
	expect(&w, 4, "HASH", "HASH", "#not-a-comment", 1);
	expect(&w, 5, "EMPTY", "EMPTY", "", 1);
	/* A quoted value runs over lines; its lines are not read as pairs. */
	expect(&w, 6, "PRIVATE_KEY", "PRIVATE_KEY",
	       "-----BEGIN KEY-----\r\nMIIB+x==\r\n-----END KEY-----", 1);
	expect(&w, 7, "AFTER", "AFTER", "1", 1);
}

Test(nested_ini, spring_properties_with_url_inside)
{
	struct walk w;
	const char *s = "spring.datasource.url=jdbc:postgresql://db:5432/app"
			"?sslmode=require&password=pg-pass\n"
			"spring.datasource.username = app\n"
			"spring.datasource.password=S3cret!\n"
			"%prod.quarkus.datasource.password: q\n"
			"server.port=8080\n";
	cr_assert_eq(walk(&w, s), NESTED_INI);
	cr_assert_eq(w.n, 7);
	expect(&w, 0, "spring.datasource.url", "spring.datasource.url",
	       "jdbc:postgresql://db:5432/app?sslmode=require&password=pg-pass",
	       1);
	expect(&w, 1, "spring.datasource.url.sslmode", "sslmode", "require", 2);
	expect(&w, 2, "spring.datasource.url.password", "password", "pg-pass",
	       2);
	cr_assert_eq(w.p[2].format, NESTED_QUERY);
	expect(&w, 3, "spring.datasource.username",
	       "spring.datasource.username", "app", 1);
	expect(&w, 4, "spring.datasource.password",
	       "spring.datasource.password", "S3cret!", 1);
	expect(&w, 5, "%prod.quarkus.datasource.password",
	       "%prod.quarkus.datasource.password", "q", 1);
}

Test(nested_ini, npmrc)
{
	struct walk w;
	const char *s = "registry=https://registry.npmjs.org/\n"
			"//registry.npmjs.org/:_authToken=npm_abcdef\n"
			"@corp:registry=https://npm.corp/\n";
	cr_assert_eq(walk(&w, s), NESTED_INI);
	cr_assert_eq(w.n, 3);
	expect(&w, 1, "//registry.npmjs.org/:_authToken",
	       "//registry.npmjs.org/:_authToken", "npm_abcdef", 1);
	expect(&w, 2, "@corp:registry", "@corp:registry", "https://npm.corp/",
	       1);
}

/* ---- URL query ---- */

Test(nested_query, callback)
{
	struct walk w;
	const char *s = "https://x.example/cb?access_token=abc&state=1"
			";empty=&flag&=nokey#frag";
	cr_assert_eq(walk(&w, s), NESTED_QUERY);
	cr_assert_eq(w.n, 3);
	expect(&w, 0, "access_token", "access_token", "abc", 1);
	expect_at(&w, 0, "abc");
	expect(&w, 1, "state", "state", "1", 1);
	/* An empty value is reported; no '=' or an empty key is not. */
	expect(&w, 2, "empty", "empty", "", 1);
	cr_assert_eq(w.p[0].format, NESTED_QUERY);
}

Test(nested_query, fragments_and_raw_encoding)
{
	struct walk w;
	cr_assert_eq(walk(&w, "https://app.example/cb#access_token=ya29%2Ea0"
			      "&token_type=Bearer"),
		     NESTED_QUERY);
	cr_assert_eq(w.n, 2);
	expect(&w, 0, "access_token", "access_token", "ya29%2Ea0", 1);
	cr_assert_eq(walk(&w, "https://app/?a=1#b=2"), NESTED_QUERY);
	cr_assert_eq(w.n, 2);
	expect(&w, 1, "b", "b", "2", 1);
	/* A hash route: the query is in the fragment. */
	cr_assert_eq(walk(&w, "https://app/#/login?token=t0k"), NESTED_QUERY);
	cr_assert_eq(w.n, 1);
	expect(&w, 0, "token", "token", "t0k", 1);
	cr_assert_eq(walk(&w, "?client_secret=s&x=y"), NESTED_QUERY);
	cr_assert_eq(w.n, 2);
	expect(&w, 0, "client_secret", "client_secret", "s", 1);
	cr_assert_eq(walk(&w, "mysql+pymysql://u@h/db?password=p"),
		     NESTED_QUERY);
	expect(&w, 0, "password", "password", "p", 1);
}

/* ---- Connection strings ---- */

Test(nested_kv, ado_net)
{
	struct walk w;
	const char *s = "Server=tcp:db.example,1433; Initial Catalog = app ;"
			"User Id=sa;Password=S3cret;Encrypt=True;";
	cr_assert_eq(walk(&w, s), NESTED_KV);
	cr_assert_eq(w.n, 5);
	expect(&w, 0, "Server", "Server", "tcp:db.example,1433", 1);
	expect(&w, 1, "Initial Catalog", "Initial Catalog", "app", 1);
	expect(&w, 2, "User Id", "User Id", "sa", 1);
	expect(&w, 3, "Password", "Password", "S3cret", 1);
	expect_at(&w, 3, "S3cret");
	cr_assert_eq(w.p[3].format, NESTED_KV);
}

Test(nested_kv, odbc_and_quotes)
{
	struct walk w;
	const char *s = "Driver={ODBC Driver 17 for SQL Server};Server=x;"
			"PWD={p;w}}d};Extra='a''b;c' ;Q=\"x\"\"y\";Azure="
			"AccountKey==;";
	cr_assert_eq(walk(&w, s), NESTED_KV);
	cr_assert_eq(w.n, 6);
	expect(&w, 0, "Driver", "Driver", "ODBC Driver 17 for SQL Server", 1);
	expect(&w, 2, "PWD", "PWD", "p;w}}d", 1);
	expect(&w, 3, "Extra", "Extra", "a''b;c", 1);
	expect(&w, 4, "Q", "Q", "x\"\"y", 1);
	expect(&w, 5, "Azure", "Azure", "AccountKey==", 1);
}

Test(nested_kv, azure_storage_and_service_bus)
{
	struct walk w;
	cr_assert_eq(walk(&w, "DefaultEndpointsProtocol=https;AccountName=st;"
			      "AccountKey=bXlrZXk=;EndpointSuffix=core.windows"
			      ".net"),
		     NESTED_KV);
	cr_assert_eq(w.n, 4);
	expect(&w, 2, "AccountKey", "AccountKey", "bXlrZXk=", 1);
	/* A URL in the first value does not make it a query. */
	cr_assert_eq(walk(&w, "Endpoint=sb://ns.servicebus.windows.net/;"
			      "SharedAccessKeyName=Root;SharedAccessKey=k="),
		     NESTED_KV);
	cr_assert_eq(w.n, 3);
	expect(&w, 2, "SharedAccessKey", "SharedAccessKey", "k=", 1);
}

Test(nested_kv, jdbc_sqlserver)
{
	struct walk w;
	const char *s = "jdbc:sqlserver://db.example:1433;databaseName=app;"
			"user=sa;password=S3cret;encrypt=true";
	cr_assert_eq(walk(&w, s), NESTED_KV);
	cr_assert_eq(w.n, 4);
	expect(&w, 0, "databaseName", "databaseName", "app", 1);
	expect(&w, 2, "password", "password", "S3cret", 1);
	expect_at(&w, 2, "S3cret");
}

Test(nested_kv, libpq)
{
	struct walk w;
	const char *s = "host=db user=app password='p w\\'x' dbname = app "
			"sslmode=verify-full options=-c\\ x";
	cr_assert_eq(walk(&w, s), NESTED_KV);
	cr_assert_eq(w.n, 6);
	expect(&w, 0, "host", "host", "db", 1);
	expect(&w, 1, "user", "user", "app", 1);
	expect(&w, 2, "password", "password", "p w\\'x", 1);
	expect_at(&w, 2, "p w\\'x");
	expect(&w, 3, "dbname", "dbname", "app", 1);
	expect(&w, 5, "options", "options", "-c\\ x", 1);
	/* A Kafka JAAS line: words that are not pairs, double quotes. */
	cr_assert_eq(walk(&w, "org.apache.kafka.common.security.plain."
			      "PlainLoginModule required username=\"u\" "
			      "password=\"p w\";"),
		     NESTED_KV);
	cr_assert_eq(w.n, 2);
	expect(&w, 1, "password", "password", "p w", 1);
	/* One pair with a ';' is enough for the ';' form, not without. */
	cr_assert_eq(walk(&w, "password=x;"), NESTED_KV);
	cr_assert_eq(w.n, 1);
	cr_assert_eq(walk(&w, "a=b"), NESTED_NONE);
	cr_assert_eq(walk(&w, "a=b c"), NESTED_NONE);
}

/* ---- Values inside values ---- */

Test(nested_nested, json_in_yaml_and_url_in_json)
{
	struct walk w;
	const char *s = "app:\n"
			"  config: '{\"db\": {\"password\": \"pw\"}}'\n"
			"  flow: {\"token\": \"t\"}\n"
			"  url: \"https://h/cb?code=c&next=https://i/?t=2\"\n";
	cr_assert_eq(walk(&w, s), NESTED_YAML);
	cr_assert_eq(w.n, 7);
	/* The quoted scalar is reported, then walked. */
	expect(&w, 0, "app.config", "config",
	       "{\"db\": {\"password\": \"pw\"}}", 2);
	expect(&w, 1, "app.config.db.password", "password", "pw", 4);
	cr_assert_eq(w.p[1].format, NESTED_JSON);
	/* A flow collection is walked, not reported as a scalar. */
	expect(&w, 2, "app.flow.token", "token", "t", 3);
	expect(&w, 3, "app.url", "url",
	       "https://h/cb?code=c&next=https://i/?t=2", 2);
	expect(&w, 4, "app.url.code", "code", "c", 3);
	expect(&w, 5, "app.url.next", "next", "https://i/?t=2", 3);
	expect(&w, 6, "app.url.next.t", "t", "2", 4);
}

Test(nested_nested, kv_in_json_in_env_file)
{
	struct walk w;
	const char *s = "DB={\"conn\":\"Server=x;Password=p1;\",\"list\":"
			"[\"host=a password=p2\"]}\nOTHER=1\n";
	cr_assert_eq(walk(&w, s), NESTED_INI);
	cr_assert_eq(w.n, 8);
	expect(&w, 1, "DB.conn", "conn", "Server=x;Password=p1;", 2);
	expect(&w, 3, "DB.conn.Password", "Password", "p1", 3);
	expect(&w, 4, "DB.list[0]", "list", "host=a password=p2", 3);
	expect(&w, 6, "DB.list[0].password", "password", "p2", 4);
	expect(&w, 7, "OTHER", "OTHER", "1", 1);
}

/* ---- Caps and hostile input ---- */

/* depth levels of {"kN":"v","a":{...}}, then ,"tail":"t" at the top. */
static char *deep_json(int depth, size_t *len)
{
	char *s = malloc((size_t)depth * 24 + 32), *p = s;
	int i;
	for (i = 0; i < depth; i++)
		p += sprintf(p, "{\"k%d\":\"v\",\"a\":", i + 1);
	p += sprintf(p, "\"leaf\"");
	for (i = 0; i < depth - 1; i++)
		*p++ = '}';
	p += sprintf(p, ",\"tail\":\"t\"}");
	*len = (size_t)(p - s);
	return s;
}

Test(nested_hostile, deep_json)
{
	struct walk w;
	size_t len;
	char *s = deep_json(1000, &len), *open = malloc(100000);
	cr_assert_eq(walk_n(&w, s, len), NESTED_JSON);
	/* k1..k32, then the content below depth 32 skipped, then tail. */
	cr_assert_eq(w.n, NESTED_MAX_DEPTH + 1);
	expect(&w, 0, "k1", "k1", "v", 1);
	cr_assert_eq(w.p[NESTED_MAX_DEPTH - 1].depth, NESTED_MAX_DEPTH);
	expect(&w, NESTED_MAX_DEPTH, "tail", "tail", "t", 1);
	/* Walked whole up to the container skipped at depth 32. */
	cr_assert_eq(w.walked, (size_t)(strstr(s, "{\"k33\"") - s));
	free(s);
	/* Deep arrays that never close. */
	memset(open, '[', 100000);
	cr_assert_eq(walk_n(&w, open, 100000), NESTED_JSON);
	cr_assert_eq(w.n, 0);
	memcpy(open, "{\"x\":", 5);
	memcpy(open + 99990, "\"s\"]]", 5);
	cr_assert_eq(walk_n(&w, open, 100000), NESTED_JSON);
	cr_assert_eq(w.n, 0);
	free(open);
}

Test(nested_hostile, deep_yaml_and_deep_values)
{
	struct walk w;
	char *s = malloc(200000), *p = s, line[64];
	int i;
	for (i = 0; i < 100; i++)
		p += sprintf(p, "%*sk%d:\n", i, "", i + 1);
	p += sprintf(p, "%*sleaf: x\ntop: 1\n", 100, "");
	cr_assert_eq(walk_n(&w, s, (size_t)(p - s)), NESTED_YAML);
	cr_assert_eq(w.n, 1);
	expect(&w, 0, "top", "top", "1", 1);
	/* The first line too deep to open a map is where the walk was
	 * cut: k32's, at depth 32. */
	sprintf(line, "\n%*sk%d:", NESTED_MAX_DEPTH - 1, "", NESTED_MAX_DEPTH);
	cr_assert_eq(w.walked, (size_t)(strstr(s, line) + 1 - s));
	/* A URL in a query value in ..., 100 times: followed to the cap. */
	p = s;
	for (i = 0; i < 100; i++)
		p += sprintf(p, "x://h?a=");
	p += sprintf(p, "end");
	cr_assert_eq(walk_n(&w, s, (size_t)(p - s)), NESTED_QUERY);
	cr_assert_eq(w.n, NESTED_MAX_DEPTH);
	cr_assert_eq(w.max_depth, NESTED_MAX_DEPTH);
	/* The value at depth 32 is a URL with a query: not walked. */
	cr_assert_eq(w.walked, 8 * NESTED_MAX_DEPTH);
	/* At depth 32 a value that is not structured is no cut. */
	p = s;
	for (i = 0; i < NESTED_MAX_DEPTH; i++)
		p += sprintf(p, "x://h?a=");
	p += sprintf(p, "end");
	cr_assert_eq(walk_n(&w, s, (size_t)(p - s)), NESTED_QUERY);
	cr_assert_eq(w.n, NESTED_MAX_DEPTH);
	cr_assert_eq(w.walked, (size_t)(p - s));
	free(s);
}

Test(nested_hostile, big_values, .timeout = 30)
{
	struct walk w;
	size_t big = 16u << 20, i;
	char *s = malloc(big);
	/* 16 MiB of pairs: at most NESTED_MAX_PAIRS reported. */
	s[0] = '{';
	for (i = 1; i + 9 < big; i += 8)
		memcpy(s + i, "\"k\":\"v\",", 8);
	memset(s + i, ' ', big - i);
	cr_assert_eq(walk_n(&w, s, big), NESTED_JSON);
	cr_assert_eq(w.n, NESTED_MAX_PAIRS);
	/* Cut at the value of the last pair reported (its own pairs were
	 * not looked for). */
	cr_assert_eq(w.walked, 1 + 8 * (NESTED_MAX_PAIRS - 1) + 5);
	/* Only the first MiB is parsed: a pair after it is not seen. */
	memset(s, '#', big);
	memcpy(s, "a=1\n", 4);
	s[NESTED_MAX_BYTES - 10] = '\n';
	memcpy(s + NESTED_MAX_BYTES + 10, "\nb=2\n", 5);
	cr_assert_eq(walk_n(&w, s, big), NESTED_INI);
	cr_assert_eq(w.n, 1);
	expect(&w, 0, "a", "a", "1", 1);
	cr_assert_eq(w.walked, NESTED_MAX_BYTES);
	/* Whatever the first MiB looks like. */
	memset(s, 'x', big);
	cr_assert_eq(walk_n(&w, s, big), NESTED_NONE);
	cr_assert_eq(w.walked, NESTED_MAX_BYTES);
	cr_assert_eq(walk_n(&w, s, NESTED_MAX_BYTES), NESTED_NONE);
	cr_assert_eq(w.walked, NESTED_MAX_BYTES);
	/* The worst nesting for the time bound: every level spans the rest. */
	for (i = 0; i + 8 <= NESTED_MAX_BYTES; i += 8)
		memcpy(s + i, "x://h?a=", 8);
	cr_assert_eq(walk_n(&w, s, big), NESTED_QUERY);
	cr_assert_eq(w.n, NESTED_MAX_DEPTH);
	free(s);
}

Test(nested_hostile, nul_and_invalid_utf8)
{
	struct walk w;
	static const char j[] = "{\"k\0y\":\"v\0l\",\"\xff\xfe\":\"\xc3\x28\"}";
	static const char e[] = "A=x\0y\nB\xc3=\xff\n";
	cr_assert_eq(walk_n(&w, j, sizeof(j) - 1), NESTED_JSON);
	cr_assert_eq(w.n, 2);
	cr_assert_eq(w.p[0].klen, 3);
	cr_assert_str_eq(w.p[0].path, "k?y"); /* NUL shown as '?' */
	cr_assert_eq(w.p[0].vlen, 3);
	expect(&w, 1, "\xff\xfe", "\xff\xfe", "\xc3\x28", 1);
	cr_assert_eq(walk_n(&w, e, sizeof(e) - 1), NESTED_INI);
	cr_assert_eq(w.n, 2);
	cr_assert_eq(w.p[0].vlen, 3);
	expect(&w, 1, "B\xc3", "B\xc3", "\xff", 1);
}

Test(nested_hostile, long_keys)
{
	struct walk w;
	char s[700], want[80];
	size_t n;
	int i;
	/* One key shows its first 64 bytes and an ellipsis. */
	memset(s, 0, sizeof(s));
	strcpy(s, "{\"");
	memset(s + 2, 'k', 300);
	strcat(s, "\":{\"b\":\"c\"},\"d\":\"e\"}");
	n = strlen(s);
	cr_assert_eq(walk_n(&w, s, n), NESTED_JSON);
	cr_assert_eq(w.n, 2);
	memset(want, 'k', NESTED_KEY_SHOWN);
	strcpy(want + NESTED_KEY_SHOWN, "\xe2\x80\xa6.b");
	expect(&w, 0, want, "b", "c", 2);
	/* The cut does not outlive the key. */
	expect(&w, 1, "d", "d", "e", 1);
	cr_assert_eq(w.walked, n);
	/* Cut between UTF-8 characters: "é" is two bytes, 63 + 2 > 64. */
	memset(s, 0, sizeof(s));
	strcpy(s, "{\"");
	memset(s + 2, 'k', 63);
	strcat(s, "\xc3\xa9\xc3\xa9\":\"v\"}");
	cr_assert_eq(walk_n(&w, s, strlen(s)), NESTED_JSON);
	memset(want, 'k', 63);
	strcpy(want + 63, "\xe2\x80\xa6");
	cr_assert_str_eq(w.p[0].path, want);
	/* Many long keys: the path is cut at NESTED_PATH_MAX. */
	memset(s, 0, sizeof(s));
	for (i = 0; i < 6; i++) {
		strcat(s, "{\"");
		memset(s + strlen(s), 'a' + i, 60);
		strcat(s, "\":");
	}
	strcat(s, "\"v\"}}}}}}");
	cr_assert_eq(walk_n(&w, s, strlen(s)), NESTED_JSON);
	cr_assert_eq(w.n, 1);
	cr_assert(w.p[0].truncated);
	cr_assert_eq(strlen(w.p[0].path), NESTED_PATH_MAX);
	cr_assert_eq(w.p[0].depth, 6);
}

Test(nested_hostile, separators_brackets_and_line_ends)
{
	struct walk w;
	cr_assert_eq(walk(&w, ":\n=\n:\n= =\n"), NESTED_NONE);
	cr_assert_eq(walk(&w, "a: 1\n:\n=\n- :\n"), NESTED_YAML);
	cr_assert_eq(w.n, 1);
	cr_assert_eq(walk(&w, "[[[["), NESTED_JSON);
	cr_assert_eq(w.n, 0);
	cr_assert_eq(walk(&w, "[[[[\nkey=value\n"), NESTED_JSON);
	cr_assert_eq(w.n, 0);
	/* CR alone ends a line. */
	cr_assert_eq(walk(&w, "a=1\rb=2\r[s]\rc=\"3\r"), NESTED_INI);
	cr_assert_eq(w.n, 3);
	expect(&w, 1, "b", "b", "2", 1);
	expect(&w, 2, "s.c", "c", "3", 2); /* unterminated: the rest */
	cr_assert_eq(walk(&w, "http://h/??&&==#"), NESTED_QUERY);
	cr_assert_eq(w.n, 0);
	cr_assert_eq(walk(&w, "??&&==#"), NESTED_QUERY);
	cr_assert_eq(w.n, 0);
}

Test(nested_hostile, callback_stops)
{
	struct walk w;
	const char *s = "A=x://h?p=1&q=2\nB=2\nC=3\n";
	const char *j = "{\"a\":\"b\",\"c\":\"d\"}";
	/* Stopped inside the nested query: the outer walk stops too. */
	cr_assert_eq(walk_stop(&w, s, 2), NESTED_INI);
	cr_assert_eq(w.n, 2);
	expect(&w, 1, "A.p", "p", "1", 2);
	cr_assert_eq(walk_stop(&w, j, 1), NESTED_JSON);
	cr_assert_eq(w.n, 1);
	/* No callback: detection only. */
	cr_assert_eq(nested_walk(s, strlen(s), NULL, NULL, NULL), NESTED_INI);
	cr_assert_eq(nested_walk(NULL, 0, collect, &w, NULL), NESTED_NONE);
	/* A stop asked by the callback is no cap. */
	cr_assert_eq(walk_stop(&w, j, 1), NESTED_JSON);
	cr_assert_eq(w.walked, strlen(j));
}

/* ---- Not structured ---- */

Test(nested_none, plain_values)
{
	static const char *const plain[] = {
		"",
		"   \n\t ",
		"/usr/bin:/bin:/usr/local/bin",
		"hello world",
		"-Xmx512m -Dfile.encoding=UTF-8",
		"-Ddb.password=x -Dother.secret=y",
		"a=b",
		"dGhpcyBpcyBub3QgYSBzZWNyZXQ=",
		"https://example.com/path/x.tar.gz",
		"postgres://user:pass@db:5432/app",
		"rs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so=01;35:do=01;35",
		"text/html; charset",
		"-----BEGIN CERTIFICATE-----\nMIIB+zCCAaGgAwIBAgIU\nZm9v==\n"
		"-----END CERTIFICATE-----\n",
		"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
		"DEK-Info: AES-128-CBC,8A3B\n\nMIIEpA==\n"
		"-----END RSA PRIVATE KEY-----\n",
		"TWFueSBoYW5kcyBtYWtl\nIGxpZ2h0IHdvcmsu\nYWJj==\n",
		"first line of prose\nsecond: line\n",
		"[a, b]",
		"{}",
	};
	struct walk w;
	size_t i;
	for (i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
		enum nested_format f = walk(&w, plain[i]);
		cr_assert(f == NESTED_NONE || (f == NESTED_JSON && !w.n),
			  "%s: %s", plain[i], nested_format_name(f));
		cr_assert_eq(w.n, 0, "%s", plain[i]);
	}
}

Test(nested_none, format_names)
{
	cr_assert_str_eq(nested_format_name(NESTED_NONE), "none");
	cr_assert_str_eq(nested_format_name(NESTED_JSON), "json");
	cr_assert_str_eq(nested_format_name(NESTED_YAML), "yaml");
	cr_assert_str_eq(nested_format_name(NESTED_INI), "ini");
	cr_assert_str_eq(nested_format_name(NESTED_KV), "kv");
	cr_assert_str_eq(nested_format_name(NESTED_QUERY), "query");
	cr_assert_str_eq(nested_format_name((enum nested_format)99), "none");
}

/* Where the keys of a path came from: in path order, stale ones gone. */
struct segs_seen {
	const char *s;
	size_t n;
	char got[4][64];
};

static int note_segs(const struct nested_pair *p, void *arg)
{
	struct segs_seen *a = arg;
	size_t i, at = 0;
	char *g = a->got[a->n < 4 ? a->n : 3];
	for (i = 0; i < p->nsegs; i++) {
		const struct nested_seg *s = &p->segs[i];
		at += (size_t)snprintf(g + at, 64 - at, "%s%zu@%zu+%zu%s",
				       i ? " " : "", s->path_off,
				       (size_t)(s->key - a->s), s->len,
				       s->cut ? "cut" : "");
	}
	a->n++;
	return 0;
}

Test(nested_paths, key_segments)
{
	const char *j =
		"{\"db\":{\"password\":\"x\"},\"list\":[\"a\"],\"z\":\"q\"}";
	struct segs_seen a = {.s = j};
	cr_assert_eq(nested_walk(j, strlen(j), note_segs, &a, NULL),
		     NESTED_JSON);
	cr_assert_eq(a.n, 3);
	/* "db.password": db at path 0 (input 2), password at path 3. */
	cr_assert_str_eq(a.got[0], "0@2+2 3@8+8");
	/* "list[0]": the array's key, then an index. */
	cr_assert_str_eq(a.got[1], "0@24+4");
	cr_assert_str_eq(a.got[2], "0@37+1");
}
