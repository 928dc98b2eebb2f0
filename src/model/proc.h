/* One process as procsift models it: plain data, filled by src/proc/,
 * read by scanners and renderers. A proc_table owns every struct proc. */
#ifndef MODEL_PROC_H
#define MODEL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "model/container.h"
#include "util/strbuf.h"

/* Fields that come from a file of their own and so can be unreadable
 * on their own. */
enum proc_field {
	PROC_F_ARGV,   /* cmdline */
	PROC_F_EXE,    /* exe link */
	PROC_F_CGROUP, /* cgroup */
	PROC_F__COUNT,
};

/* Which of those fields a reader fills (proc_pids_read's want) and a
 * view's column needs (struct out_col .want of ps and tree). */
enum proc_want {
	PROC_WANT_ARGV = 1 << 0,
	PROC_WANT_EXE = 1 << 1,
	PROC_WANT_CGROUP = 1 << 2,
	PROC_WANT_ALL = PROC_WANT_ARGV | PROC_WANT_EXE | PROC_WANT_CGROUP,
};

struct proc {
	pid_t pid;
	pid_t ppid;
	char state;			/* R, S, D, Z, T, t, X, I, ... */
	bool kthread;			/* PF_KTHREAD: a kernel thread */
	uid_t uid, ruid;		/* effective and real uid */
	gid_t gid, rgid;		/* effective and real gid */
	char *user, *ruser;		/* names; NULL when no passwd entry */
	char *group, *rgroup;		/* names; NULL when no group entry */
	unsigned long long start_ticks; /* clock ticks after boot */
	time_t start_time;		/* seconds since the epoch */
	long long age;			/* seconds since start, when read */
	bool has_age;			/* false: age unknown (no uptime) */
	int tty_nr;			/* stat field 7; 0 for none */
	char *tty;			/* "pts/3"; NULL when tty_nr == 0 */
	char *comm;			/* up to 15 bytes, raw */
	char **argv;			/* NULL-terminated; NULL: unreadable */
	size_t argc;
	bool argv_truncated;  /* cmdline was longer than kept */
	bool argv_redacted;   /* secrets in argv were redacted for output */
	size_t argv_withheld; /* bytes of argv not judged, withheld for
			       * output (a judging cap was reached) */
	char *exe;	      /* link text; NULL: none or unreadable */
	int threads;
	pid_t via_tid; /* a zombie leader's live thread whose files stood in
			* for its own (proc/leader.h); 0: its own */
	unsigned long rss_kib;		 /* resident set, KiB */
	struct container_info container; /* .path unused: see cgroup */
	struct container_names names;	 /* owned: from the runtime's state
					  * files (proc/ctrnames.h), or
					  * all NULL */
	char *cgroup;		/* the attributed cgroup path, or NULL */
	int err[PROC_F__COUNT]; /* 0, or the errno that field gave */

	/* Tree links, set by proc_table_link(); borrowed pointers. */
	struct proc *parent;
	struct proc **children;
	size_t nchildren, children_alloc;
	size_t link_mark; /* scratch for proc_table_link's cycle check */
};

/* A new zeroed proc for pid; the caller (usually a proc_table) owns it. */
struct proc *proc_new(pid_t pid);
/* Free p and everything it owns (not its tree neighbours); NULL is fine. */
void proc_free(struct proc *p);

/* Free a NULL-terminated string vector (argv) and its strings; NULL is
 * fine. */
void proc_argv_free(char **argv);

/* Append p's command line to sb: argv joined by spaces (a " ..." tail when
 * it was truncated), or for an empty or unreadable argv "[comm]" for a
 * kernel thread and "(comm)" for any other process, so a userland process
 * cannot pass for a kernel thread by emptying its argv. */
void proc_cmdline_join(const struct proc *p, struct strbuf *sb);

/* qsort comparator for an array of struct proc pointers, by pid. */
int proc_ptr_cmp_pid(const void *a, const void *b);

/* Name of a field for messages and JSON ("exe", "argv", ...). */
const char *proc_field_name(enum proc_field f);

/* Whether p is in the container or pod `want` names: a prefix of its
 * container id or pod uid (any case), its container name or pod name
 * (exactly, as the runtime's state files give them), a runtime name,
 * "any" (in some container or pod) or "none" (a host process whose
 * cgroup was read). */
bool proc_in_container(const struct proc *p, const char *want);

/* From stat's state and thread count: a thread-group leader that is a
 * zombie while other threads of its group live (a zombie alone counts
 * one thread): see proc/leader.h. */
bool thread_leader_gone(char state, long threads);

/* True when the effective uid differs from the parent's (false at roots). */
bool proc_uid_changed(const struct proc *p);

#endif
