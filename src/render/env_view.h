/* How a process environment is shown: columns and JSON. */
#ifndef RENDER_ENV_VIEW_H
#define RENDER_ENV_VIEW_H

#include <stdbool.h>

#include "model/env.h"
#include "render/stream.h"

enum env_col {
	EC_PID,
	EC_COMM,
	EC_NAME,
	EC_VALUE,
	EC_LENGTH,
	EC_REDACTED,
	EC_WITHHELD,
	EC_VIA_TID,
	EC__COUNT,
};
extern const struct out_col env_cols[EC__COUNT];
extern const int env_cols_default[3];

/* Emit one process's environment; values of secret-looking names are
 * redacted unless reveal. */
void env_view_emit(struct out_stream *s, const struct proc_env *e, bool reveal);

#endif
