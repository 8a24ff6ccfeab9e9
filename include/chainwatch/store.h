#ifndef CHAINWATCH_STORE_H
#define CHAINWATCH_STORE_H

/*
 * The database: one SQLite file that keeps every run, its inputs, the
 * suppliers and their aliases and monthly spend, so later months and the
 * annual report can look back.  The only module that includes sqlite3.h.
 *
 * Schema versioned with PRAGMA user_version and applied by forward
 * migrations on open.  WAL mode and a busy timeout; a second writer gets
 * CW_DATABASE "database '...' is busy (another chainwatch run?)", never
 * corruption.  Every error is CW_DATABASE and names the file.
 */

#include <stddef.h>
#include <stdint.h>

#include "chainwatch/diag.h"
#include "chainwatch/run.h"

struct store;
struct input_stats;
struct supplier;
struct assessment;
struct flag;

/*
 * What the store saves of one run: the store knows the model's public
 * structs (extract.h, supplier.h, risk.h, flags.h), never a report.  Every
 * pointer is borrowed; the caller fills the record (the scan command does,
 * from its report) and keeps what it points to alive until the call
 * returns.
 */
struct run_record {
	struct run_info run;
	const struct input_stats *inputs;
	size_t ninputs;
	struct supplier *const *suppliers;
	size_t nsuppliers;
	const struct assessment *assessments;   /* assessments[i] is suppliers[i]'s; NULL: none */
	const struct flag *flags;
	size_t nflags;
	int64_t spend_pence;                    /* accepted, all inputs */
	int64_t redacted_pence;
	unsigned long redacted_rows;
	unsigned long rejections_total;
	int32_t first_date, last_date;          /* yyyymmdd */
	const struct output_file *outputs;      /* store_commit_run() saves them */
	size_t noutputs;
	/* yyyymmdd of the register snapshots the scan looked in; 0: none */
	int32_t companies_register, charities_register;
};

#define STORE_SCHEMA_VERSION 11

/*
 * Open (creating if needed) and migrate.  You own *out: close it with
 * store_close() (which takes NULL too).  -1 with err (CW_DATABASE, or what
 * a refused migration says) and *out untouched on error.
 */
int store_open(const char *path, struct store **out, struct diag *err);
void store_close(struct store *st);
/* How long a writer waits for another's lock before "busy" (default 3000 ms). */
void store_set_busy_timeout(struct store *st, int ms);

/*
 * The run functions below borrow `r` for the call only.
 *
 * Save a whole run in one transaction.  A run of the same council and
 * period already stored is replaced (its rows deleted first), so re-running
 * a month never double-counts.  So are the council's runs whose periods
 * share a month with this one when r->run.replace_overlapping is set;
 * otherwise any such run fails the save (see store_overlapping_runs).
 * Nothing is written if anything fails.
 */
int store_save_run(struct store *st, const struct run_record *r, struct diag *err);

/*
 * Take the write lock (a write transaction) before reading what the run
 * will carry forward: from here until store_commit_run() or
 * store_abort_run() no other process can change the database, so a review
 * decision is either read by this run or made after it is saved, never
 * lost between the two.  CW_DATABASE "busy" when another writer holds it
 * longer than the busy timeout.
 */
int store_lock(struct store *st, struct diag *err);

/*
 * The same in two steps, so the heavy part can run while the output files
 * are written: store_begin_run() opens the transaction (unless
 * store_lock() has) and saves the run,
 * its inputs and suppliers; store_commit_run() adds the output files (with
 * their sha256) and commits.  store_abort_run() rolls back.  Between the
 * two the connection may pass to another thread, never be used by two.
 */
int store_begin_run(struct store *st, const struct run_record *r, struct diag *err);
int store_commit_run(struct store *st, const struct run_record *r, struct diag *err);
void store_abort_run(struct store *st);

/*
 * Fill each flag's first_seen, last_seen and review_status from earlier
 * runs of the same council (flags not seen before keep theirs).  Read only;
 * call before the outputs are written so they show the history.
 */
int store_flag_history(struct store *st, const char *council, struct flag *flags, size_t n,
		       struct diag *err);

/*
 * The periods of the council's stored runs, other than `period` itself,
 * that share a month with `period` ("2025-06" and "2025-04_2025-09" do):
 * their spend would be counted twice beside it.  At most `max` go into
 * periods[] (each free()d by the caller), in period order; returns how many
 * there are in all, or -1 on error.
 */
long store_overlapping_runs(struct store *st, const char *council, const char *period,
			    char **periods, size_t max, struct diag *err);

/*
 * The council a command works on: `given` when set (a new council is
 * fine); else the only council the database holds; else `fallback` when
 * it holds none (NULL: CW_USAGE "holds no council's data").  A database of
 * several councils and no `given` is CW_USAGE, naming them: one council's
 * decisions are never applied to another's.  *out is a new string you own:
 * free() it.  -1 with err, *out untouched.
 */
int store_pick_council(struct store *st, const char *given, const char *fallback, char **out,
		       struct diag *err);

/*
 * The council a report is about, which must be one the database holds:
 * `given` when the database holds it (ignoring case and runs of spaces:
 * *out is then the database's spelling); the only council when `given` is
 * NULL.  Else CW_USAGE naming the councils it holds (the first 20) and,
 * when one is close, "did you mean 'Devon County Council'?"; a database of
 * no council is CW_USAGE "holds no council's data yet".  *out is a new
 * string you own (free() it), written only on success.
 */
int store_known_council(struct store *st, const char *given, char **out, struct diag *err);

/* Number of runs stored for council+period (tests and messages). -1 on error. */
long store_count_runs(struct store *st, const char *council, const char *period, struct diag *err);

#endif
