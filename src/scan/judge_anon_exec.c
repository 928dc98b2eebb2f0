/* anon-exec-memory: memory both writable and executable, or executable
 * memory that no file backs (an anonymous mapping, a memfd other than
 * the exe): where injected code lives (Volatility's malfind criteria,
 * read from /proc/PID/maps). JIT runtimes make such memory by design:
 * for them the finding is low, with the reason. One finding a process. */
#include "scan/judge.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "scan/forensic.h"

#define JUDGE "anon-exec-memory"

/* Executables that compile code at run time; a trailing '*' makes a
 * prefix. Matched on the exe's name (comm when the exe is unreadable),
 * which a process cannot rename as it can its comm. */
static const char *const jit_exes[] = {
	"java*",	"node",	       "nodejs",    "deno",
	"bun",		"dotnet*",     "mono*",	    "luajit*",
	"pypy*",	"julia*",      "ruby*",	    "php*",
	"beam.smp",	"chrome*",     "chromium*", "firefox*",
	"thunderbird*", "electron*",   "code",	    "code-insiders",
	"slack",	"teams*",      "discord*",  "signal-desktop",
	"brave*",	"msedge*",     "opera*",    "vivaldi*",
	"gjs*",		"gnome-shell", "qemu-*",    "wine*",
	NULL,
};

/* Libraries that hold a JIT: a process mapping one of these (a JVM
 * embedded in a launcher, .NET's host) runs JIT-compiled code. Prefixes
 * of the file name. */
static const char *const jit_libs[] = {
	"libjvm.so",	  "libcoreclr.so",     "libclrjit.so", "libmonosgen-",
	"libmono-2.0.so", "libv8.so",	       "libnode.so",   "libmozjs-",
	"libluajit-",	  "libjavascriptcore", "libQt5Qml.so", "libQt6Qml.so",
	"libLLVM",	  "libjulia.so",       "libruby",      "libwasmtime",
	"libgallium",	  "libxul.so",	       NULL,
};

static bool name_in(const char *const *list, const char *s, size_t len)
{
	size_t i;
	for (i = 0; list[i]; i++) {
		size_t n = strlen(list[i]);
		if (list[i][n - 1] == '*'
			    ? len >= n - 1 && !memcmp(s, list[i], n - 1)
			    : forensic_eq(s, len, list[i]))
			return true;
	}
	return false;
}

static bool lib_jit(const struct map_entry *m)
{
	const char *b;
	size_t blen, i;
	if (m->kind != MAP_KIND_FILE || !m->path)
		return false;
	b = forensic_base(m->path, m->path_len, &blen);
	for (i = 0; jit_libs[i]; i++)
		if (forensic_prefix(b, blen, jit_libs[i]))
			return true;
	return false;
}

/* Whether mapping m is suspect: rwx, or executable with no file behind
 * it (anonymous, [anon:NAME], a memfd that is not the exe). */
static bool suspect(const struct map_entry *m, const char *exe, size_t elen)
{
	if (m->perms[2] != 'x')
		return false;
	if (m->perms[1] == 'w')
		return m->kind != MAP_KIND_VDSO;
	switch (m->kind) {
	case MAP_KIND_ANON:
		return true;
	case MAP_KIND_OTHER:
		return m->path &&
		       (forensic_prefix(m->path, m->path_len, "[anon:") ||
			forensic_prefix(m->path, m->path_len, "[anon_shmem:"));
	case MAP_KIND_MEMFD:
		/* The exe's own text: judge exe reports it (exe-memfd). */
		return !(exe && m->path_len == elen &&
			 !memcmp(m->path, exe, elen));
	default:
		return false;
	}
}

/* Why this process counts as a JIT runtime, or NULL. */
static const char *jit_reason(const struct psnap *s, const char *exe,
			      size_t elen, bool deleted, char *buf, size_t size)
{
	const char *b;
	size_t blen, i;
	if (exe) {
		/* A "java" run from /tmp or a deleted file is no runtime. */
		if (deleted || forensic_in_tmp(exe, elen))
			return NULL;
		b = forensic_base(exe, elen, &blen);
		if (name_in(jit_exes, b, blen)) {
			snprintf(buf, size, "JIT runtime: exe %.*s",
				 (int)(blen > 64 ? 64 : blen), b);
			return buf;
		}
	} else if (s->proc.comm &&
		   name_in(jit_exes, s->proc.comm, strlen(s->proc.comm))) {
		snprintf(buf, size, "JIT runtime: comm %s (exe unreadable)",
			 s->proc.comm);
		return buf;
	}
	for (i = 0; i < s->nmaps; i++)
		if (lib_jit(&s->maps[i])) {
			b = forensic_base(s->maps[i].path, s->maps[i].path_len,
					  &blen);
			snprintf(buf, size, "JIT library: maps %.*s",
				 (int)(blen > 64 ? 64 : blen), b);
			return buf;
		}
	return NULL;
}

static void backing(const struct map_entry *m, char *buf, size_t size)
{
	if (!m->path)
		snprintf(buf, size, "anon");
	else
		snprintf(buf, size, "%.*s",
			 (int)(m->path_len > 200 ? 200 : m->path_len), m->path);
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	const struct map_entry *first = NULL;
	const char *exe, *why;
	char where[64], back[256], reason[128];
	uint64_t bytes = 0;
	size_t elen, i, n = 0;
	bool deleted;
	struct finding *f;
	(void)c;
	if (s->proc.kthread || !psnap_has(s, FACET_MAPS))
		return 0;
	exe = forensic_exe(s, &elen, &deleted);
	for (i = 0; i < s->nmaps; i++) {
		const struct map_entry *m = &s->maps[i];
		if (!suspect(m, exe, elen))
			continue;
		if (!first)
			first = m;
		n++;
		bytes += m->end - m->start;
	}
	if (!first)
		return 0;
	why = jit_reason(s, exe, elen, deleted, reason, sizeof(reason));
	snprintf(where, sizeof(where), "maps:%" PRIx64 "-%" PRIx64,
		 first->start, first->end);
	f = forensic_finding(out, s, JUDGE, JUDGE, why ? SEV_LOW : SEV_HIGH,
			     why ? CONF_LOW : CONF_MEDIUM, where);
	backing(first, back, sizeof(back));
	forensic_message(f,
			 "%zu executable mapping%s writable or backed by no "
			 "file (%" PRIu64 " bytes; first %s %s)%s%s",
			 n, n == 1 ? "" : "s", bytes, first->perms, back,
			 why ? ": " : "", why ? why : "");
	finding_fact_int(f, "count", (long long)n);
	forensic_fact(f, "first", where + 5, strlen(where + 5));
	finding_fact_int(f, "bytes", (long long)bytes);
	forensic_fact(f, "perms", first->perms, strlen(first->perms));
	forensic_fact(f, "backing", back, strlen(back));
	finding_fact_bool(f, "jit", why != NULL);
	if (why)
		forensic_fact(f, "jit_reason", why, strlen(why));
	finding_tag(f, "T1055");
	return 0;
}

const struct judge judge_anon_exec = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "writable and executable memory, or executable memory "
		   "backed by no file (injected code)",
	.more = forensic_more_maps,
	.judge = judge,
};
