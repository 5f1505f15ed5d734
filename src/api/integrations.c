/* The business's own systems (issue 15): the Zoho Books and WooCommerce settings and their
 * "test connection", a WooCommerce order for a B2C ticket, and a ticket's postings with a
 * manager's retry. */
#include <stdlib.h>

#include "api.h"
#include "../service/integration.h"
#include "../base/banned.h"

/* The {system} of the path; false (404 replied) when it is not one. */
static bool system_of(struct request *r, enum integration_system *out)
{
	int s = integration_system_from_name(api_param(r, 0));

	if (s < 0) {
		err_set(&r->err, ERR_NOT_FOUND, NULL,
			"no integration '%s': the systems are zoho_books and woocommerce",
			api_param(r, 0));
		reply_error(r);
		return false;
	}
	*out = (enum integration_system)s;
	return true;
}

/* GET /api/settings/integrations/{system} */
void api_settings_integration(struct request *r)
{
	struct ctx c = api_ctx(r);
	enum integration_system s;
	json_t *out;

	if (!system_of(r, &s) || api_failed(r, svc_integration_settings(&c, s, &out)))
		return;
	reply_json(r, 200, out);
}

/* PUT /api/settings/integrations/{system} */
void api_settings_integration_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	enum integration_system s;
	json_t *body, *out;

	if (!system_of(r, &s) || api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_integration_settings_put(&c, s, body, &out)))
		return;
	reply_json(r, 200, out);
}

/* POST /api/settings/integrations/{system}/test */
void api_settings_integration_test(struct request *r)
{
	struct ctx c = api_ctx(r);
	enum integration_system s;
	json_t *out;

	if (!system_of(r, &s) || api_failed(r, svc_integration_test(&c, s, &out)))
		return;
	reply_json(r, 200, out);
}

/* GET /api/woocommerce/orders/{number} */
void api_woo_order(struct request *r)
{
	struct ctx c = api_ctx(r);
	json_t *out;

	if (api_failed(r, svc_woo_order(&c, api_param(r, 0), &out)))
		return;
	reply_json(r, 200, out);
}

/* GET /api/tickets/{b2b|b2c}/{id}/postings */
void api_ticket_postings(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct posting *items;
	int n;

	if (api_failed(r, svc_ticket_postings(&c, (enum kind)((const struct route *)r->route)->arg,
					      api_param(r, 0), &items, &n)))
		return;
	json_t *arr = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(arr, posting_json(&items[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* POST /api/postings/{id}/retry */
void api_posting_retry(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct posting p;
	int64_t id;

	if (!api_param_id(r, 0, "posting", &id))
		return;
	if (api_failed(r, svc_posting_retry(&c, id, &p)))
		return;
	reply_json(r, 200, posting_json(&p));
}
