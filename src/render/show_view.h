/* The show dossier as text (key/value lines) or one JSON object. */
#ifndef RENDER_SHOW_VIEW_H
#define RENDER_SHOW_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "model/dossier.h"

/* Print d; returns 0 or -errno on a write error. */
int show_view_print(FILE *fp, const struct dossier *d, bool json, bool pretty);

#endif
