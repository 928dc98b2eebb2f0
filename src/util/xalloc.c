/* Allocation wrappers: an out-of-memory is not recoverable for a CLI. */
#include "util/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void oom(size_t n)
{
	/* Lower layers never print, but running out of memory leaves no
	 * caller to report to: this is the one place that does. */
	char msg[80];
	int len = snprintf(msg, sizeof(msg),
			   "procsift: out of memory (%zu bytes)\n", n);
	if (len > 0 && write(2, msg, (size_t)len) < 0)
		abort();
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *xgrow(void *p, size_t *alloc, size_t want, size_t sz)
{
	size_t n = *alloc ? *alloc : 8;
	if (want <= *alloc)
		return p;
	while (n < want) {
		if (n > SIZE_MAX / 2 / sz)
			oom(SIZE_MAX);
		n *= 2;
	}
	*alloc = n;
	return xrealloc(p, n * sz);
}

char *xstrdup(const char *s)
{
	return xmemdup0(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	return xmemdup0(s, strnlen(s, n));
}

char *xmemdup0(const void *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void free_fields(void *obj, const size_t *off, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(*(void **)((char *)obj + off[i]));
}
