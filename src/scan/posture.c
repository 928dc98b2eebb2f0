/* Helpers of the control-plane posture judges (see posture.h). */
#include "scan/posture.h"

#include <stdarg.h>
#include <string.h>

#include "scan/judge.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct finding *posture_add(struct findings *out, const char *judge,
			    const char *rule, const struct host_ctlproc *c,
			    enum severity sev, const char *where,
			    const char *fmt, ...)
{
	struct finding *f = findings_add(out);
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	f->kind = KIND_POSTURE;
	f->judge = judge;
	f->rule = rule;
	f->severity = sev;
	/* Read from the process's own flags and files: what it runs with,
	 * unless a file changed since it started. */
	f->confidence = CONF_HIGH;
	judge_fill_host_proc(f, c->pid, c->start_ticks, c->comm, c->container,
			     c->pod_uid);
	f->where = xstrdup(where);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	f->message = strbuf_detach(&sb, NULL);
	return f;
}

int posture_flag_bool(const struct host_ctlproc *c, const char *flag)
{
	static const char *const t[] = {"1",	"t",	"T", "true",
					"TRUE", "True", NULL};
	static const char *const f[] = {"0",	 "f",	  "F", "false",
					"FALSE", "False", NULL};
	const char *v = ctl_flag(c, flag);
	size_t i;
	if (!v)
		return -1;
	for (i = 0; t[i]; i++)
		if (!strcmp(v, t[i]))
			return 1;
	for (i = 0; f[i]; i++)
		if (!strcmp(v, f[i]))
			return 0;
	return -2;
}

const struct host_file *posture_file(const struct host_ctlproc *c,
				     const char *flag)
{
	size_t i;
	for (i = 0; i < c->nfiles; i++)
		if (c->files[i].what && !strcmp(c->files[i].what, flag))
			return &c->files[i];
	return NULL;
}

void posture_unusable(struct findings *out, const char *judge, const char *rule,
		      const struct host_ctlproc *c, const struct host_file *f,
		      const char *why)
{
	struct strbuf where = STRBUF_INIT;
	struct finding *g;
	const char *reason = why ? why : f->why ? f->why : strerror(f->err);
	strbuf_addf(&where, "file:%s", f->path);
	g = posture_add(out, judge, rule, c, SEV_MEDIUM, where.buf,
			"could not %s %s (--%s): %s: not judged",
			why ? "use" : "read", f->path, f->what, reason);
	strbuf_release(&where);
	finding_fact_str(g, "path", f->path, strlen(f->path));
	finding_fact_str(g, "flag", f->what, strlen(f->what));
	finding_fact_str(g, "error", reason, strlen(reason));
	if (f->err)
		finding_fact_int(g, "errno", f->err);
	if (f->has_stat)
		posture_fact_mode(g, f);
}

void posture_left_out(struct findings *out, const char *judge,
		      const struct host_view *h, enum ctl_component comp)
{
	static const char *const rules[CTL__COUNT] = {
		[CTL_APISERVER] = "apiserver-left-out",
		[CTL_ETCD] = "etcd-left-out",
		[CTL_KUBELET] = "kubelet-left-out",
	};
	const char *name = ctl_component_name(comp);
	struct strbuf sb = STRBUF_INIT;
	struct finding *f;
	size_t n = (unsigned)comp < CTL__COUNT ? h->ctl_left_out[comp] : 0;
	if (!n)
		return;
	f = findings_add(out);
	f->kind = KIND_POSTURE;
	f->judge = judge;
	f->rule = rules[comp];
	/* More processes of one component than a host runs: decoys, or
	 * the real one among them unjudged. */
	f->severity = SEV_MEDIUM;
	f->confidence = CONF_HIGH;
	f->where = xstrdup("comm");
	strbuf_addf(&sb,
		    "%zu more processes named %s were not judged: procsift "
		    "judges the %d with the lowest pids",
		    n, name, HOST_CTL_PER_COMP);
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_str(f, "comm", name, strlen(name));
	finding_fact_int(f, "left_out", (long long)n);
	finding_fact_int(f, "judged", HOST_CTL_PER_COMP);
}

void posture_fact_mode(struct finding *f, const struct host_file *hf)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%04o", hf->mode & 07777);
	finding_fact_str(f, "mode", buf, (size_t)n);
	finding_fact_int(f, "uid", (long long)hf->uid);
	finding_fact_int(f, "gid", (long long)hf->gid);
}

bool posture_url_loopback(const char *url, size_t len)
{
	const char *h, *e = url + len, *end;
	size_t n;
	/* A unix socket is reached from this host alone. */
	if ((len >= 7 && !memcmp(url, "unix://", 7)) ||
	    (len >= 8 && !memcmp(url, "unixs://", 8)))
		return true;
	h = memmem(url, len, "://", 3);
	h = h ? h + 3 : url;
	if (h < e && *h == '[') {
		end = memchr(h, ']', (size_t)(e - h));
		return end && end - h == 4 && !memcmp(h, "[::1", 4);
	}
	for (end = h; end < e && *end != ':' && *end != '/'; end++)
		;
	n = (size_t)(end - h);
	return (n == 9 && !memcmp(h, "localhost", 9)) ||
	       (n >= 4 && !memcmp(h, "127.", 4));
}

bool posture_writes_plaintext(const struct finding *f)
{
	return f->kind == KIND_POSTURE && f->rule &&
	       (!strcmp(f->rule, POSTURE_RULE_NO_ENCRYPTION) ||
		!strcmp(f->rule, POSTURE_RULE_ENC_IDENTITY) ||
		!strcmp(f->rule, POSTURE_RULE_ENC_NO_SECRETS));
}

void posture_each(struct findings *out, const char *judge,
		  const struct host_view *h, enum ctl_component comp,
		  void (*one)(struct findings *out,
			      const struct host_ctlproc *c))
{
	size_t i;
	for (i = 0; i < h->nctl; i++)
		if (h->ctl[i].comp == comp)
			one(out, &h->ctl[i]);
	posture_left_out(out, judge, h, comp);
}
