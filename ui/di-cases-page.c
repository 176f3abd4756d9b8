/* di-cases-page.c — the supervisor's case log
 *
 * The list is the log's cases (newest first, at most LIST_LIMIT) the filters select, in a
 * GtkColumnView. A case opens in the same inspection view as the booth's, from the images and
 * the report the log stored, with two more pages in its sidebar: the review form and the
 * history of its events. The log itself enforces the rules (supervisor group, four eyes, a
 * note for a review against the verdict); a refusal is shown as the log words it.
 */
#define G_LOG_DOMAIN "di-cases"

#include "config.h"

#include <glib/gi18n.h>

#include "di-cases-page.h"
#include "di-ui-private.h"

#define LIST_LIMIT 5000
#define FILTER_DELAY_MS 300

struct _DiCasesPage {
  AdwBin            parent_instance;

  /* Template widgets */
  GtkStack         *stack;
  GtkDropDown      *verdict_filter;
  GtkDropDown      *review_filter;
  GtkToggleButton  *flagged_filter;
  GtkEditable      *officer_filter;
  GtkEditable      *station_filter;
  GtkEditable      *from_filter;
  GtkEditable      *to_filter;
  GtkStack         *list_state;
  GtkColumnView    *column_view;
  AdwStatusPage    *empty_page;
  GtkLabel         *summary;
  GtkLabel         *case_title;
  DiInspectionView *case_view;
  GtkDrawingArea   *chart_area;

  /* the case's review form and history, in its sidebar */
  GtkLabel         *case_state;
  GtkDropDown      *disposition;
  GtkTextView      *note;
  GtkWidget        *review_button;
  GtkLabel         *review_message;
  GtkListBox       *history;

  /* Owned references */
  DiStation        *station;
  GListStore       *store;
  JsonNode         *stats;
  gint64            case_id;
  gint64            shown_case_id;
  guint             busy;
  guint             filter_source;
  gboolean          supervisor;
  char             *group;
};

G_DEFINE_FINAL_TYPE (DiCasesPage, di_cases_page, ADW_TYPE_BIN)

static const char *const verdict_values[] = { NULL, "accept", "review", "reject" };
static const char *const review_values[] = { NULL, "unreviewed", "reviewed", "confirmed-fraud",
                                             "false-alarm", "needs-follow-up" };
static const char *const disposition_values[] = { "confirmed-fraud", "false-alarm",
                                                  "needs-follow-up" };

typedef enum {
  COLUMN_ID,
  COLUMN_TIME,
  COLUMN_STATION,
  COLUMN_OFFICER,
  COLUMN_TEMPLATE,
  COLUMN_VERDICT,
  COLUMN_FAILED,
  COLUMN_DECISION,
  COLUMN_REVIEW,
  N_COLUMNS
} Column;

/* "2026-12-07T10:31:02.123456Z" in the local time zone, to the minute */
static char *
local_time (const char *iso)
{
  g_autoptr (GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (iso);
}

/* --- the list ----------------------------------------------------------------------------- */

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_VERDICT)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_box_append (GTK_BOX (box), gtk_image_new ());
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (item, box);
      return;
    }
  if (column == COLUMN_ID)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  Column column = GPOINTER_TO_INT (data);
  const DiCaseSummary *s = di_case_item_get_summary (gtk_list_item_get_item (item));
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_ID:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, s->id);
      break;
    case COLUMN_TIME:
      text = local_time (s->created_at);
      break;
    case COLUMN_STATION:
      text = g_strdup (s->station);
      break;
    case COLUMN_OFFICER:
      text = g_strdup (s->officer);
      break;
    case COLUMN_TEMPLATE:
      text = g_strdup (s->template_id != NULL ? s->template_id : _("no template"));
      break;
    case COLUMN_VERDICT:
      {
        GtkWidget *icon = gtk_widget_get_first_child (child);

        gtk_image_set_from_icon_name (GTK_IMAGE (icon), di_ui_verdict_icon (s->verdict));
        gtk_widget_set_css_classes (icon, (const char *[]) { di_ui_verdict_css (s->verdict),
                                                             NULL });
        child = gtk_widget_get_next_sibling (icon);
        text = g_strdup (di_ui_verdict_title (s->verdict));
      }
      break;
    case COLUMN_FAILED:
      text = g_strdup (s->failed_checks != NULL && *s->failed_checks != '\0'
                       ? s->failed_checks : "—");
      break;
    case COLUMN_DECISION:
      text = g_strdup (di_ui_decision_title (s->decision));
      break;
    case COLUMN_REVIEW:
      text = s->purged_at != NULL ? g_strdup (_("Purged"))
                                  : g_strdup (di_ui_disposition_title (s->disposition));
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (GTK_LABEL (child), text);
  if (column == COLUMN_FAILED)
    gtk_widget_set_tooltip_text (child, text);
}

