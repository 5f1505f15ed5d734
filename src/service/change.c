/* The one path that changes a ticket (svc_change: load, check, change, write the row and
 * its audit events, notify, in one transaction) and the edits that take it: the client
 * fields and status, assignment, the release plan, the claim window exception. */
#include <string.h>

#include "ticket.h"
#include "../base/clock.h"
#include "evidence.h"
#include "incident.h"
#include "portal.h"
#include "trace.h"
#include "wastage.h"
#include "webhook.h"
#include "../base/banned.h"

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

/* Writes one audit event per changed column that has one (ticket_cols[].event), in table
 * order, with its old and new values as text.  The assignment says to whom in its note; the
 * status event takes the change's type (resolved, closed) and note. */
static enum err_code audit(struct ctx *c, struct change *ch)
{
	const struct ticket *b = &ch->before, *a = &ch->after;
	enum err_code rc = ERR_OK;

	for (int col = 0; col < TC__MAX && !rc; col++) {
		const char *type = ticket_cols[col].event, *note = NULL;

		if (!type)
			continue;
		const char *ov = ticket_col_text(b, (enum tcol)col, c->a);
		const char *nv = ticket_col_text(a, (enum tcol)col, c->a);

		if ((ov == NULL) == (nv == NULL) && (!ov || !strcmp(ov, nv)))
			continue;
		if (col == TC_ASSIGNED_TO)
			note = a->assigned_to ? arena_printf(c->a, "Assigned to %s",
							     user_label(c, a->assigned_to))
					      : "Unassigned";
		if (col == TC_STATUS && ch->event_type)
			type = ch->event_type;
		if (col == TC_STATUS)
			note = ch->note;
		rc = svc_ticket_event(c, a->id, type, ticket_cols[col].name, ov, nv, note);
	}
	return rc;
}

/* The notifications a change causes: the new assignee hears of the assignment, the
 * creator of the resolution (unless they did it themselves). */
static enum err_code notify_change(struct ctx *c, struct change *ch)
{
	const struct ticket *b = &ch->before, *a = &ch->after;
	int64_t me = svc_actor_id(c);
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

enum err_code svc_change_tx(struct ctx *c, void *arg)
{
	struct change *ch = arg;
	int changed = 0;
	enum err_code rc;

	/* Re-read inside the transaction, so checks see the committed state. */
	rc = svc_ticket_load(c, ch->kind, ch->id, &ch->before);
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
	if (!rc)
		rc = notify_change(c, ch);
	/* What the webhooks hear of (webhook.h). */
	if (!rc && ch->after.status != ch->before.status)
		rc = svc_webhook_emit(c, WE_TICKET_STATUS_CHANGED, ch->after.id,
				      svc_webhook_ticket(&ch->after, status_name(ch->before.status),
							 status_name(ch->after.status)));
	if (!rc && ch->after.assigned_to != ch->before.assigned_to)
		rc = svc_webhook_emit(c, WE_TICKET_ASSIGNED, ch->after.id,
				      svc_webhook_ticket(&ch->after, NULL, NULL));
	/* A complaint's batch set or changed counts toward the pattern rules (incident.h). */
	if (!rc && ch->after.v[TF_BATCH_NUMBER] &&
	    (!ch->before.v[TF_BATCH_NUMBER] ||
	     strcmp(ch->before.v[TF_BATCH_NUMBER], ch->after.v[TF_BATCH_NUMBER])))
		rc = svc_patterns_check(c, &ch->after);
	/* A claim resolved with money or goods writes its wastage (wastage.h). */
	if (!rc && ch->after.status == ST_RESOLVED && ch->before.status != ST_RESOLVED)
		rc = svc_wastage_on_resolve(c, &ch->after);
	/* A customer ticket closed asks its customer how it went (portal.h). */
	if (!rc && ch->after.status == ST_CLOSED && ch->before.status != ST_CLOSED)
		rc = svc_portal_survey_on_close(c, &ch->after);
	return rc;
}

enum err_code svc_change(struct ctx *c, enum kind k, const char *id,
			 enum err_code (*mutate)(struct ctx *, struct change *, void *), void *arg,
			 struct ticket *out)
{
	struct change ch = {.kind = k, .id = id, .mutate = mutate, .arg = arg};
	enum err_code rc = svc_tx(c, svc_change_tx, &ch);

