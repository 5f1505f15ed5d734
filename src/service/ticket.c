/* Tickets: creation, reads and lists, and what the other ticket use cases share
 * (ticket.h).  See service.h. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "evidence.h"
#include "integration.h"
#include "incident.h"
#include "page.h"
#include "trace.h"
#include "webhook.h"
#include "whatsapp.h"
#include "../base/banned.h"

enum err_code svc_ticket_forbidden(struct ctx *c, const char *what, enum kind k)
{
	return err_set(c->e, ERR_FORBIDDEN, NULL, "a%s %s may not %s %s tickets",
		       c->who->role == ROLE_AGENT || c->who->role == ROLE_ADMIN ? "n" : "",
		       role_name(c->who->role), what, kind_name(k));
}

bool svc_ticket_may(struct ctx *c, enum kind k, enum action a, int64_t creator)
{
	return !c->who || policy_allows(c->who->role, k, a, c->who->id, creator);
}

/* The local calendar date of instant t as YYYY-MM-DD, in the arena. */
static const char *local_date(struct arena *a, int64_t t)
{
	int y, m, d;
	char *out = arena_alloc(a, DATE_ISO_LEN);

	civil_from_days(local_day(t), &y, &m, &d);
	date_format(y, m, d, out);
	return out;
}

/* Parses an instant field that may also be given as a plain date (the start of that local
 * day).  The caller has validated the text already. */
static int64_t instant_of(const char *v)
{
	int64_t t;

	if (instant_parse(v, &t) || date_start_parse(v, &t))
		return t;
	return 0;
}

/* The B2C claim window, for claims: an enquiry (a category of the "general" group, such as
 * "Track my order") claims nothing and has no window. */
void svc_ticket_claim_window(struct ticket *t)
{
	const struct category *cat = category_find(t->kind, t->v[TF_CATEGORY]);

	if (t->kind != KIND_B2C || !t->v[TF_DELIVERY_DATE] ||
	    (cat && !strcmp(cat->group, "general"))) {
		t->within_policy_window = -1;
		t->days_late = 0;
		return;
	}
	bool within;
	int late;

	claim_window(local_day(t->delivery_at),
		     local_day(t->reported_at ? t->reported_at : t->created_at), &within, &late);
	t->within_policy_window = within;
	t->days_late = late;
}

/* Copies the client fields of in over t (trimmed; blank becomes NULL). */
void svc_ticket_apply_input(struct ctx *c, struct ticket *t, const struct ticket_input *in)
{
	for (int f = 0; f < TF__MAX; f++) {
		if (!in->set[f])
			continue;
		const char *v = svc_trimmed(c->a, in->v[f]);

		t->v[f] = v && *v ? v : NULL;
		if (ticket_cols[f].ftype == FT_INSTANT)
			t->delivery_at = t->v[f] ? instant_of(t->v[f]) : 0;
	}
	const struct category *cat = category_find(t->kind, t->v[TF_CATEGORY]);

	if (cat)
		t->category_group = cat->group;
	int rank = priority_from_name(t->kind, t->v[TF_PRIORITY]);

	if (rank >= 0)
		t->priority_rank = rank;
}

/* The links of a customer ticket to the ERP's records must be to real records that belong
 * together: the order to the customer, the invoice to the order. */
enum err_code svc_ticket_check_links(struct ctx *c, struct ticket *t)
{
	struct db *db = svc_db(c);
	struct customer cu;
	struct order o;
	struct invoice inv;
	enum err_code rc;

