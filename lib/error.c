/* error.c - the error record the library fills and binaries report. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crm.h"

/*
 * A message is one line: control characters from quoted input values are
 * written as escapes, and a value too long for the message is cut.
 */
static void
one_line(char *msg, size_t size)
{
	char raw[sizeof(((struct crm_err *)0)->msg)];
	size_t i, o = 0;

	snprintf(raw, sizeof(raw), "%s", msg);
	for (i = 0; raw[i] != '\0' && o + 5 < size; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c >= 0x20 && c != 0x7f)
			msg[o++] = (char)c;
		else if (c == '\n')
			o += (size_t)snprintf(msg + o, size - o, "\\n");
		else if (c == '\r')
			o += (size_t)snprintf(msg + o, size - o, "\\r");
		else if (c == '\t')
			o += (size_t)snprintf(msg + o, size - o, "\\t");
		else
			o += (size_t)snprintf(msg + o, size - o, "\\x%02x", c);
	}
	if (raw[i] != '\0' && o + 4 < size)
		o += (size_t)snprintf(msg + o, size - o, "...");
	msg[o] = '\0';
}

int
crm_err_set(struct crm_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	n = vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n >= sizeof(e->msg)) {
		/* Cut on a character boundary and say so. */
		size_t cut = sizeof(e->msg) - 4;

		while (cut > 0 && ((unsigned char)e->msg[cut] & 0xc0) == 0x80)
			cut--;
		memcpy(e->msg + cut, "...", 4);
	}
	if (strpbrk(e->msg,
	    "\n\r\t\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
	    "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
	    "\x1e\x1f\x7f") != NULL)
		one_line(e->msg, sizeof(e->msg));
	return code;
}

void
crm_err_clear(struct crm_err *e)
{
	if (e == NULL)
		return;
	e->code = CRM_OK;
	e->line = 0;
	e->msg[0] = '\0';
}

const char *
crm_err_text(const struct crm_err *e, char *buf, size_t bufsz)
{
	if (e->line > 0)
		snprintf(buf, bufsz, "line %ld: %s", e->line, e->msg);
	else
		snprintf(buf, bufsz, "%s", e->msg);
	return buf;
}

int
crm_err_errno(struct crm_err *e, int err, const char *what)
{
	int code;

	switch (err) {
	case EACCES:
	case EPERM:
	case EROFS:
		code = CRM_EPERM;
		break;
	case ENOENT:
	case ENOTDIR:
		code = CRM_ENOTFOUND;
		break;
	default:
		code = CRM_EDB;
		break;
	}
	return crm_err_set(e, code, "%s: %s", what, strerror(err));
}
