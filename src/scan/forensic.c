/* Helpers of the forensic-indicator judges: paths judged as text, and
 * the common start of their findings. */
#include "scan/forensic.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scan/judge.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DELETED_SUFFIX " (deleted)"

/* path with its leading slashes made one: the kernel never writes
 * "//tmp", but an environment variable may. */
static const char *skip_slashes(const char *path, size_t *len)
{
	while (*len > 1 && path[0] == '/' && path[1] == '/') {
		path++;
		(*len)--;
	}
	return path;
}

/* Whether path is dir or below it ("/tmp", "/tmp/x", not "/tmpx"). */
static bool below(const char *path, size_t len, const char *dir)
{
	size_t n = strlen(dir);
	return len >= n && !memcmp(path, dir, n) &&
	       (len == n || path[n] == '/');
}

bool forensic_in_tmp(const char *path, size_t len)
{
	static const char *const tmp[] = {"/tmp", "/var/tmp", "/dev/shm"};
	size_t i;
	path = skip_slashes(path, &len);
	for (i = 0; i < sizeof(tmp) / sizeof(tmp[0]); i++)
		if (below(path, len, tmp[i]))
			return true;
	return false;
}

/* Call fn on each component of path until it says stop. */
static bool any_component(const char *path, size_t len,
			  bool (*fn)(const char *c, size_t n))
{
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && path[j] != '/')
			j++;
		if (j > i && fn(path + i, j - i))
			return true;
		i = j + 1;
	}
	return false;
}

static bool is_dots(const char *c, size_t n)
{
	return (n == 1 && c[0] == '.') ||
	       (n == 2 && c[0] == '.' && c[1] == '.');
}

static bool is_hidden(const char *c, size_t n)
{
	return c[0] == '.' && !is_dots(c, n);
}

bool forensic_hidden(const char *path, size_t len)
{
	return any_component(path, len, is_hidden);
}

bool forensic_dotdot(const char *path, size_t len)
{
	return any_component(path, len, is_dots);
}

bool forensic_sys_dir(const char *path, size_t len)
{
	static const char *const sys[] = {"/usr",    "/bin",   "/sbin",
					  "/lib",    "/lib32", "/lib64",
					  "/libx32", "/snap",  "/nix/store"};
	size_t i;
	path = skip_slashes(path, &len);
	/* A system directory reached through ".." is no system path. */
	if (forensic_dotdot(path, len))
		return false;
	for (i = 0; i < sizeof(sys) / sizeof(sys[0]); i++)
		if (below(path, len, sys[i]) && len > strlen(sys[i]))
			return true;
	return false;
}

const char *forensic_base(const char *path, size_t len, size_t *blen)
{
	const char *s = len ? memrchr(path, '/', len) : NULL;
	if (!s) {
		*blen = len;
		return path;
	}
	*blen = len - (size_t)(s + 1 - path);
	return s + 1;
}

const char *forensic_exe(const struct psnap *s, size_t *len, bool *deleted)
{
	size_t n, sl = strlen(DELETED_SUFFIX);
	*len = 0;
	*deleted = false;
	if (!psnap_has(s, FACET_EXE) || !s->proc.exe || !s->proc.exe[0])
		return NULL;
	n = strlen(s->proc.exe);
	if (n > sl && !memcmp(s->proc.exe + n - sl, DELETED_SUFFIX, sl)) {
		n -= sl;
		*deleted = true;
	}
	*len = n;
	return s->proc.exe;
}

bool forensic_maps_lib(const struct psnap *s, const char *prefix)
{
	size_t i, blen;
	if (!psnap_has(s, FACET_MAPS))
		return false;
	for (i = 0; i < s->nmaps; i++) {
		const struct map_entry *m = &s->maps[i];
		const char *b;
		if (m->kind != MAP_KIND_FILE || !m->path)
			continue;
		b = forensic_base(m->path, m->path_len, &blen);
		if (forensic_prefix(b, blen, prefix))
			return true;
	}
	return false;
}

bool forensic_jvm(const struct psnap *s)
{
	size_t len, blen;
	bool deleted;
	const char *exe = forensic_exe(s, &len, &deleted), *b;
	if (exe && !deleted && !forensic_in_tmp(exe, len)) {
		b = forensic_base(exe, len, &blen);
		if (forensic_eq(b, blen, "java") ||
		    forensic_eq(b, blen, "javaw"))
			return true;
	}
	return forensic_maps_lib(s, "libjvm.so");
}

bool forensic_eq(const char *a, size_t len, const char *b)
{
	return strlen(b) == len && !memcmp(a, b, len);
}

bool forensic_prefix(const char *a, size_t len, const char *b)
{
	size_t n = strlen(b);
	return len >= n && !memcmp(a, b, n);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

const char *forensic_find_nocase(const char *hay, size_t len,
				 const char *needle)
{
	size_t n = strlen(needle), i, k;
	if (!n || n > len)
		return NULL;
	for (i = 0; i + n <= len; i++) {
		/* Cheap first-byte test before the loop. */
		if (lower((unsigned char)hay[i]) != needle[0])
			continue;
		for (k = 1; k < n; k++)
			if (lower((unsigned char)hay[i + k]) != needle[k])
				break;
		if (k == n)
			return hay + i;
	}
	return NULL;
}

struct finding *forensic_finding(struct findings *out, const struct psnap *s,
				 const char *judge, const char *rule,
				 enum severity sev, enum confidence conf,
				 const char *where)
{
	struct finding *f = findings_add(out);
	f->kind = KIND_INDICATOR;
	f->judge = judge;
	f->rule = rule;
	f->severity = sev;
	f->confidence = conf;
	judge_fill_proc(f, s);
	f->where = xstrdup(where);
	return f;
}

void forensic_fact(struct finding *f, const char *key, const char *s,
		   size_t len)
{
	finding_fact_str(f, key, s,
			 len > FORENSIC_FACT_MAX ? FORENSIC_FACT_MAX : len);
}

void forensic_message(struct finding *f, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(f->message);
	f->message = strbuf_detach(&sb, NULL);
}

bool forensic_userland(const struct psnap *s)
{
	return !s->proc.kthread && s->proc.state != 'Z' && s->proc.state != 'X';
}

unsigned forensic_more_maps(const struct psnap *s)
{
	return forensic_userland(s)
		       ? FACET_BIT(FACET_MAPS) | FACET_BIT(FACET_EXE)
		       : 0;
}
