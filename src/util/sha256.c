#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/diag.h"
#include "chainwatch/sha256.h"

/* FIPS 180-4, section 4.2.2 and 5.3.3 */

static const uint32_t k256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static inline uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

#define BSIG0(x) (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define BSIG1(x) (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define SSIG0(x) (ror(x, 7) ^ ror(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ror(x, 17) ^ ror(x, 19) ^ ((x) >> 10))
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))

/* One round with the working variables renamed instead of moved. */
#define ROUND(a, b, c, d, e, f, g, h, i) do {                          \
		uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + k256[i] + w[i];  \
		(d) += t1_;                                                    \
		(h) = t1_ + BSIG0(a) + MAJ(a, b, c);                           \
	} while (0)

static void compress(uint32_t st[8], const unsigned char *blk)
{
	uint32_t w[64], a, b, c, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)blk[4 * i] << 24 | (uint32_t)blk[4 * i + 1] << 16
		       | (uint32_t)blk[4 * i + 2] << 8 | (uint32_t)blk[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + SSIG0(w[i - 15]) + w[i - 7] + SSIG1(w[i - 2]);
	a = st[0]; b = st[1]; c = st[2]; d = st[3];
	e = st[4]; f = st[5]; g = st[6]; h = st[7];
	for (i = 0; i < 64; i += 8) {
		ROUND(a, b, c, d, e, f, g, h, i);
		ROUND(h, a, b, c, d, e, f, g, i + 1);
		ROUND(g, h, a, b, c, d, e, f, i + 2);
		ROUND(f, g, h, a, b, c, d, e, i + 3);
		ROUND(e, f, g, h, a, b, c, d, i + 4);
		ROUND(d, e, f, g, h, a, b, c, i + 5);
		ROUND(c, d, e, f, g, h, a, b, i + 6);
		ROUND(b, c, d, e, f, g, h, a, i + 7);
	}
	st[0] += a; st[1] += b; st[2] += c; st[3] += d;
	st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

/*
 * x86-64 SHA extensions (Intel SHA-NI): the same compression, about five
 * times faster.  Chosen at run time; the portable code is the reference
 * and the unit tests run whichever this machine has.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* (GCC only: clang's __builtin_cpu_supports does not know "sha" everywhere) */
#include <immintrin.h>
#define HAVE_SHANI_PATH 1

__attribute__((target("sha,sse4.1")))
static void blocks_shani(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
	const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i s0, s1, tmp, msg, m[4], abef, cdgh;
	int g;

	tmp = _mm_loadu_si128((const __m128i *)(const void *)&st[0]);
	s1 = _mm_loadu_si128((const __m128i *)(const void *)&st[4]);
	tmp = _mm_shuffle_epi32(tmp, 0xB1);        /* CDAB */
	s1 = _mm_shuffle_epi32(s1, 0x1B);          /* EFGH */
	s0 = _mm_alignr_epi8(tmp, s1, 8);          /* ABEF */
	s1 = _mm_blend_epi16(s1, tmp, 0xF0);       /* CDGH */
	while (nblocks--) {
		abef = s0;
		cdgh = s1;
		/* 16 groups of 4 rounds; m[] holds the schedule, rotating */
		for (g = 0; g < 16; g++) {
			if (g < 4)
				m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * g)), mask);
			msg = _mm_add_epi32(m[g & 3], _mm_loadu_si128((const __m128i *)(const void *)&k256[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, msg);
			if (g >= 3 && g <= 14) {
				tmp = _mm_alignr_epi8(m[g & 3], m[(g + 3) & 3], 4);
				m[(g + 1) & 3] = _mm_add_epi32(m[(g + 1) & 3], tmp);
				m[(g + 1) & 3] = _mm_sha256msg2_epu32(m[(g + 1) & 3], m[g & 3]);
			}
			msg = _mm_shuffle_epi32(msg, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, msg);
			if (g >= 1 && g <= 12)
				m[(g + 3) & 3] = _mm_sha256msg1_epu32(m[(g + 3) & 3], m[g & 3]);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
		p += 64;
	}
	tmp = _mm_shuffle_epi32(s0, 0x1B);         /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);          /* DCHG */
	s0 = _mm_blend_epi16(tmp, s1, 0xF0);       /* DCBA */
	s1 = _mm_alignr_epi8(s1, tmp, 8);          /* HGFE */
	_mm_storeu_si128((__m128i *)(void *)&st[0], s0);
	_mm_storeu_si128((__m128i *)(void *)&st[4], s1);
}
#endif