	if (t->v[TF_CUSTOMER_ID]) {
		rc = store_customer_get(db, c->a, t->v[TF_CUSTOMER_ID], &cu, c->e);
		if (rc == ERR_NOT_FOUND)
			return err_set(c->e, ERR_INVALID, "customer_id", "unknown customer '%s'",
				       t->v[TF_CUSTOMER_ID]);
		if (rc)
			return rc;
		if (t->kind == KIND_B2B && !strcmp(cu.type, "home"))
			return err_set(c->e, ERR_INVALID, "customer_id",
				       "'%s' is a home customer: file a B2C ticket",
				       cu.customer_id);
		if (t->kind == KIND_B2C && strcmp(cu.type, "home"))
			return err_set(c->e, ERR_INVALID, "customer_id",
				       "'%s' is a %s: file a B2B ticket", cu.customer_id, cu.type);
		if (t->kind == KIND_B2B || !t->v[TF_CUSTOMER_NAME])
			t->v[TF_CUSTOMER_NAME] = cu.name;
	}
	if (t->v[TF_INVOICE_ID] && t->kind == KIND_B2B) {
		rc = store_invoice_get(db, c->a, t->v[TF_INVOICE_ID], &inv, c->e);
		if (rc == ERR_NOT_FOUND)
			return err_set(c->e, ERR_INVALID, "invoice_id", "unknown invoice '%s'",
				       t->v[TF_INVOICE_ID]);
		if (rc)
			return rc;
		if (!t->v[TF_SO_ID])
			t->v[TF_SO_ID] = inv.so_id;
		else if (inv.so_id && strcmp(inv.so_id, t->v[TF_SO_ID]))
			return err_set(c->e, ERR_INVALID, "invoice_id",
				       "invoice '%s' belongs to sales order '%s', not '%s'",
				       inv.invoice_id, inv.so_id, t->v[TF_SO_ID]);
	}
	if (t->v[TF_SO_ID] && (t->kind == KIND_B2B || t->v[TF_CUSTOMER_ID])) {
		rc = store_order_get(db, c->a, t->v[TF_SO_ID], &o, c->e);
		if (rc == ERR_NOT_FOUND)
			return err_set(c->e, ERR_INVALID, "so_id", "unknown sales order '%s'",
				       t->v[TF_SO_ID]);
		if (rc)
			return rc;
		if (t->v[TF_CUSTOMER_ID] && strcmp(o.customer_id, t->v[TF_CUSTOMER_ID]))
			return err_set(c->e, ERR_INVALID, "so_id",
				       "sales order '%s' belongs to customer '%s', not '%s'",
				       o.so_id, o.customer_id, t->v[TF_CUSTOMER_ID]);
	}
	return ERR_OK;
}

static const char *default_title(struct ctx *c, const struct ticket *t)
{
	const struct category *cat = category_find(t->kind, t->v[TF_CATEGORY]);
	const char *who = t->v[TF_CUSTOMER_NAME];
	const char *ref = t->v[TF_SO_ID] ? t->v[TF_SO_ID] : t->v[TF_WOO_ORDER_NUMBER];
	char *title = ref ? arena_printf(c->a, "%s — %s (%s)", cat ? cat->label : "Ticket",
					 who ? who : "customer", ref)
			  : arena_printf(c->a, "%s — %s", cat ? cat->label : "Ticket",
					 who ? who : "customer");
	size_t n = strlen(title), max = ticket_cols[TF_TITLE].max;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)title[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 character */
		title[n] = '\0';
	}
	return title;
}

enum err_code svc_ticket_event(struct ctx *c, int64_t ticket, const char *type, const char *field,
			       const char *old_value, const char *new_value, const char *note)
{
	struct ticket_event ev = {
	    .at = clock_now(),
	    .actor_id = svc_actor_id(c),
	    .type = type,
	    .field = field,
	    .old_value = old_value,
	    .new_value = new_value,
	    .note = note,
	};

	return store_event_add(svc_db(c), &ev, ticket, c->e);
}

/* A B2C ticket for a known home customer takes the name and contact from the record when
 * the agent leaves them out. */
static void prefill_customer(struct ctx *c, enum kind k, struct ticket_input *in)
{
	static const enum tfield from[] = {TF_CUSTOMER_NAME, TF_CUSTOMER_PHONE, TF_CUSTOMER_EMAIL};
	struct customer cu;
	struct error ignored;

	if (k != KIND_B2C || !in->set[TF_CUSTOMER_ID] || !in->v[TF_CUSTOMER_ID] ||
	    store_customer_get(svc_db(c), c->a, in->v[TF_CUSTOMER_ID], &cu, &ignored))
		return;
	const char *values[] = {cu.name, cu.phone, cu.email};

	for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++)
		if ((!in->set[from[i]] || !in->v[from[i]]) && values[i]) {
			in->set[from[i]] = true;
			in->v[from[i]] = values[i];
		}
}

