/* di-caselog-private.h — what di-caselog-report.c shares with di-caselog.c */
#pragma once

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "di-caselog.h"

G_BEGIN_DECLS

/* TRUE for a supervisor; otherwise logs a refusal event and fails with
 * DI_CASELOG_ERROR_REFUSED. @case_id 0: not about one case. */
gboolean      di_caselog_authorize       (DiCaseLog    *self,
                                          const char   *action,
                                          gint64        case_id,
                                          GError      **error);

/* Appends an export event: the format and the ids of the cases exported. @case_id, when not
 * 0, ties the event to that case (a report of one case). */
gboolean      di_caselog_record_export   (DiCaseLog    *self,
                                          const char   *format,
                                          GArray       *ids,
                                          gint64        case_id,
                                          GError      **error);

/* A private temporary file (0600) beside @out_path, or in the temporary folder when
 * @out_path is NULL; *tmp_path receives its name. */
FILE         *di_caselog_create_private  (const char   *out_path,
                                          char        **tmp_path,
                                          GError      **error);
/* Closes @file and renames @tmp_path to @out_path, or copies it to stdout and removes it
 * when @out_path is NULL. */
gboolean      di_caselog_finish_private  (FILE         *file,
                                          const char   *tmp_path,
                                          const char   *out_path,
                                          GError      **error);

/* The members of a case summary, `id` to `reviewed_at` (null for what is unset), into the
 * open object of @b; the callers add what follows. */
void          di_caselog_add_summary     (JsonBuilder         *b,
                                          const DiCaseSummary *s);

G_END_DECLS
