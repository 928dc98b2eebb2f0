/* What the control-plane posture judges (apiserver-posture, etcd-posture,
 * kubelet-posture) share: a finding about one control-plane process, the
 * flags read as the Go flag packages read them, and the finding for a
 * file a flag names that could not be used. */
#ifndef SCAN_POSTURE_H
#define SCAN_POSTURE_H

#include <stdbool.h>

#include "model/finding.h"
#include "model/host.h"

/* A new posture finding of judge about c (pid, comm, container), where
 * and message copied (message printf-style). Owned by out. */
struct finding *posture_add(struct findings *out, const char *judge,
			    const char *rule, const struct host_ctlproc *c,
			    enum severity sev, const char *where,
			    const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* A boolean flag's value as Go's strconv.ParseBool reads it ("1", "t",
 * "true", "TRUE"... and the false forms): 1 or 0; -1 when the flag is not
 * given, -2 when its value is not a boolean. */
int posture_flag_bool(const struct host_ctlproc *c, const char *flag);

/* The file of c that flag named, or NULL when none was looked at. */
const struct host_file *posture_file(const struct host_ctlproc *c,
				     const char *flag);

/* "could not read PATH (--FLAG): WHY" (medium) for a file that could not
 * be read (f->err) or, with why set, that could not be used (parse).
 * rule is the judge's sub-rule id. */
void posture_unusable(struct findings *out, const char *judge, const char *rule,
		      const struct host_ctlproc *c, const struct host_file *f,
		      const char *why);

/* When h left out processes of comp past its cap (HOST_CTL_PER_COMP):
 * one medium finding, rule "<component>-left-out" ("etcd-left-out"),
 * about no process, saying how many were not judged. */
void posture_left_out(struct findings *out, const char *judge,
		      const struct host_view *h, enum ctl_component comp);

/* A host judge's walk: one(out, c) for each collected process of comp,
 * then the finding for those left out (posture_left_out). */
void posture_each(struct findings *out, const char *judge,
		  const struct host_view *h, enum ctl_component comp,
		  void (*one)(struct findings *out,
			      const struct host_ctlproc *c));

/* Defines `static int fn(...)`, the judge_host (scan/judge.h) of a posture
 * judge: posture_each(out, judge, h, comp, one), then 0. The file using
 * it includes scan/judge.h. */
#define POSTURE_JUDGE_HOST(fn, judge, comp, one)                              \
	static int fn(const struct judge_ctx *c_, const struct host_view *h_, \
		      struct findings *out_, char *err_, size_t errlen_)      \
	{                                                                     \
		(void)c_;                                                     \
		(void)err_;                                                   \
		(void)errlen_;                                                \
		posture_each(out_, judge, h_, comp, one);                     \
		return 0;                                                     \
	}

/* Facts mode ("0640"), uid and gid of a file that was stat'ed. */
void posture_fact_mode(struct finding *f, const struct host_file *hf);

/* The apiserver-posture rules that say Secrets are written to etcd in
 * plaintext (the scan summary links them to etcd's plaintext Secrets). */
#define POSTURE_RULE_NO_ENCRYPTION "apiserver-no-encryption"
#define POSTURE_RULE_ENC_IDENTITY "apiserver-encryption-identity"
#define POSTURE_RULE_ENC_NO_SECRETS "apiserver-encryption-no-secrets"
/* Whether f is one of them. */
bool posture_writes_plaintext(const struct finding *f);

/* Whether a URL's host is the loopback ("localhost", 127.x, [::1]). */
bool posture_url_loopback(const char *url, size_t len);

#endif
