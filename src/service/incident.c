/* Pattern rules and quality incidents; see incident.h. */
#include "incident.h"

#include <string.h>

#include "ticket.h"
#include "../base/clock.h"
#include "../store/batch.h"
#include "../store/farm.h"
#include "webhook.h"
#include "../base/banned.h"

#define HOUR 3600
#define DAY  86400

/* The keys of the settings: count and window per rule, the window in the rule's unit. */
static const struct {
	const char *count, *window;
	int64_t unit;
	int count_default, window_default;
	const char *what;
} rule_keys[IR__MAX] = {
    [IR_BATCH] = {"batch_complaints", "batch_window_hours", HOUR, 3, 48, "batch"},
    [IR_FARM] = {"farm_complaints", "farm_window_days", DAY, 5, 7, "farm"},
    [IR_PRODUCT] = {"product_complaints", "product_window_days", DAY, 8, 7, "product"},
};

static void pattern_defaults(struct pattern_settings *s)
{
	for (int r = 0; r < IR__MAX; r++)
		s->rule[r] = (struct pattern_rule){rule_keys[r].count_default,
						   rule_keys[r].window_default * rule_keys[r].unit};
}

static enum err_code patterns_from_json(struct ctx *c, json_t *o, struct pattern_settings *s)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return err_set(c->e, ERR_BAD_REQUEST, NULL, "the settings must be an object");
	json_object_foreach(o, key, v)
	{
		int rule = -1;
		bool window = false;

		for (int r = 0; r < IR__MAX; r++) {
			if (!strcmp(rule_keys[r].count, key))
				rule = r;
			if (!strcmp(rule_keys[r].window, key)) {
				rule = r;
				window = true;
			}
		}
		if (rule < 0)
			return err_set(c->e, ERR_BAD_REQUEST, arena_strdup(c->a, key),
				       "unknown field '%s'", key);
		if (!json_is_integer(v))
			return err_set(c->e, ERR_BAD_REQUEST, arena_strdup(c->a, key),
				       "'%s' must be an integer", key);
		json_int_t x = json_integer_value(v);

		if (window && (x < 1 || x > 3650))
			return err_set(c->e, ERR_INVALID, arena_strdup(c->a, key),
				       "'%s' is from 1 to 3650", key);
		if (!window && (x < 0 || x > 10000))
			return err_set(c->e, ERR_INVALID, arena_strdup(c->a, key),
				       "'%s' is from 0 (the rule is off) to 10000", key);
		if (window)
			s->rule[rule].window = (int64_t)x * rule_keys[rule].unit;
		else
			s->rule[rule].count = (int)x;
	}
	return ERR_OK;
}

json_t *svc_pattern_settings_json(const struct pattern_settings *s)
{
	json_t *o = json_object();

	for (int r = 0; r < IR__MAX; r++) {
		json_object_set_new(o, rule_keys[r].count, json_integer(s->rule[r].count));
		json_object_set_new(o, rule_keys[r].window,
				    json_integer(s->rule[r].window / rule_keys[r].unit));
	}
	return o;
}

enum err_code svc_pattern_settings(struct ctx *c, struct pattern_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "patterns", &o);

	pattern_defaults(out);
	if (!rc && o)
		rc = patterns_from_json(c, o, out);
	json_decref(o);
	return rc;
}

static enum err_code settings_tx(struct ctx *c, void *arg)
{
	json_t *o = svc_pattern_settings_json(arg);
	enum err_code rc = svc_setting_save(c, "patterns", o);

	json_decref(o);
	return rc;
}

enum err_code svc_pattern_settings_put(struct ctx *c, json_t *body, struct pattern_settings *out)
{
	enum err_code rc;

	if (c->who && c->who->role != ROLE_ADMIN && c->who->role != ROLE_MANAGER)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "managers and admins change the pattern rules");
	rc = svc_pattern_settings(c, out);
	if (!rc)
		rc = patterns_from_json(c, body, out);
	return rc ? rc : svc_tx(c, settings_tx, out);
}

/* --- the rules ---------------------------------------------------------------------- */

static const char *window_text(struct ctx *c, enum incident_rule r, int64_t window)
{
	return rule_keys[r].unit == HOUR
		   ? arena_printf(c->a, "%lld hours", (long long)(window / HOUR))
		   : arena_printf(c->a, "%lld days", (long long)(window / DAY));
}

/* Links ticket to incident with an event on the ticket's timeline (once). */
static enum err_code link_ticket(struct ctx *c, const struct incident *in, int64_t ticket)
{
	bool added;
	enum err_code rc =
	    store_incident_link(svc_db(c), in->id, ticket, clock_now(), &added, c->e);

