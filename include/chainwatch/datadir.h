#ifndef CHAINWATCH_DATADIR_H
#define CHAINWATCH_DATADIR_H

/*
 * Where the data shipped with chainwatch is (sectors/, templates/): for the
 * stages that read it (the risk model, entities, the Charter report), so
 * none of them reaches into another stage's module for it.
 */

/*
 * `name` in the working directory when it holds `probe`, else `name`
 * beside the program (<bindir>/../name), else `name`.  Never fails.  You
 * own the result; release it with free().
 */
char *data_dir(const char *name, const char *probe);

#endif
