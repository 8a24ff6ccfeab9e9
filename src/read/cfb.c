/*
 * cfb.c: streams out of an OLE2 compound file held in memory (cfb.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfb.h"
#include "chainwatch/xalloc.h"

#define ENDOFCHAIN 0xFFFFFFFEu
#define FREESECT 0xFFFFFFFFu
#define HEADER_DIFAT 109
#define DIR_ENTRY 128

static const unsigned char signature[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

struct cfb {
	const unsigned char *p;
	size_t n;
	size_t ssize;          /* sector size: 512 or 4096 */
	uint32_t nsec;         /* sectors in the file (the last may be partial) */
	uint32_t *fat;
	uint32_t nfat;         /* FAT entries */
	unsigned char *visited;    /* a bit per sector, for the chain walk under way */
};

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

int cfb_is_compound(const void *p, size_t n)
{
	return n >= sizeof(signature) && !memcmp(p, signature, sizeof(signature));
}

/* Copy sector s (zero-filled past the end of a partial last sector) into out. */
static void sector_copy(const struct cfb *c, uint32_t s, unsigned char *out)
{
	size_t off = ((size_t)s + 1) * c->ssize;
	size_t have = off < c->n ? c->n - off : 0;

	if (have > c->ssize)
		have = c->ssize;
	memcpy(out, c->p + off, have);
	memset(out + have, 0, c->ssize - have);
}

static int sector_check(const struct cfb *c, uint32_t s, const char *what, struct diag *err)
{
	if (s >= c->nsec)
		return diag_set(err, CW_INPUT, "compound file: %s: sector %lu is past the end of "
				"the file (%lu sectors)", what, (unsigned long)s,
				(unsigned long)c->nsec);
	return 0;
}

/* Whether s was visited in this walk; marks it. */
static int seen(struct cfb *c, uint32_t s)
{
	unsigned char bit = (unsigned char)(1u << (s & 7));
	int was = (c->visited[s >> 3] & bit) != 0;

	c->visited[s >> 3] |= bit;
	return was;
}

static int read_fat(struct cfb *c, const unsigned char *h, struct diag *err)
{
	uint32_t nfatsec = le32(h + 0x2C), difat = le32(h + 0x44), ndifat = le32(h + 0x48);
	size_t per = c->ssize / 4, got = 0, k;
	unsigned char *sec = xmalloc(c->ssize);
	uint32_t *ids;
	uint32_t walked = 0;
	int ret = -1;

	if (nfatsec > c->nsec)
		nfatsec = c->nsec;
	ids = xcalloc(nfatsec ? nfatsec : 1, sizeof(*ids));
	for (k = 0; k < HEADER_DIFAT && got < nfatsec; k++) {
		uint32_t s = le32(h + 0x4C + 4 * k);

		if (s == FREESECT)
			continue;
		ids[got++] = s;
	}
	memset(c->visited, 0, ((size_t)c->nsec + 7) / 8);
	while (got < nfatsec && difat != ENDOFCHAIN && difat != FREESECT) {
		if (sector_check(c, difat, "DIFAT chain", err) < 0)
			goto out;
		if (seen(c, difat) || ++walked > ndifat + 1) {
			diag_set(err, CW_INPUT, "compound file: DIFAT chain loops at sector %lu",
				 (unsigned long)difat);
			goto out;
		}
		sector_copy(c, difat, sec);
		for (k = 0; k + 1 < per && got < nfatsec; k++) {
			uint32_t s = le32(sec + 4 * k);

			if (s != FREESECT)
				ids[got++] = s;
		}
		difat = le32(sec + 4 * (per - 1));
	}
	c->nfat = (uint32_t)(got * per);
	c->fat = xcalloc(got * per + 1, sizeof(*c->fat));
	for (k = 0; k < got; k++) {
		size_t j;

		if (sector_check(c, ids[k], "FAT", err) < 0)
			goto out;
		sector_copy(c, ids[k], sec);
		for (j = 0; j < per; j++)
			c->fat[k * per + j] = le32(sec + 4 * j);
	}
	ret = 0;
out:
	free(ids);
	free(sec);
	return ret;
}

