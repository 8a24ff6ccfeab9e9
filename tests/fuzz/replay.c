/*
 * Runs a libFuzzer harness without libFuzzer: every file named on the
 * command line (or every file in a named directory) is passed to
 * LLVMFuzzerTestOneInput once, then a few thousand deterministic
 * pseudo-random inputs biased towards the bytes parsers care about.
 * Crashes abort the process; otherwise a summary goes to stderr and the
 * exit status is 0.  Linked with every tests/fuzz/fuzz_*.c.
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
	free(data);
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

static void run_generated(unsigned long count)
{
	static const unsigned char bias[] = { ',', '"', '\r', '\n', 'a', '\0', ';', ' ', '1' };
	unsigned char buf[REPLAY_MAX_LEN];
	unsigned long i;
	size_t len, j;

	for (i = 0; i < count; i++) {
		len = rng_next() % (REPLAY_MAX_LEN + 1);
		for (j = 0; j < len; j++) {
			uint32_t x = rng_next();

			if (x % 4 == 0)
				buf[j] = (unsigned char)(x >> 8);   /* any byte */
			else
				buf[j] = bias[(x >> 8) % sizeof(bias)];
		}
		LLVMFuzzerTestOneInput(buf, len);
	}
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
	return 0;
}
