/* The per-process snapshot: what procsift knows of one process, read once
 * and judged as a whole. Each part (a facet) comes from one /proc file or
 * a group of them, is read at most once per process per run and only
 * when an enabled judge or view needs it, and carries its own errno (and
 * whether it was cut at a cap). Judges are pure functions of a snapshot;
 * src/proc/snapread.c fills it. */
#ifndef MODEL_PSNAP_H
#define MODEL_PSNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/env.h"
#include "model/fd.h"
#include "model/ns.h"
#include "model/proc.h"
#include "model/maps.h"
#include "model/status.h"
#include "util/strbuf.h"

enum facet {
	FACET_STAT,    /* stat: ppid, state, comm, start, tty, flags */
	FACET_STATUS,  /* status: ids, capabilities, seccomp, tracer, NSpid */
	FACET_ARGV,    /* cmdline */
	FACET_EXE,     /* the exe link */
	FACET_CWD,     /* the cwd link */
	FACET_ROOT,    /* the root link */
	FACET_CGROUP,  /* cgroup, and container and pod attribution */
	FACET_NS,      /* the ns/ links */
	FACET_ENV,     /* environ */
	FACET_FDS,     /* fd/ links, their modes, the target types */
	FACET_FDINFO,  /* fdinfo/ of every fd (with FDS) */
	FACET_MAPS,    /* maps */
	FACET_MOUNTS,  /* mountinfo of its mount namespace (shared) */
	FACET_SOCKETS, /* socket tables of its network namespace (shared) */
	FACET_FDLINKS, /* fd/ links alone, typed by their text (no mode, no
			* stat, no fdinfo): what FDS reads first, cheaply;
			* FDS read later replaces it */
	FACET_KIN,     /* its parent chain and its tracer: their stat (and the
			* parent's cgroup) */
	FACET_LSM,     /* attr/current: its AppArmor or SELinux label */
	FACET__COUNT,
};

#define FACET_BIT(f) (1u << (f))
#define FACETS_ALL ((1u << FACET__COUNT) - 1)

/* How much of a process's memory files a snapshot keeps. */
#define PSNAP_ARGV_CAP (16u << 20)
#define PSNAP_ENV_CAP (16u << 20)
#define PSNAP_MAPS_CAP (64u << 20)

/* Ancestors kept by the KIN facet: the parent, grandparent, ... */
#define PSNAP_KIN_MAX 8

/* A related process (an ancestor or the tracer), as its stat names it. */
struct psnap_kin {
	pid_t pid;
	unsigned long long start_ticks;
	char comm[16]; /* raw bytes, NUL-terminated */
	int tty_nr;
	/* The parent (kin[0]) alone: its container id from its cgroup ("" for
	 * a host process); in_container tells whether it was read. */
	bool has_container;
	char container[CONTAINER_ID_MAX + 1];
};

struct mountns; /* proc/mounts.h */
struct netns;	/* proc/sockets.h */

struct psnap {
	/* Identity and the table's fields: pid, start_ticks, comm, ppid,
	 * state, kthread, tty_nr, threads, rss (STAT); uid, gid (STATUS);
	 * argv (ARGV); exe (EXE); container and cgroup (CGROUP). Names of
	 * users and groups are not looked up. */
	struct proc proc;
	unsigned loaded;       /* facets read or tried: FACET_BIT()s */
	unsigned truncated;    /* facets cut at a cap */
	int err[FACET__COUNT]; /* errno of a facet that could not be read */
	struct proc_status status;
	char *cwd, *root;	/* owned link texts */
	uint64_t ns[NS__COUNT]; /* namespace inodes; 0: none or unreadable */
	struct strbuf env_raw;	/* environ as read */
	struct env_var *env;	/* owned array; strings in env_raw */
	size_t nenv;
	struct fd_list fds;
	struct strbuf maps_raw;
	struct map_entry *maps; /* owned array; paths in maps_raw */
	size_t nmaps;
	const struct mountns *mounts; /* shared (or own_mounts); borrowed */
	const struct netns *net;      /* shared (or own_net); borrowed */
	struct mountns *own_mounts;   /* read for this process alone */
	struct netns *own_net;
	/* KIN: kin[0] the parent, kin[1] its parent, ... up to (not past)
	 * pid 1 or a process that could not be read; nkin of them. */
	struct psnap_kin kin[PSNAP_KIN_MAX];
	size_t nkin;
	bool has_tracer; /* KIN with STATUS: the tracer (status.tracer_pid) */
	struct psnap_kin tracer;
	char *lsm; /* LSM: owned label text without a trailing newline; NULL
		    * when no LSM gives one (attr/current: EINVAL) */
};

/* Initialise s for pid: nothing loaded. */
void psnap_init(struct psnap *s, pid_t pid);
/* Free what s owns; s is left initialised for the same pid, empty. */
void psnap_release(struct psnap *s);

/* Whether facet f was read without error. */
bool psnap_has(const struct psnap *s, enum facet f);
/* The facets that were wanted but could not be read (bits). */
unsigned psnap_missing(const struct psnap *s, unsigned wanted);

/* "stat", "status", "argv", ... for messages and JSON. */
const char *facet_name(enum facet f);
/* The facet named len bytes at name, or -1. */
int facet_parse(const char *name, size_t len);

#endif
