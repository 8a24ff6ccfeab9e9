#ifndef CHAINWATCH_INTAKE_H
#define CHAINWATCH_INTAKE_H

/*
 * What an input file is, told from its bytes (not its name), and the
 * tables it holds, each ready for the CSV extract reader (extract.h):
 *
 *   text (CSV)        one table: the file itself;
 *   gzip              one table: the file decompressed through zlib
 *                     (a .csv.gz, or a gzip file named .csv);
 *   .xlsx workbook    a table per sheet (xlsxread.h), a zip holding
 *                     xl/workbook.xml;
 *   .xls workbook     a table per sheet (xlsread.h, our own BIFF reader),
 *                     an OLE2 compound file;
 *   .ods spreadsheet  a table per sheet (odsread.h), a zip holding
 *                     content.xml (and a "mimetype" entry saying so);
 *   anything else     refused, saying what it is: an HTML page (an error
 *                     page when its title says so), a PDF, an image, a
 *                     zip or OLE2 file that is not a workbook, an
 *                     OpenDocument file that is not a spreadsheet.
 *
 * A sheet's table is written to an unlinked temporary file ($TMPDIR,
 * default /tmp) as CSV, one
 * line per sheet row (so "file.xlsx!Sheet:12" is row 12 of the sheet):
 * numbers as Excel shows them ("%.15g", never rounded to pence), cells in
 * a date style as YYYY-MM-DD, line breaks inside a cell as spaces.  The
 * cells stream through: memory does not grow with the rows.  Workbooks
 * are bounded by struct xlsx_limits (part sizes, cells, text); a gzip
 * file by INTAKE_MAX_INFLATED bytes and an INTAKE_MAX_RATIO:1 ratio.
 */

#include <stddef.h>
#include <stdio.h>

#include "chainwatch/diag.h"
#include "chainwatch/xlsxread.h"

#define INTAKE_MAX_INFLATED ((unsigned long long)4 << 30)
#define INTAKE_MAX_RATIO 200ULL      /* CSV compresses 5 to 20 times; deflate bombs 1000 */

enum intake_format { INTAKE_TEXT, INTAKE_GZIP, INTAKE_XLSX, INTAKE_XLS, INTAKE_ODS };

struct intake_table {
	char *name;          /* the path, or "path!Sheet" */
	FILE *f;             /* the table as CSV; NULL: read the path itself */
	int hidden;          /* a hidden sheet */
	int empty;           /* a sheet with no cells */
};

struct intake {
	enum intake_format format;
	size_t n;
	struct intake_table *t;
};

/* "CSV text", "gzip-compressed CSV", "Excel workbook (.xlsx)", ...: static */
const char *intake_format_name(enum intake_format f);

/*
 * Open `path` as the tables it holds into *out (release with
 * intake_release).  `lim` may be NULL.  -1 (CW_INPUT, located at the
 * file) when the file cannot be read, is not a spend file ("is an HTML
 * page, not a spend file: ..."), or breaks a limit.
 */
int intake_open(const char *path, const struct xlsx_limits *lim, struct intake *out,
		struct diag *err);
void intake_release(struct intake *in);

#endif
