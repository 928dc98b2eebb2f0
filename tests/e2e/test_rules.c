/* procsift rules end to end: test judges stdin with the built-in set (and
 * a FILE on top) as scan does; check rejects duplicate keys, ids defined
 * in two of its files and rules without examples, and names examples
 * another rule takes; list takes -o and -n, shows descriptions as
 * written, and gives every field with --json (docs/schema/rules.json). */
#include "e2e/helpers.h"

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/procsift-rules-XXXXXX.yaml");
	int fd = mkstemps(path, 5);
	cr_assert(fd >= 0, "mkstemps: %s", strerror(errno));
	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	return path;
}

#define TEAM_RULE(id)                                       \
	"  - id: " id "\n"                                  \
	"    description: Team token \\ internal\n"         \
	"    severity: high\n"                              \
	"    confidence: high\n"                            \
	"    targets: [env, text]\n"                        \
	"    keywords: [team_]\n"                           \
	"    regex: '\\bteam_[0-9]{8}\\b'\n"                \
	"    references: ['https://team.example/tokens']\n" \
	"    examples: ['T=team_12345678']\n"               \
	"    negative_examples: ['team_1']\n"

static void test_input(struct e2e_result *r, const char *in,
		       const char *const *args)
{
	struct e2e_opts o = {.input = in, .input_len = strlen(in)};
	e2e_procsift(r, &o, args);
}

Test(rules, test_with_the_builtin_set_and_a_file)
{
	char *file = write_temp("rules:\n" TEAM_RULE("team-token"));
	struct e2e_result r;
	const char *in =
		"DB_PASSWORD=changeme\n"
		"AUTH_PORT_8200_TCP_ADDR=10.96.3.4\n"
		"APP_CONFIG={\"db\":{\"password\":\"Winter2024x\"}}\n"
		"T=team_12345678\n"
		"curl -H 'Authorization: Bearer "
		"AnrT5gBVo21gRRcuQDdKtq-5MysXkChz08Fxk_J9' https://x/\n";

	/* No FILE: the built-in set, judged as scan judges. */
	test_input(&r, in, E2E_ARGS("rules", "test"));
	E2E_EXPECT_STATUS(&r, 0, "rules test");
	cr_assert(strstr(r.out.buf, "5 lines, 3 matches"), "%s", r.out.buf);
	cr_assert(strstr(r.err.buf, "line 1: env-default-password ") &&
			  strstr(r.err.buf, "at env:DB_PASSWORD, critical"),
		  "%s", r.err.buf);
	cr_assert(strstr(r.err.buf, "at env:APP_CONFIG[db.password], high"),
		  "%s", r.err.buf);
	cr_assert(strstr(r.err.buf, "line 5: http-auth-header ") &&
			  strstr(r.err.buf, "at text, high"),
		  "%s", r.err.buf);
	cr_assert(!strstr(r.err.buf, "Winter2024x"), "redacted: %s", r.err.buf);
	e2e_result_release(&r);

	/* With FILE: its rules on top of the built-in set. */
	test_input(&r, in, E2E_ARGS("rules", "test", "--reveal", file));
	E2E_EXPECT_STATUS(&r, 0, "rules test FILE");
	cr_assert(strstr(r.out.buf, "5 lines, 4 matches"), "%s", r.out.buf);
	cr_assert(strstr(r.err.buf, "line 4: team-token team_12345678 "), "%s",
		  r.err.buf);
	cr_assert(strstr(r.err.buf, "Winter2024x"), "revealed: %s", r.err.buf);
	e2e_result_release(&r);

	/* FILE alone. */
	test_input(&r, in,
		   E2E_ARGS("rules", "test", "--no-builtin-rules", file));
	cr_assert(strstr(r.out.buf, "5 lines, 1 matches"), "%s", r.out.buf);
	e2e_result_release(&r);

	PROCSIFT(&r, "rules", "test", file, file);
	E2E_EXPECT_STATUS(&r, 2, "rules test with two files");
	e2e_result_release(&r);
	unlink(file);
	free(file);
}

