/* One revision of a Secret into a row of the report: storage, names,
 * what the data is, and its values through the rule engine. */
#include "etcd/audit_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

bool audit_is_plaintext(const struct k8s_secret *s)
{
	return (s->storage == K8S_STORE_PROTOBUF ||
		s->storage == K8S_STORE_JSON) &&
	       (!s->kind || !strcmp(s->kind, "Secret"));
}

struct finding *audit_finding(struct audit *a, const char *rule,
			      enum severity sev)
{
	struct finding *f = findings_add(&a->rep->findings);
	f->kind = KIND_SECRET;
	f->judge = ETCD_JUDGE;
	f->rule = rule;
	f->severity = sev;
	f->confidence = CONF_HIGH;
	f->has_fingerprint = true;
	f->pid = a->rep->pid;
	f->start_ticks = a->rep->start_ticks;
	f->comm = a->rep->comm ? xstrdup(a->rep->comm) : NULL;
	return f;
}

/* A length and a separator, so that no two different Secrets hash
 * alike. */
static void fp_len(struct redact_fp *fp, size_t n)
{
	char buf[24];
	int k = snprintf(buf, sizeof(buf), "%zu:", n);
	redact_fp_add(fp, buf, (size_t)k);
}

void audit_data_evidence(const struct audit *a, const struct k8s_secret *s,
			 char fp[FINGERPRINT_LEN + 1], size_t *len,
			 struct strbuf *evidence)
{
	struct redact_fp h;
	size_t i;
	*len = 0;
	redact_fp_begin(a->o->red, &h);
	for (i = 0; i < s->ndata; i++) {
		const struct k8s_data_item *d = &s->data[i];
		fp_len(&h, d->key_len);
		redact_fp_add(&h, d->key, d->key_len);
		fp_len(&h, d->len);
		redact_fp_add(&h, d->value, d->len);
		*len += d->len;
		if (evidence) {
			if (i)
				strbuf_addstr(evidence, ", ");
			strbuf_add(evidence, d->key, d->key_len);
			strbuf_addch(evidence, '=');
			redact_evidence(a->o->red, evidence,
					(const char *)d->value, d->len);
		}
	}
	if (s->last_applied) {
		redact_fp_add(&h, "last-applied:", 13);
		fp_len(&h, s->last_applied_len);
		redact_fp_add(&h, s->last_applied, s->last_applied_len);
		*len += s->last_applied_len;
	}
	redact_fp_end(&h, fp);
}

static const struct k8s_data_item *item(const struct k8s_secret *s,
					const char *key)
{
	size_t i;
	for (i = 0; i < s->ndata; i++)
		if (!strcmp(s->data[i].key, key))
			return &s->data[i];
	return NULL;
}

struct note_arg {
	struct strbuf *out;
	size_t n;
};

static void docker_user(const char *registry, const char *user,
			const char *password, size_t password_len, void *arg)
{
	struct note_arg *na = arg;
	(void)password;
	(void)password_len;
	if (na->n++ >= 4)
		return;
	strbuf_addf(na->out, "%sregistry %s user %s", na->n > 1 ? "; " : "",
		    registry ? registry : "?", user ? user : "?");
}

/* Values may be borrowed (not NUL-terminated): print at most this much of
 * a user name or token id. */
#define NAME_MAX_SHOWN(d) ((int)((d)->len > 253 ? 253 : (d)->len))

void audit_note(const struct k8s_secret *s, struct strbuf *out)
{
	const struct k8s_data_item *d;
	const char *t = s->type ? s->type : "";
	if ((d = item(s, ".dockerconfigjson")) || (d = item(s, ".dockercfg"))) {
		struct note_arg na = {out, 0};
		k8s_docker_auths(d->value, d->len, docker_user, &na);
		if (na.n > 4)
			strbuf_addf(out, "; and %zu more", na.n - 4);
	} else if ((d = item(s, "token")) && d->len) {
		struct jwt_claims c;
		if (!k8s_jwt_claims(d->value, d->len, &c)) {
			if (c.ns && c.service_account)
				strbuf_addf(out,
					    "token of service account %s/%s",
					    c.ns, c.service_account);
			else if (c.sub)
				strbuf_addf(out, "token of %s", c.sub);
			jwt_claims_release(&c);
		}
	} else if (!strcmp(t, "bootstrap.kubernetes.io/token") &&
		   (d = item(s, "token-id"))) {
		strbuf_addf(out, "bootstrap token id %.*s", NAME_MAX_SHOWN(d),
			    (const char *)d->value);
	} else if ((d = item(s, "tls.key")) && d->len) {
		strbuf_addstr(out, "TLS private key");
	} else if ((d = item(s, "ssh-privatekey")) && d->len) {
		strbuf_addstr(out, "SSH private key");
	} else if ((d = item(s, "username")) && item(s, "password")) {
		strbuf_addf(out, "password of user %.*s", NAME_MAX_SHOWN(d),
			    (const char *)d->value);
	}
	if (s->last_applied)
		strbuf_addf(out, "%slast-applied-configuration annotation",
			    out->len ? "; " : "");
}

