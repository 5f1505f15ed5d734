/* The files backend on S3-compatible object storage (files.h): AWS S3, Supabase Storage's S3
 * endpoint, MinIO.  Every request is signed by libcurl's built-in AWS SigV4
 * (CURLOPT_AWS_SIGV4 "aws:amz:REGION:s3"), with the payload's SHA-256 sent as
 * x-amz-content-sha256, so the store itself checks that the bytes arrived whole.
 *
 * Objects are PREFIX/files/SHA and PREFIX/thumbs/SHA.jpg.  A PUT is preceded by a HEAD: the
 * same bytes are stored once, and a PUT of a key is idempotent anyway, so two ticketd storing
 * the same photo at once both succeed.  A download is streamed: the transfer runs on a curl
 * multi handle driven from the reply's read callback, and pauses while its buffer (a few
 * curl writes, about 64 KiB) is full, so a 10 MB photo never sits whole in memory. */
#include "files.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../base/log.h"
#include "../../base/strbuf.h"
#include "../../base/banned.h"

#define STREAM_BUF  (64u << 10)
#define ERRBODY_MAX 4096

static const char *const key_dirs[FILES_KIND__MAX] = {"files", "thumbs"};
static const char *const key_suffixes[FILES_KIND__MAX] = {"", ".jpg"};

struct s3 {
	char *label;  /* s3://BUCKET/PREFIX at ENDPOINT, for logs and messages */
	char *bucket; /* the bucket's name */
	char *base;   /* URL of the bucket, no trailing slash: http://host/BUCKET (path style) or
			 https://BUCKET.host (virtual-host style) */
	char *prefix; /* "" or "some/prefix/" */
	char *sigv4;  /* "aws:amz:REGION:s3" */
	char *key_id, *secret;
	char *token_header; /* "x-amz-security-token: ..." or NULL */
	/* What every request's handle shares (CURLOPT_SHARE): the open connections, DNS answers
	 * and TLS sessions, so a photo's upload or download reuses a connection to the store
	 * instead of opening (and, over https, negotiating) a new one each time.  Handles run
	 * on many threads at once: one lock per kind of data shared. */
	CURLSH *share;
	pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
	bool locks_ready;
};

static void share_lock(CURL *c, curl_lock_data data, curl_lock_access access, void *arg)
{
	struct s3 *s = arg;

	(void)c;
	(void)access;
	pthread_mutex_lock(&s->locks[data]);
}

static void share_unlock(CURL *c, curl_lock_data data, void *arg)
{
	struct s3 *s = arg;

	(void)c;
	pthread_mutex_unlock(&s->locks[data]);
}

/* The share every handle joins; false when libcurl cannot make one (then each request opens
 * its own connection, as before). */
static bool share_start(struct s3 *s)
{
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&s->locks[i], NULL);
	s->locks_ready = true;
	s->share = curl_share_init();
	if (!s->share)
		return false;
	if (curl_share_setopt(s->share, CURLSHOPT_LOCKFUNC, share_lock) != CURLSHE_OK ||
	    curl_share_setopt(s->share, CURLSHOPT_UNLOCKFUNC, share_unlock) != CURLSHE_OK ||
	    curl_share_setopt(s->share, CURLSHOPT_USERDATA, s) != CURLSHE_OK ||
	    curl_share_setopt(s->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK ||
	    curl_share_setopt(s->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
	    curl_share_setopt(s->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) !=
		CURLSHE_OK) {
		curl_share_cleanup(s->share);
		s->share = NULL;
		return false;
	}
	return true;
}

/* Decodes %XX in place; false on a malformed escape. */
static bool pct_decode(char *s)
{
	char *o = s;

	for (char *p = s; *p; p++) {
		if (*p != '%') {
			*o++ = *p;
			continue;
		}
		unsigned v;

		if (!p[1] || !p[2] || sscanf(p + 1, "%2x", &v) != 1 || !v)
			return false;
		*o++ = (char)v;
		p += 2;
	}
	*o = '\0';
	return true;
}

static bool bucket_ok(const char *b)
{
	size_t n = strlen(b);

	if (n < 3 || n > 63)
		return false;
	for (const char *p = b; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '.'))
			return false;
	return true;
}

static bool prefix_ok(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("-_./", *p)))
			return false;
	return !strstr(s, "..") && !strstr(s, "//");
}

