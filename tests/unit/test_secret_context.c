/* The built-in rules on secrets named inside values (JSON, YAML, INI, URL
 * queries, connection strings, an AWS credentials file), on placeholders
 * (skipped in documents, in use in a live variable), and on the severity
 * policy for live environments (docs/rules.md): which rule reports which
 * exact secret, at which severity, or that nothing is reported. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "scan/rules.h"
#include "scan/secrets.h"
#include "util/strbuf.h"
#include "unit/builtin_rules.h"

static struct ruleset rs;

static void setup(void)
{
	builtin_ruleset(&rs);
}

static void teardown(void)
{
	ruleset_release(&rs);
}

TestSuite(context, .init = setup, .fini = teardown);
TestSuite(policy, .init = setup, .fini = teardown);

/* What one judging reported: "RULE SEVERITY SECRET" a line. */
static void add_hit(const struct secret_hit *h, void *arg)
{
	struct strbuf *sb = arg;
	strbuf_addf(sb, "%s %s %.*s\n", h->rule->id,
		    severity_name(h->rule->severity), (int)h->len, h->secret);
}

enum mode { VAR, TEXT, K8S };

/* Judge s as a variable NAME=VALUE, a text, or a Kubernetes Secret
 * value; the hits into out. */
static void judge(enum mode m, const char *s, struct strbuf *out)
{
	strbuf_reset(out);
	if (m == VAR) {
		size_t n = strcspn(s, "=");
		cr_assert(s[n], "not NAME=VALUE: %s", s);
		secrets_in_var(&rs, s, n, s + n + 1, strlen(s + n + 1), add_hit,
			       out);
	} else {
		secrets_in_text(&rs,
				m == TEXT ? TARGET_TEXT : TARGET_K8S_SECRET, s,
				strlen(s), add_hit, out);
	}
	if (!out->buf)
		strbuf_addstr(out, "");
}

struct found {
	enum mode m;
	const char *in;
	const char *rule, *secret; /* rule NULL: nothing at all */
};

/* The secret must be reported, by exactly this rule and span. */
static void expect(const struct found *f, size_t n)
{
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	size_t i, bad = 0;
	for (i = 0; i < n; i++) {
		judge(f[i].m, f[i].in, &out);
		strbuf_reset(&want);
		if (f[i].rule)
			strbuf_addf(&want, "%s ", f[i].rule);
		if (f[i].rule ? !strstr(out.buf, want.buf) ||
					!strstr(out.buf, f[i].secret)
			      : out.len != 0) {
			cr_log_error("%s: got [%s], want %s %s", f[i].in,
				     out.buf, f[i].rule ? f[i].rule : "nothing",
				     f[i].secret ? f[i].secret : "");
			bad++;
		}
	}
	cr_assert_eq(bad, 0, "%zu of %zu cases wrong", bad, n);
	strbuf_release(&out);
	strbuf_release(&want);
}

#define PW "Zq8vN2mKp4RtCB9rcRb1"
#define AWS_SECRET "aWo+C7VLotddxg7qACPVsOnA66cKIFTmxrrjtjVm"

Test(context, keys_that_name_secrets_in_json_yaml_ini)
{
	static const struct found f[] = {
		{VAR, "APP_CONFIG={\"db\":{\"password\":\"" PW "\"}}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"passwd\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"pwd\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"secret\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"token\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"api_key\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"apikey\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"apiKey\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"access_key\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"private_key\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"client_secret\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"credential\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"credentials\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_CONFIG={\"auth\":\"" PW "\"}",
		 "env-generic-secret-name", PW},
		{VAR, "APP_YAML=db:\n  host: db1\n  password: " PW "\n",
		 "env-generic-secret-name", PW},
		/* libpq's password= reads it too, with more confidence. */
		{VAR, "APP_INI=[db]\nhost = db1\npassword = " PW "\n",
		 "conn-string-password", PW},
		{VAR, "APP_ENV=DB_HOST=db1\nDB_PASSWORD=" PW "\n",
		 "env-generic-secret-name", PW},
		{K8S, "{\"auth\": {\"token\": \"" PW "\"}}",
		 "env-generic-secret-name", PW},
		{K8S, "spring:\n  datasource:\n    password: " PW "\n",
		 "env-generic-secret-name", PW},
	};
	expect(f, sizeof(f) / sizeof(f[0]));
}

