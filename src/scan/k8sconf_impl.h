/* A bounded YAML tree for the Kubernetes configuration parsers
 * (k8sconf.c): the first document of a file, built from libyaml's events
 * with caps on nodes, depth and anchors. An alias is a reference to the
 * node its anchor names, never a copy, so a "billion laughs" document
 * costs its own size; walks through shared nodes spend a step budget
 * instead. Running out is sticky (exhausted): a lookup cut short answers
 * -1 like a key not given, so the walker must fail the whole document
 * rather than judge from it. Internal to src/scan/k8sconf*. */
#ifndef SCAN_K8SCONF_IMPL_H
#define SCAN_K8SCONF_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#define KC_NODES_MAX 50000 /* a real configuration has a few hundred */
#define KC_DEPTH_MAX 32	   /* nesting of sequences and mappings */
#define KC_ANCHORS_MAX 256 /* anchors defined in one document */
#define KC_BUDGET 1000000L /* steps of the walks over one document */
#define KC_MERGE_DEPTH 4   /* "<<" merge keys followed this deep */

enum kc_type { KC_SCALAR, KC_SEQ, KC_MAP };

struct kc_node {
	enum kc_type type;
	bool plain; /* a plain (unquoted, untagged) scalar: may resolve to
		     * null, a boolean or a number */
	bool open;  /* a container whose end was not met yet */
	char *s;    /* owned, NUL-terminated scalar text */
	size_t len;
	int *kids; /* owned: items, or key, value, key, value... */
	size_t nkids, kids_alloc;
};

struct kc_anchor {
	char *name; /* owned */
	int node;
};

struct kc_doc {
	struct kc_node *n;
	size_t nn, n_alloc;
	struct kc_anchor *anchors;
	size_t nanchors, anchors_alloc;
	int root;	/* node index, or -1: an empty document */
	long budget;	/* steps left for walks */
	bool exhausted; /* a step was refused: every answer since may be
			 * cut short */
};

/* Load the first document of buf (len bytes; YAML or JSON) into d.
 * Returns 0, or -EINVAL with why set ("YAML error at line 3: ...",
 * "nests deeper than 32 levels"); d is then empty (kc_doc_release is
 * still fine). */
int kc_doc_load(struct kc_doc *d, const char *buf, size_t len, char *why,
		size_t whylen);
void kc_doc_release(struct kc_doc *d);

/* The node at index i (-1: NULL). */
const struct kc_node *kc_node(const struct kc_doc *d, int i);
/* Whether one more step of a walk is allowed (spends it); once refused,
 * d->exhausted is set for good. */
bool kc_step(struct kc_doc *d);
/* The value of key in mapping m (the last one given; a key not given is
 * looked up in the mappings "<<" merges), or -1: not given, or the
 * budget ran out (d->exhausted: the caller must not take it for absent). */
int kc_get(struct kc_doc *d, int m, const char *key);

/* A plain scalar that YAML 1.1 (as Kubernetes' decoder reads it) takes
 * for null: "", "~", "null". A missing node (-1) is null too. */
bool kc_is_null(const struct kc_doc *d, int i);
/* The value as a string: a quoted scalar, or a plain one that is not
 * null, a boolean or a number. NULL otherwise. Borrowed. */
const char *kc_str(const struct kc_doc *d, int i);
/* The value as a boolean (plain true/false, yes/no, on/off): 0 or -1
 * when it is not one. */
int kc_bool(const struct kc_doc *d, int i, bool *out);
/* The value as an integer (plain, decimal or 0x hex): 0 or -1. */
int kc_int(const struct kc_doc *d, int i, long long *out);
/* Whether node i is a scalar equal to s. */
bool kc_is(const struct kc_doc *d, int i, const char *s);

#endif
