/* maps: one row per mapping, or with --summary one row per file. */
#include "render/maps_view.h"

#include <stdlib.h>
#include <string.h>

#include "render/colrow.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

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

/* One row: a mapping (e) or, with --summary, a group (g); pid and comm
 * read m alone. */
struct maps_row {
	const struct proc_maps *m;
	const struct map_entry *e;
	const struct group *g;
};

#define ROW ((const struct maps_row *)row)
#define E (ROW->e)
#define G (ROW->g)

static struct json_object *hex_cell(struct out_cell *c, uint64_t v)
{
	strbuf_addf(&c->text, "%llx", (unsigned long long)v);
	return c->want_json ? json_object_new_string(c->text.buf) : NULL;
}

static void get_pid(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%d", (int)ROW->m->pid);
	if (c->want_json)
		c->json = json_object_new_int(ROW->m->pid);
}

static void get_via_tid(const void *row, struct out_cell *c)
{
	out_cell_tid(c, ROW->m->via_tid);
}

static void get_comm(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, ROW->m->comm ? ROW->m->comm : "?");
	if (c->want_json)
		c->json = out_json_str(ROW->m->comm);
}

/* start, end, offset, dev and inode belong to a mapping: a group's cells
 * are empty (its JSON has none of those keys). */
static void get_start(const void *row, struct out_cell *c)
{
	if (E)
		c->json = hex_cell(c, E->start);
}

static void get_end(const void *row, struct out_cell *c)
{
	if (E)
		c->json = hex_cell(c, E->end);
}

static void get_offset(const void *row, struct out_cell *c)
{
	if (E)
		c->json = hex_cell(c, E->offset);
}

static void get_dev(const void *row, struct out_cell *c)
{
	if (!E)
		return;
	strbuf_addf(&c->text, "%02x:%02x", E->dev_major, E->dev_minor);
	if (c->want_json)
		c->json = json_object_new_string(c->text.buf);
}

static void get_inode(const void *row, struct out_cell *c)
{
	if (!E)
		return;
	strbuf_addf(&c->text, "%llu", (unsigned long long)E->inode);
	if (c->want_json)
		c->json = json_object_new_uint64(E->inode);
}

static void get_size_kib(const void *row, struct out_cell *c)
{
	uint64_t kib = (E ? E->end - E->start : G->bytes) >> 10;
	strbuf_addf(&c->text, "%llu", (unsigned long long)kib);
	if (c->want_json)
		c->json = json_object_new_uint64(kib);
}

static void get_perms(const void *row, struct out_cell *c)
{
	if (E)
		strbuf_addstr(&c->text, E->perms);
	else
		perms_text(&c->text, G->seen);
	if (c->want_json)
		c->json = out_json_strn(c->text.buf, c->text.len);
}

static void get_kind(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, map_kind_name(E ? E->kind : G->kind));
	if (c->want_json)
		c->json = json_object_new_string(c->text.buf);
}

static void get_path(const void *row, struct out_cell *c)
{
	const char *p = E ? E->path : G->path;
	size_t len = E ? E->path_len : G->path_len;
	if (!p)
		return;
	strbuf_add(&c->text, p, len);
	if (c->want_json)
		c->json = out_json_strn(p, len);
}

static void get_deleted(const void *row, struct out_cell *c)
{
	bool d = E ? E->deleted : G->deleted;
	strbuf_addstr(&c->text, d ? "yes" : "no");
	if (c->want_json)
		c->json = json_object_new_boolean(d);
}

static void get_count(const void *row, struct out_cell *c)
{
	size_t n = E ? 1 : G->count;
	strbuf_addf(&c->text, "%zu", n);
	if (c->want_json)
		c->json = json_object_new_uint64(n);
}

