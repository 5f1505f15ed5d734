/* Phone numbers; see phone.h. */
#include "phone.h"

#include <ctype.h>
#include <string.h>

#include "../base/banned.h"

bool phone_e164(const char *in, char *out)
{
	char d[40];
	size_t n = 0;
	bool international = false;
	const char *p = in;

	out[0] = '\0';
	if (!in)
		return false;
	while (*p && isspace((unsigned char)*p))
		p++;
	if (*p == '+') {
		international = true;
		p++;
	}
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= sizeof(d))
				return false;
			d[n++] = *p;
		} else if (!strchr(" -().\t", *p)) {
			return false;
		}
	}
	d[n] = '\0';
	const char *s = d;

	if (!international && n > 2 && s[0] == '0' && s[1] == '0') { /* 00 international prefix */
		s += 2;
		n -= 2;
		international = true;
	}
	if (!international && n == 11 && s[0] == '0' && s[1] != '0') {
		s++; /* India's trunk 0 */
		n--;
	}
	if (!international && n == 10 && s[0] != '0') {
		if (n + 3 > PHONE_E164_MAX)
			return false;
		out[0] = '9';
		out[1] = '1';
		memcpy(out + 2, s, n + 1);
		return true;
	}
	if (n < 8 || n > 15 || s[0] == '0')
		return false;
	memcpy(out, s, n + 1);
	return true;
}