struct create_args {
	enum kind kind;
	struct ticket t;
	int64_t id;
	struct evidence *ev; /* the photos and files sent with it (evidence.h), or NULL */
	bool no_patterns;    /* a part split off a complaint already counted */
	struct ticket row;   /* as inserted (store_ticket_create) */
};

static enum err_code create_tx(struct ctx *c, void *arg)
{
	struct create_args *ca = arg;
	struct ticket *t = &ca->t;
	struct db *db = svc_db(c);
	enum err_code rc;

	rc = svc_ticket_check_links(c, t);
	if (!rc)
		rc = trace_check_batch(c, t->kind, t->v[TF_BATCH_NUMBER]);
	if (rc)
		return rc;
	if (!t->v[TF_TITLE])
		t->v[TF_TITLE] = default_title(c, t);
	const char *routed;

	rc = svc_route(c, t, &routed);
	if (rc)
		return rc;
	if (t->assigned_to && t->kind != KIND_INTERNAL)
		t->status = ST_ASSIGNED;
	/* Numbered, inserted and its "created" event written (one statement on PostgreSQL). */
	rc = store_ticket_create(db, c->a, t,
				 &(struct ticket_event){.at = clock_now(),
							.actor_id = svc_actor_id(c),
							.type = "created"},
				 &ca->id, &ca->row, c->e);
	if (!rc && t->assigned_to) {
		rc =
		    svc_ticket_event(c, ca->id, "assigned", "assigned_to", NULL,
				     arena_printf(c->a, "%lld", (long long)t->assigned_to), routed);
		if (!rc && t->kind != KIND_INTERNAL)
			rc = svc_ticket_event(c, ca->id, "status", "status", status_name(ST_NEW),
					      status_name(ST_ASSIGNED), routed);
		if (!rc && t->assigned_to != svc_actor_id(c))
			rc = svc_notify(c, NT_ASSIGNMENT, t->assigned_to, ca->id,
					arena_printf(c->a, "%s assigned to you", t->number),
					arena_printf(c->a, "%s: %s\nPriority: %s\n%s\n", t->number,
						     t->v[TF_TITLE], t->v[TF_PRIORITY], routed),
					arena_printf(c->a, "assignment:%lld:%lld:created",
						     (long long)ca->id, (long long)t->assigned_to));
	}
	if (!rc && ca->ev)
		rc = evidence_attach_tx(c, ca->id, 0, t->created_by, ca->ev);
	t->id = ca->id;
	if (!rc)
		rc = svc_webhook_emit(c, WE_TICKET_CREATED, t->id,
				      svc_webhook_ticket(t, NULL, NULL));
	if (!rc && !ca->no_patterns)
		rc = svc_patterns_check(c, t); /* incident.h */
	/* The customer hears their claim arrived (a ticket split off one is not a new claim). */
	if (!rc && t->kind == KIND_B2C && !ca->no_patterns)
		rc = svc_customer_notify_tx(
		    c, t, "claim_received",
		    arena_printf(c->a,
				 "We have received your request %s (%s). We will keep you "
				 "posted.",
				 t->number, t->v[TF_TITLE]));
	return rc;
}

enum err_code svc_ticket_insert_tx(struct ctx *c, struct ticket *t, int64_t *id)
{
	struct create_args ca = {.kind = t->kind, .t = *t, .no_patterns = true};
	enum err_code rc = create_tx(c, &ca);

	*id = ca.id;
	t->number = ca.t.number;
	return rc;
}

enum err_code svc_ticket_create(struct ctx *c, enum kind k, const struct ticket_input *in,
				struct ticket *out)
{
	return svc_ticket_create_with(c, k, in, NULL, out);
}

