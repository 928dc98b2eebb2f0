/* Process rows: sorting, the JSON object and the time forms the columns
 * (proc_cols.c) use. */
#include "render/proc_view.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/colrow.h"

const int proc_cols_default[4] = {PC_PID, PC_USER, PC_CONTAINER, PC_COMMAND};

void proc_iso_time(char *buf, size_t size, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm) ||
	    !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "%lld", t);
}

void proc_etime(char *buf, size_t size, long long secs)
{
	long long d, h, m, s;
	if (secs < 0)
		secs = 0;
	d = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60;
	s = secs % 60;
	if (d)
		snprintf(buf, size, "%lld-%02lld:%02lld:%02lld", d, h, m, s);
	else if (h)
		snprintf(buf, size, "%02lld:%02lld:%02lld", h, m, s);
	else
		snprintf(buf, size, "%02lld:%02lld", m, s);
}

void proc_age(char *buf, size_t size, long long secs)
{
	if (secs < 0)
		secs = 0;
	if (secs < 60)
		snprintf(buf, size, "%llds", secs);
	else if (secs < 3600)
		snprintf(buf, size, "%lldm", secs / 60);
	else if (secs < 86400)
		snprintf(buf, size, "%lldh", secs / 3600);
	else
		snprintf(buf, size, "%lldd", secs / 86400);
}

void proc_name_cell(struct strbuf *sb, const char *name, unsigned id)
{
	if (name)
		strbuf_addstr(sb, name);
	else
		strbuf_addf(sb, "%u", id);
}

void proc_names_cell(struct strbuf *sb, const char *ns, const char *pod,
		     const char *name)
{
	if (pod) {
		if (ns)
			strbuf_addf(sb, "%s/", ns);
		strbuf_addstr(sb, pod);
		if (name)
			strbuf_addch(sb, '/');
	}
	if (name)
		strbuf_addstr(sb, name);
}

void proc_cell(struct strbuf *sb, const struct proc *p, enum proc_col col)
{
	out_row_text(sb, &proc_cols[col], p);
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))
#define NUM_CMP(name, type)                                     \
	static int name(const void *x, const void *y)           \
	{                                                       \
		return CMP(*(const type *)x, *(const type *)y); \
	}
NUM_CMP(cmp_int, int)
NUM_CMP(cmp_uint, unsigned)
NUM_CMP(cmp_ulong, unsigned long)
NUM_CMP(cmp_ullong, unsigned long long)

/* The columns that sort by one number of struct proc: where it lies and
 * the comparison for its type (chosen by _Generic, so a field changing
 * type cannot be compared as the wrong one); desc for the ages, where
 * older first is larger: by start, reversed. */
struct num_key {
	size_t off;
	int (*cmp)(const void *x, const void *y);
	bool desc;
};
/* Laid out by hand: clang-format breaks _Generic's associations. */
/* clang-format off */
#define NUM(field, d)                                                   \
	{offsetof(struct proc, field),                                  \
	 _Generic(((const struct proc *)0)->field,                      \
		  int: cmp_int,                                         \
		  unsigned: cmp_uint,                                   \
		  unsigned long: cmp_ulong,                             \
		  unsigned long long: cmp_ullong),                      \
	 d}
/* clang-format on */
static const struct num_key num_keys[PC__COUNT] = {
	[PC_PID] = NUM(pid, false),
	[PC_PPID] = NUM(ppid, false),
	[PC_UID] = NUM(uid, false),
	[PC_RUID] = NUM(ruid, false),
	[PC_GID] = NUM(gid, false),
	[PC_RGID] = NUM(rgid, false),
	[PC_START] = NUM(start_ticks, false),
	[PC_START_TICKS] = NUM(start_ticks, false),
	[PC_ETIME] = NUM(start_ticks, true),
	[PC_AGE] = NUM(start_ticks, true),
	[PC_AGE_SECONDS] = NUM(start_ticks, true),
	[PC_THREADS] = NUM(threads, false),
	[PC_RSS] = NUM(rss_kib, false),
	[PC_TTY_NR] = NUM(tty_nr, false),
	[PC_ARGV_WITHHELD] = NUM(argv_withheld, false),
};

int proc_cmp(const struct proc *a, const struct proc *b, enum proc_col col)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	const struct num_key *k = &num_keys[col];
	int r;
	if (k->cmp) {
		r = k->cmp((const char *)a + k->off, (const char *)b + k->off);
		return k->desc ? -r : r;
	}
	/* The user by name, not by the marker the cell may carry. */
	if (col == PC_USER) {
		proc_name_cell(&x, a->user, a->uid);
		proc_name_cell(&y, b->user, b->uid);
	} else {
		proc_cell(&x, a, col);
		proc_cell(&y, b, col);
	}
	r = strcmp(x.buf, y.buf);
	strbuf_release(&x);
	strbuf_release(&y);
	return r;
}

int proc_sort_parse(const char *list, struct proc_sort_key *keys, size_t max,
		    size_t *n, const char **bad, size_t *bad_len)
{
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ",");
		bool desc = false;
		int col;
		*bad = p;
		*bad_len = len;
		if (len && (*p == '-' || *p == '+')) {
			desc = *p == '-';
			p++, len--;
		}
		col = out_col_find(proc_cols, PC__COUNT, p, len);
		if (!len || col < 0)
			return -EINVAL;
		if (*n >= max)
			return -E2BIG;
		keys[*n].col = col;
		keys[(*n)++].desc = desc;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

int proc_sort_cmp(const struct proc *a, const struct proc *b,
		  const struct proc_sort_key *keys, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		int r = proc_cmp(a, b, (enum proc_col)keys[i].col);
		if (r)
			return keys[i].desc ? -r : r;
	}
	return CMP(a->pid, b->pid);
}

struct json_object *proc_json(const struct proc *p)
{
	return out_row_json(proc_cols, PC__COUNT, p);
}
