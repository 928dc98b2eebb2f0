/* TABLE256(F): the 256 initialisers F(0), F(1) ... F(255) of a lookup
 * table indexed by a byte, where F is a macro computing an entry as a
 * constant expression: the compiler fills the table in, so the source
 * states the rule (a polynomial, an alphabet) and not 256 numbers. */
#ifndef UTIL_TABLE256_H
#define UTIL_TABLE256_H

#define TABLE256_4(F, n) F(n), F((n) + 1), F((n) + 2), F((n) + 3)
#define TABLE256_16(F, n)                                                 \
	TABLE256_4(F, n), TABLE256_4(F, (n) + 4), TABLE256_4(F, (n) + 8), \
		TABLE256_4(F, (n) + 12)
#define TABLE256_64(F, n)                                                      \
	TABLE256_16(F, n), TABLE256_16(F, (n) + 16), TABLE256_16(F, (n) + 32), \
		TABLE256_16(F, (n) + 48)
#define TABLE256(F)                                                 \
	TABLE256_64(F, 0), TABLE256_64(F, 64), TABLE256_64(F, 128), \
		TABLE256_64(F, 192)

#endif
