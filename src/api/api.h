/* The JSON API: one file per resource, each handler turning a request into a use case call
 * and its result into a reply.  The route table is in routes.c. */
#ifndef TICKETD_API_H
#define TICKETD_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../http/json.h"
#include "../http/jw.h"
#include "../http/router.h"
#include "../http/server.h"
#include "../service/evidence.h"
#include "../service/page.h"
#include "../service/service.h"

/* Long-lived state shared by every request; read-only after start-up. */
struct app {
	struct store *store;
	bool test_clock;
	bool secure_cookies; /* add Secure to the session cookie (behind HTTPS) */
	const char *web_dir; /* the built web UI (index.html and assets/); NULL: none */
	/* Who may read GET /metrics: a bearer token, and/or client addresses (networks made by
	 * api_metrics_allow); with neither, nobody. */
	const char *metrics_token;
	struct metrics_net *metrics_allow;
	int metrics_nallow;
	bool access_log; /* one log line per answered request */
};

/* A network clients may read /metrics from: 10.0.0.0/8, 127.0.0.1, ::1/128. */
struct metrics_net {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int prefix; /* bits */
};

/* Parses a comma-separated list of addresses and networks into app->metrics_allow; false
 * with the reason in err when one is not an address. */
bool api_metrics_allow(struct app *app, const char *list, char *err, size_t errlen);
/* The server's completed hook: counts the request for /metrics and writes its access line. */
void api_completed(struct request *r, bool sent);
/* The ticket kinds (KB bits) the caller's API token reaches; every kind without a token. */
unsigned api_token_kinds(struct request *r);
/* The route table's row for r (NULL when none matched) as a number for the metrics. */
int api_route_index(const struct request *r);
/* Route i's method and pattern; false past the table's end. */
bool api_route_name(int i, const char **method, const char **pattern);

/* The server's request handler: routing, authentication, roles, then the route's handler. */
void api_handle(struct request *r);
/* The server's admit hook (server_config.admit): routing, the same-origin check,
 * authentication and roles, before the body of a request that may change data is read, so
 * that one who may not send a body is refused before it takes any memory or disk. */
bool api_admit(struct request *r);

/* A use-case context for r, acting as its authenticated user (if any). */
struct ctx api_ctx(struct request *r);
/* The authenticated user (NULL on public routes). */
const struct user *api_user(struct request *r);
/* The route's numbered path capture. */
const char *api_param(struct request *r, int i);
/* Path parameter i as a positive id into *id; otherwise answers 404 "no WHAT 'X'" (the
 * envelope's field is "id") and returns false. */
bool api_param_id(struct request *r, int i, const char *what, int64_t *id);

/* idempotency.c: the Idempotency-Key header.  begin claims the key before the handler
 * runs: false when it has answered instead (a replay, a retry while the first runs, a key
 * reused for another request, a bad key); end keeps the handler's answer. */
bool api_idempotency_begin(struct request *r);
/* Whose Idempotency-Keys a portal request's are: its customer and contact (portal.c). */
const char *api_portal_scope(struct request *r);
void api_idempotency_end(struct request *r);

/* Replies with r->err when rc is an error, and returns whether it was. */
bool api_failed(struct request *r, enum err_code rc);

/* Checks the query string: each key must be in the NULL-terminated list (400 otherwise). */
enum err_code api_query_only(struct request *r, const char *const *allowed);

/* JSON views of domain values. */
json_t *user_json(const struct user *u);
/* A ticket's columns (ticket_cols flagged COL_JSON, of its kind) and what is computed beside
 * them, as key: value pairs, inside an object the caller opened. */
void ticket_write(struct jw *w, const struct ticket *t);
/* A list row: the same for the columns flagged COL_LIST (status, assignee and team, created
 * and updated times, SLA, the B2C policy flag, the release, the short fields), without
 * long texts, contact details, the outcome and the transitions. */
void ticket_write_row(struct jw *w, const struct ticket *t);
/* Replies with the ticket alone, without its order context and evidence. */
void reply_ticket_only(struct request *r, int status, const struct ticket *t);
json_t *event_json(const struct ticket_event *ev);
json_t *approval_json(const struct approval *a);
/* Writes an order's context (svc_order_context) into w: the order with its lines (and the
 * batches each came from), customer and invoices, as one object; runs no query. */
