/* The show field table (src/render/show_fields.c) on dossiers built here:
 * its JSON keys are docs/json.md's, in order; what status did not tell
 * leaves its lines out and its keys null. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "model/ns.h"
#include "model/proc.h"
#include "render/proc_view.h"
#include "render/show_view.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A dossier of a process with everything read but status (has_* false,
 * as when it could not be read) and the namespaces (ns_err). */
static void mkdossier(struct dossier *d, struct proc **p)
{
	memset(d, 0, sizeof(*d));
	*p = proc_new(42);
	(*p)->comm = xstrdup("sh");
	(*p)->state = 'S';
	d->p = *p;
	d->st_err = EACCES;
	d->ns_err = EACCES;
	d->cwd = xstrdup("/tmp");
	d->root = xstrdup("/");
	d->exe_deleted = d->exe_memfd = true;
	d->env_count = 3;
	d->nfds = 2;
	d->fds_by_type[FD_PIPE] = 2;
	d->nmaps = -1;
	d->maps_err = EPERM;
	d->nmounts = 7;
	d->root_mount_fstype = xstrdup("ext4");
	d->root_mount_options = xstrdup("rw");
}

/* show_view_print of d into out (raw text or compact JSON). */
static void print(const struct dossier *d, bool json, struct strbuf *out)
{
	static const int sel[] = {0, 1};
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct show_view_opts o = {.fp = fp,
				   .json = json,
				   .style = {.format = OUT_FMT_RAW},
				   .sel = sel,
				   .nsel = 2};
	cr_assert(fp);
	cr_assert_eq(show_view_print(&o, d), 0);
	fclose(fp);
	strbuf_reset(out);
	strbuf_add(out, buf, len);
	free(buf);
}

/* The keys of docs/json.md's show table, in order, without the dotted
 * rows (members of an object). Returns how many, into keys (owned). */
static size_t doc_keys(char **keys, size_t max)
{
	FILE *f = fopen("docs/json.md", "r");
	char line[4096];
	bool in = false;
	size_t n = 0;
	cr_assert(f, "docs/json.md: %s (run from the repository root)",
		  strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *a, *b;
		if (!strncmp(line, "## ", 3) || !strncmp(line, "### ", 4)) {
			in = !strcmp(line, "## `show --json`\n");
			continue;
		}
		if (!in || strncmp(line, "| `", 3))
			continue;
		a = line + 3;
		b = strchr(a, '`');
		cr_assert(b);
		*b = '\0';
		if (strchr(a, '.'))
			continue;
		cr_assert(n < max);
		keys[n++] = xstrdup(a);
	}
	fclose(f);
	cr_assert_geq(n, 15, "only %zu keys found in docs/json.md", n);
	return n;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;
	cr_assert(json_object_object_get_ex(o, key, &v), "no key %s", key);
	return v;
}

Test(show_view, json_keys_as_documented)
{
	char *keys[64];
	size_t n = doc_keys(keys, 64), i, f, nproc = 0, seen = 0;
	struct dossier d;
	struct proc *p;
	struct strbuf out = STRBUF_INIT;
	struct json_object *o, *po;

	/* Every field with a key of its own is in show_json_keys once. */
	for (f = 0; f < SF__COUNT; f++) {
		size_t times = 0;
		for (i = 0; i < show_json_nkeys; i++)
			times += show_json_keys[i] == (int)f;
		cr_expect_eq(times,
			     (show_fields[f].flags & OUT_COL_JSON_ALSO) ? 0 : 1,
			     "%s (%s): %zu times in show_json_keys",
			     show_fields[f].name, show_fields[f].json, times);
	}

	mkdossier(&d, &p);
	print(&d, true, &out);
	o = json_tokener_parse(out.buf);
	cr_assert(o, "%s", out.buf);
	po = proc_json(p);
	json_object_object_foreach(po, pk, pv)
	{
		(void)pv;
		(void)pk;
		nproc++;
	}
	i = 0;
	json_object_object_foreach(o, key, val)
	{
		(void)val;
		if (i++ < nproc)
			continue;
		cr_assert_lt(seen, n, "undocumented key %s", key);
		cr_expect_str_eq(key, keys[seen], "key %zu", seen);
		seen++;
	}
	cr_expect_eq(seen, n, "%zu keys, docs/json.md lists %zu", seen, n);
	for (i = 0; i < n; i++)
		free(keys[i]);
	json_object_put(po);
	json_object_put(o);
	strbuf_release(&out);
	dossier_release(&d);
	proc_free(p);
}

