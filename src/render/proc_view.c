/* Process rows: sorting, the JSON object and the time forms the columns
 * (proc_cols.c) use. */
#include "render/proc_view.h"

#include <errno.h>
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

int proc_cmp(const struct proc *a, const struct proc *b, enum proc_col col)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	int r;
	switch (col) {
	case PC_PID:
		return CMP(a->pid, b->pid);
	case PC_PPID:
		return CMP(a->ppid, b->ppid);
	case PC_UID:
		return CMP(a->uid, b->uid);
	case PC_RUID:
		return CMP(a->ruid, b->ruid);
	case PC_GID:
		return CMP(a->gid, b->gid);
	case PC_START:
	case PC_START_TICKS:
		return CMP(a->start_ticks, b->start_ticks);
	case PC_ETIME: /* older first is larger: by start, reversed */
	case PC_AGE:
	case PC_AGE_SECONDS:
		return CMP(b->start_ticks, a->start_ticks);
	case PC_THREADS:
		return CMP(a->threads, b->threads);
	case PC_RSS:
		return CMP(a->rss_kib, b->rss_kib);
	case PC_RGID:
		return CMP(a->rgid, b->rgid);
	case PC_TTY_NR:
		return CMP(a->tty_nr, b->tty_nr);
	case PC_ARGV_WITHHELD:
		return CMP(a->argv_withheld, b->argv_withheld);
	case PC_USER: /* by name, not by the marker the cell may carry */
		proc_name_cell(&x, a->user, a->uid);
		proc_name_cell(&y, b->user, b->uid);
		r = strcmp(x.buf, y.buf);
		strbuf_release(&x);
		strbuf_release(&y);
		return r;
	default:
		break;
	}
	proc_cell(&x, a, col);
	proc_cell(&y, b, col);
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
