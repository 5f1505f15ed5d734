/* Files on tickets and the communication log: multipart uploads, attachment lists and
 * downloads, photos sent with a new ticket, and /communications. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "../base/timefmt.h"
#include "../http/multipart.h"
#include "../service/communication.h"
#include "../http/mediatype.h"
#include "../base/banned.h"

#define UPLOAD_IDS_MAX 32

static enum kind route_kind(struct request *r)
{
	return (enum kind)((const struct route *)r->route)->arg;
}

json_t *attachment_json(const struct attachment *at)
{
	json_t *o = json_object();

	/* json_set_str, not json_pack's "s": a name that is not valid UTF-8 (stored before
	 * names were checked) must not make the whole record vanish from the reply. */
	json_object_set_new(o, "attachment_id", json_integer(at->id));
	json_set_str(o, "filename", at->filename);
	json_set_str(o, "content_type", at->content_type);
	json_object_set_new(o, "size", json_integer(at->size));
	json_set_str(o, "kind", at->kind);
	json_set_str(o, "sha256", at->sha256);
	json_object_set_new(o, "uploaded_by", json_integer(at->uploaded_by));
	json_set_str(o, "uploaded_by_name", at->uploaded_by_name);

	json_object_set_new(o, "ticket_id",
			    at->ticket_id ? json_integer(at->ticket_id) : json_null());
	json_object_set_new(o, "communication_id",
			    at->communication_id ? json_integer(at->communication_id)
						 : json_null());
	json_set_instant(o, "uploaded_at", at->uploaded_at);
	json_set_instant(o, "taken_at", at->taken_at);
	json_object_set_new(o, "url", json_sprintf("/api/attachments/%lld", (long long)at->id));
	json_object_set_new(
	    o, "thumbnail_url",
	    !strcmp(at->kind, "photo")
		? json_sprintf("/api/attachments/%lld?size=thumb", (long long)at->id)
		: json_null());
	return o;
}

static json_t *attachments_json(const struct attachment *at, int n)
{
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, attachment_json(&at[i]));
	return items;
}

/* Whether the request is multipart/form-data (the only way files arrive). */
static bool is_multipart(struct request *r)
{
	const char *ct = req_header(r, "Content-Type");

	return mediatype_is(ct, "multipart/form-data");
}

static enum err_code parse_multipart(struct request *r, struct multipart_part **parts, int *n)
{
	const char *b = multipart_boundary(&r->arena, req_header(r, "Content-Type"));

	if (!b)
		return err_set(&r->err, ERR_UNSUPPORTED, NULL,
			       "multipart/form-data needs a boundary parameter");
	return multipart_parse(&r->arena, b, r->body_data, r->body_len, parts, n, &r->err);
}

/* The files among the parts named `name`; any other part name but `json_part` is 400. */
static enum err_code collect_files(struct request *r, struct multipart_part *parts, int n,
				   const char *name, const char *json_part, struct evidence *ev,
				   json_t **json)
{
	struct upload_file *files = arena_zalloc(&r->arena, sizeof(*files) * (size_t)(n + 1));
	json_error_t jerr;

	*json = NULL;
	ev->files = files;
	ev->nfiles = 0;
	for (int i = 0; i < n; i++) {
		const struct multipart_part *p = &parts[i];

		if (json_part && !strcmp(p->name, json_part)) {
			if (*json)
				return err_set(&r->err, ERR_BAD_REQUEST, json_part,
					       "one '%s' part, not several", json_part);
			*json = json_loadb(p->data, p->len, JSON_REJECT_DUPLICATES, &jerr);
			if (!*json)
				return err_set(&r->err, ERR_BAD_REQUEST, json_part,
					       "bad JSON in the '%s' part at line %d column %d: %s",
					       json_part, jerr.line, jerr.column, jerr.text);
			arena_defer(&r->arena, (void (*)(void *))json_decref, *json);
			if (!json_is_object(*json))
				return err_set(&r->err, ERR_BAD_REQUEST, json_part,
					       "the '%s' part must be a JSON object", json_part);
		} else if (!strcmp(p->name, name)) {
			files[ev->nfiles++] = (struct upload_file){p->filename, p->data, p->len};
		} else {
			return err_set(&r->err, ERR_BAD_REQUEST, arena_strdup(&r->arena, p->name),
				       "unknown part '%s': send %s%s%s", p->name, name,
				       json_part ? " and " : "", json_part ? json_part : "");
		}
	}
	return ERR_OK;
}

/* Takes the ids array `key` out of obj (it is not a ticket field) into ev. */
static enum err_code take_ids(struct request *r, json_t *obj, const char *key, struct evidence *ev)
{
	json_t *arr = json_object_get(obj, key), *v;
	int64_t *ids;
	size_t i;

