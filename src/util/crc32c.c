/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of
 * etcd's WAL records. Neither zlib nor another small Debian library has
 * it; a byte-at-a-time table is fast enough for a 64 MiB WAL segment. */
#include "util/crc32c.h"

#include "util/table256.h"

#define CRC32C_POLY 0x82F63B78u
/* One bit shifted through the reflected register. */
#define CRC32C_BIT(c) (((c) >> 1) ^ (CRC32C_POLY & (0u - ((c)&1u))))
#define CRC32C_BYTE(b)                                          \
	CRC32C_BIT(CRC32C_BIT(CRC32C_BIT(CRC32C_BIT(CRC32C_BIT( \
		CRC32C_BIT(CRC32C_BIT(CRC32C_BIT((uint32_t)(b)))))))))

/* crc32c_table[b]: the CRC register after shifting byte b through it,
 * computed by the compiler from the polynomial (tests/unit/test_crc32c.c
 * recomputes it bit by bit at run time). */
static const uint32_t crc32c_table[256] = {TABLE256(CRC32C_BYTE)};

uint32_t crc32c_update(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	/* As Go's crc32.Update: the register is kept inverted between
	 * calls, so a chain resumes from the previous value itself. */
	crc = ~crc;
	while (len--)
		crc = crc32c_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint32_t crc32c_table_entry(uint8_t b)
{
	return crc32c_table[b];
}
