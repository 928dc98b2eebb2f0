/* Nested values in one line: URL queries and connection strings
 * (ADO.NET/ODBC/JDBC k=v;k=v, libpq k=v k=v). */
#include "scan/nested_impl.h"

#include <string.h>

/* ---- URL query ---- */

/* "?..." or "scheme://..." (a scheme may hold ':', as in jdbc:mysql://)
 * with a query, or a fragment holding '='. */
bool nested_query_detect(const char *s, size_t len)
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
		while (sep < e && *sep != '&' && *sep != ';')
			sep++;
		eq = memchr(b, '=', (size_t)(sep - b));
		if (eq && eq > b)
			nested_flat_pair(w, NESTED_QUERY, b, (size_t)(eq - b),
					 eq + 1, (size_t)(sep - eq - 1), depth);
		if (sep == e)
			break;
		b = sep + 1;
	}
}

/* The query after the first '?' up to '#', then the fragment after that
 * '#' (after the first '#' without a query) when it holds '='. */
void nested_query(struct nested_walker *w, const char *s, size_t len,
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
void nested_kv_semi(struct nested_walker *w, const char *s, const char *end,
		    unsigned depth, struct nested_kvstat *st)
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
		if (w)
			nested_flat_pair(w, NESTED_KV, k, (size_t)(ke - k), v,
					 (size_t)(ve - v), depth);
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
void nested_kv_libpq(struct nested_walker *w, const char *s, const char *end,
		     unsigned depth, struct nested_kvstat *st)
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
		if (w)
			nested_flat_pair(w, NESTED_KV, k, (size_t)(ke - k), v,
					 (size_t)(ve - v), depth);
	}
}

/* 1 for k=v;k=v, 2 for libpq's form, 0 for neither. The ';' form needs
 * two pairs or a ';', the libpq form two pairs; in both at least half the
 * pieces must be pairs. When both fit, the one with more pairs wins. */
int nested_kv_detect(const char *s, size_t len)
{
	struct nested_kvstat semi = {0}, pq = {0};
	bool semi_ok, pq_ok;
	/* Both forms are made of k=v pairs: most values (PATH) have no '='
	 * and are done with in one memchr. */
	if (!memchr(s, '=', len))
		return 0;
	nested_kv_semi(NULL, s, s + len, 0, &semi);
	semi_ok = semi.pairs && (semi.pairs >= 2 || semi.semi) &&
		  semi.pairs * 2 >= semi.segs;
	nested_kv_libpq(NULL, s, s + len, 0, &pq);
	pq_ok = pq.pairs >= 2 && pq.pairs * 2 >= pq.segs;
	if (pq_ok && (!semi_ok || pq.pairs > semi.pairs))
		return 2;
	return semi_ok ? 1 : 0;
}
