/* kubelet-posture: the kubelet's effective anonymous access, read-only
 * port and authorization mode (kube-bench's CIS 4.2.1, 4.2.2, 4.2.4), from
 * its flags over its --config KubeletConfiguration over the defaults.
 * The defaults differ by world: with --config, the v1beta1 defaults
 * (anonymous off, Webhook, no read-only port); without it, the kubelet's
 * legacy flag defaults (anonymous on, AlwaysAllow, port 10255). */
#include "scan/judge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan/k8sconf.h"
#include "scan/posture.h"
#include "util/strbuf.h"

#define ID "kubelet-posture"

enum source { SRC_UNKNOWN, SRC_DEFAULT, SRC_CONFIG, SRC_FLAG };

static const char *const src_names[] = {"unknown", "default", "config", "flag"};

/* One setting's effective value and where it came from. */
struct setting {
	enum source src;
	long long num; /* anonymous (0/1), read-only port */
	char str[KC_NAME_LEN];
};

struct eff {
	struct setting anon, port, mode;
	const struct host_file *cfg; /* the config file, when it decided */
	bool config_dir;	     /* --config-dir drop-ins, not read */
};

static void defaults(struct eff *e, bool config)
{
	e->anon = (struct setting){SRC_DEFAULT, config ? 0 : 1, ""};
	e->port = (struct setting){SRC_DEFAULT, config ? 0 : 10255, ""};
	e->mode = (struct setting){SRC_DEFAULT, 0, ""};
	snprintf(e->mode.str, sizeof(e->mode.str), "%s",
		 config ? "Webhook" : "AlwaysAllow");
}

/* The config file's values over the defaults; false when it could not
 * be used (said in a finding). */
static bool from_config(struct findings *out, const struct host_ctlproc *c,
			const struct host_file *f, struct eff *e)
{
	char why[KC_WHY_LEN];
	struct kc_kubelet k;
	if (f->err) {
		posture_unusable(out, ID, "kubelet-config-unusable", c, f,
				 NULL);
		return false;
	}
	if (kc_kubelet_parse(f->data, f->len, &k, why, sizeof(why))) {
		posture_unusable(out, ID, "kubelet-config-unusable", c, f, why);
		return false;
	}
	if (!k.kind_ok) {
		posture_unusable(out, ID, "kubelet-config-unusable", c, f,
				 "its kind is not KubeletConfiguration");
		return false;
	}
	e->cfg = f;
	if (k.anonymous >= 0)
		e->anon = (struct setting){SRC_CONFIG, k.anonymous, ""};
	if (k.read_only_port >= 0)
		e->port = (struct setting){SRC_CONFIG, k.read_only_port, ""};
	if (k.authz_mode[0]) {
		e->mode.src = SRC_CONFIG;
		snprintf(e->mode.str, sizeof(e->mode.str), "%s", k.authz_mode);
	}
	return true;
}

/* Flags win over the file. A value the kubelet would refuse means it
 * does not run with it: left as it was. */
static void from_flags(const struct host_ctlproc *c, struct eff *e)
{
	const char *port = ctl_flag(c, "read-only-port");
	const char *mode = ctl_flag(c, "authorization-mode");
	int anon = posture_flag_bool(c, "anonymous-auth");
	char *end;
	long long v;
	if (anon >= 0)
		e->anon = (struct setting){SRC_FLAG, anon, ""};
	if (port && *port) {
		errno = 0;
		v = strtoll(port, &end, 10);
		if (!errno && !*end && v >= 0 && v <= 65535)
			e->port = (struct setting){SRC_FLAG, v, ""};
	}
	if (mode && *mode) {
		e->mode.src = SRC_FLAG;
		snprintf(e->mode.str, sizeof(e->mode.str), "%s", mode);
	}
}

static struct finding *add(struct findings *out, const char *rule,
			   const struct host_ctlproc *c, const struct eff *e,
			   const struct setting *s, const char *flag,
			   enum severity sev, const char *msg)
{
	struct strbuf where = STRBUF_INIT;
	struct finding *g;
	const char *src = src_names[s->src];
	if (s->src == SRC_CONFIG)
		strbuf_addf(&where, "file:%s", e->cfg->path);
	else
		strbuf_addf(&where, "flag:--%s", flag);
	g = posture_add(out, ID, rule, c, sev, where.buf, "%s%s", msg,
			s->src == SRC_DEFAULT
				? e->cfg || ctl_flag(c, "config")
					  ? " (the default)"
					  : " (the default without "
					    "--config)"
				: "");
	strbuf_release(&where);
	finding_fact_str(g, "source", src, strlen(src));
	if (s->src == SRC_CONFIG)
		finding_fact_str(g, "path", e->cfg->path, strlen(e->cfg->path));
	/* Drop-in files may set it otherwise. */
	if (e->config_dir && s->src != SRC_FLAG) {
		g->confidence = CONF_MEDIUM;
		finding_fact_bool(g, "config_dir_not_read", true);
	}
	return g;
}

static void judge_one(struct findings *out, const struct host_ctlproc *c)
{
	const char *cfgflag = ctl_flag(c, "config");
	const char *cd = ctl_flag(c, "config-dir");
	const struct host_file *f = posture_file(c, "config");
	struct eff e;
	struct finding *g;
	memset(&e, 0, sizeof(e));
	e.config_dir = cd && *cd;
	defaults(&e, cfgflag && *cfgflag);
	/* A config named but not read (or not usable): its values are
	 * unknown, and only flags are judged. */
	if (cfgflag && *cfgflag && (!f || !from_config(out, c, f, &e))) {
		e.anon.src = e.port.src = e.mode.src = SRC_UNKNOWN;
		e.anon.num = e.port.num = 0;
		e.mode.str[0] = '\0';
	}
	from_flags(c, &e);
	if (e.anon.src != SRC_UNKNOWN && e.anon.num == 1) {
		g = add(out, "kubelet-anonymous-auth", c, &e, &e.anon,
			"anonymous-auth", SEV_HIGH,
			"the kubelet serves anonymous requests on its API "
			"(port 10250)");
		finding_fact_bool(g, "anonymous_auth", true);
	}
	if (e.port.src != SRC_UNKNOWN && e.port.num > 0) {
		g = add(out, "kubelet-read-only-port", c, &e, &e.port,
			"read-only-port", SEV_MEDIUM,
			"the kubelet serves its read-only API without "
			"authentication");
		finding_fact_int(g, "read_only_port", e.port.num);
	}
	if (e.mode.src != SRC_UNKNOWN && !strcmp(e.mode.str, "AlwaysAllow")) {
		g = add(out, "kubelet-authz-always-allow", c, &e, &e.mode,
			"authorization-mode", SEV_CRITICAL,
			"the kubelet authorizes every request to its API: "
			"AlwaysAllow");
		finding_fact_str(g, "authorization_mode", e.mode.str,
				 strlen(e.mode.str));
	}
}

POSTURE_JUDGE_HOST(judge_host, ID, CTL_KUBELET, judge_one)

const struct judge judge_kubelet = {
	.id = ID,
	.kind = KIND_POSTURE,
	.summary = "kubelet: anonymous access, a read-only port, AlwaysAllow "
		   "authorization",
	.host_facets = HOST_CTLPLANE,
	.judge_host = judge_host,
};
