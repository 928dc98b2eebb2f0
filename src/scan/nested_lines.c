/* Nested values, one per line: INI, .env, Java properties, credentials
 * files and simple YAML block mappings. */
#include "scan/nested_impl.h"

#include <string.h>

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
enum nested_format nested_lines_detect(const char *s, size_t len)
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
			} else { /* too deep: its lines go unwalked */
				nested_cap(w, ln->b);
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
			nested_cap(w, ln->b);
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

void nested_lines(struct nested_walker *w, const char *s, size_t len,
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
				nested_cap(w, ln.b);
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
