/* The finding store: what goes in comes back, field for field, in the
 * display order; bodies shared by processes stay apart where they differ. */
#include <criterion/criterion.h>
#include <string.h>

#include "model/findstore.h"
#include "render/finding_view.h"
#include "util/xalloc.h"

static const char rule_a[] = "rule-a", rule_b[] = "rule-b", judge[] = "env";

static void fill(struct finding *f, pid_t pid, const char *rule,
		 const char *where, enum severity sev, const char *fp)
{
	memset(f, 0, sizeof(*f));
	f->kind = KIND_SECRET;
	f->rule = rule;
	f->judge = judge;
	f->severity = sev;
	f->confidence = CONF_HIGH;
	f->pid = pid;
	f->start_ticks = 1000ULL + (unsigned long long)pid;
	f->comm = xstrdup(pid % 2 ? "worker" : "leader");
	f->container = pid > 100 ? xstrdup("abc123") : NULL;
	f->where = xstrdup(where);
	f->message = xstrdup("a secret");
	if (fp) {
		f->evidence = xstrdup("ghp_…");
		f->secret_len = 40;
		f->has_fingerprint = true;
		memcpy(f->fingerprint, fp, FINGERPRINT_LEN);
		f->fingerprint[FINGERPRINT_LEN] = '\0';
	}
}

Test(findstore, round_trip_and_sort)
{
	struct findstore *s = findstore_new();
	struct finding f, g;
	size_t i;
	/* Many processes share one body and each has one of its own (more
	 * than a chunk of each); one finding has facts. */
	for (i = 1; i <= 5000; i++) {
		char fp[FINGERPRINT_LEN + 1];
		fill(&f, (pid_t)(5001 - i), rule_a, "env:TOKEN", SEV_MEDIUM,
		     "0123456789ab");
		findstore_add(s, &f);
		snprintf(fp, sizeof(fp), "ba98765%05zu", 5001 - i);
		fill(&f, (pid_t)(5001 - i), rule_b, "env:PASS", SEV_HIGH, fp);
		findstore_add(s, &f);
	}
	fill(&f, 7, rule_b, "argv[2]", SEV_LOW, NULL);
	finding_fact_str(&f, "option", "--password", 10);
	finding_fact_int(&f, "index", 2);
	finding_tag(&f, "T1552.001");
	findstore_add(s, &f);
	cr_assert_eq(findstore_count(s), 10001);
	findstore_sort(s);
	/* Most severe first, then by pid. */
	findstore_get(s, 0, &g);
	cr_assert_eq(g.severity, SEV_HIGH);
	cr_assert_eq(g.pid, 1);
	cr_assert_eq(g.start_ticks, 1001);
	cr_assert_str_eq(g.comm, "worker");
	cr_assert_null(g.container);
	cr_assert_str_eq(g.where, "env:PASS");
	cr_assert_eq(g.rule, rule_b);
	cr_assert_eq(g.judge, judge);
	cr_assert(g.has_fingerprint);
	cr_assert_str_eq(g.fingerprint, "ba9876500001");
	cr_assert_str_eq(g.evidence, "ghp_…");
	cr_assert_eq(g.secret_len, 40);
	findstore_get(s, 4999, &g);
	cr_assert_eq(g.pid, 5000);
	cr_assert_str_eq(g.fingerprint, "ba9876505000");
	cr_assert_str_eq(g.comm, "leader");
	cr_assert_str_eq(g.container, "abc123");
	findstore_get(s, 5000, &g);
	cr_assert_eq(g.severity, SEV_MEDIUM);
	cr_assert_eq(g.pid, 1);
	cr_assert_str_eq(g.fingerprint, "0123456789ab");
	cr_assert_eq(g.rule, rule_a);
	findstore_get(s, 10000, &g);
	cr_assert_eq(g.severity, SEV_LOW);
	cr_assert_eq(g.pid, 7);
	cr_assert_not(g.has_fingerprint);
	cr_assert_null(g.evidence);
	cr_assert_eq(g.nfacts, 2);
	cr_assert_str_eq(g.facts[0].key, "option");
	cr_assert_str_eq(g.facts[0].str, "--password");
	cr_assert_eq(g.facts[1].num, 2);
	cr_assert_eq(g.ntags, 1);
	cr_assert_str_eq(g.tags[0], "T1552.001");
	findstore_free(s);
}

/* Equal but for one field: two bodies, each finding keeps its own. */
Test(findstore, bodies_differ_by_any_field)
{
	struct findstore *s = findstore_new();
	struct finding f, g;
	fill(&f, 5, rule_a, "env:X", SEV_MEDIUM, "0123456789ab");
	findstore_add(s, &f);
	fill(&f, 6, rule_a, "env:X", SEV_MEDIUM, "0123456789ac");
	findstore_add(s, &f);
	fill(&f, 7, rule_a, "env:X", SEV_MEDIUM, "0123456789ab");
	f.confidence = CONF_LOW;
	findstore_add(s, &f);
	fill(&f, 8, rule_a, "env:X", SEV_MEDIUM, "0123456789ab");
	f.secret_len = 41;
	findstore_add(s, &f);
	findstore_get(s, 0, &g);
	cr_assert_str_eq(g.fingerprint, "0123456789ab");
	findstore_get(s, 1, &g);
	cr_assert_str_eq(g.fingerprint, "0123456789ac");
	findstore_get(s, 2, &g);
	cr_assert_eq(g.confidence, CONF_LOW);
	cr_assert_eq(g.secret_len, 40);
	findstore_get(s, 3, &g);
	cr_assert_eq(g.confidence, CONF_HIGH);
	cr_assert_eq(g.secret_len, 41);
	findstore_free(s);
}

