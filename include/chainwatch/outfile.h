#ifndef CHAINWATCH_OUTFILE_H
#define CHAINWATCH_OUTFILE_H

/*
 * Output files written atomically: everything goes to a temporary name in
 * the destination directory and is renamed over the final name only when
 * complete, so a failed run never leaves a half-written file.
 *
 *     struct outfile o;
 *     if (outfile_open(&o, dir, "suppliers.csv", err) < 0) ...
 *     fprintf(o.fp, ...);                      (or write to o.tmp yourself
 *     if (outfile_commit(&o, hex, err) < 0) ... after outfile_begin)
 *
 * Errors are CW_OUTPUT, naming the file and the system's reason
 * ("No space left on device").
 */

#include <stdio.h>

#include "chainwatch/diag.h"

struct outfile {
	char *final;     /* dir/name */
	char *tmp;       /* dir/.name.tmp.<pid> */
	FILE *fp;        /* open for writing after outfile_open, NULL after outfile_begin */
};

/* Temporary name only, for writers that open the file themselves (xlsx). */
int outfile_begin(struct outfile *o, const char *dir, const char *name, struct diag *err);
/* outfile_begin + fopen(tmp, "wb"). */
int outfile_open(struct outfile *o, const char *dir, const char *name, struct diag *err);
/*
 * Flush and close (checking every error), fsync, rename over the final
 * name; sha256 hex of the final bytes into `hex` when not NULL.  On
 * failure the temporary file is removed.
 */
int outfile_commit(struct outfile *o, char hex[65], struct diag *err);
/* Remove the temporary file; safe after commit and on a zeroed struct. */
void outfile_abort(struct outfile *o);

/*
 * A set of output files that appear together, after the database has the
 * run they describe.  Each is written (with outfile_open / outfile_commit)
 * into set->stage, a directory of this process inside the output
 * directory; outset_publish() then renames them into the output directory,
 * `last` (the manifest) after the others.  Until then the previous outputs
 * stay exactly as they were, and outset_abort() removes the stage.
 *
 * Before it publishes, outset_publish() leaves a mark in the stage: a
 * process killed while renaming leaves a stage that says "finish me".
 * outset_begin() sweeps the output directory first: a dead process's
 * marked stage is published (its run was committed), an unmarked one and
 * any ".NAME.tmp.PID" of a dead process are removed.
 */
struct outset {
	char *dir;       /* the output directory */
	char *stage;     /* dir/.chainwatch-stage.<pid> */
};

int outset_begin(struct outset *set, const char *dir, struct diag *err);
/*
 * Mark the stage "to be published": from here a dead process's stage is
 * put in place by the next sweep.  Call it as soon as what the outputs
 * describe is saved; outset_publish() marks again (harmless) and renames.
 */
int outset_mark(struct outset *set, struct diag *err);
int outset_publish(struct outset *set, const char *last, struct diag *err);
/* Remove the stage and everything in it; safe on a zeroed or published set. */
void outset_abort(struct outset *set);
/*
 * Remove what dead processes left in dir: ".NAME.tmp.PID" files, and
 * stages (published first when marked); only names starting with `prefix`
 * when it is not NULL.  Quietly skips what it cannot.
 */
void outfile_sweep(const char *dir, const char *prefix);

/* mkdir -p; CW_OUTPUT on failure. */
int make_dirs(const char *path, struct diag *err);
/* make_dirs() of the directory part of a file path (the database's). */
int make_parent_dirs(const char *path, struct diag *err);

#endif
