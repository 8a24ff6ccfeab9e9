/*
 * libFuzzer harness for the supplier master reader (master.h) and, under
 * it, the extract reader it shares with spend (extract.h: sniffing the
 * encoding, finding the header below a preamble, decoding the fields).
 * master_read takes a path, so each input is written to one temporary file
 * first.  Checks its promises: a file it can use has every record counted
 * once (accepted + skipped + rejected), each rejected one passed to the
 * sink with its line and reason, and the file's size and SHA-256 taken; one
 * it cannot use is a located CW_INPUT error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chainwatch/master.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

static char path[64];
static int path_fd = -1;

static void remove_file(void)
{
	unlink(path);
}

/*
 * Write the input over the harness's temporary file, made on the first
 * call and kept open: rewritten in place and cut to size, never truncated
 * to nothing first (ext4 then flushes it to disk on every close).
 */
static void write_input(const uint8_t *data, size_t size)
{
	size_t off = 0;
	ssize_t w;

	if (path_fd < 0) {
		const char *dir = getenv("TMPDIR");

		snprintf(path, sizeof(path), "%.40s/fuzz-master.XXXXXX", dir && *dir ? dir : "/tmp");
		path_fd = mkstemp(path);
		CHECK(path_fd >= 0);
		atexit(remove_file);
	}
	while (off < size) {
		w = pwrite(path_fd, data + off, size - off, (off_t)off);
		CHECK(w > 0);
		off += (size_t)w;
	}
	CHECK(ftruncate(path_fd, (off_t)size) == 0);
}

struct rejects {
	unsigned long n, size;
};

static void on_reject(void *ctx, const struct input_stats *st, unsigned long line,
		      const char *reason, const char *raw, size_t rawlen)
{
	struct rejects *r = ctx;

	CHECK(st != NULL);
	CHECK(line >= 1 && line <= r->size + 1);
	CHECK(reason && *reason);
	CHECK(raw != NULL || rawlen == 0);
	r->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct supplier_table *t = supplier_table_new();
	struct rejects rj = { 0, (unsigned long)size };
	struct reject_sink sink = { on_reject, &rj };
	struct input_stats st;
	struct diag err;

	write_input(data, size);
	memset(&st, 0, sizeof(st));
	diag_init(&err);
	if (master_read(path, NULL, t, &sink, &st, &err) < 0) {
		CHECK(err.code == CW_INPUT && err.msg[0]);
	} else {
		CHECK(st.bytes == size);
		CHECK(strlen(st.sha256) == 64);
		CHECK(st.header_line >= 1);
		CHECK(st.records == st.accepted + st.skipped + st.rejected);
		CHECK(st.rejected == rj.n);
	}
	input_stats_release(&st);
	supplier_table_free(t);
	return 0;
}