Test(show_view, status_unread)
{
	static const char *const gone[] = {
		"uid ",		 "gid ",     "groups ", "cap\\x20",
		"no_new_privs ", "seccomp ", "tracer ", "container\\x20name",
		"pod\\x20name",	 "image ",
	};
	struct dossier d;
	struct proc *p;
	struct strbuf out = STRBUF_INIT;
	struct json_object *o, *ns;
	size_t i;

	mkdossier(&d, &p);
	print(&d, false, &out);
	cr_expect(strstr(out.buf, "\ncredentials ?\\x20(EACCES)\n"), "%s",
		  out.buf);
	cr_expect(strstr(out.buf, "\nexe\\x20state memfd\\x20(fileless)\n"),
		  "%s", out.buf);
	cr_expect(strstr(out.buf, "\nns\\x20uts ?\\x20(EACCES)\n"), "%s",
		  out.buf);
	cr_expect(strstr(out.buf, "\nfds 2,\\x20pipe\\x202\n"), "%s", out.buf);
	cr_expect(strstr(out.buf, "\nmappings ?\\x20(EPERM)\n"), "%s", out.buf);
	cr_expect(strstr(out.buf, "\nmounts 7;\\x20/\\x20is\\x20ext4\\x20rw\n"),
		  "%s", out.buf);
	for (i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		char want[64];
		snprintf(want, sizeof(want), "\n%s", gone[i]);
		cr_expect(!strstr(out.buf, want), "a line %s:\n%s", gone[i],
			  out.buf);
	}

	print(&d, true, &out);
	o = json_tokener_parse(out.buf);
	cr_assert(o, "%s", out.buf);
	cr_expect_null(get(o, "uids"));
	cr_expect_null(get(o, "gids"));
	cr_expect_null(get(o, "groups"));
	cr_expect_null(get(o, "caps"), "caps: not null without status");
	cr_expect_null(get(o, "seccomp"));
	cr_expect_null(get(o, "no_new_privs"));
	cr_expect_null(get(o, "tracer_pid"));
	cr_expect_null(get(o, "maps_by_kind"));
	cr_expect(json_object_get_boolean(get(o, "exe_memfd")));
	cr_expect_eq(json_object_get_int(get(get(o, "fds_by_type"), "pipe")),
		     2);
	cr_expect_str_eq(json_object_get_string(get(o, "root_mount_fstype")),
			 "ext4");
	/* Namespaces: always all ten keys, null where unread. */
	ns = get(o, "namespaces");
	cr_expect_eq(json_object_object_length(ns), NS__COUNT);
	for (i = 0; i < NS__COUNT; i++)
		cr_expect_null(get(ns, ns_name((enum ns_kind)i)));
	json_object_put(o);

	/* With status read: the lines are back, caps an object. */
	d.st.has_ids = d.st.has_caps = d.st.has_seccomp = true;
	d.st.cap_bnd = 1;
	d.ns[NS_NET] = 4026531840ULL;
	d.init_ns[NS_NET] = 4026531841ULL;
	print(&d, false, &out);
	cr_expect(!strstr(out.buf, "\ncredentials "), "%s", out.buf);
	cr_expect(strstr(out.buf, "\ncap\\x20bounding cap_chown\n"), "%s",
		  out.buf);
	cr_expect(strstr(out.buf, "\ncap\\x20ambient none\n"), "%s", out.buf);
	cr_expect(strstr(out.buf, "\nns\\x20net 4026531840\\x20(own)\n"), "%s",
		  out.buf);
	print(&d, true, &out);
	o = json_tokener_parse(out.buf);
	cr_assert(o, "%s", out.buf);
	cr_expect_eq(json_object_array_length(get(get(o, "caps"), "bounding")),
		     1);
	cr_expect_eq(json_object_object_length(get(o, "caps")), 5);
	cr_expect(!json_object_get_boolean(
		get(get(get(o, "namespaces"), "net"), "shared_with_init")));
	json_object_put(o);
	strbuf_release(&out);
	dossier_release(&d);
	proc_free(p);
}

/* The show section of procsift(1) into sb. */
static void man_section(struct strbuf *sb)
{
	FILE *f = fopen("docs/procsift.1", "r");
	char line[4096];
	bool in = false;
	cr_assert(f, "docs/procsift.1: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, ".SS ", 4))
			in = !strcmp(line, ".SS procsift show\n");
		else if (in)
			strbuf_addstr(sb, line);
	}
	fclose(f);
	cr_assert_gt(sb->len, 0, "no .SS procsift show");
}

/* A bold item of sec (".B name", ".BR \"name\" ,") names name. */
static bool man_names(const char *sec, const char *name)
{
	size_t n = strlen(name);
	const char *p;
	for (p = sec; (p = strstr(p, "\n.B")); p++) {
		const char *s = p + 3 + strspn(p + 3, "RI");
		if (*s++ != ' ')
			continue;
		s += *s == '"';
		if (!strncmp(s, name, n) && strchr(" \"\n", s[n]))
			return true;
	}
	return false;
}

/* Every line of the dossier is in the man page's list of them. */
Test(show_view, man_lists_every_line)
{
	struct strbuf sec = STRBUF_INIT;
	size_t f;
	man_section(&sec);
	for (f = 0; f < SF__COUNT; f++) {
		const char *name = show_fields[f].name;
		if (show_fields[f].flags & OUT_COL_TEXT_ALSO)
			continue;
		if (!strncmp(name, "ns ", 3))
			cr_expect(strstr(sec.buf, ".BI \"ns \" NAME") &&
					  strstr(sec.buf, name + 3),
				  "procsift.1: no %s", name);
		else
			cr_expect(man_names(sec.buf, name),
				  "procsift.1's show section names no %s line",
				  name);
	}
	strbuf_release(&sec);
}
