/*
 * libFuzzer harness for the OpenDocument reader (odsread.h), two ways in:
 *
 *   - an input that starts "PK\3\4" is a whole .ods, read from memory;
 *   - any other input is content.xml, put into a zip built in memory with
 *     libzip (stored), so the fuzzer need not find zip CRCs.
 *
 * Small limits, so every cap is reached quickly.  Invariants: never crash;
 * every cell is inside the grid, in order within its sheet (rows rising,
 * columns rising within a row), its text is len bytes with no NUL before
 * the end and within max_text; the cells of a sheet stay within max_cells
 * and their text within max_expanded; a failure is CW_INPUT and names the
 * file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "chainwatch/odsread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)
#define NAME "fuzz.ods"

static const struct xlsx_limits limits = {
	.max_part = 1 << 20, .max_cells = 5000, .max_strings = 0, .max_text = 4096,
	.max_expanded = 64 << 10, .max_depth = 32
};

struct seen {
	unsigned long cells, row;
	unsigned col;
	size_t text;
	int sheets;
};

static int on_table(void *ctx, const char *name, int hidden, struct diag *err)
{
	struct seen *s = ctx;

	(void)err;
	CHECK(name && (hidden == 0 || hidden == 1));
	s->cells = s->row = 0;
	s->col = 0;
	s->text = 0;
	s->sheets++;
	return 0;
}

static int on_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct seen *s = ctx;

	(void)err;
	CHECK(s->sheets > 0);
	CHECK(c->row >= 1 && c->row <= XLSX_MAX_ROW && c->col < XLSX_MAX_COL);
	CHECK(c->row > s->row || (c->row == s->row && c->col >= s->col));
	CHECK(c->type >= XLSX_NUMBER && c->type <= XLSX_DATE && c->shared == -1);
	CHECK(c->text && strlen(c->text) == c->len && c->len <= limits.max_text);
	CHECK(++s->cells <= limits.max_cells);
	CHECK((s->text += c->len) <= limits.max_expanded);
	s->row = c->row;
	s->col = c->col + 1;
	return 0;
}

static void read_ods(const void *p, size_t n)
{
	struct seen s;
	struct diag err;

	memset(&s, 0, sizeof(s));
	diag_init(&err);
	if (ods_read_mem(p, n, NAME, &limits, on_table, on_cell, &s, &err) < 0) {
		CHECK(err.code == CW_INPUT);
		CHECK(!strncmp(err.msg, NAME ": ", strlen(NAME ": ")));
	}
}

/* content.xml (xml, n) in a zip, as bytes in *out. */
static int build_zip(const void *xml, size_t n, void **out, size_t *outlen)
{
	zip_source_t *src, *file;
	zip_error_t ze;
	zip_stat_t st;
	zip_int64_t idx;
	zip_t *z;
	int ret = -1;

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)))
		goto out;
	zip_source_keep(src);
	if (!(z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)))
		goto free_src;
	if (!(file = zip_source_buffer(z, xml, n, 0)))
		abort();
	if ((idx = zip_file_add(z, "content.xml", file, ZIP_FL_OVERWRITE)) < 0)
		abort();
	zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	if (zip_close(z) < 0) {
		zip_discard(z);
		goto free_src;
	}
	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0)
		goto free_src;
	*out = malloc(st.size ? st.size : 1);
	CHECK(*out);
	*outlen = (size_t)zip_source_read(src, *out, st.size);
	zip_source_close(src);
	ret = *outlen == st.size ? 0 : -1;
	if (ret < 0)
		free(*out);
free_src:
	zip_source_free(src);
out:
	zip_error_fini(&ze);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *zip = NULL;
	size_t n = 0;

	if (size >= 4 && !memcmp(data, "PK\3\4", 4)) {
		/* an exact-size heap copy, so ASan sees any over-read */
		void *copy = malloc(size);

		CHECK(copy);
		memcpy(copy, data, size);
		read_ods(copy, size);
		free(copy);
		return 0;
	}
	if (build_zip(data, size, &zip, &n) == 0) {
		read_ods(zip, n);
		free(zip);
	}
	return 0;
}
