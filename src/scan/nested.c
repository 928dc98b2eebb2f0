/* Secrets named inside structured values: one allocation-free walker per
 * format (JSON, lines for YAML/INI/.env, URL query, connection strings)
 * over spans of the caller's bytes. A scalar that is structured itself is
 * walked again one level deeper, so the work is at most O(depth x len):
 * the values walked at one level are disjoint spans of the level above,
 * and each walk (detection included) is a few linear passes. */
#include "scan/nested.h"

#include <string.h>

#include "scan/nested_impl.h"

/* ---- Helpers ---- */

bool nested_blank(char c)
{
	return c == ' ' || c == '\t';
}

bool nested_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *nested_blanks(const char *p, const char *end)
{
	while (p < end && nested_blank(*p))
		p++;
	return p;
}

const char *nested_spaces(const char *p, const char *end)
{
	while (p < end && nested_ws(*p))
		p++;
	return p;
}

/* The end of [b, e) without its trailing blanks. */
const char *nested_trim(const char *b, const char *e)
{
	while (e > b && nested_blank(e[-1]))
		e--;
	return e;
}

/* Is c one of the bytes of set? Never for NUL (strchr would find the
 * terminator). */
bool nested_in(char c, const char *set)
{
	return c && strchr(set, c);
}

bool nested_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool nested_alnum(char c)
{
	return nested_alpha(c) || (c >= '0' && c <= '9');
}

void nested_cap(struct nested_walker *w, const char *p)
{
	if (!w->cut || p < w->cut)
		w->cut = p;
}

/* Append n bytes to the path (only what fits is kept). Keys recorded at
 * or past the write are gone from the path. */
void nested_path_put(struct nested_walker *w, const char *b, size_t n)
{
	size_t i;
	while (w->nseg && w->seg[w->nseg - 1].path_off >= w->plen)
		w->nseg--;
	for (i = 0; i < n && w->plen + i < NESTED_PATH_MAX; i++)
		w->path[w->plen + i] = b[i] ? b[i] : '?';
	w->plen += n;
}

/* A key as a path component: at most NESTED_KEY_SHOWN bytes of it (whole
 * UTF-8 characters), then "…", so that one long key cannot fill the path;
 * and where its bytes came from, so that a caller can hide them. */
void nested_path_key(struct nested_walker *w, const char *k, size_t n)
{
	static const char qs[NESTED_KEY_SHOWN] = {0};
	size_t shown = n, off, back;
	bool cut = n > NESTED_KEY_SHOWN;
	if (w->plen)
		nested_path_put(w, ".", 1);
	if (cut) {
		shown = NESTED_KEY_SHOWN;
		for (back = 0; back < 3 && shown > 1 &&
			       ((unsigned char)k[shown] & 0xc0) == 0x80;
		     back++)
			shown--;
	}
	off = w->plen;
	/* No room to say where the key came from (deeper than any walk
	 * goes): it is shown as '?' rather than unaccounted for. */
	nested_path_put(w, w->nseg < NESTED_SEGS_MAX ? k : qs, shown);
	if (cut)
		nested_path_put(w, "\xe2\x80\xa6", 3); /* U+2026 */
	if (w->nseg < NESTED_SEGS_MAX)
		w->seg[w->nseg++] = (struct nested_seg){off, k, shown, cut};
}

void nested_path_index(struct nested_walker *w, size_t i)
{
	char buf[24], *p = buf + sizeof(buf);
	*--p = ']';
	do
		*--p = (char)('0' + i % 10);
	while (i /= 10);
	*--p = '[';
	nested_path_put(w, p, (size_t)(buf + sizeof(buf) - p));
}

/* Report one pair; the path already ends with its key or index. */
void nested_emit(struct nested_walker *w, enum nested_format f, const char *k,
		 size_t kl, const char *v, size_t vl, unsigned depth)
{
	struct nested_pair p;
	size_t kept = w->plen < NESTED_PATH_MAX ? w->plen : NESTED_PATH_MAX;
	size_t nseg = w->nseg;
	if (w->stop)
		return;
	while (nseg && w->seg[nseg - 1].path_off >= w->plen)
		nseg--;
	w->path[kept] = '\0';
	p.format = f;
	p.key = k;
	p.key_len = kl;
	p.path = w->path;
	p.path_len = kept;
	p.path_truncated = w->plen > NESTED_PATH_MAX;
	p.segs = w->seg;
	p.nsegs = nseg;
	p.value = v;
	p.value_len = vl;
	p.depth = depth;
	if (w->fn(&p, w->arg)) {
		w->stop = true;
	} else if (++w->npairs >= NESTED_MAX_PAIRS) {
		/* This value's own pairs, and all after it, go unwalked. */
		w->stop = true;
		nested_cap(w, v);
	}
}

