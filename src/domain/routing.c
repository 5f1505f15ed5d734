/* Routing choices; see routing.h. */
#include "routing.h"

#include "../base/banned.h"

int route_round_robin(const struct route_candidate *c, int n, int64_t last_user)
{
	int first = -1;

	for (int i = 0; i < n; i++) {
		if (!c[i].eligible)
			continue;
		if (first < 0)
			first = i;
		if (c[i].user_id > last_user)
			return i;
	}
	return first;
}

int route_least_open(const struct route_candidate *c, int n)
{
	int best = -1;

	for (int i = 0; i < n; i++)
		if (c[i].eligible && (best < 0 || c[i].open < c[best].open))
			best = i;
	return best;
}
