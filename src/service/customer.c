/* Customers, their history and flags, and the complaint settings; see customer.h. */
#include "customer.h"

#include <string.h>

#include "../base/clock.h"
#include "../domain/complaint.h"
#include "../base/timefmt.h"
#include "../store/peer.h"
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

static const char *const repeat_rule_names[REPEAT__MAX] = {"peers", "count"};

const char *repeat_rule_name(enum repeat_rule r)
{
	return r < REPEAT__MAX ? repeat_rule_names[r] : "?";
}

/* The peers rule (domain/complaint.h): the customer's complaints per order in the window
 * against the other customers of the same type with an order or a complaint in it. */
static enum err_code repeat_among_peers(struct ctx *c, const char *customer_id, int64_t now,
					struct customer_history *out)
{
	const struct complaint_settings *s = &out->settings;
	int64_t since = now - (int64_t)s->repeat_window_days * 86400;
	char since_date[DATE_ISO_LEN];
	struct customer cu;
	struct peer_row *rows;
	struct complaint_peer me = {0, 0}, *peers;
	int n, npeers = 0, y, m, d;
	enum err_code rc = store_customer_get(svc_db(c), c->a, customer_id, &cu, c->e);

	if (rc)
		return rc;
	civil_from_days(local_day(since), &y, &m, &d);
	date_format(y, m, d, since_date);
	rc = store_peer_rates(svc_db(c), c->a, cu.type, since_date, since, &rows, &n, c->e);
	if (rc)
		return rc;
	peers = arena_alloc(c->a, sizeof(*peers) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		struct complaint_peer p = {rows[i].complaints, rows[i].orders};

		if (!strcmp(rows[i].customer_id, customer_id))
			me = p;
		else if (p.orders || p.complaints)
			peers[npeers++] = p;
	}
	/* The customer's own count of complaints is the history's (the same rule). */
	me.complaints = out->complaints_window;
	out->orders_in_window = me.orders;
	complaint_outlier(&me, peers, npeers, s->repeat_threshold, (double)s->repeat_factor,
			  &out->outlier);
	out->repeat_complainer = out->outlier.repeat;
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
	out->complaints_window = counts.last_window;
	out->repeat_complainer = complaint_repeat(&counts, out->settings.repeat_threshold);
	if (out->settings.repeat_rule == REPEAT_PEERS)
		return repeat_among_peers(c, customer_id, now, out);
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
#define REPEAT_FACTOR_DEFAULT	 3

static enum err_code complaints_from_json(struct ctx *c, json_t *o, struct complaint_settings *s)
{
	static const char *const keys[] = {
	    "repeat_complainer_threshold", "repeat_complainer_window_days",
	    "repeat_complainer_factor", "repeat_complainer_rule", NULL};
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
		if (!strcmp(key, "repeat_complainer_rule")) {
			int rule = -1;

			for (int i = 0; i < REPEAT__MAX && json_is_string(v); i++)
				if (!strcmp(repeat_rule_names[i], json_string_value(v)))
					rule = i;
			if (rule < 0)
				return err_set(c->e, ERR_INVALID, "repeat_complainer_rule",
					       "repeat_complainer_rule is peers or count");
			s->repeat_rule = (enum repeat_rule)rule;
			continue;
		}
		if (!json_is_integer(v))
			return err_set(c->e, ERR_BAD_REQUEST, arena_strdup(c->a, key),
				       "'%s' must be an integer", key);
		json_int_t x = json_integer_value(v);
		bool factor = !strcmp(key, "repeat_complainer_factor");

		if (x < 1 || x > (factor ? 100 : 3650))
			return err_set(c->e, ERR_INVALID, arena_strdup(c->a, key),
				       "'%s' is from 1 to %d", key, factor ? 100 : 3650);
		if (!strcmp(key, keys[0]))
			s->repeat_threshold = (int)x;
		else if (factor)
			s->repeat_factor = (int)x;
		else
			s->repeat_window_days = (int)x;
	}
	return ERR_OK;
}

enum err_code svc_complaint_settings(struct ctx *c, struct complaint_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "complaints", &o);

	out->repeat_rule = REPEAT_PEERS;
	out->repeat_threshold = REPEAT_THRESHOLD_DEFAULT;
	out->repeat_window_days = REPEAT_WINDOW_DEFAULT;
	out->repeat_factor = REPEAT_FACTOR_DEFAULT;
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
	json_t *o = svc_complaint_settings_json(s);
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

json_t *svc_complaint_settings_json(const struct complaint_settings *s)
{
	return json_pack("{s:s, s:i, s:i, s:i}", "repeat_complainer_rule",
			 repeat_rule_name(s->repeat_rule), "repeat_complainer_threshold",
			 s->repeat_threshold, "repeat_complainer_window_days",
			 s->repeat_window_days, "repeat_complainer_factor", s->repeat_factor);
}
