/* Choosing who gets a new ticket: round-robin or least open workload over a team, skipping
 * members who are away or cannot work the ticket's kind.  Pure. */
#ifndef TICKETD_ROUTING_H
#define TICKETD_ROUTING_H

#include <stdbool.h>
#include <stdint.h>

struct route_candidate {
	int64_t user_id; /* candidates come in ascending user id order */
	bool eligible;	 /* available, and may work the kind */
	int64_t open;	 /* open tickets assigned to them */
};

/* Round-robin: the first eligible candidate after last_user (wrapping); -1 when none. */
int route_round_robin(const struct route_candidate *c, int n, int64_t last_user);
/* Least open workload: the eligible candidate with the fewest open tickets, the lowest
 * user id first among equals; -1 when none. */
int route_least_open(const struct route_candidate *c, int n);

#endif
