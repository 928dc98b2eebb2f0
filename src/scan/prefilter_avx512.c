/* The AVX-512 VBMI pre-test of the prefilter (see prefilter.c): byte-class
 * tables tested 64 positions at a time before the trigram bit. Built on
 * any x86-64 compiler, run only where the CPU has it (checked once when
 * the prefilter is built). */
#include "scan/prefilter_impl.h"

#ifdef HAVE_TRI_AVX512
/* One of the two pair tables in a 512-bit register set: bit b of
 * q[b >> 4][a | (b >> 3 & 1) << 6] for the byte classes a, b (cls6). */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static inline __mmask64
pair_test(const __m512i *q, __m512i a, __m512i b, __m512i bitval)
{
	const __m512i b3 = _mm512_set1_epi8(8), b4 = _mm512_set1_epi8(0x10),
		      b5 = _mm512_set1_epi8(0x20);
	/* Index: a, and bit 3 of b as bit 6. */
	__m512i ix = _mm512_or_si512(
		a, _mm512_slli_epi16(_mm512_and_si512(b, b3), 3));
	__m512i r0 = _mm512_permutex2var_epi8(q[0], ix, q[1]);
	__m512i r1 = _mm512_permutex2var_epi8(q[2], ix, q[3]);
	__m512i r2 = _mm512_permutex2var_epi8(q[4], ix, q[5]);
	__m512i r3 = _mm512_permutex2var_epi8(q[6], ix, q[7]);
	__mmask64 m4 = _mm512_test_epi8_mask(b, b4);
	__mmask64 m5 = _mm512_test_epi8_mask(b, b5);
	__m512i r01 = _mm512_mask_blend_epi8(m4, r0, r1);
	__m512i r23 = _mm512_mask_blend_epi8(m4, r2, r3);
	__m512i r = _mm512_mask_blend_epi8(m5, r01, r23);
	return _mm512_test_epi8_mask(r, _mm512_permutexvar_epi8(b, bitval));
}

/* Bytes at from .. 63 of 64 loaded at t + k of a block with r bytes
 * left: those of the text only. */
