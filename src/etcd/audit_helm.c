/* A Helm release Secret in the audit: its release decoded (etcd/helm.h)
 * and each part (values, manifests' Secret and ConfigMap data) handed to
 * the value callback, where "etcd:KEY@REV:release.PART"; a release not
 * judged whole says so in an etcd-helm-release-partial finding. */
#include "etcd/audit_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/helm.h"
#include "util/xalloc.h"

bool audit_is_helm(const struct k8s_secret *s)
{
	return s->type && !strncmp(s->type, "helm.sh/release", 15);
}

struct helm_arg {
	struct audit *a;
	const char *prefix; /* "etcd:KEY@REV" */
	size_t prefix_len;
	size_t n;	/* findings added */
	char *cut;	/* owned: the first part over ETCD_HELM_SCAN_CAP */
	size_t cut_len; /* its length */
};

static int on_part(void *arg, const char *where, size_t where_len,
		   const char *value, size_t len)
{
	struct helm_arg *h = arg;
	struct audit *a = h->a;
	if (len > ETCD_HELM_SCAN_CAP && !h->cut) {
		h->cut = xmemdup0(where, where_len);
		h->cut_len = len;
	}
	if (!a->o->on_value)
		return 0;
	strbuf_reset(&a->where);
	strbuf_add(&a->where, h->prefix, h->prefix_len);
	strbuf_addch(&a->where, ':');
	strbuf_add(&a->where, where, where_len);
	h->n += a->o->on_value(
		a->o->arg, a->rep, a->where.buf, a->where.len, value,
		len > ETCD_HELM_SCAN_CAP ? ETCD_HELM_SCAN_CAP : len,
		&a->rep->findings);
	return 0;
}

/* Why the release was judged in part, for the message. */
static void partial_why(const struct helm_release *r, const struct helm_arg *h,
			struct strbuf *sb)
{
	switch (r->stop) {
	case HELM_BAD_BASE64:
		if (r->len)
			strbuf_addf(sb,
				    "Helm release judged in part: data.release "
				    "is not base64 past the first %zu bytes "
				    "of the release",
				    r->len);
		else
			strbuf_addstr(sb, "Helm release not judged: "
					  "data.release is not base64");
		return;
	case HELM_CUT_SIZE:
		strbuf_addf(sb,
			    "Helm release judged in part: it inflates past "
			    "%u MiB, where decoding stopped (a decompression "
			    "bomb?)",
			    HELM_MAX_INFLATED >> 20);
		return;
	case HELM_CUT_RATIO:
		strbuf_addf(sb,
			    "Helm release judged in part: it inflates to "
			    "more than %u times its %zu-byte gzip; decoding "
			    "stopped at %zu bytes (a decompression bomb?)",
			    HELM_RATIO, r->packed, r->len);
		return;
	case HELM_BAD_GZIP:
		strbuf_addf(sb,
			    "Helm release judged in part: its gzip stream is "
			    "corrupt or truncated after %zu bytes",
			    r->len);
		return;
	case HELM_BAD_JSON:
		strbuf_addstr(sb, "Helm release judged as text only: it is "
				  "not a release JSON object");
		return;
	case HELM_TOO_COMPLEX:
		strbuf_addf(sb,
			    "Helm release judged as text only: its JSON has "
			    "more than %u tokens",
			    HELM_MAX_JSON_TOKENS);
		return;
	case HELM_PARTS_CAPPED:
		strbuf_addf(sb,
			    "Helm release judged in part: more than %u values "
			    "or %u manifest documents, or nested deeper than "
			    "%u levels",
			    HELM_MAX_PARTS, HELM_MAX_DOCS, HELM_MAX_DEPTH);
		return;
	case HELM_WHOLE:
		break;
	}
	strbuf_addf(sb,
		    "Helm release judged in part: %s is %zu bytes, of "
		    "which the first %u were judged",
		    h->cut, h->cut_len, ETCD_HELM_SCAN_CAP);
}

/* The finding for a release not judged whole: its evidence and
 * fingerprint are the Secret's own (the base64 of data.release, redacted),
 * as for the audit's other findings. */
static size_t partial(struct audit *a, const struct k8s_secret *s,
		      const struct helm_release *r, const struct helm_arg *h)
{
	struct finding *f =
		audit_finding(a, ETCD_RULE_HELM_PARTIAL, SEV_MEDIUM);
	struct strbuf sb = STRBUF_INIT;
	const char *why;
	audit_data_evidence(a, s, f->fingerprint, &f->secret_len, &sb);
	f->evidence = strbuf_detach(&sb, NULL);
	strbuf_add(&sb, h->prefix, h->prefix_len);
	strbuf_addstr(&sb, ":release");
	f->where = strbuf_detach(&sb, NULL);
	partial_why(r, h, &sb);
	f->message = strbuf_detach(&sb, NULL);
	why = r->stop == HELM_WHOLE ? "part-cap" : helm_stop_name(r->stop);
	finding_fact_str(f, "reason", why, strlen(why));
	finding_fact_int(f, "packed_bytes", (long long)r->packed);
	finding_fact_int(f, "inflated_bytes", (long long)r->len);
	return 1;
}

/* "Helm release NAME revision N of chart C-V (STATUS)", before the note
 * there was. */
static void helm_note(const struct helm_release *r, char **note)
{
	struct strbuf sb = STRBUF_INIT;
	if (!r->name)
		return;
	strbuf_addf(&sb, "Helm release %.253s", r->name);
	if (r->version)
		strbuf_addf(&sb, " revision %lld", (long long)r->version);
	if (r->chart)
		strbuf_addf(&sb, " of chart %.253s%s%.64s", r->chart,
			    r->chart_version ? "-" : "",
			    r->chart_version ? r->chart_version : "");
	if (r->status)
		strbuf_addf(&sb, " (%.64s)", r->status);
	if (*note) {
		strbuf_addf(&sb, "; %s", *note);
		free(*note);
	}
	*note = strbuf_detach(&sb, NULL);
}

size_t audit_helm(struct audit *a, const struct k8s_secret *s,
		  const char *where_prefix, size_t prefix_len, char **note)
{
	struct helm_arg h = {a, where_prefix, prefix_len, 0, NULL, 0};
	struct helm_release r;
	size_t i;
	for (i = 0; i < s->ndata; i++)
		if (!strcmp(s->data[i].key, "release"))
			break;
	if (i == s->ndata)
		return 0;
	helm_release_inflate((const char *)s->data[i].value, s->data[i].len,
			     &r);
	helm_release_parts(&r, on_part, &h);
	helm_note(&r, note);
	if (r.stop != HELM_WHOLE || h.cut)
		h.n += partial(a, s, &r, &h);
	free(h.cut);
	helm_release_free_contents(&r);
	return h.n;
}
