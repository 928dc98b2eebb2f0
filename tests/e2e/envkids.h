/* The e2e side of tests/tools/envkids for the scan tests: the seeded
 * secrets (each with the rule that must find it) and the benign look-alikes
 * (which no rule may flag), children that carry them, and small accessors
 * for scan's JSON. Header-only, every function static, for
 * tests/e2e/test_scan.c. PROCSIFT_ENVKIDS names the helper (default:
 * envkids next to the spawn helper). */
#ifndef E2E_ENVKIDS_H
#define E2E_ENVKIDS_H

#include "e2e/judgekids.h"

/* Children 0 and 1 carry the seeds and every benign variable whose name
 * no seed of theirs uses; child 2 only the benign ones. */
#define KIDS 3
#define BENIGN_KID 2

struct seed {
	int kid;
	const char *var, *value, *rule;
	const char *core; /* the part that must never show; NULL: value */
};

#define PEM_BODY \
	"d4xI0zvy4Zr9moEHZhNX2xGqc/fQ7ZvqsP3CCT/nKEBJMhw5k62rOjlqnFCraP/c"
#define GHP "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK"
#define URL_PW "0a7O9iduIWCtMkq0rJQI"
#define CONN_PW "PEYaxTIMb6yQ21hM"
#define JVM_PW "7nHqyb1dqq8JdnL6"
#define DOCKER_AUTH "cm9ib3Q6YW9LaUFLTHQ2NVdqbDVkeVF5R00="
#define BEARER "AnrT5gBVo21gRRcuQDdKtq-5MysXkChz08Fxk_J9"

