/* The business's own systems (issue 15): the Zoho Books and WooCommerce connections
 * (settings, admin only, secrets write-only), "test connection", WooCommerce orders fetched
 * for B2C tickets, and the postings a decided resolution makes there, delivered through the
 * outbox worker (posting.c). */
#ifndef TICKETD_SERVICE_INTEGRATION_H
#define TICKETD_SERVICE_INTEGRATION_H

#include "service.h"
#include "../store/posting.h"

enum integration_system { SYS_ZOHO_BOOKS, SYS_WOOCOMMERCE, SYS__MAX };

struct zoho_settings {
	bool enabled;
	const char *data_centre; /* com, eu, in, com.au, jp, ca, sa */
	const char *accounts_url, *api_url, *web_url;
	const char *client_id, *client_secret, *refresh_token, *organization_id;
};

struct woo_settings {
	bool enabled;
	const char *store_url;
	const char *consumer_key, *consumer_secret;
	bool api_refund; /* refunds go through the payment gateway */
};

/* "zoho_books" or "woocommerce" to its enum; -1 when it is neither. */
int integration_system_from_name(const char *name);
const char *integration_system_name(enum integration_system s);

enum err_code svc_zoho_settings(struct ctx *c, struct zoho_settings *out);
enum err_code svc_woo_settings(struct ctx *c, struct woo_settings *out);
/* The clients' configuration from the settings (pointing into them). */
struct zoho_config;
struct woo_config;
void svc_zoho_config(const struct zoho_settings *z, struct zoho_config *out);
void svc_woo_config(const struct woo_settings *w, struct woo_config *out);

/* GET and PUT /api/settings/integrations/{system} (admins): the settings as served, with
 * each secret as "<name>_set" only.  A PUT replaces the settings; a secret left out keeps
 * its stored value, null or "" clears it.  *out is the JSON to serve (caller decrefs). */
enum err_code svc_integration_settings(struct ctx *c, enum integration_system s, json_t **out);
enum err_code svc_integration_settings_put(struct ctx *c, enum integration_system s, json_t *body,
					   json_t **out);
/* "Test connection": one harmless call with the stored settings (on or off); *out is
 * {"ok", "status", "message"} with what the remote said.  422 when the settings lack what
 * the call needs. */
enum err_code svc_integration_test(struct ctx *c, enum integration_system s, json_t **out);

/* A WooCommerce order by its number, as a B2C ticket takes it: customer name, email,
 * phone, line items, the completed time as the delivery time.  ERR_NOT_FOUND (with a message
 * saying the details can be entered by hand) when WooCommerce has no such order; 409 when
 * WooCommerce is not set up; 503 when it cannot be reached. */
enum err_code svc_woo_order(struct ctx *c, const char *number, json_t **out);
/* At B2C creation: with WooCommerce on and a woo_order_number, fills the customer's name,
 * email, phone, delivery date and items that were left out from the order.  An order that
 * cannot be fetched adds an error on woo_order_number (e's list) only when the name or the
 * delivery date is missing, so details entered by hand always do. */
void svc_woo_prefill(struct ctx *c, enum kind k, struct ticket_input *in);

/* --- posting.c -------------------------------------------------------------------- */

/* Inside the transaction that resolves ticket t with r: one pending posting per document
 * the resolution makes in a system that is on. */
enum err_code svc_postings_enqueue(struct ctx *c, const struct ticket *t,
				   const struct resolution *r);
/* Delivers the postings that are due (the outbox worker); counts posted and given up. */
enum err_code svc_postings_deliver(struct ctx *c, int *posted, int *failed);
/* A ticket's postings (staff who may see the ticket). */
enum err_code svc_ticket_postings(struct ctx *c, enum kind k, const char *id, struct posting **out,
				  int *n);
/* A manager's retry of a failed posting: pending again, due now. */
enum err_code svc_posting_retry(struct ctx *c, int64_t id, struct posting *out);
json_t *posting_json(const struct posting *p);

#endif
