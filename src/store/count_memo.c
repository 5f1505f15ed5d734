/* Capped counts that reached their cap (count_memo.h).  A linear look through 64 slots
 * under one lock: a search's count is a millisecond or more, the look well under one. */
#include "count_memo.h"

#include <pthread.h>
#include <string.h>

struct slot {
	uint64_t at; /* when the count reached its cap; 0: free */
	size_t len;
	char key[COUNT_MEMO_KEY];
};

static struct {
	pthread_mutex_t lock;
	struct slot slot[COUNT_MEMO_SLOTS];
} memo = {.lock = PTHREAD_MUTEX_INITIALIZER};

static bool fresh(const struct slot *s, uint64_t now_ns)
{
	return s->at && now_ns >= s->at && now_ns - s->at < COUNT_MEMO_NS;
}

static struct slot *find(const char *key, size_t len)
{
	for (int i = 0; i < COUNT_MEMO_SLOTS; i++) {
		struct slot *s = &memo.slot[i];

		if (s->at && s->len == len && memcmp(s->key, key, len) == 0)
			return s;
	}
	return NULL;
}

bool count_memo_capped(const char *key, size_t len, uint64_t now_ns)
{
	bool capped = false;

	if (len > COUNT_MEMO_KEY)
		return false;
	pthread_mutex_lock(&memo.lock);
	struct slot *s = find(key, len);

	if (s && fresh(s, now_ns))
		capped = true;
	else if (s)
		s->at = 0;
	pthread_mutex_unlock(&memo.lock);
	return capped;
}

void count_memo_add(const char *key, size_t len, uint64_t now_ns)
{
	if (len > COUNT_MEMO_KEY || !now_ns)
		return;
	pthread_mutex_lock(&memo.lock);
	struct slot *s = find(key, len);

	for (int i = 0; !s && i < COUNT_MEMO_SLOTS; i++)
		if (!fresh(&memo.slot[i], now_ns))
			s = &memo.slot[i];
	if (!s) {
		s = &memo.slot[0];
		for (int i = 1; i < COUNT_MEMO_SLOTS; i++)
			if (memo.slot[i].at < s->at)
				s = &memo.slot[i];
	}
	s->at = now_ns;
	s->len = len;
	memcpy(s->key, key, len);
	pthread_mutex_unlock(&memo.lock);
}

void count_memo_clear(void)
{
	pthread_mutex_lock(&memo.lock);
	memset(memo.slot, 0, sizeof(memo.slot));
	pthread_mutex_unlock(&memo.lock);
}