static const struct seed seeds[] = {
	{0, "GITHUB_TOKEN", GHP, "github-token", NULL},
	{1, "CI_GITHUB_TOKEN", GHP, "github-token", NULL}, /* same secret */
	{0, "GH_PAT",
	 "github_pat_QOo6Cd6rvau5kHvRwMzzuV_tYkwMJFrCfZ4U2EqkNk6sEr6f4gUy0BQ8"
	 "DEoFogNCAI3Ao3pxTnHyf6t5Yd",
	 "github-token", NULL},
	{0, "AWS_ACCESS_KEY_ID", "AKIANG3AB3NQ37N3WPK3", "aws-access-key-id",
	 NULL},
	{0, "AWS_SECRET_ACCESS_KEY", "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",
	 "aws-secret-access-key", NULL},
	{0, "TLS_KEY",
	 "-----BEGIN PRIVATE KEY-----\n" PEM_BODY "\n"
	 "0YsHh47lft6zNHIA33NbEI3p85cRbGIEV45gO+V/RrwlIM5dcJjWpwIqulpwIKak\n"
	 "99neEC7C6JYMiznF6ytTBURaHyx49wQOmCb5k5pbS2Sd6CRSH2D6oqM79+O36jKk\n"
	 "-----END PRIVATE KEY-----\n",
	 "pem-private-key", PEM_BODY},
	{1, "SSH_KEY_B64",
	 "LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0Kv+0GhTnrU/D4J1/pmH"
	 "dNZ1INU9z4mgYake/BSDv2iFeuS0HOkJ9C1hnsSSII",
	 "pem-private-key-b64", "v+0GhTnrU/D4J1/pmHdNZ1INU9z4mgYake"},
	{0, "DATABASE_URL", "postgres://app:" URL_PW "@db.internal:5432/app",
	 "url-userinfo-credentials", URL_PW},
	{0, "POSTGRES_PASSWORD", "O2hcxlHw7AkvWbg7WA", "env-known-secret-name",
	 NULL},
	{1, "MYSQL_ROOT_PASSWORD", "BCJZqTP68mpETU", "env-known-secret-name",
	 NULL},
	{1, "PAYMENTS_WEBHOOK_SECRET", "Y6kV22of4dTbVrLsABufkkVXaX0kPuQE",
	 "env-generic-secret-name", NULL},
	{0, "STRIPE_SECRET_KEY", "sk_live_pVZnR6DqfETVd5j1N7eWPFlR",
	 "stripe-key", NULL},
	{1, "SLACK_BOT_TOKEN",
	 "xoxb-096089610785-4149246576075-NG0RaLggaacrhq32ohADlp7U",
	 "slack-token", NULL},
	{0, "ID_TOKEN",
	 "eyJhbGciOiAiUlMyNTYiLCAidHlwIjogIkpXVCJ9.eyJzdWIiOiAidXNlci1UZ0M3UzA"
	 "zeSIsICJpYXQiOiAxNzAwMDAwMDAwLCAibmFtZSI6ICJKbyJ9.R2ayVcLCrR9QCrfLm"
	 "ncsIGv44Lgs-grN8GoVxR7cI6M",
	 "jwt-generic", NULL},
	{1, "KUBEADM_JOIN",
	 "kubeadm join 10.0.0.1:6443 --token 714bxg."
	 "49dhbk6ewvcgdkel",
	 "k8s-bootstrap-token", "714bxg.49dhbk6ewvcgdkel"},
	{1, "K3S_TOKEN",
	 "K10fa27a6abde3911a95891fca76a9e28becdcb820372c310f04040699f0c60d9df"
	 "::server:89af707b1de74f1f7144a6262a997702",
	 "k3s-token", "89af707b1de74f1f7144a6262a997702"},
	{1, "SOPS_AGE_KEY",
	 "AGE-SECRET-KEY-1VTYLYH984PZT659YRNPYWE8P62EN3GH32J4JFUWKKUJDECXAYAC7"
	 "7GVRTG",
	 "age-secret-key", NULL},
	{0, "GOOGLE_API_KEY", "AIzarhbuaYuV8GEpAj08dNPu0DmtFQuOyDwYfFT",
	 "gcp-api-key", NULL},
	{1, "AZURE_CLIENT_SECRET", "Pv08Q~VBQaeIKJ8NFRXlCQH5T~8_gXdn-SUtG4Pp",
	 "azure-client-secret", NULL},
	{0, "AZURE_STORAGE_CONNECTION_STRING",
	 "DefaultEndpointsProtocol=https;AccountName=prodblobs;AccountKey="
	 "uLQrtsxaoI2eGjGHP4lkY6FYQYVdfnSjj3u+ymHGjyJQYVGxcWHfo93uif23EFW3Z8bj"
	 "prCXh+wM98rFLcsw3Y==;EndpointSuffix=core.windows.net",
	 "azure-storage-connection-string",
	 "uLQrtsxaoI2eGjGHP4lkY6FYQYVdfnSjj3u"},
	{1, "DIGITALOCEAN_TOKEN",
	 "dop_v1_"
	 "1ca731e44dd703db3280e59f722493741e69ec5cf4f96cdc308ead908dc5c7d"
	 "5",
	 "digitalocean-token", NULL},
	{0, "VAULT_TOKEN",
	 "hvs.0_dAnoNy8in4cAmwBCtfRxU91A0rsG7ms6z8_tbq2OwvrmfPzLlQSvWbaFE5Y41R"
	 "iem-I8vnupL9sMeeOwl2hYy5FtBRYoB",
	 "vault-token", NULL},
	{1, "TF_TOKEN_app_terraform_io",
	 "b1n2232ziuxauf.atlasv1.60mvlhsp5k9so7wtgqmyh5abvnwai12bftmpl53t1q26lu"
	 "q5wa0kjnae6xw9r0ozsfk",
	 "terraform-cloud-token", NULL},
	{0, "DATABRICKS_TOKEN", "dapif47fae3463ab8de06ebcfd7a4ddd069b",
	 "databricks-token", NULL},
	{1, "GITLAB_TOKEN", "glpat-cHZbNsD3QYUbUJ4TcfCW", "gitlab-token", NULL},
	{0, "NPM_TOKEN", "npm_tf9df0uxdrHndKEIa0By4G1Fsfx3Of1OMyl7",
	 "npm-token", NULL},
	{1, "SENDGRID_API_KEY",
	 "SG.4acLp5hQNK0wt8rr2x7UFU.5x2hEV_"
	 "Xq9B6FwTYXavV9huMQD52BHxnAAITbO4Pqg8",
	 "sendgrid-key", NULL},
	{0, "OPENAI_API_KEY",
	 "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", "openai-key",
	 NULL},
	{1, "ANTHROPIC_API_KEY",
	 "sk-ant-api03-WVA6Gf_nwcOtUXtvEXUVsCUJqEm-HHU04umGpjwYrwyOMLidvKD4W97w"
	 "fjF4YhRcKKlbuvCrQ0ydZPGmaJ9pRj0wVFK3rAA",
	 "anthropic-key", NULL},
	{0, "HF_TOKEN", "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",
	 "huggingface-token", NULL},
	{1, "DD_API_KEY", "ff64084c99e01ee8cefe06785df9b925", "datadog-api-key",
	 NULL},
	{0, "NEW_RELIC_LICENSE_KEY", "6igo5gd08a74a6aabd1a338fe97f8b9f8deaNRAL",
	 "newrelic-license-key", NULL},
	{1, "GRAFANA_TOKEN", "glsa_0eCPVDlYJYl72SagnpjDjLtgdGpUOQ2k_3791d269",
	 "grafana-sa-token", NULL},
	{0, "DOCKER_AUTH_CONFIG",
	 "{\"auths\":{\"registry.example.io\":{\"auth\":\"" DOCKER_AUTH "\"}}}",
	 "dockerconfigjson", DOCKER_AUTH},
	{1, "HTPASSWD_HASH",
	 "$2y$10$1f0TPFathP7mnQO..FeeiFgMzh4hp5Hae2msaPXZi8aU7jaFY/wyZ",
	 "password-hash", NULL},
	{0, "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer " BEARER,
	 "http-auth-header", BEARER},
	{1, "JAVA_TOOL_OPTIONS", "-Xmx512m -Ddb.password=" JVM_PW " -Dx=1",
	 "embedded-jvm-opts-secret", JVM_PW},
	{0, "SQL_CONNECTION",
	 "Server=sql1;Database=app;User Id=sa;Password=" CONN_PW ";",
	 "conn-string-password", CONN_PW},
	{1, "TWILIO_API_KEY", "SK2dcf501fb2b1d52a40d459d382fb9479",
	 "twilio-key", NULL},
	/* A live variable's value is the one in use: a default is a
	 * finding, and says so (docs/rules.md, severity policy). */
	{1, "DB_PASSWORD", "changeme", "env-default-password", NULL},
	{0, "MYSQL_PASSWORD", "Passw0rd", "env-default-password", NULL},
	{0, "SECRET_KEY", "<your-secret-key>", "env-default-password", NULL},
};

