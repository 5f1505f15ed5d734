/* Response templates and replies to customers (issue 5): a template's placeholders are
 * checked when it is saved; a reply fills them, keeps the agent's edits, sends email
 * through the outbox (other channels are logged as sent by hand), and goes into the
 * communication log and the timeline. */
#include <string.h>

#include "service.h"
#include "whatsapp.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../domain/template.h"
#include "../store/communication.h"
#include "../store/template.h"
#include "../base/banned.h"

static bool manages(struct ctx *c)
{
	return !c->who || c->who->role == ROLE_MANAGER || c->who->role == ROLE_ADMIN;
}

static enum err_code check_text(struct ctx *c, const char *field, const char *text)
{
	const char *bad;

	if (text && !template_check(c->a, text, &bad))
		return err_set(c->e, ERR_INVALID, field,
			       "unknown placeholder %s; use {{customer.name}}, {{ticket.number}}, "
			       "{{order.number}}, {{delivery_date}}, {{agent.name}} or "
			       "{{resolution}}",
			       bad);
	return ERR_OK;
}

static enum err_code check_template(struct ctx *c, const struct template_row *t)
{
	int k = t->kind ? kind_from_name(t->kind) : -1;

	if (!t->name || !*t->name || strlen(t->name) > 100)
		return err_set(c->e, ERR_INVALID, "name",
			       "a template needs a name (1 to 100 bytes)");
	if (t->kind && (k < 0 || k == KIND_INTERNAL))
		return err_set(c->e, ERR_INVALID, "kind", "kind is b2b, b2c or null (both)");
	if (!catalog_in(catalog_reply_channels, t->channel))
		return err_set(c->e, ERR_INVALID, "channel",
			       "channel is email, whatsapp, sms or phone");
	if (!t->body || !*t->body || strlen(t->body) > 20000)
		return err_set(c->e, ERR_INVALID, "body",
			       "a template needs a body (up to 20000 bytes)");
	if (!strcmp(t->channel, "email") && (!t->subject || !*t->subject))
		return err_set(c->e, ERR_INVALID, "subject", "an email template needs a subject");
	for (const char *p = t->categories; p && *p;) {
		size_t n = strcspn(p, ",");
		char *code = arena_strndup(c->a, p, n);
		bool known = false;

		for (int kk = 0; kk < KIND__MAX && !known; kk++)
			known = (k < 0 || kk == k) && kk != KIND_INTERNAL &&
				category_find((enum kind)kk, code);
		if (!known)
			return err_set(c->e, ERR_INVALID, "categories", "unknown category '%s'",
				       code);
		p += n + (p[n] == ',');
	}
	if (check_text(c, "subject", t->subject) || check_text(c, "body", t->body))
		return c->e->code;
	return ERR_OK;
}

enum err_code svc_template_save(struct ctx *c, struct template_row *t)
{
	struct db *db = svc_db(c);
	struct template_row old;
	enum err_code rc;

	if (!manages(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "managers and admins keep the templates");
	if (t->id && store_template_get(db, c->a, t->id, &old, c->e))
		return c->e->code;
	rc = check_template(c, t);
	if (rc)
		return rc;
	t->created_by = c->who ? c->who->id : 0;
	t->created_at = t->updated_at = clock_now();
	if (t->id)
		return store_template_update(db, t, c->e);
	return store_template_insert(db, t, &t->id, c->e);
}

enum err_code svc_template_delete(struct ctx *c, int64_t id)
{
	if (!manages(c))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "managers and admins keep the templates");
	return store_template_delete(svc_db(c), id, c->e);
}

enum err_code svc_templates(struct ctx *c, const char *kind, struct template_row **out, int *n)
{
	return store_templates(svc_db(c), c->a, kind, out, n, c->e);
}

enum err_code svc_template_get(struct ctx *c, int64_t id, struct template_row *out)
{
	return store_template_get(svc_db(c), c->a, id, out, c->e);
}

