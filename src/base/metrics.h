/* Counters for GET /metrics (Prometheus' text format): requests by route and status with
 * their latency and database time, and the timed jobs' durations.  Every counter is an
 * atomic added to with relaxed order: no lock is taken per request, and a scrape reads
 * each counter once (a scrape may see one request's count before its latency: the format
 * allows it).  Routes are numbered by whoever records them (the API's route table);
 * METRICS_ROUTES - 1 is "no route" (unknown paths, the web UI's files). */
#ifndef TICKETD_METRICS_H
#define TICKETD_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"

#define METRICS_ROUTES 256
#define METRICS_OTHER  (METRICS_ROUTES - 1)

/* The timed jobs whose runs are timed. */
enum metrics_sweep { SWEEP_SLA, SWEEP_AUTO_CLOSE, SWEEP_OUTBOX, SWEEP__MAX };

/* Nanoseconds on the monotonic clock. */
uint64_t metrics_now_ns(void);

/* One request answered: its route (0..METRICS_OTHER), HTTP status and time taken. */
void metrics_request(int route, int status, uint64_t ns);
/* Time the route's requests spent in the database (store calls). */
void metrics_db_time(int route, uint64_t ns);
/* One run of a timed job took ns. */
void metrics_sweep_done(enum metrics_sweep s, uint64_t ns);

/* Appends the counters in the text format.  route_name(i, &method, &pattern) names route i
 * ("GET", "/api/tickets/b2b/{id}"), false for a number no route has; only routes with
 * requests are written, with the labels method and route. */
void metrics_write(struct strbuf *sb,
		   bool (*route_name)(int route, const char **method, const char **pattern));
/* Appends a label value escaped as the format says (backslash, quote, newline). */
void metrics_label(struct strbuf *sb, const char *value);

#endif
