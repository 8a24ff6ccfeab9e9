#ifndef CHAINWATCH_TENDERCMD_H
#define CHAINWATCH_TENDERCMD_H

/*
 * `chainwatch tenders FILE [--db FILE] [--out DIR] [--council NAME]
 * [--sectors DIR] [--quiet]`: check one bid file for abnormally low
 * tenders without a spend scan (before an award, say).  Writes
 * tenders.csv, rejected-rows.csv and tender-check.xlsx into --out (default
 * output/tenders) and keeps each bid's check in the database.  Uses the
 * scan's options: tenders (the FILE), db, out, council, sectors, quiet.
 * Returns the exit code.
 */

#include "chainwatch/diag.h"
#include "chainwatch/scan.h"

int tenders_run(const struct scan_options *o, struct diag *err);

#endif
