/* libFuzzer: the YAML rule loader. The input is a rule file: it loads
 * whole or not at all (the rule count and the message say which), then
 * the set is finished, matched against fixed text and an environment
 * variable, checked against its own examples, and released. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

static const char text[] =
	"export GITHUB_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n"
	"DATABASE_URL=postgres://app:s3cr3t-pw@db:5432/app token abcdef."
	"0123456789abcdef -----BEGIN PRIVATE KEY-----\nMIIE\n"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab \xff\x00 "
	"eyJhbGciOi.eyJzdWIi";

struct tally {
	size_t n;
	const struct ruleset *rs;
};

static void on_match(const struct rule_match *m, void *arg)
{
	struct tally *t = arg;
	CHECK(m->rule >= t->rs->r && m->rule < t->rs->r + t->rs->n);
	t->n++;
}

/* The secret must lie inside the subject. */
static const char *subj;
static size_t subj_len;

static void in_subject(const struct rule_match *m, void *arg)
{
	on_match(m, arg);
	CHECK(m->secret >= subj && m->secret + m->len <= subj + subj_len);
}

static void report(const struct rule *r, const char *ex, bool expected,
		   void *arg)
{
	(void)r;
	(void)ex;
	(void)expected;
	(*(size_t *)arg)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset rs;
	struct tally t = {0, &rs};
	char err[512];
	size_t i, bad = 0, n;
	int r;

	ruleset_init(&rs);
	err[0] = '\0';
	r = ruleset_load(&rs, (const char *)data, size, "fuzz.yaml", err,
			 sizeof(err));
	CHECK(r == 0 || (r < 0 && !rs.n && !strncmp(err, "fuzz.yaml:", 10)));
	if (r) {
		ruleset_release(&rs);
		return 0;
	}
	/* Loading it again overrides every rule by id: same count. */
	n = rs.n;
	CHECK(!ruleset_load(&rs, (const char *)data, size, "again.yaml", err,
			    sizeof(err)));
	CHECK(rs.n == n);
	for (i = 0; i < rs.n; i++) {
		CHECK(rs.r[i].id && rs.r[i].regex && rs.r[i].targets);
		CHECK(!strncmp(rs.r[i].origin, "again.yaml:", 11));
		CHECK(ruleset_find(&rs, rs.r[i].id) == &rs.r[i]);
	}
	ruleset_finish(&rs);
	subj = text;
	subj_len = sizeof(text) - 1;
	ruleset_match_text(&rs, TARGET_TEXT, text, sizeof(text) - 1, in_subject,
			   &t, NULL);
	ruleset_match_text(&rs, TARGET_K8S_SECRET, text, sizeof(text) - 1,
			   in_subject, &t, NULL);
	subj = text + 13;
	subj_len = 40;
	ruleset_match_env(&rs, "GITHUB_TOKEN", 12, subj, subj_len, in_subject,
			  &t, NULL);
	n = 0;
	for (i = 0; i < rs.n; i++)
		n += rs.r[i].nexamples + rs.r[i].nnegatives;
	/* One failure at most per example, and one per rule without any. */
	CHECK(ruleset_check(&rs, report, &bad) == bad && bad <= n + rs.n);
	ruleset_release(&rs);
	return 0;
}
