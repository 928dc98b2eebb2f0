/* How findings and their summary are shown: text tables (one
 * row per secret and place, the processes that share it listed), JSON and
 * NDJSON. */
#ifndef RENDER_FINDING_VIEW_H
#define RENDER_FINDING_VIEW_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include <json.h>

#include "model/coverage.h"
#include "model/finding.h"
#include "model/findstore.h"
#include "render/table.h"
#include "scan/rules.h"

/* The columns of the findings table, for -o (all shown by default). */
#define FINDING_NCOLS 7
extern const struct out_col finding_cols[FINDING_NCOLS];
extern const int finding_cols_default[FINDING_NCOLS];

/* What a scan's summary says (also on stderr, by the command). */
struct scan_summary {
	const struct coverage *cov;
	const char *const *judges; /* ids of the judges that ran */
	size_t njudges;
	size_t rules;
	size_t by_severity[SEV_CRITICAL + 1];
	const char *hint; /* what would read more ("CAP_SYS_PTRACE..."), or
			   * NULL */
	const char *probe_skipped; /* why the hidden-pid probe did not run
				    * by default, or NULL */
	/* An apiserver that writes Secrets unencrypted (a posture finding)
	 * and an etcd of the same run that holds Secrets in plaintext: both
	 * pids non-zero when the two were found. */
	pid_t plain_apiserver, plain_etcd;
	size_t plain_secrets; /* the etcd's live plaintext Secrets */
};

/* Who and when, for each NDJSON line. */
struct ndjson_meta {
	char time[40];	  /* ISO 8601 UTC, milliseconds */
	char host[256];	  /* host name */
	char boot_id[40]; /* /proc/sys/kernel/random/boot_id, or "" */
	const char *version;
};

/* The group a finding belongs to: 12 hex digits of a hash of its rule,
 * where and fingerprint (its message when there is none), into out. */
void finding_group(const struct finding *f, char out[13]);

/* What the text and JSON renderers read: n findings, finding i got by
 * get (its strings borrowed from src; not released). */
struct finding_list {
	size_t n;
	void (*get)(const void *src, size_t i, struct finding *out);
	const void *src;
};
/* A list over an array of findings, or over a store. */
struct finding_list finding_list_of(const struct findings *l);
struct finding_list finding_list_of_store(const struct findstore *s);

struct finding_text_opts {
	FILE *fp;
	bool group; /* one row per secret and place */
	bool noheadings;
	bool ascii;		/* ASCII cut marks */
	struct out_style style; /* raw, pairs, -w, colour (of SEVERITY) */
	const int *sel;		/* selected columns (indexes), nsel of them */
	size_t nsel;
};

/* The text table, rows in the list's order. With group, one row per
 * (rule, where, fingerprint), its processes listed ("1234,1240 (+32)");
 * else one row per finding. With colour, the SEVERITY cell is bold red
 * (critical), red (high), yellow (medium) or blue (low). Returns 0 or
 * -errno on a write error. */
int findings_print_text(const struct finding_text_opts *o,
			const struct finding_list *l);
/* {"findings": [...], "summary": {...}}. Returns 0 or -errno. */
int findings_print_json(FILE *fp, bool pretty, const struct finding_list *l,
			const struct scan_summary *sum);
/* One line per finding, each with record, time, host and procsift. */
void findings_print_ndjson(FILE *fp, const struct findings *l,
			   const struct ndjson_meta *m);
/* The last NDJSON line: the summary as a record. Returns 0 or -errno. */
int findings_print_ndjson_summary(FILE *fp, const struct scan_summary *sum,
				  const struct ndjson_meta *m);

/* A new JSON object for one finding (docs/schema/scan-finding.json). */
struct json_object *finding_to_json(const struct finding *f);
/* Set the members of o (a finding's object, or one to reuse: members are
 * replaced in place, in the same order) from f. */
void finding_fill_json(struct json_object *o, const struct finding *f);

#endif
