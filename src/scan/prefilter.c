/* Aho-Corasick keyword automaton, built into a complete DFA: scanning is
 * one table lookup per byte whatever the number of keywords. */
#include "scan/prefilter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct ids {
	uint32_t *v;
	size_t n, alloc;
};

struct prefilter {
	uint32_t (*next)[256]; /* trie edges, then the full DFA; 0 = none */
	struct ids *out;       /* rule ids ending at each node */
	size_t n, alloc;
	uint32_t *fail;
};

static uint32_t new_node(struct prefilter *pf)
{
	size_t old = pf->alloc;
	if (pf->n + 1 > pf->alloc) {
		pf->next = xgrow(pf->next, &old, pf->n + 1, sizeof(*pf->next));
		old = pf->alloc;
		pf->out = xgrow(pf->out, &old, pf->n + 1, sizeof(*pf->out));
		pf->alloc = old;
	}
	memset(pf->next[pf->n], 0, sizeof(pf->next[0]));
	memset(&pf->out[pf->n], 0, sizeof(pf->out[0]));
	return (uint32_t)pf->n++;
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

struct prefilter *prefilter_new(void)
{
	struct prefilter *pf = xcalloc(1, sizeof(*pf));
	new_node(pf); /* the root */
	return pf;
}

void prefilter_free(struct prefilter *pf)
{
	size_t i;
	if (!pf)
		return;
	for (i = 0; i < pf->n; i++)
		free(pf->out[i].v);
	free(pf->out);
	free(pf->next);
	free(pf->fail);
	free(pf);
}

static void add_id(struct ids *s, uint32_t id)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (s->v[i] == id)
			return;
	s->v = xgrow(s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = id;
}

void prefilter_add(struct prefilter *pf, const char *kw, size_t len,
		   uint32_t id)
{
	uint32_t node = 0;
	size_t i;
	if (!len)
		return;
	for (i = 0; i < len; i++) {
		unsigned char c = fold((unsigned char)kw[i]);
		if (!pf->next[node][c]) {
			uint32_t k = new_node(pf);
			pf->next[node][c] = k;
		}
		node = pf->next[node][c];
	}
	add_id(&pf->out[node], id);
}

void prefilter_build(struct prefilter *pf)
{
	uint32_t *queue = xcalloc(pf->n, sizeof(*queue));
	size_t head = 0, tail = 0, i;
	unsigned c;
	pf->fail = xcalloc(pf->n, sizeof(*pf->fail));
	for (c = 0; c < 256; c++)
		if (pf->next[0][c])
			queue[tail++] = pf->next[0][c];
	/* Breadth first: a node's fail target is complete before it. */
	while (head < tail) {
		uint32_t u = queue[head++];
		struct ids *fo = &pf->out[pf->fail[u]];
		for (i = 0; i < fo->n; i++)
			add_id(&pf->out[u], fo->v[i]);
		for (c = 0; c < 256; c++) {
			uint32_t v = pf->next[u][c];
			if (v) {
				pf->fail[v] = pf->next[pf->fail[u]][c];
				queue[tail++] = v;
			} else {
				pf->next[u][c] = pf->next[pf->fail[u]][c];
			}
		}
	}
	free(queue);
}

void prefilter_scan(const struct prefilter *pf, const char *text, size_t len,
		    unsigned char *hits)
{
	const unsigned char *t = (const unsigned char *)text;
	uint32_t s = 0;
	size_t i, k;
	for (i = 0; i < len; i++) {
		s = pf->next[s][fold(t[i])];
		for (k = 0; k < pf->out[s].n; k++)
			hits[pf->out[s].v[k]] = 1;
	}
}