static void s3_close(void *state)
{
	struct s3 *s = state;

	if (!s)
		return;
	if (s->share)
		curl_share_cleanup(s->share); /* every handle using it is gone by now */
	if (s->locks_ready)
		for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
			pthread_mutex_destroy(&s->locks[i]);
	free(s->label);
	free(s->bucket);
	free(s->base);
	free(s->prefix);
	free(s->sigv4);
	free(s->key_id);
	if (s->secret)
		sodium_memzero(s->secret, strlen(s->secret));
	free(s->secret);
	free(s->token_header);
	free(s);
}

static char *printf_dup(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *printf_dup(const char *fmt, ...)
{
	va_list ap;
	char *out = NULL;

	va_start(ap, fmt);
	if (vasprintf(&out, fmt, ap) < 0)
		out = NULL;
	va_end(ap);
	return out;
}

/* spec: BUCKET[/PREFIX][?endpoint=URL&region=R&style=path|virtual] */
static enum err_code s3_open(const char *spec, void **state, struct error *e)
{
	char *copy = strdup(spec), *query, *slash, *endpoint = NULL, *region = NULL, *style = NULL;
	const char *key = getenv("AWS_ACCESS_KEY_ID"), *secret = getenv("AWS_SECRET_ACCESS_KEY");
	const char *token = getenv("AWS_SESSION_TOKEN");
	struct s3 *s = calloc(1, sizeof(*s));
	enum err_code rc = ERR_OK;
	bool virtual_host;

	if (!copy || !s) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	query = strchr(copy, '?');
	if (query)
		*query++ = '\0';
	for (char *kv = query, *next; kv && *kv; kv = next) {
		char *eq;

		next = strchr(kv, '&');
		if (next)
			*next++ = '\0';
		eq = strchr(kv, '=');
		if (!eq || !pct_decode(eq + 1)) {
			rc = err_set(e, ERR_INVALID, "files", "s3 URL: bad parameter '%.40s'", kv);
			goto out;
		}
		*eq = '\0';
		if (!strcmp(kv, "endpoint"))
			endpoint = eq + 1;
		else if (!strcmp(kv, "region"))
			region = eq + 1;
		else if (!strcmp(kv, "style"))
			style = eq + 1;
		else {
			rc = err_set(e, ERR_INVALID, "files",
				     "s3 URL: unknown parameter '%.40s' (endpoint, region, style)",
				     kv);
			goto out;
		}
	}
	slash = strchr(copy, '/');
	if (slash)
		*slash++ = '\0';
	while (slash && *slash == '/')
		slash++;
	if (slash) {
		size_t n = strlen(slash);

		while (n && slash[n - 1] == '/')
			slash[--n] = '\0';
	}
	if (!bucket_ok(copy) || (slash && !prefix_ok(slash))) {
		rc = err_set(
		    e, ERR_INVALID, "files",
		    "s3 URL: '%.63s' is not a bucket name (3-63 of a-z 0-9 . -) or the prefix "
		    "has other characters than A-Z a-z 0-9 - _ . /",
		    copy);
		goto out;
	}
	if (!region || !*region)
		region = getenv("AWS_REGION");
	if (!region || !*region)
		region = "us-east-1";
	if (style && strcmp(style, "path") && strcmp(style, "virtual")) {
		rc = err_set(e, ERR_INVALID, "files", "s3 URL: style is path or virtual");
		goto out;
	}
	/* Path style for a given endpoint (MinIO, Supabase, s3rver answer it and may not have a
	 * DNS name per bucket); virtual-host style for AWS itself, which is retiring path style. */
	virtual_host = style ? !strcmp(style, "virtual") : !endpoint;
	if (endpoint) {
		size_t n = strlen(endpoint);

		while (n && endpoint[n - 1] == '/')
			endpoint[--n] = '\0';
		if (strncmp(endpoint, "http://", 7) && strncmp(endpoint, "https://", 8)) {
			rc = err_set(e, ERR_INVALID, "files",
				     "s3 URL: endpoint must be an http:// or https:// URL");
			goto out;
		}
	}
	if (!key || !*key || !secret || !*secret) {
		rc = err_set(e, ERR_INVALID, "files",
			     "s3 files need AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the "
			     "environment");
		goto out;
	}
	const char *ep = endpoint;
	char *aws = NULL;

	if (!ep) {
		aws = printf_dup("https://s3.%s.amazonaws.com", region);
		ep = aws;
	}
	if (virtual_host) {
		const char *host = strstr(ep, "://") + 3;

		s->base = printf_dup("%.*s%s.%s", (int)(host - ep), ep, copy, host);
	} else {
		s->base = printf_dup("%s/%s", ep, copy);
	}
	s->label = printf_dup("s3://%s%s%s at %s", copy, slash && *slash ? "/" : "",
			      slash ? slash : "", ep);
	free(aws);
	s->bucket = strdup(copy);
	s->prefix = printf_dup("%s%s", slash && *slash ? slash : "", slash && *slash ? "/" : "");
	s->sigv4 = printf_dup("aws:amz:%s:s3", region);
	s->key_id = strdup(key);
	s->secret = strdup(secret);
	s->token_header = token && *token ? printf_dup("x-amz-security-token: %s", token) : NULL;
	if (!s->base || !s->label || !s->bucket || !s->prefix || !s->sigv4 || !s->key_id ||
	    !s->secret || (token && *token && !s->token_header)) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		rc = err_set(e, ERR_INTERNAL, NULL, "libcurl failed to start");
		goto out;
	}
	if (!share_start(s))
		log_warn("files: %s: libcurl cannot share connections; each request opens its own",
			 s->label);
out:
	free(copy);
	if (rc) {
		s3_close(s);
		s = NULL;
	}
	*state = s;
	return rc;
}

