#ifndef CHAINWATCH_FAULT_H
#define CHAINWATCH_FAULT_H

/*
 * Fault injection for the tests of what a crash or a race leaves behind.
 * CHAINWATCH_FAULT="POINT" kills the process with SIGKILL when it reaches
 * fault_point("POINT"); "POINT:sleep=MS" makes it sleep MS milliseconds
 * there instead (holding whatever it holds, such as the database's write
 * lock).  Unset, a fault point does nothing.  The points:
 *
 *   history    scan: the review decisions have been read (write lock held)
 *   commit     scan: every output is staged, the run not yet committed
 *   committed  scan: the run is committed and its stage marked, the
 *              outputs not yet in place
 *   publish    scan: one output put in place, the others not yet
 */

void fault_point(const char *name);

#endif
