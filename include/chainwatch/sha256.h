#ifndef CHAINWATCH_SHA256_H
#define CHAINWATCH_SHA256_H

/*
 * SHA-256 (FIPS 180-4), streaming, for input and output fingerprints.
 * OpenSSL's libcrypto (EVP) computes it; this is the one module that
 * includes its headers.
 *
 * A running digest holds an OpenSSL context: sha256_init() allocates it
 * and sha256_final() or sha256_release() frees it.  A failure inside
 * OpenSSL (no memory, a configuration without SHA-256) does not abort:
 * the digest is marked failed, later updates are ignored and
 * sha256_final() reports it.
 */

#include <stddef.h>

struct diag;
struct evp_md_ctx_st;

struct sha256 {
	struct evp_md_ctx_st *ctx;   /* OpenSSL's; NULL once finished or failed */
	unsigned long long bytes;    /* bytes fed so far */
	int failed;                  /* an OpenSSL call failed */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *p, size_t n);
/* sha256_update() shaped as a reader's tap callback; `c` is a struct sha256. */
void sha256_tap(void *c, const void *p, size_t n);
/*
 * The digest of everything fed, and the context freed.  -1 + err
 * (CW_INTERNAL, OpenSSL's reason) when an OpenSSL call failed, and then
 * `digest` is all zero bytes.
 */
int sha256_final(struct sha256 *c, unsigned char digest[32], struct diag *err);
/* Free the context of a digest abandoned before sha256_final(); after it, a no-op. */
void sha256_release(struct sha256 *c);
/* digest as 64 lower-case hex digits + NUL */
void sha256_hex(const unsigned char digest[32], char hex[65]);
/*
 * Whole file, hex into `hex` and its size into *bytes (when not NULL).
 * -1 + err when it cannot be opened or read (CW_INPUT) or OpenSSL fails
 * (CW_INTERNAL); `hex` and *bytes are then left alone.
 */
int sha256_file(const char *path, char hex[65], unsigned long long *bytes, struct diag *err);
/* From offset 0 of an open file, with pread (the file offset is left alone); as sha256_file(). */
int sha256_fd(int fd, char hex[65], unsigned long long *bytes, struct diag *err);

#endif
