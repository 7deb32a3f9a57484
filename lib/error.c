/* error.c - the error record the library fills and binaries report. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crm.h"

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
	/*
	 * A message is one line a terminal shows as it is: what it quotes
	 * of the input has its control characters escaped (terminal.c),
	 * and a value too long for it is cut, with "...".
	 */
	if (n >= 0 && (size_t)n >= sizeof(e->msg)) {
		size_t cut = sizeof(e->msg) - 4;

		while (cut > 0 && ((unsigned char)e->msg[cut] & 0xc0) == 0x80)
			cut--;
		memcpy(e->msg + cut, "...", 4);
	}
	if (!crm_term_safe(e->msg)) {
		char raw[sizeof(e->msg)];

		memcpy(raw, e->msg, sizeof(raw));
		crm_term_quote(raw, e->msg, sizeof(e->msg));
	}
	return code;
}

int
crm_err_file(struct crm_err *e, const char *path, int errnum)
{
	return crm_err_set(e, errnum == EACCES || errnum == EPERM ? CRM_EPERM :
	    CRM_EDB, "%s: %s", path, strerror(errnum));
}

int
crm_err_output(struct crm_err *e, int errnum, int committed)
{
	return crm_err_set(e, CRM_EDB, "standard output: %s%s",
	    errnum != 0 ? strerror(errnum) : "write error", committed ?
	    "; the changes are committed" : "");
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
