/* The memory of a scheduled scan: which findings are new in a round, and
 * which keys a round's end forgets. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "model/findmemo.h"

/* A finding on the stack: its strings borrowed, never released. */
static struct finding mk(pid_t pid, unsigned long long start, const char *rule,
			 const char *where, const char *fp)
{
	struct finding f;
	memset(&f, 0, sizeof(f));
	f.kind = KIND_SECRET;
	f.judge = "env";
	f.rule = rule;
	f.pid = pid;
	f.start_ticks = start;
	f.where = (char *)where;
	f.message = (char *)"changes every round: not part of the key";
	if (fp) {
		f.has_fingerprint = true;
		snprintf(f.fingerprint, sizeof(f.fingerprint), "%s", fp);
	}
	return f;
}

Test(findmemo, each_part_of_the_key)
{
	struct findmemo *m = findmemo_new();
	struct finding f = mk(10, 500, "github-token", "env:T", "aaaaaaaaaaaa");
	struct finding g;
	findmemo_round_begin(m);
	cr_assert(findmemo_note(m, &f));
	/* Equal keys in one round: both new (neither was reported before). */
	cr_assert(findmemo_note(m, &f));
	cr_assert_eq(findmemo_round_end(m), 1);

	findmemo_round_begin(m);
	findmemo_saw(m, 10, 500);
	f.message = (char *)"another message";
	cr_assert_not(findmemo_note(m, &f), "same key: not new");
	g = mk(10, 501, "github-token", "env:T", "aaaaaaaaaaaa");
	cr_assert(findmemo_note(m, &g), "restarted process: new");
	g = mk(11, 500, "github-token", "env:T", "aaaaaaaaaaaa");
	cr_assert(findmemo_note(m, &g), "another pid: new");
	g = mk(10, 500, "other-rule", "env:T", "aaaaaaaaaaaa");
	cr_assert(findmemo_note(m, &g), "another rule: new");
	g = mk(10, 500, "github-token", "env:U", "aaaaaaaaaaaa");
	cr_assert(findmemo_note(m, &g), "another where: new");
	g = mk(10, 500, "github-token", "env:T", "bbbbbbbbbbbb");
	cr_assert(findmemo_note(m, &g), "another fingerprint: new");
	g = mk(10, 500, "github-token", "env:T", NULL);
	cr_assert(findmemo_note(m, &g), "no fingerprint: new");
	g = mk(10, 500, "github-token", NULL, "aaaaaaaaaaaa");
	cr_assert(findmemo_note(m, &g), "no where: new");
	g.judge = "argv";
	cr_assert(findmemo_note(m, &g), "another judge: new");
	cr_assert_eq(findmemo_round_end(m), 9);
	findmemo_free(m);
}

/* A key stays while its finding is reported or its process is seen, and
 * is forgotten (so new again) after a round with neither. */
Test(findmemo, forgets_what_is_gone)
{
	struct findmemo *m = findmemo_new();
	struct finding a = mk(10, 500, "r", "env:A", "aaaaaaaaaaaa");
	struct finding b = mk(20, 600, "r", "env:B", "bbbbbbbbbbbb");
	struct finding host = mk(0, 0, "apiserver-no-encryption", "flag", NULL);
	findmemo_round_begin(m);
	cr_assert(findmemo_note(m, &a));
	cr_assert(findmemo_note(m, &b));
	cr_assert(findmemo_note(m, &host));
	cr_assert_eq(findmemo_round_end(m), 3);

	/* a's process seen without a's finding (its environ unreadable
	 * this round); b's process gone; the host finding not found. */
	findmemo_round_begin(m);
	findmemo_saw(m, 10, 500);
	cr_assert_eq(findmemo_round_end(m), 1);

	findmemo_round_begin(m);
	findmemo_saw(m, 10, 500);
	findmemo_saw(m, 20, 600);
	cr_assert_not(findmemo_note(m, &a), "kept while its process is seen");
	cr_assert(findmemo_note(m, &b), "forgotten: new again");
	cr_assert(findmemo_note(m, &host), "forgotten: new again");
	cr_assert_eq(findmemo_round_end(m), 3);

	/* A finding reported is kept even when its process was not walked
	 * (a hidden pid, which readdir does not list). */
	findmemo_round_begin(m);
	cr_assert_not(findmemo_note(m, &b));
	cr_assert_not(findmemo_note(m, &host));
	cr_assert_eq(findmemo_round_end(m), 2);
	findmemo_free(m);
}

/* Many keys: the table grows and shrinks without losing one. */
Test(findmemo, many_keys)
{
	struct findmemo *m = findmemo_new();
	char where[32];
	int i, round;
	for (round = 0; round < 3; round++) {
		findmemo_round_begin(m);
		for (i = 0; i < 5000; i++) {
			struct finding f;
			/* Round 2 drops the odd ones; round 3 has them new. */
			if (round == 1 && i % 2)
				continue;
			snprintf(where, sizeof(where), "env:V%d", i);
			f = mk(1 + i % 7, 1, "r", where, NULL);
			cr_assert_eq(findmemo_note(m, &f),
				     round == 0 || (round == 2 && i % 2),
				     "round %d, key %d", round + 1, i);
		}
		cr_assert_eq(findmemo_round_end(m), round == 1 ? 2500 : 5000);
	}
	findmemo_free(m);
}
