/* libFuzzer: the redaction path on a command line made from the input
 * (split at NUL, as /proc/PID/cmdline is), with the built-in rules.
 * secrets_in_argv's hits lie inside their arguments and before the extent
 * it says it judged; secrets_redact_argv never gives back a found secret
 * of 8 bytes or more whole (beyond the times the same bytes stand outside
 * every found secret), withholds exactly what lies past the extent behind
 * its marker and leaves arguments without secrets as they were. The first
 * argument is also judged as NAME=VALUE (secrets_in_var), rendered as
 * `env` renders it (redact_spans up to the bytes judged, then
 * redact_withheld), and held to the same. No finding's where holds a
 * found secret of another pair whole. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/finding.h"
#include "model/proc.h"
#include "proc/cmdline.h"
#include "scan/builtin.h"
#include "scan/rules.h"
#include "scan/secrets.h"
#include "util/redact.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define MARKER "\xe2\x80\xa6[not judged: "

/* Loaded once: compiling the rules is the slow part, and the set is
 * read-only afterwards. */
static struct ruleset rules;
static struct redactor red;
static const struct redactor hide = {.reveal = false};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	(void)argc;
	(void)argv;
	ruleset_init(&rules);
	if (ruleset_load(&rules, builtin_rules_yaml, builtin_rules_yaml_len,
			 "builtin", err, sizeof(err)))
		abort();
	ruleset_finish(&rules);
	if (redactor_init_hex(&red, "00112233445566778899aabbccddeeff", false))
		abort();
	return 0;
}

/* One hit: its argument, its bytes there, and the where of its finding. */
struct found {
	size_t arg, off, len;
	char *where;
};

struct hits {
	char *const *argv; /* a command line, or NULL for one value */
	const char *value;
	size_t vlen;
	struct found *f;
	size_t n, alloc;
};

static void on_hit(const struct secret_hit *h, void *arg)
{
	struct hits *a = arg;
	const char *base = a->argv ? a->argv[h->arg] : a->value;
	size_t blen = a->argv ? strlen(base) : a->vlen;
	struct finding f;
	CHECK(h->secret >= base && h->len <= blen &&
	      (size_t)(h->secret - base) <= blen - h->len);
	CHECK(!h->path || strlen(h->path) == h->path_len);
	memset(&f, 0, sizeof(f));
	secret_finding(&f, &red, h, "fuzz", "x", 1);
	a->f = xgrow(a->f, &a->alloc, a->n + 1, sizeof(*a->f));
	a->f[a->n++] = (struct found){h->arg, (size_t)(h->secret - base),
				      h->len, f.where};
	f.where = NULL;
	finding_release(&f);
}

static void hits_release(struct hits *a)
{
	size_t i;
	for (i = 0; i < a->n; i++)
		free(a->f[i].where);
	free(a->f);
}

/* Does hit x hold all of hit y? */
static bool holds(const struct found *x, const struct found *y)
{
	return x->arg == y->arg && x->off <= y->off &&
	       x->off + x->len >= y->off + y->len;
}

/* Which bytes of argument arg (len) lie inside a hit: one that does not
 * hold hit own's secret, when own is given (such a hit, a whole value
 * judged by its name, does not hide the keys inside it). Owned. */
static unsigned char *in_hits(const struct hits *a, size_t arg, size_t len,
			      const struct found *own)
{
	unsigned char *in = xcalloc(len + 1, 1);
	size_t i, b;
	for (i = 0; i < a->n; i++) {
		const struct found *f = &a->f[i];
		if (f->arg != arg || (own && holds(f, own)))
			continue;
		for (b = f->off; b < f->off + f->len && b < len; b++)
			in[b] = 1;
	}
	return in;
}

static size_t count(const char *s, size_t len, const char *needle, size_t nlen)
{
	const char *p = s, *end = s + len;
	size_t n = 0;
	while (p < end && (p = memmem(p, (size_t)(end - p), needle, nlen))) {
		n++;
		p++;
	}
	return n;
}

/* Bytes the output adds of its own (an ellipsis, path separators) could
 * complete a needle that holds them: such needles are not held to it. */
static bool plain(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || strchr(".[]?", s[i]))
			return false;
	return true;
}

/* Each hit of 8 bytes or more in arg (bytes src) shows in out (len) no
 * more often than its bytes stand in src outside every hit (but those
 * holding own's secret). */
