/* exe: a process running from a memfd (fileless execution), from a file
 * since deleted or replaced, or from /tmp, /var/tmp or /dev/shm, as its
 * exe link shows. Three rules: exe-memfd, exe-deleted, exe-in-tmp. */
#include "scan/judge.h"

#include <string.h>

#include "scan/forensic.h"

#define JUDGE "exe"
#define MEMFD_PREFIX "/memfd:"

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct finding *f;
	const char *exe;
	size_t len;
	bool deleted, tmp, hidden;
	int show;
	(void)c;
	if (s->proc.kthread || !(exe = forensic_exe(s, &len, &deleted)))
		return 0;
	show = (int)(len > FORENSIC_FACT_MAX ? FORENSIC_FACT_MAX : len);
	/* A memfd is always unlinked: a live "/memfd:x" is a file in /. */
	if (deleted && forensic_prefix(exe, len, MEMFD_PREFIX)) {
		const char *name = exe + strlen(MEMFD_PREFIX);
		size_t nlen = len - strlen(MEMFD_PREFIX);
		f = forensic_finding(out, s, JUDGE, "exe-memfd", SEV_CRITICAL,
				     CONF_HIGH, "exe");
		forensic_message(f,
				 "runs from an anonymous memory file (memfd "
				 "'%.*s'): fileless execution",
				 (int)(nlen > 200 ? 200 : nlen), name);
		forensic_fact(f, "exe", exe, len);
		finding_fact_bool(f, "deleted", true);
		forensic_fact(f, "memfd_name", name, nlen);
		finding_tag(f, "T1620");
		return 0;
	}
	tmp = forensic_in_tmp(exe, len);
	hidden = forensic_hidden(exe, len);
	if (deleted) {
		/* An upgrade replaces a packaged binary under a daemon that
		 * keeps running: the link alone cannot tell that from a
		 * dropper deleted after its start, so the path decides. */
		enum severity sev = tmp || hidden		 ? SEV_HIGH
				    : forensic_sys_dir(exe, len) ? SEV_LOW
								 : SEV_MEDIUM;
		f = forensic_finding(out, s, JUDGE, "exe-deleted", sev,
				     sev == SEV_HIGH ? CONF_HIGH : CONF_MEDIUM,
				     "exe");
		forensic_message(f,
				 sev == SEV_LOW
					 ? "runs a deleted executable '%.*s' "
					   "(likely replaced by a package "
					   "upgrade)"
					 : "runs an executable deleted since "
					   "its start: '%.*s'",
				 show, exe);
		forensic_fact(f, "exe", exe, len);
		finding_fact_bool(f, "deleted", true);
		finding_fact_bool(f, "in_tmp", tmp);
		finding_fact_bool(f, "hidden", hidden);
		finding_tag(f, "T1070.004");
	}
	if (tmp) {
		f = forensic_finding(out, s, JUDGE, "exe-in-tmp", SEV_HIGH,
				     CONF_MEDIUM, "exe");
		forensic_message(f,
				 "runs an executable from a world-writable "
				 "temporary directory: '%.*s'",
				 show, exe);
		forensic_fact(f, "exe", exe, len);
		finding_fact_bool(f, "deleted", deleted);
	}
	return 0;
}

const struct judge judge_exe = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "an executable that is deleted, a memfd (fileless), or in "
		   "/tmp, /dev/shm or /var/tmp",
	.facets = FACET_BIT(FACET_EXE),
	.judge = judge,
};