static void
add_columns (DiCasesPage *self)
{
  const struct {
    const char *title;
    gboolean    expand;
  } columns[N_COLUMNS] = {
    [COLUMN_ID] = { N_("Case"), FALSE },
    [COLUMN_TIME] = { N_("Time"), FALSE },
    [COLUMN_STATION] = { N_("Station"), FALSE },
    [COLUMN_OFFICER] = { N_("Officer"), FALSE },
    [COLUMN_TEMPLATE] = { N_("Document type"), FALSE },
    [COLUMN_VERDICT] = { N_("Verdict"), FALSE },
    [COLUMN_FAILED] = { N_("Failed checks"), TRUE },
    [COLUMN_DECISION] = { N_("Decision"), FALSE },
    [COLUMN_REVIEW] = { N_("Review"), FALSE },
  };

  for (Column c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      gtk_column_view_column_set_expand (column, columns[c].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

static const char *
entry_text (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  return text != NULL && *text != '\0' ? text : NULL;
}

/* Whether a day entry is empty or a day; marked as an error when it is neither */
static gboolean
day_entry_valid (GtkEditable *entry,
                 char        *bound)
{
  gboolean valid = entry_text (entry) == NULL || bound != NULL;

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return valid;
}

/* The filter of the widgets; its strings live as long as the widgets' and @days. FALSE, with
 * a toast, when a day given is no day: the filter would select more than asked for. */
static gboolean
read_filter (DiCasesPage  *self,
             DiCaseFilter *filter,
             char         *days[2])
{
  guint verdict = gtk_drop_down_get_selected (self->verdict_filter);
  guint review = gtk_drop_down_get_selected (self->review_filter);
  gboolean valid;

  memset (filter, 0, sizeof *filter);
  days[0] = di_case_filter_day (entry_text (self->from_filter), FALSE);
  days[1] = di_case_filter_day (entry_text (self->to_filter), TRUE);
  valid = day_entry_valid (self->from_filter, days[0]);
  valid &= day_entry_valid (self->to_filter, days[1]);
  if (!valid)
    di_ui_toast (GTK_WIDGET (self), _("Give the days as YYYY-MM-DD, for example 2026-12-07."));
  filter->since = days[0];
  filter->until = days[1];
  filter->verdict = verdict < G_N_ELEMENTS (verdict_values) ? verdict_values[verdict] : NULL;
  filter->review_state = review < G_N_ELEMENTS (review_values) ? review_values[review] : NULL;
  filter->flagged = gtk_toggle_button_get_active (self->flagged_filter);
  filter->officer = entry_text (self->officer_filter);
  filter->station = entry_text (self->station_filter);
  filter->newest_first = TRUE;
  filter->limit = LIST_LIMIT;
  return valid;
}

static void
listed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  DiCasesPage *self = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *group = NULL;
  gboolean supervisor = FALSE;
  g_autoptr (GListStore) store = di_station_list_cases_finish (DI_STATION (source), result,
                                                               &supervisor, &group, &error);
  g_autofree char *text = NULL;
  guint n;

  self->busy--;
  if (store == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The Case Log Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->list_state, "empty");
      gtk_label_set_text (self->summary, "");
      g_object_unref (self);
      return;
    }
  g_set_object (&self->store, store);
  self->supervisor = supervisor;
  g_free (self->group);
  self->group = g_steal_pointer (&group);
  {
    g_autoptr (GtkSingleSelection) selection =
      gtk_single_selection_new (G_LIST_MODEL (g_object_ref (store)));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  }
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  adw_status_page_set_title (self->empty_page, _("No Cases"));
  adw_status_page_set_description (self->empty_page,
                                   _("No case of the log matches the filters."));
  gtk_stack_set_visible_child_name (self->list_state, n > 0 ? "cases" : "empty");
  text = g_strdup_printf ("%s %s",
                          n >= LIST_LIMIT
                          ? _("The newest cases are shown; narrow the filters to see older ones.")
                          : "",
                          supervisor
                          ? _("You may review and export: you are a supervisor.")
                          : _("Reviewing and exporting need supervisor rights."));
  gtk_label_set_text (self->summary, g_strstrip (text));
  g_object_unref (self);
}

void
di_cases_page_refresh (DiCasesPage *self)
{
  char *days[2] = { NULL };
  DiCaseFilter filter;

  g_return_if_fail (DI_IS_CASES_PAGE (self));
  g_clear_handle_id (&self->filter_source, g_source_remove);
  if (self->station == NULL)
    return;
  if (read_filter (self, &filter, days))
    {
      self->busy++;
      di_station_list_cases_async (self->station, &filter, listed_cb, g_object_ref (self));
    }
  g_free (days[0]);
  g_free (days[1]);
}

static gboolean
filter_timeout_cb (gpointer data)
{
  DiCasesPage *self = data;

  self->filter_source = 0;
  di_cases_page_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
filter_changed_cb (DiCasesPage *self)
{
  g_clear_handle_id (&self->filter_source, g_source_remove);
  self->filter_source = g_timeout_add (FILTER_DELAY_MS, filter_timeout_cb, self);
}

static void
case_activated_cb (DiCasesPage *self,
                   guint        position)
{
  g_autoptr (DiCaseItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (item != NULL)
    di_cases_page_open_case (self, di_case_item_get_summary (item)->id);
}

/* --- one case ----------------------------------------------------------------------------- */

static GtkWidget *
history_row (const DiCaseEvent *e)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *when = local_time (e->at);
  g_autofree char *title = g_strdup_printf ("%s — %s", e->kind, when);
  g_autofree char *detail = g_strdup_printf (_("by %s at %s · event %lld, hash %.12s…"),
                                             e->actor, e->station, (long long) e->id, e->hash);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *sub = gtk_label_new (detail);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_wrap (GTK_LABEL (sub), TRUE);
  gtk_widget_add_css_class (sub, "caption");
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), sub);
  if (e->note != NULL)
    {
      GtkWidget *note = gtk_label_new (e->note);

      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_label_set_selectable (GTK_LABEL (note), TRUE);
      gtk_box_append (GTK_BOX (box), note);
    }
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  return box;
}

