/* A pipeline for bbolt items: a producer (a tree walk or a carve, reading
 * pages) runs on its own thread and hands copies of the items, in
 * batches, to one or more consumers (decoding, hashing, rules): the first
 * on the calling thread, the others on threads of their own. Reading and
 * decoding then overlap, and decoding uses every core; memory is bounded
 * by the batches in flight. With one consumer, items arrive in order;
 * with more, each consumer sees its batches in order but batches are
 * shared out as consumers come free. */
#ifndef ETCD_PIPE_H
#define ETCD_PIPE_H

#include <stddef.h>

#include "etcd/bbolt.h"

#define PIPE_MAX_CONSUMERS 4

/* What a producer emits to: items, and big leaves left for the consumers
 * to read (bolt_walk_bucket_split). */
struct pipe_emit {
	bolt_item_fn item;
	bolt_leaf_fn leaf;
	void *arg;
};

/* Run produce(emit, parg) on a new thread; the items and leaves it emits
 * reach consume(..., cargs[k]) and consume_leaf(..., cargs[k]) (may be
 * NULL when the producer emits no leaves) for some consumer k <
 * nconsumers. A non-zero consume return stops the producer (its next emit
 * returns it) and the other consumers. Where a thread cannot be created,
 * the work falls back to fewer threads (at worst, the producer runs here
 * and emits straight to the consumer functions with cargs[0]). page_size
 * is the size of an emitted leaf's first page. Returns the producer's
 * result, or the first non-zero consume result. */
int item_pipe_run(int (*produce)(const struct pipe_emit *emit, void *parg),
		  void *parg, bolt_item_fn consume, bolt_leaf_fn consume_leaf,
		  size_t page_size, void *const *cargs, size_t nconsumers);

#endif
