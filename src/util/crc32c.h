/* CRC-32C (Castagnoli), as iSCSI, ext4 and etcd's WAL use it. */
#ifndef UTIL_CRC32C_H
#define UTIL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* The CRC-32C of len bytes at buf, continuing from crc: 0 starts a new
 * checksum, and crc32c_update(crc32c_update(0, a), b) is the CRC of a
 * followed by b (Go's crc32.Update, which etcd chains its records with).
 * crc32c_update(0, "123456789", 9) is 0xe3069283. */
uint32_t crc32c_update(uint32_t crc, const void *buf, size_t len);

/* Entry b of the lookup table (for the test that recomputes it). */
uint32_t crc32c_table_entry(uint8_t b);

#endif