/* A pid seen again with another start time is another process. */
Test(findstore, reused_pid)
{
	struct findstore *s = findstore_new();
	struct finding f, g;
	fill(&f, 5, rule_a, "env:X", SEV_MEDIUM, NULL);
	findstore_add(s, &f);
	fill(&f, 5, rule_a, "env:X", SEV_MEDIUM, NULL);
	f.start_ticks = 99;
	findstore_add(s, &f);
	findstore_get(s, 0, &g);
	cr_assert_eq(g.start_ticks, 1005);
	findstore_get(s, 1, &g);
	cr_assert_eq(g.start_ticks, 99);
	findstore_free(s);
}

/* Sorting drops the table that interns bodies; adding again rebuilds it,
 * and the order is the adding order until the next sort. */
Test(findstore, add_after_sort)
{
	struct findstore *s = findstore_new();
	struct finding f, g;
	fill(&f, 9, rule_a, "env:X", SEV_LOW, "0123456789ab");
	findstore_add(s, &f);
	fill(&f, 8, rule_a, "env:X", SEV_LOW, NULL);
	finding_tag(&f, "T1552");
	findstore_add(s, &f);
	findstore_sort(s);
	findstore_get(s, 0, &g);
	cr_assert_eq(g.pid, 8);
	fill(&f, 3, rule_a, "env:X", SEV_LOW, "0123456789ab");
	findstore_add(s, &f);
	fill(&f, 2, rule_b, "env:Y", SEV_HIGH, NULL);
	findstore_add(s, &f);
	cr_assert_eq(findstore_count(s), 4);
	findstore_get(s, 2, &g);
	cr_assert_eq(g.pid, 3);
	cr_assert_str_eq(g.fingerprint, "0123456789ab");
	findstore_sort(s);
	findstore_get(s, 0, &g);
	cr_assert_eq(g.pid, 2);
	cr_assert_eq(g.rule, rule_b);
	findstore_get(s, 1, &g);
	cr_assert_eq(g.pid, 3);
	findstore_get(s, 2, &g);
	cr_assert_eq(g.pid, 8);
	cr_assert_eq(g.ntags, 1);
	findstore_free(s);
}

/* A grouped row names each different command of its members once, and
 * marks the rest, rather than one process's command for all. */
Test(findstore, grouped_row_names_every_command)
{
	static const char *const comms[] = {"curl", "mysql", "curl", "psql"};
	struct findstore *s = findstore_new();
	struct finding_list l;
	struct finding f;
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&out, &len);
	for (i = 0; i < 4; i++) {
		fill(&f, (pid_t)(10 + i), rule_a, "env:TOKEN", SEV_HIGH,
		     "0123456789ab");
		free(f.comm);
		f.comm = xstrdup(comms[i]);
		findstore_add(s, &f);
	}
	fill(&f, 20, rule_a, "env:OTHER", SEV_HIGH, "0123456789ab");
	findstore_add(s, &f);
	fill(&f, 22, rule_a, "env:OTHER", SEV_HIGH, "0123456789ab");
	findstore_add(s, &f);
	findstore_sort(s);
	l = finding_list_of_store(s);
	{
		struct finding_text_opts o = {.fp = fp,
					      .group = true,
					      .noheadings = true,
					      .sel = finding_cols_default,
					      .nsel = FINDING_NCOLS};
		cr_assert_eq(findings_print_text(&o, &l), 0);
	}
	fclose(fp);
	cr_assert(strstr(out, "10,11,12 (+1) curl,mysql (+more)"), "%s", out);
	/* Same command in every member: just that. */
	cr_assert(strstr(out, "20,22 leader "), "%s", out);
	free(out);
	findstore_free(s);
}

/* The offsets of procsift's own marks in where come back with it, and two
 * findings that differ only in them keep bodies of their own. */
Test(findstore, where_marks_round_trip)
{
	struct findstore *s = findstore_new();
	struct finding f, g;
	fill(&f, 3, rule_a, "env:C[ghp_….k…]", SEV_HIGH, "0123456789ab");
	redact_marks_add(&f.where_marks, 10);
	redact_marks_add(&f.where_marks, 15);
	findstore_add(s, &f);
	fill(&f, 3, rule_a, "env:C[ghp_….k…]", SEV_HIGH, "0123456789ab");
	redact_marks_add(&f.where_marks, 10);
	findstore_add(s, &f);
	findstore_get(s, 0, &g);
	cr_assert_eq(g.where_marks.n, 2);
	cr_assert_eq(g.where_marks.off[0], 10);
	cr_assert_eq(g.where_marks.off[1], 15);
	findstore_get(s, 1, &g);
	cr_assert_eq(g.where_marks.n, 1);
	cr_assert_eq(g.where_marks.off[0], 10);
	findstore_free(s);
}
