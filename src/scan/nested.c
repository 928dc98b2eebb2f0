/* Secrets named inside structured values: one allocation-free walker per
 * format (JSON, lines for YAML/INI/.env, URL query, connection strings)
 * over spans of the caller's bytes. A scalar that is structured itself is
 * walked again one level deeper, so the work is at most O(depth x len):
 * the values walked at one level are disjoint spans of the level above,
 * and each walk (detection included) is a few linear passes. */
#include "scan/nested.h"

#include <string.h>

/* One open container, indexed by the depth of its children: a JSON object
 * or array, a YAML map or sequence item, an INI section. */
struct nested_frame {
	size_t plen;	 /* path length before this container's component */
	const char *key; /* the key its array items are reported under */
	size_t key_len;
	size_t index; /* next array or sequence index */
	long col;     /* lines: column of the key or dash that opened it */
	bool array;   /* a JSON array; lines: opened by a "- " item */
};

struct nested_walker {
	int (*fn)(const struct nested_pair *p, void *arg);
	void *arg;
	size_t npairs;
	bool stop;   /* fn asked to stop, or NESTED_MAX_PAIRS reached */
	size_t plen; /* logical path length; min(plen, NESTED_PATH_MAX) kept */
	char path[NESTED_PATH_MAX + 1];
	struct nested_frame fr[NESTED_MAX_DEPTH + 1];
};

static enum nested_format nested_value(struct nested_walker *w, const char *s,
				       size_t len, unsigned base,
				       const char *ckey, size_t ckey_len);

/* ---- Helpers ---- */

static bool nested_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool nested_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *nested_blanks(const char *p, const char *end)
{
	while (p < end && nested_blank(*p))
		p++;
	return p;
}

static const char *nested_spaces(const char *p, const char *end)
{
	while (p < end && nested_ws(*p))
		p++;
	return p;
}

/* The end of [b, e) without its trailing blanks. */
static const char *nested_trim(const char *b, const char *e)
{
	while (e > b && nested_blank(e[-1]))
		e--;
	return e;
}

/* Is c one of the bytes of set? Never for NUL (strchr would find the
 * terminator). */
static bool nested_in(char c, const char *set)
{
	return c && strchr(set, c);
}

static bool nested_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool nested_alnum(char c)
{
	return nested_alpha(c) || (c >= '0' && c <= '9');
}

/* Append n bytes to the path (only what fits is kept). */
static void nested_path_put(struct nested_walker *w, const char *b, size_t n)
{
	size_t i;
	for (i = 0; i < n && w->plen + i < NESTED_PATH_MAX; i++)
		w->path[w->plen + i] = b[i] ? b[i] : '?';
	w->plen += n;
}

static void nested_path_key(struct nested_walker *w, const char *k, size_t n)
{
	if (w->plen)
		nested_path_put(w, ".", 1);
	nested_path_put(w, k, n);
}

static void nested_path_index(struct nested_walker *w, size_t i)
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
static void nested_emit(struct nested_walker *w, enum nested_format f,
			const char *k, size_t kl, const char *v, size_t vl,
			unsigned depth)
{
	struct nested_pair p;
	size_t kept = w->plen < NESTED_PATH_MAX ? w->plen : NESTED_PATH_MAX;
	if (w->stop)
		return;
	w->path[kept] = '\0';
	p.format = f;
	p.key = k;
	p.key_len = kl;
	p.path = w->path;
	p.path_len = kept;
	p.path_truncated = w->plen > NESTED_PATH_MAX;
	p.value = v;
	p.value_len = vl;
	p.depth = depth;
	if (w->fn(&p, w->arg) || ++w->npairs >= NESTED_MAX_PAIRS)
		w->stop = true;
}

/* A scalar at depth: reported (when asked and it has a key), then walked
 * as a value of its own while the depth allows. */
