/* Derived from show's field table (show_fields), as test_columns.c is from
 * the column tables: for processes the test starts, every field's KEY line
 * is in text, --raw and --pairs with the same value, and its JSON key is in
 * show --json with the declared type and a value that agrees with the
 * line (for lists, the items), so that a field cannot exist in one format
 * only. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "columnkit.h"
#include "helpers.h"
#include "render/proc_view.h"
#include "render/show_view.h"

/* How the test starts its process: as it is, from a file unlinked after
 * exec, or from a memfd. */
enum how { PLAIN, DELETED, MEMFD };

/* A copy of argsleep: a new file (unlinked once it runs) or a memfd. */
static int copy_argsleep(enum how how, char *path, size_t size)
{
	int in = open(e2e_argsleep_bin(), O_RDONLY | O_CLOEXEC), out;
	char buf[65536];
	ssize_t n;
	cr_assert(in >= 0, "%s", e2e_argsleep_bin());
	if (how == MEMFD) {
		out = memfd_create("colshow", MFD_CLOEXEC);
	} else {
		snprintf(path, size, "/tmp/procsift-colshow-XXXXXX");
		out = mkostemp(path, O_CLOEXEC);
		cr_assert(out >= 0 && !fchmod(out, 0755));
	}
	cr_assert(out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		cr_assert_eq(write(out, buf, (size_t)n), n);
	close(in);
	if (how == DELETED) { /* a file open for writing cannot run */
		close(out);
		out = -1;
	}
	return out;
}

/* Start argsleep as how says, with one variable; its pid once ready. */
static pid_t start(enum how how)
{
	char path[64] = "";
	int p[2], fd = how == PLAIN ? -1 : copy_argsleep(how, path, 64);
	char c;
	pid_t pid;
	cr_assert(!pipe(p));
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		static char a1[] = "colshow";
		static char e1[] = "COLSHOW=v1";
		char *argv[] = {(char *)e2e_argsleep_bin(), a1, NULL};
		char *envp[] = {e1, NULL};
		dup2(p[1], 1);
		if (how == MEMFD)
			fexecve(fd, argv, envp);
		else
			execve(how == DELETED ? path : argv[0], argv, envp);
		_exit(127);
	}
	close(p[1]);
	cr_assert_eq(read(p[0], &c, 1), 1, "argsleep did not start");
	close(p[0]);
	if (fd >= 0)
		close(fd);
	if (how == DELETED)
		unlink(path);
	return pid;
}