Test(rules, check_rejects_what_would_go_unseen)
{
	char *a = write_temp("rules:\n" TEAM_RULE("team-token"));
	char *b = write_temp("rules:\n" TEAM_RULE("team-token"));
	char *twice = write_temp(
		"rules:\n" TEAM_RULE("team-a") "rules:\n" TEAM_RULE("team-b"));
	char *bare = write_temp("rules:\n"
				"  - id: bare\n"
				"    severity: low\n"
				"    targets: [text]\n"
				"    regex: 'bare_[0-9]{4}'\n");
	char *over =
		write_temp("rules:\n"
			   "  - id: weak-github\n"
			   "    severity: low\n"
			   "    confidence: low\n"
			   "    targets: [env]\n"
			   "    regex: '^ghp_[A-Za-z0-9]{36}$'\n"
			   "    examples: "
			   "['X=ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK']\n");
	struct e2e_result r;

	PROCSIFT(&r, "rules", "check", a);
	E2E_EXPECT_STATUS(&r, 0, "rules check one file");
	cr_assert(strstr(r.out.buf, "1 rules, 1 examples, 1 negative "
				    "examples: all pass"),
		  "%s", r.out.buf);
	/* One example is enough for a team's rule: told, not failed. */
	cr_assert(strstr(r.err.buf, "warning: rules check: team-token") &&
			  strstr(r.err.buf, "lacks a second example, which "
					    "every built-in rule has"),
		  "%s", r.err.buf);
	e2e_result_release(&r);

	/* An id in two of the files checked together. */
	PROCSIFT(&r, "rules", "check", a, b);
	E2E_EXPECT_STATUS(&r, 1, "rules check with an id in two files");
	cr_assert(strstr(r.err.buf, "team-token") &&
			  strstr(r.err.buf, "id defined twice (first at ") &&
			  strstr(r.err.buf, a),
		  "%s", r.err.buf);
	e2e_result_release(&r);

	/* Two `rules:` keys: the file does not load. */
	PROCSIFT(&r, "rules", "check", twice);
	E2E_EXPECT_STATUS(&r, 2, "rules check with two rules: keys");
	cr_assert(strstr(r.err.buf, "key 'rules' given twice"), "%s",
		  r.err.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "scan", "--pid", "1", "--rules", twice);
	E2E_EXPECT_STATUS(&r, 2, "scan with two rules: keys");
	e2e_result_release(&r);

	PROCSIFT(&r, "rules", "check", bare);
	E2E_EXPECT_STATUS(&r, 1, "rules check, a rule without examples");
	cr_assert(strstr(r.err.buf, "bare") &&
			  strstr(r.err.buf, "has no examples"),
		  "%s", r.err.buf);
	e2e_result_release(&r);

	/* Over the built-in set, a weaker rule's example that github-token
	 * takes is named, and a replaced built-in rule is noted; neither
	 * fails. */
	PROCSIFT(&r, "rules", "check", "--rules", over, "--rules", a);
	E2E_EXPECT_STATUS(&r, 0, "rules check with overlaps");
	cr_assert(strstr(r.err.buf, "weak-github") &&
			  strstr(r.err.buf, "is reported as github-token (more "
					    "confident)"),
		  "%s", r.err.buf);
	e2e_result_release(&r);

	unlink(a);
	unlink(b);
	unlink(twice);
	unlink(bare);
	unlink(over);
	free(a);
	free(b);
	free(twice);
	free(bare);
	free(over);
}

Test(rules, list_columns_and_json)
{
	char *file = write_temp("rules:\n" TEAM_RULE("team-token"));
	struct e2e_result r;
	struct json_object *doc, *a, *rule = NULL;
	size_t i, n;

	PROCSIFT(&r, "rules", "list", "-n", "-o", "id,references,origin",
		 "--no-builtin-rules", "--rules", file);
	E2E_EXPECT_STATUS(&r, 0, "rules list -o");
	cr_assert(!strncmp(r.out.buf, "team-token", 10), "%s", r.out.buf);
	cr_assert(strstr(r.out.buf, "https://team.example/tokens") &&
			  strstr(r.out.buf, file),
		  "%s", r.out.buf);
	e2e_result_release(&r);

	/* Its own words: a backslash is shown as one. */
	PROCSIFT(&r, "rules", "list", "--no-builtin-rules", "--rules", file);
	cr_assert(strstr(r.out.buf, "Team token \\ internal"), "%s", r.out.buf);
	e2e_result_release(&r);
	PROCSIFT(&r, "rules", "list");
	cr_assert(strstr(r.out.buf, "also with literal \\n escapes"), "%s",
		  r.out.buf);
	cr_assert(!strstr(r.out.buf, "\\x5c"), "%s", r.out.buf);
	e2e_result_release(&r);

	PROCSIFT(&r, "rules", "list", "-o", "id,bogus");
	E2E_EXPECT_STATUS(&r, 2, "rules list -o bogus");
	e2e_result_release(&r);

	PROCSIFT(&r, "rules", "list", "--json", "--rules", file);
	E2E_EXPECT_STATUS(&r, 0, "rules list --json");
	e2e_validate("rules", &r.out);
	doc = e2e_json_parse(&r.out);
	a = e2e_json_get(doc, "rules");
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_array_get_idx(a, i);
		const char *id = json_object_get_string(e2e_json_get(o, "id"));
		if (!strcmp(id, "team-token"))
			rule = o;
	}
	cr_assert_not_null(rule);
	cr_assert_str_eq(json_object_get_string(json_object_array_get_idx(
				 e2e_json_get(rule, "references"), 0)),
			 "https://team.example/tokens");
	cr_assert_str_eq(json_object_get_string(e2e_json_get(rule, "regex")),
			 "\\bteam_[0-9]{8}\\b");
	json_object_put(doc);
	e2e_result_release(&r);
	unlink(file);
	free(file);
}
