/* loader-hijack: the dynamic linker told to load code of the caller's
 * choosing: LD_PRELOAD or LD_AUDIT in a process's environment,
 * LD_LIBRARY_PATH searching a temporary or relative place (process
 * part), and a non-empty /etc/ld.so.preload, which every dynamically
 * linked program on the host loads (host part). */
#include "scan/judge.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "scan/forensic.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define JUDGE "loader-hijack"
#define PRELOAD_FILE "/etc/ld.so.preload"

enum var { V_PRELOAD, V_AUDIT, V_LIBPATH };

/* How glibc splits each variable (rtld.c, dl-load.c). */
static const struct {
	const char *name, *seps;
} vars[] = {
	[V_PRELOAD] = {"LD_PRELOAD", " :"},
	[V_AUDIT] = {"LD_AUDIT", ":"},
	[V_LIBPATH] = {"LD_LIBRARY_PATH", ":;"},
};

/* One element of a list judged: its severity and why. */
struct verdict {
	enum severity sev;
	const char *why;
	const char *at; /* the element */
	size_t len;
};

/* Judge one element (len may be 0: an empty element). */
static struct verdict element(enum var v, const char *p, size_t len)
{
	struct verdict r = {SEV_INFO, NULL, p, len};
	if (!len) {
		/* The dynamic linker reads an empty LD_LIBRARY_PATH element
		 * as the working directory; a `$LD_LIBRARY_PATH:` left
		 * unset is the common way to get one, so it is low. */
		if (v == V_LIBPATH) {
			r.sev = SEV_LOW;
			r.why = "an empty element: the working directory";
		}
		return r;
	}
	if (forensic_in_tmp(p, len)) {
		r.sev = SEV_HIGH;
		r.why = "a temporary directory";
	} else if (v == V_LIBPATH && forensic_prefix(p, len, "$ORIGIN")) {
		return r; /* next to the program: its own choice */
	} else if (v == V_LIBPATH && forensic_prefix(p, len, "${ORIGIN}")) {
		return r;
	} else if (p[0] != '/' && (v == V_LIBPATH || memchr(p, '/', len))) {
		/* An LD_LIBRARY_PATH element is a directory: without a
		 * leading '/' it is looked up from the working directory.
		 * A library name is so only when it holds a '/'. */
		r.sev = v == V_LIBPATH ? SEV_MEDIUM : SEV_HIGH;
		r.why = "a relative path";
	} else if (forensic_dotdot(p, len)) {
		r.sev = v == V_LIBPATH ? SEV_MEDIUM : SEV_HIGH;
		r.why = "a path through . or ..";
	} else if (v == V_LIBPATH) {
		return r; /* a library directory like any other */
	} else if (forensic_hidden(p, len)) {
		r.sev = SEV_HIGH;
		r.why = "a hidden file or directory";
	} else if (v == V_AUDIT) {
		r.sev = SEV_MEDIUM;
		r.why = "an audit library (it sees every symbol bound)";
	} else if (p[0] != '/') {
		/* A name without '/' is searched as a DT_NEEDED one is
		 * (LD_LIBRARY_PATH, the cache, the system directories):
		 * LD_PRELOAD=libjemalloc.so.2 in Ruby and Python images. */
		r.sev = SEV_LOW;
		r.why = "a bare name, searched in the library path";
	} else if (forensic_sys_dir(p, len)) {
		/* jemalloc, libstdbuf, faketime: a packaged library. */
		r.sev = SEV_LOW;
		r.why = "a library in a system directory";
	} else {
		r.sev = SEV_MEDIUM;
		r.why = "a library outside the system directories";
	}
	return r;
}

/* The worst element of value, split at seps. */
static struct verdict worst(enum var v, const char *val, size_t len)
{
	struct verdict w = {SEV_INFO, NULL, val, 0};
	size_t i = 0;
	for (;;) {
		size_t j = i;
		struct verdict e;
		while (j < len && !strchr(vars[v].seps, val[j]))
			j++;
		/* LD_PRELOAD and LD_AUDIT skip empty elements. */
		if (j > i || v == V_LIBPATH) {
			e = element(v, val + i, j - i);
			if (e.why && (!w.why || e.sev > w.sev))
				w = e;
		}
		if (j >= len)
			break;
		i = j + 1;
	}
	return w;
}

static void judge_var(const struct psnap *s, enum var v,
		      const struct env_var *e, struct findings *out)
{
	struct verdict w;
	struct finding *f;
	struct strbuf where = STRBUF_INIT;
	if (!e->value_len)
		return; /* set but empty: the linker ignores it */
	w = worst(v, e->value, e->value_len);
	/* Any LD_PRELOAD or LD_AUDIT is notable; LD_LIBRARY_PATH only for
	 * what it points at. */
	if (!w.why)
		return;
	strbuf_addf(&where, "env:%s", vars[v].name);
	f = forensic_finding(out, s, JUDGE, JUDGE, w.sev,
			     w.sev >= SEV_HIGH ? CONF_HIGH : CONF_MEDIUM,
			     where.buf);
	strbuf_release(&where);
	forensic_message(f, "%s names %s: '%.*s'", vars[v].name, w.why,
			 (int)(w.len > 200 ? 200 : w.len), w.at);
	forensic_fact(f, "variable", vars[v].name, strlen(vars[v].name));
	forensic_fact(f, "value", e->value, e->value_len);
	forensic_fact(f, "element", w.at, w.len);
	forensic_fact(f, "reason", w.why, strlen(w.why));
	finding_tag(f, "T1574.006");
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	size_t i, k;
	(void)c;
	if (s->proc.kthread || !psnap_has(s, FACET_ENV))
		return 0;
	for (i = 0; i < s->nenv; i++) {
		const struct env_var *e = &s->env[i];
		if (!e->value || e->name_len < 6 || e->name[0] != 'L' ||
		    e->name[1] != 'D')
			continue;
		for (k = 0; k < sizeof(vars) / sizeof(vars[0]); k++)
			if (forensic_eq(e->name, e->name_len, vars[k].name))
				judge_var(s, (enum var)k, e, out);
	}
	return 0;
}