/* A scalar at depth: reported (when asked and it has a key), then walked
 * as a value of its own while the depth allows. */
void nested_flat_pair(struct nested_walker *w, enum nested_format f,
		      const char *k, size_t kl, const char *v, size_t vl,
		      unsigned depth)
{
	size_t pl = w->plen;
	nested_path_key(w, k, kl);
	nested_scalar(w, f, k, kl, v, vl, depth, true);
	w->plen = pl;
}

void nested_scalar(struct nested_walker *w, enum nested_format f, const char *k,
		   size_t kl, const char *v, size_t vl, unsigned depth,
		   bool report)
{
	if (report && k)
		nested_emit(w, f, k, kl, v, vl, depth);
	if (w->stop)
		return;
	if (depth < NESTED_MAX_DEPTH)
		nested_value(w, v, vl, depth, k, kl);
	else if (nested_walk(v, vl, NULL, NULL, NULL) != NESTED_NONE)
		nested_cap(w, v); /* structured, but too deep to walk */
}

/* ---- JSON ---- */

/* The closing quote of a string whose body starts at p, or NULL. */
static const char *nested_json_str_end(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '"')
			return p;
		if (*p == '\\' && end - p < 2)
			return NULL;
		p += *p == '\\' ? 2 : 1;
	}
	return NULL;
}

/* Past the container opened at p, without looking inside (too deep), or
 * NULL when it does not close. */
static const char *nested_json_skip(const char *p, const char *end)
{
	size_t open = 0;
	while (p < end) {
		char c = *p++;
		if (c == '"') {
			p = nested_json_str_end(p, end);
			if (!p)
				return NULL;
			p++;
		} else if (c == '{' || c == '[') {
			open++;
		} else if ((c == '}' || c == ']') && !--open) {
			return p;
		}
	}
	return NULL;
}

/* Past a number, true, false, null (or any other bare token). */
static const char *nested_json_bare_end(const char *p, const char *end)
{
	while (p < end && !nested_ws(*p) && !nested_in(*p, ",:]}\"[{"))
		p++;
	return p;
}

/* Does the value at p (not blank) start a JSON document? '{' always; '['
 * when followed by a JSON value, so "[default]" stays an INI section. */
bool nested_json_opens(const char *p, const char *end)
{
	static const char *const lit[] = {"true", "false", "null"};
	size_t i, n;
	if (*p == '{')
		return true;
	if (*p != '[')
		return false;
	p = nested_spaces(p + 1, end);
	if (p == end || nested_in(*p, "{[]\"-0123456789"))
		return true;
	for (i = 0; i < 3; i++) {
		n = strlen(lit[i]);
		if ((size_t)(end - p) >= n && !memcmp(p, lit[i], n) &&
		    (p + n == end || nested_ws(p[n]) || p[n] == ',' ||
		     p[n] == ']'))
			return true;
	}
	return false;
}

/* The document whose opener is at p. fr[d] is the innermost container,
 * whose members are at depth d; a container whose members would be deeper
 * than NESTED_MAX_DEPTH is skipped. */
