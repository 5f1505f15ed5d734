/* Static files for the web UI; see static.h.
 *
 * A file name is only ever built from a request path that passed path_is_safe(): segments
 * of [A-Za-z0-9_.-] that do not start with a dot, so no "..", no hidden files, no empty
 * segments.  Anything else is never looked up on disk. */
#include "static.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "json.h"
#include "../base/banned.h"

#define PATH_MAX_LEN	  512
#define SEGMENT_MAX_LEN	  128
#define SEGMENT_MAX_COUNT 8

static const char csp[] = "default-src 'self'; img-src 'self' data: blob:; "
			  "style-src 'self' 'unsafe-inline'; connect-src 'self'; "
			  "frame-ancestors 'none'";

static const struct {
	const char *ext;
	const char *type;
} content_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"wasm", "application/wasm"},
};

static const char *content_type_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');

	if (dot)
		for (size_t i = 0; i < sizeof(content_types) / sizeof(content_types[0]); i++)
			if (strcasecmp(dot + 1, content_types[i].ext) == 0)
				return content_types[i].type;
	return "application/octet-stream";
}

static bool segment_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

/* Whether path may name a file under the web directory (see the top of this file). */
static bool path_is_safe(const char *path)
{
	size_t len = strlen(path), seg_len = 0;
	int segments = 0;

	if (path[0] != '/' || len < 2 || len > PATH_MAX_LEN)
		return false;
	for (const char *p = path + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			if (seg_len == 0 || seg_len > SEGMENT_MAX_LEN ||
			    ++segments > SEGMENT_MAX_COUNT)
				return false;
			if (*p == '\0')
				return true;
			seg_len = 0;
			continue;
		}
		if (!segment_char(*p) || (seg_len == 0 && *p == '.'))
			return false;
		seg_len++;
	}
}

/* Whether any segment of path is "." or "..", however the path is otherwise spelled. */
static bool path_has_dot_segment(const char *path)
{
	for (const char *p = path; *p; p++) {
		if (*p != '/' && *p != '\\')
			continue;
		const char *s = p + 1;
		size_t n = strcspn(s, "/\\");

		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return true;
	}
	return strncmp(path, "..", 2) == 0;
}

static bool is_regular_file(const char *file, struct stat *st)
{
	return stat(file, st) == 0 && S_ISREG(st->st_mode);
}

bool static_available(const char *dir)
{
	char file[PATH_MAX_LEN * 2];
	struct stat st;
	int n;

	if (!dir || !*dir)
		return false;
	n = snprintf(file, sizeof(file), "%s/index.html", dir);
	return n > 0 && (size_t)n < sizeof(file) && is_regular_file(file, &st);
}

/* Whether a q parameter's value, starting at v, is zero ("0", "0.", "0.000"). */
static bool q_is_zero(const char *v)
{
	if (*v++ != '0')
		return false;
	if (*v == '.')
		while (*++v == '0')
			;
	return !*v || *v == ',' || *v == ';' || *v == ' ' || *v == '\t';
}

/* Whether an Accept-Encoding header admits coding: named without q=0, or not named and a
 * "*" without q=0 (RFC 9110, 12.5.3).  No header admits nothing but the identity. */
static bool accepts(const char *header, const char *coding)
{
	const char *h = header;
	size_t n = strlen(coding);
	int named = -1, star = -1; /* -1 not seen, 0 refused (q=0), 1 admitted */

	while (h && *h) {
		while (*h == ' ' || *h == '\t' || *h == ',')
			h++;
		const char *tok = h;

		while (*h && *h != ',' && *h != ';' && *h != ' ' && *h != '\t')
			h++;
		size_t len = (size_t)(h - tok);
		bool zero = false;

		while (*h && *h != ',') { /* parameters: only q matters */
			if (*h == ';') {
				h++;
				while (*h == ' ' || *h == '\t')
					h++;
				if ((*h == 'q' || *h == 'Q') && h[1] == '=')
					zero = q_is_zero(h + 2);
			} else {
				h++;
			}
		}
		if (len == n && strncasecmp(tok, coding, n) == 0)
			named = !zero;
		else if (len == 1 && *tok == '*')
			star = !zero;
	}
	return named >= 0 ? named == 1 : star == 1;
}

