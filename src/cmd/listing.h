/* What tree and ps share: output options, reading the process table with
 * its one summary warning, and emitting the result. */
#ifndef CMD_LISTING_H
#define CMD_LISTING_H

#include <stdbool.h>

#include "cmd/command.h"
#include "cmd/outopts.h"
#include "cmd/ruleopts.h"
#include "model/table.h"
#include "render/proc_view.h"
#include "render/proc_render.h"
#include "render/table.h"

/* tree's and ps's .privileges: they read the same files. */
#define LISTING_PRIVILEGES                                                    \
	"None for the table itself: stat, status, cmdline and cgroup are "    \
	"world-readable. The exe of another user's process (the exe column, " \
	"JSON's exe) needs CAP_SYS_PTRACE (the kernel's ptrace read check "   \
	"guards /proc/PID/exe); container names need CAP_SYS_PTRACE and "     \
	"CAP_DAC_READ_SEARCH (the runtime's state files, which only root "    \
	"may read, are read through /proc/PID/root of a root process)."

enum listing_opt_id {
	LO_ALL = 100,
	LO_REVEAL,
};

/* Option table entries shared by process listings. */
#define LISTING_OPTS                                                     \
	OUTPUT_OPTS, {LO_ALL, "all",	     'a',                        \
		      NULL,   COMPLETE_NONE, "include kernel threads"},  \
		{LO_REVEAL,                                              \
		 "reveal",                                               \
		 0,                                                      \
		 NULL,                                                   \
		 COMPLETE_NONE,                                          \
		 "show secrets in command lines (redacted by default)"}, \
		RULE_OPTS

struct listing {
	struct out_opts oo;
	bool all;
	int sel[PC__COUNT * 2]; /* selected columns */
	size_t nsel;
	unsigned need; /* enum proc_want bits filters need beyond columns */
	bool reveal;   /* --reveal: argv as the kernel gives it */
	struct rule_opts ro;
	const struct proc_source *src; /* the /proc read (ctx->src) */
};

void listing_init(struct listing *l);
/* Handle a LISTING_OPTS option: returns 0, 1 when id is not one, or
 * EXIT_USAGE. */
int listing_opt(struct listing *l, const char *cmd, int id, const char *arg);
/* Resolve the output options and -o for output on out. Returns 0 or
 * EXIT_USAGE (after saying what was wrong). */
int listing_finish(struct listing *l, const char *cmd, FILE *out);
/* Read the live table into t (the fields l's output and filters need).
 * Call after listing_finish. Returns 0 or EXIT_RUNTIME. */
int listing_read(struct proc_table *t, const struct listing *l,
		 const char *cmd);
/* Redact the secrets in the command lines of the n rows to be shown
 * (unless --reveal): only those, so that one row shown costs one command
 * line judged. ascii: the text marks are ASCII (see listing_render); JSON
 * keeps U+2026. A rule file given is loaded (and so checked) either way.
 * Returns 0 or EXIT_USAGE for a bad rule file. */
int listing_redact(const struct listing *l, struct proc *const *rows, size_t n,
		   const char *cmd, bool ascii);
/* The summary warnings of command cmd: processes this /proc does not
 * list (cmd_visibility_warn), and fields not readable, counted over the
 * n rows shown only. */
void listing_warn_gaps(const struct listing *l, struct proc *const *rows,
		       size_t n, const char *cmd);
/* Rendering options for l's output on ctx->out; ASCII tree glyphs when
 * ascii (--ascii) or the locale is not UTF-8. */
struct proc_render listing_render(struct ctx *ctx, const struct listing *l,
				  bool ascii);
void listing_release(struct listing *l);
/* Map a renderer's result to an exit status; main() reports a write
 * error on stdout itself. */
int listing_status(int render_ret);

#endif
