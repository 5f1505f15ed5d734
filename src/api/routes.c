/* The route table and the request pipeline: match, authenticate, check the route's roles,
 * run the handler.  Every endpoint is a row here. */
#include <microhttpd.h>
#include <errno.h>
#include <string.h>

#include "api.h"
#include "../base/log.h"
#include "../base/metrics.h"
#include "../http/static.h"
#include "../service/portal.h"
#include "../base/banned.h"

#define STAFF	  ROLES_STAFF
#define ALL	  ROLES_ALL
#define ADMIN	  ROLE_BIT(ROLE_ADMIN)
#define MANAGERS  (ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_ADMIN))
#define STAFF_DEV (ROLES_STAFF | ROLE_BIT(ROLE_DEVELOPER))
#define DEVS	  (ROLE_BIT(ROLE_DEVELOPER) | ROLE_BIT(ROLE_ADMIN))
/* Not a staff role: the route is for a customer signed in to the portal (its own cookie),
 * and no staff sign-in reaches it, as no portal sign-in reaches any other route. */
#define PORTAL (1u << 31)
_Static_assert(ROLE__MAX < 31, "the PORTAL bit is no role's");

/* The route table reads best one route per line. */
/* clang-format off */
#define TICKET_ROUTES(KIND, ROLES) \
	{"POST", "/api/tickets/" #KIND "/create", api_ticket_create, ROLES, KIND_##KIND}, \
	{"GET", "/api/tickets/" #KIND "/list", api_ticket_list, ROLES, KIND_##KIND}, \
	{"GET", "/api/tickets/" #KIND "/{id}", api_ticket_get, ROLES, KIND_##KIND}, \
	{"POST", "/api/tickets/" #KIND "/{id}/update", api_ticket_update, ROLES, KIND_##KIND}, \
	{"POST", "/api/tickets/" #KIND "/{id}/assign", api_ticket_assign, ROLES, KIND_##KIND}, \
	{"POST", "/api/tickets/" #KIND "/{id}/resolve", api_ticket_resolve, ROLES, KIND_##KIND}, \
	{"POST", "/api/tickets/" #KIND "/{id}/close", api_ticket_close, ROLES, KIND_##KIND}, \
	{"GET", "/api/tickets/" #KIND "/{id}/comments", api_ticket_comments, ROLES, KIND_##KIND}, \
	{"POST", "/api/tickets/" #KIND "/{id}/comments", api_ticket_comment_add, ROLES, KIND_##KIND}, \
	{"GET", "/api/tickets/" #KIND "/{id}/timeline", api_ticket_timeline, ROLES, KIND_##KIND}

#define KIND_b2b      KIND_B2B
#define KIND_b2c      KIND_B2C
#define KIND_internal KIND_INTERNAL

static const struct route routes[] = {
	{"GET", "/healthz", api_healthz, 0, 0},
	{"GET", "/metrics", api_metrics, 0, 0},
	{"GET", "/api/openapi.yaml", api_openapi, 0, 0},
	{"POST", "/api/auth/login", api_login, 0, 0},
	{"POST", "/api/auth/logout", api_logout, 0, 0},
	{"GET", "/api/me", api_me, ALL, 0},
	{"GET", "/api/users", api_users, ALL, 0},
	{"POST", "/api/users", api_users_create, ADMIN, 0},
	{"GET", "/api/catalog", api_catalog, ALL, 0},
	{"GET", "/api/tokens", api_tokens, ALL, 0},
	{"POST", "/api/tokens", api_token_create, ALL, 0},
	{"DELETE", "/api/tokens/{id}", api_token_revoke, ALL, 0},
	{"POST", "/api/test/clock", api_test_clock, ADMIN, 0},
	{"POST", "/api/test/sweep", api_test_sweep, ADMIN, 0},

	{"GET", "/api/notifications", api_notifications, ALL, 0},
	{"POST", "/api/notifications/{id}/read", api_notification_read, ALL, 0},
	{"GET", "/api/notifications/preferences", api_notification_prefs, ALL, 0},
	{"PUT", "/api/notifications/preferences", api_notification_prefs_put, ALL, 0},
	{"GET", "/api/settings/sla", api_settings_sla, ALL, 0},
	{"PUT", "/api/settings/sla", api_settings_sla_put, ADMIN, 0},
	{"GET", "/api/settings/smtp", api_settings_smtp, ADMIN, 0},
	{"PUT", "/api/settings/smtp", api_settings_smtp_put, ADMIN, 0},
	{"GET", "/api/settings/workflow", api_settings_workflow, STAFF, 0},
	{"GET", "/api/settings/integrations/whatsapp", api_settings_whatsapp, ADMIN, 0},
	{"PUT", "/api/settings/integrations/whatsapp", api_settings_whatsapp_put, ADMIN, 0},
	{"POST", "/api/settings/integrations/whatsapp/test", api_settings_whatsapp_test, ADMIN, 0},

	/* WhatsApp (issue 15): the webhook is public, its POST checked by Meta's signature. */
	{"GET", "/api/whatsapp/webhook", api_whatsapp_verify, 0, 0},
	{"POST", "/api/whatsapp/webhook", api_whatsapp_webhook, 0, 0},
	{"GET", "/api/whatsapp/conversations", api_whatsapp_conversations, STAFF, 0},
	{"GET", "/api/whatsapp/conversations/{id}", api_whatsapp_conversation, STAFF, 0},
	{"POST", "/api/whatsapp/conversations/{id}/ticket", api_whatsapp_ticket, STAFF, 0},
	{"POST", "/api/whatsapp/conversations/{id}/append", api_whatsapp_append, STAFF, 0},
	{"GET", "/api/whatsapp/messages/{id}/media", api_whatsapp_media, STAFF, 0},
	{"GET", "/api/tickets/b2b/{id}/whatsapp", api_ticket_whatsapp, STAFF, KIND_B2B},
	{"GET", "/api/tickets/b2c/{id}/whatsapp", api_ticket_whatsapp, STAFF, KIND_B2C},
	{"PUT", "/api/settings/workflow", api_settings_workflow_put, ADMIN, 0},
	{"GET", "/api/settings/integrations/{system}", api_settings_integration, ADMIN, 0},
	{"PUT", "/api/settings/integrations/{system}", api_settings_integration_put, ADMIN, 0},
	{"POST", "/api/settings/integrations/{system}/test", api_settings_integration_test, ADMIN, 0},
	{"GET", "/api/woocommerce/orders/{number}", api_woo_order, STAFF, 0},
	{"GET", "/api/tickets/b2b/{id}/postings", api_ticket_postings, STAFF, KIND_B2B},
	{"GET", "/api/tickets/b2c/{id}/postings", api_ticket_postings, STAFF, KIND_B2C},
	{"POST", "/api/postings/{id}/retry", api_posting_retry, MANAGERS, 0},

	{"GET", "/api/teams", api_teams, STAFF_DEV, 0},
	{"POST", "/api/teams", api_team_create, MANAGERS, 0},
	{"GET", "/api/teams/{id}", api_team, STAFF_DEV, 0},
	{"PUT", "/api/teams/{id}", api_team_update, MANAGERS, 0},
	{"POST", "/api/users/{id}/availability", api_user_availability, STAFF_DEV, 0},

	{"GET", "/api/releases", api_releases, ALL, 0},
	{"POST", "/api/releases", api_release_create, DEVS, 0},
	{"GET", "/api/releases/{id}", api_release, ALL, 0},
	{"PUT", "/api/releases/{id}", api_release_update, DEVS, 0},
	{"POST", "/api/releases/{id}/publish", api_release_publish, DEVS, 0},
	{"GET", "/api/metrics/internal", api_internal_metrics, ALL, 0},
	{"POST", "/api/tickets/internal/{id}/plan", api_ticket_plan, DEVS, KIND_INTERNAL},

	{"GET", "/api/templates", api_templates, STAFF, 0},
	{"POST", "/api/templates", api_template_create, MANAGERS, 0},
	{"GET", "/api/templates/{id}", api_template, STAFF, 0},
	{"PUT", "/api/templates/{id}", api_template_update, MANAGERS, 0},
	{"DELETE", "/api/templates/{id}", api_template_delete, MANAGERS, 0},
	{"POST", "/api/tickets/b2b/{id}/reply", api_ticket_reply, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2c/{id}/reply", api_ticket_reply, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2b/{id}/reply/preview", api_ticket_reply_preview, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2c/{id}/reply/preview", api_ticket_reply_preview, STAFF, KIND_B2C},

	{"GET", "/api/dashboard", api_dashboard, STAFF, 0},

	{"GET", "/api/approvals", api_approvals, MANAGERS, 0},
	{"POST", "/api/approvals/{id}/approve", api_approval_approve, MANAGERS, 0},
	{"POST", "/api/approvals/{id}/reject", api_approval_reject, MANAGERS, 0},

	{"PUT", "/api/records/customers", api_records_put, ADMIN, 0},
	{"PUT", "/api/records/orders", api_records_put, ADMIN, 1},
	{"PUT", "/api/records/invoices", api_records_put, ADMIN, 2},
	{"GET", "/api/customers", api_customers, STAFF, 0},
	{"GET", "/api/customers/{id}", api_customer, STAFF, 0},
	{"GET", "/api/customers/{id}/orders", api_customer_orders, STAFF, 0},
	{"GET", "/api/orders/{so_id}", api_order, STAFF, 0},

	/* Evidence and traceability (issue 4). */
	{"PUT", "/api/records/farms", api_records_put_trace, ADMIN, 0},
	{"PUT", "/api/records/batches", api_records_put_trace, ADMIN, 1},
	{"GET", "/api/batches/{batch_number}", api_batch, STAFF, 0},
	{"GET", "/api/batches/{batch_number}/investigation", api_batch_investigation, STAFF, 0},
	{"GET", "/api/farms/{id}", api_farm, STAFF, 0},
	{"POST", "/api/farms/{id}/flags", api_farm_flag, STAFF, 0},
	{"POST", "/api/customers/{id}/flags", api_customer_flags, ROLE_BIT(ROLE_MANAGER) | ADMIN, 0},
	{"GET", "/api/wastage", api_wastage, STAFF, 0},
	{"GET", "/api/settings/complaints", api_settings_complaints, STAFF, 0},
	{"PUT", "/api/settings/complaints", api_settings_complaints_put, ROLE_BIT(ROLE_MANAGER) | ADMIN, 0},
	{"POST", "/api/uploads", api_upload, STAFF, 0},
	{"GET", "/api/attachments/{id}", api_attachment, ALL, 0},
	{"GET", "/api/tickets/b2b/{id}/attachments", api_ticket_attachments, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2b/{id}/attachments", api_ticket_attachments_add, STAFF, KIND_B2B},
	{"GET", "/api/tickets/b2c/{id}/attachments", api_ticket_attachments, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2c/{id}/attachments", api_ticket_attachments_add, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2c/{id}/photos", api_ticket_photos_add, STAFF, KIND_B2C},
	{"GET", "/api/tickets/internal/{id}/attachments", api_ticket_attachments, ALL, KIND_INTERNAL},
	{"POST", "/api/tickets/internal/{id}/attachments", api_ticket_attachments_add, ALL, KIND_INTERNAL},
	{"GET", "/api/tickets/b2b/{id}/communications", api_ticket_communications, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2b/{id}/communications", api_ticket_communication_add, STAFF, KIND_B2B},
	{"GET", "/api/tickets/b2c/{id}/communications", api_ticket_communications, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2c/{id}/communications", api_ticket_communication_add, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2b/{id}/root-cause", api_ticket_root_cause, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2c/{id}/root-cause", api_ticket_root_cause, STAFF, KIND_B2C},

	/* Patterns, incidents and the help desk (issue 18). */
	{"GET", "/api/incidents", api_incidents, STAFF, 0},
	{"GET", "/api/incidents/{id}", api_incident, STAFF, 0},
	{"POST", "/api/incidents/{id}/close", api_incident_close, MANAGERS, 0},
	{"GET", "/api/settings/patterns", api_settings_patterns, STAFF, 0},
	{"PUT", "/api/settings/patterns", api_settings_patterns_put, MANAGERS, 0},
	{"GET", "/api/tickets/b2b/{id}/incidents", api_ticket_incidents, STAFF, KIND_B2B},
	{"GET", "/api/tickets/b2c/{id}/incidents", api_ticket_incidents, STAFF, KIND_B2C},
	{"GET", "/api/tickets/b2b/{id}/links", api_ticket_links, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2b/{id}/links", api_ticket_link_add, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2b/{id}/merge", api_ticket_merge, STAFF, KIND_B2B},
	{"POST", "/api/tickets/b2b/{id}/split", api_ticket_split, STAFF, KIND_B2B},
	{"GET", "/api/tickets/b2c/{id}/links", api_ticket_links, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2c/{id}/links", api_ticket_link_add, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2c/{id}/merge", api_ticket_merge, STAFF, KIND_B2C},
	{"POST", "/api/tickets/b2c/{id}/split", api_ticket_split, STAFF, KIND_B2C},
	{"GET", "/api/tickets/internal/{id}/links", api_ticket_links, STAFF_DEV, KIND_INTERNAL},
	{"POST", "/api/tickets/internal/{id}/links", api_ticket_link_add, STAFF_DEV, KIND_INTERNAL},
	{"POST", "/api/tickets/internal/{id}/merge", api_ticket_merge, STAFF_DEV, KIND_INTERNAL},

	{"GET", "/api/webhooks", api_webhooks, ADMIN, 0},
	{"POST", "/api/webhooks", api_webhook_create, ADMIN, 0},
	{"GET", "/api/webhooks/{id}", api_webhook, ADMIN, 0},
	{"PUT", "/api/webhooks/{id}", api_webhook_update, ADMIN, 0},
	{"GET", "/api/webhooks/{id}/deliveries", api_webhook_deliveries, ADMIN, 0},
	{"GET", "/api/views", api_views, ALL, 0},
	{"POST", "/api/views", api_view_create, ALL, 0},
	{"PUT", "/api/views/{id}", api_view_update, ALL, 0},
	{"DELETE", "/api/views/{id}", api_view_delete, ALL, 0},
	{"GET", "/api/tickets/export.csv", api_tickets_export, ALL, 0},
	{"GET", "/api/tickets/b2b/export.csv", api_ticket_export, STAFF, KIND_B2B},
	{"GET", "/api/tickets/b2c/export.csv", api_ticket_export, STAFF, KIND_B2C},
	{"GET", "/api/tickets/internal/export.csv", api_ticket_export, ALL, KIND_INTERNAL},
	{"GET", "/api/tickets/list", api_tickets_list, ALL, 0},
	TICKET_ROUTES(b2b, STAFF),
	TICKET_ROUTES(b2c, STAFF),
	{"POST", "/api/tickets/b2c/{id}/policy-exception", api_ticket_policy_exception,
	 ROLE_BIT(ROLE_MANAGER) | ADMIN, KIND_B2C},
	TICKET_ROUTES(internal, ALL),

	/* The customer portal (issue 16): signing in is public; the rest is for a portal
	 * principal only.  The survey's link is its own authority (one ticket, one answer). */
	{"POST", "/api/portal/auth/code", api_portal_code, 0, 0},
	{"POST", "/api/portal/auth/verify", api_portal_verify, 0, 0},
	{"POST", "/api/portal/auth/password", api_portal_password, 0, 0},
	{"POST", "/api/portal/auth/link", api_portal_link, 0, 0},
	{"POST", "/api/portal/auth/logout", api_portal_logout, 0, 0},
	{"POST", "/api/portal/survey", api_portal_survey, 0, 0},
	{"POST", "/api/portal/survey/answer", api_portal_survey_answer, 0, 0},
	{"GET", "/api/portal/me", api_portal_me, PORTAL, 0},
	{"GET", "/api/portal/deliveries", api_portal_deliveries, PORTAL, 0},
	{"POST", "/api/portal/claims", api_portal_claim, PORTAL, 0},
	{"GET", "/api/portal/tickets", api_portal_tickets, PORTAL, 0},
	{"GET", "/api/portal/tickets/{number}", api_portal_ticket, PORTAL, 0},
	{"POST", "/api/portal/tickets/{number}/replies", api_portal_reply, PORTAL, 0},
	{"POST", "/api/portal/tickets/{number}/photos", api_portal_photos, PORTAL, 0},
	{"POST", "/api/portal/tickets/{number}/rating", api_portal_rate, PORTAL, 0},
	{"GET", "/api/portal/photos/{id}", api_portal_attachment, PORTAL, 0},
	{"GET", "/api/customers/{id}/contacts", api_portal_contacts, STAFF, 0},
	{"POST", "/api/customers/{id}/contacts", api_portal_contact_create, STAFF, 0},
	{"PUT", "/api/customers/{id}/contacts/{contact_id}", api_portal_contact_update, STAFF, 0},
	{"POST", "/api/customers/{id}/portal-link", api_portal_link_create, STAFF, 0},
	{"GET", "/api/settings/portal", api_settings_portal, STAFF, 0},
	{"PUT", "/api/settings/portal", api_settings_portal_put, ADMIN, 0},
};

/* clang-format on */

static const int routes_len = (int)(sizeof(routes) / sizeof(routes[0]));
_Static_assert(sizeof(routes) / sizeof(routes[0]) < METRICS_OTHER,
	       "every route has counters of its own in metrics.h");

int api_route_index(const struct request *r)
{
	const struct route *rt = r->route;

	return rt && rt >= routes && rt < routes + routes_len ? (int)(rt - routes) : METRICS_OTHER;
}

bool api_route_name(int i, const char **method, const char **pattern)
{
	if (i < 0 || i >= routes_len)
		return false;
	*method = routes[i].method;
	*pattern = routes[i].pattern;
	return true;
}

struct ctx api_ctx(struct request *r)
{
	struct app *app = r->app;

	return (struct ctx){app->store, &r->arena, r->user, &r->err, r->idem};
}

const struct user *api_user(struct request *r)
{
	return r->user;
}

const char *api_param(struct request *r, int i)
{
	return i < r->nparams ? r->params[i] : "";
}

bool api_param_id(struct request *r, int i, const char *what, int64_t *id)
{
	const char *s = api_param(r, i);
	char *end;

	errno = 0;
	*id = strtoll(s, &end, 10);
	if (*s && !*end && *id > 0 && errno == 0)
		return true;
	err_set(&r->err, ERR_NOT_FOUND, "id", "no %s '%.40s'", what, s);
	reply_error(r);
	return false;
}

bool api_failed(struct request *r, enum err_code rc)
{
	if (rc == ERR_OK)
		return false;
	if (r->err.code == ERR_OK)
		err_set(&r->err, rc, NULL, "%s", err_name(rc));
	if (r->err.code == ERR_INTERNAL)
		log_error("api: %s %s: %s", r->method, r->path, r->err.message);
	reply_error(r);
	return true;
}

/* Who is calling: a bearer token, else the session cookie.  ERR_UNAUTHORIZED if neither
 * is given or valid. */
static enum err_code authenticate(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct user *u = arena_zalloc(&r->arena, sizeof(*u));
	const char *auth = req_header(r, "Authorization");
	const char *cookie = req_cookie(r, SESSION_COOKIE);
	enum err_code rc;

	const char *portal = req_cookie(r, PORTAL_COOKIE);

	if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
		rc = svc_auth_bearer(&c, auth + 7, u);
	else if (cookie && *cookie)
		rc = svc_auth_session(&c, cookie, u);
	else if (portal && *portal) /* not signed in as staff: the staff app shows its sign-in */
		rc = err_set(&r->err, ERR_UNAUTHORIZED, NULL,
			     "a customer portal sign-in does not reach the staff API (the portal's "
			     "API is under /api/portal/); staff sign in with POST /api/auth/login");
	else
		rc = err_set(&r->err, ERR_UNAUTHORIZED, NULL,
			     "sign in first (POST /api/auth/login) or send a bearer token");
	if (rc == ERR_OK)
		r->user = u;
	return rc;
}

/* A GET or HEAD outside /api/ and /healthz is a page or file of the web UI, when it is built;
 * otherwise the router answers as for any unknown path. */
static bool wants_web_ui(struct request *r)
{
	struct app *app = r->app;

	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return false;
	if (strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0 ||
	    strcmp(r->path, "/healthz") == 0 || strcmp(r->path, "/metrics") == 0)
		return false;
	return app->web_dir && static_available(app->web_dir);
}

/* What a browser says about where a request comes from (Sec-Fetch-Site), as a table:
 * only these values may change data.  "none" is the user's own doing (typed address,
 * bookmark); "same-site" is another origin of the site (a sibling subdomain) and is refused. */
static const char *const fetch_sites_allowed[] = {"same-origin", "none", NULL};

/* Public routes whose handler checks a signature over the raw body (a webhook) before it
 * looks at it: exempt from the same-origin check below, which the signature makes needless
 * (and a sender such as Meta's servers sets no browser headers anyway). */
static const char *const signed_routes[] = {"/api/whatsapp/webhook", NULL};

static bool signed_route(struct request *r)
{
	const struct route *rt = r->route;

	for (int i = 0; rt && !rt->roles && signed_routes[i]; i++)
		if (!strcmp(rt->pattern, signed_routes[i]))
			return true;
	return false;
}

/* Cross-site request forgery: the session cookie is SameSite=Strict, but a browser that
 * ignores it, or a form on a sibling subdomain, would still send it with a form post (and
 * forms can send multipart).  A request that may change data is refused when the browser
 * marks it as coming from another site: Sec-Fetch-Site when it is sent (every current
 * browser), else Origin compared with Host.  A client that sends neither header is not a
 * browser (scripts, the ERP's modules) and is not a forgery risk: it is let through. */
static enum err_code same_origin_check(struct request *r)
{
	const char *site = req_header(r, "Sec-Fetch-Site");
	const char *origin = req_header(r, "Origin");
	const char *host = req_header(r, "Host");

	if (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD") || signed_route(r))
		return ERR_OK;
	if (site) {
		for (const char *const *a = fetch_sites_allowed; *a; a++)
			if (!strcasecmp(site, *a))
				return ERR_OK;
		return err_set(&r->err, ERR_FORBIDDEN, NULL,
			       "a request from another site (Sec-Fetch-Site: %.40s) may not "
			       "change anything",
			       site);
	}
	if (!origin)
		return ERR_OK;
	const char *rest = !strncmp(origin, "http://", 7)    ? origin + 7
			   : !strncmp(origin, "https://", 8) ? origin + 8
							     : NULL;

	if (rest && host && !strcasecmp(rest, host))
		return ERR_OK;
	return err_set(&r->err, ERR_FORBIDDEN, NULL,
		       "a request from another origin (%.80s) may not change anything", origin);
}

/* The routes a token limited to some ticket kinds may use besides the ticket routes of those
 * kinds (/api/tickets/KIND/...): everything else may show other kinds' data, so it is
 * refused (docs/decisions.md, API tokens). */
static const char *const kind_token_routes[] = {"/api/me", "/api/catalog", "/api/tickets/list",
						NULL};

/* What the caller's API token allows beside the role: a read-only token only reads (GET,
 * HEAD), a token for some kinds reaches only their tickets.  403 otherwise, decided by the
 * route alone (never by whether a ticket exists). */
static enum err_code token_allows(struct request *r, const struct route *rt)
{
	const struct user *u = r->user;

	if (u->token_read_only && strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
		return err_set(&r->err, ERR_FORBIDDEN, NULL,
			       "this API token is read-only: %s %s changes data", r->method,
			       rt->pattern);
	if (!u->token_kinds)
		return ERR_OK;
	for (const char *const *p = kind_token_routes; *p; p++)
		if (!strcmp(rt->pattern, *p))
			return ERR_OK;
	if (!strncmp(rt->pattern, "/api/tickets/", 13)) {
		const char *kind = rt->pattern + 13;
		size_t n = strcspn(kind, "/");
		char name[16] = "";
		int k = -1;

		if (n < sizeof(name)) {
			memcpy(name, kind, n);
			k = kind_from_name(name);
		}
		if (k >= 0 && (u->token_kinds & (1u << k)))
			return ERR_OK;
	}
	return err_set(&r->err, ERR_FORBIDDEN, NULL,
		       "this API token does not reach %s %s: it is limited to some ticket kinds",
		       r->method, rt->pattern);
}

/* The kinds the caller may list: an API token's, or every kind. */
unsigned api_token_kinds(struct request *r)
{
	const struct user *u = r->user;

	return u && u->token_kinds ? u->token_kinds & KINDS_ALL : KINDS_ALL;
}

/* The customer portal's principal, from the portal's cookie alone: a staff session or API
 * token is not one (a distinct kind of caller, service/portal.h). */
static enum err_code authenticate_portal(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct portal_user *p = arena_zalloc(&r->arena, sizeof(*p));
	const char *cookie = req_cookie(r, PORTAL_COOKIE);
	enum err_code rc;

	if (!cookie || !*cookie)
		return err_set(&r->err, ERR_UNAUTHORIZED, NULL,
			       "sign in to the customer portal first (/portal)%s",
			       req_cookie(r, SESSION_COOKIE) || req_header(r, "Authorization")
				   ? ": a staff sign-in does not reach the portal's API"
				   : "");
	rc = svc_portal_session(&c, cookie, p);
	if (rc == ERR_OK)
		r->portal = p;
	return rc;
}

/* Whether the caller may use the route: signed in (when it needs a role) with a role the
 * route admits.  Replies with the error when not. */
static bool caller_admitted(struct request *r, const struct route *rt)
{
	if (!rt->roles)
		return true;
	if (rt->roles == PORTAL)
		return !api_failed(r, authenticate_portal(r));
	if (api_failed(r, authenticate(r)))
		return false;
	const struct user *u = r->user;

	if (!(rt->roles & ROLE_BIT(u->role))) {
		err_set(&r->err, ERR_FORBIDDEN, NULL, "%s %s is not open to the %s role", r->method,
			r->path, role_name(u->role));
		reply_error(r);
		return false;
	}
	if (api_failed(r, token_allows(r, rt)))
		return false;
	return true;
}

/* Runs the route's handler; the caller has been admitted.  A request that may change data,
 * sent with an Idempotency-Key, runs once per key (idempotency.c). */
static void run_route(struct request *r, const struct route *rt)
{
	if (!api_idempotency_begin(r))
		return;
	rt->handler(r);
	if (!r->status) {
		err_set(&r->err, ERR_INTERNAL, NULL, "the handler gave no reply");
		reply_error(r);
	}
	api_idempotency_end(r);
}

/* Whether this thread has a database connection for the request; answers 503 when none
 * could be had (PostgreSQL down, or its pool lent out for longer than the wait). */
static bool connected(struct request *r)
{
	if (svc_connect(((struct app *)r->app)->store))
		return true;
	err_set(&r->err, ERR_UNAVAILABLE, NULL, "the database is unavailable; try again shortly");
	reply_error(r);
	return false;
}

bool api_admit(struct request *r)
{
	uint64_t db0 = svc_db_time_ns();
	bool admitted = !api_failed(r, router_match(routes, routes_len, r)) &&
			!api_failed(r, same_origin_check(r)) && caller_admitted(r, r->route);

	metrics_db_time(api_route_index(r), svc_db_time_ns() - db0);
	/* The sign-in was looked up on the connection's thread; the handler runs on a write
	 * thread, which borrows a connection of its own. */
	svc_release(((struct app *)r->app)->store);
	r->admitted = admitted;
	return admitted;
}

void api_handle(struct request *r)
{
	uint64_t db0 = svc_db_time_ns();

	if (r->err.code) { /* refused by the server before routing, e.g. 413 */
		reply_error(r);
		return;
	}
	if (r->admitted) { /* routed and checked before the body was read (api_admit) */
		if (connected(r))
			run_route(r, r->route);
		svc_release(((struct app *)r->app)->store);
		metrics_db_time(api_route_index(r), svc_db_time_ns() - db0);
		return;
	}
	if (wants_web_ui(r)) {
		static_serve(r, ((struct app *)r->app)->web_dir);
		return;
	}
	if (api_failed(r, router_match(routes, routes_len, r)) ||
	    api_failed(r, same_origin_check(r)))
		return;

	/* GET routes only read (the route table keeps it so): each runs in one read
	 * transaction, which costs one lock round-trip instead of one per statement. */
	struct store *store = ((struct app *)r->app)->store;

	if (connected(r)) {
		bool snapshot = !strcmp(r->method, "GET") && svc_read_begin(store);

		if (caller_admitted(r, r->route))
			run_route(r, r->route);
		if (snapshot)
			svc_read_end(store);
		struct ctx c = api_ctx(r);

		svc_session_touch_pending(&c); /* after the read transaction: it writes */
	}
	svc_release(store);
	metrics_db_time(api_route_index(r), svc_db_time_ns() - db0);
}

struct query_check {
	const char *const *allowed;
	const char *bad;
	struct arena *a;
};

static enum MHD_Result check_key(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	struct query_check *qc = cls;

	(void)kind;
	(void)value;
	for (const char *const *p = qc->allowed; *p; p++)
		if (strcmp(*p, key) == 0)
			return MHD_YES;
	qc->bad = arena_strdup(qc->a, key);
	return MHD_NO;
}

enum err_code api_query_only(struct request *r, const char *const *allowed)
{
	struct query_check qc = {allowed, NULL, &r->arena};

	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_key, &qc);
	if (qc.bad)
		return err_set(&r->err, ERR_BAD_REQUEST, qc.bad, "unknown query parameter '%s'",
			       qc.bad);
	return ERR_OK;
}
