/* Customers, their history and flags, and the complaint settings; see customer.h. */
#include "customer.h"

#include <string.h>

#include "../base/clock.h"
#include "../domain/complaint.h"
#include "../store/setting.h"
#include "../base/banned.h"

enum err_code svc_customers(struct ctx *c, const char *q, int limit, struct customer *out, int *n)
{
	*n = 0;
	if (!svc_staff(c))
		return svc_not_staff(c);
	return store_customer_search(svc_db(c), c->a, q, limit, out, n, c->e);
}

enum err_code svc_customer(struct ctx *c, const char *customer_id, struct customer_view *out)
{
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (!svc_staff(c))
		return svc_not_staff(c);
	rc = store_customer_get(svc_db(c), c->a, customer_id, &out->customer, c->e);
	if (rc)
		return rc;
	/* The record without its history rather than no record. */
	out->has_history = !svc_customer_history(c, customer_id, &out->history);
	if (!out->has_history)
		err_clear(c->e);
	return ERR_OK;
}

enum err_code svc_customer_history(struct ctx *c, const char *customer_id,
				   struct customer_history *out)
{
	struct db *db = svc_db(c);
	struct complaint_counts counts = {0};
	int64_t now = clock_now();
	enum err_code rc;

	memset(out, 0, sizeof(*out));
	if (!svc_staff(c))
		return svc_not_staff(c);
	rc = svc_complaint_settings(c, &out->settings);
	if (!rc)
		rc = store_complaints_of_customer(db, c->a, customer_id, &out->tickets,
						  &out->ntickets, c->e);
	if (!rc)
		rc = store_customer_flag_get(db, c->a, customer_id, "high_standards",
					     &out->high_standards_flag, &out->high_standards, c->e);
	if (rc)
		return rc;
	for (int i = 0; i < out->ntickets; i++)
		complaint_count(&counts, out->tickets[i].category_group, out->tickets[i].created_at,
				now, out->settings.repeat_window_days);
	if (out->ntickets > CUSTOMER_HISTORY_LISTED)
		out->ntickets = CUSTOMER_HISTORY_LISTED;
	out->ticket_count = counts.tickets;
	out->complaints_30d = counts.last_30d;
	out->complaints_90d = counts.last_90d;
	out->repeat_complainer = complaint_repeat(&counts, out->settings.repeat_threshold);
	return ERR_OK;
}

struct cflag_args {
	const char *customer_id, *note;
	bool set;
};

static enum err_code cflag_tx(struct ctx *c, void *arg)
{
	struct cflag_args *fa = arg;
	struct customer cu;
	enum err_code rc = store_customer_get(svc_db(c), c->a, fa->customer_id, &cu, c->e);

	return rc ? rc
		  : store_customer_flag_set(svc_db(c), fa->customer_id, "high_standards", fa->set,
					    fa->note, c->who->id, clock_now(), c->e);
}

enum err_code svc_customer_flag(struct ctx *c, const char *customer_id, bool high_standards,
				const char *note)
{
	struct cflag_args fa = {customer_id, note, high_standards};

	if (!c->who || (c->who->role != ROLE_MANAGER && c->who->role != ROLE_ADMIN))
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "a manager decides who is a high-standards customer");
	return svc_tx(c, cflag_tx, &fa);
}

/* --- settings --------------------------------------------------------------------------- */

#define REPEAT_THRESHOLD_DEFAULT 3
#define REPEAT_WINDOW_DEFAULT	 90

static enum err_code complaints_from_json(struct ctx *c, json_t *o, struct complaint_settings *s)
{
	static const char *const keys[] = {"repeat_complainer_threshold",
					   "repeat_complainer_window_days", NULL};
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return err_set(c->e, ERR_BAD_REQUEST, NULL, "the settings must be an object");
	json_object_foreach(o, key, v)
	{
		bool known = false;

		for (int i = 0; keys[i]; i++)
			known |= !strcmp(keys[i], key);
		if (!known)
			return err_set(c->e, ERR_BAD_REQUEST, arena_strdup(c->a, key),
				       "unknown field '%s'", key);
		if (!json_is_integer(v))
			return err_set(c->e, ERR_BAD_REQUEST, arena_strdup(c->a, key),
				       "'%s' must be an integer", key);
		json_int_t x = json_integer_value(v);

		if (x < 1 || x > 3650)
			return err_set(c->e, ERR_INVALID, arena_strdup(c->a, key),
				       "'%s' is from 1 to 3650", key);
		if (!strcmp(key, keys[0]))
			s->repeat_threshold = (int)x;
		else
			s->repeat_window_days = (int)x;
	}
	return ERR_OK;
}

enum err_code svc_complaint_settings(struct ctx *c, struct complaint_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "complaints", &o);

	out->repeat_threshold = REPEAT_THRESHOLD_DEFAULT;
	out->repeat_window_days = REPEAT_WINDOW_DEFAULT;
	if (!rc && o)
		rc = complaints_from_json(c, o, out);
	json_decref(o);
	return rc;
}

struct settings_args {
	struct complaint_settings s;
};

static enum err_code settings_tx(struct ctx *c, void *arg)
{
	struct complaint_settings *s = arg;
	json_t *o = json_pack("{s:i, s:i}", "repeat_complainer_threshold", s->repeat_threshold,
			      "repeat_complainer_window_days", s->repeat_window_days);
	enum err_code rc = svc_setting_save(c, "complaints", o);

	json_decref(o);
	return rc;
}

enum err_code svc_complaint_settings_put(struct ctx *c, json_t *body,
					 struct complaint_settings *out)
{
	enum err_code rc;

	if (c->who && c->who->role != ROLE_ADMIN && c->who->role != ROLE_MANAGER)
		return err_set(c->e, ERR_FORBIDDEN, NULL,
			       "managers and admins change this setting");
	rc = svc_complaint_settings(c, out);
	if (!rc)
		rc = complaints_from_json(c, body, out);
	return rc ? rc : svc_tx(c, settings_tx, out);
}