static void no_leak(const struct hits *a, size_t arg, const char *src,
		    size_t slen, const char *out, size_t olen,
		    const struct found *own)
{
	unsigned char *in = NULL;
	size_t i;
	for (i = 0; i < a->n; i++) {
		const struct found *f = &a->f[i];
		const char *s = src + f->off, *p = src;
		size_t allowed = 0;
		if (f->arg != arg || f->len < 8 || !plain(s, f->len))
			continue;
		if (!in)
			in = in_hits(a, arg, slen, own);
		while ((p = memmem(p, slen - (size_t)(p - src), s, f->len))) {
			size_t b, at = (size_t)(p - src);
			for (b = at; b < at + f->len && in[b]; b++)
				;
			allowed += b < at + f->len;
			p++;
		}
		CHECK(count(out, olen, s, f->len) <= allowed);
	}
	free(in);
}

/* No where names a hit's secret of 8 bytes or more whole, beyond the
 * times its bytes stand outside every hit that does not hold the pair's
 * own value (a key can be the same bytes as a value by chance). */
static void where_clean(const struct hits *a, const char *src, size_t slen,
			size_t arg)
{
	size_t i;
	for (i = 0; i < a->n; i++)
		if (a->f[i].arg == arg && strchr(a->f[i].where, '['))
			no_leak(a, arg, src, slen, a->f[i].where,
				strlen(a->f[i].where), &a->f[i]);
}

static size_t marker_len(size_t withheld)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;
	redact_withheld(&hide, &sb, withheld);
	n = sb.len;
	strbuf_release(&sb);
	return n;
}

static void check_argv(char **argv, size_t argc)
{
	struct hits a = {.argv = argv};
	struct secrets_extent x;
	struct secrets_redacted r;
	char **copy = xcalloc(argc + 1, sizeof(char *));
	size_t n = argc, i, rest = 0;
	x = secrets_in_argv(&rules, argv, argc, on_hit, &a);
	CHECK(x.arg <= argc);
	CHECK(x.arg < argc || x.off == 0);
	if (x.arg < argc) {
		CHECK(x.off <= strlen(argv[x.arg]));
		rest = strlen(argv[x.arg]) - x.off;
		for (i = x.arg + 1; i < argc; i++)
			rest += 1 + strlen(argv[i]);
	}
	for (i = 0; i < a.n; i++)
		CHECK(a.f[i].arg < x.arg ||
		      (a.f[i].arg == x.arg && a.f[i].off < x.off));
	for (i = 0; i < argc; i++)
		copy[i] = xstrdup(argv[i]);
	r = secrets_redact_argv(&rules, &hide, copy, &n);
	CHECK(r.withheld == rest);
	CHECK(r.redacted == (a.n > 0));
	CHECK(n == (x.arg < argc ? x.arg + 1 : argc));
	CHECK(!copy[n]);
	for (i = 0; i < n; i++) {
		size_t olen = strlen(copy[i]), m = 0;
		bool any = false, last = x.arg < argc && i == x.arg;
		size_t k;
		for (k = 0; k < a.n; k++)
			any = any || a.f[k].arg == i;
		if (last) {
			m = rest ? marker_len(rest) : 0;
			CHECK(olen >= m);
			if (m)
				CHECK(!memcmp(copy[i] + olen - m, MARKER,
					      sizeof(MARKER) - 1));
		} else if (!any) {
			CHECK(!strcmp(copy[i], argv[i]));
		}
		no_leak(&a, i, argv[i], last ? x.off : strlen(argv[i]), copy[i],
			olen - m, NULL);
		where_clean(&a, argv[i], strlen(argv[i]), i);
	}
	proc_argv_free(copy);
	hits_release(&a);
}

/* The first argument as NAME=VALUE, rendered as env renders it. */
static void check_var(const char *var)
{
	const char *eq = strchr(var, '=');
	struct hits a;
	struct redact_span *sp;
	struct strbuf sb = STRBUF_INIT;
	size_t judged, i, vlen;
	if (!eq)
		return;
	vlen = strlen(eq + 1);
	a = (struct hits){.value = eq + 1, .vlen = vlen};
	judged = secrets_in_var(&rules, var, (size_t)(eq - var), eq + 1, vlen,
				on_hit, &a);
	CHECK(judged <= vlen);
	sp = xcalloc(a.n + 1, sizeof(*sp));
	for (i = 0; i < a.n; i++) {
		CHECK(a.f[i].arg == 0 && a.f[i].off < judged);
		sp[i] = (struct redact_span){a.f[i].off, a.f[i].len};
	}
	redact_spans(&hide, &sb, eq + 1, judged, sp, a.n);
	no_leak(&a, 0, eq + 1, judged, sb.buf, sb.len, NULL);
	where_clean(&a, eq + 1, vlen, 0);
	strbuf_release(&sb);
	free(sp);
	hits_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **argv = NULL;
	size_t argc = 0;
	proc_cmdline_parse((const char *)data, size, &argv, &argc);
	if (argc) {
		check_argv(argv, argc);
		check_var(argv[0]);
	}
	proc_argv_free(argv);
	return 0;
}
