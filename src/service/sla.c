/* The timed rules (issue 3): escalation of overdue tickets and warnings for tickets at
 * risk.  Run by the jobs thread every minute and at start-up, or by POST /api/test/sweep
 * under the test clock. */
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../base/banned.h"

#define SWEEP_BATCH 200

int64_t svc_sla_next_check(const struct ticket *t)
{
	if (!t->sla.running_since || t->status == ST_RESOLVED || t->status == ST_CLOSED)
		return 0;
	if (!t->sla_warned && t->sla.risk_at < t->sla.due_at)
		return t->sla.risk_at;
	return t->sla.due_at;
}

struct check {
	int64_t id, now;
	const struct sla_settings *s;
	int escalated, warned;
};

static enum err_code event(struct ctx *c, int64_t ticket, const char *type, const char *field,
			   const char *old_value, const char *new_value, const char *note)
{
	struct ticket_event ev = {.at = clock_now(),
				  .type = type,
				  .field = field,
				  .old_value = old_value,
				  .new_value = new_value,
				  .note = note};

	return store_event_add(svc_db(c), &ev, ticket, c->e);
}

static const char *due_text(struct ctx *c, int64_t t)
{
	char *iso = arena_alloc(c->a, TIME_ISO_LEN);

	instant_format(t, iso);
	return iso;
}

static enum err_code escalate(struct ctx *c, struct check *k, struct ticket *t)
{
	int top = PRIORITY__MAX - 1;
	const char *old = priority_name(t->kind, t->priority_rank);
	enum err_code rc;

	t->escalation_level++;
	const char *dedupe =
	    arena_printf(c->a, "escalation:%lld:%d", (long long)t->id, t->escalation_level);

	if (t->priority_rank < top) {
		t->priority_rank = sla_escalate_rank(t->priority_rank);
		t->v[TF_PRIORITY] = priority_name(t->kind, t->priority_rank);
		sla_start(&k->s->cal, &t->sla, k->s->budget[t->kind][t->priority_rank], k->now);
		t->sla_warned = false;
		t->next_check_at = svc_sla_next_check(t);
		rc = event(c, t->id, "escalated", "priority", old, t->v[TF_PRIORITY],
			   arena_printf(c->a, "Past its SLA: priority raised to %s, now due %s",
					t->v[TF_PRIORITY], due_text(c, t->sla.due_at)));
	} else {
		/* At the top the priority stays; managers hear again once per SLA period. */
		t->next_check_at = sla_add(&k->s->cal, k->now, k->s->budget[t->kind][top]);
		rc = event(c, t->id, "escalated", "priority", old, old,
			   "Still past its SLA at the top priority");
	}
	if (rc)
		return rc;
	k->escalated++;
	return svc_notify_role(
	    c, ROLE_MANAGER, NT_ESCALATION, t->id,
	    strcmp(old, t->v[TF_PRIORITY])
		? arena_printf(c->a, "%s escalated to %s", t->number, t->v[TF_PRIORITY])
		: arena_printf(c->a, "%s still past its SLA at %s", t->number, old),
	    arena_printf(c->a,
			 "%s (%s) is past its resolution SLA.\n\nPriority: %s\nStatus: "
			 "%s\nAssigned to: %s\nEscalation: %d\n",
			 t->number, t->v[TF_TITLE], t->v[TF_PRIORITY], status_label(t->status),
			 t->assigned_to_name ? t->assigned_to_name : "nobody", t->escalation_level),
	    dedupe);
}

static enum err_code warn(struct ctx *c, struct check *k, struct ticket *t)
{
	enum err_code rc;

	t->sla_warned = true;
	t->next_check_at = svc_sla_next_check(t);
	rc = event(c, t->id, "sla_at_risk", NULL, NULL, NULL,
		   arena_printf(c->a, "75%% of the SLA used; due %s", due_text(c, t->sla.due_at)));
	if (rc || !t->assigned_to)
		return rc;
	k->warned++;
	return svc_notify(
	    c, NT_AT_RISK, t->assigned_to, t->id,
	    arena_printf(c->a, "%s is at risk of missing its SLA", t->number),
	    arena_printf(c->a, "%s (%s) is due %s.\n", t->number, t->v[TF_TITLE],
			 due_text(c, t->sla.due_at)),
	    arena_printf(c->a, "at_risk:%lld:%d", (long long)t->id, t->escalation_level));
}

static enum err_code check_tx(struct ctx *c, void *arg)
{
	struct check *k = arg;
	struct db *db = svc_db(c);
	struct ticket before, t;
	int changed;
	bool claimed;
	/* Another sweep (or process) may have handled it since it was listed, or be at it. */
	enum err_code rc = store_ticket_claim_check(db, k->id, k->now, &claimed, c->e);

	if (rc || !claimed)
		return rc;
	rc = store_ticket_get(db, c->a, k->id, &before, c->e);
	if (rc)
		return rc == ERR_NOT_FOUND ? ERR_OK : rc;
	t = before;
	if (!t.sla.running_since || t.status == ST_RESOLVED || t.status == ST_CLOSED)
		t.next_check_at = 0;
	else if (k->now >= t.sla.due_at)
		rc = escalate(c, k, &t);
	else if (!t.sla_warned && k->now >= t.sla.risk_at)
		rc = warn(c, k, &t);
	else
		t.next_check_at = svc_sla_next_check(&t);
	if (rc)
		return rc;
	return store_ticket_update(db, &before, &t, k->now, &changed, c->e);
}

enum err_code svc_sla_sweep(struct ctx *c, int *escalated, int *warned)
{
	struct sla_settings s;
	int64_t ids[SWEEP_BATCH];
	int64_t now = clock_now();
	enum err_code rc = svc_sla_settings(c, &s);

	*escalated = 0;
	*warned = 0;
	for (int rounds = 0; !rc && rounds < 100000; rounds++) {
		int n;

		struct arena batch;
		struct ctx bc = *c;

		rc = store_ticket_due_checks(svc_db(c), now, SWEEP_BATCH, ids, &n, c->e);
		if (rc || n == 0)
			break;
		/* Each batch has its own arena, so a sweep over many tickets stays small. */
		arena_init(&batch);
		bc.a = &batch;
		for (int i = 0; !rc && i < n; i++) {
			struct check k = {ids[i], now, &s, 0, 0};

			rc = svc_tx(&bc, check_tx, &k);
			*escalated += k.escalated;
			*warned += k.warned;
		}
		arena_free(&batch);
		/* Each ticket handled now has a later next check, so the next batch is new. */
	}
	return rc;
}
