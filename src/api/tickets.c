/* The ticket endpoints, for each kind: /api/tickets/{kind}/... */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../domain/search.h"
#include "../base/banned.h"

#define LIST_DEFAULT	 50
#define LIST_MAX	 200
#define SEARCH_COUNT_CAP 1000

static enum kind route_kind(struct request *r)
{
	return (enum kind)((const struct route *)r->route)->arg;
}

static void write_sla(struct jw *w, const struct ticket *t)
{
	int64_t now = clock_now();
	bool paused = !t->sla.result && !t->sla.running_since;

	jw_kstr(w, "sla_state", sla_state_name(sla_state_at(&t->sla, now)));
	jw_kbool(w, "sla_paused", paused);
	jw_key(w, "sla_seconds_left");
	if (t->sla.running_since)
		jw_int(w, t->sla.due_at - now);
	else if (paused)
		jw_int(w, t->sla.budget - t->sla.used);
	else
		jw_null(w);
}

/* Column c of t as JSON, by its type (ticket_cols). */
static void write_col(struct jw *w, const struct ticket *t, enum tcol c)
{
	const struct ticket_col *d = &ticket_cols[c];
	struct col_value v;

	ticket_col_get(t, c, &v);
	jw_key(w, d->json ? d->json : d->name);
	switch (d->type) {
	case CT_TEXT:
	case CT_KIND:
	case CT_STATUS:
	case CT_INSTANT_TEXT:
		jw_str(w, v.s);
		break;
	case CT_INT:
	case CT_I64:
	case CT_DAYS_LATE:
		jw_int(w, v.i);
		break;
	case CT_ID:
	case CT_WINDOW:
	case CT_MONEY:
		if (v.null)
			jw_null(w);
		else if (d->type == CT_WINDOW)
			jw_bool(w, v.i != 0);
		else if (d->type == CT_MONEY)
			jw_real(w, (double)v.i / 100.0);
		else
			jw_int(w, v.i);
		break;
	case CT_TIME:
		jw_instant(w, v.i);
		break;
	case CT_BOOL:
		jw_bool(w, v.i != 0);
		break;
	case CT__MAX:
		break;
	}
}

/* What the JSON says beside column c, computed rather than stored: labels, joined names,
 * the SLA's state, and on a whole ticket the transitions allowed from its status. */
static void write_beside(struct jw *w, const struct ticket *t, enum tcol c, bool full)
{
	const struct category *cat;
	enum status next[STATUS__MAX];
	char label[64] = "";
	int n;

	switch ((int)c) {
	case TF_CATEGORY:
		cat = category_find(t->kind, t->v[TF_CATEGORY]);
		jw_kstr(w, "category_label", cat ? cat->label : NULL);
		break;
	case TC_CATEGORY_GROUP:
		jw_kstr(w, "category_group_label", group_label(t->kind, t->category_group));
		break;
	case TC_STATUS:
		jw_kstr(w, "status_label", status_label(t->status));
		if (!full)
			break;
		n = transitions_from(t->kind, t->status, next);
		jw_key(w, "allowed_transitions");
		jw_array(w);
		for (int i = 0; i < n; i++)
			jw_str(w, status_name(next[i]));
		jw_end_array(w);
		break;
	case TC_DAYS_LATE:
		if (t->within_policy_window == 0)
			snprintf(label, sizeof(label), "Outside policy window (%d day%s late)",
				 t->days_late, t->days_late == 1 ? "" : "s");
		jw_kstr(w, "policy_window_label", *label ? label : NULL);
		break;
	case TC_CREATED_BY:
		if (full)
			jw_kstr(w, "created_by_name", t->created_by_name);
		break;
	case TC_ASSIGNED_TO:
		jw_kstr(w, "assigned_to_name", t->assigned_to_name);
		break;
	case TC_TEAM_ID:
		jw_kstr(w, "team_name", t->team_name);
		break;
	case TC_SLA_BUDGET:
		if (full)
			jw_kreal(w, "sla_hours", (double)t->sla.budget / 3600.0);
		break;
	case TC_SLA_DUE_AT:
		write_sla(w, t);
		break;
	default:
		break;
	}
}

/* A whole ticket, or a list row (the columns flagged COL_LIST): every column flagged
 * COL_JSON that t's kind has, each followed by what is said beside it. */