	if (rc)
		return rc;
	return store_ticket_get(svc_db(c), c->a, ch.after.id, out, c->e);
}

/* Moves after to status `to` if the workflow allows it, with the side effects of entering
 * and leaving resolved and closed.  The one function that changes a ticket's status. */
enum err_code svc_change_status(struct ctx *c, struct change *ch, enum status to)
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

	if (!svc_ticket_may(c, t->kind, ACT_UPDATE, t->created_by))
		return svc_ticket_forbidden(c, "update", t->kind);
	if (t->status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed and cannot be changed",
			       t->number);
	svc_ticket_apply_input(c, t, ua->in);
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
		rc = svc_ticket_check_links(c, t);
		if (rc)
			return rc;
	}
	if (ua->in->set[TF_DELIVERY_DATE] || ua->in->set[TF_CATEGORY])
		svc_ticket_claim_window(t);
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
			rc = svc_change_status(c, ch, (enum status)to);
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
	return svc_change(c, k, id, update_mutate, &ua, out);
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
		return svc_change_status(c, ch, ST_ASSIGNED);
	return ERR_OK;
}

static enum err_code assign_mutate(struct ctx *c, struct change *ch, void *arg)
{
	const struct assignment *as = arg;
	struct ticket *t = &ch->after;
	enum scope s = c->who ? policy_scope(c->who->role, t->kind, ACT_ASSIGN) : SCOPE_ALL;
	enum err_code rc = ERR_OK;

	if (s == SCOPE_NONE)
		return svc_ticket_forbidden(c, "assign", t->kind);
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
	return svc_change(c, k, id, assign_mutate, (void *)as, out);
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
	t->policy_exception_note = svc_trimmed(c->a, ea->note);
	t->policy_exception_by = svc_actor_id(c);
	t->policy_exception_at = clock_now();
	enum err_code rc = svc_ticket_event(c, t->id, "policy_exception", "policy_exception",
					    ch->before.policy_exception, t->policy_exception,
					    t->policy_exception_note);
	const char *title = arena_printf(c->a, "Late claim %s: %s", t->policy_exception, t->number);
	const char *body = arena_printf(
	    c->a, "%s (%d days late): exception %s by %s.\n%s\n", t->number, t->days_late,
	    t->policy_exception, c->who ? c->who->name : "ticketd", t->policy_exception_note);
	const char *dedupe = arena_printf(c->a, "exception:%lld:%lld", (long long)t->id,
					  (long long)t->policy_exception_at);

	if (!rc && t->assigned_to && t->assigned_to != svc_actor_id(c))
		rc =
		    svc_notify(c, NT_EXCEPTION_DECIDED, t->assigned_to, t->id, title, body, dedupe);
	if (!rc && t->created_by != svc_actor_id(c) && t->created_by != t->assigned_to)
		rc = svc_notify(c, NT_EXCEPTION_DECIDED, t->created_by, t->id, title, body, dedupe);
	return rc;
}

enum err_code svc_ticket_policy_exception(struct ctx *c, const char *id, const char *decision,
					  const char *note, struct ticket *out)
{
	struct exception_args ea = {decision, note};

	if (!decision || (strcmp(decision, "approve") && strcmp(decision, "reject")))
		return err_set(c->e, ERR_INVALID, "decision", "decision is approve or reject");
	if (!note || !*svc_trimmed(c->a, note))
		return err_set(c->e, ERR_INVALID, "note", "a note saying why is required");
	return svc_change(c, KIND_B2C, id, exception_mutate, &ea, out);
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

	return svc_change(c, KIND_INTERNAL, id, plan_mutate, &pa, out);
}
