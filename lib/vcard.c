/*
 * vcard.c - contacts as vCards (RFC 6350 vCard 4.0, or RFC 2426 vCard
 * 3.0, which many importers still want): one card per contact, on
 * standard output or one file per card in a folder (the layout khard and
 * vdirsyncer read: UID.vcf).
 *
 * A card: FN, N, ORG, TITLE, TEL, EMAIL, ADR (street and city), NOTE,
 * CATEGORIES (the tags), UID (stable per contact, lib/uid.c) and REV
 * (when the contact last changed).  Contacts are the company's business
 * relations, so TEL, EMAIL and ADR are of TYPE=work.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm-internal.h"

/* The contact fields a card shows, by column name. */
enum {
	C_ID, C_FIRST, C_LAST, C_PHONE, C_EMAIL, C_COMPANY, C_TITLE, C_CITY,
	C_ADDRESS, C_TAGS, C_NOTES, C_UPDATED, NCOLS
};

static const char *const col_names[NCOLS] = {
	"id", "first_name", "last_name", "phone", "email", "company", "title",
	"city", "address", "tags", "notes", "updated_at",
};

struct vcard {
	int version;		/* 4 or 3 */
	uint64_t base;		/* the base's identity, for UIDs */
	char *dir;		/* --split: one file per card here */
	mode_t mode;		/* of a card file: 0666 less the umask */
	int col[NCOLS];		/* where each field is in a row, or -1 */
	const struct crm_col *cols;	/* every column, custom.NAME ones too */
	size_t ncols;
	struct crm_buf card;	/* the card being written */
	struct crm_buf scratch;
};

static const char *
field(const struct vcard *vc, const char *const *vals, int f)
{
	const char *v = vc->col[f] >= 0 ? vals[vc->col[f]] : NULL;

	return v != NULL ? v : "";
}

/* A phone in E.164, which vCard 4.0 writes as a tel: URI. */
static int
is_e164(const char *p)
{
	if (*p++ != '+' || *p == '\0')
		return 0;
	return strspn(p, "0123456789") == strlen(p);
}

/*
 * The contact's custom fields (columns custom.NAME) as X-CRM-NAME
 * properties, the name in capitals with '-' for '_', which crm-add -f
 * vcard reads back as those custom fields.
 */
static void
custom_fields(struct vcard *vc, const char *const *vals, struct crm_cl *cl)
{
	char prop[8 + CRM_CUSTOM_NAME_MAX + 1];
	size_t i, j;

	for (i = 0; i < vc->ncols; i++) {
		const char *n = vc->cols[i].name;

		if (strncmp(n, "custom.", 7) != 0 || vals[i] == NULL ||
		    vals[i][0] == '\0')
			continue;
		n += 7;
		memcpy(prop, "X-CRM-", 6);
		for (j = 0; n[j] != '\0' && 6 + j < sizeof(prop) - 1; j++)
			prop[6 + j] = n[j] == '_' ? '-' : n[j] >= 'a' &&
			    n[j] <= 'z' ? (char)(n[j] - 'a' + 'A') : n[j];
		prop[6 + j] = '\0';
		crm_cl_prop(cl, prop, vals[i]);
	}
}

/* FN: the name as shown; a card must have one, so never empty. */
static void
formatted_name(struct vcard *vc, const char *const *vals, struct crm_cl *cl)
{
	const char *first = field(vc, vals, C_FIRST);
	const char *last = field(vc, vals, C_LAST);

	vc->scratch.len = 0;
	crm_buf_adds(&vc->scratch, first);
	if (first[0] != '\0' && last[0] != '\0')
		crm_buf_adds(&vc->scratch, " ");
	crm_buf_adds(&vc->scratch, last);
	if (vc->scratch.len == 0) {
		crm_buf_adds(&vc->scratch, field(vc, vals, C_EMAIL));
		if (vc->scratch.len == 0)
			crm_buf_adds(&vc->scratch, field(vc, vals, C_PHONE));
	}
	crm_cl_prop(cl, "FN", vc->scratch.p != NULL ? vc->scratch.p : "");
}