/* svc_ticket_create_with up to the commit: the new ticket as inserted into *row. */
static enum err_code create_new(struct ctx *c, enum kind k, const struct ticket_input *in,
				struct evidence *ev, struct ticket *row)
{
	struct create_args ca = {.kind = k, .ev = ev};
	struct ticket *t = &ca.t;
	struct ticket_input filled = *in;
	enum err_code rc;

	if (!svc_ticket_may(c, k, ACT_CREATE, svc_actor_id(c)))
		return svc_ticket_forbidden(c, "create", k);
	/* Every failing field is reported at once: the formats, the required fields, the photo. */
	rc = ticket_check_fields(k, in, true, c->e);
	if (rc && rc != ERR_INVALID)
		return rc;
	if (k == KIND_B2C && !(filled.set[TF_PRIORITY] && filled.v[TF_PRIORITY])) {
		/* The specification's B2C form has no priority: a standard issue. */
		filled.set[TF_PRIORITY] = true;
		filled.v[TF_PRIORITY] = "medium";
	}
	prefill_customer(c, k, &filled);
	svc_woo_prefill(c, k, &filled); /* from the WooCommerce order (integration.h) */
	if (ticket_check_required(k, &filled, c->e) || rc) {
		if (!ev || (!ev->nfiles && !ev->nuploads))
			evidence_require_photo(c, k, filled.v[TF_CATEGORY], NULL);
		return c->e->code;
	}

	memset(t, 0, sizeof(*t));
	t->kind = k;
	t->status = ST_NEW;
	t->created_by = svc_actor_id(c);
	t->created_at = clock_now();
	t->ticket_creation_date = local_date(c->a, t->created_at);
	if (in->reported_at > 0 && in->reported_at < t->created_at)
		t->reported_at = in->reported_at;
	svc_ticket_apply_input(c, t, &filled);
	svc_ticket_claim_window(t);
	struct sla_settings sla;

	rc = svc_sla_settings(c, &sla);
	if (rc)
		return rc;
	sla_start(&sla.cal, &t->sla, sla.budget[k][t->priority_rank], t->created_at);
	t->next_check_at = svc_sla_next_check(t);
	if (!t->created_by)
		return err_set(c->e, ERR_INVALID, "created_by", "a ticket needs a creating user");
	/* Photos: checked before anything is written, and removed again if the ticket is not
	 * created, so a refused request leaves neither a ticket nor a file. */
	rc = ev ? evidence_prepare(c, ev) : ERR_OK;
	if (!rc)
		rc = evidence_require_photo(c, k, t->v[TF_CATEGORY], ev);
	if (!rc && ev)
		rc = evidence_stage(c, ev);
	if (rc)
		return rc;
	rc = svc_tx(c, create_tx, &ca);
	if (rc) {
		evidence_unstage(c, ev);
		return rc;
	}
	*row = ca.row;
	return ERR_OK;
}

enum err_code svc_ticket_create_with(struct ctx *c, enum kind k, const struct ticket_input *in,
				     struct evidence *ev, struct ticket *out)
{
	return create_new(c, k, in, ev, out);
}

enum err_code svc_ticket_create_page(struct ctx *c, enum kind k, const struct ticket_input *in,
				     struct evidence *ev, struct ticket_page *out)
{
	struct ticket row;
	enum err_code rc = create_new(c, k, in, ev, &row);

	if (rc)
		return rc;
	/* The page of the row the insert returned, instead of reading it again after the
	 * commit, when the page's extras are known without a read: a new ticket has no root
	 * cause and no approval, and no photo or batch unless it was sent with some. */
	if ((!ev || (!ev->nfiles && !ev->nuploads)) && !row.v[TF_BATCH_NUMBER]) {
		svc_page_of_new(c, &row, out);
		return ERR_OK;
	}
	return svc_page_by_id(c, row.id, out);
}

/* Finds ticket `id` (id or number) of kind k that the actor may read, with its page's
 * extras when x is not NULL. */
