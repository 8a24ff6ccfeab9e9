#ifndef CHAINWATCH_IDNAMES_H
#define CHAINWATCH_IDNAMES_H

/*
 * Supplier IDs shared by many names.  A council's "sundry creditor" ID
 * (Warwickshire's 999982: 26 payees in April 2016, from Admiral Insurance
 * to a parish council) is not one supplier; keyed by it, every payee
 * behind it would merge into one.  The first pass feeds each row's ID and
 * name; an ID seen with ID_NAMES_SHARED or more different names is
 * shared, and rows under it are keyed by name.
 *
 * IDs and names are compared by their ASCII letters and digits, upper
 * case, so raw bytes (first pass) and decoded text (second pass) agree,
 * and "ACME LTD" and "Acme Ltd." are one name.  Memory grows with the
 * distinct IDs, not the rows.
 */

#include <stddef.h>

#define ID_NAMES_SHARED 5

struct id_names;

/* A new, empty table: the caller's, freed with id_names_free(); cannot fail. */
struct id_names *id_names_new(void);
void id_names_free(struct id_names *t);
/* One row's ID and payee name; an empty ID or name is ignored. */
void id_names_add(struct id_names *t, const char *id, size_t idlen, const char *name,
		  size_t namelen);
/* Is this ID shared by ID_NAMES_SHARED or more names?  NULL t: no. */
int id_names_shared(const struct id_names *t, const char *id, size_t idlen);
/*
 * Does the supplier ID carry the row's transaction number (its first run
 * of six or more digits), as Oxford's "20000000_46279931" beside
 * transaction "46279931_1" does?  Then it identifies the transaction.
 */
int id_carries_transaction(const char *id, size_t n, const char *tx, size_t txn);
/* How many IDs are shared. */
size_t id_names_count_shared(const struct id_names *t);

#endif