static void write_ticket(struct jw *w, const struct ticket *t, bool full)
{
	unsigned kind = KB(t->kind);

	for (int c = 0; c < TC__MAX; c++) {
		const struct ticket_col *d = &ticket_cols[c];

		if (!(d->kinds & kind) || !(full || (d->flags & COL_LIST)))
			continue;
		if (d->flags & COL_JSON)
			write_col(w, t, (enum tcol)c);
		write_beside(w, t, (enum tcol)c, full);
	}
}

void ticket_write_row(struct jw *w, const struct ticket *t)
{
	write_ticket(w, t, false);
}

void ticket_write(struct jw *w, const struct ticket *t)
{
	write_ticket(w, t, true);
}

json_t *event_json(const struct ticket_event *ev)
{
	json_t *o = json_object();

	if (ev->id)
		json_object_set_new(o, "event_id", json_integer(ev->id));
	json_set_str(o, "type", ev->type);
	json_set_instant(o, "at", ev->at);
	json_object_set_new(o, "actor_id", ev->actor_id ? json_integer(ev->actor_id) : json_null());
	json_set_str(o, "actor_name", ev->actor_name);
	if (ev->comment_id) {
		json_object_set_new(o, "comment_id", json_integer(ev->comment_id));
		json_set_str(o, "comment_text", ev->comment_text);
		json_set_str(o, "visibility", ev->visibility);
		return o;
	}
	json_set_str(o, "field", ev->field);
	json_set_str(o, "old_value", ev->old_value);
	json_set_str(o, "new_value", ev->new_value);
	json_set_str(o, "note", ev->note);
	return o;
}

/* Reads the body's ticket fields into *in; `status` too when status is not NULL. */
static enum err_code parse_input(struct request *r, json_t *body, struct ticket_input *in,
				 const char **status)
{
	const char *key;
	json_t *v;

	memset(in, 0, sizeof(*in));
	json_object_foreach(body, key, v)
	{
		int f = tfield_from_name(key);

		if (status && !strcmp(key, "status")) {
			if (json_str(r, body, key, status))
				return r->err.code;
			continue;
		}
		if (f < 0)
			return err_set(&r->err, ERR_BAD_REQUEST, arena_strdup(&r->arena, key),
				       "unknown field '%s'", key);
		if (json_str(r, body, key, &in->v[f]))
			return r->err.code;
		in->set[f] = true;
	}
	return ERR_OK;
}

enum err_code api_ticket_input(struct request *r, json_t *body, struct ticket_input *in)
{
	return parse_input(r, body, in, NULL);
}

static const char *const assign_scopes[] = {
    [SCOPE_NONE] = "none", [SCOPE_OWN] = "self", [SCOPE_ALL] = "any"};

/* "allowed_actions": what the caller may do to the ticket (policy_allowed). */
static void allowed_jw(struct jw *w, const struct policy_allowed *al)
{
	jw_key(w, "allowed_actions");
	jw_object(w);
	jw_kbool(w, "edit", al->edit);
	jw_kbool(w, "move", al->move);
	jw_kbool(w, "resolve", al->resolve);
	jw_kbool(w, "close", al->close);
	jw_kbool(w, "comment", al->comment);
	jw_kstr(w, "assign", assign_scopes[al->assign]);
	jw_key(w, "assignee_roles");
	jw_array(w);
	for (int r = 0; r < ROLE__MAX; r++)
		if (al->assignee_roles & (1u << r))
			jw_str(w, role_name((enum role)r));
	jw_end_array(w);
	jw_end_object(w);
}

static void reply_page(struct request *r, int status, const struct ticket_page *p)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	ticket_write(&w, &p->t);
	if (p->t.kind == KIND_B2B && p->t.v[TF_SO_ID]) {
		jw_key(&w, "order_context");
		if (p->has_order)
			order_context_jw(&w, &p->order);
		else
			jw_null(&w);
	}
	if (p->has_allowed)
		allowed_jw(&w, &p->allowed);
	if (p->customer_facing) {
		json_t *a = p->has_approval ? approval_json(&p->approval) : NULL;

		jw_kjson(&w, "pending_approval", a);
		json_decref(a);
		ticket_evidence_jw(&w, &p->evidence);
	}
	jw_end_object(&w);
	reply_text_json(r, status, &sb);
}

