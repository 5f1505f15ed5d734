/* The timed rules (issue 3): escalation of overdue tickets and warnings for tickets at
 * risk.  Run by the jobs thread every minute and at start-up, or by POST /api/test/sweep
 * under the test clock. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "service.h"
#include "../base/metrics.h"
#include "../base/clock.h"
#include "../base/strbuf.h"
#include "../base/timefmt.h"
#include "../base/banned.h"

/* Tickets handled in one write transaction (at most; the test route may ask fewer): 100,000
 * falling due at once took a minute one transaction each; in batches the commits are few
 * and the writers wait one batch at most (about 50 ms on SQLite).  2,000 against 500 took
 * the sweep of 100,000 from 8 s to 5-6 s (bench/sweep.sh, SQLite): a quarter of the
 * commits, each a write of the WAL to disk. */
/* Managers hear of each escalation one by one up to this many in a sweep; past it, each
 * batch's further escalations come as one notice listing them (docs/decisions.md): a
 * hundred thousand notices each would bury the managers and take a minute to write. */
#define SWEEP_NOTIFY_EACH 100
#define DIGEST_NAMES	  25 /* ticket numbers a digest names before "and N more" */

int64_t svc_sla_next_check(const struct ticket *t)
{
	if (!t->sla.running_since || t->status == ST_RESOLVED || t->status == ST_CLOSED)
		return 0;
	if (!t->sla_warned && t->sla.risk_at < t->sla.due_at)
		return t->sla.risk_at;
	return t->sla.due_at;
}

/* One sweep, shared by the threads that run its batches. */
struct sweep {
	struct store *store;
	int64_t now;
	struct sla_settings s;
	struct notify_audience managers; /* resolved once per sweep */
	int batch;			 /* tickets per batch */
	atomic_int told_alone;		 /* escalations told one by one so far */
	pthread_mutex_t lock;		 /* over the rest */
	struct sla_sweep_result out;
	enum err_code rc; /* a helper thread's failure, its words in e */
	struct error e;
};

struct check {
	int64_t now;
	const struct sla_settings *s;
	const struct notify_audience *managers;
	struct sweep *sw;
	int batch;			/* tickets per batch */
	struct due_key after;		/* where this thread's earlier batches got to */
	struct due_key last;		/* the last ticket this batch claimed */
	int claimed, escalated, warned; /* in the last batch */
	/* The batch's escalations past SWEEP_NOTIFY_EACH, told in one digest. */
	int digested;
	int64_t digest_first; /* the first one's id and level name the digest */
	int digest_level;
	struct strbuf digest;
	struct ticket_event ev[SWEEP_BATCH]; /* one per ticket at most */
	int64_t ev_ticket[SWEEP_BATCH];
	int nev;
};

/* The batch's audit events are written together, after its tickets are handled. */
static void event(struct ctx *c, struct check *k, int64_t ticket, const char *type,
		  const char *field, const char *old_value, const char *new_value, const char *note)
{
	k->ev[k->nev] = (struct ticket_event){.at = clock_now(),
					      .type = type,
					      .field = field,
					      .old_value = old_value,
					      .new_value = new_value,
					      .note = note};
	k->ev_ticket[k->nev++] = ticket;
}

static const char *due_text(struct ctx *c, int64_t t)
{
	char *text = arena_alloc(c->a, TIME_LOCAL_TEXT_LEN);

	instant_local_text(t, text);
	return text;
}

static enum err_code escalate(struct ctx *c, struct check *k, struct ticket *t)
{
	int top = PRIORITY__MAX - 1;
	const char *old = priority_name(t->kind, t->priority_rank);

	t->escalation_level++;
	const char *dedupe =
	    arena_printf(c->a, "escalation:%lld:%d", (long long)t->id, t->escalation_level);

