/* libFuzzer: the forensic-indicator judges (exe, anon-exec-memory,
 * deleted-lib-mapped, loader-hijack and its /etc/ld.so.preload part,
 * anti-forensics-env, name-spoofing, traced, deleted-file-held,
 * crypto-miner) on a snapshot made of hostile bytes: they stay inside
 * what they are given, and every finding is whole and bounded.
 *
 * Input: a flags byte, then fields separated by 0x1e: comm, exe link,
 * cmdline (NUL-separated), environ, maps text, fd link texts (one a
 * line), the text of /etc/ld.so.preload. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/fd.h"
#include "model/host.h"
#include "model/psnap.h"
#include "proc/cmdline.h"
#include "proc/environ.h"
#include "proc/maps.h"
#include "scan/forensic.h"
#include "scan/judge.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { F_COMM, F_EXE, F_ARGV, F_ENV, F_MAPS, F_FDS, F_PRELOAD, F__COUNT };

static const char *const ids[] = {
	"exe",		 "anon-exec-memory",   "deleted-lib-mapped",
	"loader-hijack", "anti-forensics-env", "name-spoofing",
	"traced",	 "deleted-file-held",  "crypto-miner",
};

struct maps_collect {
	struct psnap *s;
	size_t alloc;
};

static int add_map(const struct map_entry *e, void *arg)
{
	struct maps_collect *c = arg;
	c->s->maps = xgrow(c->s->maps, &c->alloc, c->s->nmaps + 1,
			   sizeof(*c->s->maps));
	c->s->maps[c->s->nmaps++] = *e;
	return 0;
}

static void add_fds(struct psnap *s, const char *b, size_t len)
{
	size_t i = 0;
	while (i < len && s->fds.n < 256) {
		const char *nl = memchr(b + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (b + i)) : len - i, tlen;
		struct fd_entry *e;
		s->fds.e = xgrow(s->fds.e, &s->fds.alloc, s->fds.n + 1,
				 sizeof(*s->fds.e));
		e = &s->fds.e[s->fds.n];
		memset(e, 0, sizeof(*e));
		e->fd = (int)s->fds.n++;
		tlen = fd_classify(b + i, n, &e->type, &e->inode, &e->deleted);
		e->target = xmemdup0(b + i, tlen);
		e->has_stat = n % 3 != 0;
		e->ftype = n % 2 ? S_IFREG : S_IFDIR;
		e->size = (uint64_t)n << 20;
		e->ino = n % 5;
		e->dev = 1;
		e->mnt_id = -1;
		i += n + 1;
	}
}

static void check(const struct findings *l)
{
	size_t i, k;
	for (i = 0; i < l->n; i++) {
		const struct finding *f = &l->f[i];
		if (!f->rule || !f->judge || !f->where || !f->message ||
		    f->kind != KIND_INDICATOR ||
		    f->nfacts > FINDING_FACTS_MAX ||
		    f->severity > SEV_CRITICAL || f->evidence)
			abort();
		for (k = 0; k < f->nfacts; k++)
			if (!f->facts[k].key ||
			    (f->facts[k].type == FACT_STR &&
			     (!f->facts[k].str ||
			      strlen(f->facts[k].str) > FORENSIC_FACT_MAX)))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *b = (const char *)data + (size ? 1 : 0);
	const char *field[F__COUNT] = {0};
	size_t flen[F__COUNT] = {0}, len = size ? size - 1 : 0, i, k = 0;
	unsigned flags = size ? data[0] : 0;
	struct host_ref ref = {.now_ticks = 1000000, .hz = 100};
	struct judge_ctx c = {.host = flags & 1 ? &ref : NULL};
	struct maps_collect mc;
	struct findings l = {0};
	struct host_view h;
	struct psnap s;
	char err[128];

	field[0] = b;
	for (i = 0; i < len && k + 1 < F__COUNT; i++)
		if (b[i] == 0x1e) {
			flen[k] = (size_t)(b + i - field[k]);
			field[++k] = b + i + 1;
		}
	flen[k] = (size_t)(b + len - field[k]);
	for (i = k + 1; i < F__COUNT; i++)
		field[i] = "";

	psnap_init(&s, 4242);
	s.loaded = FACETS_ALL;
	s.proc.comm =
		xmemdup0(field[F_COMM], flen[F_COMM] > 15 ? 15 : flen[F_COMM]);
	s.proc.exe = flen[F_EXE] ? xmemdup0(field[F_EXE], flen[F_EXE]) : NULL;
	s.proc.kthread = flags & 2;
	s.proc.tty_nr = flags & 4 ? 34816 : 0;
	s.proc.state = flags & 8 ? 'Z' : 'S';
	s.proc.ppid = flags & 16 ? 2 : 100;
	s.proc.start_ticks = 1000;
	proc_cmdline_parse(field[F_ARGV], flen[F_ARGV], &s.proc.argv,
			   &s.proc.argc);
	strbuf_add(&s.env_raw, field[F_ENV], flen[F_ENV]);
	proc_environ_parse(s.env_raw.buf, s.env_raw.len, &s.env, &s.nenv);
	strbuf_add(&s.maps_raw, field[F_MAPS], flen[F_MAPS]);
	mc.s = &s;
	mc.alloc = 0;
	proc_maps_each(s.maps_raw.buf, s.maps_raw.len, add_map, &mc, NULL);
	add_fds(&s, field[F_FDS], flen[F_FDS]);
	s.status.has_tracer = true;
	s.status.tracer_pid = flags & 32 ? 77 : 0;
	if (flags & 64) {
		s.has_tracer = true;
		s.tracer.pid = 77;
		memcpy(s.tracer.comm, s.proc.comm, strlen(s.proc.comm) + 1);
	}

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		const struct judge *j = judge_find(ids[i], strlen(ids[i]));
		if (!j || j->judge(&c, &s, &l))
			abort();
		if (j->more)
			j->more(&s);
	}
	host_view_init(&h);
	h.has_ld_preload = true;
	h.ld_preload.data = xmemdup0(field[F_PRELOAD], flen[F_PRELOAD]);
	h.ld_preload.len = flen[F_PRELOAD];
	h.ld_preload.err = flags & 128 ? 13 : 0;
	if (judge_find("loader-hijack", 13)
		    ->judge_host(&c, &h, &l, err, sizeof(err)))
		abort();
	check(&l);
	host_view_release(&h);
	findings_release(&l);
	psnap_release(&s);
	return 0;
}