static void reply_ticket(struct request *r, int status, const struct ticket *t, bool context)
{
	struct strbuf sb;
	struct jw w;

	if (context) {
		struct ctx c = api_ctx(r);
		struct ticket_page p;

		svc_page_of(&c, t, &p);
		reply_page(r, status, &p);
		return;
	}
	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	ticket_write(&w, t);
	jw_end_object(&w);
	reply_text_json(r, status, &sb);
}

void api_reply_ticket(struct request *r, int status, const struct ticket *t)
{
	reply_ticket(r, status, t, true);
}

void reply_ticket_only(struct request *r, int status, const struct ticket *t)
{
	reply_ticket(r, status, t, false);
}

void api_ticket_create(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket_input in;
	struct ticket_page p;
	struct evidence *ev;
	json_t *body;

	/* JSON, or multipart with the ticket as a JSON part and its photos (evidence.c). */
	if (api_failed(r, api_ticket_body(r, &body, &ev)) ||
	    api_failed(r, parse_input(r, body, &in, NULL)) ||
	    api_failed(r, svc_ticket_create_page(&c, route_kind(r), &in, ev, &p)))
		return;
	req_add_header(r, "Location",
		       arena_printf(&r->arena, "/api/tickets/%s/%lld", kind_name(p.t.kind),
				    (long long)p.t.id));
	reply_page(r, 201, &p);
}

void api_ticket_get(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket_page p;

	if (api_failed(r, svc_page_read(&c, route_kind(r), api_param(r, 0), &p)))
		return;
	reply_page(r, 200, &p);
}

void api_ticket_update(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket_input in;
	struct ticket t;
	const char *status = NULL;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) ||
	    api_failed(r, parse_input(r, body, &in, &status)) ||
	    api_failed(r, svc_ticket_update(&c, route_kind(r), api_param(r, 0), &in, status, &t)))
		return;
	reply_ticket(r, 200, &t, true);
}

void api_ticket_assign(struct request *r)
{
	static const char *const keys[] = {"assigned_to", "team_id", NULL};
	struct ctx c = api_ctx(r);
	struct assignment as = {0};
	struct ticket t;
	json_t *body;
	bool present;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)))
		return;
	as.set_user = json_object_get(body, "assigned_to") != NULL;
	as.set_team = json_object_get(body, "team_id") != NULL;
	if (api_failed(r, json_int(r, body, "assigned_to", &as.user, &present)) ||
	    api_failed(r, json_int(r, body, "team_id", &as.team, &present)) ||
	    api_failed(r, svc_ticket_assign(&c, route_kind(r), api_param(r, 0), &as, &t)))
		return;
	reply_ticket(r, 200, &t, true);
}

/* Reads an amount in rupees into paise. */
static enum err_code rupees(struct request *r, json_t *body, const char *key, int64_t *paise,
			    bool *present)
{
	json_t *v = json_object_get(body, key);

	*present = false;
	if (!v || json_is_null(v))
		return ERR_OK;
	if (!json_is_number(v))
		return err_set(&r->err, ERR_BAD_REQUEST, key, "'%s' must be a number (rupees)",
			       key);
	double x = json_number_value(v);

	if (x < 0 || x > 1e10)
		return err_set(&r->err, ERR_INVALID, key, "'%s' is out of range", key);
	*paise = (int64_t)(x * 100 + 0.5);
	*present = true;
	return ERR_OK;
}

void api_ticket_resolve(struct request *r)
{
	static const char *const keys[] = {"resolution_type",	"notes",     "amount",
					   "currency",		"reference", "replacement_date",
					   "replacement_items", NULL};
	struct ctx c = api_ctx(r);
	struct ticket t;
	struct resolution res = {0};
	struct evidence *ev;
	int64_t approval = 0;
	json_t *body;

	/* JSON, or multipart with the resolution as the JSON part "ticket" and "photos" of
	 * what was sent; photo_upload_ids work in both.  What is required is checked by the
	 * service, with every other failing field of the resolution. */
	if (api_failed(r, api_ticket_body(r, &body, &ev)) ||
	    api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str(r, body, "resolution_type", &res.type)) ||
	    api_failed(r, json_str(r, body, "notes", &res.notes)) ||
	    api_failed(r, rupees(r, body, "amount", &res.amount, &res.has_amount)) ||
	    api_failed(r, json_str(r, body, "currency", &res.currency)) ||
	    api_failed(r, json_str(r, body, "reference", &res.reference)) ||
	    api_failed(r, json_str(r, body, "replacement_date", &res.replacement_date)) ||
	    api_failed(r, json_str(r, body, "replacement_items", &res.replacement_items)) ||
	    api_failed(
		r, svc_ticket_resolve(&c, route_kind(r), api_param(r, 0), &res, ev, &t, &approval)))
		return;
	/* 202: accepted, waiting for a manager; the ticket shows the pending approval. */
	reply_ticket(r, approval ? 202 : 200, &t, true);
}

