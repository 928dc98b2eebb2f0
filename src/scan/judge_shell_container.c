/* shell-in-container: a shell with a terminal in a container, started by the
 * runtime or the container's entrypoint (Falco: Terminal shell in container),
 * as what is running now rather than an exec event: `kubectl exec -it`,
 * `docker exec -it`, `docker run -it` leave exactly this behind. */
#include "scan/judge.h"

#include <string.h>

#include "scan/commlist.h"
#include "scan/forensic.h"

#define ID "shell-in-container"

/* A shell in a container with a controlling terminal: the only ones whose
 * parent is worth reading. */
static bool candidate(const struct psnap *s)
{
	return psnap_has(s, FACET_STAT) && s->proc.container.id[0] &&
	       s->proc.tty_nr != 0 &&
	       commlist_match(commlist_shells, s->proc.comm);
}

static unsigned more(const struct psnap *s)
{
	return candidate(s) ? FACET_BIT(FACET_KIN) : 0;
}

/* Why the parent makes this shell the container's entrypoint or an
 * exec'ed process, or NULL when it does not (a shell started by another
 * process of the same container). */
static const char *parent_why(const struct psnap *s)
{
	const struct psnap_kin *p = &s->kin[0];
	if (commlist_match(commlist_runtimes, p->comm))
		return "parent is the runtime";
	/* The runtime's own process outside the container, whatever its
	 * name: containerd's shim, a kubelet-less runtime, an exec helper. */
	if (p->has_container && strcmp(p->container, s->proc.container.id))
		return "parent is outside the container";
	if (commlist_match(commlist_inits, p->comm))
		return "parent is the container's init";
	return NULL;
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	const struct psnap_kin *p;
	struct finding *f;
	const char *why;
	(void)c;
	/* Without the parent there is no telling an exec from a shell
	 * script's own child: the missing facet is counted, not guessed. */
	if (!candidate(s) || !psnap_has(s, FACET_KIN))
		return 0;
	/* The chain read, but no parent in it: gone, or its pid reused,
	 * between the two reads. A process that vanished is no error
	 * (snapread records none); the shell, reparented to the runtime's
	 * subreaper, shows at the next scan. */
	if (!s->nkin)
		return 0;
	why = parent_why(s);
	if (!why)
		return 0;
	p = &s->kin[0];
	/* An interactive shell is how an intruder works, and also how an
	 * administrator debugs: certain as a fact, not as intent. */
	f = forensic_finding(out, s, ID, ID, SEV_MEDIUM, CONF_HIGH,
			     "stat:tty_nr");
	finding_tag(f, "T1059.004");
	forensic_message(f, "terminal shell in a container (%s, parent %d)",
			 why, (int)p->pid);
	if (s->proc.tty)
		finding_fact_str(f, "tty", s->proc.tty, strlen(s->proc.tty));
	finding_fact_int(f, "tty_nr", s->proc.tty_nr);
	judge_fact_parent(f, p);
	if (p->has_container)
		finding_fact_str(f, "parent_container", p->container,
				 strlen(p->container));
	finding_fact_str(f, "why", why, strlen(why));
	return 0;
}

const struct judge judge_shell_container = {
	.id = ID,
	.kind = KIND_INDICATOR,
	.summary = "a shell with a terminal in a container, started by the "
		   "runtime or the container's entrypoint (Falco: Terminal "
		   "shell in container)",
	.facets = FACET_BIT(FACET_STAT) | FACET_BIT(FACET_CGROUP),
	.more = more,
	.judge = judge,
};
