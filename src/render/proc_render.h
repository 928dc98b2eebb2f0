/* Rendering process lists and trees, as text (libsmartcols) or JSON
 * (json-c, one top-level entry at a time): the commands decide which
 * processes are shown; this decides how. */
#ifndef RENDER_PROC_RENDER_H
#define RENDER_PROC_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model/proc.h"
#include "model/table.h"
#include "render/table.h"

/* Generations nested in one tree. A fork chain is attacker-made; text
 * would grow quadratically with depth and JSON consumers have nesting
 * limits (jq 1.6: 256 levels, Python's json about 1000). A deeper branch
 * starts a top-level entry of its own: in JSON the process it was cut
 * from has "children_cut": true; in text its line's COMMAND starts with
 * "... ". The ppid links it back either way. */
#define OUT_TREE_MAX_DEPTH 100

struct proc_render {
	FILE *fp;
	bool json, pretty;	/* JSON, indented */
	bool ndjson;		/* lists: one process object a line */
	bool ascii, noheadings; /* text */
	struct out_style style; /* text: raw, pairs, -w, colour */
	const int *sel;		/* text columns (enum proc_col) */
	size_t nsel;
};

/* {"processes": [...]}, one object a line (ndjson) or a table, rows in
 * the given order. Returns 0 or
 * -errno on a write error. */
int out_proc_list(const struct proc_render *r, struct proc *const *rows,
		  size_t n);

/* The forest of t restricted to processes for which keep(p, arg) is true;
 * a shown process whose parent is hidden starts a tree of its own.
 * Returns 0 or -errno on a write error. */
int out_proc_tree(const struct proc_render *r, const struct proc_table *t,
		  bool (*keep)(const struct proc *p, void *arg), void *arg);

#endif