	if (rc || !added)
		return rc;
	return svc_ticket_event(c, ticket, "incident", "incident_id", NULL,
				arena_printf(c->a, "%lld", (long long)in->id),
				arena_printf(c->a, "Linked to quality incident %lld: %s",
					     (long long)in->id, in->reason));
}

/* Opens the rule's incident on subject: links every complaint of the window, flags the farm
 * (batch and farm rules) and notifies the managers. */
static enum err_code open_incident(struct ctx *c, const struct ticket *t, enum incident_rule r,
				   const char *subject, const struct batch *b, int64_t since,
				   int64_t count, const struct pattern_rule *rule)
{
	struct db *db = svc_db(c);
	int64_t now = clock_now(), ids[1000];
	int n = 0;
	struct incident in = {
	    .rule = r,
	    .subject = subject,
	    .farm_id = r == IR_PRODUCT ? NULL : b->farm_id,
	    .window_start = since,
	    .window_end = now + rule->window,
	    .opened_at = now,
	};
	enum err_code rc;

	in.reason = arena_printf(
	    c->a, "%lld quality complaints on %s %s within %s", (long long)count, rule_keys[r].what,
	    r == IR_FARM && b->farm_name ? arena_printf(c->a, "%s (%s)", subject, b->farm_name)
					 : subject,
	    window_text(c, r, rule->window));
	rc = store_incident_insert(db, &in, &in.id, c->e);
	if (!rc)
		rc = store_incident_complaints(db, r, subject, since, ids, 1000, &n, c->e);
	for (int i = 0; !rc && i < n; i++)
		rc = link_ticket(c, &in, ids[i]);
	if (!rc && in.farm_id) {
		int64_t flag;

		rc = store_farm_flag_add(
		    db, in.farm_id, t->id,
		    arena_printf(c->a, "Quality incident %lld: %s", (long long)in.id, in.reason),
		    c->who ? c->who->id : t->created_by, now, &flag, c->e);
	}
	if (!rc)
		rc = svc_webhook_emit(c, WE_INCIDENT_OPENED, t->id,
				      json_pack("{s:I, s:s, s:s, s:s, s:I}", "incident_id",
						(json_int_t)in.id, "rule", incident_rule_name(r),
						"subject", subject, "reason", in.reason,
						"ticket_id", (json_int_t)t->id));
	if (!rc)
		rc = svc_notify_role(
		    c, ROLE_MANAGER, NT_INCIDENT, t->id,
		    arena_printf(c->a, "Quality incident %lld: %s %s", (long long)in.id,
				 rule_keys[r].what, subject),
		    arena_printf(c->a,
				 "%s.\nThe latest is %s: %s.\nSee /incidents/%lld for the tickets, "
				 "batches and customers.\n",
				 in.reason, t->number, t->v[TF_TITLE], (long long)in.id),
		    arena_printf(c->a, "incident:%lld", (long long)in.id));
	return rc;
}

static enum err_code check_rule(struct ctx *c, const struct ticket *t, enum incident_rule r,
				const char *subject, const struct batch *b,
				const struct pattern_rule *rule)
{
	struct db *db = svc_db(c);
	struct incident last;
	bool found;
	int64_t now = clock_now(), since = now - rule->window, count;
	enum err_code rc;

	if (!rule->count || !subject)
		return ERR_OK;
	rc = store_incident_latest(db, c->a, r, subject, &last, &found, c->e);
	if (rc)
		return rc;
	if (found && last.window_end > now) {
		/* Fired in this window already: linked while open, else left alone. */
		return strcmp(last.status, "open") ? ERR_OK : link_ticket(c, &last, t->id);
	}
	/* Complaints that an earlier incident's window covered do not count again. */
	if (found && last.window_end > since)
		since = last.window_end;
	rc = store_incident_count(db, r, subject, since, &count, c->e);
	if (rc || count < rule->count)
		return rc;
	return open_incident(c, t, r, subject, b, since, count, rule);
}

enum err_code svc_patterns_check(struct ctx *c, const struct ticket *t)
{
	struct pattern_settings s;
	struct batch b;
	struct error ignored;
	const char *bn = t->v[TF_BATCH_NUMBER];
	enum err_code rc;

	if (t->kind == KIND_INTERNAL || !bn || !t->category_group ||
	    strcmp(t->category_group, "quality"))
		return ERR_OK;
	if (store_batch_get(svc_db(c), c->a, bn, &b, &ignored))
		return ERR_OK; /* a B2C batch number from the box that no batch has */
	rc = svc_pattern_settings(c, &s);
	if (!rc)
		rc = check_rule(c, t, IR_BATCH, b.batch_number, &b, &s.rule[IR_BATCH]);
	if (!rc)
		rc = check_rule(c, t, IR_FARM, b.farm_id, &b, &s.rule[IR_FARM]);
	if (!rc)
		rc = check_rule(c, t, IR_PRODUCT, b.product, &b, &s.rule[IR_PRODUCT]);
	return rc;
}

