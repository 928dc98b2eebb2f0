/* The rendered manifests of a Helm release: a multi-document YAML text,
 * split at "---" lines; the Secret and ConfigMap documents give their
 * data entries. libyaml events, read to three levels (kind,
 * metadata.name, data.KEY); no tree is built and no alias expanded. */
#include "etcd/helm.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "etcd/k8s.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum section { S_NONE, S_KIND, S_METADATA, S_DATA, S_STRINGDATA, S_BINARYDATA };

static const char *const section_names[] = {
	[S_DATA] = "data",
	[S_STRINGDATA] = "stringData",
	[S_BINARYDATA] = "binaryData",
};

struct entry {
	enum section section;
	char *key, *value; /* owned */
	size_t key_len, value_len;
};

/* One document being read. Levels: 1 is inside the top mapping, 2 inside
 * a value of it (metadata, data); deeper levels are only counted. */
#define LEVELS 3
struct doc {
	unsigned depth;		    /* open collections */
	bool is_map[LEVELS + 1];    /* level N is a mapping */
	bool want_key[LEVELS + 1];  /* level N's next node is a key */
	bool child_key[LEVELS + 1]; /* the open child of level N is a key */
	enum section key1, section; /* the level-1 key; its value's kind */
	char *key2;		    /* owned: the level-2 key */
	size_t key2_len;
	char *kind, *name; /* owned */
	size_t kind_len, name_len;
	struct entry *e;
	size_t n, alloc, room; /* room: entries it may still keep */
	bool capped;
};

static void set(char **dst, size_t *dlen, const void *s, size_t n)
{
	free(*dst);
	*dst = xmemdup0(s, n);
	*dlen = n;
}

static enum section classify(const char *s, size_t n)
{
	static const struct {
		const char *name;
		enum section s;
	} keys[] = {{"kind", S_KIND},
		    {"metadata", S_METADATA},
		    {"data", S_DATA},
		    {"stringData", S_STRINGDATA},
		    {"binaryData", S_BINARYDATA}};
	size_t i;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].name) == n && !memcmp(keys[i].name, s, n))
			return keys[i].s;
	return S_NONE;
}

/* A scalar (s, n) or, with s NULL, a collection or alias, as a node of
 * level lv (its parent). */
static void node(struct doc *d, unsigned lv, const char *s, size_t n)
{
	bool key = d->is_map[lv] && d->want_key[lv];
	if (lv == 1 && d->is_map[1]) {
		if (key)
			d->key1 = s ? classify(s, n) : S_NONE;
		else if (s && d->key1 == S_KIND)
			set(&d->kind, &d->kind_len, s, n);
	} else if (lv == 2 && d->is_map[2] && d->section != S_NONE) {
		if (key) {
			free(d->key2);
			d->key2 = NULL;
			if (s)
				set(&d->key2, &d->key2_len, s, n);
		} else if (s && d->key2 && d->section == S_METADATA) {
			if (d->key2_len == 4 && !memcmp(d->key2, "name", 4))
				set(&d->name, &d->name_len, s, n);
		} else if (s && d->key2) {
			struct entry *e;
			if (!d->room) {
				d->capped = true;
				return;
			}
			d->room--;
			if (d->n == d->alloc) {
				d->alloc = d->alloc ? d->alloc * 2 : 8;
				d->e = xrealloc(d->e, d->alloc * sizeof(*d->e));
			}
			e = &d->e[d->n++];
			e->section = d->section;
			e->key = xmemdup0(d->key2, d->key2_len);
			e->key_len = d->key2_len;
			e->value = xmemdup0(s, n);
			e->value_len = n;
		}
	}
}

/* After a node of level lv is complete. */
static void done(struct doc *d, unsigned lv, bool was_key)
{
	if (lv >= 1 && lv <= LEVELS && d->is_map[lv])
		d->want_key[lv] = was_key ? false : true;
}

static void on_event(struct doc *d, const yaml_event_t *ev)
{
	unsigned lv = d->depth;
	bool key = lv >= 1 && lv <= LEVELS && d->is_map[lv] && d->want_key[lv];
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (lv <= LEVELS)
			node(d, lv, (const char *)ev->data.scalar.value,
			     ev->data.scalar.length);
		done(d, lv, key);
		break;
	case YAML_ALIAS_EVENT:
		if (lv <= LEVELS)
			node(d, lv, NULL, 0);
		done(d, lv, key);
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (lv >= 1 && lv <= LEVELS)
			node(d, lv, NULL, 0);
		if (lv == 1)
			d->section =
				!key && d->key1 != S_KIND ? d->key1 : S_NONE;
		if (lv <= LEVELS)
			d->child_key[lv] = key;
		d->depth++;
		if (d->depth <= LEVELS) {
			d->is_map[d->depth] =
				ev->type == YAML_MAPPING_START_EVENT;
			d->want_key[d->depth] = true;
		}
		break;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (!d->depth)
			break;
		d->depth--;
		if (d->depth == 1)
			d->section = S_NONE;
		if (d->depth >= 1 && d->depth <= LEVELS)
			done(d, d->depth, d->child_key[d->depth]);
		break;
	default:
		break;
	}
}

static void doc_release(struct doc *d)
{
	size_t i;
	for (i = 0; i < d->n; i++) {
		free(d->e[i].key);
		free(d->e[i].value);
	}
	free(d->e);
	free(d->key2);
	free(d->kind);
	free(d->name);
}

