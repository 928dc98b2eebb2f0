/* fds: one row per descriptor; sockets with their endpoints, pipes with
 * the pids at the other end. */
#include "render/fd_view.h"

#include <stdio.h>
#include <string.h>

#include "model/fd.h"
#include "model/net.h"
#include "render/colrow.h"
#include "util/strbuf.h"

static const char *unix_type(unsigned t)
{
	switch (t) {
	case 1:
		return "stream";
	case 2:
		return "dgram";
	case 5:
		return "seqpacket";
	}
	return "unix";
}

static const char *sock_state(const struct net_sock *k)
{
	if (k->proto == NET_UNIX)
		return k->unix_flags & 0x10000 ? "LISTEN"
		       : k->state == 3	       ? "CONNECTED"
		       : k->state == 1	       ? "UNCONNECTED"
					       : "OTHER";
	if (k->proto == NET_UDP || k->proto == NET_UDP6)
		return k->state == 1 ? "ESTABLISHED" : "UNCONN";
	return net_tcp_state_name(k->state);
}

static void socket_text(struct strbuf *sb, const struct net_sock *k)
{
	char l[80], r[80];
	net_format_endpoint(k, 0, l, sizeof(l));
	if (k->proto == NET_UNIX) {
		strbuf_addf(sb, "unix %s %s", unix_type(k->unix_type),
			    sock_state(k));
		if (k->path) {
			/* A NUL in an abstract name as '@', as ss and
			 * /proc/net/unix show it (JSON keeps it). */
			strbuf_addch(sb, ' ');
			for (size_t i = 0; i < k->path_len; i++)
				strbuf_addch(sb, k->path[i] ? k->path[i] : '@');
		}
		if (k->ambiguous)
			strbuf_addstr(sb, " (name may be cut)");
		return;
	}
	net_format_endpoint(k, 1, r, sizeof(r));
	strbuf_addf(sb, "%s %s -> %s %s", net_proto_file(k->proto), l, r,
		    sock_state(k));
}

/* The name cell: a socket described, else the target with the pids at
 * the other end of a pipe. */
static void name_text(struct strbuf *sb, const struct fd_entry *e)
{
	size_t i;
	if (e->sock) {
		socket_text(sb, e->sock);
		return;
	}
	strbuf_addstr(sb, e->target);
	if (e->deleted)
		strbuf_addstr(sb, " (deleted)");
	/* At most FD_PEERS_SHOWN and a count: a pipe shared by a thousand
	 * workers is one short cell. */
	for (i = 0; i < e->npeers && i < FD_PEERS_SHOWN; i++)
		strbuf_addf(sb, "%s%d", i ? "," : " <-> ", (int)e->peers[i]);
	if (e->peers_total > i)
		strbuf_addf(sb, " (+%zu)", e->peers_total - i);
}

static struct json_object *socket_json(const struct net_sock *k)
{
	struct json_object *o = json_object_new_object();
	char buf[80];
	json_object_object_add(
		o, "proto", json_object_new_string(net_proto_file(k->proto)));
	json_object_object_add(o, "state",
			       json_object_new_string(sock_state(k)));
	if (k->proto == NET_UNIX) {
		json_object_object_add(
			o, "type",
			json_object_new_string(unix_type(k->unix_type)));
		json_object_object_add(
			o, "path",
			k->path ? out_json_strn(k->path, k->path_len) : NULL);
		json_object_object_add(o, "ambiguous",
				       json_object_new_boolean(k->ambiguous));
		return o;
	}
	net_format_endpoint(k, 0, buf, sizeof(buf));
	json_object_object_add(o, "local", json_object_new_string(buf));
	net_format_endpoint(k, 1, buf, sizeof(buf));
	json_object_object_add(o, "remote", json_object_new_string(buf));
	json_object_object_add(o, "local_port",
			       json_object_new_int((int)k->local_port));
	json_object_object_add(o, "remote_port",
			       json_object_new_int((int)k->remote_port));
	json_object_object_add(o, "uid", json_object_new_int64(k->uid));
	return o;
}

static struct json_object *flags_json(unsigned flags)
{
	struct json_object *a = json_object_new_array();
	char buf[256], *p, *save = NULL;
	fd_flag_names(flags, buf, sizeof(buf));
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		json_object_array_add(a, json_object_new_string(p));
	return a;
}

/* One row: descriptor e of process pid (pid and comm read no e). */
struct fd_row {
	pid_t pid, via_tid;
	const char *comm;
	const struct fd_entry *e;
};

#define ROW ((const struct fd_row *)row)
#define E (ROW->e)

static void get_pid(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%d", (int)ROW->pid);
	if (c->want_json)
		c->json = json_object_new_int(ROW->pid);
}

static void get_via_tid(const void *row, struct out_cell *c)
{
	out_cell_tid(c, ROW->via_tid);
}

