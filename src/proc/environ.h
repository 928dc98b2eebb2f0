/* Parser for /proc/PID/environ: NUL-separated NAME=VALUE strings. Pure. */
#ifndef PROC_ENVIRON_H
#define PROC_ENVIRON_H

#include <stdbool.h>
#include <stddef.h>

#include "model/env.h"

/* Split len bytes of environ into a new array (*vars, the caller frees it;
 * the strings stay in buf) of *n entries. A missing final NUL is tolerated;
 * empty strings between NULs are skipped (a process may have overwritten
 * its environment area); an entry without '=' has value NULL. */
void proc_environ_parse(const char *buf, size_t len, struct env_var **vars,
			size_t *n);

#endif
