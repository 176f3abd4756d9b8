/* di-booth-page.c — the booth: a scan set opened, inspected, decided
 *
 * A scan set comes from the file chooser, a drop, or the reader folder when it is watched.
 * Its images show as soon as they are decoded; the inspection runs in a worker thread and
 * appends the case (images, report) to the case log, so that nothing is lost if the officer
 * never decides. The officer's decision is then a decision event of that case; a later one
 * replaces it (the log keeps both). Accepting a document the inspection rejected asks first.
 */
#define G_LOG_DOMAIN "di-booth"

#include "config.h"

#include <glib/gi18n.h>

#include "di-booth-page.h"
#include "di-reader-watch.h"
#include "di-ui-private.h"

#define READER_SETTLE_MS 400

struct _DiBoothPage {
  AdwBin            parent_instance;

  /* Template widgets */
  GtkStack         *stack;
  AdwStatusPage    *empty_page;
  GtkLabel         *reader_status;
  DiInspectionView *inspection_view;
  GtkLabel         *decision_status;

  /* Owned references */
  DiStation        *station;
  DiDocument       *document;
  DiReaderWatch    *watch;
  char             *decision;      /* recorded for the document on screen */
  char             *log_error;     /* why it could not be logged */
  gboolean          deciding;
};

G_DEFINE_FINAL_TYPE (DiBoothPage, di_booth_page, ADW_TYPE_BIN)

static void
update_decision (DiBoothPage *self)
{
  JsonObject *report = self->document != NULL ? di_document_get_report (self->document) : NULL;
  gint64 case_id = self->document != NULL ? di_document_get_case_id (self->document) : 0;
  gboolean can = report != NULL && case_id > 0 && !self->deciding;
  g_autofree char *text = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booth.decide", can);
  if (self->document == NULL)
    return;
  if (di_document_get_error (self->document) != NULL)
    text = g_strdup (_("The document could not be inspected and is not logged: decide by hand."));
  else if (report == NULL)
    text = g_strdup (_("Inspecting… the decision follows the verdict."));
  else if (case_id == 0)
    text = g_strdup (self->log_error != NULL ? self->log_error : _("The case is not logged."));
  else if (self->decision != NULL)
    text = g_strdup_printf (_("Case %lld: %s. A new decision replaces it."),
                            (long long) case_id, di_ui_decision_title (self->decision));
  else
    text = g_strdup_printf (_("Logged as case %lld. Your decision:"), (long long) case_id);
  gtk_label_set_text (self->decision_status, text);
}

static void
update_reader_status (DiBoothPage *self)
{
  GSettings *settings = self->station != NULL ? di_station_get_settings (self->station) : NULL;
  g_autofree char *folder = settings != NULL ? g_settings_get_string (settings, "reader-folder")
                                             : NULL;
  g_autofree char *text = NULL;

  if (self->watch != NULL)
    text = g_strdup_printf (_("Watching the reader folder %s: each new scan set opens here. "
                              "You can also drop a scan set folder on this window."),
                            di_reader_watch_get_folder (self->watch));
  else if (folder != NULL && *folder != '\0' && g_settings_get_boolean (settings, "watch-reader"))
    text = g_strdup_printf (_("The reader folder %s cannot be watched: see Preferences."),
                            folder);
  else
    text = g_strdup (_("Open a scan set folder (white, UV and IR images of the data page) or "
                       "drop it on this window. To open each scan set as the reader writes "
                       "it, choose the reader folder in Preferences."));
  gtk_label_set_text (self->reader_status, text);
}

/* --- opening ------------------------------------------------------------------------------ */

typedef struct {
  DiBoothPage *self;
  DiDocument  *document;
} Inspecting;

static void
inspected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Inspecting *inspecting = data;
  DiBoothPage *self = inspecting->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *log_error = NULL;

  if (!di_station_inspect_finish (DI_STATION (source), result, &log_error, &error))
    g_debug ("not inspected: %s", error->message);
  /* a document no longer on screen is inspected and logged all the same */
  if (inspecting->document == self->document)
    {
      if (log_error != NULL)
        {
          g_free (self->log_error);
          self->log_error = g_strdup_printf (_("Not logged: %s"), log_error);
          di_ui_toast (GTK_WIDGET (self), self->log_error);
        }
      update_decision (self);
    }
  g_object_unref (inspecting->self);
  g_object_unref (inspecting->document);
  g_free (inspecting);
}

/* Once its images are decoded, a document is inspected, whether still on screen or not */
static void
document_loaded_cb (DiDocument  *document,
                    GParamSpec  *pspec,
                    DiBoothPage *self)
{
  Inspecting *inspecting = g_new0 (Inspecting, 1);

  g_signal_handlers_disconnect_by_func (document, document_loaded_cb, self);
  inspecting->self = g_object_ref (self);
  inspecting->document = g_object_ref (document);
  di_station_inspect_async (self->station, document, inspected_cb, inspecting);
}