/*
 * The chain from `start` through `fat` (nfat entries) of units of `unit`
 * bytes taken from `src` (nsrc units; the file's sectors when src is
 * NULL): `want` bytes into a new buffer.
 */
static int read_chain(struct cfb *c, const uint32_t *fat, uint32_t nfat, const unsigned char *src,
		      uint32_t nsrc, size_t unit, uint32_t start, size_t want, const char *what,
		      unsigned char **out, struct diag *err)
{
	unsigned char *buf = xmalloc(want + c->ssize);
	unsigned char *vis = xcalloc((size_t)nsrc / 8 + 1, 1);
	size_t got = 0;
	uint32_t s = start;
	int ret = -1;

	while (got < want) {
		if (s == ENDOFCHAIN || s == FREESECT) {
			diag_set(err, CW_INPUT, "compound file: %s: its chain ends after %zu of "
				 "its %zu bytes", what, got, want);
			goto out;
		}
		if (s >= nsrc || s >= nfat) {
			diag_set(err, CW_INPUT, "compound file: %s: sector %lu is past the end of "
				 "the %s", what, (unsigned long)s,
				 s >= nsrc ? (src ? "mini stream" : "file") : (src ? "mini FAT" : "FAT"));
			goto out;
		}
		if (vis[s >> 3] & (1u << (s & 7))) {
			diag_set(err, CW_INPUT, "compound file: %s: its chain loops at sector %lu",
				 what, (unsigned long)s);
			goto out;
		}
		vis[s >> 3] |= (unsigned char)(1u << (s & 7));
		if (src)
			memcpy(buf + got, src + (size_t)s * unit, unit);
		else
			sector_copy(c, s, buf + got);
		got += unit;
		s = fat[s];
	}
	*out = buf;
	buf = NULL;
	ret = 0;
out:
	free(vis);
	free(buf);
	return ret;
}

/* Bytes of a whole chain of file sectors (the directory, the mini FAT): counted first. */
static int chain_length(struct cfb *c, uint32_t start, const char *what, size_t *len,
			struct diag *err)
{
	uint32_t s = start, k = 0;

	memset(c->visited, 0, ((size_t)c->nsec + 7) / 8);
	while (s != ENDOFCHAIN && s != FREESECT) {
		if (s >= c->nsec || s >= c->nfat)
			return diag_set(err, CW_INPUT, "compound file: %s: sector %lu is past the "
					"end of the %s", what, (unsigned long)s,
					s >= c->nsec ? "file" : "FAT");
		if (seen(c, s))
			return diag_set(err, CW_INPUT, "compound file: %s: its chain loops at "
					"sector %lu", what, (unsigned long)s);
		k++;
		s = c->fat[s];
	}
	*len = (size_t)k * c->ssize;
	return 0;
}

static int name_is(const unsigned char *e, const char *name)
{
	unsigned len = le16(e + 64), i;
	size_t n = strlen(name);

	if (len != 2 * (n + 1) || len > 64)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned ch = le16(e + 2 * i), want = (unsigned char)name[i];

		if (ch >= 'a' && ch <= 'z')
			ch -= 32;
		if (want >= 'a' && want <= 'z')
			want -= 32;
		if (ch != want)
			return 0;
	}
	return 1;
}

