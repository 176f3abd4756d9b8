/* di-app.h — the inspection application: reports and the `docinspect` command line */
#pragma once

#include <json-glib/json-glib.h>

#include "di-mrz.h"
#include "di-ocr.h"

G_BEGIN_DECLS

/* Exit status of every command (DESIGN.md) */
typedef enum {
  DI_EXIT_OK = 0,        /* ran and passed: valid MRZ, accept */
  DI_EXIT_FLAGGED = 1,   /* ran and flagged: invalid, review, reject */
  DI_EXIT_ERROR = 2,     /* could not run: bad usage, unreadable or oversized input */
} DiExit;

/* di-report.c */
JsonNode     *di_report_mrz_json          (const DiMrz *mrz);
char         *di_report_mrz_text          (const DiMrz *mrz);
JsonNode     *di_report_ocr_json          (const char        *image,
                                           const DiOcrResult *result,
                                           double             timing_ms);
void          di_json_add_string          (JsonBuilder       *b,
                                           const char        *name,
                                           const char        *value);
/* Members of a JSON object that may be missing, null or of another type (then NULL, FALSE) */
const char   *di_json_member_string       (JsonObject        *o,
                                           const char        *name);
JsonObject   *di_json_member_object       (JsonObject        *o,
                                           const char        *name);
JsonArray    *di_json_member_array        (JsonObject        *o,
                                           const char        *name);
gboolean      di_json_member_double       (JsonObject        *o,
                                           const char        *name,
                                           double            *out);

/* di-cli.c */
int           di_cli_main                 (int          argc,
                                           char       **argv);

G_END_DECLS
