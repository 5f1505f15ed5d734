/* The customer portal's API (/api/portal/...), its staff side (contacts, sign-in links, the
 * portal's settings) and the satisfaction survey's links; see service/portal.h.  A portal
 * principal is r->portal (routes.c admits it on the PORTAL routes only); what a customer is
 * shown of a ticket is written here, never the staff's ticket object. */
#include <string.h>

#include "api.h"
#include "../service/portal.h"
#include "../base/banned.h"

static const struct portal_user *principal(struct request *r)
{
	return r->portal;
}

const char *api_portal_scope(struct request *r)
{
	const struct portal_user *p = principal(r);

	return arena_printf(&r->arena, "portal:%s:%lld", p->customer_id, (long long)p->contact_id);
}

static void set_cookie(struct request *r, const char *value, int max_age)
{
	struct app *app = r->app;

	req_add_header(
	    r, "Set-Cookie",
	    arena_printf(&r->arena, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
			 PORTAL_COOKIE, value, max_age, app->secure_cookies ? "; Secure" : ""));
}

static json_t *me_json(const struct portal_user *p)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}", "customer_id", p->customer_id,
			      "customer_name", p->customer_name, "customer_type", p->customer_type,
			      "kind", kind_name(p->kind), "name", p->name, "address", p->address);

	json_object_set_new(o, "contact",
			    p->contact_id ? json_pack("{s:I, s:s, s:s?}", "contact_id",
						      (json_int_t)p->contact_id, "name", p->name,
						      "role", p->role)
					  : json_null());
	json_set_instant(o, "expires_at", p->expires_at);
	/* What the claim form offers, from the catalog: the customer's kind's categories, and
	 * what a company may ask for. */
	json_t *cats = json_array(), *res = json_array();

	for (int i = 0; i < catalog_categories_len; i++) {
		const struct category *cat = &catalog_categories[i];

		if (cat->kind == p->kind)
			json_array_append_new(
			    cats, json_pack("{s:s, s:s, s:s, s:s?, s:b}", "code", cat->code,
					    "label", cat->label, "group", cat->group, "group_label",
					    group_label(cat->kind, cat->group), "photo_required",
					    cat->photo_required));
	}
	for (const char *const *t = resolution_types(p->kind); p->kind == KIND_B2B && *t; t++)
		json_array_append_new(
		    res, json_pack("{s:s, s:s}", "code", *t, "label", resolution_label(*t)));
	json_object_set_new(o, "categories", cats);
	json_object_set_new(o, "resolutions", res);
	return o;
}

/* Signed in: the cookie and who. */
static void reply_signed_in(struct request *r, const char *token, const struct portal_user *p)
{
	set_cookie(r, token, PORTAL_SESSION_S);
	reply_json(r, 200, json_pack("{s:o}", "me", me_json(p)));
}

/* --- signing in ----------------------------------------------------------------------------- */

void api_portal_code(struct request *r)
{
	static const char *const keys[] = {"to", "order", NULL};
	struct ctx c = api_ctx(r);
	json_t *body;
	const char *to, *order;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "to", &to)) ||
	    api_failed(r, json_str_req(r, body, "order", &order)) ||
	    api_failed(r, svc_portal_code_request(&c, to, order, r->client_ip)))
		return;
	reply_json(r, 202,
		   json_pack("{s:b, s:s, s:i}", "accepted", 1, "message",
			     "If these match one of your orders, a 6-digit code is on its way. "
			     "It works once, for 10 minutes.",
			     "expires_in", PORTAL_CODE_TTL));
}

void api_portal_verify(struct request *r)
{
	static const char *const keys[] = {"to", "code", NULL};
	struct ctx c = api_ctx(r);
	struct portal_user p;
	json_t *body;
	const char *to, *code, *token;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "to", &to)) ||
	    api_failed(r, json_str_req(r, body, "code", &code)) ||
	    api_failed(r, svc_portal_code_verify(&c, to, code, &token, &p)))
		return;
	reply_signed_in(r, token, &p);
}

void api_portal_password(struct request *r)
{
	static const char *const keys[] = {"email", "password", NULL};
	struct ctx c = api_ctx(r);
	struct portal_user p;
	json_t *body;
	const char *email, *password, *token;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "email", &email)) ||
	    api_failed(r, json_str_req(r, body, "password", &password)) ||
	    api_failed(r, svc_portal_password(&c, email, password, r->client_ip, &token, &p)))
		return;
	reply_signed_in(r, token, &p);
}