	if (!arr)
		return ERR_OK;
	if (json_is_null(arr)) {
		json_object_del(obj, key);
		return ERR_OK;
	}
	if (!json_is_array(arr) || json_array_size(arr) > UPLOAD_IDS_MAX)
		return err_set(&r->err, ERR_BAD_REQUEST, key,
			       "'%s' is an array of at most %d upload ids", key, UPLOAD_IDS_MAX);
	ids = arena_zalloc(&r->arena, sizeof(*ids) * (json_array_size(arr) + 1));
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return err_set(&r->err, ERR_BAD_REQUEST, key,
				       "'%s' holds upload ids (positive integers)", key);
		ids[i] = json_integer_value(v);
	}
	ev->upload_ids = ids;
	ev->nuploads = (int)json_array_size(arr);
	json_object_del(obj, key);
	return ERR_OK;
}

enum err_code api_ticket_body(struct request *r, json_t **body, struct evidence **evp)
{
	struct evidence *ev = arena_zalloc(&r->arena, sizeof(*ev));
	struct multipart_part *parts;
	int n;

	ev->photos_only = true;
	ev->field = "photos";
	*evp = ev;
	if (!is_multipart(r)) {
		if (json_body(r, body))
			return r->err.code;
		return take_ids(r, *body, "photo_upload_ids", ev);
	}
	if (parse_multipart(r, &parts, &n) ||
	    collect_files(r, parts, n, "photos", "ticket", ev, body))
		return r->err.code;
	if (!*body)
		return err_set(&r->err, ERR_INVALID, "ticket",
			       "a multipart create needs the ticket as a JSON part named 'ticket'");
	return take_ids(r, *body, "photo_upload_ids", ev);
}

enum err_code api_photos_body(struct request *r, struct evidence *ev)
{
	struct multipart_part *parts;
	json_t *none;
	int n;

	ev->photos_only = true;
	ev->field = "photos";
	if (!is_multipart(r))
		return err_set(&r->err, ERR_UNSUPPORTED, NULL,
			       "send photos as multipart/form-data parts named 'photos'");
	if (parse_multipart(r, &parts, &n) || collect_files(r, parts, n, "photos", NULL, ev, &none))
		return r->err.code;
	return ERR_OK;
}

void api_upload(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct evidence ev = {.field = "files"};
	struct multipart_part *parts;
	struct attachment *at;
	json_t *none;
	int n;

	if (!is_multipart(r)) {
		err_set(&r->err, ERR_UNSUPPORTED, NULL,
			"send files as multipart/form-data parts named 'files'");
		reply_error(r);
		return;
	}
	if (api_failed(r, parse_multipart(r, &parts, &n)) ||
	    api_failed(r, collect_files(r, parts, n, "files", NULL, &ev, &none)) ||
	    api_failed(r, svc_upload(&c, &ev, &at, &n)))
		return;
	reply_json(r, 201, json_pack("{s:o}", "items", attachments_json(at, n)));
}

static void attachments_add(struct request *r, bool photos)
{
	static const char *const keys[] = {"upload_ids", NULL};
	struct ctx c = api_ctx(r);
	struct evidence ev = {.field = photos ? "photos" : "files", .photos_only = photos};
	struct multipart_part *parts;
	struct attachment *at;
	json_t *body;
	int n;

	if (is_multipart(r)) {
		if (api_failed(r, parse_multipart(r, &parts, &n)) ||
		    api_failed(r, collect_files(r, parts, n, ev.field, NULL, &ev, &body)))
			return;
	} else if (api_failed(r, json_body(r, &body)) || api_failed(r, json_only(r, body, keys)) ||
		   api_failed(r, take_ids(r, body, "upload_ids", &ev))) {
		return;
	}
	if (api_failed(r, svc_attachments_add(&c, route_kind(r), api_param(r, 0), &ev, &at, &n)))
		return;
	reply_json(r, 201, json_pack("{s:o}", "items", attachments_json(at, n)));
}

void api_ticket_attachments_add(struct request *r)
{
	attachments_add(r, false);
}

void api_ticket_photos_add(struct request *r)
{
	attachments_add(r, true);
}

void api_ticket_attachments(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct attachment *at;
	int n;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_attachments_list(&c, route_kind(r), api_param(r, 0), &at, &n)))
		return;
	reply_json(r, 200, json_pack("{s:o}", "items", attachments_json(at, n)));
}

/* The client's name, safe inside a quoted header parameter (ASCII, no quotes). */
static const char *header_filename(struct request *r, const char *name)
{
	char *out = arena_strdup(&r->arena, name);

	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || *p == '"' || *p == '\\')
			*p = '_';
	return out;
}

