/* maps: one row per mapping, or with --summary one row per file. */
#include "render/maps_view.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

const struct out_col maps_cols[MC__COUNT] = {
	[MC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT, "process id"},
	[MC_COMM] = {"comm", "COMM", "comm", 0.1, OUT_COL_TRUNC,
		     "command name"},
	[MC_START] = {"start", "START", "start", 12, 0, "start address, hex"},
	[MC_END] = {"end", "END", "end", 12, 0, "end address, hex"},
	[MC_SIZE] = {"size", "SIZE", "size_kib", 8, OUT_COL_RIGHT,
		     "size in KiB (summary: added up)"},
	[MC_PERMS] = {"perms", "PERMS", "perms", 4, 0,
		      "rwxp / rwxs (summary: every set seen)"},
	[MC_OFFSET] = {"offset", "OFFSET", "offset", 8, 0, "file offset, hex"},
	[MC_DEV] = {"dev", "DEV", NULL, 5, 0, "device major:minor"},
	[MC_INODE] = {"inode", "INODE", "inode", 8, OUT_COL_RIGHT,
		      "inode number"},
	[MC_KIND] = {"kind", "KIND", "kind", 7, 0,
		     "file, anon, heap, stack, vdso, memfd, deleted, other"},
	[MC_PATH] = {"path", "PATH", "path", 0.5, OUT_COL_TRUNC,
		     "mapped file, as the kernel writes it"},
	[MC_COUNT] = {"count", "MAPS", "count", 4, OUT_COL_RIGHT,
		      "mappings in the group (summary)"},
};

const int maps_cols_default[8] = {MC_PID,    MC_START, MC_END,	MC_PERMS,
				  MC_OFFSET, MC_INODE, MC_KIND, MC_PATH};
const int maps_cols_summary[6] = {MC_PID,   MC_SIZE, MC_COUNT,
				  MC_PERMS, MC_KIND, MC_PATH};

/* A --summary group: one path (or one kind, for mappings without one). */
struct group {
	const char *path;
	size_t path_len;
	enum map_kind kind;
	bool deleted;
	uint64_t bytes;
	size_t count;
	unsigned seen; /* bit perm_bit(perms) for each set seen */
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	size_t n = x->path_len < y->path_len ? x->path_len : y->path_len;
	int r = memcmp(x->path ? x->path : "", y->path ? y->path : "", n);
	if (r)
		return r;
	if (x->path_len != y->path_len)
		return x->path_len < y->path_len ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* The 16 possible permission strings as a bit each: r w x, then s or p.
 * A mask cannot overflow, so no set seen can be dropped. */
static unsigned perm_bit(const char *perms)
{
	unsigned i = (perms[0] == 'r') | (perms[1] == 'w') << 1 |
		     (perms[2] == 'x') << 2 | (perms[3] == 's') << 3;
	return 1u << i;
}

static void perms_text(struct strbuf *sb, unsigned seen)
{
	unsigned i;
	bool first = true;
	for (i = 0; i < 16; i++) {
		if (!(seen & (1u << i)))
			continue;
		strbuf_addf(sb, "%s%c%c%c%c", first ? "" : ",",
			    i & 1 ? 'r' : '-', i & 2 ? 'w' : '-',
			    i & 4 ? 'x' : '-', i & 8 ? 's' : 'p');
		first = false;
	}
}

/* Sort, then merge neighbours: linear after the sort, whatever a process
 * maps (tens of thousands of distinct files is possible). */
static struct group *summarise(const struct proc_maps *m, size_t *ng)
{
	struct group *g = xcalloc(m->n ? m->n : 1, sizeof(*g));
	size_t i, n = 0;
	for (i = 0; i < m->n; i++) {
		const struct map_entry *e = &m->e[i];
		g[i].path = e->path;
		g[i].path_len = e->path ? e->path_len : 0;
		g[i].kind = e->kind;
		g[i].deleted = e->deleted;
		g[i].bytes = e->end - e->start;
		g[i].count = 1;
		g[i].seen = perm_bit(e->perms);
	}
	qsort(g, m->n, sizeof(*g), cmp_group);
	for (i = 0; i < m->n; i++) {
		if (n && !cmp_group(&g[n - 1], &g[i])) {
			g[n - 1].bytes += g[i].bytes;
			g[n - 1].count++;
			g[n - 1].seen |= g[i].seen;
			continue;
		}
		g[n++] = g[i];
	}
	*ng = n;
	return g;
}

static void cell(struct strbuf *sb, const struct proc_maps *m,
		 const struct map_entry *e, const struct group *g, int col)
{
	switch (col) {
	case MC_PID:
		strbuf_addf(sb, "%d", (int)m->pid);
		break;
	case MC_COMM:
		strbuf_addstr(sb, m->comm);
		break;
	case MC_START:
		if (e)
			strbuf_addf(sb, "%llx", (unsigned long long)e->start);
		break;
	case MC_END:
		if (e)
			strbuf_addf(sb, "%llx", (unsigned long long)e->end);
		break;
	case MC_SIZE:
		strbuf_addf(sb, "%llu",
			    (unsigned long long)((e ? e->end - e->start
						    : g->bytes) >>
						 10));
		break;
	case MC_PERMS:
		if (e)
			strbuf_addstr(sb, e->perms);
		else
			perms_text(sb, g->seen);
		break;
	case MC_OFFSET:
		if (e)
			strbuf_addf(sb, "%llx", (unsigned long long)e->offset);
		break;
	case MC_DEV:
		if (e)
			strbuf_addf(sb, "%02x:%02x", e->dev_major,
				    e->dev_minor);
		break;
	case MC_INODE:
		if (e)
			strbuf_addf(sb, "%llu", (unsigned long long)e->inode);
		break;
	case MC_KIND:
		strbuf_addstr(sb, map_kind_name(e ? e->kind : g->kind));
		break;
	case MC_PATH:
		if (e ? e->path : g->path)
			strbuf_add(sb, e ? e->path : g->path,
				   e ? e->path_len : g->path_len);
		if (e ? e->deleted : g->deleted)
			strbuf_addstr(sb, " (deleted)");
		break;
	case MC_COUNT:
		strbuf_addf(sb, "%zu", e ? (size_t)1 : g->count);
		break;
	}
}

static struct json_object *hex(uint64_t v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%llx", (unsigned long long)v);
	return json_object_new_string(buf);
}

static struct json_object *map_json(const struct map_entry *e)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "start", hex(e->start));
	json_object_object_add(o, "end", hex(e->end));
	json_object_object_add(o, "perms", json_object_new_string(e->perms));
	json_object_object_add(o, "offset", hex(e->offset));
	json_object_object_add(o, "inode", json_object_new_uint64(e->inode));
	json_object_object_add(o, "path",
			       e->path ? out_json_strn(e->path, e->path_len)
				       : NULL);
	json_object_object_add(o, "kind",
			       json_object_new_string(map_kind_name(e->kind)));
	json_object_object_add(o, "deleted",
			       json_object_new_boolean(e->deleted));
	return o;
}