void api_portal_link(struct request *r)
{
	static const char *const keys[] = {"token", NULL};
	struct ctx c = api_ctx(r);
	struct portal_user p;
	json_t *body;
	const char *link, *token;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "token", &link)) ||
	    api_failed(r, svc_portal_link_sign_in(&c, link, &token, &p)))
		return;
	reply_signed_in(r, token, &p);
}

void api_portal_logout(struct request *r)
{
	struct ctx c = api_ctx(r);
	const char *cookie = req_cookie(r, PORTAL_COOKIE);

	if (cookie && *cookie && api_failed(r, svc_portal_logout(&c, cookie)))
		return;
	if (cookie) /* a staff sign-in's cookie is left alone */
		set_cookie(r, "", 0);
	reply_json(r, 200, json_pack("{s:b}", "signed_out", 1));
}

void api_portal_me(struct request *r)
{
	reply_json(r, 200, me_json(principal(r)));
}

/* --- deliveries and claims ----------------------------------------------------------------- */

static json_t *window_json(const struct portal_window *w)
{
	return json_pack("{s:o, s:i, s:s}", "within",
			 w->within < 0 ? json_null() : json_boolean(w->within), "days_late",
			 w->days_late, "text", w->text);
}

void api_portal_deliveries(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct portal_delivery *d;
	json_t *items = json_array();
	int n;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_portal_deliveries(&c, principal(r), &d, &n))) {
		json_decref(items);
		return;
	}
	for (int i = 0; i < n; i++) {
		json_t *lines = json_array();

		for (int j = 0; j < d[i].o.nlines; j++) {
			const struct order_line *l = &d[i].o.lines[j];

			json_array_append_new(
			    lines, json_pack("{s:i, s:s, s:s?, s:f}", "line_no", l->line_no, "item",
					     l->item, "unit", l->unit, "quantity",
					     l->has_delivered ? l->delivered_qty : l->ordered_qty));
		}
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:s?, s:o, s:o}", "so_id", d[i].o.so_id,
						"order_date", d[i].o.order_date, "delivery_date",
						d[i].o.delivery_date, "lines", lines,
						"claim_window", window_json(&d[i].w)));
	}
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* What a customer is shown of a ticket: never who works it, its SLA or internal fields. */
static json_t *ticket_json(const struct ticket *t)
{
	const struct category *cat = category_find(t->kind, t->v[TF_CATEGORY]);
	json_t *o = json_object();

	json_set_str(o, "number", t->number);
	json_set_str(o, "kind", kind_name(t->kind));
	json_set_str(o, "status", status_name(t->status));
	json_set_str(o, "status_label", status_label(t->status));
	json_set_str(o, "title", t->v[TF_TITLE]);
	json_set_str(o, "category", t->v[TF_CATEGORY]);
	json_set_str(o, "category_label", cat ? cat->label : t->v[TF_CATEGORY]);
	/* The order as the customer knows it: a home customer's ticket that staff filed may
	 * name only its WooCommerce order. */
	json_set_str(o, "so_id", t->v[TF_SO_ID] ? t->v[TF_SO_ID] : t->v[TF_WOO_ORDER_NUMBER]);
	json_set_str(o, "description", t->v[TF_DESCRIPTION]);
	json_set_str(o, "items_affected", t->v[TF_ITEMS_AFFECTED]);
	json_set_str(o, "resolution_type", t->resolution_type);
	json_set_str(o, "resolution_label",
		     t->resolution_type ? resolution_label(t->resolution_type) : NULL);
	json_set_instant(o, "created_at", t->created_at);
	json_set_instant(o, "updated_at", t->updated_at);
	json_set_instant(o, "resolved_at", t->resolved_at);
	json_set_instant(o, "closed_at", t->closed_at);
	return o;
}

static json_t *photo_json(const struct attachment *at)
{
	json_t *o = json_pack("{s:I, s:I, s:s}", "attachment_id", (json_int_t)at->id, "size",
			      (json_int_t)at->size, "content_type", at->content_type);

	json_set_str(o, "filename", at->filename);
	json_set_instant(o, "uploaded_at", at->uploaded_at);
	return o;
}

static json_t *photos_json(const struct attachment *at, int n)
{
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		if (!strcmp(at[i].kind, "photo"))
			json_array_append_new(items, photo_json(&at[i]));
	return items;
}

void api_portal_claim(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket *t = arena_zalloc(&r->arena, sizeof(*t));
	struct portal_window w;
	struct evidence *ev;
	json_t *body, *o;

	if (api_failed(r, api_ticket_body(r, &body, &ev)))
		return;
	if (ev->nuploads) {
		err_set(&r->err, ERR_BAD_REQUEST, "photo_upload_ids",
			"send the photos with the claim, as multipart parts named 'photos'");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_portal_claim(&c, principal(r), body, ev, t, &w)))
		return;
	o = ticket_json(t);
	json_object_set_new(o, "claim_window", window_json(&w));
	json_object_set_new(o, "photo_count", json_integer(ev->nfiles));
	reply_json(r, 201, o);
}

