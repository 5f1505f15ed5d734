/* Ticket use cases; see service.h.  Each write runs in svc_tx: load, check, change, write
 * the row and its audit events, commit. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../domain/policy.h"
#include "evidence.h"
#include "trace.h"
#include "../store/approval.h"
#include "../base/banned.h"

static enum err_code forbidden(struct ctx *c, const char *what, enum kind k)
{
	return err_set(c->e, ERR_FORBIDDEN, NULL, "a%s %s may not %s %s tickets",
		       c->who->role == ROLE_AGENT || c->who->role == ROLE_ADMIN ? "n" : "",
		       role_name(c->who->role), what, kind_name(k));
}

static bool may(struct ctx *c, enum kind k, enum action a, int64_t creator)
{
	return !c->who || policy_allows(c->who->role, k, a, c->who->id, creator);
}

static int64_t actor_id(struct ctx *c)
{
	return c->who ? c->who->id : 0;
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
static void apply_claim_window(struct ticket *t)
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

	claim_window(local_day(t->delivery_at), local_day(t->created_at), &within, &late);
	t->within_policy_window = within;
	t->days_late = late;
}

static const char *trimmed(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

/* Copies the client fields of in over t (trimmed; blank becomes NULL). */
static void apply_input(struct ctx *c, struct ticket *t, const struct ticket_input *in)
{
	for (int f = 0; f < TF__MAX; f++) {
		if (!in->set[f])
			continue;
		const char *v = trimmed(c->a, in->v[f]);

		t->v[f] = v && *v ? v : NULL;
		if (tfield_defs[f].type == FT_INSTANT)
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
static enum err_code check_links(struct ctx *c, struct ticket *t)
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
	size_t n = strlen(title), max = tfield_defs[TF_TITLE].max;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)title[n] & 0xC0) == 0x80)
			n--; /* not inside a UTF-8 character */
		title[n] = '\0';
	}
	return title;
}

