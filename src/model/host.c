/* The host view's storage. */
#include "model/host.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void host_etcd_init(struct host_etcd *e)
{
	memset(e, 0, sizeof(*e));
	e->db_fd = -1;
	e->db_fdnum = -1;
}

void host_etcd_release(struct host_etcd *e)
{
	size_t k;
	free(e->comm);
	free(e->container);
	free(e->pod_uid);
	free(e->db_path);
	for (k = 0; k < e->nwal; k++)
		free(e->wal_paths[k]);
	free(e->wal_paths);
	free(e->wal_fdnums);
	free(e->wal_fds);
	host_etcd_init(e);
}

void host_view_init(struct host_view *h)
{
	memset(h, 0, sizeof(*h));
}

void host_view_release(struct host_view *h)
{
	size_t i;
	for (i = 0; i < h->netcd; i++)
		host_etcd_release(&h->etcd[i]);
	free(h->etcd);
	host_view_init(h);
}

struct host_etcd *host_view_add_etcd(struct host_view *h)
{
	struct host_etcd *e;
	h->etcd =
		xgrow(h->etcd, &h->etcd_alloc, h->netcd + 1, sizeof(*h->etcd));
	e = &h->etcd[h->netcd++];
	host_etcd_init(e);
	return e;
}
