#ifndef CHAINWATCH_CFB_H
#define CHAINWATCH_CFB_H

/*
 * Streams out of an OLE2 compound file (Microsoft's Compound File Binary
 * format, MS-CFB), read from memory: the container of legacy .xls, .doc
 * and .msg files.  Only what the .xls reader needs: find a stream by name
 * and copy its bytes out.
 *
 * The header, the FAT (through the header's 109 DIFAT entries and the
 * DIFAT chain), the directory, the mini FAT and the mini stream are read
 * with every chain walk bounded: a sector index past the end of the file
 * or the FAT, a chain that loops, a stream longer than the file, or a
 * chain shorter than its stream's size is an error, never a crash, a hang
 * or a giant allocation.  Errors are CW_INPUT with no file name (the
 * caller locates them): "compound file: FAT chain of the directory loops
 * at sector 7".
 */

#include <stddef.h>

#include "chainwatch/diag.h"

/* 1 when p[0..n) starts with the compound file signature D0 CF 11 E0 A1 B1 1A E1. */
int cfb_is_compound(const void *p, size_t n);

/*
 * The first stream whose name is one of names[0..nnames) (ASCII names,
 * compared ignoring case; earlier names win), copied into a new buffer
 * *out (free() it) of *outlen bytes.  0; 1 when the file is a compound
 * file with no such stream (*out untouched); -1 with err filled.
 */
int cfb_stream(const void *p, size_t n, const char *const *names, size_t nnames,
	       unsigned char **out, size_t *outlen, struct diag *err);

#endif
