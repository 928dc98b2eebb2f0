/* A finding: what a scanner reports, as plain data. Findings name the
 * process by pid and start time, not by pointer, so they outlive the
 * process table. */
#ifndef MODEL_FINDING_H
#define MODEL_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };
enum confidence { CONF_LOW, CONF_MEDIUM, CONF_HIGH };

#define FINGERPRINT_LEN 12

struct finding {
	const char *rule; /* rule id, borrowed from the rule set */
	enum severity severity;
	enum confidence confidence;
	pid_t pid; /* 0 when not about a process */
	unsigned long long start_ticks;
	char *comm;	   /* owned, raw bytes */
	char *where;	   /* owned: "env:DB_PASSWORD" */
	char *evidence;	   /* owned: redacted unless revealed */
	size_t secret_len; /* length of the secret, bytes */
	char fingerprint[FINGERPRINT_LEN + 1]; /* keyed hash, hex */
	char *message;			       /* owned, one line */
};

struct findings {
	struct finding *f;
	size_t n, alloc;
};

/* A new zeroed finding appended to l (owned by l). */
struct finding *findings_add(struct findings *l);
void findings_release(struct findings *l);
/* Free the strings of one finding not in a list. */
void finding_release(struct finding *f);

/* "critical", "high", ... and back; -1 for an unknown name. */
const char *severity_name(enum severity s);
int severity_parse(const char *s);
const char *confidence_name(enum confidence c);
int confidence_parse(const char *s);

#endif
