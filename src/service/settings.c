/* Business settings kept as JSON in the settings table: the SLA (resolution hours per kind
 * and priority, business hours, holidays, pausing) and the SMTP server for email.  Each
 * setting has one codec here, used both to store it and to serve it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service.h"
#include "../base/clock.h"
#include "../base/timefmt.h"
#include "../store/setting.h"
#include "../base/banned.h"

/* The stored JSON of a setting in *out (NULL when never set; json_decref it). */
enum err_code svc_setting_load(struct ctx *c, const char *key, json_t **out)
{
	const char *text;
	json_error_t jerr;
	enum err_code rc = store_setting_get(svc_db(c), c->a, key, &text, c->e);

	*out = NULL;
	if (rc || !text)
		return rc;
	*out = json_loads(text, 0, &jerr);
	return *out ? ERR_OK
		    : err_set(c->e, ERR_INTERNAL, NULL, "the stored %s settings are not JSON", key);
}

/* Stores a setting's JSON (the reference stays the caller's). */
enum err_code svc_setting_save(struct ctx *c, const char *key, json_t *value)
{
	char *text = json_dumps(value, JSON_COMPACT);
	enum err_code rc;

	if (!text)
		return err_set(c->e, ERR_INTERNAL, NULL, "out of memory");
	rc = store_setting_put(svc_db(c), key, text, clock_now(), c->e);
	free(text);
	return rc;
}

/* DESIGN.md's defaults, in hours, by kind and priority rank (low .. top). */
static const double default_hours[KIND__MAX][PRIORITY__MAX] = {
    {48, 24, 4, 2},
    {48, 24, 4, 2},
    {720, 240, 72, 8},
};

static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static void sla_defaults(struct sla_settings *s)
{
	memset(s, 0, sizeof(*s));
	for (int k = 0; k < KIND__MAX; k++)
		for (int p = 0; p < PRIORITY__MAX; p++)
			s->budget[k][p] = (int64_t)(default_hours[k][p] * 3600);
	s->pause_awaiting = true;
}

static bool parse_hhmm(const char *v, int *minutes)
{
	int h, m;
	char extra;

	if (!v || sscanf(v, "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 ||
	    (h == 24 && m))
		return false;
	*minutes = h * 60 + m;
	return true;
}

/* Refuses (400) anything but an object whose keys are all in the NULL-terminated list. */
static enum err_code only_keys(json_t *o, const char *const *keys, const char *what,
			       struct arena *a, struct error *e)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o))
		return err_set(e, ERR_BAD_REQUEST, NULL, "%s", what);
	json_object_foreach(o, key, v)
	{
		bool known = false;

		for (int i = 0; keys[i]; i++)
			known = known || !strcmp(keys[i], key);
		if (!known)
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "unknown field '%s'", key);
	}
	return ERR_OK;
}

/* Reads an SLA settings object; fills e (field named) when it is not valid. */
static enum err_code sla_from_json(json_t *o, struct sla_settings *s, struct arena *a,
				   struct error *e)
{
	static const char *const keys[] = {"resolution_hours", "pause_when_awaiting_customer",
					   "business_hours", "holidays", NULL};
	const char *key;
	json_t *v;

	sla_defaults(s);
	if (only_keys(o, keys, "the SLA settings must be an object", a, e))
		return e->code;
	json_t *hours = json_object_get(o, "resolution_hours");