void api_attachment(struct request *r)
{
	static const char *const keys[] = {"size", NULL};
	struct ctx c = api_ctx(r);
	struct attachment at;
	const char *size = req_query(r, "size"), *type;
	int64_t id;
	struct files_body body;

	if (api_failed(r, api_query_only(r, keys)))
		return;
	if (size && strcmp(size, "thumb") && strcmp(size, "original")) {
		err_set(&r->err, ERR_BAD_REQUEST, "size", "size is thumb or original");
		reply_error(r);
		return;
	}
	if (!api_param_id(r, 0, "attachment", &id))
		return;
	if (api_failed(
		r, svc_attachment_open(&c, id, size && !strcmp(size, "thumb"), &at, &body, &type)))
		return;
	api_reply_attachment(r, &at, &body, type);
}

void api_reply_attachment(struct request *r, const struct attachment *a, struct files_body *body,
			  const char *type)
{
	const struct attachment at = *a;

	r->has_stream = true;
	r->stream =
	    (struct reply_stream){body->size, body->fd, body->read, body->release, body->cls};
	r->content_type = type;
	r->status = 200;
	req_add_header(
	    r, "Content-Disposition",
	    arena_printf(&r->arena, "inline; filename=\"%s\"", header_filename(r, at.filename)));
	req_add_header(r, "Cache-Control", "private, max-age=3600");
	req_add_header(r, "Content-Security-Policy", "default-src 'none'; sandbox");
}

/* --- communications ------------------------------------------------------------------ */

static json_t *communication_json(const struct communication *cm, const struct attachment *files,
				  int nfiles)
{
	json_t *o = json_object();
	json_t *items = json_array();

	json_object_set_new(o, "communication_id", json_integer(cm->id));
	json_object_set_new(o, "ticket_id", json_integer(cm->ticket_id));
	json_set_str(o, "channel", cm->channel);
	json_set_str(o, "direction", cm->direction);
	json_set_str(o, "summary", cm->summary);
	json_object_set_new(o, "logged_by", json_integer(cm->logged_by));
	json_set_str(o, "logged_by_name", cm->logged_by_name ? cm->logged_by_name : "");
	json_set_instant(o, "occurred_at", cm->occurred_at);
	json_set_instant(o, "logged_at", cm->logged_at);
	json_set_str(o, "delivery_status", cm->delivery_status);
	json_set_str(o, "delivery_error", cm->delivery_error);
	for (int i = 0; i < nfiles; i++)
		if (files[i].communication_id == cm->id)
			json_array_append_new(items, attachment_json(&files[i]));
	json_object_set_new(o, "attachments", items);
	return o;
}

void api_ticket_communications(struct request *r)
{
	static const char *const keys[] = {NULL};
	struct ctx c = api_ctx(r);
	struct communication *cm;
	struct attachment *files;
	int n, nfiles;

	if (api_failed(r, api_query_only(r, keys)) ||
	    api_failed(r, svc_communications(&c, route_kind(r), api_param(r, 0), &cm, &n, &files,
					     &nfiles)))
		return;
	json_t *items = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(items, communication_json(&cm[i], files, nfiles));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

static enum err_code communication_body(struct request *r, json_t *o, struct communication *cm,
					struct evidence *ev)
{
	static const char *const keys[] = {"channel", "direction",  "occurred_at",
					   "summary", "upload_ids", NULL};
	const char *at = NULL;

	if (json_only(r, o, keys) || json_str(r, o, "channel", &cm->channel) ||
	    json_str(r, o, "direction", &cm->direction) ||
	    json_str(r, o, "summary", &cm->summary) || json_str(r, o, "occurred_at", &at) ||
	    take_ids(r, o, "upload_ids", ev))
		return r->err.code;
	if (at && !instant_parse(at, &cm->occurred_at))
		return err_set(&r->err, ERR_INVALID, "occurred_at",
			       "occurred_at is an ISO 8601 instant with a zone");
	return ERR_OK;
}

void api_ticket_communication_add(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct communication cm = {0};
	struct evidence *ev = arena_zalloc(&r->arena, sizeof(*ev));
	struct multipart_part *parts;
	struct attachment *files;
	json_t *body;
	int n, nfiles;

	ev->field = "files";
	if (is_multipart(r)) {
		if (api_failed(r, parse_multipart(r, &parts, &n)) ||
		    api_failed(r, collect_files(r, parts, n, "files", "communication", ev, &body)))
			return;
		if (!body) {
			err_set(&r->err, ERR_INVALID, "communication",
				"send the communication as a JSON part named 'communication'");
			reply_error(r);
			return;
		}
	} else if (api_failed(r, json_body(r, &body))) {
		return;
	}
	if (api_failed(r, communication_body(r, body, &cm, ev)) ||
	    api_failed(r, svc_communication_add(&c, route_kind(r), api_param(r, 0), &cm,
						ev->nfiles + ev->nuploads ? ev : NULL, &files,
						&nfiles)))
		return;
	reply_json(r, 201, communication_json(&cm, files, nfiles));
}
