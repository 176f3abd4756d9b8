/* di-station.c — the inspection engines, the case log and the templates of a workstation
 *
 * Every slow call (an inspection, anything on the case log, decoding a reference image) runs
 * in a worker thread, so the window never waits. An inspection keeps both processors busy
 * for most of a second: it runs in a thread of its own at a lower priority (nice 10, which
 * the threads it starts inherit), so that on a two-core booth the window and the decoding of
 * the images to show are not starved by it. The inspector and the log are each
 * used by one thread at a time (a mutex each); settings are read on the main thread and
 * handed to the worker with the job.
 */
#define G_LOG_DOMAIN "di-station"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/resource.h>

#include "di-app.h"
#include "di-inspect.h"
#include "di-station.h"
#include "di-ui-private.h"

struct _DiStation {
  GObject      parent_instance;

  GSettings   *settings;

  GMutex       engine_lock;
  DiInspector *inspector;        /* engine_lock */
  char        *inspector_key;    /* the templates and policy it was made with */

  GMutex       log_lock;
  DiCaseLog   *log;              /* log_lock */

  char        *templates_dir;    /* the folder these were read from; main thread: */
  GHashTable  *templates;        /* id → DiTemplate */
  GHashTable  *references;       /* "ID/light" → DiRgb */
};

G_DEFINE_FINAL_TYPE (DiStation, di_station, G_TYPE_OBJECT)

static void
di_station_finalize (GObject *object)
{
  DiStation *self = DI_STATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->inspector, di_inspector_free);
  g_free (self->inspector_key);
  g_clear_pointer (&self->log, di_caselog_free);
  g_mutex_clear (&self->engine_lock);
  g_mutex_clear (&self->log_lock);
  g_free (self->templates_dir);
  g_hash_table_unref (self->templates);
  g_hash_table_unref (self->references);
  G_OBJECT_CLASS (di_station_parent_class)->finalize (object);
}

static void
di_station_class_init (DiStationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = di_station_finalize;
}

static void
di_station_init (DiStation *self)
{
  g_mutex_init (&self->engine_lock);
  g_mutex_init (&self->log_lock);
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) di_template_unref);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) di_rgb_free);
}

DiStation *
di_station_new (GSettings *settings)
{
  DiStation *self = g_object_new (DI_TYPE_STATION, NULL);

  self->settings = g_object_ref (settings);
  return self;
}

GSettings *
di_station_get_settings (DiStation *self)
{
  g_return_val_if_fail (DI_IS_STATION (self), NULL);
  return self->settings;
}