void api_ticket_close(struct request *r)
{
	static const char *const keys[] = {"note", "confirmation", NULL};
	struct ctx c = api_ctx(r);
	struct ticket t;
	json_t *body = NULL;
	const char *note = NULL, *confirmation = NULL;

	/* The body is optional: an empty POST closes without a note. */
	if (r->body_len &&
	    (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	     api_failed(r, json_str(r, body, "note", &note)) ||
	     api_failed(r, json_str(r, body, "confirmation", &confirmation))))
		return;
	if (api_failed(
		r, svc_ticket_close(&c, route_kind(r), api_param(r, 0), note, confirmation, &t)))
		return;
	reply_ticket(r, 200, &t, true);
}

static void reply_events(struct request *r, bool comments_only)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct ticket_event *ev;
	int n;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(
		r, svc_ticket_timeline(&c, route_kind(r), api_param(r, 0), comments_only, &ev, &n)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, event_json(&ev[i]));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

void api_ticket_comments(struct request *r)
{
	reply_events(r, true);
}

void api_ticket_timeline(struct request *r)
{
	reply_events(r, false);
}

void api_ticket_comment_add(struct request *r)
{
	static const char *const keys[] = {"comment_text", "visibility", NULL};
	struct ctx c = api_ctx(r);
	struct ticket_event ev;
	json_t *body;
	const char *text, *visibility;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "comment_text", &text)) ||
	    api_failed(r, json_str(r, body, "visibility", &visibility)) ||
	    api_failed(
		r, svc_ticket_comment(&c, route_kind(r), api_param(r, 0), text, visibility, &ev)))
		return;
	reply_json(r, 201, event_json(&ev));
}

/* --- the list ------------------------------------------------------------------- */

static const char *const sort_names[SORT__MAX] = {"created_at", "updated_at", "priority",
						  "sla_due_at"};

/* Cursors are "<sort><a|d>.<key>.<id>": opaque to clients, checked against the request. */
static const char *cursor_format(struct request *r, const struct ticket_query *q,
				 const struct ticket *last)
{
	return arena_printf(&r->arena, "%d%c.%lld.%lld", (int)q->sort, q->ascending ? 'a' : 'd',
			    (long long)ticket_sort_value(last, q->sort), (long long)last->id);
}

static enum err_code cursor_parse(struct request *r, const char *s, struct ticket_query *q)
{
	int sort;
	char dir;
	long long key, id;
	int used = 0;

	if (sscanf(s, "%d%c.%lld.%lld%n", &sort, &dir, &key, &id, &used) != 4 ||
	    (size_t)used != strlen(s) || sort != (int)q->sort ||
	    dir != (q->ascending ? 'a' : 'd') || id <= 0)
		return err_set(&r->err, ERR_BAD_REQUEST, "cursor",
			       "the cursor does not belong to this list order; start again "
			       "without it");
	q->has_cursor = true;
	q->cursor_key = key;
	q->cursor_id = id;
	return ERR_OK;
}

static enum err_code time_param(struct request *r, const char *name, int64_t *out, bool end)
{
	const char *v = req_query(r, name);
	int y, m, d;

	*out = 0;
	if (!v || !*v)
		return ERR_OK;
	if (instant_parse(v, out))
		return ERR_OK;
	if (date_parse(v, &y, &m, &d)) {
		/* A date means the whole local day: from its start, or up to its end. */
		*out = local_day_start(days_from_civil(y, m, d) + (end ? 1 : 0));
		return ERR_OK;
	}
	return err_set(&r->err, ERR_BAD_REQUEST, name, "'%s' must be a date or an ISO 8601 instant",
		       name);
}

