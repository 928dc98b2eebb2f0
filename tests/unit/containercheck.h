/* What the container and lineage judges' unit tests share: the judges,
 * a judge context with a host reference (pid, net and ipc namespaces),
 * and checks of one finding and its facts. Header-only: each test file
 * is one binary. */
#ifndef TESTS_UNIT_CONTAINERCHECK_H
#define TESTS_UNIT_CONTAINERCHECK_H

#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "model/nstab.h"
#include "proc/net.h"
#include "scan/commlist.h"
#include "scan/judge.h"
#include "scan/rules.h"
#include "util/redact.h"
#include "unit/builtin_rules.h"
#include "unit/snapkit.h"

extern const struct judge judge_shell_container;
extern const struct judge judge_pkgmgr;
extern const struct judge judge_unexpected_child;
extern const struct judge judge_privileged;
extern const struct judge judge_stdio_socket;

static struct ruleset rs;
static struct redactor red;
static struct host_ref href;
static struct judge_ctx jc;

static inline void setup(void)
{
	builtin_ruleset(&rs);
	cr_assert_eq(redactor_init_hex(&red, "00112233445566778899", false), 0);
	memset(&href, 0, sizeof(href));
	href.ns[NS_PID] = 4026531836;
	href.ns[NS_NET] = 4026531840;
	href.ns[NS_IPC] = 4026531839;
	href.hz = 100;
	jc = (struct judge_ctx){.rules = &rs, .red = &red, .host = &href};
}

static inline void teardown(void)
{
	ruleset_release(&rs);
}

/* The one finding judge j makes of s (failing unless exactly one). */
static inline const struct finding *
one(const struct judge *j, const struct psnap *s, struct findings *l)
{
	cr_assert_eq(snapkit_run(j, &jc, s, l), 0);
	cr_assert_eq(l->n, 1, "%s: %zu findings, want 1", j->id, l->n);
	cr_assert_str_eq(l->f[0].judge, j->id);
	cr_assert_eq(l->f[0].kind, KIND_INDICATOR);
	cr_assert_eq(l->f[0].pid, s->proc.pid);
	cr_assert_null(l->f[0].evidence);
	return &l->f[0];
}

static inline void none(const struct judge *j, const struct psnap *s)
{
	struct findings l = {0};
	snapkit_run(j, &jc, s, &l);
	cr_assert_eq(l.n, 0, "%s: unexpected finding: %s", j->id,
		     l.n ? l.f[0].message : "");
	findings_release(&l);
}

static inline void fact_str(const struct finding *f, const char *key,
			    const char *want)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x, "no fact %s", key);
	cr_assert_eq(x->type, FACT_STR, "%s", key);
	cr_assert_str_eq(x->str, want, "%s", key);
}

static inline void fact_int(const struct finding *f, const char *key,
			    long long v)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x, "no fact %s", key);
	cr_assert_eq(x->num, v, "%s: %lld, want %lld", key, x->num, v);
}

static inline bool has_tag(const struct finding *f, const char *tag)
{
	size_t i;
	for (i = 0; i < f->ntags; i++)
		if (!strcmp(f->tags[i], tag))
			return true;
	return false;
}

#endif