void api_portal_tickets(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct ticket *t;
	json_t *items;
	int n;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_portal_tickets(&c, principal(r), &t, &n)))
		return;
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, ticket_json(&t[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static json_t *survey_json(const struct survey *s)
{
	json_t *o = json_pack("{s:b, s:o}", "answered", s->answered_at != 0, "rating",
			      s->rating ? json_integer(s->rating) : json_null());

	json_set_str(o, "comment", s->comment);
	json_set_instant(o, "answered_at", s->answered_at);
	return o;
}

void api_portal_ticket(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct portal_ticket *pt = arena_zalloc(&r->arena, sizeof(*pt));
	json_t *o, *thread;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_portal_ticket(&c, principal(r), api_param(r, 0), pt)))
		return;
	o = ticket_json(&pt->t);
	thread = json_array();
	for (int i = 0; i < pt->nthread; i++) {
		const struct ticket_event *ev = &pt->thread[i];
		json_t *e = json_pack("{s:s}", "type", ev->comment_id ? "reply" : ev->type);
		bool mine = ev->comment_id && pt->actor_id && ev->actor_id == pt->actor_id;

		json_set_instant(e, "at", ev->at);
		if (ev->comment_id) {
			json_object_set_new(e, "from_customer", json_boolean(mine));
			json_set_str(e, "author", ev->actor_name); /* "You" for the reader's own */
			json_set_str(e, "text", ev->comment_text);
		} else {
			int s = ev->new_value ? status_from_name(ev->new_value) : -1;

			json_set_str(e, "status",
				     ev->type[0] == 'c' && !strcmp(ev->type, "created")
					 ? status_name(ST_NEW)
					 : ev->new_value);
			json_set_str(e, "text",
				     !strcmp(ev->type, "created")
					 ? "Claim received"
					 : arena_printf(&r->arena, "Status: %s",
							s >= 0 ? status_label(s) : ev->new_value));
		}
		json_array_append_new(thread, e);
	}
	json_object_set_new(o, "thread", thread);
	json_object_set_new(o, "photos", photos_json(pt->photos, pt->nphotos));
	json_object_set_new(o, "survey", pt->has_survey ? survey_json(&pt->survey) : json_null());
	json_object_set_new(o, "may_reply", json_boolean(pt->t.status != ST_CLOSED));
	json_object_set_new(o, "may_rate", json_boolean(pt->has_survey && !pt->survey.answered_at));
	reply_json(r, 200, o);
}

void api_portal_reply(struct request *r)
{
	static const char *const keys[] = {"text", NULL};
	struct ctx c = api_ctx(r);
	struct ticket_event ev;
	json_t *body, *o;
	const char *text;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str(r, body, "text", &text)))
		return;
	if (!text || !*text) {
		err_set(&r->err, ERR_INVALID, "text", "write your reply");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_portal_reply(&c, principal(r), api_param(r, 0), text, &ev)))
		return;
	o = json_pack("{s:s, s:b, s:s, s:s}", "type", "reply", "from_customer", 1, "author", "You",
		      "text", ev.comment_text);
	json_set_instant(o, "at", ev.at);
	reply_json(r, 201, o);
}

void api_portal_photos(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct evidence *ev = arena_zalloc(&r->arena, sizeof(*ev));
	struct attachment *at;
	int n;

	if (api_failed(r, api_photos_body(r, ev)) ||
	    api_failed(r, svc_portal_photos(&c, principal(r), api_param(r, 0), ev, &at, &n)))
		return;
	reply_json(r, 201, json_pack("{s:o}", "items", photos_json(at, n)));
}

void api_portal_attachment(struct request *r)
{
	static const char *const keys[] = {"size", NULL};
	struct ctx c = api_ctx(r);
	struct attachment at;
	struct files_body body;
	const char *size = req_query(r, "size"), *type;
	int64_t id;

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (size && strcmp(size, "thumb") && strcmp(size, "original")) {
		err_set(&r->err, ERR_BAD_REQUEST, "size", "size is thumb or original");
		reply_error(r);
		return;
	}
	if (!api_param_id(r, 0, "photo", &id) ||
	    api_failed(r, svc_portal_attachment(&c, principal(r), id,
						size && !strcmp(size, "thumb"), &at, &body, &type)))
		return;
	api_reply_attachment(r, &at, &body, type);
}

/* --- satisfaction --------------------------------------------------------------------------- */