	if (hours && !json_is_null(hours)) {
		if (!json_is_object(hours))
			return err_set(e, ERR_BAD_REQUEST, "resolution_hours",
				       "resolution_hours is an object by kind");
		json_object_foreach(hours, key, v)
		{
			int k = kind_from_name(key);
			const char *pk;
			json_t *pv;

			if (k < 0 || !json_is_object(v))
				return err_set(e, ERR_BAD_REQUEST, "resolution_hours",
					       "resolution_hours.%s: not a kind with an object of "
					       "priorities",
					       key);
			json_object_foreach(v, pk, pv)
			{
				int p = priority_from_name((enum kind)k, pk);
				double h = json_number_value(pv);

				if (p < 0)
					return err_set(e, ERR_BAD_REQUEST, "resolution_hours",
						       "resolution_hours.%s.%s: unknown priority",
						       key, pk);
				if (!json_is_number(pv) || h <= 0 || h > 24 * 366)
					return err_set(e, ERR_INVALID, "resolution_hours",
						       "resolution_hours.%s.%s must be a number of "
						       "hours above 0",
						       key, pk);
				s->budget[k][p] = (int64_t)(h * 3600);
			}
		}
	}
	v = json_object_get(o, "pause_when_awaiting_customer");
	if (v && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return err_set(e, ERR_BAD_REQUEST, "pause_when_awaiting_customer",
				       "pause_when_awaiting_customer is true or false");
		s->pause_awaiting = json_is_true(v);
	}
	json_t *bh = json_object_get(o, "business_hours");

	if (bh && !json_is_null(bh)) {
		if (!json_is_object(bh))
			return err_set(e, ERR_BAD_REQUEST, "business_hours",
				       "business_hours is null (24x7) or an object by weekday");
		s->cal.business_hours = true;
		json_object_foreach(bh, key, v)
		{
			int d = -1;

			for (int i = 0; i < 7; i++)
				if (!strcmp(day_names[i], key))
					d = i;
			if (d < 0)
				return err_set(e, ERR_BAD_REQUEST, "business_hours",
					       "business_hours.%s: days are sun, mon, ... sat",
					       key);
			if (json_is_null(v))
				continue; /* closed */
			if (!json_is_object(v) ||
			    !parse_hhmm(json_string_value(json_object_get(v, "open")),
					&s->cal.open[d]) ||
			    !parse_hhmm(json_string_value(json_object_get(v, "close")),
					&s->cal.close[d]) ||
			    s->cal.open[d] >= s->cal.close[d])
				return err_set(
				    e, ERR_INVALID, "business_hours",
				    "business_hours.%s must be {\"open\":\"HH:MM\","
				    "\"close\":\"HH:MM\"} with open before close, or null",
				    key);
		}
	}
	json_t *hol = json_object_get(o, "holidays");

	if (hol && !json_is_null(hol)) {
		size_t i;

		if (!json_is_array(hol) || json_array_size(hol) > SLA_MAX_HOLIDAYS)
			return err_set(e, ERR_BAD_REQUEST, "holidays",
				       "holidays is an array of at most %d dates",
				       SLA_MAX_HOLIDAYS);
		json_array_foreach(hol, i, v)
		{
			int y, m, d;

			if (!json_is_string(v) || !date_parse(json_string_value(v), &y, &m, &d))
				return err_set(e, ERR_INVALID, "holidays",
					       "holidays[%zu] must be a date YYYY-MM-DD", i);
			int64_t day = days_from_civil(y, m, d);
			int n = s->cal.nholidays;

			/* Insertion keeps them sorted (and drops repeats). */
			int at = n;

			while (at > 0 && s->cal.holidays[at - 1] > day)
				at--;
			if (at > 0 && s->cal.holidays[at - 1] == day)
				continue;
			memmove(&s->cal.holidays[at + 1], &s->cal.holidays[at],
				sizeof(int64_t) * (size_t)(n - at));
			s->cal.holidays[at] = day;
			s->cal.nholidays++;
		}
	}
	return ERR_OK;
}

