/* End-to-end: Helm release Secrets in a real etcd (tests/tools/etcdfill.py
 * helm): the release decoded, its user values' database password and
 * its manifest's Secret token found by procsift etcd and procsift scan
 * with where naming the place in the release; a decompression bomb and
 * a release that is not base64 judged in part; no value shown without
 * --reveal. The etcd helpers: e2e/etcdkit.h. */
#include "e2e/etcdkit.h"

TestSuite(etcd_helm, .fini = etcdkit_stop, .timeout = 300);

#define SHOP "/registry/secrets/prod/sh.helm.release.v1.shop.v"
#define PW_PLACE ":release.config[postgresql.auth.password]"
#define TOKEN_PLACE ":release.manifest[Secret/shop-api].data[api-token]"

/* The revision etcd stored the manifest's secret with this key at. */
static int64_t revision_of(struct json_object *m, const char *key)
{
	struct json_object *all = e2e_json_get(m, "secrets");
	size_t i;
	for (i = 0; i < json_object_array_length(all); i++) {
		struct json_object *ms = json_object_array_get_idx(all, i);
		if (!strcmp(js(ms, "key"), key))
			return ji(newest_rev(ms), "revision");
	}
	cr_assert_fail("%s is not in the manifest", key);
	return 0;
}

/* Findings of any rule at where (exactly); the last in *f. */
static size_t findings_where(struct json_object *a, const char *where,
			     struct json_object **f)
{
	size_t i, hits = 0;
	for (i = 0; i < json_object_array_length(a); i++) {
		struct json_object *x = json_object_array_get_idx(a, i);
		if (streq_null(js(x, "where"), where)) {
			hits++;
			*f = x;
		}
	}
	return hits;
}

/* Both revisions of the release: the password (by its name in the
 * values) and the token (by the GitHub rule) at their places, from etcd's
 * pid; the evidence redacted. */
static void check_release(struct json_object *findings, struct json_object *m,
			  const struct etcdkit *k, struct strbuf *bad)
{
	int v;
	for (v = 1; v <= 2; v++) {
		char key[128], where[256];
		struct json_object *f = NULL;
		int64_t rev;
		snprintf(key, sizeof(key), SHOP "%d", v);
		rev = revision_of(m, key);
		snprintf(where, sizeof(where), "etcd:%s@%" PRId64 PW_PLACE, key,
			 rev);
		if (findings_where(findings, where, &f) != 1)
			strbuf_addf(bad, "  no one finding at %s\n", where);
		else if (ji(f, "pid") != k->pid ||
			 !strcmp(js(f, "severity"), "low") ||
			 !strcmp(js(f, "severity"), "info") ||
			 !js(f, "evidence") || strlen(js(f, "evidence")) > 8)
			strbuf_addf(bad, "  %s: %s\n", where,
				    json_object_to_json_string(f));
		snprintf(where, sizeof(where), "etcd:%s@%" PRId64 TOKEN_PLACE,
			 key, rev);
		if (findings_at(findings, "github-token", where, &f) != 1)
			strbuf_addf(bad, "  no github-token at %s\n", where);
		else if (ji(f, "pid") != k->pid ||
			 strcmp(js(f, "severity"), "high"))
			strbuf_addf(bad, "  %s: %s\n", where,
				    json_object_to_json_string(f));
	}
}

