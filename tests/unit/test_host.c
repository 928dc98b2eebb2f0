/* The host view's container list (model/host.c) and how the walk fills
 * it (proc/hostread.c host_container_note): found by (mntns, id) in
 * O(log n) through a sorted index, kept in the order first met, the
 * lowest pid standing for its container. */
#include <stdio.h>

#include "proc/hostread.h"
#include "unit/snapkit.h"

#define NCTR 300

/* A container id of 64 hex digits for k. */
static void cid(char *buf, size_t len, unsigned k)
{
	snprintf(buf, len, "%064x", k * 2654435761u);
}

Test(host, container_index_finds_every_entry)
{
	struct host_view h;
	char id[80];
	unsigned k;
	host_view_init(&h);
	/* Met in an order unlike the index's: ids scattered, two mount
	 * namespaces per id for some. */
	for (k = 0; k < NCTR; k++) {
		struct host_container *c;
		cid(id, sizeof(id), k % 200);
		cr_assert_null(host_view_container(&h, id, 4026532000u + k));
		c = host_view_add_container(&h, id, 4026532000u + k);
		c->pid = (pid_t)(1000 + k);
	}
	cr_assert_eq(h.ncontainers, NCTR);
	for (k = 0; k < NCTR; k++) {
		const struct host_container *c;
		cid(id, sizeof(id), k % 200);
		c = host_view_container(&h, id, 4026532000u + k);
		cr_assert(c, "entry %u not found", k);
		cr_assert_eq(c->pid, (pid_t)(1000 + k));
		cr_assert_str_eq(c->id, id);
		/* The list stays in the order met (judges report so). */
		cr_assert_eq(c, &h.containers[k]);
		/* Another mount namespace, or another id: none. */
		cr_assert_null(host_view_container(&h, id, 4026531000u + k));
	}
	cid(id, sizeof(id), 999);
	cr_assert_null(host_view_container(&h, id, 4026532000u));
	for (k = 1; k < NCTR; k++) {
		const struct host_container *a =
			&h.containers[h.container_index[k - 1]];
		const struct host_container *b =
			&h.containers[h.container_index[k]];
		cr_assert(a->mntns < b->mntns ||
			  (a->mntns == b->mntns && strcmp(a->id, b->id) < 0));
	}
	host_view_release(&h);
	cr_assert_null(h.container_index);
}

/* A container process with a mount table read. */
static void ctr_proc(struct psnap *s, pid_t pid, const char *id, uint64_t mntns)
{
	snapkit_init(s, pid, "app");
	snapkit_container(s, id);
	snapkit_mounts(s, "500 400 0:40 / / rw,relatime - overlay overlay "
			  "rw,lowerdir=/l\n");
	s->ns[NS_MNT] = mntns;
	s->loaded |= FACET_BIT(FACET_NS);
}

/* The lowest pid read stands for its container, whatever the order the
 * walk met them in; one entry per (container, mount namespace). */
Test(host, container_note_lowest_pid)
{
	static const pid_t pids[] = {900, 400, 700, 300, 800};
	struct host_view h;
	struct psnap s;
	char a[80], b[80];
	size_t i;
	host_view_init(&h);
	cid(a, sizeof(a), 1);
	cid(b, sizeof(b), 2);
	for (i = 0; i < sizeof(pids) / sizeof(pids[0]); i++) {
		ctr_proc(&s, pids[i], a, 4026532100u);
		host_container_note(&h, &s);
		psnap_release(&s);
		ctr_proc(&s, pids[i] + 1, b, 4026532200u);
		host_container_note(&h, &s);
		psnap_release(&s);
	}
	ctr_proc(&s, 100, a, 4026532300u); /* a's other mount namespace */
	host_container_note(&h, &s);
	psnap_release(&s);
	cr_assert_eq(h.ncontainers, 3);
	cr_assert_eq(host_view_container(&h, a, 4026532100u)->pid, 300);
	cr_assert_eq(host_view_container(&h, b, 4026532200u)->pid, 301);
	cr_assert_eq(host_view_container(&h, a, 4026532300u)->pid, 100);
	cr_assert_str_eq(h.containers[0].id, a);
	cr_assert_eq(h.containers[0].nmounts, 1);
	cr_assert_str_eq(h.containers[0].comm, "app");
	host_view_release(&h);
}