static const char *s3_describe(void *state)
{
	return ((struct s3 *)state)->label;
}

static const char *key_url(struct arena *a, const struct s3 *s, enum files_kind k, const char *sha)
{
	return arena_printf(a, "%s/%s%s/%s%s", s->base, s->prefix, key_dirs[k], sha,
			    key_suffixes[k]);
}

/* One request's answer: its status and, for errors, the start of the body. */
struct answer {
	long status;
	struct strbuf body; /* capped: only error bodies (XML) are kept */
};

static size_t keep_body(char *p, size_t size, size_t n, void *arg)
{
	struct answer *an = arg;

	(void)!strbuf_add(&an->body, p, size * n); /* past the cap the rest is dropped */
	return size * n;
}

/* The SHA-256 of no bytes: the payload hash of a GET, HEAD or DELETE. */
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A handle for one signed request to url, with its headers in *h (the caller frees both).
 * payload_sha is the hex SHA-256 of the body sent: S3 wants it in x-amz-content-sha256 of
 * every request signed in a header, and checks the body against it. */
static CURL *handle(const struct s3 *s, struct arena *a, const char *url, const char *payload_sha,
		    struct curl_slist **h)
{
	CURL *c = curl_easy_init();

	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (s->share)
		curl_easy_setopt(c, CURLOPT_SHARE, s->share);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERNAME, s->key_id);
	curl_easy_setopt(c, CURLOPT_PASSWORD, s->secret);
	curl_easy_setopt(c, CURLOPT_AWS_SIGV4, s->sigv4);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	/* Give up on a transfer that moves less than 1 KiB/s for 30 s (a paused one is not
	 * judged: libcurl skips the check while the transfer is paused). */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 30L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ticketd");
	/* No "Expect:" to turn off 100-continue: libcurl 7.88 would sign the header it then
	 * leaves out, and the store refuses the signature.  The Expect it adds for a large
	 * body is added after signing. */
	*h = curl_slist_append(NULL, arena_printf(a, "x-amz-content-sha256: %s", payload_sha));
	if (*h && s->token_header && !curl_slist_append(*h, s->token_header)) {
		curl_slist_free_all(*h);
		*h = NULL;
	}
	if (!*h) {
		curl_easy_cleanup(c);
		return NULL;
	}
	curl_easy_setopt(c, CURLOPT_EXPECT_100_TIMEOUT_MS, 200L);
	return c;
}

/* The <Code> of an S3 error body, or "" (a HEAD has no body). */
static const char *error_code(struct arena *a, const struct strbuf *body)
{
	const char *p = strstr(body->buf, "<Code>"), *q;

	if (!p)
		return "";
	p += 6;
	q = strstr(p, "</Code>");
	if (!q || q - p > 64)
		return "";
	return arena_printf(a, "%.*s", (int)(q - p), p);
}

