/*
 * libFuzzer harness for the xlsx reader (xlsxread.h), two ways in:
 *
 *   - an input that starts "PK\3\4" is a whole workbook: opened from memory,
 *     every sheet read;
 *   - any other input is one XML part put into a fixed, valid workbook
 *     built in memory with libzip, so the fuzzer need not find zip CRCs: a
 *     first byte '0'..'3' (any byte, taken mod 4) picks the part - 0 the
 *     Flags worksheet, 1 the shared strings, 2 xl/workbook.xml, 3 its
 *     relationships - and the rest is its XML; an input starting '<' is a
 *     worksheet whole.
 *
 * Small limits, so every cap is reached quickly.  Invariants: never crash;
 * every cell is inside Excel's grid, its text is len bytes with no NUL
 * before the end and within max_text, a shared string's index is one the
 * book loaded and every cell of that index gets the same pointer; the
 * text handed over stays within max_expanded and the cells within
 * max_cells; a failure is CW_INPUT and names the workbook.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "chainwatch/xlsxread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)
#define NAME "fuzz.xlsx"
#define MAIN_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MAX_SHEETS_READ 8

static const struct xlsx_limits limits = {
	.max_part = 1 << 20, .max_cells = 5000, .max_strings = 500, .max_text = 4096,
	.max_expanded = 64 << 10, .max_depth = 32
};

static const char *const part_names[4] = {
	"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
	"xl/_rels/workbook.xml.rels"
};

static const char *const part_defaults[4] = {
	"<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v>"
	"</c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>0</v></c><c r=\"D1\">"
	"<v>46022.5</v></c><c r=\"E1\" t=\"inlineStr\"><is><t>in_x000D_line</t></is></c>"
	"</row></sheetData></worksheet>",
	"<sst xmlns=\"" MAIN_NS "\"><si><t>Flag ID</t></si><si><r><t>rich</t></r><r><t> "
	"text</t></r><rPh><t>X</t></rPh></si></sst>",
	"<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><workbookPr date1904=\"0\"/>"
	"<sheets><sheet name=\"Flags\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" "
	"Target=\"sharedStrings.xml\"/></Relationships>",
};

struct seen {
	struct xlsx_book *book;
	unsigned long cells;
	size_t text;
	const char *first_shared[8];   /* the pointer each of the first shared strings came with */
};

static int on_cell(void *ctx, const struct xlsx_cell *c, struct diag *err)
{
	struct seen *s = ctx;
	char name[16];
	int32_t ymd;

	(void)err;
	CHECK(c->row >= 1 && c->row <= XLSX_MAX_ROW && c->col < XLSX_MAX_COL);
	CHECK(xlsx_cell_name(c->row, c->col, name) == 0);
	CHECK(c->type >= XLSX_NUMBER && c->type <= XLSX_DATE);
	CHECK(c->text && strlen(c->text) == c->len && c->len <= limits.max_text);
	CHECK(++s->cells <= limits.max_cells);
	CHECK((s->text += c->len) <= limits.max_expanded);
	if (c->shared >= 0) {
		CHECK(c->type == XLSX_STRING);
		CHECK((size_t)c->shared < xlsx_shared_count(s->book));
		if (c->shared < 8) {
			if (!s->first_shared[c->shared])
				s->first_shared[c->shared] = c->text;
			CHECK(s->first_shared[c->shared] == c->text);
		}
	} else {
		CHECK(c->shared == -1);
	}
	if (c->type == XLSX_NUMBER && xlsx_serial_date(c->text, &ymd) == 0)
		CHECK(ymd >= 19000101 && ymd <= 99991231);
	return 0;
}

static void check_error(const struct diag *err)
{
	CHECK(err->code == CW_INPUT);
	CHECK(!strncmp(err->msg, NAME ": ", strlen(NAME ": ")));
}

static void read_book(const void *zip, size_t n)
{
	struct seen s;
	struct diag err;
	size_t i, count;
	char list[200];

	diag_init(&err);
	memset(&s, 0, sizeof(s));
	if (!(s.book = xlsx_open_mem(zip, n, NAME, &limits, &err))) {
		check_error(&err);
		return;
	}
	CHECK(xlsx_sheet_list(s.book, list, sizeof(list)) == list && strlen(list) < sizeof(list));
	count = xlsx_sheet_count(s.book);
	for (i = 0; i < count && i < MAX_SHEETS_READ; i++) {
		s.cells = 0;
		s.text = 0;
		CHECK(xlsx_sheet_name(s.book, i));
		if (xlsx_read_sheet(s.book, xlsx_sheet_name(s.book, i), on_cell, &s, &err) < 0)
			check_error(&err);
	}
	CHECK(!xlsx_sheet_name(s.book, count));
	if (xlsx_read_sheet(s.book, "no such sheet", on_cell, &s, &err) == 0)
		abort();
	check_error(&err);
	xlsx_close(s.book);
}

/* The fixed workbook with `part` replaced by (xml, n), as zip bytes in *out. */
static int build_zip(unsigned part, const void *xml, size_t n, void **out, size_t *outlen)
{
	zip_source_t *src, *file;
	zip_error_t ze;
	zip_stat_t st;
	zip_t *z;
	unsigned i;
	int ret = -1;

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &ze)))
		goto out;
	zip_source_keep(src);
	if (!(z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)))
		goto free_src;
	for (i = 0; i < 4; i++) {
		const void *p = i == part ? xml : part_defaults[i];
		size_t len = i == part ? n : strlen(part_defaults[i]);
		zip_int64_t idx;

		if (!(file = zip_source_buffer(z, p, len, 0)))
			abort();
		if ((idx = zip_file_add(z, part_names[i], file, ZIP_FL_OVERWRITE)) < 0)
			abort();
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
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
	unsigned part = 0;

	if (size >= 4 && !memcmp(data, "PK\3\4", 4)) {
		/* an exact-size heap copy, so ASan sees any over-read */
		void *copy = malloc(size);

		CHECK(copy);
		memcpy(copy, data, size);
		read_book(copy, size);
		free(copy);
		return 0;
	}
	if (size && data[0] != '<') {
		part = data[0] % 4;
		data++;
		size--;
	}
	if (build_zip(part, data, size, &zip, &n) == 0) {
		read_book(zip, n);
		free(zip);
	}
	return 0;
}
