/*
 * xlsread.c: the cells of a legacy .xls workbook through libfreexl
 * (xlsread.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <freexl.h>

#include "chainwatch/xalloc.h"
#include "chainwatch/xlsread.h"

struct xls_book {
	const void *h;
	char *name;
	char **sheets;
	size_t nsheets;
	struct xlsx_limits lim;
};

static const char *freexl_why(int rc)
{
	switch (rc) {
	case FREEXL_FILE_NOT_FOUND: return "file not found";
	case FREEXL_INSUFFICIENT_MEMORY: return "out of memory";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "no workbook stream: another kind of Office document";
	case FREEXL_CRAFTED_FILE: return "a severely corrupted or crafted file";
	case FREEXL_UNSUPPORTED_CHARSET: return "an unsupported code page";
	case FREEXL_CFBF_EMPTY_FAT_CHAIN:
	case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
	case FREEXL_CFBF_INVALID_SECTOR_SIZE:
	case FREEXL_CFBF_INVALID_SIGNATURE:
	case FREEXL_CFBF_READ_ERROR:
	case FREEXL_CFBF_SEEK_ERROR:
	case FREEXL_INVALID_CFBF_HEADER: return "a damaged compound file";
	default: return "no workbook stream, or a damaged one";
	}
}

struct xls_book *xls_open(const char *path, const struct xlsx_limits *lim, struct diag *err)
{
	struct xls_book *b = xcalloc(1, sizeof(*b));
	size_t max = lim && lim->max_part ? lim->max_part : (size_t)256 << 20;
	unsigned int n = 0, biff = 0, i;
	struct stat sb;
	int rc;

	b->name = xstrdup(path);
	if (lim)
		b->lim = *lim;
	if (!b->lim.max_cells)
		b->lim.max_cells = 1UL << 24;
	if (stat(path, &sb) == 0 && (unsigned long long)sb.st_size > max) {
		diag_set(err, CW_INPUT, "%llu bytes, over the %zu-byte limit for a workbook",
			 (unsigned long long)sb.st_size, max);
		goto fail;
	}
	rc = freexl_open(path, &b->h);
	if (rc == FREEXL_OK && !b->h) {
		/*
		 * libfreexl 1.0.6 gives up half way with no error code; seen on
		 * workbooks whose shared-string table holds an empty string,
		 * which it takes for a crafted file.
		 */
		diag_set(err, CW_INPUT, "libfreexl %s cannot read this Excel 97-2003 workbook (it "
			 "takes an empty string in the workbook's shared strings for a crafted "
			 "file); save it as .xlsx or .csv", freexl_version());
		goto fail;
	}
	if (rc != FREEXL_OK) {
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (%s)", freexl_why(rc));
		goto fail;
	}
	if (freexl_get_info(b->h, FREEXL_BIFF_PASSWORD, &biff) == FREEXL_OK &&
	    biff == FREEXL_BIFF_OBFUSCATED) {
		diag_set(err, CW_INPUT, "password-protected workbook: save it without a password");
		goto fail;
	}
	if ((rc = freexl_get_info(b->h, FREEXL_BIFF_SHEET_COUNT, &n)) != FREEXL_OK) {
		diag_set(err, CW_INPUT, "not an Excel 97-2003 workbook (no sheet list: %d)", rc);
		goto fail;
	}
	b->sheets = xcalloc(n ? n : 1, sizeof(*b->sheets));
	for (i = 0; i < n && i <= 0xFFFF; i++) {
		const char *s = NULL;

		if (freexl_get_worksheet_name(b->h, (unsigned short)i, &s) != FREEXL_OK || !s)
			s = "";
		b->sheets[b->nsheets++] = xstrdup(s);
	}
	return b;
fail:
	diag_locate(err, path, 0, 0);
	xls_close(b);
	return NULL;
}

void xls_close(struct xls_book *b)
{
	size_t i;

	if (!b)
		return;
	if (b->h)
		freexl_close(b->h);
	for (i = 0; i < b->nsheets; i++)
		free(b->sheets[i]);
	free(b->sheets);
	free(b->name);
	free(b);
}

const char *xls_library_version(void)
{
	return freexl_version();
}

size_t xls_sheet_count(const struct xls_book *b)
{
	return b->nsheets;
}

const char *xls_sheet_name(const struct xls_book *b, size_t i)
{
	return i < b->nsheets ? b->sheets[i] : NULL;
}

/* A double as Excel shows it: 15 significant digits, no exponent for money. */
static void number_text(double v, char out[64])
{
	snprintf(out, 64, "%.15g", v);
	if (strchr(out, 'e') && v > -1e15 && v < 1e15) {
		size_t n;

		snprintf(out, 64, "%.10f", v);
		n = strlen(out);
		while (n > 1 && out[n - 1] == '0')
			out[--n] = '\0';
		if (n && out[n - 1] == '.')
			out[--n] = '\0';
	}
}

int xls_read_sheet(struct xls_book *b, size_t i, xlsx_cell_fn *cell, void *ctx,
		   struct diag *err)
{
	unsigned int rows = 0, r;
	unsigned short cols = 0, c;
	unsigned long ncells = 0;
	char num[64];
	int rc;

	if (i >= b->nsheets || freexl_select_active_worksheet(b->h, (unsigned short)i) != FREEXL_OK ||
	    freexl_worksheet_dimensions(b->h, &rows, &cols) != FREEXL_OK) {
		diag_set(err, CW_INPUT, "sheet %zu cannot be read", i + 1);
		return diag_locate(err, b->name, 0, 0);
	}
	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			FreeXL_CellValue v;
			struct xlsx_cell x = { (unsigned long)r + 1, c, XLSX_STRING, NULL, 0, -1, 0 };

			if (freexl_get_cell_value(b->h, r, c, &v) != FREEXL_OK) {
				diag_set(err, CW_INPUT, "sheet '%.80s' row %u column %u cannot be read",
					 b->sheets[i], r + 1, (unsigned)c + 1);
				return diag_locate(err, b->name, 0, 0);
			}
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(num, sizeof(num), "%d", v.value.int_value);
				x.type = XLSX_NUMBER;
				x.text = num;
				break;
			case FREEXL_CELL_DOUBLE:
				number_text(v.value.double_value, num);
				x.type = XLSX_NUMBER;
				x.text = num;
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				x.type = XLSX_DATE;
				x.text = v.value.text_value;
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_TIME:
				x.text = v.value.text_value;
				break;
			default:
				continue;
			}
			if (!x.text)
				continue;
			x.len = strlen(x.text);
			if (++ncells > b->lim.max_cells) {
				diag_set(err, CW_INPUT, "sheet '%.80s': more than %lu cells",
					 b->sheets[i], b->lim.max_cells);
				return diag_locate(err, b->name, 0, 0);
			}
			rc = cell(ctx, &x, err);
			if (rc)
				return rc < 0 ? -1 : 0;
		}
	return 0;
}
