/* out/etcd_view.c on hostile rows: every string from a database value is
 * escaped in text and follows the lossless rule in JSON, the summary line
 * and the summary's keys included. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#include "model/etcd.h"
#include "render/etcd_view.h"
#include "util/xalloc.h"

static void hostile_report(struct etcd_report *rep)
{
	struct etcd_row *w;
	etcd_report_init(rep);
	w = etcd_report_add_row(rep);
	w->key = xstrdup("/registry/secrets/ns/\x1b[2Jname");
	w->key_len = strlen(w->key);
	w->ns = xstrdup("ns");
	w->name = xstrdup("\x1b[2Jname");
	w->storage = K8S_STORE_ENCRYPTED;
	w->provider = xstrdup("evil\x1b[31m\xff");
	w->key_name = xstrdup("k\x07");
	w->revision = 5;
	w->state = ETCD_LIVE;
}

static char *render(const struct etcd_report *rep, bool json)
{
	FILE *fp = tmpfile();
	struct etcd_view_opts o = {
		.fp = fp,
		.json = json,
		.sel = etcd_view_default,
		.nsel = etcd_view_ndefault,
	};
	long n;
	char *buf;
	cr_assert_eq(etcd_view_print(&o, rep), 0);
	n = ftell(fp);
	buf = calloc(1, (size_t)n + 1);
	rewind(fp);
	cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	return buf;
}

Test(etcd_view, hostile_strings_text)
{
	struct etcd_report rep;
	char *out;
	hostile_report(&rep);
	out = render(&rep, false);
	cr_assert_null(strchr(out, '\x1b'), "raw ESC in:\n%s", out);
	cr_assert_null(strchr(out, '\x07'), "raw BEL in:\n%s", out);
	cr_assert_not_null(strstr(out, "encrypted (evil\\x1b[31m"),
			   "summary line:\n%s", out);
	free(out);
	etcd_report_release(&rep);
}

Test(etcd_view, hostile_strings_json)
{
	struct etcd_report rep;
	struct json_object *doc, *enc;
	char *out;
	hostile_report(&rep);
	out = render(&rep, true);
	doc = json_tokener_parse(out);
	cr_assert_not_null(doc, "not JSON:\n%s", out);
	cr_assert(json_object_object_get_ex(
		json_object_object_get(doc, "summary"), "encrypted", &enc));
	/* One key, valid UTF-8 (json-c parsed it), the 0xff byte mapped. */
	cr_assert_eq(json_object_object_length(enc), 1);
	json_object_object_foreach(enc, k, v)
	{
		(void)v;
		cr_assert_not_null(strstr(k, "evil\x1b[31m"), "key %s", k);
		cr_assert_null(strchr(k, '\xff'));
	}
	json_object_put(doc);
	free(out);
	etcd_report_release(&rep);
}
