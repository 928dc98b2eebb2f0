/* The item pipeline: a pool of batch buffers, a FIFO of full ones, one
 * mutex and two condition variables. */
#include "etcd/pipe.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define BATCH_BYTES (1u << 20) /* per batch; an item larger gets its own */
#define NBATCH (PIPE_MAX_CONSUMERS + 2) /* buffers in the pool */

/* One entry in a batch: the header, then the key and value bytes of an
 * item, or the first page of a leaf (klen bytes; vlen is its overflow). */
struct item_hdr {
	uint64_t pgid;
	size_t klen, vlen;
	bool leaf;
};

struct batch {
	uint8_t *buf;
	size_t len, alloc;
};

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t can_fill, can_drain;
	struct batch b[NBATCH];
	size_t full[NBATCH], nfull;  /* FIFO of full batches (indexes) */
	size_t freel[NBATCH], nfree; /* free batches */
	size_t filling;		     /* the batch the producer writes */
	int stop;		     /* first non-zero consume result */
	bool done;		     /* producer finished */
	int result;		     /* producer's result */
	int (*produce)(const struct pipe_emit *, void *);
	void *parg;
	bolt_item_fn consume;
	bolt_leaf_fn consume_leaf;
	size_t page_size; /* of the leaves emitted */
};

struct consumer {
	struct pipe *p;
	void *carg;
	int r;
};

/* Queue the filled batch and take a free one (waiting for a consumer to
 * return one). Called with the lock not held. */
static void push(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->full[p->nfull++] = p->filling;
	pthread_cond_signal(&p->can_drain);
	while (!p->nfree)
		pthread_cond_wait(&p->can_fill, &p->mu);
	p->filling = p->freel[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	p->b[p->filling].len = 0;
}

/* Append an entry to the batch being filled, handing it over first when
 * it is full. Returns 0, or the consumers' stop value. */
static int add(struct pipe *p, const struct item_hdr *h, const uint8_t *a,
	       size_t alen, const uint8_t *b, size_t blen)
{
	struct batch *bt = &p->b[p->filling];
	size_t need = sizeof(*h) + alen + blen;
	int stop;
	if (bt->len && bt->len + need > BATCH_BYTES) {
		pthread_mutex_lock(&p->mu);
		stop = p->stop;
		pthread_mutex_unlock(&p->mu);
		if (stop)
			return stop;
		push(p);
		bt = &p->b[p->filling];
	}
	bt->buf = xgrow(bt->buf, &bt->alloc, bt->len + need, 1);
	memcpy(bt->buf + bt->len, h, sizeof(*h));
	if (alen)
		memcpy(bt->buf + bt->len + sizeof(*h), a, alen);
	if (blen)
		memcpy(bt->buf + bt->len + sizeof(*h) + alen, b, blen);
	bt->len += need;
	return 0;
}

static int emit(const uint8_t *key, size_t klen, const uint8_t *val,
		size_t vlen, uint64_t pgid, void *arg)
{
	struct item_hdr h = {pgid, klen, vlen, false};
	return add(arg, &h, key, klen, val, vlen);
}

static int emit_leaf(uint64_t pgid, const uint8_t *page, uint32_t overflow,
		     void *arg)
{
	struct pipe *p = arg;
	struct item_hdr h = {pgid, p->page_size, overflow, true};
	return add(p, &h, page, p->page_size, NULL, 0);
}

static void *producer(void *arg)
{
	struct pipe *p = arg;
	struct pipe_emit e = {emit, emit_leaf, p};
	int r = p->produce(&e, p->parg);
	pthread_mutex_lock(&p->mu);
	if (p->b[p->filling].len)
		p->full[p->nfull++] = p->filling;
	else
		p->freel[p->nfree++] = p->filling;
	p->done = true;
	p->result = r;
	pthread_cond_broadcast(&p->can_drain);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static int drain(const struct pipe *p, const struct batch *b, void *carg)
{
	size_t off = 0;
	while (off < b->len) {
		struct item_hdr h;
		const uint8_t *k;
		int r;
		memcpy(&h, b->buf + off, sizeof(h));
		k = b->buf + off + sizeof(h);
		if (h.leaf) {
			r = p->consume_leaf(h.pgid, k, (uint32_t)h.vlen, carg);
			off += sizeof(h) + h.klen;
		} else {
			r = p->consume(k, h.klen, k + h.klen, h.vlen, h.pgid,
				       carg);
			off += sizeof(h) + h.klen + h.vlen;
		}
		if (r)
			return r;
	}
	return 0;
}

static void *consumer(void *arg)
{
	struct consumer *c = arg;
	struct pipe *p = c->p;
	for (;;) {
		size_t k;
		pthread_mutex_lock(&p->mu);
		while (!p->nfull && !p->done)
			pthread_cond_wait(&p->can_drain, &p->mu);
		if (!p->nfull) { /* done and drained */
			pthread_mutex_unlock(&p->mu);
			break;
		}
		k = p->full[0];
		memmove(p->full, p->full + 1, --p->nfull * sizeof(p->full[0]));
		pthread_mutex_unlock(&p->mu);
		if (!c->r)
			c->r = drain(p, &p->b[k], c->carg);
		pthread_mutex_lock(&p->mu);
		p->freel[p->nfree++] = k;
		if (c->r && !p->stop)
			p->stop = c->r;
		pthread_cond_signal(&p->can_fill);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

int item_pipe_run(int (*produce)(const struct pipe_emit *emit, void *parg),
		  void *parg, bolt_item_fn consume, bolt_leaf_fn consume_leaf,
		  size_t page_size, void *const *cargs, size_t nconsumers)
{
	struct consumer cs[PIPE_MAX_CONSUMERS];
	pthread_t th[PIPE_MAX_CONSUMERS], pth;
	struct pipe p;
	size_t i, nth = 0;
	int r = 0;
	if (nconsumers > PIPE_MAX_CONSUMERS)
		nconsumers = PIPE_MAX_CONSUMERS;
	memset(&p, 0, sizeof(p));
	p.produce = produce;
	p.parg = parg;
	p.consume = consume;
	p.consume_leaf = consume_leaf;
	p.page_size = page_size;
	for (i = 1; i < NBATCH; i++)
		p.freel[p.nfree++] = i;
	p.filling = 0;
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.can_fill, NULL);
	pthread_cond_init(&p.can_drain, NULL);
	if (pthread_create(&pth, NULL, producer, &p)) {
		struct pipe_emit direct = {consume, consume_leaf, cargs[0]};
		r = produce(&direct, parg);
		goto out;
	}
	for (i = 0; i < nconsumers; i++)
		cs[i] = (struct consumer){&p, cargs[i], 0};
	for (i = 1; i < nconsumers; i++) {
		if (pthread_create(&th[i], NULL, consumer, &cs[i]))
			break;
		nth = i;
	}
	consumer(&cs[0]);
	for (i = 1; i <= nth; i++)
		pthread_join(th[i], NULL);
	pthread_join(pth, NULL);
	for (i = 0; i < nconsumers && !r; i++)
		r = cs[i].r;
	if (!r)
		r = p.result;
out:
	for (i = 0; i < NBATCH; i++)
		free(p.b[i].buf);
	pthread_cond_destroy(&p.can_fill);
	pthread_cond_destroy(&p.can_drain);
	pthread_mutex_destroy(&p.mu);
	return r;
}
