/* The etcd Secrets column table: for each column its names, header, JSON
 * key and type, the getter that makes both its text cell and its JSON
 * value from a struct etcd_row, and its help. The only description of a
 * Secret row: text, raw, pairs and the JSON "secrets" items come from it. */
#include "render/etcd_view.h"

#include <stdint.h>

#include "render/json.h"
#include "render/proc_view.h"
#include "util/strbuf.h"

enum etcd_col {
	C_NS,
	C_NAME,
	C_TYPE,
	C_KEYS,
	C_STORAGE,
	C_REVISION,
	C_STATE,
	C_FINDINGS,
	C_KEY,
	C_PAGE,
	C_UID,
	C_CREATED,
	C_VERSION,
	C_FINGERPRINT,
	C_NOTE,
	/* Keys of the JSON object that had no column before. */
	C_PROVIDER,
	C_KEY_NAME,
	C_KMS_KEY_ID,
	C_CREATE_REVISION,
	C_LAST_APPLIED,
	C_LENGTH,
	C_HEAD,
	C_DECODE_ERROR,
	C__COUNT
};
_Static_assert(C__COUNT == ETCD_VIEW_NCOLS, "ETCD_VIEW_NCOLS");

/* Getters: c->text always, c->json when c->want_json. */
#define GETTER(fn) static void fn(const void *row, struct out_cell *c)
#define W ((const struct etcd_row *)row)
#define JSON(v)                        \
	do {                           \
		if (c->want_json)      \
			c->json = (v); \
	} while (0)

static bool plaintext(const struct etcd_row *w)
{
	return w->storage == K8S_STORE_PROTOBUF || w->storage == K8S_STORE_JSON;
}

/* A string of the Secret's that may be missing: empty text, null. */
static void str_cell(struct out_cell *c, const char *s)
{
	strbuf_addstr(&c->text, s ? s : "");
	JSON(out_json_str(s));
}

static void int_cell(struct out_cell *c, int64_t v)
{
	strbuf_addf(&c->text, "%lld", (long long)v);
	JSON(json_object_new_int64(v));
}

static void u64_cell(struct out_cell *c, uint64_t v)
{
	strbuf_addf(&c->text, "%llu", (unsigned long long)v);
	JSON(json_object_new_uint64(v));
}

static void yes_no(struct out_cell *c, bool v)
{
	strbuf_addstr(&c->text, v ? "yes" : "no");
	JSON(json_object_new_boolean(v));
}

GETTER(get_key)
{
	strbuf_add(&c->text, W->key, W->key_len);
	JSON(out_json_strn(W->key, W->key_len));
}

GETTER(get_namespace)
{
	str_cell(c, W->ns);
}

GETTER(get_name)
{
	str_cell(c, W->name);
}

GETTER(get_type)
{
	str_cell(c, W->type);
}

GETTER(get_keys)
{
	struct json_object *a = c->want_json ? json_object_new_array() : NULL;
	size_t i;
	for (i = 0; i < W->nkeys; i++) {
		strbuf_addf(&c->text, "%s%s", i ? "," : "", W->keys[i]);
		if (a)
			json_object_array_add(a, out_json_str(W->keys[i]));
	}
	c->json = a;
}

/* Text "plaintext", "json", "encrypted:aescbc/key1", "unknown", "-" (the
 * provider and key name are columns of their own in JSON); JSON
 * "plaintext", "json", "encrypted", "unknown", "none". */
GETTER(get_storage)
{
	const char *j;
	switch (W->storage) {
	case K8S_STORE_PROTOBUF:
		j = "plaintext";
		strbuf_addstr(&c->text, j);
		break;
	case K8S_STORE_JSON:
		j = "json";
		strbuf_addstr(&c->text, j);
		break;
	case K8S_STORE_ENCRYPTED:
		j = "encrypted";
		strbuf_addf(&c->text, "encrypted:%s/%s",
			    W->provider ? W->provider : "?",
			    W->key_name ? W->key_name : "?");
		break;
	case K8S_STORE_NONE:
		j = "none";
		strbuf_addstr(&c->text, "-");
		break;
	default:
		j = "unknown";
		strbuf_addstr(&c->text, j);
	}
	JSON(json_object_new_string(j));
}

GETTER(get_provider)
{
	str_cell(c, W->provider);
}