static size_t match_value(struct audit *a, const char *text, size_t len,
			  const char *where, size_t where_len)
{
	if (!a->o->on_value)
		return 0;
	return a->o->on_value(a->o->arg, a->rep, where, where_len, text,
			      len > ETCD_SCAN_CAP ? ETCD_SCAN_CAP : len,
			      &a->rep->findings);
}

size_t audit_rule_findings(struct audit *a, const struct k8s_secret *s,
			   const char *where_prefix, size_t prefix_len)
{
	size_t i, n = 0;
	for (i = 0; i < s->ndata; i++) {
		strbuf_reset(&a->where);
		strbuf_add(&a->where, where_prefix, prefix_len);
		strbuf_addstr(&a->where, ":data[");
		strbuf_add_label(&a->where, s->data[i].key, s->data[i].key_len);
		strbuf_addch(&a->where, ']');
		n += match_value(a, (const char *)s->data[i].value,
				 s->data[i].len, a->where.buf, a->where.len);
	}
	if (s->last_applied) {
		strbuf_reset(&a->where);
		strbuf_add(&a->where, where_prefix, prefix_len);
		strbuf_addstr(&a->where, ":last-applied-configuration");
		n += match_value(a, s->last_applied, s->last_applied_len,
				 a->where.buf, a->where.len);
	}
	return n;
}

static int cmp_keys(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void fill_row(struct etcd_row *w, const struct k8s_secret *s)
{
	w->storage = s->storage;
	w->created = s->created;
	w->has_created = s->has_created;
	w->last_applied = s->last_applied != NULL;
	w->decode_error = s->decode_error;
	memcpy(w->head, s->head, sizeof(w->head));
	w->head_len = s->head_len;
}

/* Move the strings the row keeps out of s, once nothing else needs them:
 * decoding already made copies, and a big database has tens of thousands
 * of rows. */
static void take_strings(struct etcd_row *w, struct k8s_secret *s)
{
	size_t i;
	w->type = s->type;
	w->provider = s->provider;
	w->key_name = s->key_name;
	w->kms_key_id = s->kms_key_id;
	w->enc_version = s->enc_version;
	w->uid = s->uid;
	s->type = s->provider = s->key_name = s->kms_key_id = NULL;
	s->enc_version = s->uid = NULL;
	if (s->ndata) {
		w->keys = xcalloc(s->ndata, sizeof(*w->keys));
		for (i = 0; i < s->ndata; i++) {
			w->keys[i] = s->data[i].key;
			s->data[i].key = NULL;
		}
		w->nkeys = s->ndata;
		qsort(w->keys, w->nkeys, sizeof(*w->keys), cmp_keys);
	}
}

void audit_add_secret(struct audit *a, const struct mvcc_rev *rev,
		      const struct mvcc_kv *kv, bool recovered, uint64_t page)
{
	struct etcd_row *w = etcd_report_add_row(a->rep);
	struct k8s_secret s;
	struct k8s_key k;
	w->key = xmemdup0(kv->key, kv->klen);
	w->key_len = kv->klen;
	if (!k8s_key_split(kv->key, kv->klen, &k)) {
		w->ns = k.ns ? xmemdup0(k.ns, k.ns_len) : NULL;
		w->name = xmemdup0(k.name, k.name_len);
	}
	w->revision = rev->main;
	w->sub = rev->sub;
	w->tombstone = rev->tombstone;
	w->create_revision = kv->create_revision;
	w->version = kv->version;
	w->state = recovered ? ETCD_RECOVERED : ETCD_LIVE;
	w->page = page;
	if (rev->tombstone || !kv->value) {
		w->storage = K8S_STORE_NONE;
		return;
	}
	/* The values are read once, here: no copy of them. */
	k8s_secret_decode_borrow(kv->value, kv->vlen, &s);
	fill_row(w, &s);
	if (audit_is_plaintext(&s)) {
		size_t n;
		strbuf_reset(&a->sb);
		audit_note(&s, &a->sb);
		if (a->sb.len)
			w->note = xmemdup0(a->sb.buf, a->sb.len);
		strbuf_reset(&a->sb);
		audit_data_evidence(a, &s, w->fingerprint, &w->data_len,
				    &a->sb);
		w->evidence = xmemdup0(a->sb.buf ? a->sb.buf : "", a->sb.len);
		strbuf_reset(&a->sb);
		strbuf_addstr(&a->sb, "etcd:");
		strbuf_add_label(&a->sb, kv->key, kv->klen);
		strbuf_addf(&a->sb, "@%lld", (long long)rev->main);
		/* A Helm release is base64 of gzip: no rule can see into
		 * it as it is, and random base64 only gives false
		 * positives; its decoded parts are judged instead. */
		if (audit_is_helm(&s) && a->o->no_helm) {
			n = 0;
			free(w->note);
			w->note = xstrdup(
				"Helm release, not decoded (--no-helm)");
		} else if (audit_is_helm(&s))
			n = audit_helm(a, &s, a->sb.buf, a->sb.len, &w->note);
		else
			n = audit_rule_findings(a, &s, a->sb.buf, a->sb.len);
		w->nfindings += n;
	} else if (s.storage == K8S_STORE_ENCRYPTED) {
		redact_fingerprint(a->o->red, (const char *)kv->value, kv->vlen,
				   w->fingerprint);
		w->data_len = kv->vlen;
	}
	take_strings(w, &s);
	k8s_secret_release(&s);
}
