/* How a struct proc is shown: the process column table (proc_cols.c), whose
 * getters make both the text cells and the JSON object, and sort order. */
#ifndef RENDER_PROC_VIEW_H
#define RENDER_PROC_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include <json.h>

#include "model/proc.h"
#include "render/table.h"
#include "util/strbuf.h"

enum proc_col {
	PC_PID,
	PC_PPID,
	PC_STATE,
	PC_KTHREAD,
	PC_USER,
	PC_UID,
	PC_RUSER,
	PC_RUID,
	PC_GROUP,
	PC_GID,
	PC_RGROUP,
	PC_RGID,
	PC_COMM,
	PC_COMMAND,
	PC_ARGV_TRUNCATED,
	PC_ARGV_REDACTED,
	PC_ARGV_WITHHELD,
	PC_EXE,
	PC_START,
	PC_START_TICKS,
	PC_AGE_SECONDS,
	PC_ETIME,
	PC_AGE,
	PC_TTY,
	PC_TTY_NR,
	PC_THREADS,
	PC_VIA_TID,
	PC_RSS,
	PC_CONTAINER,
	PC_RUNTIME,
	PC_CONTAINER_ID,
	PC_POD_UID,
	PC_QOS,
	PC_POD,
	PC_CGROUP,
	PC_UNREADABLE,
	PC__COUNT,
};

/* The process columns, indexed by enum proc_col: every key of the JSON
 * process object is one column's (.want: enum proc_want bits). */
extern const struct out_col proc_cols[PC__COUNT];
/* The default selection of tree and ps: PID USER CONTAINER COMMAND. */
extern const int proc_cols_default[4];

/* Append the raw (unescaped) text of column col for p to sb. */
void proc_cell(struct strbuf *sb, const struct proc *p, enum proc_col col);
/* name, or id in decimal where name is NULL, appended to sb. */
void proc_name_cell(struct strbuf *sb, const char *name, unsigned id);
/* NAMESPACE/POD/CONTAINER as far as the runtime's state files name them
 * (a pod's sandbox has no container name; Docker has no pod; any may be
 * NULL), appended to sb raw: the table escapes it. The form -c takes. */
void proc_names_cell(struct strbuf *sb, const char *ns, const char *pod,
		     const char *name);
/* Order of a and b by column col (numbers as numbers): <0, 0, >0. */
int proc_cmp(const struct proc *a, const struct proc *b, enum proc_col col);

/* One --sort key. */
struct proc_sort_key {
	int col;   /* enum proc_col */
	bool desc; /* written -COL */
};

/* Parse a comma-separated --sort list ("-rss,pid"; a leading '-' sorts
 * that key descending, '+' or nothing ascending; names as for -o) and
 * append its keys to keys (room for max; *n already there). Returns 0,
 * -EINVAL with *bad and *bad_len (borrowed, into list) at an empty or unknown
 * key, or -E2BIG with them at the first key past max. */
int proc_sort_parse(const char *list, struct proc_sort_key *keys, size_t max,
		    size_t *n, const char **bad, size_t *bad_len);

/* Order of a and b by keys (n of them), then by pid. */
int proc_sort_cmp(const struct proc *a, const struct proc *b,
		  const struct proc_sort_key *keys, size_t n);

/* An age in ps's etime form, [[dd-]hh:]mm:ss ("05:03", "02:00:00",
 * "3-04:05:06"), into buf (at least 24 bytes). Negative counts as 0. */
void proc_etime(char *buf, size_t size, long long secs);
/* An age in one short unit, rounded down: "45s", "5m", "3h", "2d". */
void proc_age(char *buf, size_t size, long long secs);

/* A new JSON object with every documented key of p (docs/json.md), without
 * tree links ("children" is the tree command's). The caller owns it. */
struct json_object *proc_json(const struct proc *p);

/* ISO 8601 UTC ("2026-11-29T01:19:53Z") into buf (at least 21 bytes). */
void proc_iso_time(char *buf, size_t size, long long t);

#endif