static void get_comm(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, ROW->comm ? ROW->comm : "?");
	if (c->want_json)
		c->json = out_json_str(ROW->comm);
}

static void get_fd(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%d", E->fd);
	if (c->want_json)
		c->json = json_object_new_int(E->fd);
}

static void get_type(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, fd_type_name(E->type));
	if (c->want_json)
		c->json = json_object_new_string(c->text.buf);
}

static void get_mode(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, E->mode);
	if (c->want_json && E->mode[0])
		c->json = json_object_new_string(E->mode);
}

static void get_target(const void *row, struct out_cell *c)
{
	if (!E->target)
		return;
	strbuf_addstr(&c->text, E->target);
	if (c->want_json)
		c->json = out_json_str(E->target);
}

/* Text only: its JSON is target, socket and peers. */
static void get_name(const void *row, struct out_cell *c)
{
	name_text(&c->text, E);
}

static void get_deleted(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, E->deleted ? "yes" : "no");
	if (c->want_json)
		c->json = json_object_new_boolean(E->deleted);
}

static void get_inode(const void *row, struct out_cell *c)
{
	if (!E->inode)
		return;
	strbuf_addf(&c->text, "%llu", (unsigned long long)E->inode);
	if (c->want_json)
		c->json = json_object_new_uint64(E->inode);
}

static void get_socket(const void *row, struct out_cell *c)
{
	if (!E->sock)
		return;
	socket_text(&c->text, E->sock);
	if (c->want_json)
		c->json = socket_json(E->sock);
}

static void get_peers(const void *row, struct out_cell *c)
{
	size_t i;
	for (i = 0; i < E->npeers; i++)
		strbuf_addf(&c->text, "%s%d", i ? "," : "", (int)E->peers[i]);
	if (!c->want_json)
		return;
	c->json = json_object_new_array();
	for (i = 0; i < E->npeers; i++)
		json_object_array_add(c->json,
				      json_object_new_int(E->peers[i]));
}

static void get_peers_total(const void *row, struct out_cell *c)
{
	strbuf_addf(&c->text, "%zu", E->peers_total);
	if (c->want_json)
		c->json = json_object_new_uint64(E->peers_total);
}

static void get_typed_from(const void *row, struct out_cell *c)
{
	strbuf_addstr(&c->text, E->has_stat ? "inode" : "link");
	if (c->want_json)
		c->json = json_object_new_string(c->text.buf);
}

static void get_fstype(const void *row, struct out_cell *c)
{
	if (!E->fstype)
		return;
	strbuf_addstr(&c->text, E->fstype);
	if (c->want_json)
		c->json = out_json_str(E->fstype);
}

static void get_pos(const void *row, struct out_cell *c)
{
	if (!E->has_info)
		return;
	strbuf_addf(&c->text, "%llu", (unsigned long long)E->pos);
	if (c->want_json)
		c->json = json_object_new_uint64(E->pos);
}

static void get_flags(const void *row, struct out_cell *c)
{
	char buf[256];
	if (!E->has_info)
		return;
	fd_flag_names(E->flags, buf, sizeof(buf));
	strbuf_addstr(&c->text, buf);
	if (c->want_json)
		c->json = flags_json(E->flags);
}

static void get_mnt_id(const void *row, struct out_cell *c)
{
	if (!E->has_info || E->mnt_id < 0)
		return;
	strbuf_addf(&c->text, "%d", E->mnt_id);
	if (c->want_json)
		c->json = json_object_new_int(E->mnt_id);
}

