/* Synthetic snapshots for judge unit tests: a process built field by
 * field, with no /proc behind it. Header-only (each test is one binary).
 * Everything set here is owned by the snapshot and freed by
 * psnap_release, except the mount table (snapkit_mounts), freed there
 * too because it is the snapshot's own_mounts. */
#ifndef TESTS_UNIT_SNAPKIT_H
#define TESTS_UNIT_SNAPKIT_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/fd.h"
#include "model/nstab.h"
#include "proc/mountinfo.h"
#include "model/psnap.h"
#include "proc/environ.h"
#include "proc/maps.h"
#include "proc/status.h"
#include "scan/judge.h"
#include "util/xalloc.h"

/* A container id that cgroup attribution could have given. */
#define SNAPKIT_CID \
	"4f1c9a0b22de4f1c9a0b22de4f1c9a0b22de4f1c9a0b22de4f1c9a0b22de4f1c"

/* pid with comm, stat read (ppid 1, start 1000, no tty), cgroup read
 * (a host process until snapkit_container). */
static inline void snapkit_init(struct psnap *s, pid_t pid, const char *comm)
{
	psnap_init(s, pid);
	s->proc.comm = xstrdup(comm);
	s->proc.ppid = 1;
	s->proc.start_ticks = 1000;
	s->proc.state = 'S';
	s->loaded = FACET_BIT(FACET_STAT) | FACET_BIT(FACET_CGROUP);
}

static inline void snapkit_container(struct psnap *s, const char *id)
{
	snprintf(s->proc.container.id, sizeof(s->proc.container.id), "%s",
		 id ? id : SNAPKIT_CID);
	s->proc.container.runtime = RUNTIME_CONTAINERD;
}

static inline void snapkit_tty(struct psnap *s, int tty_nr)
{
	s->proc.tty_nr = tty_nr;
	free(s->proc.tty);
	s->proc.tty = tty_nr ? xstrdup("pts/0") : NULL;
}

/* argv from a NULL-terminated list. */
static inline void snapkit_argv(struct psnap *s, const char *const *argv)
{
	size_t n = 0;
	while (argv[n])
		n++;
	proc_argv_free(s->proc.argv);
	s->proc.argv = xcalloc(n + 1, sizeof(char *));
	for (s->proc.argc = 0; s->proc.argc < n; s->proc.argc++)
		s->proc.argv[s->proc.argc] = xstrdup(argv[s->proc.argc]);
	s->loaded |= FACET_BIT(FACET_ARGV);
}

/* The environment from NUL-separated KEY=VALUE strings, len bytes. */
static inline void snapkit_env(struct psnap *s, const char *env, size_t len)
{
	strbuf_reset(&s->env_raw);
	strbuf_add(&s->env_raw, env, len);
	free(s->env);
	proc_environ_parse(s->env_raw.buf, s->env_raw.len, &s->env, &s->nenv);
	s->loaded |= FACET_BIT(FACET_ENV);
}

/* The exe link text as the kernel shows it (" (deleted)" included). */
static inline void snapkit_exe(struct psnap *s, const char *exe)
{
	free(s->proc.exe);
	s->proc.exe = exe ? xstrdup(exe) : NULL;
	s->loaded |= FACET_BIT(FACET_EXE);
}

/* /proc/PID/status text (only the lines a test needs). */
static inline void snapkit_status(struct psnap *s, const char *text)
{
	cr_assert_eq(proc_status_parse(text, strlen(text), &s->status), 0);
	s->loaded |= FACET_BIT(FACET_STATUS);
}

/* /proc/PID/maps text, one mapping a line. */
static inline void snapkit_maps(struct psnap *s, const char *text)
{
	size_t alloc = 0;
	const char *p = text;
	strbuf_reset(&s->maps_raw);
	strbuf_addstr(&s->maps_raw, text);
	free(s->maps);
	s->maps = NULL;
	s->nmaps = 0;
	p = s->maps_raw.buf;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		struct map_entry e;
		if (!proc_maps_parse_line(p, len, &e)) {
			s->maps = xgrow(s->maps, &alloc, s->nmaps + 1,
					sizeof(*s->maps));
			s->maps[s->nmaps++] = e;
		}
		p += len + (nl ? 1 : 0);
	}
	s->loaded |= FACET_BIT(FACET_MAPS);
}

/* An fd whose link text is `link` (" (deleted)" included when deleted),
 * classified as the reader does; flags are fdinfo's (O_WRONLY...), and
 * fdinfo counts as read. Returns the entry to adjust (ftype, size...). */
static inline struct fd_entry *snapkit_fd(struct psnap *s, int fd,
					  const char *link, unsigned flags)
{
	struct fd_entry *e;
	size_t len;
	s->fds.e =
		xgrow(s->fds.e, &s->fds.alloc, s->fds.n + 1, sizeof(*s->fds.e));
	e = &s->fds.e[s->fds.n++];
	memset(e, 0, sizeof(*e));
	e->fd = fd;
	len = fd_classify(link, strlen(link), &e->type, &e->inode, &e->deleted);
	e->target = xmemdup0(link, len);
	e->has_info = true;
	e->flags = flags;
	e->mnt_id = -1;
	strcpy(e->mode, (flags & 3) == 0 ? "r" : (flags & 3) == 1 ? "w" : "rw");
	s->loaded |= FACET_BIT(FACET_FDS) | FACET_BIT(FACET_FDINFO);
	return e;
}

/* The process's mount table from mountinfo text (its own, freed with the
 * snapshot). */
static inline void snapkit_mounts(struct psnap *s, const char *mountinfo)
{
	struct mountns *m = xcalloc(1, sizeof(*m));
	proc_mountinfo_parse(mountinfo, strlen(mountinfo), &m->m, &m->n, NULL);
	mountns_index(m);
	mountns_free(s->own_mounts);
	s->own_mounts = m;
	s->mounts = m;
	s->loaded |= FACET_BIT(FACET_MOUNTS);
}

/* Ancestor k (0: the parent) with comm; container (for the parent) a
 * container id, "" for a host process, NULL for not read. */
static inline void snapkit_kin(struct psnap *s, size_t k, pid_t pid,
			       const char *comm, const char *container)
{
	struct psnap_kin *a = &s->kin[k];
	memset(a, 0, sizeof(*a));
	a->pid = pid;
	a->start_ticks = 500 - k;
	snprintf(a->comm, sizeof(a->comm), "%s", comm);
	if (container) {
		a->has_container = true;
		snprintf(a->container, sizeof(a->container), "%s", container);
	}
	if (s->nkin < k + 1)
		s->nkin = k + 1;
	if (k == 0)
		s->proc.ppid = pid;
	s->loaded |= FACET_BIT(FACET_KIN);
}

/* Run judge j on s; findings appended to l. Returns the cut facets. */
static inline unsigned snapkit_run(const struct judge *j,
				   const struct judge_ctx *c,
				   const struct psnap *s, struct findings *l)
{
	cr_assert(j->judge, "%s is not a process judge", j->id);
	return j->judge(c, s, l);
}

/* The first finding of rule (any rule when NULL), or NULL. */
static inline const struct finding *snapkit_find(const struct findings *l,
						 const char *rule)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		if (!rule || !strcmp(l->f[i].rule, rule))
			return &l->f[i];
	return NULL;
}

/* The fact key of f, or NULL. */
static inline const struct finding_fact *snapkit_fact(const struct finding *f,
						      const char *key)
{
	size_t i;
	for (i = 0; f && i < f->nfacts; i++)
		if (!strcmp(f->facts[i].key, key))
			return &f->facts[i];
	return NULL;
}

#endif