/* Whether status s is one of the statuses of kind k, or with k KIND__MAX (a list across
 * kinds), of any kind in q->kinds. */
static bool list_status_ok(enum kind k, const struct ticket_query *q, int s)
{
	if (s < 0)
		return false;
	if (k != KIND__MAX)
		return status_in_kind(k, (enum status)s);
	for (int i = 0; i < KIND__MAX; i++)
		if ((q->kinds & KB(i)) && status_in_kind((enum kind)i, (enum status)s))
			return true;
	return false;
}

/* The filters of a list of kind k, or with k KIND__MAX, of the list across the kinds in
 * q->kinds (set by the caller; across: the request came to /api/tickets/list, which
 * takes kind=): then the filters that mean something for one kind only
 * (priority, category, policy window, roadmap, release) are refused. */
static enum err_code list_query(struct request *r, enum kind k, bool across, struct ticket_query *q)
{
	static const char *const keys[] = {
	    "kind",	   "open",	  "status",	  "priority",	"category",
	    "customer_id", "assigned_to", "created_from", "created_to", "q",
	    "sort",	   "order",	  "cursor",	  "limit",	"within_policy_window",
	    "overdue",	   "team_id",	  "on_roadmap",	  "release_id", "created_by",
	    "fields",	   NULL};
	const char *v;
	unsigned kinds = q->kinds;