static void
show_record (DiCasesPage        *self,
             const DiCaseRecord *record)
{
  const DiCaseSummary *s = &record->summary;
  const char *paths[DI_N_LIGHTS] = { NULL };
  g_autoptr (DiDocument) document = NULL;
  g_autofree char *name = g_strdup_printf (_("Case %lld"), (long long) s->id);
  g_autofree char *title = NULL, *created = local_time (s->created_at);
  g_autofree char *state = NULL, *decided = local_time (s->decided_at);
  g_autofree char *reviewed = local_time (s->reviewed_at);
  GtkWidget *child;

  for (guint i = 0; i < record->images->len; i++)
    {
      const DiCaseImage *image = record->images->pdata[i];
      DiLight light;

      if (di_light_from_string (image->role, &light))
        paths[light] = image->path;
    }
  document = di_document_new (name, paths);
  di_document_set_case_id (document, s->id);
  if (record->report != NULL)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError) error = NULL;

      if (json_parser_load_from_data (parser, record->report, -1, &error))
        di_document_set_report (document, json_parser_get_root (parser));
      else
        di_document_set_error (document, error->message);
    }
  else
    {
      g_autofree char *purged = local_time (s->purged_at);
      g_autofree char *message = g_strdup_printf (_("The personal data of this case was purged "
                                                    "on %s."), purged);

      di_document_set_error (document, message);
    }
  di_document_load_images (document);
  di_inspection_view_set_document (self->case_view, document);

  title = g_strdup_printf (_("Case %lld — %s at %s, officer %s, %s"), (long long) s->id,
                           s->station, created, s->officer,
                           s->template_id != NULL ? s->template_id : _("no template"));
  gtk_label_set_text (self->case_title, title);
  state = g_strdup_printf ("%s: %s%s%s\n%s: %s%s%s",
                           _("Officer’s decision"), di_ui_decision_title (s->decision),
                           s->decision != NULL ? " — " : "", s->decision != NULL ? decided : "",
                           _("Review"), di_ui_disposition_title (s->disposition),
                           s->disposition != NULL ? " — " : "",
                           s->disposition != NULL ? reviewed : "");
  gtk_label_set_text (self->case_state, state);
  gtk_widget_set_sensitive (self->review_button, self->supervisor && s->purged_at == NULL);
  /* shown again after a review, the case keeps its message */
  if (s->id != self->shown_case_id && !self->supervisor)
    {
      g_autofree char *message =
        g_strdup_printf (_("Reviewing needs supervisor rights: membership of the group “%s”."),
                         self->group != NULL ? self->group : "");

      gtk_label_set_text (self->review_message, message);
    }
  else if (s->id != self->shown_case_id)
    gtk_label_set_text (self->review_message,
                        _("A review is made by someone other than the officer who logged or "
                          "decided the case. A review against the verdict needs a note."));

  self->shown_case_id = s->id;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history))) != NULL)
    gtk_list_box_remove (self->history, child);
  for (guint i = 0; i < record->events->len; i++)
    gtk_list_box_append (self->history, history_row (record->events->pdata[i]));
}

