/* Helm release Secrets (type helm.sh/release.v1): the value of
 * data.release is base64 text of gzip of the release JSON (Helm's
 * storage driver, pkg/storage/driver/util.go). Decoded here with caps
 * against decompression bombs, and split into the parts that can hold
 * secrets: the user-supplied values (config), the chart's default values,
 * and the Secret and ConfigMap data of the rendered manifests and hooks.
 * Pure: bytes in, parts out; no I/O, no globals. */
#ifndef ETCD_HELM_H
#define ETCD_HELM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Inflating stops at HELM_MAX_INFLATED bytes of output, and past
 * HELM_RATIO_FREE bytes at HELM_RATIO output bytes per gzip byte:
 * whichever comes first. The buffer never grows past the limit, so a
 * small gzip that expands to gigabytes costs a few MiB and milliseconds. */
#define HELM_MAX_INFLATED (16u << 20)
#define HELM_RATIO_FREE (256u << 10)
#define HELM_RATIO 256u
/* The release JSON is parsed (json-c, one object per value) only when it
 * has at most this many structural tokens ({ [ , :) outside strings: a
 * real release has thousands, and json-c's objects cost ~100 bytes each. */
#define HELM_MAX_JSON_TOKENS (256u << 10)
/* At most this many parts are handed on per release, and this many
 * manifest documents looked at. */
#define HELM_MAX_PARTS 4096
#define HELM_MAX_DOCS 4096
/* A manifest document is read no deeper than this: libyaml checks every
 * open flow level on every token, so 16 MiB of "[[[[" would take hours;
 * a Secret's or ConfigMap's entries are at depth 2. */
#define HELM_MAX_DEPTH 64

/* Why a release was not decoded whole (judged in part or not at all). */
enum helm_stop {
	HELM_WHOLE,	   /* decoded whole */
	HELM_BAD_BASE64,   /* data.release is not base64 (from the start, or
			    * past what was inflated) */
	HELM_CUT_SIZE,	   /* inflating stopped at HELM_MAX_INFLATED */
	HELM_CUT_RATIO,	   /* inflating stopped at the ratio cap */
	HELM_BAD_GZIP,	   /* the gzip stream is corrupt or truncated */
	HELM_BAD_JSON,	   /* the release is not a JSON object */
	HELM_TOO_COMPLEX,  /* over HELM_MAX_JSON_TOKENS: not parsed */
	HELM_PARTS_CAPPED, /* over HELM_MAX_PARTS or HELM_MAX_DOCS */
};

/* "whole", "bad-base64", "size-cap", "ratio-cap", "bad-gzip", "bad-json",
 * "too-complex", "parts-cap". */
const char *helm_stop_name(enum helm_stop s);

struct helm_release {
	char *json; /* owned: the release as inflated, NUL-terminated (NULL
		     * with HELM_BAD_BASE64) */
	size_t len;
	size_t packed; /* bytes after base64 (the gzip, or the JSON) */
	bool gzip;     /* it had the gzip magic */
	enum helm_stop stop;
	/* From the JSON (owned, NULL when absent or not a string): */
	char *name, *ns, *status, *chart, *chart_version;
	int64_t version; /* the release revision, 0 when absent */
};

/* Decode the value of data.release (len bytes of base64 text): base64,
 * then gzip when the magic 1f 8b 08 is there (as Helm, an uncompressed
 * JSON is taken as it is), with the caps above. A gzip is decoded and
 * inflated piece by piece, so one corrupt from the start costs little. r is
 * initialised here; call helm_release_free_contents afterwards. r->stop says
 * what stopped decoding (HELM_CUT_* and HELM_BAD_GZIP keep what was inflated
 * before). Returns 0, or -EINVAL for bad base64 (r->stop HELM_BAD_BASE64;
 * r->json NULL when it was bad from the start). */
int helm_release_inflate(const char *text, size_t len, struct helm_release *r);

/* A part of a release: where in it ("release.config",
 * "release.manifest[Secret/db].data[password]"; NUL-terminated, raw
 * bytes of names from the release), and the value (borrowed for the
 * call; Secret data base64-decoded). A non-zero return stops the walk. */
typedef int (*helm_part_fn)(void *arg, const char *where, size_t where_len,
			    const char *value, size_t len);

/* Parse r->json and call fn for each part, in this order: config (the
 * user values, as compact JSON), chart.values (the same), then for each
 * YAML document of manifest and of each hook's manifest whose kind is
 * Secret or ConfigMap, each data, stringData and binaryData entry. Also
 * fills r's names. When the JSON does not parse (a cut or corrupt
 * release, or too many tokens), fn gets the whole inflated text once as
 * "release" instead when it starts as a release does ('{'), and r->stop
 * says why (if it said nothing yet).
 * Returns the number of parts handed on. */
size_t helm_release_parts(struct helm_release *r, helm_part_fn fn, void *arg);

/* Free r's contents (r may then be reused after helm_release_inflate). */
void helm_release_free_contents(struct helm_release *r);

/* The documents of a multi-document YAML text (a rendered manifest) whose
 * kind is Secret or ConfigMap: fn for each entry of data, stringData and
 * binaryData, with where "PREFIX[Kind/name].data[key]" (prefix
 * prefix_len bytes). Documents are split at "---" lines and parsed one
 * by one (libyaml events, no alias expanded), so one bad document does
 * not hide the next. *parts counts the parts handed on, and parsing stops
 * at HELM_MAX_PARTS of them or HELM_MAX_DOCS documents (returns
 * HELM_PARTS_CAPPED), or when fn asks (returns HELM_WHOLE). */
enum helm_stop helm_manifest_parts(const char *yaml, size_t len,
				   const char *prefix, size_t prefix_len,
				   helm_part_fn fn, void *arg, size_t *parts);

#endif