Test(etcd_helm, release_values_and_manifest)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "helm"), *doc, *f, *x = NULL,
			   *secrets, *facts;
	struct json_object *h = e2e_json_get(m, "helm");
	struct strbuf bad = STRBUF_INIT;
	struct e2e_result r;
	char where[256];
	size_t i, notes = 0;

	doc = etcd_json_pid(k, &r);
	check_rows(doc, m, NULL);
	f = e2e_json_get(doc, "findings");
	check_release(f, m, k, &bad);
	cr_assert(!bad.len, "etcd --json:\n%s", bad.buf);

	/* The bomb stopped at the ratio cap; the garbled one not judged. */
	snprintf(where, sizeof(where),
		 "etcd:/registry/secrets/prod/"
		 "sh.helm.release.v1.bomb.v1@%" PRId64 ":release",
		 revision_of(m, "/registry/secrets/prod/"
				"sh.helm.release.v1.bomb.v1"));
	cr_assert_eq(findings_at(f, "etcd-helm-release-partial", where, &x), 1,
		     "%s", where);
	cr_assert_str_eq(js(x, "severity"), "medium");
	facts = e2e_json_get(x, "facts");
	cr_assert_str_eq(js(facts, "reason"), "ratio-cap");
	cr_assert_lt(ji(facts, "inflated_bytes"), 16 << 20);
	snprintf(where, sizeof(where),
		 "etcd:/registry/secrets/prod/"
		 "sh.helm.release.v1.garbled.v1@%" PRId64 ":release",
		 revision_of(m, "/registry/secrets/prod/"
				"sh.helm.release.v1.garbled.v1"));
	cr_assert_eq(findings_at(f, "etcd-helm-release-partial", where, &x), 1,
		     "%s", where);
	cr_assert_str_eq(js(facts = e2e_json_get(x, "facts"), "reason"),
			 "bad-base64");
	cr_assert_eq(count_rule(f, "etcd-helm-release-partial"), 2);

	/* The rows say what the release is. */
	secrets = e2e_json_get(doc, "secrets");
	for (i = 0; i < json_object_array_length(secrets); i++) {
		const char *note =
			js(json_object_array_get_idx(secrets, i), "note");
		notes += note && strstr(note, "Helm release shop revision") &&
			 strstr(note, "of chart webshop-1.4.2");
	}
	cr_assert_eq(notes, 2);

	/* Never a value without --reveal. */
	cr_assert_null(strstr(r.out.buf, js(h, "password")));
	cr_assert_null(strstr(r.out.buf, js(h, "token")));
	cr_assert_null(strstr(r.err.buf, js(h, "password")));
	e2e_validate("etcd", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);

	/* --no-helm: the same rows, each release said not decoded, and
	 * nothing judged inside one. */
	{
		char pid[16];
		size_t undecoded = 0;
		pid_str(k, pid, sizeof(pid));
		PROCSIFT(&r, "etcd", "--pid", pid, "--json", "--no-helm");
		E2E_EXPECT_STATUS(&r, 0, "etcd --no-helm");
		doc = e2e_json_parse(&r.out);
		check_rows(doc, m, NULL);
		secrets = e2e_json_get(doc, "secrets");
		for (i = 0; i < json_object_array_length(secrets); i++) {
			const char *note = js(
				json_object_array_get_idx(secrets, i), "note");
			undecoded +=
				note && !strcmp(note, "Helm release, not "
						      "decoded (--no-helm)");
		}
		cr_assert_geq(undecoded, 4, "%zu", undecoded);
		f = e2e_json_get(doc, "findings");
		cr_assert_eq(count_rule(f, "etcd-helm-release-partial"), 0);
		for (i = 0; i < json_object_array_length(f); i++)
			cr_assert_null(
				strstr(js(json_object_array_get_idx(f, i),
					  "where"),
				       ":release"),
				"%s",
				js(json_object_array_get_idx(f, i), "where"));
		e2e_validate("etcd", &r.out);
		json_object_put(doc);
		e2e_result_release(&r);
	}
	strbuf_release(&bad);
}

Test(etcd_helm, scan_finds_release_secrets)
{
	struct etcdkit *k = etcdkit_start();
	struct json_object *m = etcdkit_fill(k, "helm"), *doc;
	struct json_object *h = e2e_json_get(m, "helm");
	struct strbuf bad = STRBUF_INIT;
	struct e2e_result r;
	char pid[16];

	pid_str(k, pid, sizeof(pid));
	PROCSIFT(&r, "scan", "--json", "--pid", pid, "--judge", "etcd");
	E2E_EXPECT_STATUS(&r, 0, "scan --json --pid --judge etcd");
	doc = e2e_json_parse(&r.out);
	check_release(e2e_json_get(doc, "findings"), m, k, &bad);
	cr_assert(!bad.len, "scan --json:\n%s", bad.buf);
	cr_assert_null(strstr(r.out.buf, js(h, "token")));
	e2e_validate("scan", &r.out);
	json_object_put(doc);
	e2e_result_release(&r);

	/* Text output names the places too, and --reveal shows the values. */
	PROCSIFT(&r, "scan", "--pid", pid, "--judge", "etcd", "--reveal");
	cr_assert(strstr(r.out.buf, PW_PLACE), "%s", r.out.buf);
	cr_assert(strstr(r.out.buf, js(h, "token")), "%s", r.out.buf);
	e2e_result_release(&r);
	strbuf_release(&bad);
}