/* The environment of every process but kernel threads (which have
 * none); judge env reads it for all anyway. */
static unsigned more(const struct psnap *s)
{
	return s->proc.kthread ? 0 : FACET_BIT(FACET_ENV);
}

static struct finding *host_finding(struct findings *out, enum severity sev,
				    enum confidence conf, const char *rule)
{
	struct finding *f = findings_add(out);
	f->kind = KIND_INDICATOR;
	f->judge = JUDGE;
	f->rule = rule;
	f->severity = sev;
	f->confidence = conf;
	f->where = xstrdup("file:" PRELOAD_FILE);
	return f;
}

/* The entries of ld.so.preload, read as glibc's rtld reads them: a '#'
 * starts a comment that runs to the end of its line, and names are split
 * at blanks, tabs, newlines and colons. Count, the worst, and the first
 * few joined for the facts. */
static int judge_host(const struct judge_ctx *c, const struct host_view *h,
		      struct findings *out, char *err, size_t errlen)
{
	const struct host_file *p = &h->ld_preload;
	struct strbuf list = STRBUF_INIT;
	struct verdict w = {SEV_INFO, NULL, NULL, 0};
	size_t i = 0, n = 0;
	struct finding *f;
	(void)c;
	(void)err;
	(void)errlen;
	if (!h->has_ld_preload || p->err == ENOENT)
		return 0;
	if (p->err || !p->data) {
		f = host_finding(out, SEV_LOW, CONF_LOW,
				 "ld-so-preload-unread");
		forensic_message(f, "could not read " PRELOAD_FILE ": %s",
				 p->why ? p->why
					: strerror(p->err ? p->err : EIO));
		forensic_fact(f, "path", PRELOAD_FILE, strlen(PRELOAD_FILE));
		finding_fact_int(f, "errno", p->err);
		return 0;
	}
	while (i < p->len) {
		size_t j = i;
		if (p->data[i] == '#') {
			/* "# managed by puppet": rtld blanks it. */
			while (i < p->len && p->data[i] != '\n')
				i++;
			continue;
		}
		/* strchr finds the NUL too: a NUL separates (rtld stops
		 * there; going on reports more, never less). */
		while (j < p->len && !strchr(" \t\n:#", p->data[j]))
			j++;
		if (j > i) {
			struct verdict e =
				element(V_PRELOAD, p->data + i, j - i);
			if (!w.why || e.sev > w.sev)
				w = e;
			if (list.len < FORENSIC_FACT_MAX) {
				if (list.len)
					strbuf_addch(&list, ' ');
				strbuf_add(&list, p->data + i, j - i);
			}
			n++;
		}
		/* A '#' ends the name and starts a comment. */
		i = j < p->len && p->data[j] == '#' ? j : j + 1;
	}
	if (!n) {
		strbuf_release(&list);
		return 0; /* blank: loads nothing */
	}
	/* Every dynamically linked program loads it: a rootkit's place
	 * (libprocesshider, Jynx, Azazel); from a temporary or hidden
	 * place, critical. */
	f = host_finding(out, w.sev >= SEV_HIGH ? SEV_CRITICAL : SEV_HIGH,
			 CONF_HIGH, JUDGE);
	forensic_message(
		f,
		PRELOAD_FILE " makes every program load %zu "
			     "librar%s: '%.*s'%s%s",
		n, n == 1 ? "y" : "ies", (int)(w.len > 200 ? 200 : w.len), w.at,
		w.sev >= SEV_HIGH ? ", " : "", w.sev >= SEV_HIGH ? w.why : "");
	forensic_fact(f, "path", PRELOAD_FILE, strlen(PRELOAD_FILE));
	finding_fact_int(f, "entries", (long long)n);
	forensic_fact(f, "libraries", list.buf, list.len);
	forensic_fact(f, "worst", w.at, w.len);
	forensic_fact(f, "reason", w.why, strlen(w.why));
	if (p->truncated)
		finding_fact_bool(f, "truncated", true);
	finding_tag(f, "T1574.006");
	finding_tag(f, "T1014");
	strbuf_release(&list);
	return 0;
}

const struct judge judge_loader = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "LD_PRELOAD, LD_AUDIT or LD_LIBRARY_PATH naming a writable "
		   "or temporary place, or a non-empty /etc/ld.so.preload",
	.more = more,
	.judge = judge,
	.host_facets = HOST_LDPRELOAD,
	.judge_host = judge_host,
};
