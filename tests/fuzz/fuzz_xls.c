/*
 * libFuzzer harness for the .xls reader (xlsread.h, cfb.h), two ways in:
 *
 *   - an input that starts with the OLE2 signature is a whole compound
 *     file: opened from memory, every sheet read;
 *   - any other input is the Workbook stream (BIFF records), put into a
 *     compound file built here (sector 0 the FAT, 1 the directory, then
 *     the stream, padded to 4096 bytes so it is not in the mini stream),
 *     so the fuzzer need not find the compound file's structure.
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

#include "chainwatch/xlsread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)
#define NAME "fuzz.xls"
#define SECTOR 512
#define MAX_STREAM (120 * SECTOR)

static const struct xlsx_limits limits = {
	.max_part = 1 << 20, .max_cells = 5000, .max_strings = 1000, .max_text = 4096,
	.max_expanded = 64 << 10, .max_depth = 32
};

struct seen {
	unsigned long cells, row;
	unsigned col;
	size_t text;
};

static int on_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct seen *s = ctx;

	(void)err;
	CHECK(c->row >= 1 && c->row <= XLSX_MAX_ROW && c->col < XLSX_MAX_COL);
	CHECK(c->row > s->row || (c->row == s->row && c->col >= s->col));
	CHECK(c->type >= XLSX_NUMBER && c->type <= XLSX_DATE);
	CHECK(c->text && strlen(c->text) == c->len && c->len <= limits.max_text);
	CHECK(++s->cells <= limits.max_cells);
	CHECK((s->text += c->len) <= limits.max_expanded);
	s->row = c->row;
	s->col = c->col + 1;
	return 0;
}

static void read_xls(const void *p, size_t n)
{
	struct xls_book *b;
	struct diag err;
	size_t i;

	diag_init(&err);
	if (!(b = xls_open_mem(p, n, NAME, &limits, &err))) {
		CHECK(err.code == CW_INPUT);
		CHECK(!strncmp(err.msg, NAME ": ", strlen(NAME ": ")));
		return;
	}
	for (i = 0; i < xls_sheet_count(b); i++) {
		struct seen s;

		memset(&s, 0, sizeof(s));
		CHECK(xls_sheet_name(b, i));
		if (xls_read_sheet(b, i, on_cell, &s, &err) < 0) {
			CHECK(err.code == CW_INPUT);
			CHECK(!strncmp(err.msg, NAME ": ", strlen(NAME ": ")));
			diag_init(&err);
		}
	}
	CHECK(!xls_sheet_name(b, i));
	xls_close(b);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

/* The stream data[0..size) as the Workbook stream of a compound file. */
static unsigned char *wrap(const uint8_t *data, size_t size, size_t *outlen)
{
	static const unsigned char sig[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	static const char name[] = "Workbook";
	size_t len = size < 4096 ? 4096 : size, nsec = (len + SECTOR - 1) / SECTOR, k;
	size_t total = SECTOR * (3 + nsec);
	unsigned char *f = calloc(1, total), *fat, *dir;

	CHECK(f);
	memcpy(f, sig, sizeof(sig));
	put16(f + 0x18, 0x3E);
	put16(f + 0x1A, 3);
	put16(f + 0x1C, 0xFFFE);
	put16(f + 0x1E, 9);
	put16(f + 0x20, 6);
	put32(f + 0x2C, 1);               /* one FAT sector */
	put32(f + 0x30, 1);               /* the directory in sector 1 */
	put32(f + 0x38, 4096);
	put32(f + 0x3C, 0xFFFFFFFE);
	put32(f + 0x44, 0xFFFFFFFE);
	memset(f + 0x4C, 0xFF, 4 * 109);
	put32(f + 0x4C, 0);               /* the FAT in sector 0 */
	fat = f + SECTOR;
	memset(fat, 0xFF, SECTOR);
	put32(fat, 0xFFFFFFFD);
	put32(fat + 4, 0xFFFFFFFE);
	for (k = 0; k < nsec; k++)
		put32(fat + 4 * (2 + k), k + 1 < nsec ? (uint32_t)(3 + k) : 0xFFFFFFFE);
	dir = f + 2 * SECTOR;
	for (k = 0; k < 4; k++) {
		put32(dir + 128 * k + 68, 0xFFFFFFFF);
		put32(dir + 128 * k + 72, 0xFFFFFFFF);
		put32(dir + 128 * k + 76, 0xFFFFFFFF);
	}
	put16(dir, 'R');
	put16(dir + 64, 4);
	dir[66] = 5;
	put32(dir + 76, 1);
	put32(dir + 116, 0xFFFFFFFE);
	for (k = 0; name[k]; k++)
		put16(dir + 128 + 2 * k, (unsigned char)name[k]);
	put16(dir + 128 + 64, (unsigned)(2 * (k + 1)));
	dir[128 + 66] = 2;
	put32(dir + 128 + 116, 2);
	put32(dir + 128 + 120, (uint32_t)len);
	memcpy(f + 3 * SECTOR, data, size);
	*outlen = total;
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *copy;
	size_t n;

	if (size >= 8 && data[0] == 0xD0 && data[1] == 0xCF && data[2] == 0x11 && data[3] == 0xE0) {
		/* an exact-size heap copy, so ASan sees any over-read */
		copy = malloc(size);
		CHECK(copy);
		memcpy(copy, data, size);
		read_xls(copy, size);
		free(copy);
		return 0;
	}
	if (size > MAX_STREAM)
		return 0;
	copy = wrap(data, size, &n);
	read_xls(copy, n);
	free(copy);
	return 0;
}