/* A string setting, NULL when empty */
static char *
setting (DiStation  *self,
         const char *key)
{
  char *value = g_settings_get_string (self->settings, key);

  if (*value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* The case log: the setting, else $DOCINSPECT_LOG, else the user's data folder */
static char *
log_path (DiStation *self)
{
  char *path = setting (self, "case-log");
  const char *env = g_getenv ("DOCINSPECT_LOG");

  if (path != NULL)
    return path;
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "docinspect", "cases.db", NULL);
}

/* --- threads ------------------------------------------------------------------------------ */

#define ENGINE_NICE 10

typedef struct {
  GTask           *task;
  GTaskThreadFunc  func;
} Niced;

static gpointer
niced_thread (gpointer data)
{
  Niced *n = data;

  /* on Linux the nice value is the calling thread's own: the rest of the process keeps its
   * priority. A thread of its own, because a pool thread could not get its priority back. */
  if (setpriority (PRIO_PROCESS, 0, ENGINE_NICE) != 0)
    g_debug ("the engine thread keeps its priority");
  n->func (n->task, g_task_get_source_object (n->task), g_task_get_task_data (n->task),
           g_task_get_cancellable (n->task));
  g_object_unref (n->task);
  g_free (n);
  return NULL;
}

/* Like g_task_run_in_thread(), in a new thread at a lower priority */
static void
run_in_niced_thread (GTask           *task,
                     GTaskThreadFunc  func)
{
  Niced *n = g_new0 (Niced, 1);

  n->task = g_object_ref (task);
  n->func = func;
  g_thread_unref (g_thread_new ("di-engine", niced_thread, n));
}

/* --- jobs --------------------------------------------------------------------------------- */

typedef enum {
  LOG_DECIDE,
  LOG_REVIEW,
  LOG_LIST,
  LOG_GET_CASE,
  LOG_EXPORT_CSV,
  LOG_EXPORT_JSON,
  LOG_EXPORT_PDF,
  LOG_STATS,
} LogOp;

typedef struct {
  DiStation   *station;
  char        *templates;    /* NULL: the default */
  char        *policy;
  char        *log_path;
  char        *officer;      /* NULL: the OS user */
  char        *station_id;   /* NULL: the host name */
  /* inspection */
  DiDocument  *document;     /* its images decoded: the inspection takes their pixels */
  char        *name;
  char        *images[DI_N_LIGHTS];
  /* case log */
  gint64       case_id;
  char        *decision;
  char        *note;
  DiCaseFilter filter;
  LogOp        op;
  char        *path;
} Job;

static void
filter_copy (const DiCaseFilter *src,
             DiCaseFilter       *dest)
{
  *dest = *src;
  dest->since = g_strdup (src->since);
  dest->until = g_strdup (src->until);
  dest->verdict = g_strdup (src->verdict);
  dest->officer = g_strdup (src->officer);
  dest->station = g_strdup (src->station);
  dest->decision = g_strdup (src->decision);
  dest->review_state = g_strdup (src->review_state);
}

static void
filter_clear (DiCaseFilter *f)
{
  g_free ((char *) f->since);
  g_free ((char *) f->until);
  g_free ((char *) f->verdict);
  g_free ((char *) f->officer);
  g_free ((char *) f->station);
  g_free ((char *) f->decision);
  g_free ((char *) f->review_state);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_object_unref (job->station);
  g_free (job->templates);
  g_free (job->policy);
  g_free (job->log_path);
  g_free (job->officer);
  g_free (job->station_id);
  g_clear_object (&job->document);
  g_free (job->name);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_free (job->images[l]);
  g_free (job->decision);
  g_free (job->note);
  filter_clear (&job->filter);
  g_free (job->path);
  g_free (job);
}

/* A job with the settings it needs, read here on the main thread */
static Job *
job_new (DiStation *self)
{
  Job *job = g_new0 (Job, 1);

  job->station = g_object_ref (self);
  job->templates = setting (self, "templates-folder");
  job->policy = setting (self, "policy");
  job->log_path = log_path (self);
  job->officer = setting (self, "officer-id");   /* NULL: the log takes the OS user */
  job->station_id = setting (self, "station-id");
  return job;
}

static GTask *
job_task (DiStation          *self,
          Job                *job,
          GAsyncReadyCallback callback,
          gpointer            user_data,
          gpointer            source_tag)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, job_free);
  return task;
}

/* The inspector for the job's templates and policy (engine_lock held) */
static DiInspector *
ensure_inspector (DiStation *self,
                  Job       *job,
                  GError   **error)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s", job->templates ? job->templates : "",
                                          job->policy ? job->policy : "");

  if (self->inspector != NULL && g_strcmp0 (key, self->inspector_key) == 0)
    return self->inspector;
  g_clear_pointer (&self->inspector, di_inspector_free);
  self->inspector = di_inspector_new (job->templates, job->policy, error);
  g_free (self->inspector_key);
  self->inspector_key = self->inspector != NULL ? g_steal_pointer (&key) : NULL;
  return self->inspector;
}