static enum err_code ticket_find(struct ctx *c, enum kind k, const char *id, struct ticket *out,
				 struct ticket_extras *x)
{
	struct db *db = svc_db(c);
	char *end;
	enum err_code rc;

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	errno = 0;
	long long n = strtoll(id, &end, 10);

	if (*id && *end == '\0' && n > 0) {
		rc = x ? store_ticket_page(db, c->a, n, NULL, out, x, c->e)
		       : store_ticket_get(db, c->a, n, out, c->e);
	} else {
		/* Numbers are found in any letter case: b2c-000009 is B2C-000009. */
		char *upper = arena_strdup(c->a, id);

		for (char *p = upper; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		rc = x ? store_ticket_page(db, c->a, 0, upper, out, x, c->e)
		       : store_ticket_by_number(db, c->a, upper, out, c->e);
		id = upper;
	}
	if (rc == ERR_NOT_FOUND || (rc == ERR_OK && out->kind != k) ||
	    (rc == ERR_OK && !svc_ticket_may(c, k, ACT_READ, out->created_by)))
		return err_set(c->e, ERR_NOT_FOUND, NULL, "No %s ticket %s",
			       k == KIND_INTERNAL ? "internal" : kind_prefix(k), id);
	return rc;
}

enum err_code svc_ticket_load(struct ctx *c, enum kind k, const char *id, struct ticket *out)
{
	return ticket_find(c, k, id, out, NULL);
}

enum err_code svc_ticket_load_page(struct ctx *c, enum kind k, const char *id, struct ticket *out,
				   struct ticket_extras *x)
{
	if (c->who && policy_scope(c->who->role, k, ACT_READ) == SCOPE_NONE)
		return svc_ticket_forbidden(c, "read", k);
	return ticket_find(c, k, id, out, x);
}

enum err_code svc_ticket_get(struct ctx *c, enum kind k, const char *id, struct ticket *out)
{
	if (c->who && policy_scope(c->who->role, k, ACT_READ) == SCOPE_NONE)
		return svc_ticket_forbidden(c, "read", k);
	return svc_ticket_load(c, k, id, out);
}

enum err_code svc_ticket_list(struct ctx *c, struct ticket_query *q, struct ticket **out, int *n,
			      int64_t *total, bool *more)
{
	struct db *db = svc_db(c);

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	if (c->who) {
		enum scope s = policy_scope(c->who->role, q->kind, ACT_READ);

		if (s == SCOPE_NONE)
			return svc_ticket_forbidden(c, "list", q->kind);
		if (s == SCOPE_OWN) {
			if (q->created_by && q->created_by != c->who->id) {
				*n = 0;
				*total = 0;
				*more = false;
				return ERR_OK;
			}
			q->created_by = c->who->id;
		}
	}
	return store_ticket_list(db, c->a, q, out, n, total, more, c->e);
}

enum err_code svc_ticket_list_kinds(struct ctx *c, struct ticket_query *q, bool named,
				    struct ticket **out, int *n, int64_t *total, bool *more)
{
	struct db *db = svc_db(c);
	unsigned kinds = 0, own = 0;

	if (!q->kinds)
		return svc_ticket_list(c, q, out, n, total, more);
	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	for (int k = 0; k < KIND__MAX; k++) {
		enum scope s;

		if (!(q->kinds & KB(k)))
			continue;
		s = c->who ? policy_scope(c->who->role, (enum kind)k, ACT_READ) : SCOPE_ALL;
		if (s == SCOPE_NONE && named)
			return svc_ticket_forbidden(c, "list", (enum kind)k);
		if (s == SCOPE_NONE)
			continue;
		kinds |= KB(k);
		if (s == SCOPE_OWN)
			own |= KB(k);
	}
	if (!kinds) {
		*n = 0;
		*total = 0;
		*more = false;
		return ERR_OK;
	}
	q->kinds = kinds;
	q->own_kinds = own;
	q->own_user = c->who ? c->who->id : 0;
	return store_ticket_list(db, c->a, q, out, n, total, more, c->e);
}