	if (t->priority_rank < top) {
		t->priority_rank = sla_escalate_rank(t->priority_rank);
		t->v[TF_PRIORITY] = priority_name(t->kind, t->priority_rank);
		sla_start(&k->s->cal, &t->sla, k->s->budget[t->kind][t->priority_rank], k->now);
		t->sla_warned = false;
		t->next_check_at = svc_sla_next_check(t);
		event(c, k, t->id, "escalated", "priority", old, t->v[TF_PRIORITY],
		      arena_printf(c->a, "Past its SLA: priority raised to %s, now due %s",
				   t->v[TF_PRIORITY], due_text(c, t->sla.due_at)));
	} else {
		/* At the top the priority stays; managers hear again once per SLA period. */
		t->next_check_at = sla_add(&k->s->cal, k->now, k->s->budget[t->kind][top]);
		event(c, k, t->id, "escalated", "priority", old, old,
		      "Still past its SLA at the top priority");
	}
	k->escalated++;
	/* A batch run again (svc_tx) takes its turns again: then fewer are told alone. */
	if (atomic_fetch_add(&k->sw->told_alone, 1) >= SWEEP_NOTIFY_EACH) {
		if (!k->digested++) {
			k->digest_first = t->id;
			k->digest_level = t->escalation_level;
		}
		if (k->digested <= DIGEST_NAMES)
			strbuf_putf(&k->digest, "%s (%s, now %s)\n", t->number,
				    t->v[TF_TITLE] ? t->v[TF_TITLE] : "", t->v[TF_PRIORITY]);
		return ERR_OK;
	}
	return svc_notify_each(
	    c, k->managers, t->id,
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

/* The batch's digest, in its transaction: each escalation is told once, here or alone. */
static enum err_code digest_send(struct ctx *c, struct check *k)
{
	if (!k->digested)
		return ERR_OK;
	if (k->digested > DIGEST_NAMES)
		strbuf_putf(&k->digest, "and %d more.\n", k->digested - DIGEST_NAMES);
	strbuf_puts(&k->digest, "\nThe tickets list sorted by SLA due time shows them all.\n");
	return svc_notify_each(
	    c, k->managers, 0,
	    arena_printf(c->a, "%d more tickets escalated past their SLA", k->digested),
	    arena_printf(c->a, "%d tickets are past their resolution SLA and were escalated:\n\n%s",
			 k->digested, k->digest.buf),
	    arena_printf(c->a, "escalation-digest:%lld:%d", (long long)k->digest_first,
			 k->digest_level));
}

static enum err_code warn(struct ctx *c, struct check *k, struct ticket *t)
{
	t->sla_warned = true;
	t->next_check_at = svc_sla_next_check(t);
	event(c, k, t->id, "sla_at_risk", NULL, NULL, NULL,
	      arena_printf(c->a, "75%% of the SLA used; due %s", due_text(c, t->sla.due_at)));
	if (!t->assigned_to)
		return ERR_OK;
	k->warned++;
	return svc_notify(
	    c, NT_AT_RISK, t->assigned_to, t->id,
	    arena_printf(c->a, "%s is at risk of missing its SLA", t->number),
	    arena_printf(c->a, "%s (%s) is due %s.\n", t->number, t->v[TF_TITLE],
			 due_text(c, t->sla.due_at)),
	    arena_printf(c->a, "at_risk:%lld:%d", (long long)t->id, t->escalation_level));
}

/* One due ticket, claimed by the caller's transaction: t becomes what it should be. */
static enum err_code check_one(struct ctx *c, struct check *k, struct ticket *t)
{
	if (!t->sla.running_since || t->status == ST_RESOLVED || t->status == ST_CLOSED)
		t->next_check_at = 0;
	else if (k->now >= t->sla.due_at)
		return escalate(c, k, t);
	else if (!t->sla_warned && k->now >= t->sla.risk_at)
		return warn(c, k, t);
	else
		t->next_check_at = svc_sla_next_check(t);
	return ERR_OK;
}

/* Claims a batch of due tickets and handles them in this one transaction: the tickets, their
 * audit events and the notices are written a batch at a time.  svc_tx may run it again (a
 * group that failed, a conflict between processes): everything starts over. */
static enum err_code batch_tx(struct ctx *c, void *arg)
{
	struct check *k = arg;
	struct db *db = svc_db(c);
	struct ticket *before, *after;
	enum err_code rc;

	k->claimed = k->escalated = k->warned = k->digested = k->nev = 0;
	strbuf_release(&k->digest);
	strbuf_init(&k->digest, 0);
	rc = store_ticket_claim_due(db, c->a, k->now, &k->after, k->batch, &before, &k->claimed,
				    c->e);
	if (rc || !k->claimed)
		return rc;
	k->last = (struct due_key){before[k->claimed - 1].next_check_at, before[k->claimed - 1].id};
	after = arena_alloc(c->a, sizeof(*after) * (size_t)k->claimed);
	for (int i = 0; !rc && i < k->claimed; i++) {
		after[i] = before[i];
		rc = check_one(c, k, &after[i]);
	}
	if (!rc)
		rc = store_ticket_update_many(db, before, after, k->claimed, k->now, c->e);
	if (!rc)
		rc = store_events_add_many(db, k->ev, k->ev_ticket, k->nev, c->e);
	return rc ? rc : digest_send(c, k);
}

/* How many threads run a sweep's batches at once where the engine takes several writers
 * (PostgreSQL: a batch's work is mostly the server's, in the server process of its
 * connection, so two batches at once use two of its cores); a sweep starts the others only
 * once its first batch came back full.  Each claims its batches after its own last one and
 * passes over the rows the others hold (SKIP LOCKED), as two ticketd do. */
#define SWEEP_THREADS 2

/* Batch after batch from `after` until none is due; the sweep's lead thread starts the
 * others after its first full batch. */
static void sweep_batches(struct ctx *c, struct sweep *sw, struct due_key after, bool lead);

struct helper {
	struct sweep *sw;
	struct due_key after;
	pthread_t thread;
	bool started;
};

static void *sweep_helper(void *arg)
{
	struct helper *h = arg;
	struct arena a;
	struct error e;

	arena_init(&a);
	err_clear(&e);
	struct ctx c = {h->sw->store, &a, NULL, &e, 0};

	sweep_batches(&c, h->sw, h->after, false);
	svc_release(c.store);
	arena_free(&a);
	return NULL;
}

static void helpers_start(struct sweep *sw, struct due_key after, struct helper *h, int n)
{
	for (int i = 0; i < n; i++) {
		h[i] = (struct helper){.sw = sw, .after = after};
		h[i].started = pthread_create(&h[i].thread, NULL, sweep_helper, &h[i]) == 0;
	}
}

static void sweep_batches(struct ctx *c, struct sweep *sw, struct due_key after, bool lead)
{
	struct helper helpers[SWEEP_THREADS - 1] = {0};
	bool started = !lead || store_dialect(c->store) == DIALECT_SQLITE;
	enum err_code rc = ERR_OK;

	for (int rounds = 0; rounds < 100000; rounds++) {
		static _Thread_local struct check k;
		struct arena batch;
		struct ctx bc = *c;

		/* Each batch has its own arena, so a sweep over many tickets stays small. */
		arena_init(&batch);
		bc.a = &batch;
		k = (struct check){.now = sw->now,
				   .s = &sw->s,
				   .managers = &sw->managers,
				   .sw = sw,
				   .batch = sw->batch,
				   .after = after};
		strbuf_init(&k.digest, 0);
		rc = svc_tx_alone(&bc, batch_tx, &k);
		strbuf_release(&k.digest);
		arena_free(&batch);
		if (rc || k.claimed == 0)
			break;
		pthread_mutex_lock(&sw->lock);
		sw->out.escalated += k.escalated;
		sw->out.warned += k.warned;
		sw->out.batches++;
		pthread_mutex_unlock(&sw->lock);
		/* The next batch starts after this one's last ticket: those before it were
		 * handled (each has a later next check now) or held by another sweep. */
		after = k.last;
		if (!started && k.claimed == sw->batch) {
			helpers_start(sw, after, helpers, SWEEP_THREADS - 1);
			started = true;
		}
	}
	for (int i = 0; i < SWEEP_THREADS - 1; i++)
		if (helpers[i].started)
			pthread_join(helpers[i].thread, NULL);
	if (rc && !lead) {
		pthread_mutex_lock(&sw->lock);
		if (!sw->rc) {
			sw->rc = rc;
			sw->e = *c->e;
			sw->e.field = NULL; /* in this thread's arena */
		}
		pthread_mutex_unlock(&sw->lock);
	} else if (rc) {
		sw->rc = rc; /* the lead's words are in its own c->e */
	}
}

static enum err_code sla_sweep_run(struct ctx *c, int per_batch, struct sla_sweep_result *out)
{
	struct sweep sw0 = {.store = c->store, .now = clock_now(), .batch = per_batch};
	struct sweep *sw = &sw0;
	enum err_code rc;

	*out = (struct sla_sweep_result){0};
	pthread_mutex_init(&sw->lock, NULL);
	rc = svc_sla_settings(c, &sw->s);
	if (!rc)
		rc = svc_notify_audience(c, ROLE_MANAGER, NT_ESCALATION, &sw->managers);
	if (!rc) {
		sweep_batches(c, sw, DUE_KEY_START, true);
		rc = sw->rc;
		if (rc && c->e->code == ERR_OK)
			*c->e = sw->e;
		*out = sw->out;
	}
	pthread_mutex_destroy(&sw->lock);
	return rc;
}

enum err_code svc_sla_sweep(struct ctx *c, int batch, struct sla_sweep_result *out)
{
	uint64_t t0 = metrics_now_ns();
	enum err_code rc =
	    sla_sweep_run(c, batch > 0 && batch < SWEEP_BATCH ? batch : SWEEP_BATCH, out);

	metrics_sweep_done(SWEEP_SLA, metrics_now_ns() - t0);
	return rc;
}
