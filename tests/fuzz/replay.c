/*
 * Runs a libFuzzer harness without libFuzzer: every file named on the
 * command line (or every file in a named directory) is passed to
 * LLVMFuzzerTestOneInput once, then a few thousand deterministic
 * pseudo-random inputs: a third made of bytes biased towards what parsers
 * care about (CSV and JSON punctuation), the rest mutations of those files
 * (bytes changed, inserted, deleted, repeated; the text cut short; two
 * files spliced) so a JSON reader gets past its first brace.  Crashes abort
 * the process; otherwise a summary goes to stderr and the exit status is 0.
 * Linked with every tests/fuzz/fuzz_*.c.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_GENERATED 3000
#define REPLAY_MAX_LEN 512
#define REPLAY_SEEDS 64                 /* files kept for mutating */
#define REPLAY_SEED_MAX (64 * 1024)     /* larger files are run, not mutated */

static const unsigned char bias[] = { ',', '"', '\r', '\n', 'a', '\0', ';', ' ', '1',
				      '{', '}', '[', ']', ':', '-', '.', '\\', 0xC3, 0xFF };

struct seed {
	unsigned char *p;
	size_t len;
};

static struct seed seeds[REPLAY_SEEDS];
static size_t nseeds;

static unsigned long long rng_state = 0x2545F4914F6CDD1DULL;

static uint32_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32);
}

/* 1 when the file was run, 0 when skipped, -1 on an error. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			unsigned char *p;

			cap = cap ? cap * 2 : 4096;
			p = realloc(data, cap);
			if (!p) {
				free(data);
				fclose(f);
				fprintf(stderr, "%s: out of memory\n", path);
				return -1;
			}
			data = p;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		perror(path);
		free(data);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, len);
	if (nseeds < REPLAY_SEEDS && len > 0 && len <= REPLAY_SEED_MAX) {
		seeds[nseeds].p = data;
		seeds[nseeds++].len = len;
	} else {
		free(data);
	}
	return 1;
}

static int run_path(const char *path, unsigned long *nfiles)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	int ret = 0;

	if (stat(path, &st) < 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		int r = run_file(path);

		if (r > 0)
			(*nfiles)++;
		return r < 0 ? -1 : 0;
	}
	d = opendir(path);
	if (!d) {
		perror(path);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char sub[4096];

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= sizeof(sub))
			continue;
		if (stat(sub, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (run_file(sub) < 0)
			ret = -1;
		else
			(*nfiles)++;
	}
	closedir(d);
	return ret;
}

static unsigned char random_byte(void)
{
	uint32_t x = rng_next();

	if (x % 4 == 0)
		return (unsigned char)(x >> 8);   /* any byte */
	return bias[(x >> 8) % sizeof(bias)];
}

static void run_random(unsigned char *buf)
{
	size_t len = rng_next() % (REPLAY_MAX_LEN + 1), j;

	for (j = 0; j < len; j++)
		buf[j] = random_byte();
	LLVMFuzzerTestOneInput(buf, len);
}

/* A seed with 1 to 8 small changes, in buf (REPLAY_SEED_MAX * 2 bytes). */
static void run_mutated(unsigned char *buf)
{
	const struct seed *s = &seeds[rng_next() % nseeds], *o;
	size_t cap = REPLAY_SEED_MAX * 2, len = s->len, at, n, k, nmut;

	memcpy(buf, s->p, len);
	nmut = 1 + rng_next() % 8;
	for (k = 0; k < nmut; k++) {
		at = len ? rng_next() % len : 0;
		n = 1 + rng_next() % 16;
		switch (rng_next() % 6) {
		case 0:         /* change a byte */
			if (len)
				buf[at] = random_byte();
			break;
		case 1:         /* insert a byte */
			if (len < cap) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = random_byte();
				len++;
			}
			break;
		case 2:         /* delete a few */
			if (n > len - at)
				n = len - at;
			memmove(buf + at, buf + at + n, len - at - n);
			len -= n;
			break;
		case 3:         /* repeat a few */
			if (n > len - at)
				n = len - at;
			if (len + n <= cap) {
				memmove(buf + at + n, buf + at, len - at);
				len += n;
			}
			break;
		case 4:         /* cut short */
			len = at;
			break;
		default:        /* splice: this one's head, another's tail */
			o = &seeds[rng_next() % nseeds];
			n = rng_next() % o->len;
			if (at + (o->len - n) <= cap) {
				memcpy(buf + at, o->p + n, o->len - n);
				len = at + (o->len - n);
			}
			break;
		}
	}
	LLVMFuzzerTestOneInput(buf, len);
}

static void run_generated(unsigned long count)
{
	unsigned char *buf = malloc(REPLAY_SEED_MAX * 2);
	unsigned long i;

	if (!buf) {
		fprintf(stderr, "replay: out of memory\n");
		exit(1);
	}
	for (i = 0; i < count; i++)
		if (nseeds && i % 3)
			run_mutated(buf);
		else
			run_random(buf);
	free(buf);
}

int main(int argc, char **argv)
{
	unsigned long nfiles = 0;
	int i, bad = 0;

	for (i = 1; i < argc; i++)
		if (run_path(argv[i], &nfiles) < 0)
			bad = 1;
	run_generated(REPLAY_GENERATED);
	fprintf(stderr, "%s: %lu files, %d generated inputs%s\n", argc > 0 ? argv[0] : "replay",
		nfiles, REPLAY_GENERATED, bad ? " (some files could not be read)" : "");
	while (nseeds)
		free(seeds[--nseeds].p);
	return 0;
}