static void stop(pid_t pid)
{
	int st;
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

/* The KEY VALUE lines of one output, unescaped. */
struct kv {
	struct strbuf key[64], value[64];
	size_t n;
};

static void kv_release(struct kv *kv)
{
	size_t i;
	for (i = 0; i < kv->n; i++) {
		strbuf_release(&kv->key[i]);
		strbuf_release(&kv->value[i]);
	}
	kv->n = 0;
}

static void kv_add(struct kv *kv, const char *k, size_t klen, const char *v,
		   size_t vlen, bool escaped)
{
	cr_assert_lt(kv->n, 64, "more than 64 lines");
	strbuf_init(&kv->key[kv->n], 0);
	strbuf_init(&kv->value[kv->n], 0);
	if (escaped) {
		unescape(k, klen, &kv->key[kv->n]);
		unescape(v, vlen, &kv->value[kv->n]);
	} else {
		strbuf_add(&kv->key[kv->n], k, klen);
		strbuf_add(&kv->value[kv->n], v, vlen);
	}
	kv->n++;
}

/* The value of the line key, or NULL when there is none. */
static const char *kv_get(const struct kv *kv, const char *key)
{
	size_t i;
	for (i = 0; i < kv->n; i++)
		if (!strcmp(kv->key[i].buf, key))
			return kv->value[i].buf;
	return NULL;
}

static size_t nlines(const struct strbuf *out)
{
	size_t i, n = 0;
	for (i = 0; i < out->len; i++)
		n += out->buf[i] == '\n';
	return n;
}

/* show pid in fmt ("text", "raw" or "pairs") into kv. */
static void lines(const char *pid, const char *fmt, struct kv *kv)
{
	struct e2e_result r, rv;
	struct strbuf line = STRBUF_INIT, value = STRBUF_INIT;
	size_t i, n;
	if (!strcmp(fmt, "text")) {
		/* Keys hold spaces: the two columns one at a time. */
		PROCSIFT(&r, "show", pid, "-w", "-o", "key");
		E2E_EXPECT_STATUS(&r, 0, "show -o key");
		PROCSIFT(&rv, "show", pid, "-w", "-o", "value");
		E2E_EXPECT_STATUS(&rv, 0, "show -o value");
		n = nlines(&r.out);
		cr_assert_eq(nlines(&rv.out), n, "%s\n%s", r.out.buf,
			     rv.out.buf);
		for (i = 0; i < n; i++) {
			nth_line(&r.out, (int)i, &line);
			nth_line(&rv.out, (int)i, &value);
			trim(&line);
			trim(&value);
			kv_add(kv, line.buf, line.len, value.buf, value.len,
			       false);
		}
		e2e_result_release(&rv);
	} else {
		bool raw = !strcmp(fmt, "raw");
		PROCSIFT(&r, "show", pid, raw ? "-r" : "-P");
		E2E_EXPECT_STATUS(&r, 0, fmt);
		for (i = 0, n = nlines(&r.out); i < n; i++) {
			const char *s, *v;
			nth_line(&r.out, (int)i, &line);
			s = line.buf;
			if (raw) { /* KEY VALUE, a space in KEY as \x20 */
				v = strchr(s, ' ');
				cr_assert(v, "raw: %s", s);
				kv_add(kv, s, (size_t)(v - s), v + 1,
				       line.len - (size_t)(v + 1 - s), true);
				continue;
			}
			/* KEY="key" VALUE="value": '"' in either is \x22 */
			v = strstr(s, "\" VALUE=\"");
			cr_assert(!strncmp(s, "KEY=\"", 5) && v &&
					  line.buf[line.len - 1] == '"',
				  "pairs: %s", s);
			kv_add(kv, s + 5, (size_t)(v - s - 5), v + 9,
			       line.len - (size_t)(v + 9 - s) - 1, true);
		}
	}
	strbuf_release(&line);
	strbuf_release(&value);
	e2e_result_release(&r);
}

/* The value at key ("a.b": member b of a) of o into *v; false when o has
 * no such key. A null a makes a null a.b. */
static bool json_at(struct json_object *o, const char *key,
		    struct json_object **v)
{
	const char *dot = strchr(key, '.');
	char outer[64];
	*v = NULL;
	if (!dot)
		return json_object_object_get_ex(o, key, v);
	snprintf(outer, sizeof(outer), "%.*s", (int)(dot - key), key);
	if (!json_object_object_get_ex(o, outer, &o))
		return false;
	return !o || json_object_object_get_ex(o, dot + 1, v);
}

static const enum json_type json_types[] = {
	[OUT_JSON_STRING] = json_type_string,
	[OUT_JSON_INT] = json_type_int,
	[OUT_JSON_BOOL] = json_type_boolean,
	[OUT_JSON_ARRAY] = json_type_array,
	[OUT_JSON_OBJECT] = json_type_object,
	[OUT_JSON_DOUBLE] = json_type_double,
};

/* The first decimal number in text, or 0 when it has none. */
static long long first_number(const char *text)
{
	text += strcspn(text, "0123456789");
	return strtoll(text, NULL, 10);
}

/* The items of array a joined by sep, into sb. */
static void joined(struct strbuf *sb, struct json_object *a, const char *sep)
{
	size_t i;
	strbuf_reset(sb);
	for (i = 0; i < json_object_array_length(a); i++)
		strbuf_addf(sb, "%s%s", i ? sep : "",
			    json_object_get_string(
				    json_object_array_get_idx(a, i)));
}

/* A list line: its items joined as the text joins them, "none" for an
 * empty capability set, "all (HEX)" for one with every capability. */
static void agree_list(const char *name, const char *text,
		       struct json_object *a)
{
	static const char *const seps[] = {",", " ", " <- "};
	struct strbuf sb = STRBUF_INIT;
	unsigned long long all;
	size_t i;
	if (!strcmp(text, "none")) {
		cr_expect_eq(json_object_array_length(a), 0, "%s", name);
		return;
	}
	if (sscanf(text, "all (%llx)", &all) == 1) {
		cr_expect_eq(json_object_array_length(a),
			     (size_t)__builtin_popcountll(all), "%s: %s", name,
			     text);
		return;
	}
	for (i = 0; i < 3; i++) {
		joined(&sb, a, seps[i]);
		if (!strcmp(sb.buf, text))
			break;
	}
	cr_expect_lt(i, 3, "%s: text \"%s\", JSON [%s]", name, text, sb.buf);
	strbuf_release(&sb);
}

/* An object line is a summary: its strings are in it, and each non-zero
 * integer member, as "NAME N" where the line names the member. */
static void agree_object(const char *name, const char *text,
			 struct json_object *o)
{
	char want[128];
	json_object_object_foreach(o, k, v)
	{
		if (json_object_is_type(v, json_type_string)) {
			cr_expect(strstr(text, json_object_get_string(v)),
				  "%s: %s \"%s\" not in \"%s\"", name, k,
				  json_object_get_string(v), text);
		} else if (json_object_is_type(v, json_type_int)) {
			long long n = json_object_get_int64(v);
			if (strstr(text, k))
				snprintf(want, sizeof(want), "%s %lld", k, n);
			else if (n)
				snprintf(want, sizeof(want), "%lld", n);
			else
				continue;
			cr_expect(strstr(text, want), "%s: %s not in \"%s\"",
				  name, want, text);
		}
	}
}

/* The line text of field f agrees with its JSON value v. */
static void agree(const struct out_col *f, const char *text,
		  struct json_object *v)
{
	if (!v) {
		cr_expect(!*text || !strcmp(text, "-") || !strcmp(text, "?") ||
				  !strncmp(text, "? (", 3),
			  "%s: JSON null, text \"%s\"", f->name, text);
		return;
	}
	cr_expect_eq(json_object_get_type(v), json_types[f->jtype],
		     "%s: JSON type %s", f->name,
		     json_type_to_name(json_object_get_type(v)));
	switch (f->jtype) {
	case OUT_JSON_INT:
		cr_expect_eq(first_number(text), json_object_get_int64(v),
			     "%s: text %s", f->name, text);
		break;
	case OUT_JSON_STRING:
		cr_expect_str_eq(text, json_object_get_string(v), "%s",
				 f->name);
		break;
	case OUT_JSON_BOOL: /* yes/no, or a line only when true */
		if (!strcmp(text, "yes") || !strcmp(text, "no"))
			cr_expect_str_eq(
				text, json_object_get_boolean(v) ? "yes" : "no",
				"%s", f->name);
		else
			cr_expect(json_object_get_boolean(v), "%s: %s", f->name,
				  text);
		break;
	case OUT_JSON_ARRAY:
		agree_list(f->name, text, v);
		break;
	case OUT_JSON_OBJECT:
		agree_object(f->name, text, v);
		break;
	default:
		cr_expect_fail("%s: no JSON type", f->name);
	}
}

/* A field told in another's line: that line is there when the value is
 * set, and holds it. */
static void agree_also(const struct out_col *f, const char *text,
		       struct json_object *v)
{
	char num[32];
	if (!v || (json_object_is_type(v, json_type_boolean) &&
		   !json_object_get_boolean(v)))
		return;
	cr_expect(text, "%s: no line %s for %s", f->json, f->name,
		  json_object_to_json_string(v));
	if (!text)
		return;
	if (json_object_is_type(v, json_type_string))
		cr_expect(strstr(text, json_object_get_string(v)), "%s: %s",
			  f->json, text);
	snprintf(num, sizeof(num), "%lld", (long long)json_object_get_int64(v));
	if (json_object_is_type(v, json_type_int))
		cr_expect(strstr(text, num), "%s: %s", f->json, text);
}

/* Every key of the JSON object is the process object's or some field's. */
static void keys_known(struct json_object *o)
{
	json_object_object_foreach(o, k, v)
	{
		size_t i, len = strlen(k);
		bool known = false;
		(void)v;
		for (i = 0; i < PC__COUNT && !known; i++)
			known = proc_cols[i].json &&
				!strcmp(proc_cols[i].json, k);
		for (i = 0; i < SF__COUNT && !known; i++)
			known = !strncmp(show_fields[i].json, k, len) &&
				(!show_fields[i].json[len] ||
				 show_fields[i].json[len] == '.');
		cr_expect(known, "JSON key %s is no field's", k);
	}
}

/* A suite timeout, not a test's: see columns3. */
TestSuite(columns_show, .timeout = 120);

/* Check every field on pid; mark in shown the fields that had a line. */
static void check(pid_t p, bool *shown)
{
	struct kv text = {0}, raw = {0}, pairs = {0};
	struct e2e_result r;
	struct json_object *o;
	char pid[16];
	size_t i;

	snprintf(pid, sizeof(pid), "%d", (int)p);
	lines(pid, "text", &text);
	lines(pid, "raw", &raw);
	lines(pid, "pairs", &pairs);
	PROCSIFT(&r, "show", pid, "--json");
	E2E_EXPECT_STATUS(&r, 0, "show --json");
	e2e_validate("show", &r.out);
	o = e2e_json_parse(&r.out);
	e2e_result_release(&r);

	/* The same lines in the three formats, each some field's. */
	cr_assert_eq(raw.n, text.n, "raw: %zu lines, text %zu", raw.n, text.n);
	cr_assert_eq(pairs.n, text.n, "pairs: %zu lines", pairs.n);
	for (i = 0; i < text.n; i++) {
		cr_expect_str_eq(raw.key[i].buf, text.key[i].buf, "raw key");
		cr_expect_str_eq(pairs.key[i].buf, text.key[i].buf, "pairs");
		cr_expect_str_eq(raw.value[i].buf, text.value[i].buf, "raw %s",
				 text.key[i].buf);
		cr_expect_str_eq(pairs.value[i].buf, text.value[i].buf,
				 "pairs %s", text.key[i].buf);
		cr_expect_geq(out_col_find(show_fields, SF__COUNT,
					   text.key[i].buf, text.key[i].len),
			      0, "line %s is no field's", text.key[i].buf);
	}

	for (i = 0; i < SF__COUNT; i++) {
		const struct out_col *f = &show_fields[i];
		const char *t = kv_get(&text, f->name);
		struct json_object *v;
		cr_assert(f->get && f->json && f->jtype != OUT_JSON_ANY,
			  "%s: no getter, JSON key or type", f->name);
		cr_expect(json_at(o, f->json, &v), "%s: no JSON key %s",
			  f->name, f->json);
		if (f->flags & OUT_COL_TEXT_ALSO) {
			agree_also(f, t, v);
			continue;
		}
		if (t) {
			shown[i] = true;
			agree(f, t, v);
		} else if (!(f->flags & OUT_COL_JSON_ALSO)) {
			/* No line: nothing to tell, null or false. */
			cr_expect(!v || (json_object_is_type(
						 v, json_type_boolean) &&
					 !json_object_get_boolean(v)),
				  "%s: no line, JSON %s", f->name,
				  json_object_to_json_string(v));
		}
	}
	keys_known(o);
	json_object_put(o);
	kv_release(&text);
	kv_release(&raw);
	kv_release(&pairs);
}

Test(columns_show, every_field_in_every_format)
{
	static const enum how hows[] = {PLAIN, DELETED, MEMFD};
	bool shown[SF__COUNT] = {false};
	size_t h, i;
	for (h = 0; h < sizeof(hows) / sizeof(hows[0]); h++) {
		pid_t p = start(hows[h]);
		check(p, shown);
		stop(p);
	}
	/* Each line showed on one of them, but those that need what this
	 * test cannot make: an unreadable status, a runtime's names, or a
	 * zombie leader (via thread: inspect/zombie_leader shows it). */
	for (i = 0; i < SF__COUNT; i++)
		cr_expect(shown[i] || i == SF_CREDENTIALS || i == SF_VIA_TID ||
				  i == SF_CONTAINER_NAME || i == SF_IMAGE ||
				  i == SF_POD_NAME ||
				  (show_fields[i].flags & OUT_COL_TEXT_ALSO),
			  "no line %s on any process", show_fields[i].name);
}
