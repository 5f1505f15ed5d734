/* gzip for replies; see gzip.h. */
#include "gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "../base/banned.h"

/* The q of one Accept-Encoding element ("gzip;q=0.5"), from its parameters; 1 when none. */
static double element_q(const char *params, const char *end)
{
	for (const char *p = params; p < end; p++) {
		if (*p != ';')
			continue;
		p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
			return strtod(p + 2, NULL);
	}
	return 1;
}

bool gzip_accepted(const char *v)
{
	double gzip = -1, star = -1;

	while (v && *v) {
		const char *end = strchr(v, ','), *name_end;

		if (!end)
			end = v + strlen(v);
		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		name_end = v;
		while (name_end < end && *name_end != ';' && *name_end != ' ' && *name_end != '\t')
			name_end++;
		size_t n = (size_t)(name_end - v);

		if ((n == 4 && !strncasecmp(v, "gzip", 4)) ||
		    (n == 6 && !strncasecmp(v, "x-gzip", 6)))
			gzip = element_q(name_end, end);
		else if (n == 1 && *v == '*')
			star = element_q(name_end, end);
		v = *end ? end + 1 : end;
	}
	return gzip >= 0 ? gzip > 0 : star > 0;
}

char *gzip_compress(const char *data, size_t len, size_t *out_len)
{
	z_stream z = {0};
	/* Level 1: a reply is compressed once and sent once; the faster level gives most of the
	 * saving (JSON repeats its keys) for a third of the time of the default. */
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, (uLong)len);
	char *out = malloc(cap);

	if (!out) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);

	*out_len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || *out_len >= len) {
		free(out);
		return NULL;
	}
	return out;
}
