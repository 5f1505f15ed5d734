/* A sales order's context; see order.h. */
#include "order.h"

#include <string.h>

#include "../base/banned.h"

enum err_code svc_order_context(struct ctx *c, const char *so_id, struct order_context *out)
{
	struct db *db = svc_db(c);
	struct error ignored;
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	rc = store_order_context(db, c->a, so_id, &out->order, &out->customer, &out->has_customer,
				 &out->allocations, &out->nallocations, c->e);
	if (rc)
		return rc;
	out->invoices = arena_zalloc(c->a, sizeof(*out->invoices) * ORDER_INVOICES_MAX);
	if (store_invoices_of_order(db, c->a, so_id, out->invoices, ORDER_INVOICES_MAX,
				    &out->ninvoices, &ignored))
		out->ninvoices = 0;
	return ERR_OK;
}