#define NSEEDS (sizeof(seeds) / sizeof(seeds[0]))

/* Names and values that naive rules flag; none may give a finding. */
static const char *const benign[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	("LS_COLORS=rs=0:di=01;34:ln=01;36:mh=00:pi=40;33:so=01;35:do=01;35:bd="
	 "40;33;01:cd=40;33;01:or=40;31;01:mi=00:su=37;41:sg=30;43:ca=30;41:tw="
	 "30;42:ow=34;42:st=37;44:ex=01;32:*.tar=01;31:*.tgz=01;31:*.zip=01;"
	 "31"),
	"SSH_AUTH_SOCK=/tmp/ssh-x/agent.1",
	"OLDPWD=/home/dev/src",
	"PWD=/srv/app",
	"TOKENIZERS_PARALLELISM=false",
	"INVOCATION_ID=2a2b6a51daa1ff8f74abfea158e50159",
	"KUBERNETES_SERVICE_HOST=10.96.0.1",
	"KUBERNETES_SERVICE_PORT=443",
	"KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1",
	"DB_PASSWORD=${DB_PASSWORD}",
	"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
	("DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus,guid="
	 "5234ac084a85c6badad19f7d23338141"),
	"HOME=/home/dev",
	"HOSTNAME=web-7d9f8c6b5-x2x4z",
	"LANG=C.UTF-8",
	"TERM=xterm-256color",
	"SHLVL=1",
	"XDG_RUNTIME_DIR=/run/user/1000",
	"JOURNAL_STREAM=8:123456",
	"GIT_ASKPASS=/usr/libexec/git-core/git-gui--askpass",
	"XAUTHORITY=/run/user/1000/.Xauthority",
	"PASSWORD_STORE_DIR=/home/dev/.password-store",
	"MYSQL_USER=app",
	"API_KEY=",
	/* Kubernetes service links of Services named auth, secret-store. */
	"AUTH_SERVICE_HOST=10.96.3.4",
	"AUTH_SERVICE_PORT=8200",
	"AUTH_PORT=tcp://10.96.3.4:8200",
	"AUTH_PORT_8200_TCP=tcp://10.96.3.4:8200",
	"AUTH_PORT_8200_TCP_ADDR=10.96.3.4",
	"AUTH_PORT_8200_TCP_PORT=8200",
	"AUTH_PORT_8200_TCP_PROTO=tcp",
	"SECRET_STORE_SERVICE_PORT_HTTPS=8443",
	"REDIS_URL=redis://cache:6379/0",
	"HTTP_PROXY=http://proxy.internal:3128",
	"TOKEN_TTL=3600",
	"AUTH_ENABLED=true",
	"JWT_ALGORITHM=RS256",
	"MONGO_URL=mongodb://app:${MONGO_PASSWORD}@mongo:27017/app",
	"JAVA_OPTS=-Xmx512m -Dfile.encoding=UTF-8",
	"NODE_OPTIONS=--max-old-space-size=4096",
	"PYTHONPATH=/app/lib:/app",
	"KEYMAP=us",
	"_=/usr/bin/env",
};

