#ifndef CHAINWATCH_SHA256_H
#define CHAINWATCH_SHA256_H

/* SHA-256 (FIPS 180-4), streaming.  For input and output fingerprints. */

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t total;
	unsigned char block[64];
	size_t used;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
void sha256_final(struct sha256 *c, unsigned char digest[32]);
/* digest as 64 lower-case hex digits + NUL */
void sha256_hex(const unsigned char digest[32], char hex[65]);
/* Whole file; -1 + err (CW_INPUT) when unreadable. */
struct diag;
int sha256_file(const char *path, char hex[65], unsigned long long *bytes, struct diag *err);
/* From offset 0 of an open file, with pread (the file offset is left alone). */
int sha256_fd(int fd, char hex[65], unsigned long long *bytes, struct diag *err);

#endif
