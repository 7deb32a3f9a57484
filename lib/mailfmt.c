/*
 * mailfmt.c - contacts as lines for mail programs: "Name <address>"
 * (RFC 5322 mailboxes, one a line, for mail(1), xargs and list
 * managers), and mutt's query_command protocol (a status line, then
 * "address<TAB>name<TAB>info" lines).
 *
 * Names are written as they are (UTF-8, as RFC 6532 allows), quoted
 * when they hold anything but the characters of an atom and spaces.
 * Tabs and line breaks inside a name would split a line: they become
 * spaces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-internal.h"

enum { C_FIRST, C_LAST, C_EMAIL, C_COMPANY, NCOLS };

static const char *const col_names[NCOLS] = {
	"first_name", "last_name", "email", "company",
};

/* RFC 5322 atext, and the bytes of UTF-8 characters (RFC 6532). */
static const unsigned char atext[256] = {
	['A' ... 'Z'] = 1, ['a' ... 'z'] = 1, ['0' ... '9'] = 1,
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1,
	['*'] = 1, ['+'] = 1, ['-'] = 1, ['/'] = 1, ['='] = 1, ['?'] = 1,
	['^'] = 1, ['_'] = 1, ['`'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1,
	['~'] = 1, [0x80 ... 0xff] = 1,
};

struct mailfmt {
	int col[NCOLS];
	const struct crm_mailing *m;	/* what was left out: mutt's status */
	struct crm_buf line;
	struct crm_buf lines;	/* mutt: held until the status is known */
	long n;
};

/*
 * Append s to b with every run of control characters and spaces made one
 * space, and none at either end: one line, and words that read well.
 */
static void
add_one_line(struct crm_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int space = 0;
	size_t start = b->len;

	for (; *p != '\0'; p++) {
		if (*p <= ' ' || *p == 0x7f) {
			space = 1;
			continue;
		}
		if (space && b->len > start)
			crm_buf_add(b, " ", 1);
		space = 0;
		crm_buf_add(b, (const char *)p, 1);
	}
}

int
crm_mailbox(const char *name, const char *address, struct crm_buf *out)
{
	struct crm_buf one = { 0 };
	const unsigned char *p;
	int rc = CRM_OK, quote = 0;

	add_one_line(&one, name != NULL ? name : "");
	for (p = (const unsigned char *)one.p; p != NULL && *p != '\0'; p++)
		if (!atext[*p] && *p != ' ')
			quote = 1;
	if (one.len > 0 && !quote)
		rc |= crm_buf_add(out, one.p, one.len);
	else if (one.len > 0) {
		/* A quoted-string: '"' and '\' escaped with '\'. */
		rc |= crm_buf_add(out, "\"", 1);
		for (p = (const unsigned char *)one.p; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				rc |= crm_buf_add(out, "\\", 1);
			rc |= crm_buf_add(out, (const char *)p, 1);
		}
		rc |= crm_buf_add(out, "\"", 1);
	}
	rc |= crm_buf_adds(out, one.len > 0 ? " <" : "<");
	rc |= crm_buf_adds(out, address);
	rc |= crm_buf_add(out, ">", 1);
	crm_buf_free(&one);
	return rc ? CRM_EDB : CRM_OK;
}

static const char *
field(const struct mailfmt *mf, const char *const *vals, int f)
{
	const char *v = mf->col[f] >= 0 ? vals[mf->col[f]] : NULL;

	return v != NULL ? v : "";
}

/* "First Last" into b, on one line. */
static void
full_name(const struct mailfmt *mf, const char *const *vals,
    struct crm_buf *b)
{
	struct crm_buf two = { 0 };

	crm_buf_adds(&two, field(mf, vals, C_FIRST));
	crm_buf_add(&two, " ", 1);
	crm_buf_adds(&two, field(mf, vals, C_LAST));
	add_one_line(b, two.p);
	crm_buf_free(&two);
}

static int
emails_row(void *ctx, struct crm_writer *w, const char *const *vals)
{
	struct mailfmt *mf = ctx;
	struct crm_buf name = { 0 };
	int rc;

	mf->line.len = 0;
	full_name(mf, vals, &name);
	rc = crm_mailbox(name.p != NULL ? name.p : "", field(mf, vals, C_EMAIL),
	    &mf->line);
	crm_buf_free(&name);
	if (rc != CRM_OK || crm_buf_add(&mf->line, "\n", 1) != CRM_OK)
		return crm_writer_fail(w, "out of memory");
	crm_writer_put(w, mf->line.p, mf->line.len);
	return CRM_OK;
}

static int
mutt_row(void *ctx, struct crm_writer *w, const char *const *vals)
{
	struct mailfmt *mf = ctx;
	struct crm_buf *b = &mf->lines;
	size_t len = b->len;

	add_one_line(b, field(mf, vals, C_EMAIL));
	crm_buf_add(b, "\t", 1);
	full_name(mf, vals, b);
	crm_buf_add(b, "\t", 1);
	add_one_line(b, field(mf, vals, C_COMPANY));
	if (crm_buf_add(b, "\n", 1) != CRM_OK) {
		b->len = len;
		return crm_writer_fail(w, "out of memory");
	}
	mf->n++;
	return CRM_OK;
}

/* mutt shows the first line as a message: how many, and who was left out. */
static int
mutt_end(void *ctx, struct crm_writer *w)
{
	struct mailfmt *mf = ctx;
	char status[512], left[400];

	if (mf->n == 0)
		snprintf(status, sizeof(status), "crm: no address found");
	else
		snprintf(status, sizeof(status), "crm: %ld address%s", mf->n,
		    mf->n == 1 ? "" : "es");
	if (mf->m != NULL && crm_mailing_text(mf->m, left, sizeof(left)))
		snprintf(status + strlen(status), sizeof(status) -
		    strlen(status), "; %s", left);
	strcat(status, "\n");
	crm_writer_put(w, status, strlen(status));
	if (mf->lines.len > 0)
		crm_writer_put(w, mf->lines.p, mf->lines.len);
	return CRM_OK;
}

static void
mailfmt_free(void *ctx)
{
	struct mailfmt *mf = ctx;

	crm_buf_free(&mf->line);
	crm_buf_free(&mf->lines);
	free(mf);
}

static const struct crm_record_ops emails_ops = {
	NULL, emails_row, NULL, mailfmt_free,
};

static const struct crm_record_ops mutt_ops = {
	NULL, mutt_row, mutt_end, mailfmt_free,
};

int
crm_mail_writer(struct crm_writer **w, FILE *fp, enum crm_format f,
    const struct crm_col *cols, size_t ncols, const struct crm_mailing *m,
    struct crm_err *e)
{
	struct mailfmt *mf;
	size_t i, k;

	*w = NULL;
	if ((mf = calloc(1, sizeof(*mf))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	mf->m = m;
	for (k = 0; k < NCOLS; k++) {
		mf->col[k] = -1;
		for (i = 0; i < ncols; i++)
			if (strcmp(cols[i].name, col_names[k]) == 0)
				mf->col[k] = (int)i;
	}
	if ((*w = crm_writer_records(fp, f, cols, ncols, f == CRM_FMT_MUTT ?
	    &mutt_ops : &emails_ops, mf)) == NULL) {
		mailfmt_free(mf);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	return CRM_OK;
}
