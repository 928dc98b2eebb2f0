/* A finding: what a judge reports, as plain data, whatever its kind (a
 * plaintext secret, an indicator of compromise, a posture weakness).
 * Findings name the process by pid and start time, not by pointer, so
 * they outlive the snapshot they came from. */
#ifndef MODEL_FINDING_H
#define MODEL_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/redact.h"

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };
enum confidence { CONF_LOW, CONF_MEDIUM, CONF_HIGH };
enum finding_kind { KIND_SECRET, KIND_INDICATOR, KIND_POSTURE, KIND__COUNT };

#define FINDING_FACTS_MAX 8
#define FINDING_TAGS_MAX 4

/* One of a judge's own fields, as "facts": {"key": value}. */
enum fact_type { FACT_STR, FACT_INT, FACT_BOOL };
struct finding_fact {
	const char *key; /* static string, snake_case */
	enum fact_type type;
	char *str;     /* owned, for FACT_STR (raw bytes) */
	long long num; /* FACT_INT; FACT_BOOL 0 or 1 */
};

struct finding {
	enum finding_kind kind;
	const char *rule;  /* borrowed: the rule set, or a judge's static id */
	const char *judge; /* borrowed: the id of the judge that reported it */
	enum severity severity;
	enum confidence confidence;
	pid_t pid; /* 0 when not about a process */
	unsigned long long start_ticks;
	char *comm;	 /* owned, raw bytes; NULL without a process */
	char *container; /* owned: full container id, or NULL */
	char *pod_uid;	 /* owned: pod uid, or NULL */
	/* Owned: what the runtime's state files name the container and its
	 * pod (hostile text), or NULL. Filled by the walk, not by judges. */
	char *container_name, *container_image;
	char *pod_name, *pod_namespace;
	char *where; /* owned: "env:DB_PASSWORD", "argv[3]" */
	/* Where procsift's own "…" sits in where (a key cut or redacted in
	 * a nested path): text in a locale that is not UTF-8 shows "..." */
	struct redact_marks where_marks;
	char *message;	   /* owned, one line */
	char *evidence;	   /* owned: redacted unless revealed; NULL when
			    * nothing secret is involved */
	size_t secret_len; /* length of the secret, bytes (with evidence) */
	bool has_fingerprint;
	char fingerprint[FINGERPRINT_LEN + 1]; /* keyed hash, hex */
	struct finding_fact facts[FINDING_FACTS_MAX];
	size_t nfacts;
	const char *tags[FINDING_TAGS_MAX]; /* static: ATT&CK technique ids */
	size_t ntags;
};

struct findings {
	struct finding *f;
	size_t n, alloc;
};

/* A new zeroed finding appended to l (owned by l). */
struct finding *findings_add(struct findings *l);
void findings_release(struct findings *l);
/* Free the strings of one finding not in a list; f is zeroed. */
void finding_release(struct finding *f);

/* Add a fact (key is borrowed: a static string). A string value is
 * copied (len bytes); facts past FINDING_FACTS_MAX are dropped. */
void finding_fact_str(struct finding *f, const char *key, const char *s,
		      size_t len);
void finding_fact_int(struct finding *f, const char *key, long long v);
void finding_fact_bool(struct finding *f, const char *key, bool v);
/* Add a tag (static string); past FINDING_TAGS_MAX dropped. */
void finding_tag(struct finding *f, const char *tag);

/* "critical", "high", ... and back (case-insensitive); -1 for an unknown
 * name. */
const char *severity_name(enum severity s);
int severity_parse(const char *s);
const char *confidence_name(enum confidence c);
int confidence_parse(const char *s);
/* "secret", "indicator", "posture" and back; -1 for an unknown name. */
const char *finding_kind_name(enum finding_kind k);
int finding_kind_parse(const char *s, size_t len);

#endif