static void
case_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  DiCasesPage *self = data;
  g_autoptr (GError) error = NULL;
  DiCaseRecord *record = di_station_get_case_finish (DI_STATION (source), result, &error);

  self->busy--;
  if (record == NULL)
    di_ui_toast (GTK_WIDGET (self), error->message);
  else if (record->summary.id == self->case_id)
    {
      show_record (self, record);
      gtk_stack_set_visible_child_name (self->stack, "case");
    }
  g_clear_pointer (&record, di_case_record_free);
  g_object_unref (self);
}

void
di_cases_page_open_case (DiCasesPage *self,
                         gint64       case_id)
{
  g_return_if_fail (DI_IS_CASES_PAGE (self));
  self->case_id = case_id;
  self->busy++;
  di_station_get_case_async (self->station, case_id, case_loaded_cb, g_object_ref (self));
}

static void
reviewed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  DiCasesPage *self = data;
  g_autoptr (GError) error = NULL;

  self->busy--;
  gtk_widget_set_sensitive (self->review_button, TRUE);
  if (!di_station_review_finish (DI_STATION (source), result, &error))
    gtk_label_set_text (self->review_message, error->message);
  else
    {
      gtk_label_set_text (self->review_message, _("The review is recorded."));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note), "", -1);
      di_ui_toast (GTK_WIDGET (self), _("The review is recorded."));
      di_cases_page_open_case (self, self->case_id);
      di_cases_page_refresh (self);
    }
  g_object_unref (self);
}