/* Turns a failed request into an error: what names the action ("storing a file"). */
static enum err_code failed(const struct s3 *s, struct arena *a, const char *what, CURLcode cc,
			    const struct answer *an, struct error *e)
{
	const char *code = error_code(a, &an->body);

	if (cc != CURLE_OK) {
		log_warn("files: %s: %s: %s", s->label, what, curl_easy_strerror(cc));
		return err_set(e, ERR_UNAVAILABLE, NULL,
			       "the file store is unreachable (%s) while %s; try again later",
			       curl_easy_strerror(cc), what);
	}
	if (an->status == 404 && strcmp(code, "NoSuchBucket"))
		return err_set(e, ERR_NOT_FOUND, NULL, "no such file in the file store");
	log_warn("files: %s: %s: HTTP %ld %s", s->label, what, an->status, code);
	if (an->status == 401 || an->status == 403)
		return err_set(e, ERR_UNAVAILABLE, NULL,
			       "the file store refused ticketd's keys (HTTP %ld%s%s) while %s: "
			       "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
			       an->status, *code ? " " : "", code, what);
	if (an->status == 404)
		return err_set(e, ERR_UNAVAILABLE, NULL,
			       "the file store has no bucket '%s' (while %s)", s->bucket, what);
	if (an->status >= 500)
		return err_set(e, ERR_UNAVAILABLE, NULL,
			       "the file store failed (HTTP %ld%s%s) while %s; try again later",
			       an->status, *code ? " " : "", code, what);
	return err_set(e, ERR_INTERNAL, NULL, "the file store answered HTTP %ld%s%s while %s",
		       an->status, *code ? " " : "", code, what);
}

/* Runs a request without a streamed body; *an gets the status and error body. */
static CURLcode perform(CURL *c, struct curl_slist *h, struct answer *an)
{
	CURLcode cc;

	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, an);
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &an->status);
	return cc;
}

static enum err_code s3_probe(void *state, struct error *e)
{
	struct s3 *s = state;
	struct arena a;
	struct answer an = {0};
	struct curl_slist *h = NULL;
	CURL *c;
	CURLcode cc;
	enum err_code rc = ERR_OK;

	arena_init(&a);
	strbuf_init(&an.body, ERRBODY_MAX);
	c = handle(s, &a, arena_printf(&a, "%s/", s->base), EMPTY_SHA256, &h);
	if (!c) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 15L);
	cc = perform(c, h, &an);
	if (cc != CURLE_OK || an.status != 200)
		rc = failed(s, &a, "checking the bucket", cc, &an, e);
	if (rc == ERR_NOT_FOUND) /* a HEAD has no body to tell NoSuchBucket by */
		rc = err_set(e, ERR_UNAVAILABLE, NULL, "the file store has no bucket '%s'",
			     s->bucket);
out:
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	strbuf_release(&an.body);
	arena_free(&a);
	return rc;
}

static enum err_code s3_put(void *state, struct arena *a, enum files_kind k, const char *sha,
			    const char *mime, const void *data, size_t len, bool *created,
			    struct error *e)
{
	struct s3 *s = state;
	const char *url = key_url(a, s, k, sha);
	struct answer an = {0};
	struct curl_slist *h = NULL;
	CURL *c = handle(s, a, url, EMPTY_SHA256, &h);
	CURLcode cc;
	curl_off_t have = -1;
	enum err_code rc = ERR_OK;
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[SHA256_HEX_LEN + 1];

	strbuf_init(&an.body, ERRBODY_MAX);
	if (!c) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	/* Stored already?  Then once is enough. */
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	cc = perform(c, h, &an);
	if (cc == CURLE_OK && an.status == 200 &&
	    curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &have) == CURLE_OK &&
	    have == (curl_off_t)len)
		goto out;
	if (cc != CURLE_OK || (an.status != 200 && an.status != 404)) {
		rc = failed(s, a, "storing a file", cc, &an, e);
		goto out;
	}
	/* The payload's hash, signed and checked by the store: an original's is its name. */
	if (k == FILES_ORIGINAL) {
		memcpy(hex, sha, sizeof(hex));
	} else {
		crypto_hash_sha256(hash, data, len);
		sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	c = handle(s, a, url, hex, &h);
	struct curl_slist *more =
	    c ? curl_slist_append(h, arena_printf(a, "Content-Type: %s", mime)) : NULL;

	if (!more) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	strbuf_reset(&an.body);
	an.status = 0;
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	cc = perform(c, h, &an);
	if (cc != CURLE_OK || an.status != 200) {
		rc = failed(s, a, "storing a file", cc, &an, e);
		if (rc == ERR_NOT_FOUND)
			rc = err_set(e, ERR_UNAVAILABLE, NULL, "the file store has no bucket '%s'",
				     s->bucket);
		goto out;
	}
	*created = true;
out:
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	strbuf_release(&an.body);
	return rc;
}

