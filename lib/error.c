/* error.c - the error record the library fills and binaries report. */
#include <stdio.h>
#include <string.h>

#include "crm.h"

int
crm_err_set(struct crm_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
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