int cfb_stream(const void *p, size_t n, const char *const *names, size_t nnames,
	       unsigned char **out, size_t *outlen, struct diag *err)
{
	const unsigned char *h = p;
	struct cfb c;
	unsigned char *dir = NULL, *minifat = NULL, *ministream = NULL, *data = NULL;
	size_t dirlen = 0, ndir, i, k, found = (size_t)-1, foundname = nnames;
	unsigned shift, mshift;
	uint32_t start, size, cutoff;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	if (n < 512 || !cfb_is_compound(p, n))
		return diag_set(err, CW_INPUT, "compound file: %s",
				n < 512 ? "shorter than its 512-byte header" : "no OLE2 signature");
	shift = le16(h + 0x1E);
	mshift = le16(h + 0x20);
	if (le16(h + 0x1C) != 0xFFFE || (shift != 9 && shift != 12) || mshift != 6)
		return diag_set(err, CW_INPUT, "compound file: a damaged header (byte order "
				"%#x, sector shift %u, mini sector shift %u)", le16(h + 0x1C),
				shift, mshift);
	c.p = h;
	c.n = n;
	c.ssize = (size_t)1 << shift;
	if (n / c.ssize > 0xFFFFFFF0u)
		return diag_set(err, CW_INPUT, "compound file: too big");
	c.nsec = (uint32_t)((n - c.ssize + c.ssize - 1) / c.ssize);
	if (n < c.ssize)
		c.nsec = 0;
	c.visited = xcalloc(((size_t)c.nsec + 7) / 8 + 1, 1);
	if (read_fat(&c, h, err) < 0)
		goto out;
	if (chain_length(&c, le32(h + 0x30), "directory", &dirlen, err) < 0 ||
	    read_chain(&c, c.fat, c.nfat, NULL, c.nsec, c.ssize, le32(h + 0x30), dirlen,
		       "directory", &dir, err) < 0)
		goto out;
	ndir = dirlen / DIR_ENTRY;
	if (!ndir || dir[66] != 5) {
		diag_set(err, CW_INPUT, "compound file: no root entry in the directory");
		goto out;
	}
	for (i = 1; i < ndir; i++) {
		const unsigned char *e = dir + i * DIR_ENTRY;

		if (e[66] != 2)
			continue;
		for (k = 0; k < foundname; k++)
			if (name_is(e, names[k])) {
				found = i;
				foundname = k;
				break;
			}
	}
	if (found == (size_t)-1) {
		ret = 1;
		goto out;
	}
	start = le32(dir + found * DIR_ENTRY + 116);
	size = le32(dir + found * DIR_ENTRY + 120);
	cutoff = le32(h + 0x38);
	if (size > c.n) {
		diag_set(err, CW_INPUT, "compound file: stream '%s' claims %lu bytes, more than "
			 "the file's %zu", names[foundname], (unsigned long)size, c.n);
		goto out;
	}
	if (size < cutoff) {
		uint32_t rootstart = le32(dir + 116), rootsize = le32(dir + 120);
		size_t mflen = 0;

		if (rootsize > c.n) {
			diag_set(err, CW_INPUT, "compound file: the mini stream claims %lu bytes, "
				 "more than the file's %zu", (unsigned long)rootsize, c.n);
			goto out;
		}
		if (chain_length(&c, le32(h + 0x3C), "mini FAT", &mflen, err) < 0 ||
		    read_chain(&c, c.fat, c.nfat, NULL, c.nsec, c.ssize, le32(h + 0x3C), mflen,
			       "mini FAT", &minifat, err) < 0 ||
		    read_chain(&c, c.fat, c.nfat, NULL, c.nsec, c.ssize, rootstart, rootsize,
			       "mini stream", &ministream, err) < 0)
			goto out;
		{
			uint32_t *mf = xcalloc(mflen / 4 + 1, sizeof(*mf));

			for (k = 0; k < mflen / 4; k++)
				mf[k] = le32(minifat + 4 * k);
			ret = read_chain(&c, mf, (uint32_t)(mflen / 4), ministream,
					 (uint32_t)(rootsize / 64), 64, start, size,
					 names[foundname], &data, err);
			free(mf);
			if (ret < 0)
				goto out;
			ret = -1;
		}
	} else if (read_chain(&c, c.fat, c.nfat, NULL, c.nsec, c.ssize, start, size,
			      names[foundname], &data, err) < 0) {
		goto out;
	}
	*out = data;
	*outlen = size;
	data = NULL;
	ret = 0;
out:
	free(data);
	free(ministream);
	free(minifat);
	free(dir);
	free(c.fat);
	free(c.visited);
	return ret;
}