static void s3_remove(void *state, struct arena *a, const char *sha)
{
	struct s3 *s = state;

	for (int k = 0; k < FILES_KIND__MAX; k++) {
		struct answer an = {0};
		struct curl_slist *h = NULL;
		CURL *c = handle(s, a, key_url(a, s, (enum files_kind)k, sha), EMPTY_SHA256, &h);
		CURLcode cc;

		strbuf_init(&an.body, ERRBODY_MAX);
		if (c) {
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
			cc = perform(c, h, &an);
			if (cc != CURLE_OK ||
			    (an.status != 204 && an.status != 200 && an.status != 404))
				log_warn("files: %s: cannot remove %.12s...: %s %ld", s->label, sha,
					 curl_easy_strerror(cc), an.status);
		}
		curl_slist_free_all(h);
		curl_easy_cleanup(c);
		strbuf_release(&an.body);
	}
}

/* --- the start-up sweep ----------------------------------------------------------------- */

#define LIST_BODY_MAX (8u << 20) /* one page of ListObjectsV2: 1,000 keys, some 300 KB */

/* The text of the first <tag>...</tag> at or after p, before end, into out (at most len);
 * where it ends in *next.  False when there is none. */
static bool xml_text(const char *p, const char *end, const char *tag, char *out, size_t len,
		     const char **next)
{
	char open[48], close[48];
	const char *a, *b;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = strstr(p, open);
	if (!a || a >= end)
		return false;
	a += strlen(open);
	b = strstr(a, close);
	if (!b || b > end || (size_t)(b - a) >= len)
		return false;
	memcpy(out, a, (size_t)(b - a));
	out[b - a] = '\0';
	if (next)
		*next = b + strlen(close);
	return true;
}

/* An S3 timestamp (2026-12-07T10:15:00.000Z) as Unix seconds; -1 when it is not one. */
static int64_t s3_time(const char *v)
{
	struct tm tm = {0};
	int y, mo, d, h, mi, sec;

	if (sscanf(v, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) != 6)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return (int64_t)timegm(&tm);
}

/* The SHA-256 a key names, for a key of kind k under the prefix ("files/<sha>",
 * "thumbs/<sha>.jpg"), into sha; false for any other key (never touched). */
static bool key_sha(const struct s3 *s, enum files_kind k, const char *key, char *sha)
{
	size_t pl = strlen(s->prefix), dl = strlen(key_dirs[k]), sl = strlen(key_suffixes[k]);

	if (strncmp(key, s->prefix, pl) || strncmp(key + pl, key_dirs[k], dl) ||
	    key[pl + dl] != '/')
		return false;
	key += pl + dl + 1;
	if (strlen(key) != SHA256_HEX_LEN + sl || strcmp(key + SHA256_HEX_LEN, key_suffixes[k]))
		return false;
	for (int i = 0; i < SHA256_HEX_LEN; i++)
		if (!((key[i] >= '0' && key[i] <= '9') || (key[i] >= 'a' && key[i] <= 'f')))
			return false;
	memcpy(sha, key, SHA256_HEX_LEN);
	sha[SHA256_HEX_LEN] = '\0';
	return true;
}

/* Deletes one key; whether the store said it is gone. */
static bool delete_key(const struct s3 *s, struct arena *a, enum files_kind k, const char *sha)
{
	struct answer an = {0};
	struct curl_slist *h = NULL;
	CURL *c = handle(s, a, key_url(a, s, k, sha), EMPTY_SHA256, &h);
	bool ok = false;

	strbuf_init(&an.body, ERRBODY_MAX);
	if (c) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "DELETE");
		ok = perform(c, h, &an) == CURLE_OK && (an.status == 204 || an.status == 200);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	strbuf_release(&an.body);
	return ok;
}