static void
review_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  DiCasesPage *self = DI_CASES_PAGE (widget);
  guint d = gtk_drop_down_get_selected (self->disposition);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note);
  GtkTextIter start, end;
  g_autofree char *note = NULL;

  if (self->case_id == 0 || d >= G_N_ELEMENTS (disposition_values))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  self->busy++;
  gtk_widget_set_sensitive (self->review_button, FALSE);
  gtk_label_set_text (self->review_message, _("Recording the review…"));
  di_station_review_async (self->station, self->case_id, disposition_values[d],
                           g_strstrip (note), reviewed_cb, g_object_ref (self));
}

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  DiCasesPage *self = DI_CASES_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");
  di_inspection_view_set_document (self->case_view, NULL);
  self->case_id = self->shown_case_id = 0;
}

static void
open_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  di_cases_page_open_case (DI_CASES_PAGE (widget), g_variant_get_int64 (parameter));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  di_cases_page_refresh (DI_CASES_PAGE (widget));
}

/* --- export and charts -------------------------------------------------------------------- */

typedef struct {
  DiCasesPage    *self;
  DiStationExport format;
  char           *path;
} Export;

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Export *e = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  e->self->busy--;
  if (!di_station_export_finish (DI_STATION (source), result, &n, &error))
    message = g_strdup_printf (_("Not exported: %s"), error->message);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u case to %s.",
                                            "Exported %u cases to %s.", n), n, e->path);
  di_ui_toast (GTK_WIDGET (e->self), message);
  g_object_unref (e->self);
  g_free (e->path);
  g_free (e);
}

static void
export_to (DiCasesPage    *self,
           DiStationExport format,
           const char     *path)
{
  char *days[2] = { NULL };
  Export *e;
  DiCaseFilter filter;

  /* a case's PDF takes no filter */
  if (!read_filter (self, &filter, days) && format != DI_STATION_EXPORT_PDF)
    {
      g_free (days[0]);
      g_free (days[1]);
      return;
    }
  /* an export takes every case the filters select, not only the newest shown */
  filter.limit = 0;
  filter.newest_first = FALSE;
  e = g_new0 (Export, 1);
  e->self = g_object_ref (self);
  e->format = format;
  e->path = g_strdup (path);
  self->busy++;
  di_station_export_async (self->station, format, &filter, self->case_id, path, exported_cb, e);
  g_free (days[0]);
  g_free (days[1]);
}

typedef struct {
  DiCasesPage    *self;
  DiStationExport format;
} ExportChoice;

static void
export_chosen_cb (const char *path,
                  gpointer    data)
{
  ExportChoice *choice = data;

  if (path != NULL)
    export_to (choice->self, choice->format, path);
  g_object_unref (choice->self);
  g_free (choice);
}

static void
choose_export (DiCasesPage    *self,
               DiStationExport format)
{
  ExportChoice *choice = g_new0 (ExportChoice, 1);
  g_autofree char *name = format == DI_STATION_EXPORT_PDF
                          ? g_strdup_printf ("case-%" G_GINT64_FORMAT ".pdf", self->case_id)
                          : g_strdup (format == DI_STATION_EXPORT_CSV ? "cases.csv"
                                                                      : "cases.json");

  choice->self = g_object_ref (self);
  choice->format = format;
  di_ui_choose_path (GTK_WIDGET (self), _("Export"), GTK_FILE_CHOOSER_ACTION_SAVE, name,
                     export_chosen_cb, choice);
}

