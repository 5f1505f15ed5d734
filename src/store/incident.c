/* SQL for quality incidents; see incident.h. */
#include "incident.h"

#include <string.h>

#include "../base/banned.h"

static const char *const rule_names[IR__MAX] = {"batch", "farm", "product"};

const char *incident_rule_name(enum incident_rule r)
{
	return r < IR__MAX ? rule_names[r] : "?";
}

int incident_rule_from_name(const char *s)
{
	for (int i = 0; s && i < IR__MAX; i++)
		if (!strcmp(rule_names[i], s))
			return i;
	return -1;
}

/* What makes a ticket a complaint the rules count. */
#define COMPLAINT "t.kind <> 'internal' AND t.category_group = 'quality'"
#define INCIDENT_COLS                                                                              \
	"i.incident_id, i.rule, i.subject, i.farm_id, i.reason, i.status, i.window_start, "        \
	"i.window_end, i.opened_at, i.closed_at, i.closed_by, i.close_note"

enum {
	INC_COUNT_BATCH,
	INC_COUNT_FARM,
	INC_COUNT_PRODUCT,
	INC_IDS_BATCH,
	INC_IDS_FARM,
	INC_IDS_PRODUCT,
	INC_LATEST,
	INC_INSERT,
	INC_LINK,
	INC_GET,
	INC_LIST,
	INC_LIST_STATUS,
	INC_TICKETS,
	INC_OF_TICKET,
	INC_CLOSE,
	INC__MAX
};

static const char *const incident_sql[INC__MAX] = {
    [INC_COUNT_BATCH] = "SELECT count(*) FROM tickets t WHERE t.batch_number = $1 AND "
			"t.created_at >= $2 AND " COMPLAINT,
    [INC_COUNT_FARM] = "SELECT count(*) FROM batches b JOIN tickets t ON t.batch_number = "
		       "b.batch_number WHERE b.farm_id = $1 AND t.created_at >= $2 AND " COMPLAINT,
    [INC_COUNT_PRODUCT] = "SELECT count(*) FROM batches b JOIN tickets t ON t.batch_number = "
			  "b.batch_number WHERE b.product = $1 AND t.created_at >= $2 "
			  "AND " COMPLAINT,
    [INC_IDS_BATCH] = "SELECT t.ticket_id FROM tickets t WHERE t.batch_number = $1 AND "
		      "t.created_at >= $2 AND " COMPLAINT " ORDER BY t.created_at, t.ticket_id",
    [INC_IDS_FARM] = "SELECT t.ticket_id FROM batches b JOIN tickets t ON t.batch_number = "
		     "b.batch_number WHERE b.farm_id = $1 AND t.created_at >= $2 AND " COMPLAINT
		     " ORDER BY t.created_at, t.ticket_id",
    [INC_IDS_PRODUCT] = "SELECT t.ticket_id FROM batches b JOIN tickets t ON t.batch_number = "
			"b.batch_number WHERE b.product = $1 AND t.created_at >= $2 AND " COMPLAINT
			" ORDER BY t.created_at, t.ticket_id",
    [INC_LATEST] = "SELECT " INCIDENT_COLS " FROM incidents i WHERE i.rule = $1 AND "
		   "i.subject = $2 ORDER BY i.window_end DESC, i.incident_id DESC LIMIT 1",
    [INC_INSERT] = "INSERT INTO incidents (rule, subject, farm_id, reason, status, "
		   "window_start, window_end, opened_at) VALUES ($1, $2, $3, $4, 'open', $5, $6, "
		   "$7) RETURNING incident_id",
    [INC_LINK] = "INSERT INTO incident_tickets (incident_id, ticket_id, linked_at) VALUES ($1, "
		 "$2, $3) ON CONFLICT (incident_id, ticket_id) DO NOTHING",
    [INC_GET] = "SELECT " INCIDENT_COLS ", (SELECT count(*) FROM incident_tickets x WHERE "
		"x.incident_id = i.incident_id) FROM incidents i WHERE i.incident_id = $1",
    [INC_LIST] = "SELECT " INCIDENT_COLS ", (SELECT count(*) FROM incident_tickets x WHERE "
		 "x.incident_id = i.incident_id) FROM incidents i ORDER BY i.incident_id DESC "
		 "LIMIT $1",
    [INC_LIST_STATUS] = "SELECT " INCIDENT_COLS ", (SELECT count(*) FROM incident_tickets x "
			"WHERE x.incident_id = i.incident_id) FROM incidents i WHERE i.status = "
			"$2 ORDER BY i.incident_id DESC LIMIT $1",
    [INC_TICKETS] = "SELECT t.ticket_id, t.number, t.kind, t.title, t.status, t.category, "
		    "t.customer_id, t.customer_name, t.batch_number, t.created_at FROM "
		    "incident_tickets x JOIN tickets t ON t.ticket_id = x.ticket_id WHERE "
		    "x.incident_id = $1 ORDER BY t.created_at, t.ticket_id",
    [INC_OF_TICKET] = "SELECT " INCIDENT_COLS ", (SELECT count(*) FROM incident_tickets y "
		      "WHERE y.incident_id = i.incident_id) FROM incident_tickets x JOIN incidents "
		      "i ON i.incident_id = x.incident_id WHERE x.ticket_id = $1 ORDER BY "
		      "i.incident_id DESC",
    [INC_CLOSE] = "UPDATE incidents SET status = 'closed', closed_by = $2, closed_at = $3, "
		  "close_note = $4 WHERE incident_id = $1 AND status = 'open'",
};