static inline __mmask64 tail_mask(size_t r, size_t k)
{
	size_t n = r > k ? r - k : 0;
	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* Both bits of a pair of 1024-bit hashed tables (set_hashed). */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static inline __mmask64
hashed_test(const __m512i *q, __m512i ha, __m512i hb, __m512i bitval)
{
	__m512i r0 = _mm512_permutex2var_epi8(q[0], ha, q[1]);
	__m512i r1 =
		_mm512_permutex2var_epi8(q[2], _mm512_srli_epi16(hb, 1), q[3]);
	return _mm512_test_epi8_mask(r0, _mm512_permutexvar_epi8(hb, bitval)) &
	       _mm512_test_epi8_mask(
		       r1, _mm512_permutexvar_epi8(_mm512_srli_epi16(ha, 5),
						   bitval));
}

/* cls6 of 64 bytes. */
__attribute__((target("avx512f,avx512bw"))) static inline __m512i
cls64(__m512i x)
{
	return _mm512_or_si512(_mm512_and_si512(x, _mm512_set1_epi8(0x1f)),
			       _mm512_and_si512(_mm512_srli_epi16(x, 1),
						_mm512_set1_epi8(0x20)));
}

/* scan_tri's bit test for 64 positions at a time, behind a test that
 * needs no memory: a keyword's first two bytes must be a pair of pair1
 * and its second and third a pair of pair2, on the byte classes of
 * cls6 (the trigram's bytes | 0x20 in 6 bits). Every position where a
 * keyword occurs passes both; the few others that do are tested against
 * the trigram bit as the scalar loop tests them, and the set bits go to
 * tri_hit in order of position, as the scalar loop sends them. Masked
 * loads: nothing is read past the text. */
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) void
prefilter_tri_avx512(const struct prefilter *pf, const unsigned char *t,
		     size_t len, const struct sink *sk)
{
	__m512i q1[8], bitval, mix[6], th[4], m4[2], s3[4], qd[4], m5[2], qn[4];
	size_t npos = len - 2, i; /* positions with a whole trigram */
	unsigned k;
	for (k = 0; k < 8; k++)
		q1[k] = _mm512_loadu_si512(
			(const void *)(pf->pair1[k / 2] + 64 * (k % 2)));
	bitval = _mm512_loadu_si512((const void *)pf->bitval);
	for (k = 0; k < 6; k++)
		mix[k] = _mm512_loadu_si512((const void *)pf->mix[k]);
	for (k = 0; k < 4; k++) {
		th[k] = _mm512_loadu_si512(
			(const void *)(pf->trih[k / 2] + 64 * (k % 2)));
		s3[k] = _mm512_loadu_si512(
			(const void *)(pf->short3[k / 2] + 64 * (k % 2)));
		qd[k] = _mm512_loadu_si512(
			(const void *)(pf->quad[k / 2] + 64 * (k % 2)));
		qn[k] = _mm512_loadu_si512(
			(const void *)(pf->quint[k / 2] + 64 * (k % 2)));
	}
	for (k = 0; k < 2; k++) {
		m4[k] = _mm512_loadu_si512((const void *)pf->mix4[k]);
		m5[k] = _mm512_loadu_si512((const void *)pf->mix5[k]);
	}
	for (i = 0; i < npos; i += 64) {
		__m512i a, b, c, d, e;
		uint64_t hits;
		if (len - i >= 68) {
			a = _mm512_loadu_si512((const void *)(t + i));
			b = _mm512_loadu_si512((const void *)(t + i + 1));
			c = _mm512_loadu_si512((const void *)(t + i + 2));
			d = _mm512_loadu_si512((const void *)(t + i + 3));
			e = _mm512_loadu_si512((const void *)(t + i + 4));
		} else {
			size_t r = len - i; /* 3 .. 67 */
			a = _mm512_maskz_loadu_epi8(tail_mask(r, 0), t + i);
			b = _mm512_maskz_loadu_epi8(tail_mask(r, 1), t + i + 1);
			c = _mm512_maskz_loadu_epi8(tail_mask(r, 2), t + i + 2);
			d = _mm512_maskz_loadu_epi8(tail_mask(r, 3), t + i + 3);
			e = _mm512_maskz_loadu_epi8(tail_mask(r, 4), t + i + 4);
		}
		a = cls64(a);
		b = cls64(b);
		c = cls64(c);
		hits = pair_test(q1, a, b, bitval);
		if (hits) {
			__m512i ha = _mm512_ternarylogic_epi32(
				_mm512_permutexvar_epi8(a, mix[0]),
				_mm512_permutexvar_epi8(b, mix[1]),
				_mm512_permutexvar_epi8(c, mix[2]), 0x96);
			__m512i hb = _mm512_ternarylogic_epi32(
				_mm512_permutexvar_epi8(a, mix[3]),
				_mm512_permutexvar_epi8(b, mix[4]),
				_mm512_permutexvar_epi8(c, mix[5]), 0x96);
			__m512i d6 = cls64(d), e6 = cls64(e);
			__m512i ha4 = _mm512_xor_si512(
				ha, _mm512_permutexvar_epi8(d6, m4[0]));
			__m512i hb4 = _mm512_xor_si512(
				hb, _mm512_permutexvar_epi8(d6, m4[1]));
			/* vpermi2b reads the low 7 bits of its index, vpermb
			 * (bitval) the low 6, of which bitval uses 3: what
			 * the word shifts bring in from the next byte is
			 * never read. Then a keyword of two or three bytes,
			 * the four classes of one of four, or the first five
			 * of a longer one (d and e past the text are 0: no
			 * keyword that long ends there). */
			hits &= hashed_test(th, ha, hb, bitval) &
				(hashed_test(s3, ha, hb, bitval) |
				 hashed_test(qd, ha4, hb4, bitval) |
				 hashed_test(
					 qn,
					 _mm512_xor_si512(
						 ha4, _mm512_permutexvar_epi8(
							      e6, m5[0])),
					 _mm512_xor_si512(
						 hb4, _mm512_permutexvar_epi8(
							      e6, m5[1])),
					 bitval));
		}
		if (npos - i < 64)
			hits &= (1ULL << (npos - i)) - 1;
		while (hits) {
			size_t p = i + (size_t)__builtin_ctzll(hits);
			uint32_t h = tri_hash(t + p);
			hits &= hits - 1;
			if (pf->tri[h >> 6] & (1ULL << (h & 63)))
				prefilter_tri_hit(pf, h, t, p, len, sk);
		}
	}
}
#endif