/* files_ops.sweep: lists each kind's keys (ListObjectsV2, a page of up to 1,000 at a time)
 * and deletes those whose file no row refers to and that were stored more than grace_s
 * ago.  A PUT is whole or absent on S3, so there are no partial writes to look for.  A page
 * that cannot be listed ends the sweep of its kind with a warning: nothing is deleted on a
 * guess. */
static void s3_sweep(void *state, int64_t grace_s, bool (*used)(void *arg, const char *sha),
		     void *arg, int *removed)
{
	struct s3 *s = state;
	int64_t now = (int64_t)time(NULL);

	for (int k = 0; k < FILES_KIND__MAX; k++) {
		char token[1024] = "";
		bool more = true;

		while (more) {
			struct arena a;
			struct answer an = {0};
			struct curl_slist *h = NULL;
			char *enc = NULL;
			CURL *c;

			arena_init(&a);
			strbuf_init(&an.body, LIST_BODY_MAX);
			c = handle(s, &a, "", EMPTY_SHA256, &h);
			if (c && *token)
				enc = curl_easy_escape(c, token, 0);
			more = false;
			if (c) {
				curl_easy_setopt(c, CURLOPT_URL,
						 arena_printf(&a,
							      "%s/?list-type=2&prefix=%s%s/%s%s",
							      s->base, s->prefix, key_dirs[k],
							      enc ? "&continuation-token=" : "",
							      enc ? enc : ""));
				curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
			}
			if (!c || perform(c, h, &an) != CURLE_OK || an.status != 200) {
				log_warn("files: %s: cannot list %s/ to sweep it (%ld)", s->label,
					 key_dirs[k], an.status);
			} else {
				const char *p = an.body.buf, *end = p + an.body.len, *next;
				char key[512], when[64], sha[SHA256_HEX_LEN + 1];

				while (xml_text(p, end, "Key", key, sizeof(key), &next)) {
					p = next;
					if (!xml_text(p, end, "LastModified", when, sizeof(when),
						      &next))
						break;
					p = next;
					int64_t at = s3_time(when);

					if (!key_sha(s, (enum files_kind)k, key, sha) || at < 0 ||
					    now - at < grace_s || used(arg, sha))
						continue;
					if (delete_key(s, &a, (enum files_kind)k, sha))
						(*removed)++;
					else
						log_warn("files: %s: cannot remove %s", s->label,
							 key);
				}
				more = strstr(an.body.buf, "<IsTruncated>true</IsTruncated>") &&
				       xml_text(an.body.buf, end, "NextContinuationToken", token,
						sizeof(token), NULL);
			}
			curl_free(enc);
			curl_slist_free_all(h);
			curl_easy_cleanup(c);
			strbuf_release(&an.body);
			arena_free(&a);
		}
	}
}

/* --- streamed downloads ---------------------------------------------------------------- */

/* A GET in progress.  Bytes land in buf (filled only while it is empty, so len is what is
 * left to hand out from off); when a write does not fit, the transfer pauses until the
 * reader has taken what is there. */
struct stream {
	CURL *c;
	CURLM *m;
	struct curl_slist *h;
	char *buf;
	size_t cap, off, len;
	bool paused, headers_done, done;
	CURLcode result;
	long status;
	struct answer err; /* the body of a non-200 answer */
};

static size_t stream_header(char *p, size_t size, size_t n, void *arg)
{
	struct stream *st = arg;

	/* The blank line ends a header block; a 1xx block is followed by the real one. */
	if (size * n <= 2 && (p[0] == '\r' || p[0] == '\n')) {
		curl_easy_getinfo(st->c, CURLINFO_RESPONSE_CODE, &st->status);
		if (st->status >= 200)
			st->headers_done = true;
	}
	return size * n;
}

static size_t stream_write(char *p, size_t size, size_t n, void *arg)
{
	struct stream *st = arg;
	size_t bytes = size * n;

	if (st->status != 200)
		return keep_body(p, size, n, &st->err);
	if (st->cap - st->len < bytes) {
		if (st->len) {
			st->paused = true;
			return CURL_WRITEFUNC_PAUSE;
		}
		/* A single write larger than the whole buffer (libcurl hands out at most
		 * CURL_MAX_WRITE_SIZE, unless paused data piled up): make room for it. */
		char *bigger = realloc(st->buf, bytes);

		if (!bigger)
			return 0; /* ends the transfer with an error */
		st->buf = bigger;
		st->cap = bytes;
	}
	memcpy(st->buf + st->len, p, bytes);
	st->len += bytes;
	return bytes;
}