/* CATEGORIES: the tags, each escaped, joined by unescaped commas. */
static void
categories(struct vcard *vc, const char *tags, struct crm_cl *cl)
{
	const char *p = tags;
	int n = 0;

	if (tags[0] == '\0')
		return;
	crm_cl_name(cl, "CATEGORIES");
	crm_cl_raw(cl, ":");
	while (*p != '\0') {
		size_t len = strcspn(p, ",");

		vc->scratch.len = 0;
		if (crm_buf_add(&vc->scratch, p, len) == CRM_OK &&
		    crm_trim(vc->scratch.p)[0] != '\0') {
			if (n++ > 0)
				crm_cl_raw(cl, ",");
			crm_cl_text(cl, vc->scratch.p);
		}
		p += len + (p[len] == ',');
	}
	crm_cl_end(cl);
}

/* Write the card of one contact row into vc->card. */
static int
card(struct vcard *vc, const char *const *vals, char *uid, size_t uidsz)
{
	struct crm_cl cl;
	const char *v;

	vc->card.len = 0;
	crm_cl_begin(&cl, &vc->card);
	crm_cl_name(&cl, "BEGIN:VCARD");
	crm_cl_end(&cl);
	crm_cl_name(&cl, vc->version == 3 ? "VERSION:3.0" : "VERSION:4.0");
	crm_cl_end(&cl);
	crm_cl_name(&cl, "PRODID:-//crm//crm//EN");
	crm_cl_end(&cl);
	crm_uid_contact(vc->base, crm_positive(field(vc, vals, C_ID)), uid,
	    uidsz);
	crm_cl_name(&cl, "UID:");
	crm_cl_raw(&cl, uid);
	crm_cl_end(&cl);
	formatted_name(vc, vals, &cl);
	/* N: family; given; additional; prefixes; suffixes. */
	crm_cl_name(&cl, "N:");
	crm_cl_text(&cl, field(vc, vals, C_LAST));
	crm_cl_raw(&cl, ";");
	crm_cl_text(&cl, field(vc, vals, C_FIRST));
	crm_cl_raw(&cl, ";;;");
	crm_cl_end(&cl);
	crm_cl_prop(&cl, "ORG", field(vc, vals, C_COMPANY));
	crm_cl_prop(&cl, "TITLE", field(vc, vals, C_TITLE));
	if ((v = field(vc, vals, C_PHONE))[0] != '\0') {
		crm_cl_name(&cl, "TEL;TYPE=work");
		if (vc->version == 3)
			crm_cl_raw(&cl, ":");
		else if (is_e164(v))
			crm_cl_raw(&cl, ";VALUE=uri:tel:");
		else
			crm_cl_raw(&cl, ";VALUE=text:");
		crm_cl_text(&cl, v);
		crm_cl_end(&cl);
	}
	if ((v = field(vc, vals, C_EMAIL))[0] != '\0') {
		crm_cl_name(&cl, vc->version == 3 ? "EMAIL;TYPE=internet,work:" :
		    "EMAIL;TYPE=work:");
		crm_cl_text(&cl, v);
		crm_cl_end(&cl);
	}
	if (field(vc, vals, C_ADDRESS)[0] != '\0' ||
	    field(vc, vals, C_CITY)[0] != '\0') {
		/* ADR: box; extended; street; locality; region; code; country. */
		crm_cl_name(&cl, "ADR;TYPE=work:;;");
		crm_cl_text(&cl, field(vc, vals, C_ADDRESS));
		crm_cl_raw(&cl, ";");
		crm_cl_text(&cl, field(vc, vals, C_CITY));
		crm_cl_raw(&cl, ";;;");
		crm_cl_end(&cl);
	}
	crm_cl_prop(&cl, "NOTE", field(vc, vals, C_NOTES));
	categories(vc, field(vc, vals, C_TAGS), &cl);
	custom_fields(vc, vals, &cl);
	crm_cl_time(&cl, "REV", field(vc, vals, C_UPDATED));
	crm_cl_name(&cl, "END:VCARD");
	crm_cl_end(&cl);
	return cl.rc;
}

/*
 * Write the card to DIR/UUID.vcf through a temporary file renamed over
 * it: a card file is whole or absent, and an export again replaces it.
 * The folder may be shared with others, who could plant a link where the
 * card goes: the temporary file gets a name nobody can guess and is made
 * with O_EXCL, which follows no link (mkostemp), and rename replaces a
 * link at UUID.vcf rather than writing where it points.
 */
