/* SQL for customers' peers; see peer.h. */
#include "peer.h"

#include "../base/banned.h"

enum { PEER_RATES, PEER__MAX };

static const char *const peer_sql[PEER__MAX] = {
    [PEER_RATES] = "SELECT c.customer_id, (SELECT count(*) FROM orders o WHERE o.customer_id = "
		   "c.customer_id AND o.order_date >= $2), (SELECT count(*) FROM tickets t "
		   "WHERE t.kind IN ('b2b', 'b2c') AND t.customer_id = c.customer_id AND "
		   "t.created_at >= $3 AND t.category_group <> 'general') FROM customers c WHERE "
		   "c.type = $1",
};

const struct db_sql_table store_peer_sql = {"peer", peer_sql, PEER__MAX};

static void peer_read(struct db_stmt *st, struct arena *a, void *row)
{
	struct peer_row *p = row;

	p->customer_id = arena_strdup(a, db_text(st, 0));
	p->orders = db_int(st, 1);
	p->complaints = db_int(st, 2);
}

enum err_code store_peer_rates(struct db *db, struct arena *a, const char *type,
			       const char *since_date, int64_t since, struct peer_row **out, int *n,
			       struct error *e)
{
	return db_read_rows(db_q(db, peer_sql[PEER_RATES], "tti", type, since_date, since), a,
			    sizeof(**out), peer_read, out, n, e);
}
