/* SMTP through libcurl; see smtp.h.  The message is built whole in memory (RFC 5322 with
 * CRLF line ends and dot-safe lines left to curl), then handed to curl's read callback. */
#include "smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../base/strbuf.h"
#include "../base/banned.h"

struct reader {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct reader *r = arg;
	size_t want = size * n;

	if (want > r->left)
		want = r->left;
	memcpy(buf, r->p, want);
	r->p += want;
	r->left -= want;
	return want;
}

static bool ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* A header value: as is when ASCII, else an RFC 2047 encoded word in base64. */
static void header_value(struct strbuf *sb, const char *v)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(v);

	if (ascii(v)) {
		for (const char *p = v; *p; p++)
			if (*p != '\r' && *p != '\n')
				strbuf_putf(sb, "%c", *p);
		return;
	}
	strbuf_puts(sb, "=?UTF-8?B?");
	for (size_t i = 0; i < n; i += 3) {
		unsigned v0 = (unsigned char)v[i];
		unsigned v1 = i + 1 < n ? (unsigned char)v[i + 1] : 0;
		unsigned v2 = i + 2 < n ? (unsigned char)v[i + 2] : 0;
		unsigned w = v0 << 16 | v1 << 8 | v2;

		strbuf_putf(sb, "%c%c%c%c", b64[w >> 18 & 63], b64[w >> 12 & 63],
			    i + 1 < n ? b64[w >> 6 & 63] : '=', i + 2 < n ? b64[w & 63] : '=');
	}
	strbuf_puts(sb, "?=");
}

int smtp_send(const struct smtp_message *m, char *err, size_t errlen)
{
	struct strbuf msg;
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	CURL *curl;
	struct curl_slist *rcpt = NULL;
	char curl_err[CURL_ERROR_SIZE] = "";
	int rc = -1;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	strbuf_init(&msg, 0);
	strbuf_putf(&msg, "Date: %s\r\nFrom: ", date);
	header_value(&msg, m->from);
	strbuf_puts(&msg, "\r\nTo: ");
	header_value(&msg, m->to);
	strbuf_puts(&msg, "\r\nSubject: ");
	header_value(&msg, m->subject);
	strbuf_putf(&msg,
		    "\r\nMessage-ID: <%s>\r\nMIME-Version: 1.0\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: 8bit\r\n\r\n",
		    m->message_id);
	for (const char *p = m->body; *p; p++) {
		if (*p == '\n' && (p == m->body || p[-1] != '\r'))
			strbuf_puts(&msg, "\r\n");
		else
			strbuf_putf(&msg, "%c", *p);
	}
	strbuf_puts(&msg, "\r\n");

	curl = curl_easy_init();
	if (!curl) {
		snprintf(err, errlen, "curl could not start");
		goto out;
	}
	struct reader r = {msg.buf, msg.len};

	rcpt = curl_slist_append(rcpt, m->to);
	curl_easy_setopt(curl, CURLOPT_URL, m->url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, m->from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &r);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
	if (m->starttls)
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (m->username && *m->username) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, m->username);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, m->password ? m->password : "");
	}
	CURLcode cc = curl_easy_perform(curl);

	if (cc == CURLE_OK)
		rc = 0;
	else
		snprintf(err, errlen, "%s", curl_err[0] ? curl_err : curl_easy_strerror(cc));
out:
	curl_slist_free_all(rcpt);
	if (curl)
		curl_easy_cleanup(curl);
	strbuf_release(&msg);
	return rc;
}
