/* di-caselog.h — the case log: cases, a hash-chained event trail, supervisor review
 *
 * An SQLite database (WAL, one transaction per case) with the images of each scan set stored
 * once by SHA-256 in a private folder beside it (DB.images/). Events are appended, never
 * updated, each carrying the SHA-256 of the previous event and of its own canonical content
 * (README.md, "Case log"), so that di_caselog_verify() detects any edit.
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "di-types.h"

G_BEGIN_DECLS

#define DI_CASELOG_SCHEMA_VERSION 2
#define DI_CASELOG_DEFAULT_SUPERVISOR_GROUP "docinspect-supervisors"
/* read when a log is created; afterwards the group is a setting of the log */
#define DI_CASELOG_GROUP_ENV "DOCINSPECT_SUPERVISOR_GROUP"

#define DI_CASELOG_ERROR (di_caselog_error_quark ())
GQuark        di_caselog_error_quark     (void);

typedef enum {
  DI_CASELOG_ERROR_OPEN,           /* the log cannot be opened or created */
  DI_CASELOG_ERROR_VERSION,        /* written by a newer DocInspect */
  DI_CASELOG_ERROR_DATABASE,       /* SQLite failed (busy beyond the timeout, disk full…) */
  DI_CASELOG_ERROR_IMAGE,          /* an image cannot be read or stored */
  DI_CASELOG_ERROR_INVALID,        /* bad input: not an inspection report, unknown decision */
  DI_CASELOG_ERROR_NOT_FOUND,      /* no such case */
  DI_CASELOG_ERROR_PURGED,         /* the personal data of the case was purged */
  DI_CASELOG_ERROR_REFUSED,        /* needs supervisor rights */
  DI_CASELOG_ERROR_FOUR_EYES,      /* the reviewer logged or decided the case */
  DI_CASELOG_ERROR_NOTE_REQUIRED,  /* a review against the automatic verdict needs a note */
  DI_CASELOG_ERROR_WRITE,          /* an export cannot be written */
} DiCaseLogError;

typedef struct _DiCaseLog DiCaseLog;

/* Opens the log, creating it (0600, images folder 0700) or migrating its schema. */
DiCaseLog    *di_caselog_open            (const char   *path,
                                          GError      **error);
void          di_caselog_free            (DiCaseLog    *self);
const char   *di_caselog_get_path        (DiCaseLog    *self);
const char   *di_caselog_get_images_dir  (DiCaseLog    *self);
int           di_caselog_get_schema_version (DiCaseLog *self);
char         *di_caselog_get_supervisor_group (DiCaseLog *self);

/* A private folder (0700, inside the images folder) for the crops of one run of
 * `inspect --log`; removed with its files by di_caselog_free(). NULL if it cannot be made. */
const char   *di_caselog_get_crops_dir   (DiCaseLog    *self);

/* Who runs this process: the name of the effective user (getpwuid (geteuid ())). */
const char   *di_caselog_os_user         (void);
/* Whether the process is a member of the log's supervisor group. */
gboolean      di_caselog_is_supervisor   (DiCaseLog    *self);

/* Tests only (the command line never calls these): act as another OS user, at another
 * time (NULL: the clock), or without fsync (bulk generation of benchmark logs). */
void          di_caselog_set_user_for_testing (DiCaseLog  *self,
                                               const char *user);
void          di_caselog_set_now_for_testing  (DiCaseLog  *self,
                                               GDateTime  *now);
void          di_caselog_set_durable     (DiCaseLog    *self,
                                          gboolean      durable);

/* --- cases ------------------------------------------------------------------------------ */

typedef struct {
  const char *report_json;           /* the `inspect --json` object */
  const char *images[DI_N_LIGHTS];   /* the scan set's image files; NULL where missing */
  const char *station;               /* NULL: the host name */
  const char *officer;               /* NULL: the OS user */
  const char *decision;              /* NULL, or accepted, refused, referred */
} DiCaseInput;

/* Appends a case in one transaction: images stored (and the crops the report names), a
 * capture and a result event, and the decision if given. Returns the case id, 0 on error. */
gint64        di_caselog_append          (DiCaseLog         *self,
                                          const DiCaseInput *input,
                                          GError           **error);

/* di_caselog_append() of an inspection report (the `inspect --json` object), written out here;
 * the case id, 0 on error */
gint64        di_caselog_append_report   (DiCaseLog         *self,
                                          JsonNode          *report,
                                          const char *const  images[DI_N_LIGHTS],
                                          const char        *station,
                                          const char        *officer,
                                          const char        *decision,
                                          GError           **error);

gboolean      di_caselog_decide          (DiCaseLog    *self,
                                          gint64        case_id,
                                          const char   *decision,
                                          const char   *officer,
                                          const char   *note,
                                          GError      **error);

/* Supervisor rights and four eyes: the reviewer (the OS user) neither logged nor decided the
 * case, under any officer id or OS account. Refusals are logged. */
gboolean      di_caselog_review          (DiCaseLog    *self,
                                          gint64        case_id,
                                          const char   *disposition,
                                          const char   *note,
                                          GError      **error);

gboolean      di_caselog_decision_is_valid    (const char *decision);
gboolean      di_caselog_disposition_is_valid (const char *disposition);

typedef struct {
  gint64  id;
  char   *uid;
  char   *created_at;       /* UTC, ISO 8601 */
  char   *station;
  char   *officer;
  char   *template_id;
  char   *verdict;          /* accept, review, reject */
  char   *failed_checks;    /* check ids, space-separated */
  char   *decision;         /* the latest officer decision, or NULL */
  char   *decided_by;
  char   *decided_at;
  char   *disposition;      /* the latest review, or NULL */
  char   *reviewed_by;
  char   *reviewed_at;
  char   *purged_at;        /* NULL unless purged */
} DiCaseSummary;

