/* The one builder of a dynamic WHERE clause (the ticket lists, the dashboard, the exports):
 * SQL text appended piece by piece and the parameters it names, numbered $1, $2, ... as
 * they are added and bound together once the statement is prepared.  Values never go into
 * the text. */
#ifndef TICKETD_STORE_WHERE_H
#define TICKETD_STORE_WHERE_H

#include <stdint.h>

#include "../base/strbuf.h"
#include "db.h"

#define WHERE_PARAMS_MAX 24

struct where {
	struct strbuf sql;	     /* the clause so far, owned: where_release */
	int n;			     /* parameters so far */
	char type[WHERE_PARAMS_MAX]; /* 'i' or 't' */
	int64_t i[WHERE_PARAMS_MAX];
	const char *t[WHERE_PARAMS_MAX]; /* not copied: must outlive the binding */
};

void where_init(struct where *w);
void where_release(struct where *w);
/* Adds a parameter and returns its number (for "$%d"); past WHERE_PARAMS_MAX it aborts: the
 * filters are a fixed set, so that is a bug, not input. */
int where_int(struct where *w, int64_t v);
int where_text(struct where *w, const char *v);
/* Appends "(t.kind IN ($a, ...) OR (t.kind IN ($b, ...) AND t.created_by = $u))": the kinds
 * in `all` (bit KB(kind)) whole, those in `own` only where user created them; "1 = 0" when
 * both are empty. */
void where_kinds(struct where *w, unsigned all, unsigned own, int64_t user);
/* Binds every parameter to st, in order; DB_OK or an error. */
int where_bind(const struct where *w, struct db_stmt *st);

#endif
