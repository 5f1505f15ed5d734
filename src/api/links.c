/* Links between tickets, merge and split (issue 18):
 * /api/tickets/{kind}/{id}/links, .../merge, .../split. */
#include <string.h>

#include "api.h"
#include "../service/link.h"
#include "../base/banned.h"

static enum kind route_kind(struct request *r)
{
	return (enum kind)((const struct route *)r->route)->arg;
}

static void reply_links(struct request *r, const struct ticket_link *links, int n)
{
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "items");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		const struct ticket_link *l = &links[i];
		/* The link as this ticket sees it. */
		const char *rel = !strcmp(l->type, "related") ? "related"
				  : !strcmp(l->type, "parent")
				      ? (l->outgoing ? "parent_of" : "child_of")
				  : l->outgoing ? "duplicate_of"
						: "has_duplicate";

		jw_object(&w);
		jw_kint(&w, "link_id", l->id);
		jw_kstr(&w, "type", rel);
		jw_kint(&w, "ticket_id", l->other_id);
		jw_kstr(&w, "number", l->other_number);
		jw_kstr(&w, "kind", l->other_kind);
		jw_kstr(&w, "title", l->other_title);
		jw_kstr(&w, "status", l->other_status);
		jw_kint(&w, "created_by", l->created_by);
		jw_kinstant(&w, "created_at", l->created_at);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_end_object(&w);
	reply_text_json(r, 200, &sb);
}

void api_ticket_links(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct ticket_link *links = NULL;
	int n;

	if (!api_failed(r, svc_ticket_links(&c, route_kind(r), api_param(r, 0), &links, &n)))
		reply_links(r, links, n);
}

void api_ticket_link_add(struct request *r)
{
	static const char *const keys[] = {"type", "ticket", NULL};
	struct ctx c = api_ctx(r);
	struct ticket_link *links = NULL;
	const char *type, *other;
	json_t *body;
	int n;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "type", &type)) ||
	    api_failed(r, json_str_req(r, body, "ticket", &other)) ||
	    api_failed(r, svc_ticket_link(&c, route_kind(r), api_param(r, 0), type, other)) ||
	    api_failed(r, svc_ticket_links(&c, route_kind(r), api_param(r, 0), &links, &n)))
		return;
	reply_links(r, links, n);
	r->status = 201;
}

void api_ticket_merge(struct request *r)
{
	static const char *const keys[] = {"into", NULL};
	struct ctx c = api_ctx(r);
	struct ticket kept;
	const char *into;
	json_t *body;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, json_str_req(r, body, "into", &into)) ||
	    api_failed(r, svc_ticket_merge(&c, route_kind(r), api_param(r, 0), into, &kept)))
		return;
	reply_ticket_only(r, 200, &kept);
}

/* parts: [{line_no, attachment_ids: [..]}, ...] */
static enum err_code split_parts(struct request *r, json_t *body, struct split_part **out, int *n)
{
	static const char *const part_keys[] = {"line_no", "attachment_ids", NULL};
	json_t *parts = json_object_get(body, "parts"), *p;
	size_t i;

	if (!json_is_array(parts))
		return err_set(&r->err, ERR_INVALID, "parts",
			       "'parts' is a list of {line_no, attachment_ids}");
	*n = (int)json_array_size(parts);
	*out = arena_zalloc(&r->arena, sizeof(**out) * (size_t)(*n ? *n : 1));
	json_array_foreach(parts, i, p)
	{
		struct split_part *sp = &(*out)[i];
		json_t *line = json_object_get(p, "line_no"),
		       *ids = json_object_get(p, "attachment_ids"), *id;
		size_t j;

		if (!json_is_object(p) || json_only(r, p, part_keys))
			return err_set(&r->err, ERR_BAD_REQUEST,
				       arena_printf(&r->arena, "parts[%zu]", i),
				       "each part is {line_no, attachment_ids}");
		if (!json_is_integer(line) || json_integer_value(line) < 1 ||
		    json_integer_value(line) > 100000)
			return err_set(&r->err, ERR_INVALID,
				       arena_printf(&r->arena, "parts[%zu].line_no", i),
				       "line_no is the order line's number");
		sp->line_no = (int)json_integer_value(line);
		if (ids && !json_is_array(ids))
			return err_set(&r->err, ERR_INVALID,
				       arena_printf(&r->arena, "parts[%zu].attachment_ids", i),
				       "attachment_ids is a list of the ticket's attachment ids");
		sp->nattachments = ids ? (int)json_array_size(ids) : 0;
		sp->attachment_ids =
		    arena_zalloc(&r->arena, sizeof(int64_t) * (size_t)(sp->nattachments + 1));
		json_array_foreach(ids, j, id)
		{
			if (!json_is_integer(id) || json_integer_value(id) < 1)
				return err_set(
				    &r->err, ERR_INVALID,
				    arena_printf(&r->arena, "parts[%zu].attachment_ids", i),
				    "attachment_ids is a list of the ticket's attachment ids");
			sp->attachment_ids[j] = json_integer_value(id);
		}
	}
	return ERR_OK;
}

void api_ticket_split(struct request *r)
{
	static const char *const keys[] = {"parts", NULL};
	struct ctx c = api_ctx(r);
	struct split_part *parts = NULL;
	struct ticket t;
	json_t *body;
	int n = 0;

	if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
	    api_failed(r, split_parts(r, body, &parts, &n)) ||
	    api_failed(r, svc_ticket_split(&c, route_kind(r), api_param(r, 0), parts, n, &t)))
		return;
	struct strbuf sb;
	struct jw w;

	strbuf_init(&sb, 0);
	jw_init(&w, &sb);
	jw_object(&w);
	jw_key(&w, "ticket");
	jw_object(&w);
	ticket_write(&w, &t);
	jw_end_object(&w);
	jw_key(&w, "parts");
	jw_array(&w);
	for (int i = 0; i < n; i++) {
		jw_object(&w);
		jw_kint(&w, "line_no", parts[i].line_no);
		jw_kstr(&w, "item", parts[i].item);
		jw_kint(&w, "ticket_id", parts[i].ticket_id);
		jw_kstr(&w, "number", parts[i].number);
		jw_kint(&w, "attachments", parts[i].nattachments);
		jw_end_object(&w);
	}
	jw_end_array(&w);
	jw_end_object(&w);
	reply_text_json(r, 201, &sb);
}