struct order_context;
void order_context_jw(struct jw *w, const struct order_context *oc);

/* Handlers, by file. */
void api_login(struct request *r);
void api_logout(struct request *r);
void api_me(struct request *r);
void api_users(struct request *r);
void api_users_create(struct request *r);

/* docs/openapi.yaml as built (scripts/embed_file.py). */
extern const char api_openapi_yaml[];
extern const size_t api_openapi_yaml_len;

void api_healthz(struct request *r);
void api_tokens(struct request *r);
void api_token_create(struct request *r);
void api_token_revoke(struct request *r);
void api_metrics(struct request *r);
void api_openapi(struct request *r);
void api_catalog(struct request *r);
void api_test_clock(struct request *r);
void api_test_sweep(struct request *r);

void api_notifications(struct request *r);
void api_notification_read(struct request *r);
void api_notification_prefs(struct request *r);
void api_notification_prefs_put(struct request *r);
void api_settings_sla(struct request *r);
void api_settings_sla_put(struct request *r);
void api_settings_smtp(struct request *r);
void api_settings_smtp_put(struct request *r);

void api_records_put(struct request *r);
void api_customers(struct request *r);
void api_customer(struct request *r);
void api_customer_orders(struct request *r);
void api_order(struct request *r);

void api_ticket_create(struct request *r);
void api_ticket_list(struct request *r);
void api_tickets_list(struct request *r);
void api_ticket_get(struct request *r);
void api_ticket_update(struct request *r);
void api_ticket_assign(struct request *r);
void api_ticket_resolve(struct request *r);
void api_ticket_close(struct request *r);
void api_ticket_comments(struct request *r);
void api_ticket_comment_add(struct request *r);
void api_ticket_timeline(struct request *r);
void api_ticket_policy_exception(struct request *r);

void api_incidents(struct request *r);
void api_incident(struct request *r);
void api_incident_close(struct request *r);
void api_ticket_incidents(struct request *r);
void api_settings_patterns(struct request *r);
void api_settings_patterns_put(struct request *r);
/* export.c: CSV.  Whether the client asks for CSV (Accept: text/csv). */
bool api_wants_csv(struct request *r);
/* The filters, order and kinds of a ticket list request (across: /api/tickets/list and its
 * kind=, else the route's kind); *named: kind= named the kinds.  400 on a bad filter. */
enum err_code api_ticket_query(struct request *r, bool across, struct ticket_query *q, bool *named);
/* Replies with a report (taking it): JSON, or with Accept: text/csv one CSV row per figure
 * (its path in the JSON and its value), as file name. */
void api_reply_report(struct request *r, json_t *report, const char *name);
void api_tickets_export(struct request *r);
void api_ticket_export(struct request *r);
void api_webhooks(struct request *r);
void api_webhook(struct request *r);
void api_webhook_create(struct request *r);
void api_webhook_update(struct request *r);
void api_webhook_deliveries(struct request *r);
void api_views(struct request *r);
void api_view_create(struct request *r);
void api_view_update(struct request *r);
void api_view_delete(struct request *r);
void api_ticket_links(struct request *r);
void api_ticket_link_add(struct request *r);
void api_ticket_merge(struct request *r);
void api_ticket_split(struct request *r);

void api_teams(struct request *r);
void api_team(struct request *r);
void api_team_create(struct request *r);
void api_team_update(struct request *r);
void api_user_availability(struct request *r);

void api_releases(struct request *r);
void api_release(struct request *r);
void api_release_create(struct request *r);
void api_release_update(struct request *r);
void api_release_publish(struct request *r);
void api_ticket_plan(struct request *r);
void api_internal_metrics(struct request *r);

void api_templates(struct request *r);
void api_template(struct request *r);
void api_template_create(struct request *r);
void api_template_update(struct request *r);
void api_template_delete(struct request *r);
void api_ticket_reply(struct request *r);
void api_ticket_reply_preview(struct request *r);

void api_approvals(struct request *r);
void api_approval_approve(struct request *r);
void api_approval_reject(struct request *r);
void api_settings_workflow(struct request *r);
void api_settings_workflow_put(struct request *r);

