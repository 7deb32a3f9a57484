/*
 * spool.c - records held back until their transaction commits, so that
 * nothing is printed that was not written.  The spool is a temporary file:
 * memory stays flat however many records a bulk write prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct crm_spool {
	FILE *fp;
	struct crm_writer *w;	/* NULL: ids only */
	size_t id_col;
};

int
crm_spool_open(struct crm_spool **spp, enum crm_format f,
    const struct crm_col *cols, size_t ncols, int ids_only,
    struct crm_err *e)
{
	struct crm_spool *sp;
	size_t i;

	*spp = NULL;
	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	for (i = 0; i < ncols; i++)
		if (strcmp(cols[i].name, "id") == 0)
			sp->id_col = i;
	if ((sp->fp = tmpfile()) == NULL) {
		free(sp);
		return crm_err_set(e, CRM_EDB, "temporary file: %s",
		    strerror(errno));
	}
	if (!ids_only && ((sp->w = crm_writer_new(sp->fp, f, cols, ncols)) ==
	    NULL || crm_writer_header(sp->w) != CRM_OK)) {
		crm_spool_close(sp, NULL, 0, NULL);
		return crm_err_set(e, CRM_EDB, "temporary file: cannot write");
	}
	*spp = sp;
	return CRM_OK;
}

int
crm_spool_row(struct crm_spool *sp, const char *const *rec,
    struct crm_err *e)
{
	int bad;

	if (sp->w != NULL)
		bad = crm_writer_row(sp->w, rec) != CRM_OK;
	else
		bad = fprintf(sp->fp, "%s\n", rec[sp->id_col] ?
		    rec[sp->id_col] : "") < 0;
	return bad ? crm_err_set(e, CRM_EDB, "temporary file: cannot write") :
	    CRM_OK;
}

int
crm_spool_close(struct crm_spool *sp, FILE *out, int committed,
    struct crm_err *e)
{
	char buf[65536];
	size_t n;
	int rc = CRM_OK;

	if (sp == NULL)
		return CRM_OK;
	if (sp->w != NULL && crm_writer_end(sp->w) != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "temporary file: cannot write");
	rewind(sp->fp);
	while (rc == CRM_OK && out != NULL &&
	    (n = fread(buf, 1, sizeof(buf), sp->fp)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = crm_err_output(e, errno, committed);
	if (rc == CRM_OK && out != NULL && fflush(out) != 0)
		rc = crm_err_output(e, errno, committed);
	fclose(sp->fp);
	free(sp);
	return rc;
}
