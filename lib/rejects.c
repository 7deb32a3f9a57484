/*
 * rejects.c - rejected input rows written back out as CSV, with the
 * original columns and an error column, to be fixed and fed in again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct crm_rejects {
	FILE *fp;
	char *path;
	struct crm_writer *w;
	struct crm_col *cols;
	const char **vals;
	size_t ncols;
	size_t errcol;		/* where the error goes */
};

int
crm_rejects_open(struct crm_rejects **rjp, const char *path,
    const struct crm_reader *r, struct crm_err *e)
{
	struct crm_rejects *rj;
	size_t i, n = crm_reader_ncols(r);

	*rjp = NULL;
	if ((rj = calloc(1, sizeof(*rj))) == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	/* A rejects file fed back in keeps one error column: the new one. */
	rj->ncols = n + 1;
	rj->errcol = n;
	for (i = 0; i < n; i++)
		if (strcmp(crm_reader_col(r, i), "error") == 0) {
			rj->ncols = n;
			rj->errcol = i;
		}
	rj->cols = calloc(rj->ncols, sizeof(*rj->cols));
	rj->vals = calloc(rj->ncols, sizeof(*rj->vals));
	rj->path = strdup(path);
	if (rj->cols == NULL || rj->vals == NULL || rj->path == NULL) {
		crm_rejects_close(rj, NULL);
		return crm_err_set(e, CRM_EDB, "out of memory");
	}
	for (i = 0; i < n; i++)
		rj->cols[i].name = crm_reader_col(r, i);
	rj->cols[rj->errcol].name = "error";
	if ((rj->fp = fopen(path, "w")) == NULL) {
		int rc = crm_err_file(e, path, errno);

		crm_rejects_close(rj, NULL);
		return rc;
	}
	if ((rj->w = crm_writer_new(rj->fp, CRM_FMT_CSV, rj->cols,
	    rj->ncols)) == NULL || crm_writer_header(rj->w) != CRM_OK) {
		crm_err_set(e, CRM_EDB, "%s: cannot write", path);
		crm_rejects_close(rj, NULL);
		return CRM_EDB;
	}
	*rjp = rj;
	return CRM_OK;
}

int
crm_rejects_write(struct crm_rejects *rj, const struct crm_row *row,
    const char *error, struct crm_err *e)
{
	size_t i;

	if (rj == NULL)
		return CRM_OK;
	for (i = 0; i < rj->ncols; i++)
		rj->vals[i] = i < row->nfields ? row->fields[i] : "";
	rj->vals[rj->errcol] = error;
	if (crm_writer_row(rj->w, rj->vals) != CRM_OK)
		return crm_err_set(e, CRM_EDB, "%s: cannot write", rj->path);
	return CRM_OK;
}

int
crm_rejects_close(struct crm_rejects *rj, struct crm_err *e)
{
	int rc = CRM_OK;

	if (rj == NULL)
		return CRM_OK;
	if (rj->w != NULL && crm_writer_end(rj->w) != CRM_OK)
		rc = crm_err_set(e, CRM_EDB, "%s: cannot write", rj->path);
	if (rj->fp != NULL && fclose(rj->fp) != 0 && rc == CRM_OK)
		rc = crm_err_file(e, rj->path, errno);
	free(rj->cols);
	free(rj->vals);
	free(rj->path);
	free(rj);
	return rc;
}