static void nested_scalar(struct nested_walker *w, enum nested_format f,
			  const char *k, size_t kl, const char *v, size_t vl,
			  unsigned depth, bool report)
{
	if (report && k)
		nested_emit(w, f, k, kl, v, vl, depth);
	if (!w->stop && depth < NESTED_MAX_DEPTH)
		nested_value(w, v, vl, depth, k, kl);
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
static bool nested_json_opens(const char *p, const char *end)
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
static void nested_json(struct nested_walker *w, const char *p, const char *end,
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

/* ---- Lines: INI, .env, properties, credentials files, simple YAML ---- */

struct nested_line {
	const char *b, *e; /* the line, without its end (LF, CRLF or CR) */
	const char *next;  /* where the next line starts */
	const char *t;	   /* first byte after the indentation */
	long col;	   /* bytes of indentation */
};

enum nested_line_kind {
	NL_BLANK,
	NL_COMMENT,
	NL_DOC, /* YAML "---" or "..." */
	NL_SECTION,
	NL_PAIR,
	NL_ITEM, /* YAML "- ..." */
	NL_OTHER,
};

/* A "key = value" or "key: value" line. */
struct nested_kv {
	const char *k, *v; /* the key; the value after its separator */
	size_t kl;
	bool colon; /* "key: value" */
};

struct nested_lines {
	struct nested_walker *w;
	const char *end;
	enum nested_format fmt;
	unsigned root, top; /* depth of the children of the outermost and
			     * of the innermost open frame */
	long skip_col;	    /* skipping lines indented past this column */
	bool skipping, skip_dash, deep_section;
	bool no_dq, no_sq; /* no closing quote left: values stay on a line */
};

static void nested_line_split(const char *p, const char *end,
			      struct nested_line *ln)
{
	const char *e = p;
	while (e < end && *e != '\n' && *e != '\r')
		e++;
	ln->b = p;
	ln->e = e;
	if (e < end && *e == '\r' && e + 1 < end && e[1] == '\n')
		ln->next = e + 2;
	else
		ln->next = e < end ? e + 1 : e;
	ln->t = nested_blanks(p, e);
	ln->col = ln->t - p;
}

/* Bytes that may start, and continue, an unquoted key of a line. Quotes,
 * brackets, '=', '?', '&', ';', '#' and shell syntax may not. */
static bool nested_key_first(char c)
{
	return nested_alnum(c) || (unsigned char)c >= 0x80 ||
	       nested_in(c, "_./@%~");
}

static bool nested_key_char(char c)
{
	return nested_key_first(c) || nested_in(c, "-:[]+!*, \t");
}

static bool nested_line_kv_plain(const char *t, const char *e,
				 struct nested_kv *kv)
{
	const char *p;
	if (t == e)
		return false;
	if (*t == '"' || *t == '\'') {
		const char *q = memchr(t + 1, *t, (size_t)(e - t - 1));
		if (!q || q == t + 1)
			return false;
		kv->k = t + 1;
		kv->kl = (size_t)(q - t - 1);
		p = nested_blanks(q + 1, e);
		if (p == e || (*p != '=' && *p != ':'))
			return false;
	} else {
		if (!nested_key_first(*t))
			return false;
		for (p = t; p < e && *p != '='; p++) {
			if (*p == ':' && (p + 1 == e || nested_blank(p[1])))
				break;
			if (!nested_key_char(*p))
				return false;
		}
		if (p == e)
			return false;
		kv->k = t;
		kv->kl = (size_t)(nested_trim(t, p) - t);
	}
	if (*p == ':' && p + 1 < e && !nested_blank(p[1]))
		return false;
	kv->colon = *p == ':';
	kv->v = nested_blanks(p + 1, e);
	return true;
}

/* A pair on [t, e), with an optional shell "export " in front. */
static bool nested_line_kv(const char *t, const char *e, struct nested_kv *kv)
{
	if (e - t > 7 && !memcmp(t, "export", 6) && nested_blank(t[6]) &&
	    nested_line_kv_plain(nested_blanks(t + 6, e), e, kv) && !kv->colon)
		return true;
	return nested_line_kv_plain(t, e, kv);
}

/* "[name]" alone on its line: the name, blanks trimmed, in *kv. */
static bool nested_line_section(const char *t, const char *e,
				struct nested_kv *kv)
{
	const char *r = nested_trim(t, e), *n;
	if (r - t < 3 || r[-1] != ']')
		return false;
	n = nested_blanks(t + 1, r - 1);
	kv->k = n;
	kv->kl = (size_t)(nested_trim(n, r - 1) - n);
	return kv->kl > 0;
}

static enum nested_line_kind nested_line_kind(const struct nested_line *ln,
					      struct nested_kv *kv)
{
	const char *t = ln->t, *e = ln->e;
	if (t == e)
		return NL_BLANK;
	if (*t == '#' || *t == ';')
		return NL_COMMENT;
	if (e - t >= 3 && (!memcmp(t, "---", 3) || !memcmp(t, "...", 3)) &&
	    (e - t == 3 || nested_blank(t[3])))
		return NL_DOC;
	if (*t == '-' && (t + 1 == e || nested_blank(t[1])))
		return NL_ITEM;
	if (*t == '[')
		return nested_line_section(t, e, kv) ? NL_SECTION : NL_OTHER;
	return nested_line_kv(t, e, kv) ? NL_PAIR : NL_OTHER;
}

/* Lines (at least one line end), the first meaningful one a section, a
 * pair or an item, and at least one pair. That first line names the
 * format: NESTED_YAML for "key: value" or "- ", NESTED_INI otherwise (a
 * later line of the other form, in a block scalar say, does not). */
static enum nested_format nested_lines_detect(const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	enum nested_format f = NESTED_NONE;
	bool pair = false;
	if (!memchr(s, '\n', len) && !memchr(s, '\r', len))
		return NESTED_NONE;
	while (p < end && !(f && pair)) {
		struct nested_line ln;
		struct nested_kv kv;
		enum nested_format g = NESTED_INI;
		nested_line_split(p, end, &ln);
		p = ln.next;
		switch (nested_line_kind(&ln, &kv)) {
		case NL_BLANK:
		case NL_COMMENT:
		case NL_DOC:
			continue;
		case NL_SECTION:
			break;
		case NL_PAIR:
			pair = true;
			g = kv.colon ? NESTED_YAML : NESTED_INI;
			break;
		case NL_ITEM:
			pair |= nested_line_kv(nested_blanks(ln.t + 1, ln.e),
					       ln.e, &kv) &&
				kv.colon;
			g = NESTED_YAML;
			break;
		case NL_OTHER:
			if (!f)
				return NESTED_NONE;
			break;
		}
		if (!f)
			f = g;
	}
	return pair ? f : NESTED_NONE;
}

/* The closing quote q of a value whose body starts at p, or NULL. Double
 * quotes take backslash escapes, single quotes '' (YAML). */
static const char *nested_quote_end(const char *p, const char *end, char q)
{
	while (p < end) {
		if (*p == q) {
			if (q == '\'' && end - p > 1 && p[1] == '\'') {
				p += 2;
				continue;
			}
			return p;
		}
		if (*p == '\\' && q == '"' && end - p < 2)
			return NULL;
		p += *p == '\\' && q == '"' ? 2 : 1;
	}
	return NULL;
}

/* The value starting at v on line ln in *vs, *vl: inside its quotes (the
 * closing one possibly on a later line), else up to an inline " #"
 * comment, blanks trimmed. Returns where the next line to read starts. */
static const char *nested_line_value(struct nested_lines *L,
				     const struct nested_line *ln,
				     const char *v, const char **vs, size_t *vl)
{
	const char *e = ln->e, *next = ln->next, *c, *r;
	if (v < e && (*v == '"' || *v == '\'')) {
		bool *none_left = *v == '"' ? &L->no_dq : &L->no_sq;
		c = nested_quote_end(v + 1, e, *v);
		/* A failed search reaches the end, so it is done once. */
		if (!c && !*none_left && e < L->end) {
			c = nested_quote_end(e, L->end, *v);
			if (c) {
				struct nested_line last;
				nested_line_split(c, L->end, &last);
				next = last.next;
			} else {
				*none_left = true;
			}
		}
		if (c) {
			*vs = v + 1;
			*vl = (size_t)(c - v - 1);
			return next;
		}
		v++; /* unterminated: the rest of the line */
		*vs = v;
		*vl = (size_t)(nested_trim(v, e) - v);
		return next;
	}
	for (r = v; r < e; r++)
		if (*r == '#' && r > ln->b && nested_blank(r[-1]))
			break;
	*vs = v;
	*vl = (size_t)(nested_trim(v, r) - v);
	return next;
}

static void nested_lines_skip(struct nested_lines *L, long col, bool dash)
{
	L->skipping = true;
	L->skip_col = col;
	L->skip_dash = dash;
}

static void nested_lines_push(struct nested_lines *L, size_t plen,
			      const char *k, size_t kl, long col, bool array)
{
	L->w->fr[++L->top] = (struct nested_frame){.plen = plen,
						   .key = k,
						   .key_len = kl,
						   .col = col,
						   .array = array};
}

/* Past YAML anchors (&a) and tags (!t) in front of a value. */
static const char *nested_yaml_props(const char *v, const char *e)
{
	while (v < e && (*v == '&' || *v == '!')) {
		while (v < e && !nested_blank(*v))
			v++;
		v = nested_blanks(v, e);
	}
	return v;
}

/* "|", ">", with chomping and indentation indicators, then nothing. */
static bool nested_yaml_block(const char *v, const char *e)
{
	if (v == e || (*v != '|' && *v != '>'))
		return false;
	for (v++; v < e && (*v == '-' || *v == '+' || (*v >= '1' && *v <= '9'));
	     v++)
		;
	v = nested_blanks(v, e);
	return v == e || *v == '#';
}

/* A pair whose key is at column kc, a child of the innermost frame. */
static const char *nested_lines_pair(struct nested_lines *L,
				     const struct nested_line *ln,
				     const struct nested_kv *kv, long kc)
{
	struct nested_walker *w = L->w;
	unsigned d = L->top;
	size_t pl = w->plen, vl;
	const char *v = kv->v, *e = ln->e, *vs, *next;
	bool report = true;

	if (kv->colon) {
		v = nested_yaml_props(v, e);
		if (v == e || *v == '#') { /* "key:" opens a map */
			if (d < NESTED_MAX_DEPTH) {
				nested_path_key(w, kv->k, kv->kl);
				nested_lines_push(L, pl, kv->k, kv->kl, kc,
						  false);
			} else {
				nested_lines_skip(L, kc, true);
			}
			return ln->next;
		}
		if (nested_yaml_block(v, e)) {
			nested_lines_skip(L, kc, false);
			return ln->next;
		}
		if (*v == '*') /* an alias: not a value of its own */
			return ln->next;
		report = *v != '{' && *v != '['; /* a flow collection */
	}
	nested_path_key(w, kv->k, kv->kl);
	next = nested_line_value(L, ln, v, &vs, &vl);
	nested_scalar(w, L->fmt, kv->k, kv->kl, vs, vl, d, report);
	w->plen = pl;
	return next;
}

/* A "- " sequence item, a child of the innermost frame. */
static const char *nested_lines_item(struct nested_lines *L,
				     const struct nested_line *ln)
{
	struct nested_walker *w = L->w;
	struct nested_frame *par = &w->fr[L->top];
	unsigned d = L->top;
	const char *e = ln->e, *rest = nested_blanks(ln->t + 1, e), *vs, *next;
	size_t pl = w->plen, idx = par->index++, vl;
	struct nested_kv kv;
	bool pair = nested_line_kv(rest, e, &kv) && kv.colon;

	if (rest == e || *rest == '#' || pair) { /* a map item */
		if (d >= NESTED_MAX_DEPTH) {
			nested_lines_skip(L, ln->col, false);
			return ln->next;
		}
		nested_path_index(w, idx);
		nested_lines_push(L, pl, par->key, par->key_len, ln->col, true);
		if (!pair)
			return ln->next;
		return nested_lines_pair(L, ln, &kv, ln->col + (rest - ln->t));
	}
	rest = nested_yaml_props(rest, e);
	if (rest < e && *rest == '*')
		return ln->next;
	nested_path_index(w, idx);
	next = nested_line_value(L, ln, rest, &vs, &vl);
	nested_scalar(w, L->fmt, par->key, par->key_len, vs, vl, d,
		      rest == e || (*rest != '{' && *rest != '['));
	w->plen = pl;
	return next;
}

static void nested_lines_pop(struct nested_lines *L, unsigned to)
{
	while (L->top > to)
		L->w->plen = L->w->fr[L->top--].plen;
}

static void nested_lines(struct nested_walker *w, const char *s, size_t len,
			 unsigned base, const char *ckey, size_t ckey_len,
			 enum nested_format fmt)
{
	struct nested_lines L = {.w = w, .end = s + len, .fmt = fmt};
	const char *p = s;
	size_t plen0 = w->plen;
	L.root = L.top = base + 1;
	w->fr[L.root] = (struct nested_frame){
		.plen = plen0, .key = ckey, .key_len = ckey_len, .col = -1};
	while (p < L.end && !w->stop) {
		struct nested_line ln;
		struct nested_kv kv;
		enum nested_line_kind kind;
		struct nested_frame *f;
		nested_line_split(p, L.end, &ln);
		p = ln.next;
		kind = nested_line_kind(&ln, &kv);
		if (L.skipping) { /* a block scalar, or too deep */
			if (kind == NL_BLANK || ln.col > L.skip_col ||
			    (L.skip_dash && kind == NL_ITEM &&
			     ln.col == L.skip_col))
				continue;
			L.skipping = false;
		}
		if (kind == NL_DOC || kind == NL_SECTION) {
			nested_lines_pop(&L, L.root);
			L.deep_section = false;
		}
		if (kind == NL_SECTION) {
			if (L.root < NESTED_MAX_DEPTH) {
				nested_path_key(w, kv.k, kv.kl);
				nested_lines_push(&L, plen0, kv.k, kv.kl, -1,
						  false);
			} else {
				L.deep_section = true;
			}
			continue;
		}
		if (L.deep_section || (kind != NL_PAIR && kind != NL_ITEM))
			continue;
		/* Close what this line is not inside: a line at or left of
		 * a frame's column, but for a "- " at the column of "key:"
		 * (a sequence not indented under its key). */
		for (f = &w->fr[L.top]; L.top > L.root; f = &w->fr[L.top]) {
			if (ln.col > f->col ||
			    (ln.col == f->col && kind == NL_ITEM && !f->array))
				break;
			nested_lines_pop(&L, L.top - 1);
		}
		if (kind == NL_ITEM)
			p = nested_lines_item(&L, &ln);
		else
			p = nested_lines_pair(&L, &ln, &kv, ln.col);
	}
	w->plen = plen0;
}

/* ---- URL query ---- */

/* "?..." or "scheme://..." (a scheme may hold ':', as in jdbc:mysql://)
 * with a query, or a fragment holding '='. */
static bool nested_query_detect(const char *s, size_t len)
{
	const char *end = s + len, *p = nested_blanks(s, end), *r = p, *q, *h;
	if (p < end && *p == '?')
		return true;
	if (p == end || !nested_alpha(*p))
		return false;
	while (r < end && (nested_alnum(*r) || nested_in(*r, "+.-:")) &&
	       !(end - r >= 3 && !memcmp(r, "://", 3)))
		r++;
	if (end - r < 3 || memcmp(r, "://", 3))
		return false;
	if ((q = memchr(r, '?', (size_t)(end - r))))
		return true;
	h = memchr(r, '#', (size_t)(end - r));
	return h && memchr(h, '=', (size_t)(end - h));
}

/* key=value pieces of [b, e) split at '&' and ';'; a piece without '=' or
 * with an empty key is not a pair. */
static void nested_query_pairs(struct nested_walker *w, const char *b,
			       const char *e, unsigned depth)
{
	while (b < e && !w->stop) {
		const char *sep = b, *eq;
		size_t pl = w->plen;
		while (sep < e && *sep != '&' && *sep != ';')
			sep++;
		eq = memchr(b, '=', (size_t)(sep - b));
		if (eq && eq > b) {
			nested_path_key(w, b, (size_t)(eq - b));
			nested_scalar(w, NESTED_QUERY, b, (size_t)(eq - b),
				      eq + 1, (size_t)(sep - eq - 1), depth,
				      true);
			w->plen = pl;
		}
		if (sep == e)
			break;
		b = sep + 1;
	}
}

/* The query after the first '?' up to '#', then the fragment after that
 * '#' (after the first '#' without a query) when it holds '='. */
static void nested_query(struct nested_walker *w, const char *s, size_t len,
			 unsigned base)
{
	const char *end = s + len, *q = memchr(s, '?', len), *h;
	if (q) {
		h = memchr(q, '#', (size_t)(end - q));
		nested_query_pairs(w, q + 1, h ? h : end, base + 1);
	} else {
		h = memchr(s, '#', len);
	}
	if (h && memchr(h, '=', (size_t)(end - h)))
		nested_query_pairs(w, h + 1, end, base + 1);
}

/* ---- Connection strings ---- */

struct nested_kvstat {
	size_t pairs, segs; /* pairs with a valid key, non-empty pieces */
	bool semi;	    /* a ';' outside quotes */
};

/* The closer of a quoted connection-string value ("..", '..', {..}, the
 * closer doubled inside), or NULL. */
static const char *nested_kv_close(const char *p, const char *end, char c)
{
	for (; p < end; p++) {
		if (*p != c)
			continue;
		if (end - p > 1 && p[1] == c)
			p++;
		else
			return p;
	}
	return NULL;
}

/* ADO.NET/ODBC/JDBC key: a letter or '_', then letters, digits, "_ .-". */
static bool nested_kv_key(const char *k, const char *e)
{
	if (k == e || (!nested_alpha(*k) && *k != '_'))
		return false;
	for (; k < e; k++)
		if (!nested_alnum(*k) && !nested_in(*k, "_ .-"))
			return false;
	return true;
}

/* k=v;k=v, counted into st, and reported when w is not NULL. */
static void nested_kv_semi(struct nested_walker *w, const char *s,
			   const char *end, unsigned depth,
			   struct nested_kvstat *st)
{
	const char *p = s;
	while (p < end && !(w && w->stop)) {
		const char *k, *ke, *v, *ve;
		p = nested_spaces(p, end);
		if (p == end)
			break;
		if (*p == ';') {
			st->semi = true;
			p++;
			continue;
		}
		st->segs++;
		for (k = p; p < end && *p != '=' && *p != ';'; p++)
			;
		if (p == end || *p == ';')
			continue;
		ke = nested_trim(k, p);
		p = nested_blanks(p + 1, end);
		if (p < end && (*p == '\'' || *p == '"' || *p == '{')) {
			const char *q = nested_kv_close(p + 1, end,
							*p == '{' ? '}' : *p);
			v = p + 1;
			ve = q ? q : end;
			p = q ? memchr(q, ';', (size_t)(end - q)) : NULL;
			if (!p)
				p = end;
		} else {
			for (v = p; p < end && *p != ';'; p++)
				;
			ve = nested_trim(v, p);
		}
		if (!nested_kv_key(k, ke))
			continue;
		st->pairs++;
		if (w) {
			size_t pl = w->plen;
			nested_path_key(w, k, (size_t)(ke - k));
			nested_scalar(w, NESTED_KV, k, (size_t)(ke - k), v,
				      (size_t)(ve - v), depth, true);
			w->plen = pl;
		}
	}
}

static bool nested_pq_key_char(char c)
{
	return nested_alnum(c) || c == '_' || c == '.' || c == '-';
}

/* libpq's keyword = value, separated by white space; values single-quoted
 * or bare, with backslash escapes. Double quotes too, for Kafka's JAAS
 * lines (... required username="u" password="p";). Counted into st,
 * reported when w. */
static void nested_kv_libpq(struct nested_walker *w, const char *s,
			    const char *end, unsigned depth,
			    struct nested_kvstat *st)
{
	const char *p = s;
	while (p < end && !(w && w->stop)) {
		const char *k, *ke, *v, *ve;
		p = nested_spaces(p, end);
		if (p == end)
			break;
		st->segs++;
		k = p;
		if (nested_alpha(*p) || *p == '_')
			while (p < end && nested_pq_key_char(*p))
				p++;
		ke = p;
		p = nested_spaces(p, end);
		if (ke == k || p == end || *p != '=') {
			if (p == ke) /* not a key=: skip the whole word */
				while (p < end && !nested_ws(*p))
					p++;
			continue;
		}
		p = nested_spaces(p + 1, end);
		if (p < end && (*p == '\'' || *p == '"')) {
			char q = *p;
			for (v = ++p; p < end && *p != q; p++)
				if (*p == '\\' && end - p > 1)
					p++;
			ve = p;
			while (p < end && !nested_ws(*p)) /* the closer, ';' */
				p++;
		} else {
			for (v = p; p < end && !nested_ws(*p); p++)
				if (*p == '\\' && end - p > 1)
					p++;
			ve = p;
		}
		st->pairs++;
		if (w) {
			size_t pl = w->plen;
			nested_path_key(w, k, (size_t)(ke - k));
			nested_scalar(w, NESTED_KV, k, (size_t)(ke - k), v,
				      (size_t)(ve - v), depth, true);
			w->plen = pl;
		}
	}
}

/* 1 for k=v;k=v, 2 for libpq's form, 0 for neither. The ';' form needs
 * two pairs or a ';', the libpq form two pairs; in both at least half the
 * pieces must be pairs. When both fit, the one with more pairs wins. */
static int nested_kv_detect(const char *s, size_t len)
{
	struct nested_kvstat semi = {0}, pq = {0};
	bool semi_ok, pq_ok;
	nested_kv_semi(NULL, s, s + len, 0, &semi);
	semi_ok = semi.pairs && (semi.pairs >= 2 || semi.semi) &&
		  semi.pairs * 2 >= semi.segs;
	nested_kv_libpq(NULL, s, s + len, 0, &pq);
	pq_ok = pq.pairs >= 2 && pq.pairs * 2 >= pq.segs;
	if (pq_ok && (!semi_ok || pq.pairs > semi.pairs))
		return 2;
	return semi_ok ? 1 : 0;
}

/* ---- Detection ---- */

/* Walk len bytes at s as a value whose pairs are at depth base + 1 and
 * whose top-level array items take the key ckey. */
static enum nested_format nested_value(struct nested_walker *w, const char *s,
				       size_t len, unsigned base,
				       const char *ckey, size_t ckey_len)
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

enum nested_format
nested_walk(const char *s, size_t len,
	    int (*fn)(const struct nested_pair *p, void *arg), void *arg)
{
	struct nested_walker w;
	if (!s)
		return NESTED_NONE;
	w.fn = fn;
	w.arg = arg;
	w.npairs = 0;
	w.stop = !fn;
	w.plen = 0;
	return nested_value(&w, s,
			    len < NESTED_MAX_BYTES ? len : NESTED_MAX_BYTES, 0,
			    NULL, 0);
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
