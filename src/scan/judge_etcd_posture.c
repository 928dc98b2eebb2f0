/* etcd-posture: etcd's flags (and ETCD_* settings) as kube-bench's CIS 2
 * checks read them: clients without certificate authentication or TLS,
 * peers reachable from the network without either, self-signed
 * certificates (auto TLS), and a data directory its group or others can
 * read or write (its mode read through /proc/PID/root). */
#include "scan/judge.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/posture.h"
#include "util/strbuf.h"

#define ID "etcd-posture"

/* URLs of a comma-separated list: whether one is plain http, and
 * whether one is plain http on a host other than the loopback. */
struct urls {
	bool http, http_remote, remote;
};

static struct urls urls_of(const char *list)
{
	struct urls u = {false, false, false};
	const char *p = list;
	while (p && *p) {
		size_t k = strcspn(p, ",");
		bool loop = posture_url_loopback(p, k);
		bool http = k >= 7 && !strncmp(p, "http://", 7);
		u.http |= http;
		u.http_remote |= http && !loop;
		u.remote |= !loop;
		p += k + (p[k] == ',');
	}
	return u;
}

static const char *or_unset(const char *v)
{
	return v ? v : "(not set)";
}

static void clients(struct findings *out, const struct host_ctlproc *c)
{
	const char *cert = ctl_flag(c, "cert-file");
	const char *key = ctl_flag(c, "key-file");
	const char *lc = ctl_flag(c, "listen-client-urls");
	int cca = posture_flag_bool(c, "client-cert-auth");
	bool autotls = posture_flag_bool(c, "auto-tls") == 1;
	struct urls u;
	struct finding *g;
	/* etcd's own default. */
	if (!lc || !*lc)
		lc = "http://localhost:2379";
	u = urls_of(lc);
	if (cca != 1) {
		const char *v = ctl_flag(c, "client-cert-auth");
		g = posture_add(out, ID, "etcd-no-client-cert-auth", c,
				SEV_HIGH, "flag:--client-cert-auth",
				"etcd takes clients without a certificate: "
				"--client-cert-auth is not true");
		finding_fact_str(g, "client_cert_auth", or_unset(v),
				 strlen(or_unset(v)));
	}
	if ((!cert || !*cert || !key || !*key) && !autotls) {
		g = posture_add(out, ID, "etcd-no-client-tls", c, SEV_HIGH,
				"flag:--cert-file",
				"etcd serves clients over plain HTTP: no "
				"--cert-file and --key-file");
		finding_fact_str(g, "listen_client_urls", lc, strlen(lc));
	} else if (u.http) {
		g = posture_add(out, ID, "etcd-no-client-tls", c,
				u.http_remote ? SEV_HIGH : SEV_MEDIUM,
				"flag:--listen-client-urls",
				"etcd also serves clients over plain HTTP%s: "
				"--listen-client-urls has an http:// URL",
				u.http_remote ? "" : " (on the loopback)");
		finding_fact_str(g, "listen_client_urls", lc, strlen(lc));
	}
	if (autotls) {
		g = posture_add(out, ID, "etcd-auto-tls", c, SEV_LOW,
				"flag:--auto-tls",
				"etcd serves clients with a self-signed "
				"certificate it made itself: --auto-tls");
	}
}

/* Peers matter only where they can reach etcd: a single member listening
 * on the loopback has none. */
static void peers(struct findings *out, const struct host_ctlproc *c)
{
	const char *lp = ctl_flag(c, "listen-peer-urls");
	const char *cert = ctl_flag(c, "peer-cert-file");
	const char *key = ctl_flag(c, "peer-key-file");
	bool autotls = posture_flag_bool(c, "peer-auto-tls") == 1;
	struct finding *g;
	struct urls u;
	if (!lp || !*lp)
		lp = "http://localhost:2380";
	u = urls_of(lp);
	if (autotls)
		posture_add(out, ID, "etcd-peer-auto-tls", c, SEV_LOW,
			    "flag:--peer-auto-tls",
			    "etcd talks to its peers with a self-signed "
			    "certificate: --peer-auto-tls");
	if (!u.remote)
		return;
	if (posture_flag_bool(c, "peer-client-cert-auth") != 1) {
		g = posture_add(
			out, ID, "etcd-no-peer-cert-auth", c, SEV_MEDIUM,
			"flag:--peer-client-cert-auth",
			"etcd listens for peers beyond the loopback and "
			"takes them without a certificate: "
			"--peer-client-cert-auth is not true");
		finding_fact_str(g, "listen_peer_urls", lp, strlen(lp));
	}
	if (u.http_remote || ((!cert || !*cert || !key || !*key) && !autotls)) {
		g = posture_add(
			out, ID, "etcd-no-peer-tls", c, SEV_MEDIUM,
			"flag:--listen-peer-urls",
			"etcd talks to its peers over plain HTTP beyond "
			"the loopback");
		finding_fact_str(g, "listen_peer_urls", lp, strlen(lp));
	}
}

static void data_dir(struct findings *out, const struct host_ctlproc *c)
{
	const struct host_file *f = posture_file(c, "data-dir");
	struct strbuf where = STRBUF_INIT;
	struct finding *g;
	if (!f)
		return;
	/* A data directory not there is not one to judge. */
	if (f->err == ENOENT || f->err == ESRCH)
		return;
	if (f->err) {
		posture_unusable(out, ID, "etcd-data-dir-unusable", c, f, NULL);
		return;
	}
	if (!f->has_stat || !S_ISDIR(f->mode) || !(f->mode & 0077))
		return;
	strbuf_addf(&where, "file:%s", f->path);
	g = posture_add(out, ID, "etcd-data-dir-mode", c, SEV_MEDIUM, where.buf,
			"etcd's data directory (every Secret, in its "
			"database) is open to %s: mode %04o, not 0700",
			f->mode & 0007 ? "others" : "its group",
			f->mode & 07777);
	strbuf_release(&where);
	finding_fact_str(g, "path", f->path, strlen(f->path));
	posture_fact_mode(g, f);
}

static int judge_host(const struct judge_ctx *c, const struct host_view *h,
		      struct findings *out, char *err, size_t errlen)
{
	size_t i;
	(void)c;
	(void)err;
	(void)errlen;
	for (i = 0; i < h->nctl; i++) {
		if (h->ctl[i].comp != CTL_ETCD)
			continue;
		clients(out, &h->ctl[i]);
		peers(out, &h->ctl[i]);
		data_dir(out, &h->ctl[i]);
	}
	posture_left_out(out, ID, h, CTL_ETCD);
	return 0;
}

const struct judge judge_etcd_posture = {
	.id = ID,
	.kind = KIND_POSTURE,
	.summary = "etcd: no client or peer certificate authentication, no "
		   "TLS, a data directory others can read",
	.host_facets = HOST_CTLPLANE,
	.judge_host = judge_host,
};
