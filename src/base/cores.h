/* How many cores are online, the default for thread counts and other per-core limits. */
#ifndef TICKETD_BASE_CORES_H
#define TICKETD_BASE_CORES_H

#include <unistd.h>

/* The online cores; 2 when the system cannot say. */
static inline int cores_online(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 2;
}

#endif