json_t *svc_sla_settings_json(const struct sla_settings *s)
{
	json_t *hours = json_object(), *bh, *hol = json_array();

	for (int k = 0; k < KIND__MAX; k++) {
		json_t *byp = json_object();

		for (int p = 0; p < PRIORITY__MAX; p++)
			json_object_set_new(byp, priority_name((enum kind)k, p),
					    json_real((double)s->budget[k][p] / 3600.0));
		json_object_set_new(hours, kind_name((enum kind)k), byp);
	}
	if (s->cal.business_hours) {
		bh = json_object();
		for (int d = 0; d < 7; d++) {
			char open[24], close[24];

			if (s->cal.open[d] >= s->cal.close[d]) {
				json_object_set_new(bh, day_names[d], json_null());
				continue;
			}
			snprintf(open, sizeof(open), "%02d:%02d", s->cal.open[d] / 60,
				 s->cal.open[d] % 60);
			snprintf(close, sizeof(close), "%02d:%02d", s->cal.close[d] / 60,
				 s->cal.close[d] % 60);
			json_object_set_new(bh, day_names[d],
					    json_pack("{s:s, s:s}", "open", open, "close", close));
		}
	} else {
		bh = json_null();
	}
	for (int i = 0; i < s->cal.nholidays; i++) {
		int y, m, d;
		char date[DATE_ISO_LEN];

		civil_from_days(s->cal.holidays[i], &y, &m, &d);
		date_format(y, m, d, date);
		json_array_append_new(hol, json_string(date));
	}
	return json_pack("{s:o, s:b, s:o, s:o}", "resolution_hours", hours,
			 "pause_when_awaiting_customer", s->pause_awaiting, "business_hours", bh,
			 "holidays", hol);
}

enum err_code svc_sla_settings(struct ctx *c, struct sla_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "sla", &o);

	sla_defaults(out);
	if (!rc && o)
		rc = sla_from_json(o, out, c->a, c->e);
	json_decref(o);
	return rc;
}

enum err_code svc_sla_settings_put(struct ctx *c, json_t *body, struct sla_settings *out)
{
	enum err_code rc;

	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins change settings");
	rc = sla_from_json(body, out, c->a, c->e);
	if (rc)
		return rc;
	json_t *norm = svc_sla_settings_json(out);

	rc = svc_setting_save(c, "sla", norm);
	json_decref(norm);
	return rc;
}

/* --- SMTP ------------------------------------------------------------------------ */

static enum err_code smtp_from_json(json_t *o, struct smtp_settings *s, struct arena *a,
				    struct error *e)
{
	static const char *const keys[] = {"url", "starttls", "username", "password", "from", NULL};
	const char *key;
	json_t *v;

	memset(s, 0, sizeof(*s));
	if (!json_is_object(o))
		return err_set(e, ERR_BAD_REQUEST, NULL, "the SMTP settings must be an object");
	json_object_foreach(o, key, v)
	{
		bool known = false;

		for (int i = 0; keys[i]; i++)
			known = known || !strcmp(keys[i], key);
		if (!known)
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "unknown field '%s'", key);
		if (strcmp(key, "starttls") && !json_is_string(v) && !json_is_null(v))
			return err_set(e, ERR_BAD_REQUEST, arena_strdup(a, key),
				       "'%s' must be a string", key);
	}
	s->url = arena_strdup(a, json_string_value(json_object_get(o, "url")));
	s->username = arena_strdup(a, json_string_value(json_object_get(o, "username")));
	s->password = arena_strdup(a, json_string_value(json_object_get(o, "password")));
	s->from = arena_strdup(a, json_string_value(json_object_get(o, "from")));
	v = json_object_get(o, "starttls");
	if (v && !json_is_boolean(v) && !json_is_null(v))
		return err_set(e, ERR_BAD_REQUEST, "starttls", "starttls is true or false");
	s->starttls = json_is_true(v);
	if (s->url && *s->url && strncmp(s->url, "smtp://", 7) && strncmp(s->url, "smtps://", 8))
		return err_set(e, ERR_INVALID, "url",
			       "url must be smtp://host:port or smtps://host:port");
	if (s->url && *s->url && (!s->from || !strchr(s->from, '@')))
		return err_set(e, ERR_INVALID, "from", "a from address is needed to send email");
	s->configured = s->url && *s->url;
	return ERR_OK;
}

json_t *svc_smtp_settings_json(const struct smtp_settings *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "url", s->url ? json_string(s->url) : json_null());
	json_object_set_new(o, "starttls", json_boolean(s->starttls));
	json_object_set_new(o, "username", s->username ? json_string(s->username) : json_null());
	json_object_set_new(o, "password_set", json_boolean(s->password && *s->password));
	json_object_set_new(o, "from", s->from ? json_string(s->from) : json_null());
	return o;
}

