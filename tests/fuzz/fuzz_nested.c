/* libFuzzer: nested_walk on any bytes. Every pair's key and value lie
 * inside the input, its depth and path within the caps, the path ends
 * with its key (cut at NESTED_KEY_SHOWN) or an index, each key recorded
 * for the path lies inside the input and shows in the path as it is, JSON
 * spans lie between quotes and query keys and values around one '='; the
 * pair count stays under the cap; the prefix walked whole is the input
 * unless a cap was reached (the byte cap at least, for a value that does
 * not look structured); and a second walk whose callback stops after the
 * k-th pair sees exactly the first k pairs of the first walk, then
 * nothing, and finds no cut the first did not. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/nested.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

/* What the second walk compares against: the first pairs of the first. */
#define KEEP 64

struct seen_pair {
	const char *key, *value;
	size_t key_len, value_len, path_len;
	unsigned depth;
	enum nested_format format;
	uint32_t path_hash;
};

struct seen {
	const char *b;
	size_t len, n, stop_after; /* stop_after 0: never stop */
	bool replay;		   /* compare with pairs[] instead of filling */
	struct seen_pair pairs[KEEP];
};

static bool inside(const char *p, size_t n, const char *b, size_t len)
{
	return p && p >= b && n <= len && p - b <= (ptrdiff_t)(len - n);
}

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The path ends with the key (a NUL of the key shown as '?'), or with
 * its first bytes and "…" when it is long. */
static bool ends_with_key(const struct nested_pair *p)
{
	size_t i, n = p->key_len, tail = 0;
	if (n > NESTED_KEY_SHOWN) {
		const struct nested_seg *s =
			p->nsegs ? &p->segs[p->nsegs - 1] : NULL;
		if (!s || !s->cut || s->key != p->key || s->len > n ||
		    s->len + 3 < NESTED_KEY_SHOWN)
			return false;
		n = s->len;
		tail = 3;
		if (p->path_len < 3 ||
		    memcmp(p->path + p->path_len - 3, "\xe2\x80\xa6", 3))
			return false;
	}
	if (n + tail > p->path_len)
		return false;
	for (i = 0; i < n; i++) {
		char k = p->key[i] ? p->key[i] : '?';
		if (p->path[p->path_len - tail - n + i] != k)
			return false;
	}
	return true;
}

/* Each recorded key lies inside the input, in path order, and its bytes
 * are the path's where the path was kept. */
static void check_segs(const struct nested_pair *p, const char *b, size_t len)
{
	size_t i, j, prev = 0;
	for (i = 0; i < p->nsegs; i++) {
		const struct nested_seg *s = &p->segs[i];
		CHECK(inside(s->key, s->len, b, len));
		CHECK(s->len <= NESTED_KEY_SHOWN);
		CHECK(!i || s->path_off > prev);
		prev = s->path_off;
		for (j = 0; j < s->len && s->path_off + j < p->path_len; j++)
			CHECK(p->path[s->path_off + j] ==
			      (s->key[j] ? s->key[j] : '?'));
	}
}

static bool same(const struct seen_pair *a, const struct seen_pair *b)
{
	return a->key == b->key && a->value == b->value &&
	       a->key_len == b->key_len && a->value_len == b->value_len &&
	       a->path_len == b->path_len && a->depth == b->depth &&
	       a->format == b->format && a->path_hash == b->path_hash;
}

/* A JSON string body: between quotes, every quote inside escaped. */
static bool json_string(const char *p, size_t n, const char *b, size_t len)
{
	size_t i, bs = 0;
	if (p == b || p[-1] != '"' || (size_t)(p - b) + n >= len || p[n] != '"')
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] == '"' && !(bs & 1))
			return false;
		bs = p[i] == '\\' ? bs + 1 : 0;
	}
	return !(bs & 1);
}

static int on_pair(const struct nested_pair *p, void *arg)
{
	struct seen *s = arg;
	struct seen_pair sp;
	CHECK(p->format > NESTED_NONE && p->format <= NESTED_QUERY);
	CHECK(inside(p->key, p->key_len, s->b, s->len));
	CHECK(inside(p->value, p->value_len, s->b, s->len));
	CHECK(p->depth >= 1 && p->depth <= NESTED_MAX_DEPTH);
	CHECK(p->path && p->path_len <= NESTED_PATH_MAX);
	CHECK(strlen(p->path) == p->path_len);
	CHECK(!p->path_truncated || p->path_len == NESTED_PATH_MAX);
	if (!p->path_truncated)
		CHECK(ends_with_key(p) ||
		      (p->path_len && p->path[p->path_len - 1] == ']'));
	if (p->format == NESTED_JSON) {
		CHECK(json_string(p->value, p->value_len, s->b, s->len));
		/* An item's key may come from the level above. */
		if (!p->path_truncated &&
		    (!p->path_len || p->path[p->path_len - 1] != ']'))
			CHECK(json_string(p->key, p->key_len, s->b, s->len));
	}
	if (p->format == NESTED_QUERY) { /* key=value, in one piece */
		CHECK(p->key_len && p->key + p->key_len + 1 == p->value);
		CHECK(p->value[-1] == '=');
		CHECK(!memchr(p->key, '=', p->key_len));
		CHECK(!memchr(p->value, '&', p->value_len));
	}
	check_segs(p, s->b, s->len);
	CHECK(s->n < NESTED_MAX_PAIRS);
	CHECK(!s->stop_after || s->n < s->stop_after);
	sp = (struct seen_pair){
		p->key,	     p->value, p->key_len, p->value_len,
		p->path_len, p->depth, p->format,  hash(p->path, p->path_len)};
	if (s->n < KEEP) {
		if (s->replay)
			CHECK(same(&s->pairs[s->n], &sp));
		else
			s->pairs[s->n] = sp;
	}
	s->n++;
	return s->stop_after && s->n == s->stop_after;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seen s; /* big: keep it off the stack */
	const char *b = (const char *)data;
	enum nested_format f, g;
	size_t total, walked, walked2;

	memset(&s, 0, sizeof(s));
	s.b = b;
	s.len = size;
	f = nested_walk(b, size, on_pair, &s, &walked);
	CHECK(f >= NESTED_NONE && f <= NESTED_QUERY);
	CHECK(strcmp(nested_format_name(f), "none") || f == NESTED_NONE);
	CHECK(f != NESTED_NONE || s.n == 0);
	CHECK(walked <= size);
	CHECK(f != NESTED_NONE || walked == size || size > NESTED_MAX_BYTES);
	CHECK(nested_walk(b, size, NULL, NULL, NULL) == f);
	total = s.n;
	if (!total)
		return 0;
	/* Stop after the k-th pair, k from the input's length. */
	s.n = 0;
	s.replay = true;
	s.stop_after = 1 + size % (total < KEEP ? total : KEEP);
	g = nested_walk(b, size, on_pair, &s, &walked2);
	CHECK(g == f);
	CHECK(s.n == s.stop_after);
	/* A stop asked by the callback is no cap: a cut found before it
	 * is found again, no other. */
	CHECK(walked2 >= walked);
	return 0;
}
