/*
 * interop.c - records in other tools' formats, for the binaries that
 * write them (crm-export, crm-find): their options, declared once as an
 * argp child; which option and format go with which records; and the
 * writer of a listing in any format such a binary offers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

enum {
	OPT_EXCEL = 0x2000,
	OPT_FOR_MAILING,
	OPT_IGNORE_CONSENT,
	OPT_SPLIT,
	OPT_VCARD_VERSION,
};

static const struct argp_option interop_options[] = {
	{ "excel", OPT_EXCEL, NULL, 0,
	  "CSV for spreadsheets: UTF-8 with a BOM, CRLF, cells that would "
	  "run as formulas neutralised", 0 },
	{ "for-mailing", OPT_FOR_MAILING, NULL, 0,
	  "Only contacts with marketing consent (-f emails and -f mutt "
	  "imply it); says on stderr how many were left out", 0 },
	{ "ignore-consent", OPT_IGNORE_CONSENT, NULL, 0,
	  "Keep the contacts without marketing consent in a mailing", 0 },
	{ "split", OPT_SPLIT, "DIR", 0,
	  "-f vcard: one file per contact, DIR/UID.vcf (khard, vdirsyncer)",
	  0 },
	{ "vcard-version", OPT_VCARD_VERSION, "VERSION", 0,
	  "-f vcard: 4.0 (the default) or 3.0", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_interop(int key, char *arg, struct argp_state *state)
{
	struct crm_interop *o = state->input;
	char q[128];

	switch (key) {
	case ARGP_KEY_INIT:
		if (o == NULL)
			argp_error(state, "internal: no input for the "
			    "interchange options");
		memset(o, 0, sizeof(*o));
		break;
	case OPT_EXCEL:
		o->excel = 1;
		break;
	case OPT_FOR_MAILING:
		o->for_mailing = 1;
		break;
	case OPT_IGNORE_CONSENT:
		o->ignore_consent = 1;
		break;
	case OPT_SPLIT:
		if (arg[0] == '\0')
			argp_error(state, "--split needs a folder");
		o->split = arg;
		break;
	case OPT_VCARD_VERSION:
		if (strcmp(arg, "4.0") == 0 || strcmp(arg, "4") == 0)
			o->vcard_version = 4;
		else if (strcmp(arg, "3.0") == 0 || strcmp(arg, "3") == 0)
			o->vcard_version = 3;
		else
			argp_error(state, "vCard version \"%s\" is not 4.0 or "
			    "3.0", crm_term_quote(arg, q, sizeof(q)));
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp crm_interop_argp = {
	interop_options, parse_interop, NULL, NULL, NULL, NULL, NULL,
};

/* Is the format one that only mailings use? */
static int
mail_format(enum crm_format f)
{
	return f == CRM_FMT_EMAILS || f == CRM_FMT_MUTT;
}

int
crm_interop_check(const struct crm_entity *ent, const struct crm_common *c,
    const struct crm_interop *o, struct crm_err *e)
{
	enum crm_format f = c->format;
	int contacts = strcmp(ent->name, "contact") == 0;

	if (o->split != NULL && f != CRM_FMT_VCARD)
		return crm_err_set(e, CRM_EUSAGE, "--split goes with "
		    "--format vcard");
	if (o->split != NULL && c->quiet)
		return crm_err_set(e, CRM_EUSAGE, "--split writes files, -q "
		    "prints ids: give one");
	if (o->vcard_version != 0 && f != CRM_FMT_VCARD)
		return crm_err_set(e, CRM_EUSAGE, "--vcard-version goes with "
		    "--format vcard");
	if (o->excel && f != CRM_FMT_CSV)
		return crm_err_set(e, CRM_EUSAGE, "--excel goes with "
		    "--format csv");
	if (o->ignore_consent && !o->for_mailing && !mail_format(f))
		return crm_err_set(e, CRM_EUSAGE, "--ignore-consent goes with "
		    "--for-mailing, --format emails or --format mutt");
	if ((f == CRM_FMT_VCARD || mail_format(f)) && !contacts)
		return crm_err_set(e, CRM_EUSAGE, "--format %s is for "
		    "contacts, not %s", crm_format_name(f), ent->plural);
	if (o->for_mailing && !contacts)
		return crm_err_set(e, CRM_EUSAGE, "--for-mailing is for "
		    "contacts, not %s", ent->plural);
	if (f == CRM_FMT_ICS && strcmp(ent->name, "meeting") != 0)
		return crm_err_set(e, CRM_EUSAGE, "--format ics is for "
		    "meetings, not %s", ent->plural);
	return CRM_OK;
}

int
crm_interop_open(struct crm_writer **w, FILE *fp, struct crm_db *db,
    const struct crm_entity *ent, const struct crm_common *c,
    const struct crm_interop *o, struct crm_mailing *m, struct crm_err *e)
{
	const struct crm_col *cols = crm_entity_cols(ent);
	struct crm_col *xcols = NULL;
	size_t ncols = ent->nfields, xn = 0;
	enum crm_format f = c->format;
	int mailing = o->for_mailing || mail_format(f), rc;

	*w = NULL;
	memset(m, 0, sizeof(*m));
	m->consent_col = m->email_col = -1;
	if ((rc = crm_interop_check(ent, c, o, e)) != CRM_OK)
		return rc;
	if (mailing && (rc = crm_mailing_start(m, cols, ncols,
	    !o->ignore_consent, mail_format(f), e)) != CRM_OK)
		return rc;
	if (c->quiet) {
		if ((*w = crm_writer_open(fp, c, cols, ncols)) == NULL)
			return crm_err_output(e, errno, 0);
	} else {
		switch (f) {
		case CRM_FMT_VCARD:
			/* Custom fields ride along as X-CRM-NAME. */
			if (o->custom && (rc = crm_custom_columns(db, ent,
			    &xcols, &xn, e)) != CRM_OK)
				return rc;
			rc = crm_vcard_writer(w, fp, db, xcols ? xcols : cols,
			    xcols ? xn : ncols, o->vcard_version, o->split, e);
			if (rc == CRM_OK)
				crm_writer_adopt(*w, xcols);
			else
				free(xcols);
			break;
		case CRM_FMT_ICS:
			rc = crm_ical_writer(w, fp, db, cols, ncols, e);
			break;
		case CRM_FMT_MUTT:
		case CRM_FMT_EMAILS:
			rc = crm_mail_writer(w, fp, f, cols, ncols, m, e);
			break;
		default:
			/*
			 * Records for another program carry the contacts'
			 * custom fields too, as custom.NAME columns crm-add
			 * reads back: nothing an import kept is left behind.
			 */
			if (o->custom && f != CRM_FMT_TABLE &&
			    (rc = crm_custom_columns(db,
			    ent, &xcols, &xn, e)) != CRM_OK)
				return rc;
			if ((*w = crm_writer_new(fp, f, xcols ? xcols : cols,
			    xcols ? xn : ncols)) == NULL) {
				free(xcols);
				rc = crm_err_set(e, CRM_EDB, "out of memory");
			} else {
				crm_writer_adopt(*w, xcols);
				if (o->excel)
					crm_writer_excel(*w);
			}
			break;
		}
		if (rc != CRM_OK)
			return rc;
	}
	if (mailing)
		crm_writer_filter(*w, crm_mailing_keep, m);
	return CRM_OK;
}
