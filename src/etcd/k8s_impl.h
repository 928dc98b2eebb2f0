/* Private helpers shared by the Kubernetes decoders (k8s.c, k8s_json.c,
 * k8s_views.c, and helm.c): copying hostile strings out, base64 and json-c
 * parsing of values that are not NUL-terminated. */
#ifndef ETCD_K8S_IMPL_H
#define ETCD_K8S_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json.h>

#include "etcd/k8s.h"

#define K8S_LAST_APPLIED "kubectl.kubernetes.io/last-applied-configuration"

/* Replace *dst (freed) with a NUL-terminated copy of n bytes. */
void k8s_set_str(char **dst, const void *p, size_t n);
/* Append an entry to s->data, copying both key and value. */
void k8s_data_add(struct k8s_secret *s, const void *key, size_t klen,
		  const void *val, size_t vlen);
/* The same; with borrow, val is kept as a pointer, not copied. */
void k8s_data_add_ex(struct k8s_secret *s, const void *key, size_t klen,
		     const void *val, size_t vlen, bool borrow);
/* Keep the first bytes of val in s->head. */
void k8s_set_head(struct k8s_secret *s, const uint8_t *val, size_t len);
/* Base64 with the standard or (url) the URL-safe alphabet, padding
 * optional; as k8s_base64_decode. */
int k8s_b64_decode(const char *in, size_t len, bool url, uint8_t **out,
		   size_t *outlen);
/* Parse len bytes (not NUL-terminated) as one JSON value; trailing bytes
 * after it are ignored. Returns a new reference or NULL. json-c bounds
 * the nesting depth, so a hostile value cannot recurse without end. */
struct json_object *k8s_json_parse(const uint8_t *buf, size_t len);
/* A borrowed string member of obj, or NULL when absent or not a string;
 * *len gets its length. */
const char *k8s_json_str(struct json_object *obj, const char *key, size_t *len);
/* Decode a JSON-stored object into s (already initialised, storage set
 * by the caller to K8S_STORE_JSON). */
void k8s_json_decode(const uint8_t *val, size_t len, struct k8s_secret *s);

#endif