void nested_json(struct nested_walker *w, const char *p, const char *end,
		 unsigned base, const char *ckey, size_t ckey_len)
{
	unsigned d = base + 1;
	size_t plen0 = w->plen;
	bool after = false; /* after an element: ',' or the closer next */
	w->fr[d] = (struct nested_frame){.plen = plen0,
					 .key = ckey,
					 .key_len = ckey_len,
					 .array = *p == '['};
	p++;
	while (!w->stop) {
		struct nested_frame *f = &w->fr[d];
		const char *k, *q;
		size_t kl, pl = w->plen;
		p = nested_spaces(p, end);
		if (p == end)
			break;
		if (*p == (f->array ? ']' : '}')) {
			w->plen = f->plen;
			p++;
			after = true;
			if (--d == base)
				break;
			continue;
		}
		if (after) {
			if (*p != ',')
				break;
			p++;
			after = false;
			continue;
		}
		if (f->array) {
			k = f->key;
			kl = f->key_len;
			nested_path_index(w, f->index++);
		} else {
			if (*p != '"' || !(q = nested_json_str_end(p + 1, end)))
				break;
			k = p + 1;
			kl = (size_t)(q - k);
			p = nested_spaces(q + 1, end);
			if (p == end || *p != ':')
				break;
			p = nested_spaces(p + 1, end);
			nested_path_key(w, k, kl);
		}
		after = true;
		if (p < end && (*p == '{' || *p == '[')) {
			if (d == NESTED_MAX_DEPTH) {
				nested_cap(w, p);
				p = nested_json_skip(p, end);
				w->plen = pl;
				if (!p)
					break;
				continue;
			}
			w->fr[++d] = (struct nested_frame){.plen = pl,
							   .key = k,
							   .key_len = kl,
							   .array = *p == '['};
			p++;
			after = false;
			continue;
		}
		if (p < end && *p == '"') {
			q = nested_json_str_end(p + 1, end);
			if (!q)
				break;
			nested_scalar(w, NESTED_JSON, k, kl, p + 1,
				      (size_t)(q - p - 1), d, true);
			p = q + 1;
		} else {
			p = nested_json_bare_end(p, end);
		}
		w->plen = pl;
	}
	w->plen = plen0;
}

/* ---- Detection ---- */

/* Walk len bytes at s as a value whose pairs are at depth base + 1 and
 * whose top-level array items take the key ckey. */
enum nested_format nested_value(struct nested_walker *w, const char *s,
				size_t len, unsigned base, const char *ckey,
				size_t ckey_len)
{
	const char *end, *p;
	struct nested_kvstat st = {0};
	enum nested_format f;
	int kv;
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		s += 3;
		len -= 3;
	}
	end = s + len;
	p = nested_spaces(s, end);
	if (p == end)
		return NESTED_NONE;
	if (nested_json_opens(p, end)) {
		nested_json(w, p, end, base, ckey, ckey_len);
		return NESTED_JSON;
	}
	f = nested_lines_detect(s, len);
	if (f != NESTED_NONE) {
		nested_lines(w, s, len, base, ckey, ckey_len, f);
		return f;
	}
	if (nested_query_detect(s, len)) {
		nested_query(w, s, len, base);
		return NESTED_QUERY;
	}
	kv = nested_kv_detect(s, len);
	if (!kv)
		return NESTED_NONE;
	if (kv == 1)
		nested_kv_semi(w, s, end, base + 1, &st);
	else
		nested_kv_libpq(w, s, end, base + 1, &st);
	return NESTED_KV;
}

enum nested_format nested_walk(const char *s, size_t len,
			       int (*fn)(const struct nested_pair *p,
					 void *arg),
			       void *arg, size_t *walked)
{
	struct nested_walker w;
	enum nested_format f;
	if (walked)
		*walked = len;
	if (!s)
		return NESTED_NONE;
	w.fn = fn;
	w.arg = arg;
	w.npairs = 0;
	w.stop = !fn;
	w.plen = 0;
	w.nseg = 0;
	/* Past the byte cap nothing is walked, whatever the prefix looks
	 * like: the rest might have turned it into a structure. */
	w.cut = len > NESTED_MAX_BYTES ? s + NESTED_MAX_BYTES : NULL;
	f = nested_value(&w, s, len < NESTED_MAX_BYTES ? len : NESTED_MAX_BYTES,
			 0, NULL, 0);
	if (walked && w.cut)
		*walked = (size_t)(w.cut - s);
	return f;
}

const char *nested_format_name(enum nested_format f)
{
	switch (f) {
	case NESTED_JSON:
		return "json";
	case NESTED_YAML:
		return "yaml";
	case NESTED_INI:
		return "ini";
	case NESTED_KV:
		return "kv";
	case NESTED_QUERY:
		return "query";
	default:
		return "none";
	}
}
