/* Rendering a long listing on two threads: pieces of it are rendered
 * into memory alternately by this thread and a second one, and written
 * in order. The output is byte for byte what a serial render would give;
 * memory holds at most three pieces. */
#ifndef RENDER_PAR_H
#define RENDER_PAR_H

#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"

/* render(start, end, sb, arg) appends the text of items [start, end) to
 * sb; it must be safe to call from two threads at once on different
 * ranges. Items [0, n) are rendered in pieces of chunk items and written
 * to fp in order. Without a second thread, everything is rendered here.
 * Returns 0, or -EIO on a write error. */
int out_par_write(FILE *fp, size_t n, size_t chunk,
		  void (*render)(size_t start, size_t end, struct strbuf *sb,
				 void *arg),
		  void *arg);

/* When fp is a pipe, ask for a 1 MiB pipe buffer (the default is 64 KiB):
 * a long listing then goes out in fewer, larger writes, and both ends of
 * the pipe wake up less often. A refusal is ignored. */
void out_pipe_grow(FILE *fp);

#endif
