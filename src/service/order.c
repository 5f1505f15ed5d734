/* A sales order's context; see order.h. */
#include "order.h"

#include <string.h>

#include "../base/banned.h"

enum err_code svc_order_context(struct ctx *c, const char *so_id, struct order_context *out)
{
	return store_order_context(svc_db(c), c->a, so_id, out, ORDER_INVOICES_MAX, c->e);
}

enum err_code svc_orders_of_customer(struct ctx *c, const char *customer_id, int max,
				     struct order_context **out, int *n)
{
	struct db *db = svc_db(c);
	struct customer cu;
	const char **ids = arena_zalloc(c->a, sizeof(*ids) * (size_t)(max > 0 ? max : 1));
	int nids = 0;
	enum err_code rc = store_customer_get(db, c->a, customer_id, &cu, c->e);

	*n = 0;
	*out = arena_zalloc(c->a, sizeof(**out) * (size_t)(max > 0 ? max : 1));
	if (!rc)
		rc = store_orders_of_customer(db, c->a, cu.customer_id, ids, max, &nids, c->e);
	if (rc)
		return rc;
	for (int i = 0; i < nids; i++) {
		struct ctx quiet = *c;
		struct error ignored = {0};

		quiet.e = &ignored; /* an order that cannot be read is left out */
		if (!svc_order_context(&quiet, ids[i], &(*out)[*n]))
			(*n)++;
	}
	return ERR_OK;
}