/* rating (1..5) and comment of a body. */
static bool rating_of(struct request *r, json_t *body, int *rating, const char **comment)
{
	int64_t v = 0;
	bool present;

	if (api_failed(r, json_int(r, body, "rating", &v, &present)) ||
	    api_failed(r, json_str(r, body, "comment", comment)))
		return false;
	if (!present || v < 1 || v > 5) {
		err_set(&r->err, ERR_INVALID, "rating", "rating is a whole number from 1 to 5");
		reply_error(r);
		return false;
	}
	*rating = (int)v;
	return true;
}

void api_portal_rate(struct request *r)
{
	static const char *const keys[] = {"rating", "comment", NULL};
	struct ctx c = api_ctx(r);
	struct survey s;
	json_t *body;
	const char *comment = NULL;
	int rating;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    !rating_of(r, body, &rating, &comment) ||
	    api_failed(r, svc_portal_rate(&c, principal(r), api_param(r, 0), rating, comment, &s)))
		return;
	reply_json(r, 201, survey_json(&s));
}

void api_portal_survey(struct request *r)
{
	static const char *const keys[] = {"token", NULL};
	struct ctx c = api_ctx(r);
	struct ticket t;
	struct survey s;
	json_t *body, *o;
	const char *token;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "token", &token)) ||
	    api_failed(r, svc_portal_survey_get(&c, token, &t, &s)))
		return;
	o = survey_json(&s);
	json_set_str(o, "number", t.number);
	json_set_str(o, "title", t.v[TF_TITLE]);
	reply_json(r, 200, o);
}

void api_portal_survey_answer(struct request *r)
{
	static const char *const keys[] = {"token", "rating", "comment", NULL};
	struct ctx c = api_ctx(r);
	struct survey s;
	json_t *body;
	const char *token, *comment = NULL;
	int rating;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "token", &token)) ||
	    !rating_of(r, body, &rating, &comment) ||
	    api_failed(r, svc_portal_survey_answer(&c, token, rating, comment, &s)))
		return;
	reply_json(r, 201, survey_json(&s));
}

/* --- staff: contacts, links, settings ------------------------------------------------------- */

static json_t *contact_json(const struct portal_contact *p)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:b, s:b}", "contact_id",
			      (json_int_t)p->id, "customer_id", p->customer_id, "name", p->name,
			      "email", p->email, "phone", p->phone, "role", p->role, "active",
			      p->active, "password_set", p->has_password);

	json_set_instant(o, "created_at", p->created_at);
	json_set_instant(o, "updated_at", p->updated_at);
	return o;
}

void api_portal_contacts(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct portal_contact *p;
	json_t *items;
	int n;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_portal_contacts(&c, api_param(r, 0), &p, &n)))
		return;
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, contact_json(&p[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static void contact_save(struct request *r, int64_t id)
{
	struct ctx c = api_ctx(r);
	struct portal_contact p;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_portal_contact_save(&c, api_param(r, 0), id, body, &p)))
		return;
	reply_json(r, id ? 200 : 201, contact_json(&p));
}

void api_portal_contact_create(struct request *r)
{
	contact_save(r, 0);
}

void api_portal_contact_update(struct request *r)
{
	int64_t id;

	if (api_param_id(r, 1, "contact", &id))
		contact_save(r, id);
}

void api_portal_link_create(struct request *r)
{
	static const char *const keys[] = {"contact_id", "send", NULL};
	struct ctx c = api_ctx(r);
	json_t *body, *send;
	int64_t contact = 0;
	bool present;
	const char *url, *sent_by;
	int64_t expires;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_int(r, body, "contact_id", &contact, &present)))
		return;
	send = json_object_get(body, "send");
	if (send && !json_is_boolean(send)) {
		err_set(&r->err, ERR_BAD_REQUEST, "send", "'send' is true or false");
		reply_error(r);
		return;
	}
	if (api_failed(r, svc_portal_link_create(&c, api_param(r, 0), contact, json_is_true(send),
						 &url, &expires, &sent_by)))
		return;
	json_t *o = json_pack("{s:s, s:s?}", "url", url, "sent_by", sent_by);

	json_set_instant(o, "expires_at", expires);
	reply_json(r, 201, o);
}

void api_settings_portal(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct portal_settings s;

	if (api_failed(r, api_query_only(r, keys)) || api_failed(r, svc_portal_settings(&c, &s)))
		return;
	reply_json(r, 200, json_pack("{s:s?}", "base_url", s.base_url));
}

void api_settings_portal_put(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct portal_settings s;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, svc_portal_settings_put(&c, body, &s)))
		return;
	reply_json(r, 200, json_pack("{s:s?}", "base_url", s.base_url));
}