static int
card_file(struct vcard *vc, struct crm_writer *w, const char *uid)
{
	const char *uuid = uid + strlen("urn:uuid:");
	char *path = NULL, *tmp = NULL;
	int fd = -1, rc = CRM_EDB;
	size_t off;
	ssize_t n;

	if (asprintf(&path, "%s/%s.vcf", vc->dir, uuid) < 0 ||
	    asprintf(&tmp, "%s/.%s.vcf.XXXXXX", vc->dir, uuid) < 0) {
		free(path);
		return crm_writer_fail(w, "out of memory");
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = crm_writer_fail_file(w, tmp, errno);
		free(tmp);
		tmp = NULL;	/* not ours to unlink */
		goto done;
	}
	/* mkostemp makes it 0600: the mode a plain file would have. */
	if (fchmod(fd, vc->mode) != 0) {
		rc = crm_writer_fail_file(w, tmp, errno);
		goto done;
	}
	for (off = 0; off < vc->card.len; off += (size_t)n)
		if ((n = write(fd, vc->card.p + off, vc->card.len - off)) < 0) {
			rc = crm_writer_fail_file(w, tmp, errno);
			goto done;
		}
	if (close(fd) != 0) {
		fd = -1;
		rc = crm_writer_fail_file(w, tmp, errno);
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		rc = crm_writer_fail_file(w, path, errno);
		goto done;
	}
	rc = CRM_OK;
done:
	if (fd >= 0)
		close(fd);
	if (rc != CRM_OK && tmp != NULL)
		unlink(tmp);
	free(path);
	free(tmp);
	return rc;
}

static int
vcard_row(void *ctx, struct crm_writer *w, const char *const *vals)
{
	struct vcard *vc = ctx;
	char uid[64];

	if (card(vc, vals, uid, sizeof(uid)) != CRM_OK)
		return crm_writer_fail(w, "out of memory");
	if (vc->dir != NULL)
		return card_file(vc, w, uid);
	crm_writer_put(w, vc->card.p, vc->card.len);
	return CRM_OK;
}

static void
vcard_free(void *ctx)
{
	struct vcard *vc = ctx;

	crm_buf_free(&vc->card);
	crm_buf_free(&vc->scratch);
	free(vc->dir);
	free(vc);
}

static const struct crm_record_ops vcard_ops = {
	NULL, vcard_row, NULL, vcard_free,
};

/* Make the folder of --split when it is not there; it must be writable. */
static int
split_dir(const char *dir, struct crm_err *e)
{
	struct stat sb;
	char *what;
	int rc = CRM_OK;

	if (asprintf(&what, "--split %s", dir) < 0)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		rc = crm_err_file(e, what, errno);
	else if (stat(dir, &sb) != 0)
		rc = crm_err_file(e, what, errno);
	else if (!S_ISDIR(sb.st_mode))
		rc = crm_err_set(e, CRM_EUSAGE, "%s: not a folder", what);
	else if (access(dir, W_OK | X_OK) != 0)
		rc = crm_err_file(e, what, errno);
	free(what);
	return rc;
}

int
crm_vcard_writer(struct crm_writer **w, FILE *fp, struct crm_db *db,
    const struct crm_col *cols, size_t ncols, int version, const char *dir,
    struct crm_err *e)
{
	struct vcard *vc;
	size_t i, k;
	int rc;

	*w = NULL;
	if (dir != NULL && (rc = split_dir(dir, e)) != CRM_OK)
		return rc;
	if ((vc = calloc(1, sizeof(*vc))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	vc->version = version == 3 ? 3 : 4;
	vc->mode = umask(0);
	umask(vc->mode);
	vc->mode = 0666 & ~vc->mode;
	vc->cols = cols;
	vc->ncols = ncols;
	for (k = 0; k < NCOLS; k++) {
		vc->col[k] = -1;
		for (i = 0; i < ncols; i++)
			if (strcmp(cols[i].name, col_names[k]) == 0)
				vc->col[k] = (int)i;
	}
	if ((rc = crm_uid_base(db, &vc->base, e)) != CRM_OK) {
		vcard_free(vc);
		return rc;
	}
	if ((dir != NULL && (vc->dir = strdup(dir)) == NULL) ||
	    (*w = crm_writer_records(fp, CRM_FMT_VCARD, cols, ncols,
	    &vcard_ops, vc)) == NULL) {
		vcard_free(vc);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	return CRM_OK;
}
