/* The one source of "now" for every rule in ticketd: real time, or a test clock that only
 * moves when a test sets it (`ticketd serve --test-clock`). Instants are UTC seconds. */
#ifndef TICKETD_CLOCK_H
#define TICKETD_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

int64_t clock_now(void);
/* Switches to the test clock, starting at the current real time. */
void clock_enable_test(void);
bool clock_is_test(void);
/* Sets the test clock; ignored unless the test clock is enabled. */
void clock_set(int64_t now);
/* Pins "now" to t until clock_override(0), outside test mode: only for loading the demo
 * dataset at start-up, before any other thread runs, so its history spans days. */
void clock_override(int64_t t);

#endif
