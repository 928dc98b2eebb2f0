/* deleted-lib-mapped: an executable mapping of a file deleted since it
 * was mapped, other than the exe itself (judge exe) and a memfd (judge
 * anon-exec-memory): a library loaded from a staging place and removed,
 * or one a package upgrade replaced under a running process. One
 * finding a process and path. */
#include "scan/judge.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "scan/forensic.h"

#define JUDGE "deleted-lib-mapped"
/* Paths reported per process; more are counted in the last finding: an
 * output must not grow with what one process maps. */
#define PATHS_MAX 8

/* libffi's closures fall back to a file it makes and unlinks at once
 * ("ffiXXXXXX" in a temporary directory) where memory cannot be both
 * writable and executable (SELinux's deny_execmem). */
static bool libffi_file(const char *path, size_t len)
{
	size_t blen;
	const char *b = forensic_base(path, len, &blen);
	return blen == 9 && forensic_prefix(b, blen, "ffi");
}

static bool seen_path(const struct map_entry *const *seen, size_t n,
		      const struct map_entry *m)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (seen[i]->path_len == m->path_len &&
		    !memcmp(seen[i]->path, m->path, m->path_len))
			return true;
	return false;
}

static void report(const struct psnap *s, const struct map_entry *m,
		   size_t mappings, bool jvm, struct findings *out)
{
	bool tmp = forensic_in_tmp(m->path, m->path_len);
	bool sys = forensic_sys_dir(m->path, m->path_len);
	bool ffi = tmp && libffi_file(m->path, m->path_len);
	/* Java libraries (Netty, netty-tcnative, JNA) copy their native
	 * code to the temporary directory, load it and delete it. */
	bool runtime = ffi || (tmp && jvm);
	enum severity sev = runtime ? SEV_LOW
			    : tmp   ? SEV_HIGH
			    : sys   ? SEV_INFO
				    : SEV_LOW;
	int show = (int)(m->path_len > FORENSIC_FACT_MAX ? FORENSIC_FACT_MAX
							 : m->path_len);
	char where[64];
	struct finding *f;
	snprintf(where, sizeof(where), "maps:%" PRIx64 "-%" PRIx64, m->start,
		 m->end);
	f = forensic_finding(out, s, JUDGE, JUDGE, sev,
			     tmp && !runtime ? CONF_HIGH : CONF_MEDIUM, where);
	forensic_message(f,
			 tmp   ? "executes code of a deleted file from a "
				 "temporary directory: '%.*s'%s"
			 : sys ? "executes code of a deleted library "
				 "(likely replaced by an upgrade; restart "
				 "the process): '%.*s'%s"
			       : "executes code of a deleted file: '%.*s'%s",
			 show, m->path,
			 ffi	   ? " (libffi's closure file, by its name)"
			 : runtime ? " (a Java VM: its libraries unpack native "
				     "code there and delete it)"
				   : "");
	forensic_fact(f, "path", m->path, m->path_len);
	finding_fact_int(f, "mappings", (long long)mappings);
	forensic_fact(f, "first", where + 5, strlen(where + 5));
	finding_fact_bool(f, "in_tmp", tmp);
	if (ffi)
		finding_fact_bool(f, "libffi", true);
	if (tmp && jvm)
		finding_fact_bool(f, "jvm", true);
	if (!sys)
		finding_tag(f, "T1070.004");
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	const struct map_entry *seen[PATHS_MAX];
	const char *exe;
	size_t elen, nseen = 0, others = 0, i, j;
	bool deleted, jvm = false, jvm_known = false;
	(void)c;
	if (s->proc.kthread || !psnap_has(s, FACET_MAPS))
		return 0;
	exe = forensic_exe(s, &elen, &deleted);
	for (i = 0; i < s->nmaps; i++) {
		const struct map_entry *m = &s->maps[i];
		size_t count = 0;
		if (m->perms[2] != 'x' || m->kind != MAP_KIND_DELETED ||
		    !m->path)
			continue;
		/* The exe's own text: judge exe reports it. */
		if (exe && deleted && m->path_len == elen &&
		    !memcmp(m->path, exe, elen))
			continue;
		if (seen_path(seen, nseen, m))
			continue;
		if (nseen == PATHS_MAX) {
			others++;
			continue;
		}
		seen[nseen++] = m;
		/* Its executable mappings: the rest of the walk's. */
		for (j = i; j < s->nmaps; j++)
			if (s->maps[j].perms[2] == 'x' &&
			    s->maps[j].kind == MAP_KIND_DELETED &&
			    s->maps[j].path_len == m->path_len &&
			    !memcmp(s->maps[j].path, m->path, m->path_len))
				count++;
		if (!jvm_known) {
			jvm = forensic_jvm(s);
			jvm_known = true;
		}
		report(s, m, count, jvm, out);
	}
	if (others)
		finding_fact_int(&out->f[out->n - 1], "other_paths",
				 (long long)others);
	return 0;
}

const struct judge judge_deleted_lib = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "an executable mapping of a deleted library",
	.more = forensic_more_maps,
	.judge = judge,
};