/* The log at the job's path, opened (or created) once (log_lock held) */
static DiCaseLog *
ensure_log (DiStation *self,
            Job       *job,
            GError   **error)
{
  if (self->log != NULL && g_strcmp0 (di_caselog_get_path (self->log), job->log_path) == 0)
    return self->log;
  g_clear_pointer (&self->log, di_caselog_free);
  {
    g_autofree char *folder = g_path_get_dirname (job->log_path);

    /* the log's own folder is private, as the log is */
    if (g_mkdir_with_parents (folder, 0700) != 0)
      {
        g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_OPEN,
                     _("Cannot create the folder of the case log %s"), job->log_path);
        return NULL;
      }
  }
  self->log = di_caselog_open (job->log_path, error);
  return self->log;
}

static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  DiStation *self = source;
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&self->engine_lock);
  if (ensure_inspector (self, data, &error) == NULL)
    g_debug ("the engines could not be loaded: %s", error->message);
  g_mutex_unlock (&self->engine_lock);
  g_task_return_boolean (task, TRUE);
}

void
di_station_prepare (DiStation *self)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (DI_IS_STATION (self));
  task = job_task (self, job_new (self), NULL, NULL, di_station_prepare);
  run_in_niced_thread (task, prepare_thread);
}

/* The log, open and locked for this thread until log_release(); NULL (unlocked) with
 * @error when it cannot be opened */
static DiCaseLog *
log_acquire (DiStation *self,
             Job       *job,
             GError   **error)
{
  DiCaseLog *log;

  g_mutex_lock (&self->log_lock);
  log = ensure_log (self, job, error);
  if (log == NULL)
    g_mutex_unlock (&self->log_lock);
  return log;
}

static void
log_release (DiStation *self)
{
  g_mutex_unlock (&self->log_lock);
}

/* --- inspection --------------------------------------------------------------------------- */

typedef struct {
  JsonNode *report;
  gint64    case_id;
  char     *log_error;
} Inspected;

static void
inspected_free (gpointer data)
{
  Inspected *r = data;

  g_clear_pointer (&r->report, json_node_unref);
  g_free (r->log_error);
  g_free (r);
}

static void
inspect_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  DiStation *self = source;
  Job *job = data;
  DiInspectRequest request = { job->name };
  g_autoptr (DiInspection) inspection = NULL;
  g_autofree char *crops = NULL;
  GError *error = NULL;
  DiCaseLog *log;
  Inspected *out;

  /* the crops of failed checks go to a private folder of the log, which stores them */
  log = log_acquire (self, job, NULL);
  if (log != NULL)
    {
      crops = g_strdup (di_caselog_get_crops_dir (log));
      log_release (self);
    }
  /* the pixels the window decoded, not decoded a second time; they change no more */
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      request.images[l] = job->images[l];
      request.decoded[l] = di_document_get_rgb (job->document, l);
    }
  request.crops_dir = crops;
  g_date_clear (&request.reference, 1);

  g_mutex_lock (&self->engine_lock);
  if (ensure_inspector (self, job, &error) != NULL)
    inspection = di_inspector_inspect (self->inspector, &request, &error);
  g_mutex_unlock (&self->engine_lock);
  if (inspection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  out = g_new0 (Inspected, 1);
  out->report = di_report_inspection_json (inspection);
  log = log_acquire (self, job, &error);
  if (log != NULL)
    {
      out->case_id = di_caselog_append_report (log, out->report,
                                               (const char *const *) job->images,
                                               job->station_id, job->officer, NULL, &error);
      log_release (self);
    }
  if (out->case_id == 0)
    {
      out->log_error = g_strdup (error->message);
      g_clear_error (&error);
    }
  g_task_return_pointer (task, out, inspected_free);
}

void
di_station_inspect_async (DiStation          *self,
                          DiDocument         *document,
                          GAsyncReadyCallback callback,
                          gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_if_fail (DI_IS_STATION (self));
  g_return_if_fail (DI_IS_DOCUMENT (document));
  g_return_if_fail (di_document_get_loaded (document));
  job = job_new (self);
  job->document = g_object_ref (document);
  job->name = g_strdup (di_document_get_name (document));
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    job->images[l] = g_strdup (di_document_get_path (document, l));
  task = job_task (self, job, callback, user_data, di_station_inspect_async);
  run_in_niced_thread (task, inspect_thread);
}

