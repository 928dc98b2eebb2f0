/* etcd-posture: etcd's flags (and ETCD_* settings), or its --config-file
 * when it has one (etcd then ignores the rest), as kube-bench's CIS 2
 * checks read them: clients without certificate authentication or TLS,
 * peers reachable from the network without either, self-signed
 * certificates (auto TLS), and a data directory its group or others can
 * read or write (its mode read through /proc/PID/root). */
#include "scan/judge.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/k8sconf.h"
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

/* What etcd runs with, from its flags (and ETCD_* settings) or from its
 * --config-file, which then replaces them all. where_* name the place a
 * finding points at; *_name how the message names a setting. */
struct settings {
	const char *file; /* the config file's path, or NULL: flags */
	const char *cca_text;
	int cca, peer_cca; /* 1 true, else not */
	bool cert, key, autotls, peer_cert, peer_key, peer_autotls;
	const char *lc, *lp;
};

static bool set(const char *v)
{
	return v && *v;
}

static void from_flags(const struct host_ctlproc *c, struct settings *st)
{
	st->file = NULL;
	st->cca_text = ctl_flag(c, "client-cert-auth");
	st->cca = posture_flag_bool(c, "client-cert-auth");
	st->cert = set(ctl_flag(c, "cert-file"));
	st->key = set(ctl_flag(c, "key-file"));
	st->autotls = posture_flag_bool(c, "auto-tls") == 1;
	st->lc = ctl_flag(c, "listen-client-urls");
	st->peer_cca = posture_flag_bool(c, "peer-client-cert-auth");
	st->peer_cert = set(ctl_flag(c, "peer-cert-file"));
	st->peer_key = set(ctl_flag(c, "peer-key-file"));
	st->peer_autotls = posture_flag_bool(c, "peer-auto-tls") == 1;
	st->lp = ctl_flag(c, "listen-peer-urls");
}

static void from_file(const struct host_file *f, const struct kc_etcd *e,
		      struct settings *st)
{
	st->file = f->path;
	st->cca = e->client.client_cert_auth;
	st->cca_text = st->cca < 0 ? NULL : st->cca ? "true" : "false";
	st->cert = e->client.cert;
	st->key = e->client.key;
	st->autotls = e->client.auto_tls;
	st->lc = e->listen_client_urls;
	st->peer_cca = e->peer.client_cert_auth;
	st->peer_cert = e->peer.cert;
	st->peer_key = e->peer.key;
	st->peer_autotls = e->peer.auto_tls;
	st->lp = e->listen_peer_urls;
}

/* A finding's where: "flag:--FLAG", or "file:PATH" for the config. */
static const char *where_of(const struct settings *st, const char *flag,
			    struct strbuf *sb)
{
	strbuf_reset(sb);
	if (st->file)
		strbuf_addf(sb, "file:%s", st->file);
	else
		strbuf_addf(sb, "flag:--%s", flag);
	return sb->buf;
}

/* How a message names a setting: "--FLAG", or "SECTION.KEY in its
 * config file". */
static const char *name_of(const struct settings *st, const char *flag,
			   const char *key, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (st->file)
		strbuf_addf(sb, "%s in its config file", key);
	else
		strbuf_addf(sb, "--%s", flag);
	return sb->buf;
}

static const char *or_unset(const char *v)
{
	return v ? v : "(not set)";
}

