/* Many findings, kept compactly: what `scan` holds between judging the
 * host and printing it sorted. Strings are interned (where, comm, message
 * and the redacted evidence repeat across processes), and so is what a
 * finding says apart from its process (a secret inherited by a thousand
 * workers is one body); facts take room only in a finding that has
 * them, and records live in fixed chunks that never move, so each of
 * tens of thousands of findings costs about eight bytes once its body
 * repeats, not the size of struct finding. */
#ifndef MODEL_FINDSTORE_H
#define MODEL_FINDSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/finding.h"

struct findstore;

struct findstore *findstore_new(void);
/* Free s and everything in it; NULL is fine. */
void findstore_free(struct findstore *s);

/* Move f into s: f's strings are interned and f is released. */
void findstore_add(struct findstore *s, struct finding *f);
/* Move every finding of l into s; l is left empty. */
void findstore_add_all(struct findstore *s, struct findings *l);
size_t findstore_count(const struct findstore *s);

/* Finding i (in the order of findstore_sort, else of adding) as a struct
 * finding whose strings, facts and tags are borrowed from s: valid until
 * s is freed; do not release it. */
void findstore_get(const struct findstore *s, size_t i, struct finding *out);

/* Order the findings for display and JSON: most severe first, then by
 * pid, where and rule. */
void findstore_sort(struct findstore *s);

#endif
