/* Grouped figures; see tally.h. */
#include "tally.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/timefmt.h"
#include "../base/banned.h"

void tally_init(struct tally *t, struct arena *a)
{
	*t = (struct tally){.a = a};
}

struct tally_row *tally_row(struct tally *t, const char *key, const char *label)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->rows[i].key, key))
			return &t->rows[i];
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 8;
		struct tally_row *bigger = arena_zalloc(t->a, sizeof(*bigger) * (size_t)cap);

		if (t->n)
			memcpy(bigger, t->rows, sizeof(*bigger) * (size_t)t->n);
		t->rows = bigger;
		t->cap = cap;
	}
	t->rows[t->n] =
	    (struct tally_row){.key = arena_strdup(t->a, key), .label = arena_strdup(t->a, label)};
	return &t->rows[t->n++];
}

void tally_event(struct tally_row *r, double qty, int64_t cost_paise)
{
	r->qty += qty;
	r->cost += (double)cost_paise / 100.0;
	r->events++;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct tally_row *)a)->key, ((const struct tally_row *)b)->key);
}

void tally_sort(struct tally *t)
{
	if (t->n > 1)
		qsort(t->rows, (size_t)t->n, sizeof(*t->rows), by_key);
}

void tally_month(int64_t t, char out[TALLY_MONTH_LEN])
{
	int y, m, d;

	civil_from_days(local_day(t), &y, &m, &d);
	snprintf(out, TALLY_MONTH_LEN, "%04d-%02d", y, m);
}
