/* What the etcd judge shares with `procsift etcd`: the callback that
 * hands each decoded Secret value to the secret rules. */
#ifndef SCAN_JUDGE_ETCD_H
#define SCAN_JUDGE_ETCD_H

#include "etcd/audit.h"
#include "scan/judge.h"

/* An etcd_value_fn (etcd/audit.h); arg is a const struct judge_ctx *. */
size_t judge_etcd_value(void *arg, const struct etcd_report *rep,
			const char *where, size_t where_len, const char *value,
			size_t len, struct findings *out);

#endif
