#ifndef CHAINWATCH_CHARTERREG_H
#define CHAINWATCH_CHARTERREG_H

/*
 * What the official registers said of the year's payees, as the annual
 * Charter report words it: the charter module's private half
 * (src/write/charterreg.c with src/write/charter.c; only they include this
 * header).  The figures come from charteryear.h (schema 11: the register
 * that identified each payee, the s54 duty a register decided, the
 * company_not_active flags, the snapshots' dates).
 */

#include "chainwatch/charteryear.h"

struct tval;

/*
 * The "registers" object of the report's data (docs/templates.md), added
 * to root only when the year's scans used a Companies House or charity
 * register; nothing otherwise.  The values are root's (tval_free() of root
 * releases them).
 */
void charter_registers_add(struct tval *root, const struct charter_year *y);

/*
 * The one sentence "About the data" says of the registers when the year
 * has scans and none recorded using a register (none was used, or the
 * scans predate schema 11), appended to the caveats list; nothing
 * otherwise.
 */
void charter_registers_caveat(struct tval *caveats, const struct charter_year *y);

/* The suppliers a register put outside the s54 duty (accounts, charity income). */
long charter_registers_out_of_scope(const struct charter_year *y);

#endif