gboolean
di_station_inspect_finish (DiStation    *self,
                           GAsyncResult *result,
                           char        **log_error,
                           GError      **error)
{
  DiDocument *document = ((Job *) g_task_get_task_data (G_TASK (result)))->document;
  g_autoptr (GError) local = NULL;
  Inspected *out;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  out = g_task_propagate_pointer (G_TASK (result), &local);
  if (log_error != NULL)
    *log_error = NULL;
  if (out == NULL)
    {
      di_document_set_error (document, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  di_document_set_case_id (document, out->case_id);
  di_document_set_report (document, out->report);
  if (log_error != NULL)
    *log_error = g_steal_pointer (&out->log_error);
  inspected_free (out);
  return TRUE;
}

/* --- the case log ------------------------------------------------------------------------- */

struct _DiCaseItem {
  GObject       parent_instance;
  DiCaseSummary summary;
};

G_DEFINE_FINAL_TYPE (DiCaseItem, di_case_item, G_TYPE_OBJECT)

static void
di_case_item_finalize (GObject *object)
{
  di_case_summary_clear (&DI_CASE_ITEM (object)->summary);
  G_OBJECT_CLASS (di_case_item_parent_class)->finalize (object);
}

static void
di_case_item_class_init (DiCaseItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = di_case_item_finalize;
}

static void
di_case_item_init (DiCaseItem *self)
{
}

const DiCaseSummary *
di_case_item_get_summary (DiCaseItem *self)
{
  g_return_val_if_fail (DI_IS_CASE_ITEM (self), NULL);
  return &self->summary;
}

typedef struct {
  GListStore *store;
  gboolean    supervisor;
  char       *group;
} Listed;

static void
listed_free (gpointer data)
{
  Listed *l = data;

  g_clear_object (&l->store);
  g_free (l->group);
  g_free (l);
}

static void
add_case_cb (const DiCaseSummary *summary,
             gpointer             user_data)
{
  DiCaseItem *item = g_object_new (DI_TYPE_CASE_ITEM, NULL);

  di_case_summary_copy (summary, &item->summary);
  g_list_store_append (user_data, item);
  g_object_unref (item);
}

/* One operation on the log, in a worker thread, the log held for it alone. Its result is a
 * pointer (list, case, stats) or a count (decide, review: 1; export: the cases). */
static void
log_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  DiStation *self = source;
  Job *job = data;
  GError *error = NULL;
  DiCaseLog *log = log_acquire (self, job, &error);
  gpointer result = NULL;
  GDestroyNotify result_free = NULL;
  gboolean ok = FALSE;
  guint n = 0;

  if (log == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  switch (job->op)
    {
    case LOG_DECIDE:
      ok = di_caselog_decide (log, job->case_id, job->decision, job->officer, NULL, &error);
      n = 1;
      break;
    case LOG_REVIEW:
      ok = di_caselog_review (log, job->case_id, job->decision, job->note, &error);
      n = 1;
      break;
    case LOG_LIST:
      {
        Listed *listed = g_new0 (Listed, 1);

        listed->store = g_list_store_new (DI_TYPE_CASE_ITEM);
        ok = di_caselog_list (log, &job->filter, add_case_cb, listed->store, &error);
        listed->supervisor = di_caselog_is_supervisor (log);
        listed->group = di_caselog_get_supervisor_group (log);
        result = listed;
        result_free = listed_free;
      }
      break;
    case LOG_GET_CASE:
      result = di_caselog_get_case (log, job->case_id, &error);
      result_free = (GDestroyNotify) di_case_record_free;
      ok = result != NULL;
      break;
    case LOG_EXPORT_PDF:
      ok = di_caselog_export_pdf (log, job->case_id, job->path, &error);
      n = 1;
      break;
    case LOG_EXPORT_CSV:
    case LOG_EXPORT_JSON:
      ok = di_caselog_export (log, &job->filter,
                              job->op == LOG_EXPORT_CSV ? DI_CASE_EXPORT_CSV : DI_CASE_EXPORT_JSON,
                              job->path, &n, &error);
      break;
    case LOG_STATS:
      result = di_caselog_stats (log, &job->filter, &error);
      result_free = (GDestroyNotify) json_node_unref;
      ok = result != NULL;
      break;
    }
  log_release (self);
  if (!ok)
    {
      if (result != NULL)
        result_free (result);
      g_task_return_error (task, error);
    }
  else if (result_free != NULL)
    g_task_return_pointer (task, result, result_free);
  else
    g_task_return_int (task, n);
}

static void
run_log_job (DiStation          *self,
             Job                *job,
             LogOp               op,
             GAsyncReadyCallback callback,
             gpointer            user_data,
             gpointer            source_tag)
{
  g_autoptr (GTask) task = NULL;

  job->op = op;
  task = job_task (self, job, callback, user_data, source_tag);
  g_task_run_in_thread (task, log_thread);
}

static gboolean
log_job_finish (DiStation    *self,
                GAsyncResult *result,
                guint        *n,
                GError      **error)
{
  gssize count;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  count = g_task_propagate_int (G_TASK (result), error);
  if (count < 0)
    return FALSE;
  if (n != NULL)
    *n = (guint) count;
  return TRUE;
}

void
di_station_decide_async (DiStation          *self,
                         gint64              case_id,
                         const char         *decision,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  Job *job;

  g_return_if_fail (DI_IS_STATION (self));
  job = job_new (self);
  job->case_id = case_id;
  job->decision = g_strdup (decision);
  run_log_job (self, job, LOG_DECIDE, callback, user_data, di_station_decide_async);
}

gboolean
di_station_decide_finish (DiStation    *self,
                          GAsyncResult *result,
                          GError      **error)
{
  return log_job_finish (self, result, NULL, error);
}

void
di_station_list_cases_async (DiStation          *self,
                             const DiCaseFilter *filter,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  Job *job;

  g_return_if_fail (DI_IS_STATION (self));
  job = job_new (self);
  filter_copy (filter, &job->filter);
  run_log_job (self, job, LOG_LIST, callback, user_data, di_station_list_cases_async);
}

GListStore *
di_station_list_cases_finish (DiStation    *self,
                              GAsyncResult *result,
                              gboolean     *supervisor,
                              char        **supervisor_group,
                              GError      **error)
{
  Listed *out;
  GListStore *store;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  out = g_task_propagate_pointer (G_TASK (result), error);
  if (out == NULL)
    return NULL;
  store = g_steal_pointer (&out->store);
  if (supervisor != NULL)
    *supervisor = out->supervisor;
  if (supervisor_group != NULL)
    *supervisor_group = g_steal_pointer (&out->group);
  listed_free (out);
  return store;
}

void
di_station_get_case_async (DiStation          *self,
                           gint64              case_id,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  Job *job;

  g_return_if_fail (DI_IS_STATION (self));
  job = job_new (self);
  job->case_id = case_id;
  run_log_job (self, job, LOG_GET_CASE, callback, user_data, di_station_get_case_async);
}

DiCaseRecord *
di_station_get_case_finish (DiStation    *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
di_station_review_async (DiStation          *self,
                         gint64              case_id,
                         const char         *disposition,
                         const char         *note,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  Job *job;

  g_return_if_fail (DI_IS_STATION (self));
  job = job_new (self);
  job->case_id = case_id;
  job->decision = g_strdup (disposition);
  job->note = note != NULL && *note != '\0' ? g_strdup (note) : NULL;
  run_log_job (self, job, LOG_REVIEW, callback, user_data, di_station_review_async);
}

gboolean
di_station_review_finish (DiStation    *self,
                          GAsyncResult *result,
                          GError      **error)
{
  return log_job_finish (self, result, NULL, error);
}

void
di_station_export_async (DiStation          *self,
                         DiStationExport     format,
                         const DiCaseFilter *filter,
                         gint64              case_id,
                         const char         *path,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  DiCaseFilter none = { NULL };
  Job *job;

  g_return_if_fail (DI_IS_STATION (self));
  g_return_if_fail (path != NULL);
  job = job_new (self);
  filter_copy (filter != NULL ? filter : &none, &job->filter);
  job->case_id = case_id;
  job->path = g_strdup (path);
  run_log_job (self, job,
               format == DI_STATION_EXPORT_PDF ? LOG_EXPORT_PDF
               : format == DI_STATION_EXPORT_CSV ? LOG_EXPORT_CSV : LOG_EXPORT_JSON,
               callback, user_data, di_station_export_async);
}

gboolean
di_station_export_finish (DiStation    *self,
                          GAsyncResult *result,
                          guint        *n_exported,
                          GError      **error)
{
  return log_job_finish (self, result, n_exported, error);
}

void
di_station_stats_async (DiStation          *self,
                        const DiCaseFilter *filter,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  Job *job;

  g_return_if_fail (DI_IS_STATION (self));
  job = job_new (self);
  filter_copy (filter, &job->filter);
  run_log_job (self, job, LOG_STATS, callback, user_data, di_station_stats_async);
}

JsonNode *
di_station_stats_finish (DiStation    *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- templates ---------------------------------------------------------------------------- */

/* The templates of the folder the settings name, read once for each folder */
DiTemplate *
di_station_get_template (DiStation  *self,
                         const char *id)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (DI_IS_STATION (self), NULL);
  if (id == NULL)
    return NULL;
  folder = setting (self, "templates-folder");
  if (folder == NULL)
    folder = di_template_default_dir ();
  if (g_strcmp0 (folder, self->templates_dir) != 0)
    {
      g_autoptr (GPtrArray) all = di_template_list (folder);

      g_hash_table_remove_all (self->templates);
      g_hash_table_remove_all (self->references);
      for (guint i = 0; all != NULL && i < all->len; i++)
        g_hash_table_insert (self->templates, g_strdup (di_template_get_id (all->pdata[i])),
                             di_template_ref (all->pdata[i]));
      g_free (self->templates_dir);
      self->templates_dir = g_steal_pointer (&folder);
    }
  return g_hash_table_lookup (self->templates, id);
}

static void
reference_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  DiRgb *rgb = di_ocr_load_rgb (data, &error);

  if (rgb == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rgb, (GDestroyNotify) di_rgb_free);
}

void
di_station_load_reference_async (DiStation          *self,
                                 const char         *template_id,
                                 DiLight             light,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  DiTemplate *template = di_station_get_template (self, template_id);
  g_autofree char *key = g_strdup_printf ("%s/%d", template_id, light);
  g_autoptr (GTask) task = g_task_new (self, NULL, callback, user_data);
  const DiRgb *cached = g_hash_table_lookup (self->references, key);

  g_task_set_source_tag (task, di_station_load_reference_async);
  if (cached != NULL)
    {
      /* the station keeps it: nothing to free */
      g_task_return_pointer (task, (gpointer) cached, NULL);
      return;
    }
  if (template == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("There is no template %s."), template_id);
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "key", g_steal_pointer (&key), g_free);
  g_task_set_task_data (task, di_template_get_image_path (template, light), g_free);
  g_task_run_in_thread (task, reference_thread);
}

/**
 * di_station_load_reference_finish:
 *
 * Returns: (transfer none) (nullable): the reference image, kept by the station
 */
const DiRgb *
di_station_load_reference_finish (DiStation    *self,
                                  GAsyncResult *result,
                                  GError      **error)
{
  const char *key = g_object_get_data (G_OBJECT (result), "key");
  gpointer value;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return NULL;
  if (key == NULL)
    return value;   /* it was there already */
  /* decoded twice by two requests at once: the first one stays */
  if (g_hash_table_contains (self->references, key))
    {
      di_rgb_free (value);
      return g_hash_table_lookup (self->references, key);
    }
  g_hash_table_insert (self->references, g_strdup (key), value);
  return value;
}
