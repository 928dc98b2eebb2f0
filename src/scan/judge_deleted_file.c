/* deleted-file-held: a regular file deleted while a process holds it
 * open. Under /tmp, /var/tmp or /dev/shm it is how a payload is staged
 * without a name on disk; under /var/log a log removed while written
 * (log wiping, or a rotation); elsewhere a large one only holds disk
 * space. One finding a process and class, naming its weightiest file. */
#include "scan/judge.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "scan/forensic.h"

#define JUDGE "deleted-file-held"
/* Elsewhere, a deleted file this large is worth a line (a rotated log
 * still written keeps its disk space). */
#define LARGE_BYTES (16ull << 20)

enum class { C_TMP, C_LOG, C_LARGE, C__COUNT };

static const char *const rule_of[C__COUNT] = {
	[C_TMP] = "deleted-file-in-tmp",
	[C_LOG] = "deleted-log-held",
	[C_LARGE] = "deleted-file-large",
};

struct pick {
	const struct fd_entry *e; /* the file named */
	enum severity sev;
	size_t count; /* distinct files of the class */
	unsigned long long bytes;
	bool tmpfile; /* e has no name at all (O_TMPFILE) */
};

/* O_TMPFILE's files never had a name: the kernel shows "DIR/#INODE". */
static bool o_tmpfile(const char *path, size_t len)
{
	size_t blen, i;
	const char *b = forensic_base(path, len, &blen);
	if (blen < 2 || b[0] != '#')
		return false;
	for (i = 1; i < blen; i++)
		if (b[i] < '0' || b[i] > '9')
			return false;
	return true;
}

/* Files counted once however many fds hold them (dup, opened twice);
 * past SEEN_MAX of them, each fd counts: the check must not grow with
 * the square of a hostile process's fds. */
#define SEEN_MAX 64
struct seen {
	struct {
		uint64_t dev, ino;
	} f[SEEN_MAX];
	size_t n;
};

/* Whether e's file was met before; notes it when not. */
static bool seen_file(struct seen *sn, const struct fd_entry *e)
{
	size_t i;
	for (i = 0; i < sn->n; i++)
		if (sn->f[i].dev == e->dev && sn->f[i].ino == e->ino)
			return true;
	if (sn->n < SEEN_MAX) {
		sn->f[sn->n].dev = e->dev;
		sn->f[sn->n++].ino = e->ino;
	}
	return false;
}

/* Severity of one staged file: none of the size of a payload (empty, or
 * made nameless with O_TMPFILE as tmpfile(3) does) is low; one held by a
 * process that itself runs from a staging place or a deleted file is
 * high (a dropper and its payload); else medium. */
static enum severity tmp_sev(const struct fd_entry *e, bool dropper)
{
	if (!e->size || o_tmpfile(e->target, strlen(e->target)))
		return SEV_LOW;
	return dropper ? SEV_HIGH : SEV_MEDIUM;
}

static void take(struct pick *p, const struct fd_entry *e, enum severity sev)
{
	p->count++;
	p->bytes += e->size;
	if (!p->e || sev > p->sev || (sev == p->sev && e->size > p->e->size)) {
		p->e = e;
		p->sev = sev;
		p->tmpfile = o_tmpfile(e->target, strlen(e->target));
	}
}

static void report(const struct psnap *s, enum class k, const struct pick *p,
		   struct findings *out)
{
	static const char *const what[C__COUNT] = {
		[C_TMP] = "a deleted file in a temporary directory",
		[C_LOG] = "a deleted log file",
		[C_LARGE] = "a large deleted file",
	};
	size_t len = strlen(p->e->target);
	char where[32];
	struct finding *f;
	snprintf(where, sizeof(where), "fd:%d", p->e->fd);
	f = forensic_finding(out, s, JUDGE, rule_of[k], p->sev,
			     k == C_TMP && p->sev >= SEV_MEDIUM ? CONF_MEDIUM
								: CONF_LOW,
			     where);
	forensic_message(f, "holds %s open: '%.*s' (%llu bytes)%s", what[k],
			 (int)(len > 200 ? 200 : len), p->e->target,
			 (unsigned long long)p->e->size,
			 p->count > 1 ? " and others" : "");
	finding_fact_int(f, "fd", p->e->fd);
	forensic_fact(f, "path", p->e->target, len);
	finding_fact_int(f, "size", (long long)p->e->size);
	finding_fact_int(f, "count", (long long)p->count);
	finding_fact_int(f, "total_bytes", (long long)p->bytes);
	if (k == C_TMP)
		finding_fact_bool(f, "tmpfile", p->tmpfile);
	finding_tag(f, k == C_LOG ? "T1070.002" : "T1070.004");
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct pick picks[C__COUNT];
	struct seen sn;
	const char *exe;
	size_t elen, i;
	bool deleted, dropper;
	int k;
	(void)c;
	if (s->proc.kthread || !psnap_has(s, FACET_FDS))
		return 0;
	memset(picks, 0, sizeof(picks));
	sn.n = 0;
	exe = forensic_exe(s, &elen, &deleted);
	dropper = exe && (deleted || forensic_in_tmp(exe, elen));
	for (i = 0; i < s->fds.n; i++) {
		const struct fd_entry *e = &s->fds.e[i];
		size_t len;
		/* A memfd is FD_MEMFD; a file of unknown type is left. */
		if (e->type != FD_FILE || !e->deleted || !e->has_stat ||
		    !S_ISREG(e->ftype) || !e->target || seen_file(&sn, e))
			continue;
		len = strlen(e->target);
		if (forensic_in_tmp(e->target, len))
			take(&picks[C_TMP], e, tmp_sev(e, dropper));
		else if (forensic_prefix(e->target, len, "/var/log/"))
			take(&picks[C_LOG], e, SEV_LOW);
		else if (e->size >= LARGE_BYTES)
			take(&picks[C_LARGE], e, SEV_INFO);
	}
	for (k = 0; k < C__COUNT; k++)
		if (picks[k].e)
			report(s, (enum class)k, &picks[k], out);
	return 0;
}

/* Any userland process can stage a payload: the fd links of every one
 * are read (FDLINKS, a readlink per fd). */
static unsigned more(const struct psnap *s)
{
	size_t i;
	if (!forensic_userland(s))
		return 0;
	/* The links tell which fds are deleted files; only a process that
	 * holds one has its fds read again, each typed and sized by a stat. */
	for (i = 0; i < s->fds.n; i++)
		if (s->fds.e[i].type == FD_FILE && s->fds.e[i].deleted)
			return FACET_BIT(FACET_FDS) | FACET_BIT(FACET_EXE);
	return 0;
}

const struct judge judge_deleted_file = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "a deleted regular file held open under /tmp, /dev/shm or "
		   "/var/tmp (payload staging)",
	.facets = FACET_BIT(FACET_FDLINKS),
	.more = more,
	.judge = judge,
};