/* The values of the placeholders for ticket t, written by the actor. */
static void values_of(struct ctx *c, const struct ticket *t, const char *v[PH__MAX])
{
	struct order o;
	struct error ignored;

	v[PH_CUSTOMER_NAME] = t->v[TF_CUSTOMER_NAME];
	v[PH_TICKET_NUMBER] = t->number;
	v[PH_ORDER_NUMBER] = t->v[TF_SO_ID] ? t->v[TF_SO_ID] : t->v[TF_WOO_ORDER_NUMBER];
	/* The delivery date in words, as a customer reads it: "2 Mar 2026". */
	int y, m, d;
	bool known = false;

	v[PH_DELIVERY_DATE] = NULL;
	if (t->v[TF_DELIVERY_DATE]) {
		civil_from_days(local_day(t->delivery_at), &y, &m, &d);
		known = true;
	} else if (t->v[TF_SO_ID] &&
		   !store_order_get(svc_db(c), c->a, t->v[TF_SO_ID], &o, &ignored)) {
		known = o.delivery_date && date_parse(o.delivery_date, &y, &m, &d);
	}
	if (known) {
		char *date = arena_alloc(c->a, DATE_TEXT_LEN);

		date_text(y, m, d, date);
		v[PH_DELIVERY_DATE] = date;
	}
	v[PH_AGENT_NAME] = c->who ? c->who->name : "Customer care";
	v[PH_RESOLUTION] = t->resolution_type
			       ? arena_printf(c->a, "%s: %s", resolution_label(t->resolution_type),
					      t->resolution_notes ? t->resolution_notes : "")
			       : NULL;
}

/* The customer's email address: the ticket's (B2C), else the customer record's. */
static const char *email_of(struct ctx *c, const struct ticket *t)
{
	struct customer cu;
	struct error ignored;

	if (t->kind == KIND_B2C && t->v[TF_CUSTOMER_EMAIL])
		return t->v[TF_CUSTOMER_EMAIL];
	if (t->v[TF_CUSTOMER_ID] &&
	    !store_customer_get(svc_db(c), c->a, t->v[TF_CUSTOMER_ID], &cu, &ignored))
		return cu.email;
	return NULL;
}

/* How a WhatsApp reply goes (r's whatsapp fields): for real when WhatsApp is on, which needs a
 * number to send to. */
static enum err_code whatsapp_fill(struct ctx *c, const struct ticket *t, struct reply *r,
				   struct whatsapp_plan *plan)
{
	enum err_code rc = svc_whatsapp_plan_ticket(c, t, plan);

	if (rc)
		return rc;
	r->whatsapp_on = plan->on && plan->phone;
	r->whatsapp_to = plan->phone;
	r->whatsapp_mode = plan->mode;
	r->window_open_until = plan->window_open_until;
	return ERR_OK;
}

struct reply_args {
	enum kind kind;
	const char *id;
	struct reply *r;
	struct ticket t;
};

static enum err_code reply_tx(struct ctx *c, void *arg)
{
	struct reply_args *ra = arg;
	struct reply *r = ra->r;
	struct db *db = svc_db(c);
	const char *values[PH__MAX];
	const char *to = NULL;
	int64_t now = clock_now();
	enum err_code rc = svc_ticket_get(c, ra->kind, ra->id, &ra->t);