/* --- the incidents -------------------------------------------------------------------- */

enum err_code svc_incidents(struct ctx *c, const char *status, struct incident **out, int *n)
{
	*n = 0;
	if (!svc_staff(c))
		return svc_not_staff(c);
	if (status && strcmp(status, "open") && strcmp(status, "closed"))
		return err_set(c->e, ERR_BAD_REQUEST, "status", "status is open or closed");
	return store_incidents(svc_db(c), c->a, status, 500, out, n, c->e);
}

/* Adds s to list (of *n) unless it is there. */
static void add_distinct(const char **list, int *n, const char *s)
{
	if (!s)
		return;
	for (int i = 0; i < *n; i++)
		if (!strcmp(list[i], s))
			return;
	list[(*n)++] = s;
}

static enum err_code incident_view(struct ctx *c, int64_t id, struct incident_view *out)
{
	struct db *db = svc_db(c);
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	rc = store_incident_get(db, c->a, id, &out->incident, c->e);
	if (!rc)
		rc = store_incident_tickets(db, c->a, id, &out->tickets, &out->ntickets, c->e);
	if (rc)
		return rc;
	out->batches = arena_zalloc(c->a, sizeof(char *) * (size_t)(out->ntickets + 1));
	out->customers = arena_zalloc(c->a, sizeof(char *) * (size_t)(out->ntickets + 1));
	for (int i = 0; i < out->ntickets; i++) {
		add_distinct(out->batches, &out->nbatches, out->tickets[i].batch_number);
		add_distinct(out->customers, &out->ncustomers, out->tickets[i].customer_id);
	}
	return ERR_OK;
}

enum err_code svc_incident(struct ctx *c, int64_t id, struct incident_view *out)
{
	if (!svc_staff(c))
		return svc_not_staff(c);
	return incident_view(c, id, out);
}

struct close_args {
	int64_t id;
	const char *note, *comment, *visibility;
};

static enum err_code close_tx(struct ctx *c, void *arg)
{
	struct close_args *ca = arg;
	struct incident_view v;
	enum err_code rc = incident_view(c, ca->id, &v);

	if (rc)
		return rc;
	if (strcmp(v.incident.status, "open"))
		return err_set(c->e, ERR_CONFLICT, "status", "incident %lld is already closed",
			       (long long)ca->id);
	rc = store_incident_close(svc_db(c), ca->id, svc_actor_id(c), clock_now(), ca->note, c->e);
	for (int i = 0; !rc && i < v.ntickets; i++) {
		const struct incident_ticket *it = &v.tickets[i];
		int k = kind_from_name(it->kind);
		const char *id = arena_printf(c->a, "%lld", (long long)it->ticket_id);

		rc =
		    svc_ticket_event(c, it->ticket_id, "incident_closed", "incident_id",
				     arena_printf(c->a, "%lld", (long long)ca->id), NULL, ca->note);
		if (!rc && ca->comment && k >= 0) {
			struct ticket_event ev;

			rc = svc_ticket_comment(c, (enum kind)k, id, ca->comment, ca->visibility,
						&ev);
		}
	}
	return rc;
}

enum err_code svc_incident_close(struct ctx *c, int64_t id, const char *note, const char *comment,
				 const char *visibility, struct incident_view *out)
{
	struct close_args ca = {id, NULL, NULL, visibility ? visibility : "internal"};
	enum err_code rc;

	if (c->who && c->who->role != ROLE_MANAGER && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "managers and admins close incidents");
	ca.note = note ? svc_trimmed(c->a, note) : NULL;
	if (!ca.note || !*ca.note)
		return err_set(c->e, ERR_INVALID, "note", "say what was found and done in 'note'");
	ca.comment = comment ? svc_trimmed(c->a, comment) : NULL;
	if (ca.comment && !*ca.comment)
		ca.comment = NULL;
	if (strcmp(ca.visibility, "internal") && strcmp(ca.visibility, "public"))
		return err_set(c->e, ERR_INVALID, "visibility", "visibility is internal or public");
	rc = svc_tx(c, close_tx, &ca);
	return rc ? rc : incident_view(c, id, out);
}

enum err_code svc_incidents_of_ticket(struct ctx *c, int64_t ticket, struct incident **out, int *n)
{
	*n = 0;
	if (!svc_staff(c))
		return svc_not_staff(c);
	return store_incidents_of_ticket(svc_db(c), c->a, ticket, out, n, c->e);
}