Test(context, url_queries_and_connection_strings)
{
	static const struct found f[] = {
		{VAR,
		 "CALLBACK=https://app.example.com/cb?access_token=" PW
		 "&state=1",
		 NULL, PW},
		{VAR,
		 "BLOB_SAS=https://acct.blob.core.windows.net/c/b.txt?sv=2022-"
		 "11-02&ss=b&sr=b&sp=r&se=2030-01-01T00:00:00Z&sig=Zq8vN2mKp4"
		 "RtCB9rcRb1oQ4hT5%2BmXw9L2kP0aZ3cV7yU%3D",
		 NULL, "Zq8vN2mKp4RtCB9rcRb1oQ4hT5%2BmXw9L2kP0aZ3cV7yU%3D"},
		{VAR,
		 "LOGIN_URL=https://h.example.com/login?user=u&password=" PW,
		 NULL, PW},
		{VAR, "SQL=Server=db;Database=app;User Id=sa;Password=" PW ";",
		 "conn-string-password", PW},
		{TEXT, "--url=https://app.example.com/x?sig=" PW "Ab12", NULL,
		 PW "Ab12"},
	};
	size_t i;
	/* Any rule may find them; the secret must be the value. */
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		struct strbuf out = STRBUF_INIT;
		judge(f[i].m, f[i].in, &out);
		cr_expect(strstr(out.buf, f[i].secret), "%s: got [%s]", f[i].in,
			  out.buf);
		strbuf_release(&out);
	}
}

Test(context, aws_credentials_file)
{
	static const struct found f[] = {
		{VAR,
		 "AWS_CREDS=[default]\naws_access_key_id = AKIANG3AB3NQ37N3WPK3"
		 "\naws_secret_access_key = " AWS_SECRET "\n",
		 "aws-secret-access-key", AWS_SECRET},
		{VAR,
		 "AWS_CREDS=[default]\naws_access_key_id = AKIANG3AB3NQ37N3WPK3"
		 "\naws_secret_access_key = " AWS_SECRET "\n",
		 "aws-access-key-id", "AKIANG3AB3NQ37N3WPK3"},
		{K8S,
		 "[prod]\naws_access_key_id=AKIANG3AB3NQ37N3WPK3\n"
		 "aws_secret_access_key=" AWS_SECRET "\n"
		 "aws_session_token="
		 "IQoJb3JpZ2luX2VjEHEaCXVzLWVhc3QtMSJHMEUCIQD\n",
		 "aws-secret-access-key", AWS_SECRET},
	};
	expect(f, sizeof(f) / sizeof(f[0]));
}

/* In documents a placeholder is a template's, not a password. */
Test(context, placeholders_skipped_in_documents)
{
	static const char *const v[] = {
		"{\"password\": \"${DB_PASSWORD}\"}",
		"{\"password\": \"{{ .Values.db.password }}\"}",
		"{\"password\": \"<password>\"}",
		"{\"password\": \"***\"}",
		"{\"password\": \"xxxx\"}",
		"{\"password\": \"changeme\"}",
		"db:\n  password: changeme\n  token: \"{{ .x }}\"\n",
		"[db]\npassword = ${DB_PASSWORD}\n",
		"Server=db;Password=<password>;",
		"https://h.example.com/?access_token=${TOKEN}",
	};
	struct strbuf out = STRBUF_INIT, var = STRBUF_INIT;
	size_t i;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		judge(K8S, v[i], &out);
		cr_expect_eq(out.len, 0, "k8s %s: [%s]", v[i], out.buf);
		judge(TEXT, v[i], &out);
		cr_expect_eq(out.len, 0, "text %s: [%s]", v[i], out.buf);
		strbuf_reset(&var);
		strbuf_addf(&var, "APP_CONFIG=%s", v[i]);
		judge(VAR, var.buf, &out);
		cr_expect_eq(out.len, 0, "%s: [%s]", var.buf, out.buf);
	}
	strbuf_release(&out);
	strbuf_release(&var);
}

/* A GCP key file in a variable is the GCP credential, not a bare key. */
Test(context, gcp_key_file_over_its_pem_key)
{
	static const char v[] =
		"GOOGLE_CREDENTIALS={\"type\":\"service_account\","
		"\"project_id\":\"acme-prod-4411\",\"private_key\":\"-----"
		"BEGIN "
		"PRIVATE "
		"KEY-----\\nrtLmY4yGAU4lGG1BeIL/GekX6UgZ1umo2HKENPW9Xeq0"
		"2LT0LEYC2FxmKrcJ89D/"
		"\\nUTOzJZjX8GoX0vA3OK5bXQX2bgeTWnJtdes5eCKE"
		"CnCd2AFf/S1C65hnCMNuaK9S\\n-----END PRIVATE KEY-----\\n\","
		"\"client_email\":\"d@acme-prod-4411.iam.gserviceaccount."
		"com\"}";
	struct strbuf out = STRBUF_INIT;
	judge(VAR, v, &out);
	cr_assert(strstr(out.buf, "gcp-service-account-json critical"), "%s",
		  out.buf);
	cr_assert(!strstr(out.buf, "pem-private-key"), "%s", out.buf);
	strbuf_release(&out);
}

