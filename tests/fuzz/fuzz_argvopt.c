/* libFuzzer: argvopt_walk on an argv made from the input split at NUL, as
 * /proc/PID/cmdline is. Every pair must point inside the argument it names,
 * in argument order, with a name as the header promises; the count must be
 * the callbacks made; a walk stopped at pair k must have made the same k
 * calls as the full walk. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/proc.h"
#include "proc/cmdline.h"
#include "scan/argvopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define KEEP 64

struct run {
	char *const *argv;
	size_t argc;
	size_t n;	 /* callbacks made */
	size_t stop_at;	 /* 0: never stop */
	size_t last_arg; /* arg of the previous pair */
	struct argv_pair p[KEEP];
	const struct argv_pair *want; /* the full walk's pairs, to compare */
};

static bool program_form(enum argv_form f)
{
	return f == ARGV_SHORT || f == ARGV_USERPASS || f == ARGV_PASSARG ||
	       f == ARGV_POSITIONAL;
}

static void check_pair(const struct run *r, const struct argv_pair *p)
{
	const char *a;
	size_t alen, i;
	CHECK(p->form >= ARGV_LONG_EQ && p->form <= ARGV_HEADER);
	CHECK(p->arg >= 1 && p->arg < r->argc);
	CHECK(p->arg >= r->last_arg);
	a = r->argv[p->arg];
	alen = strlen(a);
	CHECK(p->value >= a && p->value <= a + alen);
	CHECK(p->value_len <= alen - (size_t)(p->value - a));
	/* Only an assignment inside a list ends before its argument does. */
	if (p->form != ARGV_ASSIGN)
		CHECK(p->value + p->value_len == a + alen);
	if (p->form == ARGV_LONG_EQ || p->form == ARGV_PROP ||
	    p->form == ARGV_ASSIGN)
		CHECK(p->value > a && p->value[-1] == '=');
	if (p->form == ARGV_USERPASS)
		CHECK(p->value > a && strchr(":%,", p->value[-1]));
	if (p->form == ARGV_PASSARG)
		CHECK(p->value >= a + 5 && !memcmp(p->value - 5, "pass:", 5));
	/* A setting is KEY=VALUE or the operand after KEY; a header's value
	 * follows "Name:" and blanks, or is a cookie string (curl -b). */
	if (p->form == ARGV_SETTING)
		CHECK(p->value == a || p->value[-1] == '=');
	if (p->form == ARGV_HEADER) {
		CHECK((p->value > a && strchr(": \t", p->value[-1])) ||
		      (!strcmp(p->name, "HTTP_COOKIE") &&
		       memchr(p->value, '=', p->value_len)));
		CHECK(!strncmp(p->name, "HTTP_", 5) && p->name_len > 5);
	}
	CHECK(p->name_len < ARGV_NAME_MAX);
	CHECK(memchr(p->name, '\0', ARGV_NAME_MAX) == p->name + p->name_len);
	CHECK(p->program_option == program_form(p->form));
	if (p->program_option) {
		CHECK(!strcmp(p->name, "PASSWORD") && !p->name_truncated);
	} else {
		CHECK(p->name_len > 0);
		/* Cut at the limit, or one short for a '_' that did not fit. */
		if (p->name_truncated)
			CHECK(p->name_len >= ARGV_NAME_MAX - 2);
	}
	for (i = 0; i < p->name_len; i++)
		CHECK(!strchr("abcdefghijklmnopqrstuvwxyz-./ ", p->name[i]));
	/* The mapping keeps the tokens: a secret name stays secret. */
	if (p->form == ARGV_LONG_SEP && !p->name_truncated)
		CHECK(argvopt_name_secret(p->name, p->name_len));
}

static int on_pair(const struct argv_pair *p, void *arg)
{
	struct run *r = arg;
	check_pair(r, p);
	r->last_arg = p->arg;
	if (r->want && r->n < KEEP) {
		const struct argv_pair *w = &r->want[r->n];
		CHECK(w->form == p->form && w->arg == p->arg);
		CHECK(w->value == p->value && w->value_len == p->value_len);
		CHECK(!strcmp(w->name, p->name));
	}
	if (r->n < KEEP)
		r->p[r->n] = *p;
	r->n++;
	return r->stop_at && r->n >= r->stop_at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run full, part;
	char **argv = NULL;
	size_t argc = 0, n, i;
	proc_cmdline_parse((const char *)data, size, &argv, &argc);
	memset(&full, 0, sizeof(full));
	full.argv = argv;
	full.argc = argc;
	n = argvopt_walk(argv, argc, on_pair, &full);
	CHECK(n == full.n);
	CHECK(argvopt_walk(argv, argc, NULL, NULL) == n);
	if (n) {
		memset(&part, 0, sizeof(part));
		part.argv = argv;
		part.argc = argc;
		part.stop_at = n / 2 + 1;
		part.want = full.p;
		CHECK(argvopt_walk(argv, argc, on_pair, &part) == n / 2 + 1);
		CHECK(part.n == n / 2 + 1);
	}
	for (i = 0; i < argc; i++)
		(void)argvopt_name_secret(argv[i], strlen(argv[i]));
	proc_argv_free(argv);
	return 0;
}