/* The precompressed copies the build writes beside a file (web/scripts/precompress.mjs),
 * best first. */
static const struct {
	const char *coding, *ext;
} precompressed[] = {{"br", ".br"}, {"gzip", ".gz"}};

/* Replies with the file (already checked to be a regular file of st's size), or with its
 * precompressed copy when the client accepts that coding. */
static void reply_file(struct request *r, const char *file, const struct stat *st,
		       const char *cache_control)
{
	const char *ae = req_header(r, "Accept-Encoding");
	const char *coding = NULL, *sent = file;
	struct stat cst;

	for (size_t i = 0; i < sizeof(precompressed) / sizeof(precompressed[0]) && ae; i++) {
		const char *copy = arena_printf(&r->arena, "%s%s", file, precompressed[i].ext);

		if (accepts(ae, precompressed[i].coding) && is_regular_file(copy, &cst)) {
			coding = precompressed[i].coding;
			sent = copy;
			st = &cst;
			break;
		}
	}
	const char *etag =
	    arena_printf(&r->arena, "\"%llx-%llx%s%s\"", (unsigned long long)st->st_size,
			 (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL +
			     (unsigned long long)st->st_mtim.tv_nsec,
			 coding ? "-" : "", coding ? coding : "");
	const char *inm = req_header(r, "If-None-Match");

	r->content_type = content_type_of(file);
	req_add_header(r, "Cache-Control", cache_control);
	req_add_header(r, "ETag", etag);
	req_add_header(r, "Vary", "Accept-Encoding");
	if (coding)
		req_add_header(r, "Content-Encoding", coding);
	req_add_header(r, "Content-Security-Policy", csp);
	req_add_header(r, "Referrer-Policy", "same-origin");
	if (inm && strcmp(inm, etag) == 0) {
		r->status = 304;
		return;
	}
	r->file_path = sent;
	r->file_size = (uint64_t)st->st_size;
	r->status = 200;
}

/* The apps built into dir: a path under an app's prefix is a page of that app (its own
 * entry, so home customers on the portal never download the staff app); any other is the
 * staff app's. */
static const struct {
	const char *prefix, *page;
} apps[] = {{"/portal", "portal.html"}, {NULL, "index.html"}};

static const char *app_page(const char *path)
{
	int i = 0;

	for (; apps[i].prefix; i++) {
		size_t n = strlen(apps[i].prefix);

		if (!strncmp(path, apps[i].prefix, n) && (path[n] == '\0' || path[n] == '/'))
			break;
	}
	return apps[i].page;
}

static void reply_index(struct request *r, const char *dir)
{
	const char *file = arena_printf(&r->arena, "%s/%s", dir, app_page(r->path));
	struct stat st;

	if (!is_regular_file(file, &st)) {
		err_set(&r->err, ERR_NOT_FOUND, NULL, "the web UI is not built (no %s)", file);
		reply_error(r);
		return;
	}
	reply_file(r, file, &st, "no-cache");
}

void static_serve(struct request *r, const char *dir)
{
	const char *path = r->path;
	bool asset = strncmp(path, "/assets/", 8) == 0;
	struct stat st;

	if (path_has_dot_segment(path)) {
		err_set(&r->err, ERR_BAD_REQUEST, NULL, "the path may not contain '.' or '..'");
		reply_error(r);
		return;
	}
	if (strcmp(path, "/") == 0 || strcmp(path, "/index.html") == 0) {
		reply_index(r, dir);
		return;
	}
	if (path_is_safe(path)) {
		const char *file = arena_printf(&r->arena, "%s%s", dir, path);

		if (is_regular_file(file, &st)) {
			reply_file(r, file, &st,
				   asset ? "public, max-age=31536000, immutable" : "no-cache");
			return;
		}
	}
	if (asset) { /* a missing asset is an error, not a page of the app */
		err_set(&r->err, ERR_NOT_FOUND, NULL, "no such file: %s", path);
		reply_error(r);
		return;
	}
	reply_index(r, dir); /* a deep link into the app */
}
