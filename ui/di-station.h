/* di-station.h — what a workstation holds for its views: the inspection engines, the case
 * log, the reference templates, the settings; all slow work in worker threads */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "di-caselog.h"
#include "di-document.h"
#include "di-template.h"

G_BEGIN_DECLS

#define DI_TYPE_STATION (di_station_get_type ())
G_DECLARE_FINAL_TYPE (DiStation, di_station, DI, STATION, GObject)

DiStation    *di_station_new             (GSettings           *settings);
GSettings    *di_station_get_settings    (DiStation           *self);

/* Loads the engines in a worker thread now, so that the first inspection does not wait. */
void          di_station_prepare         (DiStation           *self);

/* Inspects @document, its images loaded (di_document_get_loaded()), in a worker thread from
 * the pixels decoded for the window, and appends it to the case log; the report (or the
 * error) and the case id are set on the document. */
void          di_station_inspect_async   (DiStation           *self,
                                          DiDocument          *document,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* FALSE with @error when the document could not be inspected; TRUE with @log_error set when
 * it was inspected but could not be logged */
gboolean      di_station_inspect_finish  (DiStation           *self,
                                          GAsyncResult        *result,
                                          char               **log_error,
                                          GError             **error);

void          di_station_decide_async    (DiStation           *self,
                                          gint64               case_id,
                                          const char          *decision,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      di_station_decide_finish   (DiStation           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* The cases a filter selects (DiCaseItem), with whether this user may supervise */
void          di_station_list_cases_async (DiStation          *self,
                                           const DiCaseFilter *filter,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
GListStore   *di_station_list_cases_finish (DiStation         *self,
                                            GAsyncResult      *result,
                                            gboolean          *supervisor,
                                            char             **supervisor_group,
                                            GError           **error);

void          di_station_get_case_async  (DiStation           *self,
                                          gint64               case_id,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
DiCaseRecord *di_station_get_case_finish (DiStation           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

void          di_station_review_async    (DiStation           *self,
                                          gint64               case_id,
                                          const char          *disposition,
                                          const char          *note,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      di_station_review_finish   (DiStation           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

typedef enum {
  DI_STATION_EXPORT_CSV,
  DI_STATION_EXPORT_JSON,
  DI_STATION_EXPORT_PDF,    /* one case */
} DiStationExport;

void          di_station_export_async    (DiStation           *self,
                                          DiStationExport      format,
                                          const DiCaseFilter  *filter,
                                          gint64               case_id,
                                          const char          *path,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      di_station_export_finish   (DiStation           *self,
                                          GAsyncResult        *result,
                                          guint               *n_exported,
                                          GError             **error);

void          di_station_stats_async     (DiStation           *self,
                                          const DiCaseFilter  *filter,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonNode     *di_station_stats_finish    (DiStation           *self,
                                          GAsyncResult        *result,
                                          GError             **error);

/* A template by id (cached); NULL when there is none */
DiTemplate   *di_station_get_template    (DiStation           *self,
                                          const char          *id);
/* The reference image of a template under a light, decoded in a worker thread (cached) */
void          di_station_load_reference_async (DiStation      *self,
                                               const char     *template_id,
                                               DiLight         light,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
/* The pixels, kept by the station */
const DiRgb  *di_station_load_reference_finish (DiStation     *self,
                                                GAsyncResult  *result,
                                                GError       **error);

/* A case of the log as a list item */
#define DI_TYPE_CASE_ITEM (di_case_item_get_type ())
G_DECLARE_FINAL_TYPE (DiCaseItem, di_case_item, DI, CASE_ITEM, GObject)

const DiCaseSummary *di_case_item_get_summary (DiCaseItem *self);

G_END_DECLS
