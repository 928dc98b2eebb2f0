/* The summary of an etcd audit (etcd_summary.h). */
#include "render/etcd_summary.h"

#include <string.h>

#include "render/json.h"
#include "util/sanitize.h"

static void count_provider(struct etcd_sum *s, const char *p)
{
	size_t i;
	p = p ? p : "?";
	for (i = 0; i < s->nprov; i++)
		if (!strcmp(s->prov[i].name, p)) {
			s->prov[i].n++;
			return;
		}
	if (s->nprov < sizeof(s->prov) / sizeof(s->prov[0]))
		s->prov[s->nprov++] = (struct etcd_prov){p, 1};
	else
		s->prov_other++;
}

void etcd_summarise(const struct etcd_report *rep, struct etcd_sum *s)
{
	size_t i;
	memset(s, 0, sizeof(*s));
	for (i = 0; i < rep->nrows; i++) {
		const struct etcd_row *w = &rep->rows[i];
		if (!i || w->key_len != rep->rows[i - 1].key_len ||
		    memcmp(w->key, rep->rows[i - 1].key, w->key_len))
			s->secrets++;
		s->revisions++;
		switch (w->state) {
		case ETCD_SUPERSEDED:
			s->superseded++;
			continue;
		case ETCD_DELETED:
			s->deleted++;
			continue;
		case ETCD_RECOVERED:
			s->recovered++;
			continue;
		case ETCD_LIVE:
			break;
		}
		s->live++;
		if (w->storage == K8S_STORE_PROTOBUF)
			s->plaintext++;
		else if (w->storage == K8S_STORE_JSON)
			s->json++;
		else if (w->storage == K8S_STORE_ENCRYPTED) {
			s->encrypted++;
			count_provider(s, w->provider);
		} else
			s->unknown++;
	}
	for (i = 0; i < rep->findings.n; i++)
		s->by_sev[rep->findings.f[i].severity]++;
	for (i = 0; i < rep->nrows; i++) {
		int sev = etcd_row_severity(&rep->rows[i]);
		if (sev >= 0)
			s->by_sev[sev]++;
	}
}

void etcd_summary_line(struct strbuf *sb, const struct etcd_report *rep,
		       const struct etcd_sum *s)
{
	size_t i;
	strbuf_addf(sb,
		    "%zu secrets (%zu live) in %zu revisions: %zu plaintext, "
		    "%zu json, %zu encrypted",
		    s->secrets, s->live, s->revisions, s->plaintext, s->json,
		    s->encrypted);
	for (i = 0; i < s->nprov; i++)
		strbuf_addf(sb, "%s%s %zu", i ? ", " : " (", s->prov[i].name,
			    s->prov[i].n);
	if (s->nprov)
		strbuf_addch(sb, ')');
	strbuf_addf(sb,
		    ", %zu unknown; %zu superseded, %zu deleted, %zu "
		    "recovered; WAL: %llu plaintext writes",
		    s->unknown, s->superseded, s->deleted, s->recovered,
		    (unsigned long long)rep->wal_plaintext);
	if (rep->wal_crc_errors)
		strbuf_addf(sb, " (%llu untrusted), %llu bad CRCs",
			    (unsigned long long)rep->wal_untrusted,
			    (unsigned long long)rep->wal_crc_errors);
}

struct json_object *etcd_summary_json(const struct etcd_report *rep,
				      const struct etcd_sum *s)
{
	struct json_object *o = json_object_new_object(), *e, *f;
	size_t i;
	int sev;
	json_object_object_add(o, "secrets",
			       json_object_new_uint64(s->secrets));
	json_object_object_add(o, "live", json_object_new_uint64(s->live));
	json_object_object_add(o, "revisions",
			       json_object_new_uint64(s->revisions));
	json_object_object_add(o, "plaintext",
			       json_object_new_uint64(s->plaintext));
	json_object_object_add(o, "json", json_object_new_uint64(s->json));
	e = json_object_new_object();
	for (i = 0; i < s->nprov; i++) {
		/* A provider name is bytes from a value: a key, too, follows
		 * the lossless rule (docs/json.md). */
		struct strbuf key = STRBUF_INIT;
		out_json_encode(&key, s->prov[i].name, strlen(s->prov[i].name));
		json_object_object_add(e, key.buf ? key.buf : "",
				       json_object_new_uint64(s->prov[i].n));
		strbuf_release(&key);
	}
	json_object_object_add(o, "encrypted", e);
	json_object_object_add(o, "unknown",
			       json_object_new_uint64(s->unknown));
	json_object_object_add(o, "superseded",
			       json_object_new_uint64(s->superseded));
	json_object_object_add(o, "deleted",
			       json_object_new_uint64(s->deleted));
	json_object_object_add(o, "recovered",
			       json_object_new_uint64(s->recovered));
	json_object_object_add(o, "wal_plaintext",
			       json_object_new_uint64(rep->wal_plaintext));
	json_object_object_add(o, "wal_untrusted",
			       json_object_new_uint64(rep->wal_untrusted));
	json_object_object_add(o, "wal_crc_errors",
			       json_object_new_uint64(rep->wal_crc_errors));
	f = json_object_new_object();
	for (sev = SEV_CRITICAL; sev >= SEV_INFO; sev--)
		json_object_object_add(f, severity_name(sev),
				       json_object_new_uint64(s->by_sev[sev]));
	json_object_object_add(o, "findings", f);
	return o;
}

struct json_object *etcd_resources_json(const struct etcd_report *rep)
{
	struct json_object *a = json_object_new_array();
	size_t i;
	for (i = 0; i < rep->nres; i++) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "resource",
				       out_json_str(rep->res[i].resource));
		json_object_object_add(o, "prefix",
				       out_json_str(rep->res[i].prefix));
		json_object_object_add(
			o, "keys", json_object_new_uint64(rep->res[i].keys));
		json_object_object_add(
			o, "revisions",
			json_object_new_uint64(rep->res[i].revisions));
		json_object_array_add(a, o);
	}
	return a;
}