static enum err_code event(struct ctx *c, int64_t ticket, const char *type, const char *field,
			   const char *old_value, const char *new_value, const char *note)
{
	struct ticket_event ev = {
	    .at = clock_now(),
	    .actor_id = actor_id(c),
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
};

static enum err_code create_tx(struct ctx *c, void *arg)
{
	struct create_args *ca = arg;
	struct ticket *t = &ca->t;
	struct db *db = svc_db(c);
	int64_t n;
	char number[32];
	enum err_code rc;

	rc = check_links(c, t);
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
	rc = store_ticket_next_number(db, t->kind, &n, c->e);
	if (rc)
		return rc;
	ticket_number_format(t->kind, n, number, sizeof(number));
	t->number = number;
	rc = store_ticket_insert(db, t, &ca->id, c->e);
	if (!rc)
		rc = event(c, ca->id, "created", NULL, NULL, t->number, NULL);
	if (!rc && t->assigned_to) {
		rc = event(c, ca->id, "assigned", "assigned_to", NULL,
			   arena_printf(c->a, "%lld", (long long)t->assigned_to), routed);
		if (!rc && t->kind != KIND_INTERNAL)
			rc = event(c, ca->id, "status", "status", status_name(ST_NEW),
				   status_name(ST_ASSIGNED), routed);
		if (!rc && t->assigned_to != actor_id(c))
			rc = svc_notify(c, NT_ASSIGNMENT, t->assigned_to, ca->id,
					arena_printf(c->a, "%s assigned to you", t->number),
					arena_printf(c->a, "%s: %s\nPriority: %s\n%s\n", t->number,
						     t->v[TF_TITLE], t->v[TF_PRIORITY], routed),
					arena_printf(c->a, "assignment:%lld:%lld:created",
						     (long long)ca->id, (long long)t->assigned_to));
	}
	if (!rc && ca->ev)
		rc = evidence_attach_tx(c, ca->id, 0, t->created_by, ca->ev);
	return rc;
}

enum err_code svc_ticket_create(struct ctx *c, enum kind k, const struct ticket_input *in,
				struct ticket *out)
{
	return svc_ticket_create_with(c, k, in, NULL, out);
}

enum err_code svc_ticket_create_with(struct ctx *c, enum kind k, const struct ticket_input *in,
				     struct evidence *ev, struct ticket *out)
{
	struct create_args ca = {.kind = k, .ev = ev};
	struct ticket *t = &ca.t;
	struct ticket_input filled = *in;
	enum err_code rc;

	if (!may(c, k, ACT_CREATE, actor_id(c)))
		return forbidden(c, "create", k);
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
	if (ticket_check_required(k, &filled, c->e) || rc) {
		if (!ev || (!ev->nfiles && !ev->nuploads))
			evidence_require_photo(c, k, filled.v[TF_CATEGORY], NULL);
		return c->e->code;
	}

	memset(t, 0, sizeof(*t));
	t->kind = k;
	t->status = ST_NEW;
	t->created_by = actor_id(c);
	t->created_at = clock_now();
	t->ticket_creation_date = local_date(c->a, t->created_at);
	apply_input(c, t, &filled);
	apply_claim_window(t);
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
	return store_ticket_get(svc_db(c), c->a, ca.id, out, c->e);
}

/* Finds ticket `id` (id or number) of kind k that the actor may read. */
static enum err_code load(struct ctx *c, enum kind k, const char *id, struct ticket *out)
{
	struct db *db = svc_db(c);
	char *end;
	enum err_code rc;

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	errno = 0;
	long long n = strtoll(id, &end, 10);

	if (*id && *end == '\0' && n > 0) {
		rc = store_ticket_get(db, c->a, n, out, c->e);
	} else {
		/* Numbers are found in any letter case: b2c-000009 is B2C-000009. */
		char *upper = arena_strdup(c->a, id);

		for (char *p = upper; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		rc = store_ticket_by_number(db, c->a, upper, out, c->e);
		id = upper;
	}
	if (rc == ERR_NOT_FOUND || (rc == ERR_OK && out->kind != k) ||
	    (rc == ERR_OK && !may(c, k, ACT_READ, out->created_by)))
		return err_set(c->e, ERR_NOT_FOUND, NULL, "No %s ticket %s",
			       k == KIND_INTERNAL ? "internal" : kind_prefix(k), id);
	return rc;
}

enum err_code svc_ticket_get(struct ctx *c, enum kind k, const char *id, struct ticket *out)
{
	if (c->who && policy_scope(c->who->role, k, ACT_READ) == SCOPE_NONE)
		return forbidden(c, "read", k);
	return load(c, k, id, out);
}

/* A change set: the ticket before and after, applied and audited by change_tx. */
struct change {
	enum kind kind;
	const char *id;
	struct ticket before, after;
	const char *note;	/* for the status event */
	const char *event_type; /* overrides "status" for the status event: resolved, closed */
	int64_t assignee;
	bool assigning;
	struct sla_settings sla; /* loaded inside the transaction */
	bool quiet_resolution;	 /* the caller tells the creator itself (a release) */
	/* What the caller checks and sets on after, inside the transaction. */
	enum err_code (*mutate)(struct ctx *c, struct change *ch, void *arg);
	void *arg;
};

static const char *user_label(struct ctx *c, int64_t id)
{
	struct user u;
	struct error ignored;

	if (!id)
		return NULL;
	if (store_user_get(svc_db(c), c->a, id, &u, &ignored))
		return arena_printf(c->a, "user %lld", (long long)id);
	return u.name;
}

static const char *id_text(struct ctx *c, int64_t id)
{
	return id ? arena_printf(c->a, "%lld", (long long)id) : NULL;
}

/* Writes one audit event per changed field of ch. */
static enum err_code audit(struct ctx *c, struct change *ch)
{
	const struct ticket *b = &ch->before, *a = &ch->after;
	int64_t id = a->id;
	enum err_code rc = ERR_OK;

	for (int f = 0; f < TF__MAX && !rc; f++) {
		const char *ov = b->v[f], *nv = a->v[f];

		if ((ov == NULL) != (nv == NULL) || (ov && strcmp(ov, nv)))
			rc = event(c, id, "changed", tfield_defs[f].name, ov, nv, NULL);
	}
	if (!rc && b->assigned_to != a->assigned_to)
		rc = event(c, id, "assigned", "assigned_to", id_text(c, b->assigned_to),
			   id_text(c, a->assigned_to),
			   a->assigned_to
			       ? arena_printf(c->a, "Assigned to %s", user_label(c, a->assigned_to))
			       : "Unassigned");
	if (!rc && b->release_id != a->release_id)
		rc = event(c, id, "changed", "release_id", id_text(c, b->release_id),
			   id_text(c, a->release_id), NULL);
	if (!rc && b->on_roadmap != a->on_roadmap)
		rc = event(c, id, "changed", "on_roadmap", b->on_roadmap ? "true" : "false",
			   a->on_roadmap ? "true" : "false", NULL);
	if (!rc && b->team_id != a->team_id)
		rc = event(c, id, "team", "team_id", id_text(c, b->team_id), id_text(c, a->team_id),
			   NULL);
	if (!rc && b->status != a->status)
		rc = event(c, id, ch->event_type ? ch->event_type : "status", "status",
			   status_name(b->status), status_name(a->status), ch->note);
	return rc;
}

/* The notifications a change causes: the new assignee hears of the assignment, the
 * creator of the resolution (unless they did it themselves). */
static enum err_code notify_change(struct ctx *c, struct change *ch)
{
	const struct ticket *b = &ch->before, *a = &ch->after;
	int64_t me = actor_id(c);
	enum err_code rc = ERR_OK;

	if (a->assigned_to && a->assigned_to != b->assigned_to && a->assigned_to != me)
		rc = svc_notify(c, NT_ASSIGNMENT, a->assigned_to, a->id,
				arena_printf(c->a, "%s assigned to you", a->number),
				arena_printf(c->a, "%s: %s\nPriority: %s\nAssigned by: %s\n",
					     a->number, a->v[TF_TITLE], a->v[TF_PRIORITY],
					     c->who ? c->who->name : "ticketd"),
				arena_printf(c->a, "assignment:%lld:%lld:%lld", (long long)a->id,
					     (long long)a->assigned_to, (long long)clock_now()));
	if (!rc && a->status == ST_RESOLVED && b->status != ST_RESOLVED && a->created_by != me &&
	    !ch->quiet_resolution)
		rc = svc_notify(c, NT_RESOLVED, a->created_by, a->id,
				arena_printf(c->a, "%s resolved", a->number),
				arena_printf(c->a, "%s: %s\nResolution: %s\n%s\n", a->number,
					     a->v[TF_TITLE], resolution_label(a->resolution_type),
					     a->resolution_notes ? a->resolution_notes : ""),
				arena_printf(c->a, "resolved:%lld:%lld", (long long)a->id,
					     (long long)a->resolved_at));
	return rc;
}

static enum err_code change_tx(struct ctx *c, void *arg)
{
	struct change *ch = arg;
	int changed = 0;
	enum err_code rc;

	/* Re-read inside the transaction, so checks see the committed state. */
	rc = load(c, ch->kind, ch->id, &ch->before);
	if (rc)
		return rc;
	ch->after = ch->before;
	rc = svc_sla_settings(c, &ch->sla);
	if (rc)
		return rc;
	rc = ch->mutate(c, ch, ch->arg);
	if (rc)
		return rc;
	rc = store_ticket_update(svc_db(c), &ch->before, &ch->after, clock_now(), &changed, c->e);
	if (rc || !changed)
		return rc;
	rc = audit(c, ch);
	return rc ? rc : notify_change(c, ch);
}

static enum err_code change(struct ctx *c, enum kind k, const char *id,
			    enum err_code (*mutate)(struct ctx *, struct change *, void *),
			    void *arg, struct ticket *out)
{
	struct change ch = {.kind = k, .id = id, .mutate = mutate, .arg = arg};
	enum err_code rc = svc_tx(c, change_tx, &ch);

	if (rc)
		return rc;
	return store_ticket_get(svc_db(c), c->a, ch.after.id, out, c->e);
}

/* Moves after to status `to` if the workflow allows it, with the side effects of entering
 * and leaving resolved and closed.  The one function that changes a ticket's status. */
static enum err_code set_status(struct ctx *c, struct change *ch, enum status to)
{
	struct ticket *t = &ch->after;
	enum err_code rc = ticket_check_transition(t->kind, ch->before.status, to, c->e);

	if (rc)
		return rc;
	if (to == ST_ASSIGNED && !t->assigned_to)
		return err_set(c->e, ERR_CONFLICT, "status",
			       "assign the ticket to someone to move it to assigned");
	if (ch->before.status == ST_RESOLVED && to != ST_CLOSED) {
		/* Reopened: the resolution stays in the audit trail, not on the ticket. */
		t->resolved_at = 0;
		t->resolution_type = NULL;
		t->resolution_notes = NULL;
		t->has_amount = false;
		t->resolution_amount = 0;
		t->resolution_currency = NULL;
		t->resolution_reference = NULL;
		t->replacement_date = NULL;
		t->replacement_items = NULL;
	}
	if (to == ST_RESOLVED)
		t->resolved_at = clock_now();
	if (to == ST_CLOSED)
		t->closed_at = clock_now();
	t->status = to;

	/* The SLA clock: paused while the customer is awaited (a setting), stopped at
	 * resolution, running again after either. */
	enum status from = ch->before.status;
	const struct sla_calendar *cal = &ch->sla.cal;

	if (to == ST_AWAITING_CUSTOMER && ch->sla.pause_awaiting)
		sla_pause(cal, &t->sla, clock_now());
	else if (to == ST_RESOLVED)
		sla_stop(cal, &t->sla, clock_now());
	else if (to == ST_IN_PROGRESS && (from == ST_AWAITING_CUSTOMER || from == ST_RESOLVED))
		sla_resume(cal, &t->sla, clock_now());
	t->next_check_at = svc_sla_next_check(t);
	return ERR_OK;
}

struct update_args {
	const struct ticket_input *in;
	const char *status;
};

static enum err_code update_mutate(struct ctx *c, struct change *ch, void *arg)
{
	struct update_args *ua = arg;
	struct ticket *t = &ch->after;
	enum err_code rc;

	if (!may(c, t->kind, ACT_UPDATE, t->created_by))
		return forbidden(c, "update", t->kind);
	if (t->status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed and cannot be changed",
			       t->number);
	apply_input(c, t, ua->in);
	if (t->priority_rank != ch->before.priority_rank) {
		/* A new priority gives a new budget; the time already used still counts. */
		bool running = t->sla.running_since != 0;
		int64_t now = clock_now();

		sla_pause(&ch->sla.cal, &t->sla, now);
		t->sla.budget = ch->sla.budget[t->kind][t->priority_rank];
		if (running)
			sla_resume(&ch->sla.cal, &t->sla, now);
		if (t->sla.risk_at > now)
			t->sla_warned = false;
		t->next_check_at = svc_sla_next_check(t);
	}
	/* Required fields stay required: an update cannot blank them. */
	struct ticket_input now = {0};

	for (int f = 0; f < TF__MAX; f++) {
		now.set[f] = t->v[f] != NULL;
		now.v[f] = t->v[f];
	}
	rc = ticket_check_required(t->kind, &now, c->e);
	if (rc)
		return rc;
	if (ua->in->set[TF_CUSTOMER_ID] || ua->in->set[TF_SO_ID] || ua->in->set[TF_INVOICE_ID]) {
		rc = check_links(c, t);
		if (rc)
			return rc;
	}
	if (ua->in->set[TF_DELIVERY_DATE] || ua->in->set[TF_CATEGORY])
		apply_claim_window(t);
	if (ua->in->set[TF_BATCH_NUMBER]) {
		rc = trace_check_batch(c, t->kind, t->v[TF_BATCH_NUMBER]);
		if (rc)
			return rc;
	}
	if (ua->in->set[TF_CATEGORY]) {
		rc = evidence_check_category(c, t);
		if (rc)
			return rc;
	}
	if (ua->status && t->kind == KIND_INTERNAL && c->who &&
	    policy_scope(c->who->role, t->kind, ACT_RESOLVE) != SCOPE_ALL)
		return err_set(c->e, ERR_FORBIDDEN, "status",
			       "developers triage and move internal tickets; a %s may edit the "
			       "text, comment, and close the ticket once resolved",
			       role_name(c->who->role));
	if (ua->status) {
		int to = status_from_name(ua->status);

		if (to < 0 || !status_in_kind(t->kind, (enum status)to))
			return err_set(c->e, ERR_INVALID, "status", "unknown %s status '%s'",
				       kind_name(t->kind), ua->status);
		if (to == ST_RESOLVED)
			return err_set(c->e, ERR_INVALID, "status",
				       "resolve a ticket with POST .../resolve, which records "
				       "the resolution");
		if (to == ST_CLOSED)
			return err_set(c->e, ERR_INVALID, "status",
				       "close a ticket with POST .../close");
		if (to != (int)t->status) {
			rc = set_status(c, ch, (enum status)to);
			if (rc)
				return rc;
		}
	}
	return ERR_OK;
}

enum err_code svc_ticket_update(struct ctx *c, enum kind k, const char *id,
				const struct ticket_input *in, const char *status,
				struct ticket *out)
{
	struct update_args ua = {in, status};
	enum err_code rc = ticket_check_fields(k, in, false, c->e);

	if (rc)
		return rc;
	return change(c, k, id, update_mutate, &ua, out);
}

/* The person part of an assignment: who may assign whom. */
static enum err_code assign_user(struct ctx *c, struct change *ch, int64_t assignee)
{
	struct ticket *t = &ch->after;
	enum scope s = c->who ? policy_scope(c->who->role, t->kind, ACT_ASSIGN) : SCOPE_ALL;
	struct user u;
	enum err_code rc;

	/* SCOPE_OWN for assignment means self-assignment only, of an unassigned ticket (or
	 * one of their team's that nobody has taken). */
	if (s == SCOPE_OWN &&
	    (assignee != c->who->id || (t->assigned_to && t->assigned_to != c->who->id)))
		return err_set(c->e, ERR_FORBIDDEN, "assigned_to",
			       "an agent may only take unassigned tickets for themself; ask a "
			       "manager to reassign");
	if (assignee) {
		rc = store_user_get(svc_db(c), c->a, assignee, &u, c->e);
		if (rc == ERR_NOT_FOUND || (!rc && !u.active))
			return err_set(c->e, ERR_INVALID, "assigned_to", "no active user %lld",
				       (long long)assignee);
		if (rc)
			return rc;
		if (!policy_can_work(u.role, t->kind))
			return err_set(c->e, ERR_INVALID, "assigned_to",
				       "%s is a %s and cannot work on %s tickets", u.name,
				       role_name(u.role), kind_name(t->kind));
	}
	/* Work under way needs someone: past `new` a B2B/B2C ticket is reassigned, not left
	 * with nobody. */
	if (!assignee && t->assigned_to && t->kind != KIND_INTERNAL && t->status != ST_NEW)
		return err_set(c->e, ERR_CONFLICT, "assigned_to",
			       "%s is %s: assign it to someone else instead of to nobody",
			       t->number, status_name(t->status));
	t->assigned_to = assignee;
	if (assignee && t->status == ST_NEW && t->kind != KIND_INTERNAL)
		return set_status(c, ch, ST_ASSIGNED);
	return ERR_OK;
}

static enum err_code assign_mutate(struct ctx *c, struct change *ch, void *arg)
{
	const struct assignment *as = arg;
	struct ticket *t = &ch->after;
	enum scope s = c->who ? policy_scope(c->who->role, t->kind, ACT_ASSIGN) : SCOPE_ALL;
	enum err_code rc = ERR_OK;

	if (s == SCOPE_NONE)
		return forbidden(c, "assign", t->kind);
	if (t->status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed", t->number);
	if (as->set_team) {
		struct team team;

		if (s != SCOPE_ALL)
			return err_set(c->e, ERR_FORBIDDEN, "team_id",
				       "a manager moves tickets between teams");
		if (as->team) {
			rc = store_team_get(svc_db(c), c->a, as->team, &team, c->e);
			if (rc == ERR_NOT_FOUND)
				return err_set(c->e, ERR_INVALID, "team_id", "no team %lld",
					       (long long)as->team);
			if (rc)
				return rc;
		}
		t->team_id = as->team;
	}
	if (as->set_user)
		rc = assign_user(c, ch, as->user);
	return rc;
}

enum err_code svc_ticket_assign(struct ctx *c, enum kind k, const char *id,
				const struct assignment *as, struct ticket *out)
{
	if (!as->set_user && !as->set_team)
		return err_set(c->e, ERR_INVALID, "assigned_to",
			       "say who: 'assigned_to' (a user_id, or null) and/or 'team_id'");
	return change(c, k, id, assign_mutate, (void *)as, out);
}

/* "₹2,50,000.00" (Indian grouping: thousands, then every two digits) for rupees; "USD
 * 12.50" for another currency. */
static const char *money_text(struct ctx *c, int64_t paise, const char *currency)
{
	char digits[32], grouped[48];
	int n, g = 0;

	if (currency && strcmp(currency, "INR"))
		return arena_printf(c->a, "%s %lld.%02lld", currency, (long long)(paise / 100),
				    (long long)(paise % 100));
	n = snprintf(digits, sizeof(digits), "%lld", (long long)(paise / 100));
	for (int i = 0; i < n; i++) {
		int left = n - i; /* digits from here to the end */

		if (i > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0)))
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	return arena_printf(c->a, "\u20b9%s.%02lld", grouped, (long long)(paise % 100));
}

/* Whether s is missing or only white space. */
static bool blank(const char *s)
{
	while (s && *s && isspace((unsigned char)*s))
		s++;
	return !s || !*s;
}

/* Checks a resolution's details against its type: money types need an amount, a
 * replacement its date.  Reports every failing field at once (err_add); with an unknown
 * type only the checks that do not depend on it are made. */
static enum err_code check_resolution(struct ctx *c, enum kind k, const struct resolution *r)
{
	int y, m, d;
	bool known = resolution_type_valid(k, r->type);
	bool money = known && workflow_money_index(r->type) >= 0;
	bool replacement = known && !strcmp(r->type, "replacement");

	err_clear(c->e);
	if (blank(r->type))
		err_add(c->e, ERR_INVALID, "resolution_type", "'resolution_type' is required");
	else if (!known)
		err_add(c->e, ERR_INVALID, "resolution_type",
			"resolution_type must be one of the %s resolutions in /api/catalog",
			kind_name(k));
	if (blank(r->notes))
		err_add(c->e, ERR_INVALID, "notes", "'notes' is required");
	if (money && (!r->has_amount || r->amount <= 0))
		err_add(c->e, ERR_INVALID, "amount", "a %s needs an amount above 0",
			resolution_label(r->type));
	if (known && r->has_amount && (k == KIND_INTERNAL || !strcmp(r->type, "no_action")))
		err_add(c->e, ERR_INVALID, "amount", "a %s resolution has no amount",
			resolution_label(r->type));
	if (r->currency &&
	    (strlen(r->currency) != 3 || !isupper((unsigned char)r->currency[0]) ||
	     !isupper((unsigned char)r->currency[1]) || !isupper((unsigned char)r->currency[2])))
		err_add(c->e, ERR_INVALID, "currency", "currency is a code such as INR");
	if (replacement && (!r->replacement_date || !date_parse(r->replacement_date, &y, &m, &d)))
		err_add(c->e, ERR_INVALID, "replacement_date",
			"a replacement needs its replacement_date (YYYY-MM-DD)");
	if (known && r->replacement_date && !replacement)
		err_add(c->e, ERR_INVALID, "replacement_date",
			"replacement_date belongs to a replacement");
	if (r->reference && strlen(r->reference) > 100)
		err_add(c->e, ERR_INVALID, "reference", "reference is at most 100 bytes");
	if (r->replacement_items && strlen(r->replacement_items) > 2000)
		err_add(c->e, ERR_INVALID, "replacement_items",
			"replacement_items is at most 2000 bytes");
	return c->e->code;
}

/* Moves the ticket to resolved with the resolution's details. */
static enum err_code apply_resolution(struct ctx *c, struct change *ch, const struct resolution *r)
{
	struct ticket *t = &ch->after;
	enum err_code rc = set_status(c, ch, ST_RESOLVED);

	if (rc)
		return rc;
	t->resolution_type = r->type;
	t->resolution_notes = trimmed(c->a, r->notes);
	t->has_amount = r->has_amount;
	t->resolution_amount = r->has_amount ? r->amount : 0;
	t->resolution_currency = r->has_amount ? (r->currency ? r->currency : "INR") : NULL;
	t->resolution_reference = r->reference;
	t->replacement_date = r->replacement_date;
	t->replacement_items = r->replacement_items;
	ch->event_type = "resolved";
	ch->note = r->has_amount ? arena_printf(c->a, "%s (%s): %s", resolution_label(r->type),
						money_text(c, r->amount, t->resolution_currency),
						t->resolution_notes)
				 : arena_printf(c->a, "%s: %s", resolution_label(r->type),
						t->resolution_notes);
	return ERR_OK;
}

/* Whether this resolution, by this actor, waits for a manager (docs/decisions.md). */
static bool needs_approval(struct ctx *c, const struct resolution *r)
{
	struct workflow_settings w;
	int i = workflow_money_index(r->type);

	if (i < 0 || !c->who || c->who->role == ROLE_MANAGER || c->who->role == ROLE_ADMIN)
		return false;
	if (svc_workflow_settings(c, &w))
		return true; /* when in doubt, ask */
	return w.threshold[i] == 0 || (w.threshold[i] > 0 && r->amount > w.threshold[i]);
}

struct resolve_args {
	const struct resolution *res;
	struct evidence *ev;
	int64_t approval_id;
};

static bool has_files(const struct evidence *ev)
{
	return ev && (ev->nfiles || ev->nuploads);
}

static enum err_code resolve_mutate(struct ctx *c, struct change *ch, void *arg)
{
	struct resolve_args *ra = arg;
	const struct resolution *r = ra->res;
	struct ticket *t = &ch->after;
	struct approval pending;
	bool found;
	enum err_code rc;

	if (!may(c, t->kind, ACT_RESOLVE, t->created_by))
		return forbidden(c, "resolve", t->kind);
	/* Whether the ticket can be resolved now comes before the details of how. */
	rc = ticket_check_transition(t->kind, t->status, ST_RESOLVED, c->e);
	if (!rc)
		rc = check_resolution(c, t->kind, r);
	if (!rc)
		rc = store_approval_pending_of(svc_db(c), c->a, t->id, &pending, &found, c->e);
	if (rc)
		return rc;
	if (found)
		return err_set(
		    c->e, ERR_CONFLICT, "resolution_type",
		    "%s already has a %s waiting for a manager's approval (approval %lld)",
		    t->number, resolution_label(pending.resolution_type), (long long)pending.id);
	/* Photos of what was sent are evidence either way: attached now. */
	if (has_files(ra->ev))
		rc = evidence_attach_tx(c, t->id, 0, actor_id(c), ra->ev);
	if (rc)
		return rc;
	if (!needs_approval(c, r))
		return apply_resolution(c, ch, r);

	/* Pending: the ticket stays as it is until a manager decides. */
	rc = ticket_check_transition(t->kind, t->status, ST_RESOLVED, c->e);
	if (rc)
		return rc;
	struct approval ap = {
	    .ticket_id = t->id,
	    .resolution_type = r->type,
	    .notes = trimmed(c->a, r->notes),
	    .has_amount = r->has_amount,
	    .amount = r->amount,
	    .currency = r->currency ? r->currency : "INR",
	    .reference = r->reference,
	    .replacement_date = r->replacement_date,
	    .replacement_items = r->replacement_items,
	    .requested_by = actor_id(c),
	    .requested_at = clock_now(),
	};
	const char *what = arena_printf(c->a, "%s of %s", resolution_label(r->type),
					money_text(c, r->amount, ap.currency));

	rc = store_approval_insert(svc_db(c), &ap, &ra->approval_id, c->e);
	if (!rc)
		rc = event(c, t->id, "approval_requested", "resolution_type", NULL, r->type,
			   arena_printf(c->a, "%s waits for a manager: %s", what, ap.notes));
	if (!rc)
		rc = svc_notify_role(
		    c, ROLE_MANAGER, NT_APPROVAL_NEEDED, t->id,
		    arena_printf(c->a, "Approval needed: %s on %s", what, t->number),
		    arena_printf(c->a, "%s asks to resolve %s (%s) with a %s.\n\n%s\n",
				 c->who->name, t->number, t->v[TF_TITLE], what, ap.notes),
		    arena_printf(c->a, "approval:%lld", (long long)ra->approval_id));
	return rc;
}

enum err_code svc_ticket_resolve(struct ctx *c, enum kind k, const char *id,
				 const struct resolution *res, struct evidence *ev,
				 struct ticket *out, int64_t *approval_id)
{
	struct resolve_args ra = {res, ev, 0};
	enum err_code rc = ERR_OK;

	if (has_files(ev)) {
		if (!c->who)
			return err_set(c->e, ERR_INVALID, "photos",
				       "files need the person who sent them");
		rc = evidence_prepare(c, ev);
		if (!rc)
			rc = evidence_stage(c, ev);
		if (rc)
			return rc;
	}
	rc = change(c, k, id, resolve_mutate, &ra, out);
	if (rc && has_files(ev))
		evidence_unstage(c, ev);

	if (approval_id)
		*approval_id = ra.approval_id;
	return rc;
}

/* "Refund of ₹2,500.00", or "Replacement": what an approval is for. */
static const char *approval_what(struct ctx *c, const struct approval *ap)
{
	return ap->has_amount
		   ? arena_printf(c->a, "%s of %s", resolution_label(ap->resolution_type),
				  money_text(c, ap->amount, ap->currency))
		   : resolution_label(ap->resolution_type);
}

struct decide_args {
	struct approval ap;
	bool approve;
	const char *note;
};

static enum err_code decide_mutate(struct ctx *c, struct change *ch, void *arg)
{
	struct decide_args *da = arg;
	struct ticket *t = &ch->after;
	const struct approval *ap = &da->ap;
	enum err_code rc;

	rc = store_approval_decide(svc_db(c), ap->id, da->approve ? "approved" : "rejected",
				   actor_id(c), clock_now(), da->note, c->e);
	if (rc)
		return rc;
	if (da->approve) {
		struct resolution r = {ap->resolution_type,  ap->notes,
				       ap->has_amount,	     ap->amount,
				       ap->currency,	     ap->reference,
				       ap->replacement_date, ap->replacement_items};

		rc = apply_resolution(c, ch, &r);
		if (!rc)
			rc = event(c, t->id, "approval_approved", "resolution_type", NULL,
				   ap->resolution_type, da->note);
	} else {
		/* Rejected: back to work, with the manager's note on the timeline. */
		if (t->status != ST_IN_PROGRESS &&
		    transition_allowed(t->kind, t->status, ST_IN_PROGRESS))
			rc = set_status(c, ch, ST_IN_PROGRESS);
		if (!rc)
			rc = event(c, t->id, "approval_rejected", "resolution_type",
				   ap->resolution_type, NULL, da->note);
	}
	/* Decided: the managers' requests for it are done. */
	if (!rc)
		rc = store_notifications_done(
		    svc_db(c), arena_printf(c->a, "approval:%lld:%%:in_app", (long long)ap->id),
		    clock_now(), c->e);
	if (!rc && ap->requested_by != actor_id(c))
		rc = svc_notify(c, NT_APPROVAL_NEEDED, ap->requested_by, t->id,
				arena_printf(c->a, "%s on %s %s by %s", approval_what(c, ap),
					     t->number, da->approve ? "approved" : "rejected",
					     c->who ? c->who->name : "ticketd"),
				arena_printf(c->a, "%s decided by %s.\n%s\n",
					     da->approve ? "Approved" : "Rejected",
					     c->who ? c->who->name : "ticketd",
					     da->note ? da->note : ""),
				arena_printf(c->a, "approval-decided:%lld", (long long)ap->id));
	return rc;
}

enum err_code svc_approval_decide(struct ctx *c, int64_t id, bool approve, const char *note,
				  struct approval *out, struct ticket *t)
{
	struct decide_args da = {.approve = approve};
	enum err_code rc;
	int k;

	if (c->who && c->who->role != ROLE_MANAGER && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only managers decide approvals");
	da.note = note ? trimmed(c->a, note) : NULL;
	if (da.note && !*da.note)
		da.note = NULL;
	if (!approve && !da.note)
		return err_set(c->e, ERR_INVALID, "note", "say why the resolution is rejected");
	rc = store_approval_get(svc_db(c), c->a, id, &da.ap, c->e);
	if (rc)
		return rc;
	if (strcmp(da.ap.state, "pending"))
		return err_set(c->e, ERR_CONFLICT, NULL, "approval %lld was already %s",
			       (long long)id, da.ap.state);
	k = kind_from_name(da.ap.ticket_kind);
	rc = change(c, (enum kind)(k < 0 ? KIND_B2B : k),
		    arena_printf(c->a, "%lld", (long long)da.ap.ticket_id), decide_mutate, &da, t);
	if (rc)
		return rc;
	return store_approval_get(svc_db(c), c->a, id, out, c->e);
}

enum err_code svc_approvals(struct ctx *c, const char *state, struct approval **out, int *n)
{
	if (c->who && c->who->role != ROLE_MANAGER && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only managers see the approvals");
	return store_approvals(svc_db(c), c->a, state, 200, out, n, c->e);
}

enum err_code svc_ticket_pending_approval(struct ctx *c, int64_t ticket_id, struct approval *out,
					  bool *found)
{
	return store_approval_pending_of(svc_db(c), c->a, ticket_id, out, found, c->e);
}

struct close_args {
	const char *note, *confirmation;
};

static enum err_code close_mutate(struct ctx *c, struct change *ch, void *arg)
{
	struct ticket *t = &ch->after;
	enum err_code rc;

	if (!may(c, t->kind, ACT_CLOSE, t->created_by))
		return forbidden(c, "close", t->kind);
	rc = set_status(c, ch, ST_CLOSED);
	if (rc)
		return rc;
	const struct close_args *ca = arg;

	ch->event_type = "closed";
	ch->note = ca->note ? trimmed(c->a, ca->note) : NULL;
	t->close_confirmation = ca->confirmation;
	return ERR_OK;
}

enum err_code svc_ticket_close(struct ctx *c, enum kind k, const char *id, const char *note,
			       const char *confirmation, struct ticket *out)
{
	struct close_args ca = {note, confirmation};
	bool known = !confirmation || catalog_in(catalog_close_confirmations, confirmation) ||
		     (!c->who && !strcmp(confirmation, "auto"));

	if (!known)
		return err_set(c->e, ERR_INVALID, "confirmation",
			       "confirmation is phone, whatsapp, email, sms, in_person, portal or "
			       "none");
	return change(c, k, id, close_mutate, &ca, out);
}

/* Who sees internal notes: staff on customer tickets; developers and admins on internal
 * tickets (a reporter sees the public conversation on their own ticket). */
static bool sees_internal(struct ctx *c, enum kind k)
{
	if (!c->who)
		return true;
	if (k != KIND_INTERNAL)
		return true;
	return c->who->role == ROLE_DEVELOPER || c->who->role == ROLE_ADMIN;
}

struct comment_args {
	enum kind kind;
	const char *id, *text, *visibility;
	struct ticket t;
	int64_t comment_id, event_id;
};

static enum err_code comment_tx(struct ctx *c, void *arg)
{
	struct comment_args *ca = arg;
	struct db *db = svc_db(c);
	enum err_code rc = load(c, ca->kind, ca->id, &ca->t);

	if (rc)
		return rc;
	if (!may(c, ca->kind, ACT_COMMENT, ca->t.created_by))
		return forbidden(c, "comment on", ca->kind);
	/* An internal note its own author could not read back is refused. */
	if (!strcmp(ca->visibility, "internal") && !sees_internal(c, ca->kind))
		return err_set(c->e, ERR_FORBIDDEN, "visibility",
			       "a %s cannot write internal notes on %s tickets; use public",
			       role_name(c->who->role), kind_name(ca->kind));
	rc = store_comment_add(db, ca->t.id, actor_id(c), ca->text, ca->visibility, clock_now(),
			       &ca->comment_id, c->e);
	if (rc)
		return rc;
	struct ticket_event ev = {.at = clock_now(),
				  .actor_id = actor_id(c),
				  .type = "comment",
				  .comment_id = ca->comment_id};

	rc = store_event_add(db, &ev, ca->t.id, c->e);
	if (rc)
		return rc;
	/* A public reply by staff is the first response the SLA reports; any comment is
	 * activity, so updated_at moves. */
	if (!strcmp(ca->visibility, "public") && !ca->t.first_response_at && c->who &&
	    sees_internal(c, ca->kind) && c->who->role != ROLE_REPORTER) {
		struct ticket after = ca->t;
		int changed;

		after.first_response_at = clock_now();
		return store_ticket_update(db, &ca->t, &after, clock_now(), &changed, c->e);
	}
	return store_ticket_touch(db, ca->t.id, clock_now(), c->e);
}

enum err_code svc_ticket_comment(struct ctx *c, enum kind k, const char *id, const char *text,
				 const char *visibility, struct ticket_event *out)
{
	struct comment_args ca = {.kind = k, .id = id, .visibility = visibility};
	enum err_code rc;

	ca.text = trimmed(c->a, text);
	if (!ca.text || !*ca.text)
		return err_set(c->e, ERR_INVALID, "comment_text", "'comment_text' is required");
	if (strlen(ca.text) > 20000)
		return err_set(c->e, ERR_INVALID, "comment_text",
			       "'comment_text' is longer than 20000 bytes");
	if (!visibility) /* the default is the note, for those who may read notes */
		ca.visibility = sees_internal(c, k) ? "internal" : "public";
	else if (strcmp(visibility, "internal") && strcmp(visibility, "public"))
		return err_set(c->e, ERR_INVALID, "visibility",
			       "visibility must be internal or public");
	rc = svc_tx(c, comment_tx, &ca);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	out->comment_id = ca.comment_id;
	out->at = clock_now();
	out->actor_id = actor_id(c);
	out->actor_name = c->who ? c->who->name : NULL;
	out->type = "comment";
	out->comment_text = ca.text;
	out->visibility = ca.visibility;
	return ERR_OK;
}

enum err_code svc_ticket_timeline(struct ctx *c, enum kind k, const char *id, bool comments_only,
				  struct ticket_event **out, int *n)
{
	struct ticket t;
	enum err_code rc = svc_ticket_get(c, k, id, &t);

	if (rc)
		return rc;
	return store_timeline(svc_db(c), c->a, t.id, sees_internal(c, k), comments_only, out, n,
			      c->e);
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
			return forbidden(c, "list", q->kind);
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
			return forbidden(c, "list", (enum kind)k);
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

struct exception_args {
	const char *decision, *note;
};

static enum err_code exception_mutate(struct ctx *c, struct change *ch, void *arg)
{
	struct exception_args *ea = arg;
	struct ticket *t = &ch->after;
	bool approve = !strcmp(ea->decision, "approve");

	if (c->who && c->who->role != ROLE_MANAGER && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "only a manager decides exceptions to the claim window");
	if (t->within_policy_window != 0)
		return err_set(c->e, ERR_CONFLICT, "decision",
			       "%s was raised within the policy window; no exception is needed",
			       t->number);
	if (t->status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed", t->number);
	t->policy_exception = approve ? "approved" : "rejected";
	t->policy_exception_note = trimmed(c->a, ea->note);
	t->policy_exception_by = actor_id(c);
	t->policy_exception_at = clock_now();
	enum err_code rc =
	    event(c, t->id, "policy_exception", "policy_exception", ch->before.policy_exception,
		  t->policy_exception, t->policy_exception_note);
	const char *title = arena_printf(c->a, "Late claim %s: %s", t->policy_exception, t->number);
	const char *body = arena_printf(
	    c->a, "%s (%d days late): exception %s by %s.\n%s\n", t->number, t->days_late,
	    t->policy_exception, c->who ? c->who->name : "ticketd", t->policy_exception_note);
	const char *dedupe = arena_printf(c->a, "exception:%lld:%lld", (long long)t->id,
					  (long long)t->policy_exception_at);

	if (!rc && t->assigned_to && t->assigned_to != actor_id(c))
		rc =
		    svc_notify(c, NT_EXCEPTION_DECIDED, t->assigned_to, t->id, title, body, dedupe);
	if (!rc && t->created_by != actor_id(c) && t->created_by != t->assigned_to)
		rc = svc_notify(c, NT_EXCEPTION_DECIDED, t->created_by, t->id, title, body, dedupe);
	return rc;
}

enum err_code svc_ticket_policy_exception(struct ctx *c, const char *id, const char *decision,
					  const char *note, struct ticket *out)
{
	struct exception_args ea = {decision, note};

	if (!decision || (strcmp(decision, "approve") && strcmp(decision, "reject")))
		return err_set(c->e, ERR_INVALID, "decision", "decision is approve or reject");
	if (!note || !*trimmed(c->a, note))
		return err_set(c->e, ERR_INVALID, "note", "a note saying why is required");
	return change(c, KIND_B2C, id, exception_mutate, &ea, out);
}

/* --- releases and the roadmap (internal tickets) ------------------------------------ */

struct plan_args {
	bool set_release;
	int64_t release_id;
	bool set_roadmap;
	bool on_roadmap;
};

static enum err_code plan_mutate(struct ctx *c, struct change *ch, void *arg)
{
	const struct plan_args *pa = arg;
	struct ticket *t = &ch->after;
	const struct category *cat = category_find(t->kind, t->v[TF_CATEGORY]);

	if (t->kind != KIND_INTERNAL)
		return err_set(c->e, ERR_INVALID, NULL, "only internal tickets go into releases");
	if (c->who && policy_scope(c->who->role, t->kind, ACT_ASSIGN) != SCOPE_ALL)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "developers and admins plan releases and the roadmap");
	if (t->status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed", t->number);
	if (pa->set_roadmap) {
		if (pa->on_roadmap && cat && strcmp(cat->group, "feature") &&
		    strcmp(cat->group, "enhancement"))
			return err_set(c->e, ERR_INVALID, "on_roadmap",
				       "the roadmap holds feature requests and enhancements");
		t->on_roadmap = pa->on_roadmap;
	}
	if (pa->set_release)
		t->release_id = pa->release_id;
	return ERR_OK;
}

enum err_code svc_ticket_plan(struct ctx *c, const char *id, bool set_release, int64_t release_id,
			      bool set_roadmap, bool on_roadmap, struct ticket *out)
{
	struct plan_args pa = {set_release, release_id, set_roadmap, on_roadmap};

	return change(c, KIND_INTERNAL, id, plan_mutate, &pa, out);
}

struct release_args {
	const char *version, *notes;
	bool resolved; /* whether this ticket was resolved by the release */
};

/* A published release resolves its ticket from any open status: the release is the
 * authority that the work is done (docs/decisions.md). */
static enum err_code release_mutate(struct ctx *c, struct change *ch, void *arg)
{
	struct release_args *ra = arg;
	struct ticket *t = &ch->after;
	const struct category *cat = category_find(t->kind, t->v[TF_CATEGORY]);

	if (t->status == ST_RESOLVED || t->status == ST_CLOSED)
		return ERR_OK;
	t->status = ST_RESOLVED;
	t->resolved_at = clock_now();
	sla_stop(&ch->sla.cal, &t->sla, t->resolved_at);
	t->next_check_at = 0;
	t->resolution_type = cat && cat->steps_required ? "fixed" : "implemented";
	t->resolution_notes = arena_printf(c->a, "Released in %s.\n\n%s", ra->version, ra->notes);
	ch->event_type = "resolved";
	ch->note = arena_printf(c->a, "Released in %s", ra->version);
	ra->resolved = true;
	return ERR_OK;
}

enum err_code svc_ticket_release_in_tx(struct ctx *c, int64_t ticket_id, const char *version,
				       const char *notes, bool *resolved)
{
	struct release_args ra = {version, notes, false};
	struct change ch = {.kind = KIND_INTERNAL,
			    .id = arena_printf(c->a, "%lld", (long long)ticket_id),
			    .mutate = release_mutate,
			    .arg = &ra,
			    .quiet_resolution = true};
	enum err_code rc = change_tx(c, &ch);

	*resolved = ra.resolved;
	return rc;
}

/* --- closing resolved tickets the customer did not answer ----------------------------
 * "No reply" is no activity at all since: a comment, a logged communication or any change
 * moves updated_at and restarts the wait. */

static enum err_code auto_close_mutate(struct ctx *c, struct change *ch, void *arg)
{
	const int *days = arg;
	struct ticket *t = &ch->after;
	enum err_code rc;

	if (t->status != ST_RESOLVED)
		return ERR_OK; /* reopened or closed meanwhile */
	rc = set_status(c, ch, ST_CLOSED);
	if (rc)
		return rc;
	t->close_confirmation = "auto";
	ch->event_type = "closed";
	ch->note = arena_printf(c->a, "Closed automatically: no reply for %d days after resolution",
				*days);
	return ERR_OK;
}

enum err_code svc_ticket_auto_close(struct ctx *c, int *closed)
{
	struct workflow_settings w;
	int64_t ids[200];
	int n = 0;
	enum err_code rc = svc_workflow_settings(c, &w);

	*closed = 0;
	if (rc || w.auto_close_days <= 0)
		return rc;
	rc = store_ticket_resolved_before(
	    svc_db(c), clock_now() - (int64_t)w.auto_close_days * 86400, 200, ids, &n, c->e);
	for (int i = 0; !rc && i < n; i++) {
		struct ticket t, out;

		rc = store_ticket_get(svc_db(c), c->a, ids[i], &t, c->e);
		if (!rc)
			rc = change(c, t.kind, arena_printf(c->a, "%lld", (long long)t.id),
				    auto_close_mutate, &w.auto_close_days, &out);
		if (!rc && out.status == ST_CLOSED)
			(*closed)++;
	}
	return rc;
}