static void
set_document (DiBoothPage *self,
              DiDocument  *document)
{
  if (self->document != NULL && di_document_get_case_id (self->document) > 0 &&
      self->decision == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Case %lld was left without a decision."),
                         (long long) di_document_get_case_id (self->document));

      di_ui_toast (GTK_WIDGET (self), message);
    }
  g_set_object (&self->document, document);
  g_clear_pointer (&self->decision, g_free);
  g_clear_pointer (&self->log_error, g_free);
  di_inspection_view_set_document (self->inspection_view, document);
  gtk_stack_set_visible_child_name (self->stack, document != NULL ? "document" : "empty");
  update_decision (self);
}

gboolean
di_booth_page_open_folder (DiBoothPage *self,
                           const char  *folder)
{
  g_autoptr (DiDocument) document = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (DI_IS_BOOTH_PAGE (self), FALSE);
  g_return_val_if_fail (self->station != NULL, FALSE);
  document = di_document_new_for_folder (folder, &error);
  if (document == NULL)
    {
      di_ui_toast (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  /* the images first: they show at once, and the inspection takes their pixels */
  g_signal_connect_object (document, "notify::loaded", G_CALLBACK (document_loaded_cb), self,
                           0);
  di_document_load_images (document);
  set_document (self, document);
  gtk_widget_grab_focus (GTK_WIDGET (di_inspection_view_get_page_view (self->inspection_view)));
  return TRUE;
}

gboolean
di_booth_page_open_files (DiBoothPage *self,
                          GSList      *files)
{
  g_autofree char *path = NULL;
  GFile *first;

  g_return_val_if_fail (DI_IS_BOOTH_PAGE (self), FALSE);
  if (files == NULL)
    return FALSE;
  first = files->data;
  path = g_file_get_path (first);
  if (path == NULL)
    {
      di_ui_toast (GTK_WIDGET (self), _("Only local folders can be opened."));
      return FALSE;
    }
  /* an image of a scan set stands for its folder */
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      char *folder = g_path_get_dirname (path);

      g_free (path);
      path = folder;
    }
  if (files->next != NULL && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      gboolean all_images = TRUE;

      for (GSList *l = files; l != NULL; l = l->next)
        {
          g_autofree char *p = g_file_get_path (l->data);

          all_images &= p != NULL && !g_file_test (p, G_FILE_TEST_IS_DIR);
        }
      if (!all_images)
        di_ui_toast (GTK_WIDGET (self), _("One scan set at a time: the first is opened."));
    }
  return di_booth_page_open_folder (self, path);
}

static void
folder_chosen_cb (const char *path,
                  gpointer    data)
{
  DiBoothPage *self = data;

  if (path != NULL)
    di_booth_page_open_folder (self, path);
  g_object_unref (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  di_ui_choose_path (widget, _("Open a Scan Set"), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, NULL,
                     folder_chosen_cb, g_object_ref (widget));
}

static void
open_path_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  di_booth_page_open_folder (DI_BOOTH_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       data)
{
  GdkFileList *list = g_value_get_boxed (value);
  g_autoptr (GSList) files = list != NULL ? gdk_file_list_get_files (list) : NULL;

  return di_booth_page_open_files (DI_BOOTH_PAGE (data), files);
}

static void
reader_scan_set_cb (DiReaderWatch *watch,
                    const char    *path,
                    gpointer       data)
{
  DiBoothPage *self = data;

  g_debug ("the reader wrote a scan set");
  di_booth_page_open_folder (self, path);
}

static void
reader_problem_cb (DiReaderWatch *watch,
                   const char    *message,
                   gpointer       data)
{
  di_ui_toast (GTK_WIDGET (data), message);
}

static void
update_watch (DiBoothPage *self)
{
  GSettings *settings = di_station_get_settings (self->station);
  g_autofree char *folder = g_settings_get_string (settings, "reader-folder");
  g_autoptr (GError) error = NULL;

  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      g_clear_object (&self->watch);
    }
  if (*folder != '\0' && g_settings_get_boolean (settings, "watch-reader"))
    {
      self->watch = di_reader_watch_new (folder, READER_SETTLE_MS, &error);
      if (self->watch != NULL)
        {
          g_signal_connect (self->watch, "scan-set", G_CALLBACK (reader_scan_set_cb), self);
          g_signal_connect (self->watch, "problem", G_CALLBACK (reader_problem_cb), self);
        }
      else
        di_ui_toast (GTK_WIDGET (self), error->message);
    }
  update_reader_status (self);
}

/* --- deciding ----------------------------------------------------------------------------- */

typedef struct {
  DiBoothPage *self;
  DiDocument  *document;
  char        *decision;
} Decision;

static void
decided_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Decision *d = data;
  DiBoothPage *self = d->self;
  g_autoptr (GError) error = NULL;

  self->deciding = FALSE;
  if (!di_station_decide_finish (DI_STATION (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The decision was not recorded: %s"),
                                                  error->message);

      di_ui_toast (GTK_WIDGET (self), message);
    }
  else if (d->document == self->document)
    {
      g_autofree char *message =
        g_strdup_printf (_("Case %lld: %s."),
                         (long long) di_document_get_case_id (d->document),
                         di_ui_decision_title (d->decision));

      g_free (self->decision);
      self->decision = g_strdup (d->decision);
      di_ui_toast (GTK_WIDGET (self), message);
    }
  update_decision (self);
  g_object_unref (d->self);
  g_object_unref (d->document);
  g_free (d->decision);
  g_free (d);
}

static void
decide (DiBoothPage *self,
        const char  *decision)
{
  Decision *d = g_new0 (Decision, 1);

  d->self = g_object_ref (self);
  d->document = g_object_ref (self->document);
  d->decision = g_strdup (decision);
  self->deciding = TRUE;
  update_decision (self);
  di_station_decide_async (self->station, di_document_get_case_id (self->document), decision,
                           decided_cb, d);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          data)
{
  DiBoothPage *self = data;

  if (g_str_equal (response, "accept") && self->document != NULL)
    decide (self, "accepted");
  g_object_unref (self);
}

static void
decide_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  DiBoothPage *self = DI_BOOTH_PAGE (widget);
  const char *decision = g_variant_get_string (parameter, NULL);
  GtkWidget *dialog;

  if (self->document == NULL || di_document_get_case_id (self->document) == 0 ||
      !di_caselog_decision_is_valid (decision))
    return;
  if (!g_str_equal (decision, "accepted") ||
      g_strcmp0 (di_document_get_verdict (self->document), "reject") != 0)
    {
      decide (self, decision);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Accept a Rejected Document?"),
                                   _("A critical check failed on this document. Accept it only "
                                     "if you have verified it by other means; the case log "
                                     "records your decision against the verdict."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "accept", _("_Accept Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cycle_light_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  di_inspection_view_cycle_light (DI_BOOTH_PAGE (widget)->inspection_view);
}

/* --- object ------------------------------------------------------------------------------- */

static void
di_booth_page_dispose (GObject *object)
{
  DiBoothPage *self = DI_BOOTH_PAGE (object);

  if (self->watch != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->watch, self);
      g_clear_object (&self->watch);
    }
  if (self->station != NULL)
    g_signal_handlers_disconnect_by_data (di_station_get_settings (self->station), self);
  g_clear_object (&self->station);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (di_booth_page_parent_class)->dispose (object);
}

static void
di_booth_page_finalize (GObject *object)
{
  g_free (DI_BOOTH_PAGE (object)->decision);
  g_free (DI_BOOTH_PAGE (object)->log_error);
  G_OBJECT_CLASS (di_booth_page_parent_class)->finalize (object);
}

static void
di_booth_page_class_init (DiBoothPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = di_booth_page_dispose;
  object_class->finalize = di_booth_page_finalize;

  g_type_ensure (DI_TYPE_INSPECTION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, DI_RESOURCE_PATH
                                               "/di-booth-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DiBoothPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DiBoothPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DiBoothPage, reader_status);
  gtk_widget_class_bind_template_child (widget_class, DiBoothPage, inspection_view);
  gtk_widget_class_bind_template_child (widget_class, DiBoothPage, decision_status);

  gtk_widget_class_install_action (widget_class, "booth.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "booth.open-path", "s", open_path_action);
  gtk_widget_class_install_action (widget_class, "booth.decide", "s", decide_action);
  gtk_widget_class_install_action (widget_class, "booth.cycle-light", NULL, cycle_light_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "booth.cycle-light", NULL);
  /* the buttons' mnemonics too, but these hold whatever letters a translation underlines */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_ALT_MASK, "booth.decide", "s",
                                       "accepted");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_ALT_MASK, "booth.decide", "s",
                                       "refused");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_ALT_MASK, "booth.decide", "s",
                                       "referred");
}

static void
di_booth_page_init (DiBoothPage *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "booth.decide", FALSE);
}