const struct out_col fd_cols[FC__COUNT] = {
	[FC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT | OUT_COL_JSON_OUTER,
		    "process id", NULL, OUT_JSON_INT, get_pid, 0},
	[FC_COMM] = {"comm", "COMM", "comm", 0.1,
		     OUT_COL_TRUNC | OUT_COL_JSON_OUTER, "command name", NULL,
		     OUT_JSON_STRING, get_comm, 0},
	[FC_FD] = {"fd", "FD", "fd", 4, OUT_COL_RIGHT, "descriptor number",
		   NULL, OUT_JSON_INT, get_fd, 0},
	[FC_TYPE] = {"type", "TYPE", "type", 10, 0,
		     "file, dir, fifo, pipe, socket, anon_inode, memfd, tty, "
		     "device, ns, other",
		     NULL, OUT_JSON_STRING, get_type, 0},
	[FC_MODE] = {"mode", "MODE", "mode", 4, 0, "r, w or rw", NULL,
		     OUT_JSON_STRING, get_mode, 0},
	[FC_TARGET] = {"target", "LINK", "target", 0.6, OUT_COL_TRUNC,
		       "link text, without ' (deleted)'", NULL, OUT_JSON_STRING,
		       get_target, 0},
	[FC_NAME] = {"name", "TARGET", "target", 0.6,
		     OUT_COL_TRUNC | OUT_COL_JSON_ALSO,
		     "link target; sockets: protocol, endpoints, state; "
		     "pipes: pids at the other end",
		     NULL, OUT_JSON_STRING, get_name, 0},
	[FC_DELETED] = {"deleted", "DEL", "deleted", 3, 0,
			"yes when the target was deleted", NULL, OUT_JSON_BOOL,
			get_deleted, 0},
	[FC_INODE] = {"inode", "INODE", "inode", 8, OUT_COL_RIGHT,
		      "pipe or socket inode number", NULL, OUT_JSON_INT,
		      get_inode, 0},
	[FC_SOCKET] = {"socket", "SOCKET", "socket", 0.4, OUT_COL_TRUNC,
		       "socket: protocol, endpoints, state", NULL,
		       OUT_JSON_OBJECT, get_socket, 0},
	[FC_PEERS] = {"peers", "PEERS", "peers", 0.2, OUT_COL_WRAP,
		      "pipes: other pids holding it", NULL, OUT_JSON_ARRAY,
		      get_peers, 0},
	[FC_PEERS_TOTAL] = {"peers_total", "NPEERS", "peers_total", 4,
			    OUT_COL_RIGHT, "pipes: how many other pids hold it",
			    NULL, OUT_JSON_INT, get_peers_total, 0},
	[FC_TYPED_FROM] = {"typed_from", "FROM", "typed_from", 5, 0,
			   "inode or link: what the type comes from", NULL,
			   OUT_JSON_STRING, get_typed_from, 0},
	[FC_FSTYPE] = {"fstype", "FSTYPE", "fstype", 6, 0,
		       "file system type of a path target", NULL,
		       OUT_JSON_STRING, get_fstype, 0},
	[FC_POS] = {"pos", "POS", "pos", 8, OUT_COL_RIGHT,
		    "file position (fdinfo)", NULL, OUT_JSON_INT, get_pos, 0},
	[FC_FLAGS] = {"flags", "FLAGS", "flags", 0.2, OUT_COL_WRAP,
		      "open flags (fdinfo)", NULL, OUT_JSON_ARRAY, get_flags,
		      0},
	[FC_MNT_ID] = {"mnt_id", "MNT", "mnt_id", 4, OUT_COL_RIGHT,
		       "mount id (fdinfo)", NULL, OUT_JSON_INT, get_mnt_id, 0},
	[FC_VIA_TID] = {"via_tid", "VIA_TID", "via_tid", 7,
			OUT_COL_RIGHT | OUT_COL_JSON_OUTER, VIA_TID_HELP, NULL,
			OUT_JSON_INT, get_via_tid, 0},
};

const int fd_cols_default[5] = {FC_PID, FC_FD, FC_TYPE, FC_MODE, FC_NAME};
const int fd_cols_fdinfo[7] = {FC_PID, FC_FD,	 FC_TYPE, FC_MODE,
			       FC_POS, FC_FLAGS, FC_NAME};

/* An fd's keys (docs/json.md); the last three with fdinfo only. */
static const int fd_json_keys[] = {
	FC_FD,	   FC_TYPE,   FC_MODE,	FC_TARGET,	FC_DELETED,
	FC_INODE,  FC_SOCKET, FC_PEERS, FC_PEERS_TOTAL, FC_TYPED_FROM,
	FC_FSTYPE, FC_POS,    FC_FLAGS, FC_MNT_ID};
#define FD_JSON_INFO 3
#define FD_JSON_N (sizeof(fd_json_keys) / sizeof(fd_json_keys[0]))

void fd_view_emit(struct out_stream *s, pid_t pid, pid_t via_tid,
		  const char *comm, const struct fd_list *list, bool with_info)
{
	struct fd_row row = {.pid = pid, .via_tid = via_tid, .comm = comm};
	size_t i, nkeys = FD_JSON_N - (with_info ? 0 : FD_JSON_INFO);
	if (s->json) {
		struct json_object *o = json_object_new_object(), *a = NULL;
		out_row_json_outer(o, fd_cols, FC__COUNT, &row);
		if (!list->err || list->n) {
			a = json_object_new_array();
			for (i = 0; i < list->n; i++) {
				row.e = &list->e[i];
				json_object_array_add(
					a,
					out_row_json_sel(fd_cols, fd_json_keys,
							 nkeys, &row));
			}
		}
		json_object_object_add(o, "fds", a);
		json_object_object_add(o, "error", out_json_errno(list->err));
		out_stream_json(s, o);
		return;
	}
	if (list->n) {
		struct out_table *tb = out_stream_table(s);
		for (i = 0; i < list->n; i++) {
			row.e = &list->e[i];
			out_row_line(out_table_add(tb, NULL), fd_cols, s->sel,
				     s->nsel, &row, -1, NULL);
		}
		out_stream_table_done(s, tb);
	}
}
