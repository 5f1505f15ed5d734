/* Real or test clock; see clock.h. */
#include "clock.h"

#include <stdatomic.h>
#include <time.h>

#include "banned.h"

static atomic_bool clock_test;
static _Atomic int64_t clock_test_now;
static _Atomic int64_t clock_pinned;

int64_t clock_now(void)
{
	if (atomic_load(&clock_test))
		return atomic_load(&clock_test_now);
	int64_t pinned = atomic_load(&clock_pinned);

	return pinned ? pinned : (int64_t)time(NULL);
}

void clock_override(int64_t t)
{
	atomic_store(&clock_pinned, t);
}

void clock_enable_test(void)
{
	atomic_store(&clock_test_now, (int64_t)time(NULL));
	atomic_store(&clock_test, true);
}

bool clock_is_test(void)
{
	return atomic_load(&clock_test);
}

void clock_set(int64_t now)
{
	if (atomic_load(&clock_test))
		atomic_store(&clock_test_now, now);
}