enum err_code svc_smtp_settings(struct ctx *c, struct smtp_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "smtp", &o);

	memset(out, 0, sizeof(*out));
	if (!rc && o)
		rc = smtp_from_json(o, out, c->a, c->e);
	json_decref(o);
	return rc;
}

enum err_code svc_smtp_settings_put(struct ctx *c, json_t *body, struct smtp_settings *out)
{
	struct smtp_settings old;
	enum err_code rc;

	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins change settings");
	rc = smtp_from_json(body, out, c->a, c->e);
	if (rc)
		return rc;
	/* Leaving the password out keeps the one stored (it is never served back). */
	if (!json_object_get(body, "password") && !svc_smtp_settings(c, &old))
		out->password = old.password;
	json_t *o = svc_smtp_settings_json(out);

	json_object_del(o, "password_set");
	json_object_set_new(o, "password",
			    out->password ? json_string(out->password) : json_null());
	rc = svc_setting_save(c, "smtp", o);
	json_decref(o);
	return rc;
}

/* --- workflow: approval thresholds, auto-close, routing ---------------------------- */

static const char *const money_types[] = {"credit_note", "refund", "store_credit"};
static const char *const routing_modes[ROUTE__MAX] = {"manual", "round_robin", "least_open"};

const char *routing_mode_name(enum routing_mode m)
{
	return m < ROUTE__MAX ? routing_modes[m] : "?";
}

static void workflow_defaults(struct workflow_settings *w)
{
	memset(w, 0, sizeof(*w));
	/* Rupees above which a manager approves: credit notes from 2,000, refunds and store
	 * credit from 1,000 (docs/decisions.md). */
	w->threshold[0] = 200000;
	w->threshold[1] = 100000;
	w->threshold[2] = 100000;
	w->auto_close_days = 7;
	w->session_idle_hours = SESSION_IDLE_DEFAULT / 3600;
	w->session_max_days = SESSION_MAX_DEFAULT / 86400;
}

int workflow_money_index(const char *type)
{
	for (int i = 0; type && i < 3; i++)
		if (!strcmp(money_types[i], type))
			return i;
	return -1;
}

static enum err_code workflow_from_json(json_t *o, struct workflow_settings *w, struct arena *a,
					struct error *e)
{
	static const char *const keys[] = {"approval_thresholds", "auto_close_days",  "routing",
					   "session_idle_hours",  "session_max_days", NULL};
	const char *key;
	json_t *v;

	workflow_defaults(w);
	if (only_keys(o, keys, "the workflow settings must be an object", a, e))
		return e->code;
	json_t *th = json_object_get(o, "approval_thresholds");

