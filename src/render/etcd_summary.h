/* The summary of an etcd audit: counts by storage, state, provider and
 * severity, as the sentence under the text table and as the JSON
 * "summary" and "resources" members. */
#ifndef RENDER_ETCD_SUMMARY_H
#define RENDER_ETCD_SUMMARY_H

#include <stddef.h>

#include <json.h>

#include "model/etcd.h"
#include "model/finding.h"
#include "util/strbuf.h"

/* Counts for the summary. */
struct etcd_sum {
	size_t secrets, revisions, live, plaintext, json, encrypted, unknown;
	size_t superseded, deleted, recovered;
	size_t by_sev[SEV_CRITICAL + 1];
	struct etcd_prov {
		const char *name;
		size_t n;
	} prov[16];
	size_t nprov, prov_other;
};

/* Count rep into s. */
void etcd_summarise(const struct etcd_report *rep, struct etcd_sum *s);
/* The summary as one sentence (provider names as they are: the caller
 * escapes). */
void etcd_summary_line(struct strbuf *sb, const struct etcd_report *rep,
		       const struct etcd_sum *s);
struct json_object *etcd_summary_json(const struct etcd_report *rep,
				      const struct etcd_sum *s);
/* Keys and revisions per resource (--all-resources). */
struct json_object *etcd_resources_json(const struct etcd_report *rep);

#endif