	memset(q, 0, sizeof(*q));
	q->kinds = k == KIND__MAX ? kinds : 0;
	q->kind = k == KIND__MAX ? KIND_B2B : k;
	q->status = -1;
	q->priority_rank = -1;
	q->within_policy_window = -1;
	q->limit = LIST_DEFAULT;
	if (api_query_only(r, keys))
		return r->err.code;
	if (!across && req_query(r, "kind")) /* the route names the kind */
		return err_set(&r->err, ERR_BAD_REQUEST, "kind", "unknown query parameter 'kind'");
	v = req_query(r, "open");
	if (v && *v) {
		if (strcmp(v, "true") && strcmp(v, "false"))
			return err_set(&r->err, ERR_BAD_REQUEST, "open", "open is true or false");
		q->open = !strcmp(v, "true");
	}
	v = req_query(r, "status");
	if (v && *v) {
		q->status = status_from_name(v);
		if (!list_status_ok(k, q, q->status))
			return err_set(&r->err, ERR_BAD_REQUEST, "status", "unknown status '%s'",
				       v);
	}
	if (k == KIND__MAX)
		for (const char *const *one =
			 (const char *const[]){"priority", "category", "within_policy_window",
					       "on_roadmap", "release_id", NULL};
		     *one; one++) {
			v = req_query(r, *one);
			if (v && *v)
				return err_set(&r->err, ERR_BAD_REQUEST, *one,
					       "%s filters one kind of ticket: add kind=b2b, b2c "
					       "or internal",
					       *one);
		}
	v = req_query(r, "priority");
	if (v && *v) {
		q->priority_rank = priority_from_name(k, v);
		if (q->priority_rank < 0)
			return err_set(&r->err, ERR_BAD_REQUEST, "priority",
				       "unknown priority '%s'", v);
	}
	v = req_query(r, "category");
	if (v && *v) {
		if (!category_find(k, v))
			return err_set(&r->err, ERR_BAD_REQUEST, "category",
				       "unknown category '%s'", v);
		q->category = v;
	}
	v = req_query(r, "customer_id");
	if (v && *v)
		q->customer_id = v;
	v = req_query(r, "assigned_to");
	if (v && *v) {
		char *end;

		if (!strcmp(v, "me")) {
			q->assigned_to = api_user(r)->id;
		} else if (!strcmp(v, "none")) {
			q->assigned_to = -1;
		} else {
			q->assigned_to = strtoll(v, &end, 10);
			if (*end || q->assigned_to <= 0)
				return err_set(&r->err, ERR_BAD_REQUEST, "assigned_to",
					       "assigned_to is a user_id, 'me' or 'none'");
		}
	}
	if (time_param(r, "created_from", &q->created_from, false) ||
	    time_param(r, "created_to", &q->created_to, true))
		return r->err.code;
	v = req_query(r, "within_policy_window");
	if (v && *v) {
		if (k != KIND_B2C)
			return err_set(&r->err, ERR_BAD_REQUEST, "within_policy_window",
				       "only B2C tickets have a policy window");
		if (strcmp(v, "true") && strcmp(v, "false"))
			return err_set(&r->err, ERR_BAD_REQUEST, "within_policy_window",
				       "within_policy_window is true or false");
		q->within_policy_window = !strcmp(v, "true");
	}
	v = req_query(r, "created_by");
	if (v && *v) {
		char *end;

		q->created_by = !strcmp(v, "me") ? api_user(r)->id : strtoll(v, &end, 10);
		if (strcmp(v, "me") && (*end || q->created_by <= 0))
			return err_set(&r->err, ERR_BAD_REQUEST, "created_by",
				       "created_by is a user_id or 'me'");
	}
	v = req_query(r, "team_id");
	if (v && *v) {
		char *end;

		if (!strcmp(v, "mine")) {
			q->team_member = api_user(r)->id;
		} else {
			q->team_id = strtoll(v, &end, 10);
			if (*end || q->team_id <= 0)
				return err_set(&r->err, ERR_BAD_REQUEST, "team_id",
					       "team_id is a team id or 'mine'");
		}
	}
	v = req_query(r, "on_roadmap");
	if (v && *v) {
		if (k != KIND_INTERNAL || strcmp(v, "true"))
			return err_set(&r->err, ERR_BAD_REQUEST, "on_roadmap",
				       "on_roadmap=true filters internal tickets");
		q->on_roadmap = 1;
	}
	v = req_query(r, "release_id");
	if (v && *v) {
		char *end;

		q->release_id = strtoll(v, &end, 10);
		if (*end || q->release_id <= 0 || k != KIND_INTERNAL)
			return err_set(&r->err, ERR_BAD_REQUEST, "release_id",
				       "release_id is a release's id, for internal tickets");
	}
	v = req_query(r, "overdue");
	if (v && *v) {
		if (strcmp(v, "true") && strcmp(v, "false"))
			return err_set(&r->err, ERR_BAD_REQUEST, "overdue",
				       "overdue is true or false");
		q->overdue = !strcmp(v, "true") ? 1 : 2;
		q->now = clock_now();
	}
	v = req_query(r, "q");
	if (v && *v && !search_fts5_query(&r->arena, v))
		return err_set(&r->err, ERR_BAD_REQUEST, "q",
			       "the search has no letters or digits");
	if (v && *v) {
		q->search = v;
		/* A search counts its matches up to a cap: counting every match of a common word
		 * in a million tickets costs far more than the page itself. */
		q->count_cap = SEARCH_COUNT_CAP;
	}
	v = req_query(r, "sort");
	if (v && *v) {
		int s = -1;

		for (int i = 0; i < SORT__MAX; i++)
			if (!strcmp(v, sort_names[i]))
				s = i;
		if (s < 0)
			return err_set(&r->err, ERR_BAD_REQUEST, "sort",
				       "sort is created_at, updated_at, priority or sla_due_at");
		q->sort = (enum sort_key)s;
	}
	v = req_query(r, "order");
	if (v && *v) {
		if (strcmp(v, "asc") && strcmp(v, "desc"))
			return err_set(&r->err, ERR_BAD_REQUEST, "order", "order is asc or desc");
		q->ascending = !strcmp(v, "asc");
	}
	v = req_query(r, "limit");
	if (v && *v) {
		char *end;
		long n = strtol(v, &end, 10);

		if (*end || n < 1 || n > LIST_MAX)
			return err_set(&r->err, ERR_BAD_REQUEST, "limit",
				       "limit is a number from 1 to %d", LIST_MAX);
		q->limit = (int)n;
	}
	v = req_query(r, "fields");
	if (v && *v) {
		if (strcmp(v, "summary") && strcmp(v, "full"))
			return err_set(&r->err, ERR_BAD_REQUEST, "fields",
				       "fields is summary (list rows) or full (whole tickets)");
		q->full = !strcmp(v, "full");
	}
	v = req_query(r, "cursor");
	if (v && *v && cursor_parse(r, v, q))
		return r->err.code;
	return ERR_OK;
}

