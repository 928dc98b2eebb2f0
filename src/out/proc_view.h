/* How a struct proc is shown: the process column table (text cells and
 * sort order) and the JSON object, kept side by side so they cannot drift. */
#ifndef OUT_PROC_VIEW_H
#define OUT_PROC_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include <json.h>

#include "model/proc.h"
#include "out/table.h"
#include "util/strbuf.h"

enum proc_col {
	PC_PID,
	PC_PPID,
	PC_USER,
	PC_UID,
	PC_RUSER,
	PC_RUID,
	PC_GROUP,
	PC_GID,
	PC_STATE,
	PC_KTHREAD,
	PC_START,
	PC_TTY,
	PC_THREADS,
	PC_RSS,
	PC_CONTAINER,
	PC_RUNTIME,
	PC_CONTAINER_ID,
	PC_POD,
	PC_QOS,
	PC_CGROUP,
	PC_EXE,
	PC_COMM,
	PC_COMMAND,
	PC__COUNT,
};

/* The process columns, indexed by enum proc_col. */
extern const struct out_col proc_cols[PC__COUNT];
/* The default selection of tree and ps: PID USER CONTAINER COMMAND. */
extern const int proc_cols_default[4];

/* Append the raw (unescaped) text of column col for p to sb. */
void proc_cell(struct strbuf *sb, const struct proc *p, enum proc_col col);
/* Order of a and b by column col (numbers as numbers): <0, 0, >0. */
int proc_cmp(const struct proc *a, const struct proc *b, enum proc_col col);

/* A new JSON object with every documented key of p (docs/json.md), without
 * tree links ("children" is the tree command's). The caller owns it. */
struct json_object *proc_json(const struct proc *p);

/* ISO 8601 UTC ("2026-11-29T01:19:53Z") into buf (at least 21 bytes). */
void proc_iso_time(char *buf, size_t size, long long t);

#endif
