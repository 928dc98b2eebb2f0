/* package-manager-in-container: a package manager running in a container
 * without a package-manager ancestor (Falco: Launch Package Management
 * Process in Container). A container is built from an image: software
 * installed into a running one is drift, and often an intruder's tools. */
#include "scan/judge.h"

#include <string.h>

#include "scan/commlist.h"
#include "scan/forensic.h"
#include "util/strbuf.h"

#define ID "package-manager-in-container"

/* Falco's package_mgmt_ancestor_procs: the parent and ancestors 2..4. */
#define ANCESTORS 4

static bool candidate(const struct psnap *s)
{
	return psnap_has(s, FACET_STAT) && s->proc.container.id[0] &&
	       commlist_match(commlist_pkgmgrs, s->proc.comm);
}

static unsigned more(const struct psnap *s)
{
	return candidate(s) ? FACET_BIT(FACET_KIN) : 0;
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct finding *f;
	size_t i, n;
	bool unknown;
	(void)c;
	/* Without the chain, apt's own dpkg could not be told apart. */
	if (!candidate(s) || !psnap_has(s, FACET_KIN))
		return 0;
	n = s->nkin < ANCESTORS ? s->nkin : ANCESTORS;
	/* The chain read, but no parent in it: gone, or its pid reused,
	 * between the two reads (an orphan is reparented, so this is a
	 * race, not a steady state, and a vanished process is no error).
	 * A package manager is in a container either way: reported, less
	 * sure, and said. */
	unknown = !s->nkin && s->proc.ppid > 0;
	/* One finding for the outermost package manager: apt, not the dpkg
	 * it runs. */
	for (i = 0; i < n; i++)
		if (commlist_match(commlist_pkgmgrs, s->kin[i].comm))
			return 0;
	/* Drift in a container that should be immutable; an image's own
	 * start script installing at run time is the usual innocent case. */
	f = forensic_finding(out, s, ID, ID, SEV_MEDIUM,
			     unknown ? CONF_LOW : CONF_HIGH, "stat:comm");
	/* Falco tags the rule Persistence, T1505. */
	finding_tag(f, "T1505");
	strbuf_addf(&sb, "package manager %s running in a container",
		    s->proc.comm);
	if (n)
		strbuf_addf(&sb, " (parent %s, %d)", s->kin[0].comm,
			    (int)s->kin[0].pid);
	if (unknown)
		strbuf_addf(&sb,
			    " (parent %d gone or its pid reused: no "
			    "ancestor checked)",
			    (int)s->proc.ppid);
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_int(f, "ancestors_checked", (long long)n);
	if (unknown) {
		finding_fact_bool(f, "ancestors_unknown", true);
		finding_fact_int(f, "parent_pid", s->proc.ppid);
	}
	if (n)
		judge_fact_parent(f, &s->kin[0]);
	return 0;
}

const struct judge judge_pkgmgr = {
	.id = ID,
	.kind = KIND_INDICATOR,
	.summary = "a package manager running in a container without a "
		   "package-manager ancestor (Falco: Launch Package Management "
		   "Process in Container)",
	.facets = FACET_BIT(FACET_STAT) | FACET_BIT(FACET_CGROUP),
	.more = more,
	.judge = judge,
};