/* Moves the transfer on until there are bytes to hand out, the headers are in (when
 * until_headers), or it ends. */
static void stream_pump(struct stream *st, bool until_headers)
{
	while (!st->done && !(until_headers ? st->headers_done : st->len > 0)) {
		int running = 0, left;
		CURLMsg *msg;

		if (st->paused) {
			st->paused = false;
			curl_easy_pause(st->c, CURLPAUSE_CONT); /* may write at once */
			continue;
		}
		if (curl_multi_perform(st->m, &running) != CURLM_OK) {
			st->result = CURLE_FAILED_INIT;
			st->done = true;
			break;
		}
		while ((msg = curl_multi_info_read(st->m, &left)))
			if (msg->msg == CURLMSG_DONE) {
				st->result = msg->data.result;
				st->done = true;
			}
		if (!st->done && !(until_headers ? st->headers_done : st->len > 0) && !st->paused)
			curl_multi_poll(st->m, NULL, 0, 1000, NULL);
	}
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *st = cls;
	size_t n;

	(void)pos; /* read in order: libmicrohttpd asks for each byte once, in sequence */
	if (!st->len) {
		st->off = 0;
		stream_pump(st, false);
	}
	if (!st->len)
		return -1; /* ended before Content-Length bytes: a broken transfer */
	n = st->len < max ? st->len : max;
	memcpy(out, st->buf + st->off, n);
	st->off += n;
	st->len -= n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *st = cls;

	if (!st)
		return;
	if (st->m && st->c)
		curl_multi_remove_handle(st->m, st->c);
	curl_easy_cleanup(st->c);
	curl_multi_cleanup(st->m);
	curl_slist_free_all(st->h);
	strbuf_release(&st->err.body);
	free(st->buf);
	free(st);
}

static enum err_code s3_get(void *state, struct arena *a, enum files_kind k, const char *sha,
			    struct files_body *out, struct error *e)
{
	struct s3 *s = state;
	struct stream *st = calloc(1, sizeof(*st));
	curl_off_t size = -1;
	enum err_code rc = ERR_OK;

	if (!st)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	strbuf_init(&st->err.body, ERRBODY_MAX);
	st->cap = STREAM_BUF;
	st->buf = malloc(st->cap);
	st->c = handle(s, a, key_url(a, s, k, sha), EMPTY_SHA256, &st->h);
	st->m = curl_multi_init();
	if (!st->buf || !st->c || !st->m) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	curl_easy_setopt(st->c, CURLOPT_HTTPHEADER, st->h);
	curl_easy_setopt(st->c, CURLOPT_HEADERFUNCTION, stream_header);
	curl_easy_setopt(st->c, CURLOPT_HEADERDATA, st);
	curl_easy_setopt(st->c, CURLOPT_WRITEFUNCTION, stream_write);
	curl_easy_setopt(st->c, CURLOPT_WRITEDATA, st);
	curl_multi_add_handle(st->m, st->c);
	stream_pump(st, true);
	if (st->status != 200) {
		while (!st->done) /* the rest of an error body (small, capped) */
			stream_pump(st, false);
		st->err.status = st->status;
		rc =
		    failed(s, a, "reading a file", st->status ? CURLE_OK : st->result, &st->err, e);
		goto out;
	}
	if (curl_easy_getinfo(st->c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &size) != CURLE_OK ||
	    size < 0) {
		rc = err_set(e, ERR_INTERNAL, NULL, "the file store sent no Content-Length");
		goto out;
	}
	out->size = (uint64_t)size;
	out->read = stream_read;
	out->release = stream_free;
	out->cls = st;
	st = NULL;
out:
	stream_free(st);
	return rc;
}

const struct files_ops files_s3_ops = {
    .scheme = "s3://",
    .open = s3_open,
    .probe = s3_probe,
    .put = s3_put,
    .get = s3_get,
    .remove = s3_remove,
    .sweep = s3_sweep,
    .describe = s3_describe,
    .close = s3_close,
};