/* Read the first document of s (n bytes) into d. */
static void parse(struct doc *d, const char *s, size_t n)
{
	yaml_parser_t p;
	bool end = false;
	if (!yaml_parser_initialize(&p))
		return;
	yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
	while (!end) {
		yaml_event_t ev;
		/* A document that does not parse keeps what was read
		 * before the error. */
		if (!yaml_parser_parse(&p, &ev))
			break;
		end = ev.type == YAML_DOCUMENT_END_EVENT ||
		      ev.type == YAML_STREAM_END_EVENT;
		on_event(d, &ev);
		yaml_event_delete(&ev);
		if (d->depth > HELM_MAX_DEPTH) {
			d->capped = true; /* keeps what was read */
			break;
		}
	}
	yaml_parser_delete(&p);
}

static bool is(const char *s, size_t n, const char *lit)
{
	return s && n == strlen(lit) && !memcmp(s, lit, n);
}

/* Base64 with line breaks and spaces (a YAML block scalar) taken out. */
static int b64_loose(const char *s, size_t n, uint8_t **out, size_t *outlen)
{
	char *t = xmalloc(n + 1);
	size_t i, k = 0;
	int r;
	for (i = 0; i < n; i++)
		if (s[i] != '\n' && s[i] != '\r' && s[i] != ' ' && s[i] != '\t')
			t[k++] = s[i];
	r = k8s_base64_decode(t, k, out, outlen);
	free(t);
	return r;
}

/* Hand d's entries to fn. Returns non-zero when fn asked to stop. */
static int emit(const struct doc *d, const char *prefix, size_t prefix_len,
		helm_part_fn fn, void *arg, size_t *parts)
{
	bool secret = is(d->kind, d->kind_len, "Secret");
	struct strbuf w = STRBUF_INIT;
	size_t i;
	int stop = 0;
	for (i = 0; i < d->n && !stop; i++) {
		const struct entry *e = &d->e[i];
		uint8_t *dec = NULL;
		size_t dlen = 0;
		strbuf_reset(&w);
		strbuf_add_label(&w, prefix, prefix_len);
		strbuf_addch(&w, '[');
		strbuf_add_label(&w, d->kind, d->kind_len);
		if (d->name) {
			strbuf_addch(&w, '/');
			strbuf_add_label(&w, d->name, d->name_len);
		}
		strbuf_addf(&w, "].%s[", section_names[e->section]);
		strbuf_add_label(&w, e->key, e->key_len);
		strbuf_addch(&w, ']');
		if ((secret && e->section == S_DATA) ||
		    e->section == S_BINARYDATA)
			if (b64_loose(e->value, e->value_len, &dec, &dlen))
				dec = NULL; /* judged as written */
		(*parts)++;
		stop = fn(arg, w.buf, w.len, dec ? (const char *)dec : e->value,
			  dec ? dlen : e->value_len);
		free(dec);
	}
	strbuf_release(&w);
	return stop;
}

/* The end of the "---" line at s (n bytes left, at a line start), or
 * NULL when the line is not one. */
static const char *separator(const char *s, size_t n)
{
	const char *nl;
	if (n < 3 || memcmp(s, "---", 3))
		return NULL;
	if (n > 3 && s[3] != '\n' && s[3] != '\r' && s[3] != ' ' &&
	    s[3] != '\t')
		return NULL;
	nl = memchr(s, '\n', n);
	return nl ? nl + 1 : s + n;
}

enum helm_stop helm_manifest_parts(const char *yaml, size_t len,
				   const char *prefix, size_t prefix_len,
				   helm_part_fn fn, void *arg, size_t *parts)
{
	const char *p = yaml, *end = yaml + len, *start = yaml;
	size_t docs = 0;
	while (start < end) {
		const char *q = p, *next = NULL, *stop_at = end;
		/* The next separator line at or after p. */
		while (q < end) {
			const char *s = separator(q, (size_t)(end - q));
			if (s && q != start) {
				stop_at = q;
				next = s;
				break;
			}
			if (s) {
				start = q = s; /* a leading separator */
				continue;
			}
			q = memchr(q, '\n', (size_t)(end - q));
			q = q ? q + 1 : end;
		}
		if (start < stop_at) {
			size_t n = (size_t)(stop_at - start);
			struct doc d;
			int r;
			if (++docs > HELM_MAX_DOCS)
				return HELM_PARTS_CAPPED;
			/* Only Secrets and ConfigMaps are read. */
			if (memmem(start, n, "Secret", 6) ||
			    memmem(start, n, "ConfigMap", 9)) {
				memset(&d, 0, sizeof(d));
				d.room = *parts < HELM_MAX_PARTS
						 ? HELM_MAX_PARTS - *parts
						 : 0;
				parse(&d, start, n);
				r = 0;
				if (is(d.kind, d.kind_len, "Secret") ||
				    is(d.kind, d.kind_len, "ConfigMap"))
					r = emit(&d, prefix, prefix_len, fn,
						 arg, parts);
				else /* parts capped do not matter there;
				      * depth does: its kind may come late */
					d.capped = d.depth > HELM_MAX_DEPTH;
				doc_release(&d);
				if (r)
					return HELM_WHOLE;
				if (d.capped)
					return HELM_PARTS_CAPPED;
			}
		}
		if (!next)
			break;
		start = p = next;
	}
	return HELM_WHOLE;
}
