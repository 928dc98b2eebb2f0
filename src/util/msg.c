/* Diagnostics on stderr, always prefixed so they stand apart from results. */
#include "util/msg.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/sanitize.h"
#include "util/strbuf.h"

/* Messages quote what the user typed and what /proc held: escape them as
 * text output is, so no byte can reach the terminal as a control. */
static void vmsg(const char *prefix, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	struct strbuf raw = STRBUF_INIT, safe = STRBUF_INIT;
	strbuf_vaddf(&raw, fmt, ap);
	out_text_escape(&safe, raw.buf, raw.len);
	fflush(stdout);
	fprintf(stderr, "procsift: %s%s\n", prefix, safe.buf);
	strbuf_release(&raw);
	strbuf_release(&safe);
}

void msg_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void msg_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}
