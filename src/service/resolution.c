/* Resolving tickets (with a manager's approval above the workflow's thresholds), the
 * approvals, closing, the resolution by a published release, and auto-closing. */
#include <ctype.h>
#include <string.h>

#include "ticket.h"
#include "../base/clock.h"
#include "../base/metrics.h"
#include "../base/timefmt.h"
#include "evidence.h"
#include "whatsapp.h"
#include "../store/approval.h"
#include "integration.h"
#include "../base/banned.h"

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
	enum err_code rc = svc_change_status(c, ch, ST_RESOLVED);

	if (rc)
		return rc;
	t->resolution_type = r->type;
	t->resolution_notes = svc_trimmed(c->a, r->notes);
	t->has_amount = r->has_amount;
	t->resolution_amount = r->has_amount ? r->amount : 0;
	t->resolution_currency = r->has_amount ? (r->currency ? r->currency : "INR") : NULL;
	t->resolution_reference = r->reference;
	t->replacement_date = r->replacement_date;
	t->replacement_items = r->replacement_items;
	ch->event_type = "resolved";
	/* What the decision makes in Zoho Books or WooCommerce, in the same transaction. */
	rc = svc_postings_enqueue(c, t, r);
	if (rc)
		return rc;
	ch->note = r->has_amount ? arena_printf(c->a, "%s (%s): %s", resolution_label(r->type),
						money_text(c, r->amount, t->resolution_currency),
						t->resolution_notes)
				 : arena_printf(c->a, "%s: %s", resolution_label(r->type),
						t->resolution_notes);
	if (t->kind != KIND_B2C)
		return ERR_OK;
	return svc_customer_notify_tx(
	    c, t, "resolved", arena_printf(c->a, "%s is resolved. %s", t->number, ch->note));
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

	if (!svc_ticket_may(c, t->kind, ACT_RESOLVE, t->created_by))
		return svc_ticket_forbidden(c, "resolve", t->kind);
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
		rc = evidence_attach_tx(c, t->id, 0, svc_actor_id(c), ra->ev);
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
	    .notes = svc_trimmed(c->a, r->notes),
	    .has_amount = r->has_amount,
	    .amount = r->amount,
	    .currency = r->currency ? r->currency : "INR",
	    .reference = r->reference,
	    .replacement_date = r->replacement_date,
	    .replacement_items = r->replacement_items,
	    .requested_by = svc_actor_id(c),
	    .requested_at = clock_now(),
	};
	const char *what = arena_printf(c->a, "%s of %s", resolution_label(r->type),
					money_text(c, r->amount, ap.currency));

	rc = store_approval_insert(svc_db(c), &ap, &ra->approval_id, c->e);
	if (!rc)
		rc = svc_ticket_event(
		    c, t->id, "approval_requested", "resolution_type", NULL, r->type,
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
	rc = svc_change(c, k, id, resolve_mutate, &ra, out);
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
				   svc_actor_id(c), clock_now(), da->note, c->e);
	if (rc)
		return rc;
	if (da->approve) {
		struct resolution r = {ap->resolution_type,  ap->notes,
				       ap->has_amount,	     ap->amount,
				       ap->currency,	     ap->reference,
				       ap->replacement_date, ap->replacement_items};

		rc = apply_resolution(c, ch, &r);
		if (!rc)
			rc = svc_ticket_event(c, t->id, "approval_approved", "resolution_type",
					      NULL, ap->resolution_type, da->note);
	} else {
		/* Rejected: back to work, with the manager's note on the timeline. */
		if (t->status != ST_IN_PROGRESS &&
		    transition_allowed(t->kind, t->status, ST_IN_PROGRESS))
			rc = svc_change_status(c, ch, ST_IN_PROGRESS);
		if (!rc)
			rc = svc_ticket_event(c, t->id, "approval_rejected", "resolution_type",
					      ap->resolution_type, NULL, da->note);
	}
	/* Decided: the managers' requests for it are done. */
	if (!rc)
		rc = store_notifications_done(
		    svc_db(c), arena_printf(c->a, "approval:%lld:%%:in_app", (long long)ap->id),
		    clock_now(), c->e);
	if (!rc && ap->requested_by != svc_actor_id(c))
		rc = svc_notify(
		    c, NT_APPROVAL_NEEDED, ap->requested_by, t->id,
		    arena_printf(c->a, "%s on %s %s by %s", approval_what(c, ap), t->number,
				 da->approve ? "approved" : "rejected",
				 c->who ? c->who->name : "ticketd"),
		    arena_printf(c->a, "%s by %s.\n%s\n", da->approve ? "Approved" : "Rejected",
				 c->who ? c->who->name : "ticketd", da->note ? da->note : ""),
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
	da.note = note ? svc_trimmed(c->a, note) : NULL;
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
	rc = svc_change(c, (enum kind)(k < 0 ? KIND_B2B : k),
			arena_printf(c->a, "%lld", (long long)da.ap.ticket_id), decide_mutate, &da,
			t);
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

struct close_args {
	const char *note, *confirmation;
};

static enum err_code close_mutate(struct ctx *c, struct change *ch, void *arg)
{
	struct ticket *t = &ch->after;
	enum err_code rc;

	if (!svc_ticket_may(c, t->kind, ACT_CLOSE, t->created_by))
		return svc_ticket_forbidden(c, "close", t->kind);
	rc = svc_change_status(c, ch, ST_CLOSED);
	if (rc)
		return rc;
	const struct close_args *ca = arg;

	ch->event_type = "closed";
	ch->note = ca->note ? svc_trimmed(c->a, ca->note) : NULL;
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
	return svc_change(c, k, id, close_mutate, &ca, out);
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
	enum err_code rc = svc_change_tx(c, &ch);

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
	rc = svc_change_status(c, ch, ST_CLOSED);
	if (rc)
		return rc;
	t->close_confirmation = "auto";
	ch->event_type = "closed";
	ch->note = arena_printf(c->a, "Closed automatically: no reply for %d days after resolution",
				*days);
	return ERR_OK;
}

static enum err_code ticket_auto_close_run(struct ctx *c, int *closed)
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
			rc = svc_change(c, t.kind, arena_printf(c->a, "%lld", (long long)t.id),
					auto_close_mutate, &w.auto_close_days, &out);
		if (!rc && out.status == ST_CLOSED)
			(*closed)++;
	}
	return rc;
}

enum err_code svc_ticket_auto_close(struct ctx *c, int *closed)
{
	uint64_t t0 = metrics_now_ns();
	enum err_code rc = ticket_auto_close_run(c, closed);

	metrics_sweep_done(SWEEP_AUTO_CLOSE, metrics_now_ns() - t0);
	return rc;
}