void          di_case_summary_clear      (DiCaseSummary *summary);
void          di_case_summary_copy       (const DiCaseSummary *src,
                                          DiCaseSummary       *dest);

typedef struct {
  const char *since;         /* created at or after (ISO 8601 text, UTC) */
  const char *until;         /* created before */
  const char *verdict;
  const char *officer;
  const char *station;
  const char *decision;
  const char *review_state;  /* unreviewed, reviewed, or a disposition */
  gboolean    flagged;       /* verdict review or reject */
  guint       limit;         /* 0: all */
  gboolean    newest_first;
} DiCaseFilter;

/* A bound of a filter's period from a day given as YYYY-MM-DD (UTC): the day itself for
 * `since`, with @end the day after for `until` (the last day is included); NULL when the
 * text is no calendar day */
char         *di_case_filter_day         (const char   *day,
                                          gboolean      end);

typedef void (*DiCaseFunc) (const DiCaseSummary *summary,
                            gpointer             user_data);

/* Calls @func for each case the filter selects, in id order (or newest first). */
gboolean      di_caselog_list            (DiCaseLog          *self,
                                          const DiCaseFilter *filter,
                                          DiCaseFunc          func,
                                          gpointer            user_data,
                                          GError            **error);

typedef struct {
  char   *role;              /* white, uv, ir, crop/CHECK, reference/CHECK */
  char   *sha256;
  gint64  bytes;
  char   *path;              /* the stored file */
} DiCaseImage;

typedef struct {
  gint64  id;
  gint64  case_id;           /* 0: an event of the whole log */
  char   *kind;              /* create, settings, migrate, capture, result, decision, review,
                                export, purge, refusal */
  char   *at;
  char   *actor;             /* the OS user */
  char   *station;
  char   *data;              /* canonical JSON, no personal data */
  char   *note;              /* free text; NULL after a purge */
  char   *prev_hash;
  char   *hash;
} DiCaseEvent;

typedef struct {
  DiCaseSummary summary;
  char         *report;      /* the report JSON; NULL after a purge */
  GPtrArray    *images;      /* DiCaseImage */
  GPtrArray    *events;      /* DiCaseEvent */
} DiCaseRecord;

DiCaseRecord *di_caselog_get_case        (DiCaseLog    *self,
                                          gint64        case_id,
                                          GError      **error);
void          di_case_record_free        (DiCaseRecord *record);

/* --- supervisor work ---------------------------------------------------------------------- */

typedef enum {
  DI_CASE_EXPORT_CSV,
  DI_CASE_EXPORT_JSON,
} DiCaseExportFormat;

/* Supervisor rights; the export is logged. @out_path NULL writes to stdout; files are 0600. */
gboolean      di_caselog_export          (DiCaseLog          *self,
                                          const DiCaseFilter *filter,
                                          DiCaseExportFormat  format,
                                          const char         *out_path,
                                          guint              *n_exported,
                                          GError            **error);

/* di-caselog-report.c: a PDF of one case, its images, crops and findings (supervisor). */
gboolean      di_caselog_export_pdf      (DiCaseLog    *self,
                                          gint64        case_id,
                                          const char   *out_path,
                                          GError      **error);

/* Anonymous figures: flags per day and per check, false-alarm rate per check from the
 * reviews. Returns the `cases stats --json` object. */
JsonNode     *di_caselog_stats           (DiCaseLog          *self,
                                          const DiCaseFilter *filter,
                                          GError            **error);
/* di-caselog-report.c: the stats as a chart: its size, a drawing, a PNG (0600) */
void          di_caselog_stats_chart_size (JsonNode    *stats,
                                           double      *width,
                                           double      *height);
void          di_caselog_stats_draw      (JsonNode     *stats,
                                          cairo_t      *cr);
gboolean      di_caselog_stats_chart     (JsonNode     *stats,
                                          const char   *out_path,
                                          GError      **error);

/* Supervisor rights: removes the reports, notes and images of cases created more than
 * @older_than_days days ago, keeping their anonymous columns and every event digest. */
gboolean      di_caselog_purge           (DiCaseLog    *self,
                                          guint         older_than_days,
                                          guint        *n_purged,
                                          GError      **error);

/* Supervisor rights: changes the supervisor group (logged). */
gboolean      di_caselog_set_supervisor_group (DiCaseLog  *self,
                                               const char *group,
                                               GError    **error);

typedef struct {
  gboolean intact;
  guint64  n_events;
  guint64  n_cases;
  guint64  n_images;
  char    *head_hash;        /* hash of the last event */
  /* the first broken link, when not intact */
  gint64   event_id;         /* 0: none */
  gint64   case_id;          /* 0: none */
  char    *image;            /* the image file, or NULL */
  char    *problem;          /* one sentence, nothing personal */
} DiCaseVerifyResult;

void          di_case_verify_result_clear (DiCaseVerifyResult *result);

/* Recomputes the chain, the digests of reports and notes, the case columns and the stored
 * images. FALSE with @error only when it cannot run; tampering is in @result. */
gboolean      di_caselog_verify          (DiCaseLog          *self,
                                          DiCaseVerifyResult *result,
                                          GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiCaseLog, di_caselog_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiCaseRecord, di_case_record_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiCaseSummary, di_case_summary_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DiCaseVerifyResult, di_case_verify_result_clear)

G_END_DECLS
