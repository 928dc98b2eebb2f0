/* Running a per-process command over PID operands or --all, one process
 * at a time (so memory stays flat however many there are), with the one
 * summary warning about processes that could not be read. */
#ifndef CMD_EACH_H
#define CMD_EACH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cmd/command.h"
#include "cmd/outopts.h"
#include "model/psnap.h"
#include "proc/snapread.h"

struct out_col;
struct out_stream;

enum each_opt_id {
	EO_ALL = 200,
};

/* Option table entries shared by the per-process commands. */
#define EACH_OPTS                                                   \
	{EO_ALL, "all", 'a', NULL, COMPLETE_NONE, "every process"}, \
		OUTPUT_OPTS, OUTPUT_OPT_NDJSON

struct each {
	bool all;
	pid_t *pids;
	size_t npids, alloc;
	struct out_opts oo;
	int sel[64]; /* selected columns */
	size_t nsel;
	bool bare;	     /* the callback needs no comm: skip reading stat
			      * (each_proc.comm is then NULL) */
	unsigned facets;     /* snapshot facets read for the callback */
	bool unreadable_too; /* call back for a process whose stat cannot
			      * be read (its snapshot has only err[STAT]) */
	pid_t skip_pid;	     /* never walk this pid (procsift's own), or 0 */
	struct psnap_shared *shared;   /* namespace tables; each_run's own
					* when NULL */
	const struct proc_source *src; /* the /proc read (ctx->src) */
};

/* Handle an EACH_OPTS option: returns 0, 1 when id is not one, or
 * EXIT_USAGE. */
int each_opt(struct each *e, const char *cmd, int id, const char *arg);
/* Whether the output shows comm (JSON always does; text when column
 * comm_col is selected); when not, e->bare is set to save a read of stat
 * per process. */
void each_need_comm(struct each *e, int comm_col);
/* Resolve the output options for output on out, and -o against a view's
 * columns. Returns 0 or EXIT_USAGE. */
int each_columns(struct each *e, const char *cmd, FILE *out,
		 const struct out_col *cols, size_t ncols, const int *def,
		 size_t ndef);
/* The output stream for e's options on out, with the view's columns. */
struct out_stream each_stream(const struct each *e, FILE *out, bool ascii,
			      const struct out_col *cols);

/* The process handed to the callback: its snapshot with the facets the
 * command asked for, and its comm and start time from stat (exact bytes).
 * Borrowed for the call. */
struct each_proc {
	pid_t pid;
	int dir_fd;	  /* its /proc/PID directory, for each_proc_need */
	const char *comm; /* NULL when the run is bare */
	unsigned long long start_ticks;
	struct psnap *snap;
	struct psnap_shared *shared;
	struct strbuf *scratch;
};

/* Read more facets of p's snapshot (for a callback that decides what it
 * needs from what it has). Returns 0, or -ESRCH when the process is
 * gone. */
int each_proc_need(const struct each_proc *p, unsigned facets);

/* Add PID operands (argv[first..argc-1]). Returns 0 or EXIT_USAGE. */
int each_operands(struct each *e, const char *cmd, int argc, char **argv,
		  int first);
/* Render one process to out (a stream of its own, writing to memory);
 * return 0; -ESRCH or -ENOENT when the process vanished (skipped
 * quietly); another -errno when what it needed could not be read
 * (counted in one warning). Runs on worker threads: anything shared in
 * arg needs a lock. */
typedef int (*each_fn)(const struct each_proc *p, struct out_stream *out,
		       void *arg);

/* Call fn for each target, two at a time, and write their output to out
 * in order (out_stream_begin and out_stream_end are the caller's). what
 * names what could not be read in the warning (NULL: no warning).
 * Returns 0, or EXIT_RUNTIME when a PID operand names no process or /proc
 * cannot be read. */
int each_run(const struct each *e, const char *cmd, const char *what,
	     struct out_stream *out, each_fn fn, void *arg);
void each_release(struct each *e);

/* What a per-process command (env, fds, maps) adds to the run every one
 * of them makes: each_main parses its options (EACH_OPTS and its own),
 * takes the PID operands, selects the columns (comm: the view's column
 * named so) and calls one for each process. */
struct each_command {
	const char *what; /* what the unreadable warning names ("fd") */
	unsigned facets;  /* the snapshot facets one reads */
	const struct cmd_flag *flags; /* options that set a bool, or NULL */
	/* Another option of the command's own (or NULL): 0, 1 when id is
	 * not one, or an exit status. */
	int (*opt)(void *state, int id, const char *arg);
	/* The default columns for the options given: *ndef of them. */
	const int *(*defaults)(const void *state, size_t *ndef);
	/* Once the options and columns are known, before the walk (or
	 * NULL): may add to e->facets; out is the stream the walk will
	 * write to. Returns 0 or an exit status. */
	int (*prepare)(void *state, struct each *e, struct out_stream *out);
	/* Free what opt and prepare left in state (or NULL); called
	 * whatever happened. */
	void (*release)(void *state);
	each_fn one; /* handed state as its arg */
};

/* Run cmd, a command ec describes, on argv: e is the struct each inside
 * state, both zeroed by the caller. Returns the exit status. */
int each_main(const struct command *cmd, const struct each_command *ec,
	      struct each *e, void *state, struct ctx *ctx, int argc,
	      char **argv);

#endif