/* ---- The severity policy for live environments ---- */

struct policy {
	const char *var;
	const char *rule;     /* NULL: nothing */
	const char *severity; /* of that rule */
};

Test(policy, secret_names_in_a_live_environment)
{
	static const struct policy p[] = {
		/* A secret name and a value: high, whatever the value. */
		{"PASSWORD=Winter2024x", "env-generic-secret-name", "high"},
		{"API_TOKEN=" PW, "env-generic-secret-name", "high"},
		{"BILLING_API_KEY=0703b4ab", "env-generic-secret-name", "high"},
		{"APP_SECRET_VALUE=hunter2x", "env-generic-secret-name",
		 "high"},
		{"PGPASSWORD=hunter2x", "env-known-secret-name", "high"},
		{"DB_PASSWORD=abc12", "env-generic-secret-name", "high"},
		/* A default or weak value is in use: more, and said. */
		{"DB_PASSWORD=changeme", "env-default-password", "critical"},
		{"MYSQL_PASSWORD=password", "env-default-password", "critical"},
		{"POSTGRES_PASSWORD=postgres", "env-default-password",
		 "critical"},
		{"RABBITMQ_DEFAULT_PASS=guest", "env-default-password",
		 "critical"},
		{"MINIO_ROOT_PASSWORD=minioadmin", "env-default-password",
		 "critical"},
		{"ADMIN_TOKEN=xxxxxxxx", "env-default-password", "critical"},
		{"DB_PASSWORD=<password>", "env-default-password", "critical"},
		/* Empty, references, pointers: nothing. */
		{"DB_PASSWORD=", NULL, NULL},
		{"DB_PASSWORD=${DB_PASSWORD}", NULL, NULL},
		{"DB_PASSWORD=$DB_PASSWORD", NULL, NULL},
		{"DB_PASSWORD=vault:secret/data/db#password", NULL, NULL},
		{"DB_PASSWORD=secretref:db-password", NULL, NULL},
		{"TOKEN=ref+vault://secret/app#/token", NULL, NULL},
		/* Kubernetes service links of Services named like secrets. */
		{"AUTH_PORT_8200_TCP_ADDR=10.96.3.4", NULL, NULL},
		{"AUTH_PORT_8200_TCP_PORT=8200", NULL, NULL},
		{"AUTH_PORT_8200_TCP_PROTO=tcp", NULL, NULL},
		{"AUTH_PORT_8200_TCP=tcp://10.96.3.4:8200", NULL, NULL},
		{"AUTH_PORT=tcp://10.96.3.4:8200", NULL, NULL},
		{"AUTH_SERVICE_HOST=10.96.3.4", NULL, NULL},
		{"AUTH_SERVICE_PORT=8200", NULL, NULL},
		{"SECRET_STORE_SERVICE_PORT_HTTPS=8443", NULL, NULL},
		{"SECRET_STORE_PORT_443_UDP_ADDR=10.96.3.9", NULL, NULL},
		{"TOKEN_SERVICE_SERVICE_HOST=10.96.0.44", NULL, NULL},
		/* The shell's own. */
		{"PWD=/srv/app", NULL, NULL},
		{"OLDPWD=/home/u", NULL, NULL},
	};
	struct strbuf out = STRBUF_INIT, want = STRBUF_INIT;
	size_t i, bad = 0;
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		judge(VAR, p[i].var, &out);
		strbuf_reset(&want);
		if (p[i].rule)
			strbuf_addf(&want, "%s %s ", p[i].rule, p[i].severity);
		if (p[i].rule ? !strstr(out.buf, want.buf) : out.len != 0) {
			cr_log_error("%s: got [%s], want [%s]", p[i].var,
				     out.buf, want.buf);
			bad++;
		}
	}
	cr_assert_eq(bad, 0, "%zu cases wrong", bad);
	strbuf_release(&out);
	strbuf_release(&want);
}

/* A default in a document is a template's placeholder; in a live
 * variable it is the password in use, and the message says so. */
Test(policy, default_only_in_the_variable_itself)
{
	struct strbuf out = STRBUF_INIT;
	const struct rule *r = ruleset_find(&rs, "env-default-password");
	cr_assert_not_null(r);
	cr_assert(strstr(r->description, "Default password in use"));
	judge(VAR, "APP_CONFIG={\"db\":{\"password\":\"changeme\"}}", &out);
	cr_assert_eq(out.len, 0, "%s", out.buf);
	judge(K8S, "password: postgres\n", &out);
	cr_assert(!strstr(out.buf, "env-default-password"), "%s", out.buf);
	judge(VAR, "POSTGRES_PASSWORD=postgres", &out);
	cr_assert(strstr(out.buf, "env-default-password critical postgres"),
		  "%s", out.buf);
	strbuf_release(&out);
}