static void clients(struct findings *out, const struct host_ctlproc *c,
		    const struct settings *st)
{
	struct strbuf w = STRBUF_INIT, n = STRBUF_INIT;
	const char *lc = st->lc;
	struct urls u;
	struct finding *g;
	/* etcd's own default. */
	if (!lc || !*lc)
		lc = "http://localhost:2379";
	u = urls_of(lc);
	if (st->cca != 1) {
		const char *v = or_unset(st->cca_text);
		g = posture_add(
			out, ID, "etcd-no-client-cert-auth", c, SEV_HIGH,
			where_of(st, "client-cert-auth", &w),
			"etcd takes clients without a certificate: %s is not "
			"true",
			name_of(st, "client-cert-auth",
				"client-transport-security.client-cert-auth",
				&n));
		finding_fact_str(g, "client_cert_auth", v, strlen(v));
	}
	if ((!st->cert || !st->key) && !st->autotls) {
		g = posture_add(out, ID, "etcd-no-client-tls", c, SEV_HIGH,
				where_of(st, "cert-file", &w),
				"etcd serves clients over plain HTTP: no %s",
				st->file ? "cert-file and key-file in "
					   "client-transport-security of its "
					   "config file"
					 : "--cert-file and --key-file");
		finding_fact_str(g, "listen_client_urls", lc, strlen(lc));
	} else if (u.http) {
		g = posture_add(out, ID, "etcd-no-client-tls", c,
				u.http_remote ? SEV_HIGH : SEV_MEDIUM,
				where_of(st, "listen-client-urls", &w),
				"etcd also serves clients over plain HTTP%s: "
				"%s has an http:// URL",
				u.http_remote ? "" : " (on the loopback)",
				name_of(st, "listen-client-urls",
					"listen-client-urls", &n));
		finding_fact_str(g, "listen_client_urls", lc, strlen(lc));
	}
	if (st->autotls)
		posture_add(out, ID, "etcd-auto-tls", c, SEV_LOW,
			    where_of(st, "auto-tls", &w),
			    "etcd serves clients with a self-signed "
			    "certificate it made itself: %s",
			    name_of(st, "auto-tls",
				    "client-transport-security.auto-tls", &n));
	strbuf_release(&w);
	strbuf_release(&n);
}

/* Peers matter only where they can reach etcd: a single member listening
 * on the loopback has none. */
static void peers(struct findings *out, const struct host_ctlproc *c,
		  const struct settings *st)
{
	struct strbuf w = STRBUF_INIT, n = STRBUF_INIT;
	const char *lp = st->lp;
	struct finding *g;
	struct urls u;
	if (!lp || !*lp)
		lp = "http://localhost:2380";
	u = urls_of(lp);
	if (st->peer_autotls)
		posture_add(out, ID, "etcd-peer-auto-tls", c, SEV_LOW,
			    where_of(st, "peer-auto-tls", &w),
			    "etcd talks to its peers with a self-signed "
			    "certificate: %s",
			    name_of(st, "peer-auto-tls",
				    "peer-transport-security.auto-tls", &n));
	if (u.remote && st->peer_cca != 1) {
		g = posture_add(
			out, ID, "etcd-no-peer-cert-auth", c, SEV_MEDIUM,
			where_of(st, "peer-client-cert-auth", &w),
			"etcd listens for peers beyond the loopback and "
			"takes them without a certificate: %s is not true",
			name_of(st, "peer-client-cert-auth",
				"peer-transport-security.client-cert-auth",
				&n));
		finding_fact_str(g, "listen_peer_urls", lp, strlen(lp));
	}
	if (u.remote && (u.http_remote || ((!st->peer_cert || !st->peer_key) &&
					   !st->peer_autotls))) {
		g = posture_add(out, ID, "etcd-no-peer-tls", c, SEV_MEDIUM,
				where_of(st, "listen-peer-urls", &w),
				"etcd talks to its peers over plain HTTP "
				"beyond the loopback");
		finding_fact_str(g, "listen_peer_urls", lp, strlen(lp));
	}
	strbuf_release(&w);
	strbuf_release(&n);
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

/* etcd started with --config-file (or ETCD_CONFIG_FILE) takes every
 * setting from it and ignores its flags: judged from the file, and not
 * at all when the file cannot be used (its flags would only mislead). */
static void judge_one(struct findings *out, const struct host_ctlproc *c)
{
	const struct host_file *f = posture_file(c, "config-file");
	const char *cf = ctl_flag(c, "config-file");
	struct settings st;
	struct kc_etcd e;
	char why[KC_WHY_LEN];
	if (f || (cf && *cf)) {
		if (!f || f->err || !f->data) {
			if (f)
				posture_unusable(out, ID,
						 "etcd-config-unusable", c, f,
						 NULL);
			return;
		}
		if (kc_etcd_parse(f->data, f->len, &e, why, sizeof(why))) {
			posture_unusable(out, ID, "etcd-config-unusable", c, f,
					 why);
			return;
		}
		from_file(f, &e, &st);
	} else {
		from_flags(c, &st);
	}
	clients(out, c, &st);
	peers(out, c, &st);
	data_dir(out, c);
}

POSTURE_JUDGE_HOST(judge_host, ID, CTL_ETCD, judge_one)

const struct judge judge_etcd_posture = {
	.id = ID,
	.kind = KIND_POSTURE,
	.summary = "etcd: no client or peer certificate authentication, no "
		   "TLS, a data directory others can read",
	.host_facets = HOST_CTLPLANE,
	.judge_host = judge_host,
};
