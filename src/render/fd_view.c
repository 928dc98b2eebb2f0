/* fds: one row per descriptor; sockets with their endpoints, pipes with
 * the pids at the other end. */
#include "render/fd_view.h"

#include <stdio.h>
#include <string.h>

#include "proc/fdinfo.h"
#include "proc/net.h"
#include "util/strbuf.h"

const struct out_col fd_cols[FC__COUNT] = {
	[FC_PID] = {"pid", "PID", "pid", 5, OUT_COL_RIGHT, "process id"},
	[FC_COMM] = {"comm", "COMM", "comm", 0.1, OUT_COL_TRUNC,
		     "command name"},
	[FC_FD] = {"fd", "FD", "fd", 4, OUT_COL_RIGHT, "descriptor number"},
	[FC_TYPE] = {"type", "TYPE", "type", 10, 0,
		     "file, dir, fifo, pipe, socket, anon_inode, memfd, tty, "
		     "device, ns, other"},
	[FC_MODE] = {"mode", "MODE", "mode", 4, 0, "r, w or rw"},
	[FC_TARGET] = {"target", "TARGET", "target", 0.6, OUT_COL_TRUNC,
		       "link target; sockets: protocol, endpoints, state; "
		       "pipes: pids at the other end"},
	[FC_DELETED] = {"deleted", "DEL", "deleted", 3, 0,
			"the target was deleted"},
	[FC_INODE] = {"inode", "INODE", "inode", 8, OUT_COL_RIGHT,
		      "pipe or socket inode number"},
	[FC_POS] = {"pos", "POS", "pos", 8, OUT_COL_RIGHT,
		    "file position (fdinfo)"},
	[FC_FLAGS] = {"flags", "FLAGS", "flags", 0.2, OUT_COL_WRAP,
		      "open flags (fdinfo)"},
	[FC_MNT_ID] = {"mnt_id", "MNT", "mnt_id", 4, OUT_COL_RIGHT,
		       "mount id (fdinfo)"},
};

const int fd_cols_default[5] = {FC_PID, FC_FD, FC_TYPE, FC_MODE, FC_TARGET};
const int fd_cols_fdinfo[7] = {FC_PID, FC_FD,	 FC_TYPE,  FC_MODE,
			       FC_POS, FC_FLAGS, FC_TARGET};

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

static void target_text(struct strbuf *sb, const struct fd_entry *e)
{
	const struct net_sock *k = e->sock;
	size_t i;
	if (k) {
		char l[80], r[80];
		net_format_endpoint(k, 0, l, sizeof(l));
		if (k->proto == NET_UNIX) {
			strbuf_addf(sb, "unix %s %s", unix_type(k->unix_type),
				    sock_state(k));
			if (k->path)
				strbuf_addf(sb, " %s", k->path);
			return;
		}
		net_format_endpoint(k, 1, r, sizeof(r));
		strbuf_addf(sb, "%s %s -> %s %s", net_proto_file(k->proto), l,
			    r, sock_state(k));
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
		json_object_object_add(o, "path", out_json_str(k->path));
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
	proc_fdinfo_flag_names(flags, buf, sizeof(buf));
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		json_object_array_add(a, json_object_new_string(p));
	return a;
}

static struct json_object *fd_json(const struct fd_entry *e, bool with_info)
{
	struct json_object *o = json_object_new_object(), *peers;
	size_t i;
	json_object_object_add(o, "fd", json_object_new_int(e->fd));
	json_object_object_add(o, "type",
			       json_object_new_string(fd_type_name(e->type)));
	json_object_object_add(
		o, "mode", e->mode[0] ? json_object_new_string(e->mode) : NULL);
	json_object_object_add(o, "target", out_json_str(e->target));
	json_object_object_add(o, "deleted",
			       json_object_new_boolean(e->deleted));
	json_object_object_add(
		o, "inode", e->inode ? json_object_new_uint64(e->inode) : NULL);
	json_object_object_add(o, "socket",
			       e->sock ? socket_json(e->sock) : NULL);
	peers = json_object_new_array();
	for (i = 0; i < e->npeers; i++)
		json_object_array_add(peers, json_object_new_int(e->peers[i]));
	json_object_object_add(o, "peers", peers);
	json_object_object_add(o, "peers_total",
			       json_object_new_uint64(e->peers_total));
	json_object_object_add(
		o, "typed_from",
		json_object_new_string(e->has_stat ? "inode" : "link"));
	json_object_object_add(o, "fstype", out_json_str(e->fstype));
	if (with_info) {
		json_object_object_add(
			o, "pos",
			e->has_info ? json_object_new_uint64(e->pos) : NULL);
		json_object_object_add(
			o, "flags", e->has_info ? flags_json(e->flags) : NULL);
		json_object_object_add(o, "mnt_id",
				       e->has_info && e->mnt_id >= 0
					       ? json_object_new_int(e->mnt_id)
					       : NULL);
	}
	return o;
}

static void cell(struct strbuf *sb, pid_t pid, const char *comm,
		 const struct fd_entry *e, int col)
{
	char buf[256];
	switch (col) {
	case FC_PID:
		strbuf_addf(sb, "%d", (int)pid);
		break;
	case FC_COMM:
		strbuf_addstr(sb, comm);
		break;
	case FC_FD:
		strbuf_addf(sb, "%d", e->fd);
		break;
	case FC_TYPE:
		strbuf_addstr(sb, fd_type_name(e->type));
		break;
	case FC_MODE:
		strbuf_addstr(sb, e->mode);
		break;
	case FC_TARGET:
		target_text(sb, e);
		break;
	case FC_DELETED:
		strbuf_addstr(sb, e->deleted ? "yes" : "");
		break;
	case FC_INODE:
		if (e->inode)
			strbuf_addf(sb, "%llu", (unsigned long long)e->inode);
		break;
	case FC_POS:
		if (e->has_info)
			strbuf_addf(sb, "%llu", (unsigned long long)e->pos);
		break;
	case FC_FLAGS:
		if (e->has_info) {
			proc_fdinfo_flag_names(e->flags, buf, sizeof(buf));
			strbuf_addstr(sb, buf);
		}
		break;
	case FC_MNT_ID:
		if (e->has_info && e->mnt_id >= 0)
			strbuf_addf(sb, "%d", e->mnt_id);
		break;
	}
}

void fd_view_emit(struct out_stream *s, pid_t pid, const char *comm,
		  const struct fd_list *list, bool with_info)
{
	size_t i, c;
	if (s->json) {
		struct json_object *o = json_object_new_object(), *a = NULL;
		json_object_object_add(o, "pid", json_object_new_int(pid));
		json_object_object_add(o, "comm", out_json_str(comm));
		if (!list->err || list->n) {
			a = json_object_new_array();
			for (i = 0; i < list->n; i++)
				json_object_array_add(
					a, fd_json(&list->e[i], with_info));
		}
		json_object_object_add(o, "fds", a);
		json_object_object_add(o, "error", out_json_errno(list->err));
		out_stream_json(s, o);
		return;
	}
	if (list->n) {
		struct out_table *tb = out_stream_table(s);
		struct strbuf sb = STRBUF_INIT;
		for (i = 0; i < list->n; i++) {
			struct out_line *ln = out_table_add(tb, NULL);
			for (c = 0; c < s->nsel; c++) {
				strbuf_reset(&sb);
				cell(&sb, pid, comm, &list->e[i], s->sel[c]);
				out_cell_n(ln, c, sb.buf, sb.len);
			}
		}
		strbuf_release(&sb);
		out_stream_table_done(s, tb);
	}
}