const struct out_col maps_cols[MC__COUNT] = {
	[MC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT | OUT_COL_JSON_OUTER,
		    "process id", NULL, OUT_JSON_INT, get_pid, 0},
	[MC_COMM] = {"comm", "COMM", "comm", 0.1,
		     OUT_COL_TRUNC | OUT_COL_JSON_OUTER, "command name", NULL,
		     OUT_JSON_STRING, get_comm, 0},
	[MC_START] = {"start", "START", "start", 12, 0, "start address, hex",
		      NULL, OUT_JSON_STRING, get_start, 0},
	[MC_END] = {"end", "END", "end", 12, 0, "end address, hex", NULL,
		    OUT_JSON_STRING, get_end, 0},
	[MC_SIZE] = {"size_kib", "SIZE", "size_kib", 8, OUT_COL_RIGHT,
		     "size in KiB (summary: added up)", "size", OUT_JSON_INT,
		     get_size_kib, 0},
	[MC_PERMS] = {"perms", "PERMS", "perms", 4, 0,
		      "rwxp / rwxs (summary: every set seen)", NULL,
		      OUT_JSON_STRING, get_perms, 0},
	[MC_OFFSET] = {"offset", "OFFSET", "offset", 8, 0, "file offset, hex",
		       NULL, OUT_JSON_STRING, get_offset, 0},
	[MC_DEV] = {"dev", "DEV", "dev", 5, 0, "device major:minor, hex", NULL,
		    OUT_JSON_STRING, get_dev, 0},
	[MC_INODE] = {"inode", "INODE", "inode", 8, OUT_COL_RIGHT,
		      "inode number", NULL, OUT_JSON_INT, get_inode, 0},
	[MC_KIND] = {"kind", "KIND", "kind", 7, 0,
		     "file, anon, heap, stack, vdso, memfd, deleted, other",
		     NULL, OUT_JSON_STRING, get_kind, 0},
	[MC_PATH] = {"path", "PATH", "path", 0.5, OUT_COL_TRUNC,
		     "mapped file, as the kernel writes it, without "
		     "' (deleted)'",
		     NULL, OUT_JSON_STRING, get_path, 0},
	[MC_DELETED] = {"deleted", "DEL", "deleted", 3, 0,
			"yes where the mapped file was deleted", NULL,
			OUT_JSON_BOOL, get_deleted, 0},
	[MC_COUNT] = {"count", "MAPS", "count", 4, OUT_COL_RIGHT,
		      "mappings in the group (summary)", NULL, OUT_JSON_INT,
		      get_count, 0},
	[MC_VIA_TID] = {"via_tid", "VIA_TID", "via_tid", 7,
			OUT_COL_RIGHT | OUT_COL_JSON_OUTER, VIA_TID_HELP, NULL,
			OUT_JSON_INT, get_via_tid, 0},
};

const int maps_cols_default[8] = {MC_PID,    MC_START, MC_END,	MC_PERMS,
				  MC_OFFSET, MC_INODE, MC_KIND, MC_PATH};
const int maps_cols_summary[6] = {MC_PID,   MC_SIZE, MC_COUNT,
				  MC_PERMS, MC_KIND, MC_PATH};

/* The keys of a mapping and of a group, in docs/json.md's order. */
static const int json_mapping[] = {MC_START,  MC_END,  MC_PERMS,
				   MC_OFFSET, MC_DEV,  MC_INODE,
				   MC_PATH,   MC_KIND, MC_DELETED};
static const int json_group[] = {MC_PATH, MC_KIND,  MC_DELETED,
				 MC_SIZE, MC_COUNT, MC_PERMS};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

void maps_view_emit(struct out_stream *s, const struct proc_maps *m,
		    bool summary)
{
	struct group *g = NULL;
	size_t ng = 0, i, rows;
	struct maps_row row = {.m = m};
	if (summary)
		g = summarise(m, &ng);
	rows = summary ? ng : m->n;
	if (s->json) {
		struct json_object *o = json_object_new_object(), *a = NULL;
		out_row_json_outer(o, maps_cols, MC__COUNT, &row);
		if (!m->err) {
			a = json_object_new_array();
			for (i = 0; i < rows; i++) {
				row.e = summary ? NULL : &m->e[i];
				row.g = summary ? &g[i] : NULL;
				json_object_array_add(
					a,
					summary ? out_row_json_sel(
							  maps_cols, json_group,
							  NELEM(json_group),
							  &row)
						: out_row_json_sel(
							  maps_cols,
							  json_mapping,
							  NELEM(json_mapping),
							  &row));
			}
		}
		json_object_object_add(o, summary ? "summary" : "maps", a);
		json_object_object_add(o, "maps_truncated",
				       json_object_new_boolean(m->truncated));
		json_object_object_add(o, "error", out_json_errno(m->err));
		out_stream_json(s, o);
	} else if (rows) {
		struct out_table *tb = out_stream_table(s);
		for (i = 0; i < rows; i++) {
			row.e = summary ? NULL : &m->e[i];
			row.g = summary ? &g[i] : NULL;
			out_row_line(out_table_add(tb, NULL), maps_cols, s->sel,
				     s->nsel, &row, -1, NULL);
		}
		out_stream_table_done(s, tb);
	}
	free(g);
}