static void
export_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  DiCasesPage *self = DI_CASES_PAGE (widget);

  if (g_str_equal (action, "cases.export-pdf"))
    {
      if (self->case_id > 0)
        choose_export (self, DI_STATION_EXPORT_PDF);
      return;
    }
  choose_export (self, g_str_equal (g_variant_get_string (parameter, NULL), "csv")
                       ? DI_STATION_EXPORT_CSV : DI_STATION_EXPORT_JSON);
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  const char *format, *path;

  g_variant_get (parameter, "(&s&s)", &format, &path);
  export_to (DI_CASES_PAGE (widget),
             g_str_equal (format, "csv") ? DI_STATION_EXPORT_CSV
             : g_str_equal (format, "pdf") ? DI_STATION_EXPORT_PDF : DI_STATION_EXPORT_JSON,
             path);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  DiCasesPage *self = data;
  double w, h, scale;

  if (self->stats == NULL)
    return;
  di_caselog_stats_chart_size (self->stats, &w, &h);
  scale = MIN (width / w, 1.5);
  cairo_scale (cr, scale, scale);
  di_caselog_stats_draw (self->stats, cr);
}

static void
stats_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  DiCasesPage *self = data;
  g_autoptr (GError) error = NULL;
  JsonNode *stats = di_station_stats_finish (DI_STATION (source), result, &error);

  self->busy--;
  if (stats == NULL)
    di_ui_toast (GTK_WIDGET (self), error->message);
  else
    {
      double w, h;

      g_clear_pointer (&self->stats, json_node_unref);
      self->stats = stats;
      di_caselog_stats_chart_size (stats, &w, &h);
      gtk_drawing_area_set_content_width (self->chart_area, (int) w);
      gtk_drawing_area_set_content_height (self->chart_area, (int) h);
      gtk_widget_queue_draw (GTK_WIDGET (self->chart_area));
      gtk_stack_set_visible_child_name (self->stack, "charts");
    }
  g_object_unref (self);
}

static void
charts_action (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  DiCasesPage *self = DI_CASES_PAGE (widget);
  char *days[2] = { NULL };
  DiCaseFilter filter;

  if (read_filter (self, &filter, days))
    {
      filter.limit = 0;
      self->busy++;
      di_station_stats_async (self->station, &filter, stats_cb, g_object_ref (self));
    }
  g_free (days[0]);
  g_free (days[1]);
}

/* --- object ------------------------------------------------------------------------------- */

static GtkWidget *
build_review_page (DiCasesPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *label, *frame;
  GtkStringList *dispositions = gtk_string_list_new (NULL);

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  self->case_state = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->case_state, 0);
  gtk_label_set_wrap (self->case_state, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->case_state));

  label = gtk_label_new_with_mnemonic (_("_Disposition"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  for (guint i = 0; i < G_N_ELEMENTS (disposition_values); i++)
    gtk_string_list_append (dispositions, di_ui_disposition_title (disposition_values[i]));
  self->disposition = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (dispositions), NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->disposition));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->disposition));

  label = gtk_label_new_with_mnemonic (_("_Note"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  self->note = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->note, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->note, FALSE);
  gtk_widget_set_size_request (GTK_WIDGET (self->note), -1, 100);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->note));
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->note));
  gtk_box_append (GTK_BOX (box), frame);

  self->review_button = gtk_button_new_with_mnemonic (_("_Record Review"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->review_button), "cases.review");
  gtk_widget_add_css_class (self->review_button, "suggested-action");
  gtk_widget_set_halign (self->review_button, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), self->review_button);

  self->review_message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->review_message, 0);
  gtk_label_set_wrap (self->review_message, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->review_message), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->review_message));
  return box;
}

static GtkWidget *
build_history_page (DiCasesPage *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->history = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->history, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->history), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->history), GTK_ALIGN_START);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->history));
  gtk_widget_set_vexpand (scrolled, TRUE);
  return scrolled;
}

static void
di_cases_page_dispose (GObject *object)
{
  DiCasesPage *self = DI_CASES_PAGE (object);

  g_clear_handle_id (&self->filter_source, g_source_remove);
  g_clear_object (&self->station);
  g_clear_object (&self->store);
  g_clear_pointer (&self->stats, json_node_unref);
  G_OBJECT_CLASS (di_cases_page_parent_class)->dispose (object);
}

