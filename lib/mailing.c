/*
 * mailing.c - who a mailing may go to.  An export meant for mailing
 * (--for-mailing, and the emails and mutt formats) keeps the contacts
 * whose marketing consent is yes, unless the person exporting says to
 * ignore it, and those formats need an e-mail address.  The rest are
 * counted by reason, so the person sending knows who was left out and
 * why.  The filter runs on the rows the export selected, as they are
 * written: there is one query that selects, and this is not a second.
 */
#include <stdio.h>
#include <string.h>

#include "crm-internal.h"

static int
column(const struct crm_col *cols, size_t ncols, const char *name)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		if (strcmp(cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
crm_mailing_start(struct crm_mailing *m, const struct crm_col *cols,
    size_t ncols, int consent, int email, struct crm_err *e)
{
	memset(m, 0, sizeof(*m));
	m->consent_col = consent ? column(cols, ncols, "consent") : -1;
	m->email_col = email ? column(cols, ncols, "email") : -1;
	if ((consent && m->consent_col < 0) || (email && m->email_col < 0))
		return crm_err_set(e, CRM_EUSAGE, "a mailing is of contacts");
	m->on = 1;
	return CRM_OK;
}

int
crm_mailing_keep(void *arg, const char *const *vals)
{
	struct crm_mailing *m = arg;
	const char *v;

	if (m->consent_col >= 0) {
		v = vals[m->consent_col];
		if (v == NULL || strcmp(v, "yes") != 0) {
			if (v != NULL && strcmp(v, "no") == 0)
				m->consent_no++;
			else
				m->consent_unknown++;
			return 0;
		}
	}
	if (m->email_col >= 0 && ((v = vals[m->email_col]) == NULL ||
	    v[0] == '\0')) {
		m->no_email++;
		return 0;
	}
	m->kept++;
	return 1;
}

int
crm_mailing_text(const struct crm_mailing *m, char *buf, size_t bufsz)
{
	long consent = m->consent_no + m->consent_unknown;
	long left = consent + m->no_email;
	char why[160] = "", *p = why;
	size_t room = sizeof(why);
	int n;

	if (bufsz > 0)
		buf[0] = '\0';
	if (left == 0)
		return 0;
	if (consent > 0) {
		/* The count goes in front only when there are two reasons. */
		n = snprintf(p, room, m->no_email > 0 ? "%ld no marketing "
		    "consent (" : "no marketing consent (", consent);
		p += n, room -= (size_t)n;
		if (m->consent_no > 0) {
			n = snprintf(p, room, "%ld no", m->consent_no);
			p += n, room -= (size_t)n;
		}
		if (m->consent_unknown > 0) {
			n = snprintf(p, room, "%s%ld unknown", m->consent_no ?
			    ", " : "", m->consent_unknown);
			p += n, room -= (size_t)n;
		}
		n = snprintf(p, room, ")");
		p += n, room -= (size_t)n;
	}
	if (m->no_email > 0)
		snprintf(p, room, consent > 0 ? ", %ld no e-mail address" :
		    "no e-mail address", m->no_email);
	snprintf(buf, bufsz, "%ld contact%s left out: %s%s", left,
	    left == 1 ? "" : "s", why, consent == 0 ? "" : m->no_email == 0 ?
	    "; --ignore-consent keeps them" :
	    "; --ignore-consent keeps the ones without consent");
	return 1;
}
