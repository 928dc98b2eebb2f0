/* A growable byte buffer, after git's strbuf.
 * Invariants: buf is never NULL after strbuf_init, buf[len] == '\0', and
 * len < alloc. The bytes may contain NULs; buf is owned by the strbuf. */
#ifndef UTIL_STRBUF_H
#define UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	size_t alloc; /* bytes allocated, 0 while buf points at the static "" */
	size_t len;   /* bytes used, not counting the terminating NUL */
	char *buf;
};

#define STRBUF_INIT                  \
	{                            \
		0, 0, strbuf_slopbuf \
	}
extern char strbuf_slopbuf[];

void strbuf_init(struct strbuf *sb, size_t hint);
/* Free the contents; the strbuf is left initialised and empty. */
void strbuf_release(struct strbuf *sb);
/* Hand the buffer to the caller (who frees it); sb is left empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
/* Add bytes that become part of a C-string label (a finding's location):
 * a NUL shows as '?', so the label is neither cut short nor longer than
 * its length says. */
void strbuf_add_label(struct strbuf *sb, const void *data, size_t len);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
