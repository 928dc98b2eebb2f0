/* Allocation wrappers that abort with a message instead of returning NULL,
 * so callers carry no NULL checks after small allocations. */
#ifndef UTIL_XALLOC_H
#define UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p (holding *alloc elements of size sz) to at least want elements. */
void *xgrow(void *p, size_t *alloc, size_t want, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A copy of n bytes with a NUL appended; the caller frees it. */
char *xmemdup0(const void *s, size_t n);
/* Free the pointers held in obj at the byte offsets off[0..n) (offsetof
 * of a struct's owned pointer fields): a release function names what it
 * owns once, in a table, rather than in a free() apiece. */
void free_fields(void *obj, const size_t *off, size_t n);

#endif
