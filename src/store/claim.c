/* SQL for resolved claims' order lines; see claim.h. */
#include "claim.h"

#include <strings.h>

#include "../base/banned.h"

enum { CLAIM_BY_BATCH, CLAIM_LINES, CLAIM_HAS_WASTAGE, CLAIM__MAX };

static const char *const claim_sql[CLAIM__MAX] = {
    [CLAIM_BY_BATCH] = "SELECT l.line_no, l.item, l.unit, a.qty, l.price_paise FROM "
		       "order_line_allocations a JOIN order_lines l ON l.so_id = a.so_id AND "
		       "l.line_no = a.line_no WHERE a.so_id = $1 AND a.batch_number = $2 ORDER "
		       "BY l.line_no LIMIT 1",
    [CLAIM_LINES] = "SELECT l.line_no, l.item, l.unit, COALESCE(l.delivered_qty, "
		    "l.ordered_qty), l.price_paise FROM order_lines l WHERE l.so_id = $1 ORDER "
		    "BY l.line_no",
    [CLAIM_HAS_WASTAGE] = "SELECT 1 FROM wastage_events WHERE ticket_id = $1",
};

const struct db_sql_table store_claim_sql = {"claim", claim_sql, CLAIM__MAX};

static void line_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct claim_line *l = row;

	l->line_no = (int)db_int(st, 0);
	l->item = arena_strdup(a, db_text(st, 1));
	l->unit = arena_strdup(a, db_text(st, 2));
	l->qty = db_double(st, 3);
	l->price_paise = db_int(st, 4);
}

enum err_code store_claim_lines(struct db *db, struct arena *a, const char *so_id,
				struct claim_line **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, claim_sql[CLAIM_LINES], "t", so_id), a, sizeof(**out),
			    line_read, out, n, e);
}

enum err_code store_claim_line(struct db *db, struct arena *a, const char *so_id,
			       const char *batch_number, const char *item, struct claim_line *out,
			       bool *found, struct error *e)
{
	struct claim_line *lines;
	int n;
	enum err_code rc;

	*found = false;
	if (!so_id)
		return ERR_OK;
	if (batch_number) {
		struct db_stmt *st = db_q(db, claim_sql[CLAIM_BY_BATCH], "tt", so_id, batch_number);
		int step = st ? db_step(st) : DB_ERROR;

		if (step == DB_ROW) {
			line_read(st, a, out);
			*found = true;
		}
		db_done(st);
		if (step != DB_ROW && step != DB_DONE)
			return db_failed(e);
		if (*found)
			return ERR_OK;
	}
	rc = store_claim_lines(db, a, so_id, &lines, &n, e);
	if (rc)
		return rc;
	for (int i = 0; item && i < n && !*found; i++)
		if (!strcasecmp(lines[i].item, item)) {
			*out = lines[i];
			*found = true;
		}
	if (!*found && n == 1) {
		*out = lines[0];
		*found = true;
	}
	return ERR_OK;
}

bool store_claim_has_wastage(struct db *db, int64_t ticket)
{
	return db_exists(db_q(db, claim_sql[CLAIM_HAS_WASTAGE], "i", ticket));
}