GETTER(get_key_name)
{
	str_cell(c, W->key_name);
}

GETTER(get_kms_key_id)
{
	str_cell(c, W->kms_key_id);
}

GETTER(get_revision)
{
	int_cell(c, W->revision);
}

GETTER(get_create_revision)
{
	int_cell(c, W->create_revision);
}

GETTER(get_version)
{
	int_cell(c, W->version);
}

GETTER(get_state)
{
	const char *s = etcd_state_name(W->state);
	strbuf_addstr(&c->text, s);
	JSON(json_object_new_string(s));
}

GETTER(get_page)
{
	if (W->state == ETCD_RECOVERED)
		u64_cell(c, W->page);
}

GETTER(get_uid)
{
	str_cell(c, W->uid);
}

/* A creation time as the process views show a start time. */
GETTER(get_created)
{
	char buf[32];
	if (!W->has_created)
		return;
	proc_iso_time(buf, sizeof(buf), (long long)W->created);
	strbuf_addstr(&c->text, buf);
	JSON(json_object_new_string(buf));
}

GETTER(get_last_applied)
{
	yes_no(c, W->last_applied);
}

/* Shown in text whenever the row has one; in JSON only where it is the
 * data's or the stored value's (not a tombstone's or unknown's). */
GETTER(get_fingerprint)
{
	strbuf_addstr(&c->text, W->fingerprint);
	JSON(plaintext(W) || W->storage == K8S_STORE_ENCRYPTED
		     ? json_object_new_string(W->fingerprint)
		     : NULL);
}

GETTER(get_length)
{
	if (plaintext(W))
		u64_cell(c, W->data_len);
}

GETTER(get_note)
{
	str_cell(c, W->note);
}

GETTER(get_head)
{
	size_t i;
	if (W->storage != K8S_STORE_UNKNOWN)
		return;
	for (i = 0; i < W->head_len; i++)
		strbuf_addf(&c->text, "%02x", W->head[i]);
	JSON(json_object_new_string(c->text.len ? c->text.buf : ""));
}

GETTER(get_decode_error)
{
	yes_no(c, W->decode_error);
}

GETTER(get_findings)
{
	u64_cell(c, W->nfindings);
}