	if (th && !json_is_null(th)) {
		if (!json_is_object(th))
			return err_set(e, ERR_BAD_REQUEST, "approval_thresholds",
				       "approval_thresholds is an object by resolution type");
		json_object_foreach(th, key, v)
		{
			int i = workflow_money_index(key);

			if (i < 0)
				return err_set(
				    e, ERR_BAD_REQUEST, "approval_thresholds",
				    "approval_thresholds.%s: only credit_note, refund and "
				    "store_credit need approval",
				    key);
			if (json_is_null(v)) {
				w->threshold[i] = -1; /* never needs approval */
				continue;
			}
			if (!json_is_number(v) || json_number_value(v) < 0 ||
			    json_number_value(v) > 1e10)
				return err_set(e, ERR_INVALID, "approval_thresholds",
					       "approval_thresholds.%s is an amount in rupees (0: "
					       "always) or null (never)",
					       key);
			w->threshold[i] = (int64_t)(json_number_value(v) * 100 + 0.5);
		}
	}
	v = json_object_get(o, "auto_close_days");
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 365)
			return err_set(
			    e, ERR_INVALID, "auto_close_days",
			    "auto_close_days is a whole number of days from 0 (never) to "
			    "365");
		w->auto_close_days = (int)json_integer_value(v);
	}
	v = json_object_get(o, "session_idle_hours");
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 720)
			return err_set(
			    e, ERR_INVALID, "session_idle_hours",
			    "session_idle_hours is a whole number of hours from 1 to 720");
		w->session_idle_hours = (int)json_integer_value(v);
	}
	v = json_object_get(o, "session_max_days");
	if (v && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 365)
			return err_set(e, ERR_INVALID, "session_max_days",
				       "session_max_days is a whole number of days from 1 to 365");
		w->session_max_days = (int)json_integer_value(v);
	}
	json_t *ro = json_object_get(o, "routing");

	if (ro && !json_is_null(ro)) {
		if (!json_is_object(ro))
			return err_set(e, ERR_BAD_REQUEST, "routing",
				       "routing is an object by kind");
		json_object_foreach(ro, key, v)
		{
			int k = kind_from_name(key);
			json_t *team = json_object_get(v, "team_id");
			const char *mode = json_string_value(json_object_get(v, "mode"));
			int m = -1;

			for (int i = 0; mode && i < ROUTE__MAX; i++)
				if (!strcmp(routing_modes[i], mode))
					m = i;
			if (k < 0 || !json_is_object(v) || m < 0 ||
			    (team && !json_is_null(team) && !json_is_integer(team)))
				return err_set(
				    e, ERR_INVALID, "routing",
				    "routing.%s must be {\"team_id\": id or null, \"mode\": "
				    "\"manual\"|\"round_robin\"|\"least_open\"}",
				    key);
			w->route_team[k] = json_is_integer(team) ? json_integer_value(team) : 0;
			w->route_mode[k] = (enum routing_mode)m;
			if (m != ROUTE_MANUAL && !w->route_team[k])
				return err_set(e, ERR_INVALID, "routing",
					       "routing.%s: automatic routing needs a team_id",
					       key);
		}
	}
	return ERR_OK;
}

json_t *svc_workflow_settings_json(const struct workflow_settings *w)
{
	json_t *th = json_object(), *ro = json_object();

	for (int i = 0; i < 3; i++)
		json_object_set_new(
		    th, money_types[i],
		    w->threshold[i] < 0 ? json_null() : json_real((double)w->threshold[i] / 100.0));
	for (int k = 0; k < KIND__MAX; k++)
		json_object_set_new(
		    ro, kind_name((enum kind)k),
		    json_pack("{s:o, s:s}", "team_id",
			      w->route_team[k] ? json_integer(w->route_team[k]) : json_null(),
			      "mode", routing_modes[w->route_mode[k]]));
	return json_pack("{s:o, s:i, s:o, s:i, s:i}", "approval_thresholds", th, "auto_close_days",
			 w->auto_close_days, "routing", ro, "session_idle_hours",
			 w->session_idle_hours, "session_max_days", w->session_max_days);
}

enum err_code svc_workflow_settings(struct ctx *c, struct workflow_settings *out)
{
	json_t *o;
	enum err_code rc = svc_setting_load(c, "workflow", &o);

	workflow_defaults(out);
	if (!rc && o)
		rc = workflow_from_json(o, out, c->a, c->e);
	json_decref(o);
	return rc;
}

enum err_code svc_workflow_settings_put(struct ctx *c, json_t *body, struct workflow_settings *out)
{
	enum err_code rc;

	if (c->who && c->who->role != ROLE_ADMIN)
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only admins change settings");
	rc = workflow_from_json(body, out, c->a, c->e);
	for (int k = 0; !rc && k < KIND__MAX; k++) {
		struct db_stmt *st;
		bool found;

		if (!out->route_team[k])
			continue;
		st = db_q(svc_db(c), "SELECT 1 FROM teams WHERE team_id = $1", "i",
			  out->route_team[k]);
		found = st && db_step(st) == DB_ROW;
		db_done(st);
		if (!found)
			rc = err_set(c->e, ERR_INVALID, "routing", "routing.%s: no team %lld",
				     kind_name((enum kind)k), (long long)out->route_team[k]);
	}
	if (rc)
		return rc;
	json_t *norm = svc_workflow_settings_json(out);

	rc = svc_setting_save(c, "workflow", norm);
	json_decref(norm);
	return rc;
}