const struct db_sql_table store_incident_sql = {"incident", incident_sql, INC__MAX};

enum err_code store_incident_count(struct db *db, enum incident_rule r, const char *subject,
				   int64_t since, int64_t *n, struct error *e)
{
	struct db_stmt *st = db_q(db, incident_sql[INC_COUNT_BATCH + r], "ti", subject, since);
	int rc = st ? db_step(st) : DB_ERROR;

	*n = rc == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return rc == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_incident_complaints(struct db *db, enum incident_rule r, const char *subject,
					int64_t since, int64_t *ids, int max, int *n,
					struct error *e)
{
	return db_collect_ids(db_q(db, incident_sql[INC_IDS_BATCH + r], "ti", subject, since), ids,
			      max, n, e);
}

static void incident_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct incident *in = row;
	int rule = incident_rule_from_name(db_text(st, 1));

	in->id = db_int(st, 0);
	in->rule = rule < 0 ? IR_BATCH : (enum incident_rule)rule;
	in->subject = arena_strdup(a, db_text(st, 2));
	in->farm_id = db_text_or_null(a, st, 3);
	in->reason = arena_strdup(a, db_text(st, 4));
	in->status = arena_strdup(a, db_text(st, 5));
	in->window_start = db_int(st, 6);
	in->window_end = db_int(st, 7);
	in->opened_at = db_int(st, 8);
	in->closed_at = db_int_or_zero(st, 9);
	in->closed_by = db_int_or_zero(st, 10);
	in->close_note = db_text_or_null(a, st, 11);
}

static void incident_read_n(struct db_stmt *st, struct arena *a, void *row)
{
	incident_read(st, a, row);
	((struct incident *)row)->ntickets = db_int(st, 12);
}

enum err_code store_incident_latest(struct db *db, struct arena *a, enum incident_rule r,
				    const char *subject, struct incident *out, bool *found,
				    struct error *e)
{
	struct db_stmt *st =
	    db_q(db, incident_sql[INC_LATEST], "tt", incident_rule_name(r), subject);
	int rc = st ? db_step(st) : DB_ERROR;

	*found = rc == DB_ROW;
	if (*found)
		incident_read(st, a, out);
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_incident_insert(struct db *db, const struct incident *in, int64_t *id,
				    struct error *e)
{
	struct db_stmt *st =
	    db_q(db, incident_sql[INC_INSERT], "ttttiii", incident_rule_name(in->rule), in->subject,
		 in->farm_id, in->reason, in->window_start, in->window_end, in->opened_at);

	return db_returning_id(st, id) == DB_ROW ? ERR_OK : db_failed(e);
}

enum err_code store_incident_link(struct db *db, int64_t incident, int64_t ticket, int64_t at,
				  bool *added, struct error *e)
{
	int rc = db_x(db, incident_sql[INC_LINK], "iii", incident, ticket, at);

	*added = rc == DB_DONE && db_ops_of(db)->changes(db) > 0;
	return rc == DB_DONE ? ERR_OK : db_failed(e);
}

enum err_code store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident *out,
				 struct error *e)
{
	struct db_stmt *st = db_q(db, incident_sql[INC_GET], "i", id);
	int rc = st ? db_step(st) : DB_ERROR;

	if (rc == DB_ROW)
		incident_read_n(st, a, out);
	db_done(st);
	if (rc == DB_ROW)
		return ERR_OK;
	return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, "id", "no incident %lld", (long long)id)
			     : db_failed(e);
}

enum err_code store_incidents(struct db *db, struct arena *a, const char *status, int max,
			      struct incident **out, int *n, struct error *e)
{
	struct db_stmt *st =
	    status ? db_q(db, incident_sql[INC_LIST_STATUS], "it", (int64_t)max, status)
		   : db_q(db, incident_sql[INC_LIST], "i", (int64_t)max);

	return db_read_rows(st, a, sizeof(**out), incident_read_n, out, n, e);
}

static void ticket_row_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct incident_ticket *t = row;

	t->ticket_id = db_int(st, 0);
	t->number = arena_strdup(a, db_text(st, 1));
	t->kind = arena_strdup(a, db_text(st, 2));
	t->title = arena_strdup(a, db_text(st, 3));
	t->status = arena_strdup(a, db_text(st, 4));
	t->category = arena_strdup(a, db_text(st, 5));
	t->customer_id = db_text_or_null(a, st, 6);
	t->customer_name = db_text_or_null(a, st, 7);
	t->batch_number = db_text_or_null(a, st, 8);
	t->created_at = db_int(st, 9);
}

enum err_code store_incident_tickets(struct db *db, struct arena *a, int64_t id,
				     struct incident_ticket **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, incident_sql[INC_TICKETS], "i", id), a, sizeof(**out),
			    ticket_row_read, out, n, e);
}

enum err_code store_incidents_of_ticket(struct db *db, struct arena *a, int64_t ticket,
					struct incident **out, int *n, struct error *e)
{
	return db_read_rows(db_q(db, incident_sql[INC_OF_TICKET], "i", ticket), a, sizeof(**out),
			    incident_read_n, out, n, e);
}

enum err_code store_incident_close(struct db *db, int64_t id, int64_t by, int64_t at,
				   const char *note, struct error *e)
{
	int rc = db_x(db, incident_sql[INC_CLOSE], "iiit", id, by, at, note);

	return rc == DB_DONE ? ERR_OK : db_failed(e);
}
