/* Parsers for NUL-separated /proc files (cmdline; later environ). */
#ifndef PROC_CMDLINE_H
#define PROC_CMDLINE_H

#include <stddef.h>

/* Split len bytes of /proc/PID/cmdline at NUL bytes into a new
 * NULL-terminated vector (*argv, owned by the caller: free it with
 * proc_argv_free from model/proc.h) of *argc strings. A missing final NUL is
 * tolerated (the last element ends at len); an empty input gives argc 0. Never
 * fails. */
void proc_cmdline_parse(const char *buf, size_t len, char ***argv,
			size_t *argc);

#endif
