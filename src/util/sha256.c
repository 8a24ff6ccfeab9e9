#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "chainwatch/diag.h"
#include "chainwatch/sha256.h"

/* OpenSSL's first queued reason, or a generic one; the queue is emptied. */
static int evp_error(struct diag *err)
{
	char why[256];
	unsigned long e = ERR_get_error();

	if (e)
		ERR_error_string_n(e, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "no reason given");
	ERR_clear_error();
	return diag_set(err, CW_INTERNAL, "SHA-256 (OpenSSL) failed: %s", why);
}

void sha256_init(struct sha256 *c)
{
	c->bytes = 0;
	c->failed = 0;
	/* no openssl.cnf: the digest needs none, and reading it costs memory */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	c->ctx = EVP_MD_CTX_new();
	if (!c->ctx || EVP_DigestInit_ex(c->ctx, EVP_sha256(), NULL) != 1)
		c->failed = 1;
}

void sha256_update(struct sha256 *c, const void *p, size_t n)
{
	c->bytes += n;
	if (c->failed || !n)
		return;
	if (EVP_DigestUpdate(c->ctx, p, n) != 1)
		c->failed = 1;
}

void sha256_tap(void *c, const void *p, size_t n)
{
	sha256_update(c, p, n);
}

void sha256_release(struct sha256 *c)
{
	EVP_MD_CTX_free(c->ctx);
	c->ctx = NULL;
}

int sha256_final(struct sha256 *c, unsigned char digest[32], struct diag *err)
{
	unsigned int len = 0;
	int ret = 0;

	if (c->failed || EVP_DigestFinal_ex(c->ctx, digest, &len) != 1 || len != 32) {
		memset(digest, 0, 32);
		ret = evp_error(err);
	}
	sha256_release(c);
	c->failed = 1;     /* finished: nothing more to feed */
	return ret;
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
 * (positional).  On a read error err holds only the system's words and
 * code CW_INPUT; an OpenSSL failure is CW_INTERNAL with its own words.
 */
static int hash_fd(int fd, int positional, char hex[65], unsigned long long *bytes,
		   struct diag *err)
{
	unsigned char blk[65536], digest[32];
	struct sha256 c;
	ssize_t n;

	sha256_init(&c);
	for (;;) {
		n = positional ? pread(fd, blk, sizeof(blk), (off_t)c.bytes) : read(fd, blk, sizeof(blk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_set(err, CW_INPUT, "%s", strerror(errno));
			sha256_release(&c);
			return -1;
		}
		if (n == 0)
			break;
		sha256_update(&c, blk, (size_t)n);
	}
	if (sha256_final(&c, digest, err) < 0)
		return -1;
	sha256_hex(digest, hex);
	if (bytes)
		*bytes = c.bytes;
	return 0;
}

int sha256_fd(int fd, char hex[65], unsigned long long *bytes, struct diag *err)
{
	struct diag why;

	diag_init(&why);
	if (hash_fd(fd, 1, hex, bytes, &why) < 0)
		return diag_set(err, why.code, why.code == CW_INPUT ? "read error: %s" : "%s",
				why.msg);
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
		diag_set(err, why.code, "cannot read '%s': %s", path, why.msg);
	close(fd);
	return ret;
}
