/* libmagic, libexif and GraphicsMagick behind media.h. */
#include "media.h"

#include <libexif/exif-data.h>
#include <magic.h>
#include <magick/api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/timefmt.h"
#include "../base/banned.h"

static const struct {
	const char *mime;
	bool image;
	const char *coder; /* GraphicsMagick's reader, NULL: none */
} accepted[] = {
    {"image/jpeg", true, "JPEG"}, {"image/png", true, "PNG"}, {"image/webp", true, "WEBP"},
    {"image/heic", true, NULL},	  {"image/heif", true, NULL}, {"application/pdf", false, NULL},
};
#define ACCEPTED_LEN (sizeof(accepted) / sizeof(accepted[0]))

/* One libmagic cookie for the process: its database is loaded once; calls on it are
 * serialised because a cookie is not thread-safe. */
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t cookie;
static bool magic_failed;

const char *media_sniff(const void *data, size_t len, char *found, size_t foundlen)
{
	const char *m = NULL;

	snprintf(found, foundlen, "unknown");
	pthread_mutex_lock(&magic_lock);
	if (!cookie && !magic_failed) {
		cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
		if (!cookie || magic_load(cookie, NULL) != 0)
			magic_failed = true;
	}
	if (cookie && !magic_failed)
		m = magic_buffer(cookie, data, len);
	if (m)
		snprintf(found, foundlen, "%s", m);
	pthread_mutex_unlock(&magic_lock);
	for (size_t i = 0; i < ACCEPTED_LEN; i++)
		if (!strcmp(found, accepted[i].mime))
			return accepted[i].mime;
	return NULL;
}

bool media_is_image(const char *mime)
{
	for (size_t i = 0; i < ACCEPTED_LEN; i++)
		if (mime && !strcmp(mime, accepted[i].mime))
			return accepted[i].image;
	return false;
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int64_t media_taken_at(const void *data, size_t len)
{
	ExifData *ed;
	ExifEntry *en;
	char v[64];
	int64_t t = 0;

	if (len > UINT32_MAX)
		return 0;
	ed = exif_data_new_from_data(data, (unsigned)len);
	if (!ed)
		return 0;
	en = exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
	if (!en)
		en = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_DATE_TIME);
	if (en) {
		exif_entry_get_value(en, v, sizeof(v));
		/* "YYYY:MM:DD HH:MM:SS", the camera's local time without a zone. */
		if (strlen(v) >= 19 && v[4] == ':' && v[7] == ':' && v[10] == ' ') {
			int y = digits(v, 4), mo = digits(v + 5, 2), d = digits(v + 8, 2);
			int h = digits(v + 11, 2), mi = digits(v + 14, 2), s = digits(v + 17, 2);

			if (y > 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 &&
			    h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61)
				t = local_time_at(days_from_civil(y, mo, d), h * 60 + mi) + s;
		}
	}
	exif_data_unref(ed);
	return t;
}

static pthread_once_t gm_once = PTHREAD_ONCE_INIT;

static void gm_init(void)
{
	InitializeMagick(NULL);
	/* A decompression bomb stops at 64 megapixels instead of eating the memory. */
	SetMagickResourceLimit(PixelsResource, 64u * 1000u * 1000u);
}

bool media_thumbnail(const void *data, size_t len, const char *mime, unsigned max_px, void **out,
		     size_t *outlen)
{
	const char *coder = NULL;
	ExceptionInfo ex;
	ImageInfo *ii;
	Image *img = NULL, *th = NULL, *oriented = NULL;
	void *blob = NULL;
	size_t n = 0;

	*out = NULL;
	*outlen = 0;
	for (size_t i = 0; i < ACCEPTED_LEN; i++)
		if (mime && !strcmp(mime, accepted[i].mime))
			coder = accepted[i].coder;
	if (!coder)
		return false;
	pthread_once(&gm_once, gm_init);
	GetExceptionInfo(&ex);
	ii = CloneImageInfo(NULL);
	/* Only the reader of the type libmagic found may run (affirm): no other coder sees
	 * the bytes. */
	snprintf(ii->magick, sizeof(ii->magick), "%s", coder);
	ii->affirm = MagickTrue;
	img = BlobToImage(ii, data, len, &ex);
	if (!img)
		goto out;
	oriented = AutoOrientImage(img, img->orientation, &ex);
	if (oriented) {
		DestroyImage(img);
		img = oriented;
	}
	double scale =
	    (double)max_px / (double)(img->columns > img->rows ? img->columns : img->rows);
	unsigned long w = img->columns, h = img->rows;

	if (scale < 1.0) {
		w = (unsigned long)(img->columns * scale + 0.5);
		h = (unsigned long)(img->rows * scale + 0.5);
	}
	th = ThumbnailImage(img, w ? w : 1, h ? h : 1, &ex);
	if (!th)
		goto out;
	snprintf(th->magick, sizeof(th->magick), "JPEG");
	snprintf(ii->magick, sizeof(ii->magick), "JPEG");
	ii->affirm = MagickFalse;
	ii->quality = 80;
	blob = ImageToBlob(ii, th, &n, &ex);
	if (blob && n) {
		*out = malloc(n);
		if (*out) {
			memcpy(*out, blob, n);
			*outlen = n;
		}
	}
	MagickFree(blob);
out:
	if (th)
		DestroyImage(th);
	if (img)
		DestroyImage(img);
	DestroyImageInfo(ii);
	DestroyExceptionInfo(&ex);
	return *out != NULL;
}
