/* How findings and their summary are shown: text tables (one
 * row per secret and place, the processes that share it listed), JSON and
 * NDJSON. */
#ifndef RENDER_FINDING_VIEW_H
#define RENDER_FINDING_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <json.h>

#include "model/coverage.h"
#include "model/finding.h"
#include "model/findstore.h"
#include "render/table.h"
#include "scan/rules.h"

/* The column table of findings (finding_cols.c): the only description
 * of a finding in text, raw, pairs, JSON and NDJSON. The first
 * FINDING_NCOLS are shown by default (finding_cols_default, also what
 * etcd's audit shows); the others, one for each other key of a finding's
 * JSON object, with -o or --output-all. */
enum finding_col {
	FC_SEVERITY,
	FC_RULE,
	FC_PID,
	FC_COMMAND,
	FC_CONTAINER,
	FC_WHERE,
	FC_EVIDENCE,
	FC_KIND,
	FC_JUDGE,
	FC_CONFIDENCE,
	FC_START_TICKS,
	FC_POD_UID,
	FC_CONTAINER_NAME,
	FC_CONTAINER_IMAGE,
	FC_POD_NAME,
	FC_POD_NAMESPACE,
	FC_MESSAGE,
	FC_LENGTH,
	FC_FINGERPRINT,
	FC_FACTS,
	FC_TAGS,
	FC_GROUP,
	FC__COUNT
};
#define FINDING_NCOLS 7		    /* the default columns */
#define FINDING_NCOLS_ALL FC__COUNT /* every column */
extern const struct out_col finding_cols[FINDING_NCOLS_ALL];
extern const int finding_cols_default[FINDING_NCOLS];
/* Every column in the order of its key in a finding's JSON object
 * (docs/json.md): the text's order puts the default columns first. */
extern const int finding_cols_json[FINDING_NCOLS_ALL];

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

/* The row a column's getter reads: a finding, and in a text row that
 * groups findings (one secret and place) the group, whose processes the
 * PID cell lists and whose names the COMMAND and CONTAINER cells (and the
 * other cells that may differ in a group) show each once. The JSON value
 * is always f's own. */
struct finding_row {
	const struct finding *f;      /* the finding, or the group's first */
	const struct finding_list *l; /* the group: findings idx[0 .. n) */
	const uint32_t *idx;	      /* of l; n 1 (l may be NULL): f alone */
	size_t n;
	bool ascii; /* procsift's own marks in where as "..." */
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

/* A round of a scheduled scan (scan --interval). */
struct scan_round {
	uint64_t round;	     /* 1 for the first */
	size_t new_findings; /* reported first in this round */
	size_t present;	     /* reported in this round, new or not */
};
/* The line after each round's findings: the heartbeat record, with the
 * round's summary. Returns 0 or -errno. */
int findings_print_ndjson_heartbeat(FILE *fp, const struct scan_round *rd,
				    const struct scan_summary *sum,
				    const struct ndjson_meta *m);

/* A new JSON object for one finding (docs/schema/scan-finding.json). */
struct json_object *finding_to_json(const struct finding *f);
/* Set the members of o (a finding's object, or one to reuse: members are
 * replaced in place, in the same order) from f: the key of every column
 * of finding_cols, in finding_cols_json order. */
void finding_fill_json(struct json_object *o, const struct finding *f);

#endif