#define NBENIGN (sizeof(benign) / sizeof(benign[0]))

/* The kids are tests/tools/envkids children (e2e/judgekids.h). */
#define kids jkids
#define kids_cleanup jk_cleanup

static bool kid_has_seed(int kid, const char *var, size_t len)
{
	size_t i;
	for (i = 0; i < NSEEDS; i++)
		if (seeds[i].kid == kid && strlen(seeds[i].var) == len &&
		    !memcmp(seeds[i].var, var, len))
			return true;
	return false;
}

/* Kid kid's environment: every benign variable whose name no seed of its
 * uses, then its seeds; NULL-terminated, the strings in *sb. */
static void kid_env(int kid, struct strbuf *sb, const char **env)
{
	size_t i, n = 0, at[NBENIGN + NSEEDS];
	for (i = 0; i < NBENIGN; i++)
		if (!kid_has_seed(kid, benign[i], strcspn(benign[i], "="))) {
			at[n++] = sb->len;
			strbuf_add(sb, benign[i], strlen(benign[i]) + 1);
		}
	for (i = 0; i < NSEEDS; i++)
		if (seeds[i].kid == kid) {
			at[n++] = sb->len;
			strbuf_addf(sb, "%s=%s%c", seeds[i].var, seeds[i].value,
				    0);
		}
	for (i = 0; i < n; i++)
		env[i] = sb->buf + at[i];
	env[n] = NULL;
}

/* Start envkids with the three environments; returns once the kids run
 * with them. */
static void kids_start(struct kids *k)
{
	struct strbuf sb[KIDS];
	const char *env[KIDS][NBENIGN + NSEEDS + 1];
	struct jkid spec[KIDS];
	int i;
	for (i = 0; i < KIDS; i++) {
		strbuf_init(&sb[i], 0);
		kid_env(i, &sb[i], env[i]);
		spec[i] = (struct jkid){NULL, env[i]};
	}
	jk_start(k, spec, KIDS);
	for (i = 0; i < KIDS; i++)
		strbuf_release(&sb[i]);
}

#define kids_stop jk_stop

static int kid_of(const struct kids *k, int pid)
{
	int i;
	for (i = 0; i < KIDS; i++)
		if (k->kid[i] == pid)
			return i;
	return -1;
}

static const struct seed *seed_of(int kid, const char *var)
{
	size_t i;
	for (i = 0; i < NSEEDS; i++)
		if (seeds[i].kid == kid && !strcmp(seeds[i].var, var))
			return &seeds[i];
	return NULL;
}

/* procsift scan --pid for each kid in mask (bit i: kid i), then extra. */
static void run_scan(struct e2e_result *r, const struct kids *k, int mask,
		     const char *const *extra)
{
	const char *args[32];
	size_t n = 0;
	int i;
	args[n++] = "scan";
	/* The secret judges: the indicator judges rightly see these test
	 * tools run from a temporary directory when the tree is in one. */
	args[n++] = "--only";
	args[n++] = "secret";
	for (i = 0; i < KIDS; i++)
		if (mask & (1 << i)) {
			args[n++] = "--pid";
			args[n++] = k->arg[i];
		}
	while (extra && *extra && n < 31)
		args[n++] = *extra++;
	args[n] = NULL;
	e2e_procsift(r, NULL, args);
}

#define ALL_KIDS ((1 << KIDS) - 1)
#define SCAN(r, k, mask, ...) run_scan((r), (k), (mask), E2E_ARGS(__VA_ARGS__))

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v = e2e_json_get(o, key);
	cr_assert(json_object_is_type(v, json_type_string), "%s: %s", key,
		  json_object_to_json_string(o));
	return json_object_get_string(v);
}

/* The finding for (pid, var) in a findings array, or NULL. */
static struct json_object *finding_for(struct json_object *a, pid_t pid,
				       const char *var)
{
	size_t i, n = json_object_array_length(a);
	char where[256];
	snprintf(where, sizeof(where), "env:%s", var);
	for (i = 0; i < n; i++) {
		struct json_object *f = json_object_array_get_idx(a, i);
		if (e2e_json_pid(f) == pid && !strcmp(jstr(f, "where"), where))
			return f;
	}
	return NULL;
}

#endif
