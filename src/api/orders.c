/* A customer's recent sales orders, each with its lines (and the batches they came from)
 * and invoices: what the B2B form offers to pick from once the customer is chosen. */
#include <stdlib.h>

#include "api.h"
#include "../service/order.h"
#include "../base/banned.h"

#define RECENT_ORDERS_MAX 50

/* GET /api/customers/{id}/orders?limit=: newest order first (10 unless limit says, 1-50);
 * 404 for an unknown customer. */
void api_customer_orders(struct request *r)
{
	static const char *const keys[] = {"limit", NULL};
	struct ctx c = api_ctx(r);
	struct order_context *orders;
	const char *l = req_query(r, "limit");
	int n = 0, limit = 10;
	struct strbuf sb;
	struct jw w;

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (l && *l) {
		char *end;
		long v = strtol(l, &end, 10);

		if (*end || v < 1 || v > RECENT_ORDERS_MAX) {
			err_set(&r->err, ERR_BAD_REQUEST, "limit", "limit is a number from 1 to %d",
				RECENT_ORDERS_MAX);
			reply_error(r);
			return;
		}
		limit = (int)v;
	}
	if (api_failed(r, svc_orders_of_customer(&c, api_param(r, 0), limit, &orders, &n)))
		return;
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++)
		order_context_jw(&w, &orders[i]);
	jw_end_array(&w);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}