/* integrations.c: Zoho Books and WooCommerce (issue 15) */
void api_settings_integration(struct request *r);
void api_settings_integration_put(struct request *r);
void api_settings_integration_test(struct request *r);
void api_woo_order(struct request *r);
void api_ticket_postings(struct request *r);
void api_posting_retry(struct request *r);
/* dashboard.c */
void api_dashboard(struct request *r);

/* evidence.c, trace.c, wastage.c and customers.c: files, the communication log and
 * traceability. */
json_t *attachment_json(const struct attachment *at);
/* A create request's body: JSON, or multipart with a 'ticket' JSON part and 'photos'
 * parts; photo_upload_ids are taken out of the object into *ev. */
enum err_code api_ticket_body(struct request *r, json_t **body, struct evidence **ev);
void api_reply_ticket(struct request *r, int status, const struct ticket *t);
/* Writes a customer ticket's root cause, known batch and photo count into its object, from
 * its page (svc_page_read, svc_page_of); runs no query. */
void ticket_evidence_jw(struct jw *w, const struct ticket_evidence *ev);
/* A ticket row of the evidence reports (a batch's tickets, a customer's history). */
struct complaint;
json_t *complaint_json(const struct complaint *t);
/* A multipart body of photos (parts named 'photos') into ev. */
enum err_code api_photos_body(struct request *r, struct evidence *ev);
/* Replies with an opened attachment's bytes (svc_attachment_open), taking body. */
void api_reply_attachment(struct request *r, const struct attachment *at, struct files_body *body,
			  const char *type);
void api_upload(struct request *r);
void api_attachment(struct request *r);
void api_ticket_attachments(struct request *r);
void api_ticket_attachments_add(struct request *r);
void api_ticket_photos_add(struct request *r);
void api_ticket_communications(struct request *r);
void api_ticket_communication_add(struct request *r);
void api_ticket_root_cause(struct request *r);
void api_records_put_trace(struct request *r);
void api_batch(struct request *r);
void api_batch_investigation(struct request *r);
void api_farm(struct request *r);
void api_farm_flag(struct request *r);
void api_customer_flags(struct request *r);
void api_wastage(struct request *r);
void api_settings_complaints(struct request *r);
void api_settings_complaints_put(struct request *r);

/* whatsapp.c: settings, the webhook, the conversation inbox. */
struct whatsapp_work;
/* The ticket fields of a JSON body (tickets.c), for forms that make a ticket. */
enum err_code api_ticket_input(struct request *r, json_t *body, struct ticket_input *in);
json_t *whatsapp_work_json(const struct whatsapp_work *w);
/* A reply's WhatsApp part: sent for real or not, to whom, as text or template. */
json_t *whatsapp_reply_json(const struct reply *rep);
void api_settings_whatsapp(struct request *r);
void api_settings_whatsapp_put(struct request *r);
void api_settings_whatsapp_test(struct request *r);
void api_whatsapp_verify(struct request *r);
void api_whatsapp_webhook(struct request *r);
void api_whatsapp_conversations(struct request *r);
void api_whatsapp_conversation(struct request *r);
void api_whatsapp_media(struct request *r);
void api_whatsapp_ticket(struct request *r);
void api_whatsapp_append(struct request *r);
void api_ticket_whatsapp(struct request *r);

/* portal.c: the customer portal (issue 16), its staff side and the survey links. */
void api_portal_code(struct request *r);
void api_portal_verify(struct request *r);
void api_portal_password(struct request *r);
void api_portal_link(struct request *r);
void api_portal_logout(struct request *r);
void api_portal_me(struct request *r);
void api_portal_deliveries(struct request *r);
void api_portal_claim(struct request *r);
void api_portal_tickets(struct request *r);
void api_portal_ticket(struct request *r);
void api_portal_reply(struct request *r);
void api_portal_photos(struct request *r);
void api_portal_rate(struct request *r);
void api_portal_attachment(struct request *r);
void api_portal_survey(struct request *r);
void api_portal_survey_answer(struct request *r);
void api_portal_contacts(struct request *r);
void api_portal_contact_create(struct request *r);
void api_portal_contact_update(struct request *r);
void api_portal_link_create(struct request *r);
void api_settings_portal(struct request *r);
void api_settings_portal_put(struct request *r);

#endif