static void blocks(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
#ifdef HAVE_SHANI_PATH
	__builtin_cpu_init();
	if (__builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1")) {
		blocks_shani(st, p, nblocks);
		return;
	}
#endif
	while (nblocks--) {
		compress(st, p);
		p += 64;
	}
}

void sha256_init(struct sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(c->h, iv, sizeof(iv));
	c->total = 0;
	c->used = 0;
}

void sha256_update(struct sha256 *c, const void *p, size_t n)
{
	const unsigned char *s = p;

	c->total += n;
	if (c->used) {
		size_t take = 64 - c->used;

		if (take > n)
			take = n;
		memcpy(c->block + c->used, s, take);
		c->used += take;
		s += take;
		n -= take;
		if (c->used < 64)
			return;
		/*
		 * A block completed from pieces goes through the portable
		 * code; whole blocks from the caller take the fast path.  The
		 * unit tests feed odd-sized pieces, so on a SHA-NI machine
		 * both paths are checked against each other and the vectors.
		 */
		compress(c->h, c->block);
		c->used = 0;
	}
	if (n >= 64) {
		blocks(c->h, s, n / 64);
		s += n & ~(size_t)63;
		n &= 63;
	}
	if (n) {
		memcpy(c->block, s, n);
		c->used = n;
	}
}

void sha256_final(struct sha256 *c, unsigned char digest[32])
{
	uint64_t bits = c->total * 8;
	int i;

	c->block[c->used++] = 0x80;
	if (c->used > 56) {
		memset(c->block + c->used, 0, 64 - c->used);
		blocks(c->h, c->block, 1);
		c->used = 0;
	}
	memset(c->block + c->used, 0, 56 - c->used);
	for (i = 0; i < 8; i++)
		c->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	blocks(c->h, c->block, 1);
	for (i = 0; i < 8; i++) {
		digest[4 * i] = (unsigned char)(c->h[i] >> 24);
		digest[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		digest[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		digest[4 * i + 3] = (unsigned char)c->h[i];
	}
	c->used = 0;
}

void sha256_hex(const unsigned char digest[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[64] = '\0';
}

/*
 * From the fd's offset with read(), or from offset 0 with pread()
 * (positional).  On a read error err holds only the system's words.
 */
static int hash_fd(int fd, int positional, char hex[65], unsigned long long *bytes,
		   struct diag *err)
{
	unsigned char blk[65536], digest[32];
	struct sha256 c;
	unsigned long long total = 0;
	ssize_t n;

	sha256_init(&c);
	for (;;) {
		n = positional ? pread(fd, blk, sizeof(blk), (off_t)total) : read(fd, blk, sizeof(blk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return diag_set(err, CW_INPUT, "%s", strerror(errno));
		}
		if (n == 0)
			break;
		sha256_update(&c, blk, (size_t)n);
		total += (unsigned long long)n;
	}
	sha256_final(&c, digest);
	sha256_hex(digest, hex);
	if (bytes)
		*bytes = total;
	return 0;
}

int sha256_fd(int fd, char hex[65], unsigned long long *bytes, struct diag *err)
{
	struct diag why;

	diag_init(&why);
	if (hash_fd(fd, 1, hex, bytes, &why) < 0)
		return diag_set(err, CW_INPUT, "read error: %s", why.msg);
	return 0;
}

int sha256_file(const char *path, char hex[65], unsigned long long *bytes, struct diag *err)
{
	struct diag why;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(err, CW_INPUT, "cannot open '%s': %s", path, strerror(errno));
	diag_init(&why);
	ret = hash_fd(fd, 0, hex, bytes, &why);     /* read(): a pipe will do */
	if (ret < 0)
		diag_set(err, CW_INPUT, "cannot read '%s': %s", path, why.msg);
	close(fd);
	return ret;
}
