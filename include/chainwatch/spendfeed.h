#ifndef CHAINWATCH_SPENDFEED_H
#define CHAINWATCH_SPENDFEED_H

/*
 * A supplier table fed on a thread of its own.
 *
 * Reading a spend file is two jobs of about equal cost: parsing and
 * checking the rows, and folding each accepted row into its supplier
 * (hash lookups, expense types, months).  spend_read() does the first and
 * hands rows here; a second thread does the second.  Rows are copied into
 * batches (at most FEED_ROWS rows or about FEED_BYTES of text, so a file
 * of huge fields cannot make a batch huge) and applied strictly in the
 * order they were added, so the table comes out exactly as if every row
 * had gone to supplier_table_add_spend() directly.  When no thread can be
 * started the batches are applied on the caller's thread instead.
 *
 * The table belongs to the feed from spend_feed_start() until
 * spend_feed_finish() returns: do not touch it in between.
 */

#include "chainwatch/supplier.h"

#define FEED_ROWS 4096
#define FEED_BYTES ((size_t)1 << 20)

struct spend_feed;

/* A new feed (its thread started when one can be); the caller ends it with spend_feed_finish(). */
struct spend_feed *spend_feed_start(struct supplier_table *t);

/* Queue one row (its text is copied). */
void spend_feed_add(struct spend_feed *f, const struct spend_record *r);

/* Apply every queued row, stop the thread and free the feed.  NULL is a no-op. */
void spend_feed_finish(struct spend_feed *f);

#endif