static struct json_object *group_json(const struct group *g)
{
	struct json_object *o = json_object_new_object();
	struct strbuf sb;
	json_object_object_add(o, "path",
			       g->path ? out_json_strn(g->path, g->path_len)
				       : NULL);
	json_object_object_add(o, "kind",
			       json_object_new_string(map_kind_name(g->kind)));
	json_object_object_add(o, "deleted",
			       json_object_new_boolean(g->deleted));
	json_object_object_add(o, "size_kib",
			       json_object_new_uint64(g->bytes >> 10));
	json_object_object_add(o, "count", json_object_new_uint64(g->count));
	strbuf_init(&sb, 0);
	perms_text(&sb, g->seen);
	json_object_object_add(o, "perms",
			       json_object_new_string_len(sb.buf, (int)sb.len));
	strbuf_release(&sb);
	return o;
}

void maps_view_emit(struct out_stream *s, const struct proc_maps *m,
		    bool summary)
{
	struct group *g = NULL;
	size_t ng = 0, i, c, rows;
	if (summary)
		g = summarise(m, &ng);
	rows = summary ? ng : m->n;
	if (s->json) {
		struct json_object *o = json_object_new_object(), *a = NULL;
		json_object_object_add(o, "pid", json_object_new_int(m->pid));
		json_object_object_add(o, "comm", out_json_str(m->comm));
		if (!m->err) {
			a = json_object_new_array();
			for (i = 0; i < rows; i++)
				json_object_array_add(
					a, summary ? group_json(&g[i])
						   : map_json(&m->e[i]));
		}
		json_object_object_add(o, summary ? "summary" : "maps", a);
		json_object_object_add(o, "maps_truncated",
				       json_object_new_boolean(m->truncated));
		json_object_object_add(o, "error", out_json_errno(m->err));
		out_stream_json(s, o);
	} else if (rows) {
		struct out_table *tb = out_stream_table(s);
		struct strbuf sb = STRBUF_INIT;
		for (i = 0; i < rows; i++) {
			struct out_line *ln = out_table_add(tb, NULL);
			for (c = 0; c < s->nsel; c++) {
				strbuf_reset(&sb);
				cell(&sb, m, summary ? NULL : &m->e[i],
				     summary ? &g[i] : NULL, s->sel[c]);
				out_cell_n(ln, c, sb.buf, sb.len);
			}
		}
		strbuf_release(&sb);
		out_stream_table_done(s, tb);
	}
	free(g);
}