static void reply_list(struct request *r, const struct ticket_query *q, struct ticket *rows, int n,
		       int64_t total, bool more);

void api_ticket_list(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket_query q = {0};
	struct ticket *rows = NULL;
	int n;
	int64_t total;
	bool more;

	if (api_wants_csv(r)) {
		api_ticket_export(r);
		return;
	}
	if (api_failed(r, list_query(r, route_kind(r), false, &q)) ||
	    api_failed(r, svc_ticket_list(&c, &q, &rows, &n, &total, &more)))
		return;
	reply_list(r, &q, rows, n, total, more);
}

/* The kinds of a list across kinds: those named in kind= (a comma-separated list; *named),
 * else every kind.  Sets q->kinds; 400 for a name that is not a kind. */
static enum err_code kinds_param(struct request *r, struct ticket_query *q, bool *named)
{
	const char *v = req_query(r, "kind");

	*named = v && *v;
	if (!*named) {
		q->kinds = KINDS_ALL;
		return ERR_OK;
	}
	for (const char *p = v;;) {
		size_t len = strcspn(p, ",");
		char name[16];
		int k = -1;

		if (len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			k = kind_from_name(name);
		}
		if (k < 0)
			return err_set(
			    &r->err, ERR_BAD_REQUEST, "kind",
			    "kind is b2b, b2c or internal, or several of them separated by "
			    "commas");
		q->kinds |= KB(k);
		if (p[len] != ',')
			break;
		p += len + 1;
	}
	return ERR_OK;
}

/* The kind a list across kinds narrows to when kind= names one, else KIND__MAX. */
static enum kind kinds_one(const struct ticket_query *q)
{
	int count = 0;

	for (int k = 0; k < KIND__MAX; k++)
		count += !!(q->kinds & KB(k));
	return count == 1 ? (enum kind)__builtin_ctz(q->kinds) : KIND__MAX;
}

enum err_code api_ticket_query(struct request *r, bool across, struct ticket_query *q, bool *named)
{
	memset(q, 0, sizeof(*q));
	*named = false;
	if (!across)
		return list_query(r, route_kind(r), false, q);
	if (kinds_param(r, q, named))
		return r->err.code;
	if (q->kinds & ~api_token_kinds(r)) {
		/* Named kinds the token does not reach are refused; "every kind" is its kinds. */
		if (*named)
			return err_set(&r->err, ERR_FORBIDDEN, "kind",
				       "this API token does not reach every kind asked for");
		q->kinds &= api_token_kinds(r);
	}
	return list_query(r, kinds_one(q), true, q);
}

/* GET /api/tickets/list: one list across the kinds the caller works, or those named in
 * kind= (a comma-separated list; one kind is the same list as /api/tickets/<kind>/list). */
void api_tickets_list(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket_query q = {0};
	struct ticket *rows = NULL;
	bool named, more;
	int n;
	int64_t total;

	if (api_wants_csv(r)) {
		api_tickets_export(r);
		return;
	}
	if (api_failed(r, api_ticket_query(r, true, &q, &named)) ||
	    api_failed(r, svc_ticket_list_kinds(&c, &q, named, &rows, &n, &total, &more)))
		return;
	reply_list(r, &q, rows, n, total, more);
}

static void reply_list(struct request *r, const struct ticket_query *q, struct ticket *rows, int n,
		       int64_t total, bool more)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		jw_object(&w);
		if (q->full)
			ticket_write(&w, &rows[i]);
		else
			ticket_write_row(&w, &rows[i]);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_kint(&w, "total", total);
	jw_kbool(&w, "total_exact", !q->count_cap || total < q->count_cap);
	jw_kint(&w, "limit", q->limit);
	jw_kstr(&w, "next_cursor", more && n ? cursor_format(r, q, &rows[n - 1]) : NULL);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}

void api_ticket_policy_exception(struct request *r)
{
	static const char *const keys[] = {"decision", "note", NULL};
	struct ctx c = api_ctx(r);
	struct ticket t;
	json_t *body;
	const char *decision, *note;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "decision", &decision)) ||
	    api_failed(r, json_str(r, body, "note", &note)) ||
	    api_failed(r, svc_ticket_policy_exception(&c, api_param(r, 0), decision, note, &t)))
		return;
	reply_ticket(r, 200, &t, true);
}
