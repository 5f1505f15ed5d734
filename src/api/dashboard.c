/* GET /api/dashboard: the staff dashboard's numbers and chart series in one call. */
#include <string.h>

#include "api.h"
#include "../service/dashboard.h"
#include "../base/banned.h"

/* Average hours, or null when nothing was resolved. */
static json_t *avg_hours(int64_t secs, int64_t n)
{
	return n ? json_real((double)secs / (double)n / 3600.0) : json_null();
}

static json_t *kind_or_null(int k)
{
	return k >= 0 ? json_string(kind_name(k)) : json_null();
}

static json_t *open_json(const struct dashboard_view *v)
{
	const struct dashboard *d = &v->d;
	json_t *by_kind = json_object(), *by_status = json_object(), *by_priority = json_object();
	json_t *groups = json_array();

	for (int k = 0; k < KIND__MAX; k++) {
		if (v->kind < 0 || v->kind == k)
			json_object_set_new(by_kind, kind_name(k),
					    json_integer(d->open_by_kind[k]));
		for (int p = 0; p < PRIORITY__MAX; p++) {
			const char *name = priority_name(k, p);
			json_t *was;

			if (!name || !d->open_by_priority[k][p])
				continue;
			was = json_object_get(by_priority, name);
			json_object_set_new(by_priority, name,
					    json_integer(d->open_by_priority[k][p] +
							 (was ? json_integer_value(was) : 0)));
		}
	}
	for (int s = 0; s < STATUS__MAX; s++)
		if (s != ST_RESOLVED && s != ST_CLOSED)
			json_object_set_new(by_status, status_name(s),
					    json_integer(d->open_by_status[s]));
	for (int i = 0; i < d->ngroups; i++) {
		const struct dashboard_group *g = &d->groups[i];
		const char *label = group_label(g->kind, g->group);

		json_array_append_new(groups, json_pack("{s:s, s:s, s:s, s:I}", "kind",
							kind_name(g->kind), "group", g->group,
							"label", label ? label : g->group, "count",
							(json_int_t)g->n));
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "total", (json_int_t)d->open_total, "by_kind",
			 by_kind, "by_status", by_status, "by_priority", by_priority,
			 "by_category_group", groups);
}

static json_t *series_json(const struct dashboard_view *v)
{
	json_t *days = json_array();

	for (int i = 0; i < v->ndays; i++) {
		char date[DATE_ISO_LEN];
		int y, m, d;

		civil_from_days(v->from_day + i, &y, &m, &d);
		date_format(y, m, d, date);
		json_array_append_new(days,
				      json_pack("{s:s, s:I, s:I}", "date", date, "created",
						(json_int_t)v->d.created_per_day[i], "resolved",
						(json_int_t)v->d.resolved_per_day[i]));
	}
	return days;
}

static json_t *period_json(const struct dashboard_view *v, json_t *o)
{
	const struct dashboard *d = &v->d;
	json_t *status = json_array(), *by_kind = json_array(), *avg_by_kind = json_object();
	json_t *top = json_array(), *agents = json_array();
	int64_t n = 0, secs = 0;

	for (int s = 0; s < STATUS__MAX; s++)
		if (d->status_in_period[s])
			json_array_append_new(status,
					      json_pack("{s:s, s:s, s:I}", "status", status_name(s),
							"label", status_label(s), "count",
							(json_int_t)d->status_in_period[s]));
	for (int k = 0; k < KIND__MAX; k++) {
		if (v->kind >= 0 && v->kind != k)
			continue;
		n += d->resolved_n[k];
		secs += d->resolved_secs[k];
		json_object_set_new(avg_by_kind, kind_name(k),
				    avg_hours(d->resolved_secs[k], d->resolved_n[k]));
		json_array_append_new(by_kind,
				      json_pack("{s:s, s:s, s:I, s:o}", "kind", kind_name(k),
						"label", kind_label(k), "resolved",
						(json_int_t)d->resolved_n[k], "avg_hours",
						avg_hours(d->resolved_secs[k], d->resolved_n[k])));
	}
	for (int i = 0; i < d->ntop; i++) {
		const struct dashboard_category *t = &d->top[i];
		const struct category *cat = category_find(t->kind, t->category);

		json_array_append_new(
		    top, json_pack("{s:s, s:s, s:s, s:s?, s:I}", "kind", kind_name(t->kind),
				   "category", t->category, "label", cat ? cat->label : t->category,
				   "group", cat ? cat->group : NULL, "count", (json_int_t)t->n));
	}
	for (int i = 0; i < d->nagents; i++) {
		const struct dashboard_agent *ag = &d->agents[i];

		json_array_append_new(agents,
				      json_pack("{s:I, s:s, s:I, s:o, s:I}", "user_id",
						(json_int_t)ag->user, "name", ag->name, "resolved",
						(json_int_t)ag->resolved, "avg_resolution_hours",
						avg_hours(ag->resolved_secs, ag->resolved), "open",
						(json_int_t)ag->open));
	}
	json_object_set_new(o, "created_in_period", json_integer(d->created_in_period));
	json_object_set_new(o, "resolved_in_period", json_integer(n));
	json_object_set_new(o, "avg_resolution_hours", avg_hours(secs, n));
	json_object_set_new(o, "avg_resolution_hours_by_kind", avg_by_kind);
	json_object_set_new(o, "sla",
			    json_pack("{s:I, s:I}", "met", (json_int_t)d->sla_met, "missed",
				      (json_int_t)d->sla_missed));
	json_object_set_new(o, "status_distribution", status);
	json_object_set_new(o, "volume_per_day", series_json(v));
	json_object_set_new(o, "resolution_time_by_kind", by_kind);
	json_object_set_new(o, "top_categories", top);
	json_object_set_new(o, "agents", agents);
	return o;
}