	if (rc)
		return rc;
	if (ra->t.status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed", ra->t.number);
	values_of(c, &ra->t, values);
	r->text = template_render(c->a, r->body, values);
	r->subject_text =
	    template_render(c->a, r->subject ? r->subject : "Re: {{ticket.number}}", values);
	if (!strcmp(r->channel, "email")) {
		struct notification n = {.to_address = NULL,
					 .ticket_id = ra->t.id,
					 .type = "customer_reply",
					 .channel = "email",
					 .title = r->subject_text,
					 .body = r->text,
					 .state = "pending",
					 .next_attempt_at = now,
					 .created_at = now};

		to = email_of(c, &ra->t);
		if (!to)
			return err_set(
			    c->e, ERR_INVALID, "channel",
			    "the customer has no email address; reply on another channel");
		n.to_address = to;
		/* No dedupe key: every reply is its own message. */
		rc = store_notification_add(db, &n, NULL, &r->queued, c->e);
		if (rc)
			return rc;
	}
	struct whatsapp_plan plan = {0};

	if (!strcmp(r->channel, "whatsapp")) {
		rc = whatsapp_fill(c, &ra->t, r, &plan);
		if (rc)
			return rc;
	}
	struct communication cm = {
	    .ticket_id = ra->t.id,
	    .channel = r->channel,
	    .direction = "outbound",
	    .summary =
		to ? arena_printf(c->a, "Email to %s: %s\n\n%s", to, r->subject_text, r->text)
		: r->whatsapp_on
		    ? arena_printf(c->a, "WhatsApp to +%s%s: %s", plan.phone,
				   strcmp(plan.mode, "text") ? " (as the approved template)" : "",
				   r->text)
		    : arena_printf(c->a, "Sent by hand (%s): %s",
				   !strcmp(r->channel, "whatsapp") ? "WhatsApp" : r->channel,
				   r->text),
	    .occurred_at = now,
	    .logged_by = c->who ? c->who->id : ra->t.created_by,
	    .logged_at = now};

	rc = store_communication_add(db, &cm, &r->communication_id, c->e);
	if (!rc && r->whatsapp_on)
		rc = svc_whatsapp_queue_reply_tx(c, &ra->t, &plan, r->text, r->communication_id);
	if (rc)
		return rc;
	struct ticket_event ev = {.at = now,
				  .actor_id = c->who ? c->who->id : 0,
				  .type = "communication",
				  .field = r->channel,
				  .new_value = "outbound",
				  .note = cm.summary};

	rc = store_event_add(db, &ev, ra->t.id, c->e);
	if (rc)
		return rc;
	if (!ra->t.first_response_at) {
		struct ticket after = ra->t;
		int changed;

		after.first_response_at = now;
		return store_ticket_update(db, &ra->t, &after, now, &changed, c->e);
	}
	return store_ticket_touch(db, ra->t.id, now, c->e);
}

/* The reply's channel, and its body and subject from its template where it gives none. */
static enum err_code reply_fill(struct ctx *c, enum kind k, struct reply *r)
{
	struct template_row t;

	if (k == KIND_INTERNAL)
		return err_set(c->e, ERR_INVALID, NULL, "replies go to customers: use comments");
	if (!catalog_in(catalog_reply_channels, r->channel))
		return err_set(c->e, ERR_INVALID, "channel",
			       "channel is email, whatsapp, sms or phone");
	if (r->template_id) {
		if (store_template_get(svc_db(c), c->a, r->template_id, &t, c->e))
			return c->e->code == ERR_NOT_FOUND
				   ? err_set(c->e, ERR_INVALID, "template_id", "no template %lld",
					     (long long)r->template_id)
				   : c->e->code;
		if (!r->body)
			r->body = t.body;
		if (!r->subject)
			r->subject = t.subject;
	}
	return ERR_OK;
}

enum err_code svc_ticket_reply_preview(struct ctx *c, enum kind k, const char *id, struct reply *r)
{
	struct ticket t;
	struct smtp_settings smtp;
	const char *values[PH__MAX];
	enum err_code rc = reply_fill(c, k, r);

	if (!rc)
		rc = svc_ticket_get(c, k, id, &t);
	if (!rc)
		rc = svc_smtp_settings(c, &smtp);
	if (rc)
		return rc;
	values_of(c, &t, values);
	r->text = template_render(c->a, r->body ? r->body : "", values);
	r->subject_text =
	    template_render(c->a, r->subject ? r->subject : "Re: {{ticket.number}}", values);
	r->to = email_of(c, &t);
	r->mail_server = smtp.configured;
	if (!strcmp(r->channel, "whatsapp")) {
		struct whatsapp_plan plan;

		return whatsapp_fill(c, &t, r, &plan);
	}
	return ERR_OK;
}

enum err_code svc_ticket_reply(struct ctx *c, enum kind k, const char *id, struct reply *r)
{
	struct reply_args ra = {k, id, r, {0}};
	enum err_code rc = reply_fill(c, k, r);

	if (rc)
		return rc;
	if (!r->body || !*r->body)
		return err_set(c->e, ERR_INVALID, "body", "a reply needs a body or a template_id");
	if (strlen(r->body) > 20000)
		return err_set(c->e, ERR_INVALID, "body", "a reply is at most 20000 bytes");
	return svc_tx(c, reply_tx, &ra);
}
