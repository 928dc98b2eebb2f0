/* privileged-container: a container process with full capabilities,
 * CAP_SYS_ADMIN, no seccomp and no LSM, or the host's pid, net or ipc
 * namespace: what `privileged: true`, added capabilities, seccomp and
 * AppArmor "Unconfined", hostPID, hostNetwork and hostIPC leave in /proc.
 * Each is a step of a known escape to the host. */
#include "scan/judge.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

#define ID "privileged-container"

#define CAP_SYS_ADMIN_BIT 21
/* The capabilities every kernel since 3.16 has (through CAP_AUDIT_READ):
 * a bounding set holding all of them and nothing missing below its top
 * is the full set, whether the kernel has 38 capabilities or 41. */
#define CAPS_SINCE_3_16 38

/* Whether bnd holds every capability: bits 0..n-1 all set, none above,
 * n at least CAPS_SINCE_3_16. Judged from the set itself (not from the
 * capabilities procsift was built to know): a runtime older than the
 * kernel that sets every capability it knows gives a shorter full set,
 * and a runtime that drops any one leaves a gap. */
static bool full_caps(uint64_t bnd)
{
	return (bnd & (bnd + 1)) == 0 &&
	       bnd >= (((uint64_t)1 << CAPS_SINCE_3_16) - 1);
}

/* Whether an LSM label confines nothing: AppArmor's "unconfined" or a
 * profile in complain mode (it logs, never denies), or an SELinux type
 * that is unconfined by policy (spc_t is the one container runtimes give
 * privileged containers). */
static bool label_unconfined(const char *l)
{
	static const char *const types[] = {
		"unconfined_t", "spc_t",    "unconfined_service_t",
		"kernel_t",	"initrc_t", NULL,
	};
	const char *t, *e;
	size_t i, n = strlen(l);
	if (!strcmp(l, "unconfined"))
		return true;
	if (n > 11 && !strcmp(l + n - 11, " (complain)"))
		return true;
	/* user:role:type:level */
	t = strchr(l, ':');
	t = t ? strchr(t + 1, ':') : NULL;
	if (!t)
		return false;
	t++;
	e = strchr(t, ':');
	n = e ? (size_t)(e - t) : strlen(t);
	for (i = 0; types[i]; i++)
		if (strlen(types[i]) == n && !memcmp(t, types[i], n))
			return true;
	return false;
}

static unsigned more(const struct psnap *s)
{
	if (!psnap_has(s, FACET_STAT) || !s->proc.container.id[0])
		return 0;
	return FACET_BIT(FACET_STATUS) | FACET_BIT(FACET_NS) |
	       FACET_BIT(FACET_LSM);
}

/* Whether s shares the host's namespace k (both known). */
static bool host_ns(const struct judge_ctx *c, const struct psnap *s,
		    enum ns_kind k)
{
	return c->host && psnap_has(s, FACET_NS) && c->host->ns[k] &&
	       s->ns[k] == c->host->ns[k];
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	const struct proc_status *st = &s->status;
	bool caps_known, full = false, admin = false, nosec = false;
	bool hpid, hnet, hipc;
	struct strbuf sb = STRBUF_INIT;
	const char *where = NULL, *sep = "";
	struct finding *f;
	if (!psnap_has(s, FACET_STAT) || !s->proc.container.id[0])
		return 0;
	caps_known = psnap_has(s, FACET_STATUS) && st->has_caps;
	if (caps_known) {
		full = full_caps(st->cap_bnd);
		admin = (st->cap_eff >> CAP_SYS_ADMIN_BIT) & 1;
	}
	/* No LSM label at all (none active: EINVAL) counts as unconfined;
	 * a label that could not be read does not. */
	if (psnap_has(s, FACET_STATUS) && st->has_seccomp && st->seccomp == 0 &&
	    psnap_has(s, FACET_LSM))
		nosec = !s->lsm || label_unconfined(s->lsm);
	hpid = host_ns(c, s, NS_PID);
	hnet = host_ns(c, s, NS_NET);
	hipc = host_ns(c, s, NS_IPC);
	if (!full && !admin && !nosec && !hpid && !hnet && !hipc)
		return 0;
	f = findings_add(out);
	judge_fill_proc(f, s);
	f->kind = KIND_INDICATOR;
	f->rule = ID;
	f->judge = ID;
	/* Capabilities or the host's pid or ipc namespace are an escape a
	 * command away. The host's network alone exposes the host's
	 * interfaces and loopback services, but gives no way onto the host
	 * by itself, and every kubeadm static pod (etcd, the apiserver, their
	 * pause containers) runs so; no seccomp and no LSM alone widen the
	 * kernel surface only. */
	f->severity = full || admin || hpid || hipc ? SEV_HIGH : SEV_MEDIUM;
	/* The host's namespaces from procsift's own when pid 1's could not
	 * be read: right only when procsift runs on the host. */
	f->confidence = (hpid || hnet || hipc) && c->host->ns_from_self &&
					!full && !admin
				? CONF_MEDIUM
				: CONF_HIGH;
	strbuf_addstr(&sb, "privileged container process:");
	if (full) {
		strbuf_addstr(&sb, " every capability");
		sep = ",";
		where = "status:CapBnd";
	}
	if (admin) {
		strbuf_addf(&sb, "%s CAP_SYS_ADMIN", sep);
		sep = ",";
		where = where ? where : "status:CapEff";
	}
	if (hpid || hnet || hipc) {
		strbuf_addf(&sb, "%s the host's%s%s%s namespace", sep,
			    hpid ? " pid" : "", hnet ? " net" : "",
			    hipc ? " ipc" : "");
		sep = ",";
		where = where  ? where
			: hpid ? "ns:pid"
			: hnet ? "ns:net"
			       : "ns:ipc";
	}
	if (nosec) {
		strbuf_addf(&sb, "%s no seccomp filter and no LSM confinement",
			    sep);
		where = where ? where : "status:Seccomp";
	}
	f->where = xstrdup(where);
	f->message = strbuf_detach(&sb, NULL);
	if (caps_known) {
		finding_fact_bool(f, "full_caps", full);
		finding_fact_bool(f, "cap_sys_admin", admin);
	}
	finding_fact_bool(f, "no_seccomp_no_lsm", nosec);
	if (nosec && s->lsm)
		finding_fact_str(f, "lsm", s->lsm, strlen(s->lsm));
	finding_fact_bool(f, "host_pid", hpid);
	finding_fact_bool(f, "host_net", hnet);
	finding_fact_bool(f, "host_ipc", hipc);
	if ((hpid || hnet || hipc) && c->host->ns_from_self)
		finding_fact_bool(f, "host_ns_from_self", true);
	if (hnet && f->severity == SEV_MEDIUM) {
		static const char why[] =
			"the host's network alone: its interfaces and "
			"loopback services are reachable, but no capability "
			"or host pid or ipc namespace leads onto the host "
			"(hostNetwork pods: kubeadm's static pods, CNI agents)";
		finding_fact_str(f, "reason", why, sizeof(why) - 1);
	}
	finding_tag(f, "T1611");
	return 0;
}

const struct judge judge_privileged = {
	.id = ID,
	.kind = KIND_INDICATOR,
	.summary =
		"a container process with full capabilities, CAP_SYS_ADMIN, no "
		"seccomp and no LSM, or the host's pid, net or ipc namespace",
	.facets = FACET_BIT(FACET_STAT) | FACET_BIT(FACET_CGROUP),
	.more = more,
	.judge = judge,
};