/* An average rating to two places, or null when nobody rated. */
static json_t *avg_rating(int64_t sum, int64_t n)
{
	return n ? json_real((double)((sum * 200 / n + 1) / 2) / 100.0) : json_null();
}

/* Satisfaction after close (issue 16): the surveys answered in the period, overall and by
 * agent (who had the ticket when it closed), by category and by month. */
static json_t *satisfaction_json(const struct satisfaction *s)
{
	json_t *agents = json_array(), *cats = json_array(), *months = json_array();

	for (int i = 0; i < s->nagent; i++) {
		const struct satisfaction_row *x = &s->by_agent[i];

		json_array_append_new(agents, json_pack("{s:I, s:s?, s:I, s:o}", "user_id",
							(json_int_t)x->agent_id, "name",
							x->agent_name, "count", (json_int_t)x->n,
							"average", avg_rating(x->sum, x->n)));
	}
	for (int i = 0; i < s->ncategory; i++) {
		const struct satisfaction_row *x = &s->by_category[i];
		int k = kind_from_name(x->kind);
		const struct category *cat = k >= 0 ? category_find(k, x->category) : NULL;

		json_array_append_new(
		    cats, json_pack("{s:s, s:s?, s:s?, s:I, s:o}", "kind", x->kind, "category",
				    x->category, "label", cat ? cat->label : x->category, "count",
				    (json_int_t)x->n, "average", avg_rating(x->sum, x->n)));
	}
	for (int i = 0; i < s->nmonth; i++) {
		const struct satisfaction_row *x = &s->by_month[i];

		json_array_append_new(months, json_pack("{s:s?, s:I, s:o}", "month", x->month,
							"count", (json_int_t)x->n, "average",
							avg_rating(x->sum, x->n)));
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o}", "count", (json_int_t)s->n, "average",
			 avg_rating(s->sum, s->n), "by_agent", agents, "by_category", cats,
			 "by_month", months);
}

void api_dashboard(struct request *r)
{
	static const char *const keys[] = {"kind", "from", "to", NULL};
	struct ctx c = api_ctx(r);
	struct dashboard_view *v = arena_zalloc(&r->arena, sizeof(*v));
	json_t *o;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_dashboard(&c, req_query(r, "kind"), req_query(r, "from"),
					req_query(r, "to"), v)))
		return;
	o = json_pack("{s:o, s:s, s:s, s:o, s:I, s:I, s:I}", "kind", kind_or_null(v->kind), "from",
		      v->from, "to", v->to, "open", open_json(v), "overdue",
		      (json_int_t)v->d.overdue, "created_today", (json_int_t)v->d.created_today,
		      "created_this_week", (json_int_t)v->d.created_this_week);
	json_object_set_new(o, "satisfaction", satisfaction_json(&v->sat));
	api_reply_report(r, period_json(v, o), "dashboard.csv");
}