const struct out_col etcd_view_cols[ETCD_VIEW_NCOLS] = {
	[C_NS] = {"namespace", "NAMESPACE", "namespace", 12, OUT_COL_TRUNC,
		  "the Secret's namespace", NULL, OUT_JSON_STRING,
		  get_namespace, 0},
	[C_NAME] = {"name", "NAME", "name", 20, OUT_COL_TRUNC,
		    "the Secret's name", NULL, OUT_JSON_STRING, get_name, 0},
	[C_TYPE] = {"type", "TYPE", "type", 0.15, OUT_COL_TRUNC,
		    "the Secret's type", NULL, OUT_JSON_STRING, get_type, 0},
	[C_KEYS] = {"keys", "KEYS", "keys", 0.15, OUT_COL_TRUNC,
		    "the names of its data keys", NULL, OUT_JSON_ARRAY,
		    get_keys, 0},
	[C_STORAGE] = {"storage", "STORAGE", "storage", 0.2, OUT_COL_TRUNC,
		       "plaintext (protobuf), json, encrypted:PROVIDER/KEY, "
		       "unknown, - (tombstone)",
		       NULL, OUT_JSON_STRING, get_storage, 0},
	[C_REVISION] = {"revision", "REVISION", "revision", 6, OUT_COL_RIGHT,
			"the etcd revision that stored it", NULL, OUT_JSON_INT,
			get_revision, 0},
	[C_STATE] = {"state", "STATE", "state", 10, 0,
		     "live, superseded, deleted or recovered", NULL,
		     OUT_JSON_STRING, get_state, 0},
	[C_FINDINGS] = {"findings", "FINDINGS", "findings", 4, OUT_COL_RIGHT,
			"findings about this revision", NULL, OUT_JSON_INT,
			get_findings, 0},
	[C_KEY] = {"key", "KEY", "key", 0.3, OUT_COL_TRUNC, "the etcd key",
		   NULL, OUT_JSON_STRING, get_key, 0},
	[C_PAGE] = {"page", "PAGE", "page", 6, OUT_COL_RIGHT,
		    "recovered: the free page it came from", NULL, OUT_JSON_INT,
		    get_page, 0},
	[C_UID] = {"uid", "UID", "uid", 36, 0, "metadata.uid", NULL,
		   OUT_JSON_STRING, get_uid, 0},
	[C_CREATED] = {"created", "CREATED", "created", 20, 0,
		       "metadata.creationTimestamp", NULL, OUT_JSON_STRING,
		       get_created, 0},
	[C_VERSION] = {"version", "VERSION", "version", 4, OUT_COL_RIGHT,
		       "the key's version (number of writes since creation)",
		       NULL, OUT_JSON_INT, get_version, 0},
	[C_FINGERPRINT] = {"fingerprint", "FINGERPRINT", "fingerprint", 12, 0,
			   "keyed fingerprint of the data", NULL,
			   OUT_JSON_STRING, get_fingerprint, 0},
	[C_NOTE] = {"note", "NOTE", "note", 0.2, OUT_COL_TRUNC,
		    "what the data is (registry user, token subject)", NULL,
		    OUT_JSON_STRING, get_note, 0},
	[C_PROVIDER] = {"provider", "PROVIDER", "provider", 9, 0,
			"encrypted: the provider (aescbc, kms, ...)", NULL,
			OUT_JSON_STRING, get_provider, 0},
	[C_KEY_NAME] = {"key_name", "KEY_NAME", "key_name", 0.1, OUT_COL_TRUNC,
			"encrypted: the key's or KMS configuration's name",
			NULL, OUT_JSON_STRING, get_key_name, 0},
	[C_KMS_KEY_ID] = {"kms_key_id", "KMS_KEY_ID", "kms_key_id", 0.1,
			  OUT_COL_TRUNC, "KMS v2: the keyID of the value", NULL,
			  OUT_JSON_STRING, get_kms_key_id, 0},
	[C_CREATE_REVISION] = {"create_revision", "CREATE_REV",
			       "create_revision", 6, OUT_COL_RIGHT,
			       "the revision that created the key", NULL,
			       OUT_JSON_INT, get_create_revision, 0},
	[C_LAST_APPLIED] = {"last_applied", "LAST_APPLIED", "last_applied", 3,
			    0, "yes where the last-applied annotation is there",
			    NULL, OUT_JSON_BOOL, get_last_applied, 0},
	[C_LENGTH] = {"length", "LENGTH", "length", 6, OUT_COL_RIGHT,
		      "plaintext, json: bytes of secret material", NULL,
		      OUT_JSON_INT, get_length, 0},
	[C_HEAD] = {"head", "HEAD", "head", 32, 0,
		    "unknown: the value's first bytes, hex", NULL,
		    OUT_JSON_STRING, get_head, 0},
	[C_DECODE_ERROR] = {"decode_error", "DECODE_ERROR", "decode_error", 3,
			    0, "yes where the value did not decode completely",
			    NULL, OUT_JSON_BOOL, get_decode_error, 0},
};
const size_t etcd_view_ncols =
	sizeof(etcd_view_cols) / sizeof(etcd_view_cols[0]);
const int etcd_view_default[] = {C_NS,	    C_NAME,	C_TYPE,	 C_KEYS,
				 C_STORAGE, C_REVISION, C_STATE, C_FINDINGS};
const size_t etcd_view_ndefault =
	sizeof(etcd_view_default) / sizeof(etcd_view_default[0]);

/* The Secret object's keys in the order docs/json.md lists them: the key
 * first, as it names the row; the table keeps the order -o and
 * --output-all have always shown. */
const int etcd_view_json[ETCD_VIEW_NCOLS] = {
	C_KEY,
	C_NS,
	C_NAME,
	C_TYPE,
	C_KEYS,
	C_STORAGE,
	C_PROVIDER,
	C_KEY_NAME,
	C_KMS_KEY_ID,
	C_REVISION,
	C_CREATE_REVISION,
	C_VERSION,
	C_STATE,
	C_PAGE,
	C_UID,
	C_CREATED,
	C_LAST_APPLIED,
	C_FINGERPRINT,
	C_LENGTH,
	C_NOTE,
	C_HEAD,
	C_DECODE_ERROR,
	C_FINDINGS,
};
