/* A dynamic WHERE clause and its parameters; see where.h. */
#include "where.h"

#include <stdlib.h>

#include "../domain/ticket.h"
#include "../base/banned.h"

void where_init(struct where *w)
{
	strbuf_init(&w->sql, 0);
	w->n = 0;
}

void where_release(struct where *w)
{
	strbuf_release(&w->sql);
}

static int add(struct where *w, char type)
{
	if (w->n >= WHERE_PARAMS_MAX)
		abort();
	w->type[w->n] = type;
	return ++w->n;
}

int where_int(struct where *w, int64_t v)
{
	int n = add(w, 'i');

	w->i[n - 1] = v;
	return n;
}

int where_text(struct where *w, const char *v)
{
	int n = add(w, 't');

	w->t[n - 1] = v;
	return n;
}

/* " IN ($i, $j)" for the kinds in set. */
static void kinds_in(struct where *w, unsigned set)
{
	int n = 0;

	strbuf_puts(&w->sql, " IN (");
	for (int k = 0; k < KIND__MAX; k++)
		if (set & KB(k))
			strbuf_putf(&w->sql, "%s$%d", n++ ? ", " : "",
				    where_text(w, kind_name((enum kind)k)));
	strbuf_puts(&w->sql, ")");
}

void where_kinds(struct where *w, unsigned all, unsigned own, int64_t user)
{
	strbuf_puts(&w->sql, "(");
	if (all) {
		strbuf_puts(&w->sql, "t.kind");
		kinds_in(w, all);
	}
	if (own) {
		strbuf_puts(&w->sql, all ? " OR (t.kind" : "(t.kind");
		kinds_in(w, own);
		strbuf_putf(&w->sql, " AND t.created_by = $%d)", where_int(w, user));
	}
	if (!all && !own)
		strbuf_puts(&w->sql, "1 = 0");
	strbuf_puts(&w->sql, ")");
}

int where_bind(const struct where *w, struct db_stmt *st)
{
	int rc = DB_OK;

	for (int i = 0; i < w->n; i++)
		rc |= w->type[i] == 'i' ? db_bind_int(st, i + 1, w->i[i])
					: db_bind_text(st, i + 1, w->t[i]);
	return rc;
}