void
di_booth_page_set_station (DiBoothPage *self,
                           DiStation   *station)
{
  GSettings *settings;

  g_return_if_fail (DI_IS_BOOTH_PAGE (self));
  g_return_if_fail (self->station == NULL);
  self->station = g_object_ref (station);
  di_inspection_view_set_station (self->inspection_view, station);
  settings = di_station_get_settings (station);
  g_signal_connect_swapped (settings, "changed::reader-folder", G_CALLBACK (update_watch), self);
  g_signal_connect_swapped (settings, "changed::watch-reader", G_CALLBACK (update_watch), self);
  update_watch (self);
}

DiDocument *
di_booth_page_get_document (DiBoothPage *self)
{
  g_return_val_if_fail (DI_IS_BOOTH_PAGE (self), NULL);
  return self->document;
}

DiInspectionView *
di_booth_page_get_inspection_view (DiBoothPage *self)
{
  g_return_val_if_fail (DI_IS_BOOTH_PAGE (self), NULL);
  return self->inspection_view;
}

const char *
di_booth_page_get_decision (DiBoothPage *self)
{
  g_return_val_if_fail (DI_IS_BOOTH_PAGE (self), NULL);
  return self->decision;
}

const char *
di_booth_page_get_status (DiBoothPage *self)
{
  g_return_val_if_fail (DI_IS_BOOTH_PAGE (self), NULL);
  return gtk_label_get_text (self->decision_status);
}
