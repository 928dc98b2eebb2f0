/* A reader of etcd's write-ahead log (member/wal/SEQ-INDEX.wal): length-framed
 * walpb.Record messages; entry records carry raftpb.Entry, whose data is
 * an etcdserverpb.InternalRaftRequest. What a responder needs from it is
 * every key/value put, plain or inside a transaction. Reads with pread in
 * bounded pieces: never the whole (64 MB, preallocated) file at once. */
#ifndef ETCD_WAL_H
#define ETCD_WAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct wal_put {
	const uint8_t *key; /* borrowed for the call */
	size_t klen;
	const uint8_t *value;
	size_t vlen;
	uint64_t term, index; /* of the raft entry */
	uint64_t offset;      /* file offset of the record's frame */
	bool untrusted;	      /* read at or after a record whose CRC did
			       * not match: its bytes may not be etcd's */
};

struct wal_stats {
	uint64_t size;		/* bytes of the file (or buffer) */
	uint64_t records;	/* frames read */
	uint64_t entries;	/* entry records */
	uint64_t puts;		/* puts reported */
	uint64_t end;		/* offset where reading stopped */
	bool torn;		/* stopped at a frame that does not decode (a
				 * torn or preallocated tail: normal) */
	uint64_t crc_errors;	/* records whose CRC did not match */
	uint64_t first_bad_crc; /* frame offset of the first of them */
};

/* Call fn for each put in the WAL file open on fd (a Put request, or a
 * request_put in a Txn's success or failure branch, nested Txns too).
 * Stops at a zero length (the preallocated tail) or a frame past the end
 * of the file or over 64 MiB; that is not an error. Each record's CRC is
 * checked as etcd's decoder does (crc32c of the record data, chained from
 * the previous record; a crc record restarts the chain at its value): a
 * mismatch is counted in st, and that record and every one after it are
 * still read, their puts marked untrusted. A non-zero fn return stops the
 * scan and is returned. Returns 0, -EMEDIUMTYPE when the file is not an
 * etcd WAL (empty, zeros, or a first frame that is not a walpb.Record of
 * a known type: etcd starts every segment with one), -errno from pread,
 * or fn's value. */
int wal_scan(int fd, int (*fn)(const struct wal_put *p, void *arg), void *arg,
	     struct wal_stats *st);

/* The same over a buffer (for tests and fuzzing). */
int wal_scan_buf(const uint8_t *buf, size_t len,
		 int (*fn)(const struct wal_put *p, void *arg), void *arg,
		 struct wal_stats *st);

#endif