static void
di_cases_page_finalize (GObject *object)
{
  g_free (DI_CASES_PAGE (object)->group);
  G_OBJECT_CLASS (di_cases_page_parent_class)->finalize (object);
}

static void
di_cases_page_class_init (DiCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = di_cases_page_dispose;
  object_class->finalize = di_cases_page_finalize;

  g_type_ensure (DI_TYPE_INSPECTION_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, DI_RESOURCE_PATH
                                               "/di-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, verdict_filter);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, review_filter);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, flagged_filter);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, officer_filter);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, station_filter);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, from_filter);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, to_filter);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, list_state);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, summary);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, case_title);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, case_view);
  gtk_widget_class_bind_template_child (widget_class, DiCasesPage, chart_area);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_activated_cb);

  gtk_widget_class_install_action (widget_class, "cases.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "cases.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "cases.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "cases.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "cases.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "cases.export-pdf", NULL, export_action);
  /* (format, path): an export without the file chooser */
  gtk_widget_class_install_action (widget_class, "cases.export-to", "(ss)", export_to_action);
  gtk_widget_class_install_action (widget_class, "cases.charts", NULL, charts_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "cases.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "cases.back",
                                       NULL);
}

static void
di_cases_page_init (DiCasesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_columns (self);
  gtk_drawing_area_set_draw_func (self->chart_area, draw_chart, self, NULL);
  di_inspection_view_add_sidebar_page (self->case_view, build_review_page (self), "review",
                                       _("Review"));
  di_inspection_view_add_sidebar_page (self->case_view, build_history_page (self), "history",
                                       _("History"));
}

void
di_cases_page_set_station (DiCasesPage *self,
                           DiStation   *station)
{
  g_return_if_fail (DI_IS_CASES_PAGE (self));
  g_set_object (&self->station, station);
  di_inspection_view_set_station (self->case_view, station);
}

GListModel *
di_cases_page_get_model (DiCasesPage *self)
{
  g_return_val_if_fail (DI_IS_CASES_PAGE (self), NULL);
  return self->store != NULL ? G_LIST_MODEL (self->store) : NULL;
}

gboolean
di_cases_page_is_busy (DiCasesPage *self)
{
  g_return_val_if_fail (DI_IS_CASES_PAGE (self), FALSE);
  return self->busy > 0 || self->filter_source != 0;
}

const char *
di_cases_page_get_view (DiCasesPage *self)
{
  g_return_val_if_fail (DI_IS_CASES_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

DiInspectionView *
di_cases_page_get_case_view (DiCasesPage *self)
{
  g_return_val_if_fail (DI_IS_CASES_PAGE (self), NULL);
  return self->case_view;
}

const char *
di_cases_page_get_review_message (DiCasesPage *self)
{
  g_return_val_if_fail (DI_IS_CASES_PAGE (self), NULL);
  return gtk_label_get_text (self->review_message);
}

JsonNode *
di_cases_page_get_stats (DiCasesPage *self)
{
  g_return_val_if_fail (DI_IS_CASES_PAGE (self), NULL);
  return self->stats;
}

void
di_cases_page_set_period (DiCasesPage *self,
                          const char  *first,
                          const char  *last)
{
  g_return_if_fail (DI_IS_CASES_PAGE (self));
  gtk_editable_set_text (self->from_filter, first != NULL ? first : "");
  gtk_editable_set_text (self->to_filter, last != NULL ? last : "");
}

void
di_cases_page_set_review (DiCasesPage *self,
                          const char  *disposition,
                          const char  *note)
{
  g_return_if_fail (DI_IS_CASES_PAGE (self));
  for (guint i = 0; i < G_N_ELEMENTS (disposition_values); i++)
    if (g_strcmp0 (disposition, disposition_values[i]) == 0)
      gtk_drop_down_set_selected (self->disposition, i);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note), note != NULL ? note : "", -1);
}
