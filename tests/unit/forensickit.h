/* Shared by the forensic judges' unit tests (test_judge_forensic.c,
 * test_judge_forensic_proc.c): one snapshot and one findings list per
 * test, a judge run by id, and assertions on findings and facts.
 * Header-only (each test is one binary). */
#ifndef TESTS_UNIT_FORENSICKIT_H
#define TESTS_UNIT_FORENSICKIT_H

#include "unit/snapkit.h"

static struct judge_ctx jc;
static struct psnap s;
static struct findings l;

static inline void setup(void)
{
	memset(&jc, 0, sizeof(jc));
	memset(&l, 0, sizeof(l));
	snapkit_init(&s, 4242, "app");
}

static inline void teardown(void)
{
	findings_release(&l);
	psnap_release(&s);
}

static inline void run(const char *id)
{
	const struct judge *j = judge_find(id, strlen(id));
	cr_assert(j, "no judge %s", id);
	cr_assert_eq(snapkit_run(j, &jc, &s, &l), 0);
}

/* The one finding of rule, with its severity. */
static inline const struct finding *one(const char *rule, enum severity sev)
{
	const struct finding *f = snapkit_find(&l, rule);
	cr_assert(f, "no %s finding (%zu others)", rule, l.n);
	cr_assert_eq(f->severity, sev, "%s: severity %s, want %s", rule,
		     severity_name(f->severity), severity_name(sev));
	cr_assert_eq(f->kind, KIND_INDICATOR);
	cr_assert_eq(f->pid, 4242);
	cr_assert(f->message && *f->message);
	return f;
}

static inline const char *str_fact(const struct finding *f, const char *key)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x && x->type == FACT_STR, "no string fact %s", key);
	return x->str;
}

static inline long long num_fact(const struct finding *f, const char *key)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x && x->type != FACT_STR, "no number fact %s", key);
	return x->num;
}

static inline void none(const char *what)
{
	cr_assert_eq(l.n, 0, "%s: %zu findings, first %s (%s)", what, l.n,
		     l.n ? l.f[0].rule : "", l.n ? l.f[0].message : "");
}

#define ENV(lit) snapkit_env(&s, lit, sizeof(lit) - 1)

#endif
