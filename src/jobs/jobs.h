/* The background jobs: the SLA sweep (at start-up and every minute) and the outbox delivery
 * (every few seconds), on one thread of their own with their own database connection.
 * Under the test clock no thread runs: tests call POST /api/test/sweep instead. */
#ifndef TICKETD_JOBS_H
#define TICKETD_JOBS_H

struct store;
struct jobs;

/* Starts the thread; NULL (logged) if it cannot start. */
struct jobs *jobs_start(struct store *s, int sweep_seconds, int deliver_seconds);
/* Asks the thread to stop, waits for the job in progress, and frees. */
void jobs_stop(struct jobs *j);

#endif
