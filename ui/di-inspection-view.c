/* di-inspection-view.c — an inspected document, the verdict first
 *
 * The banner says the verdict in colour, icon and words, then the reasons. The page view
 * shows the page under one light with the checks of that light drawn on it; the sidebar lists
 * every check (failed first), and a selected check shows its captured region beside the same
 * region of the template's genuine reference, with its sentence, score and threshold. The
 * second page of the sidebar shows the MRZ in OCR-B with its repaired and uncertain
 * characters and the ranges of failed checks marked, and the visual zone beside the MRZ,
 * field by field, each with its crop.
 */
#define G_LOG_DOMAIN "di-inspection-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "di-image.h"
#include "di-inspection-view.h"
#include "di-ui-private.h"

#define MM_PER_INCH 25.4
#define CROP_WIDTH_PX 360.0
#define CROP_HEIGHT_PX 200.0
#define VIZ_CROP_HEIGHT_PX 28.0
#define VIZ_CROP_WIDTH_PX 240.0

struct _DiInspectionView {
  AdwBin       parent_instance;

  /* Template widgets */
  GtkWidget   *banner;
  GtkStack    *banner_state;
  GtkImage    *banner_icon;
  GtkSpinner  *banner_spinner;
  GtkLabel    *banner_title;
  GtkLabel    *banner_subtitle;
  GtkLabel    *banner_reasons;
  GtkWidget   *toolbar;
  GtkWidget   *page_hint;
  DiPageView  *page_view;
  GtkWidget   *sidebar;
  GtkRevealer *detail_revealer;
  GtkImage    *detail_icon;
  GtkLabel    *detail_title;
  GtkWidget   *detail_crops;
  GtkPicture  *captured_picture;
  GtkPicture  *reference_picture;
  GtkLabel    *detail_sentence;
  GtkLabel    *detail_score;
  GtkStack    *sidebar_stack;
  GtkListBox  *checks_list;
  GtkLabel    *mrz_label;
  GtkLabel    *mrz_notes;
  GtkGrid     *viz_grid;

  /* Owned references */
  DiStation   *station;
  DiDocument  *document;
  gulong       notify_handler;
  gulong       image_handler;
  char        *selected;
  guint        reference_serial;   /* to drop a reference crop that comes too late */
  gboolean     trainee;
};

G_DEFINE_FINAL_TYPE (DiInspectionView, di_inspection_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (DiInspectionView *self);
static void show_detail (DiInspectionView *self);

/* --- the banner --------------------------------------------------------------------------- */

static void
set_banner_class (DiInspectionView *self,
                  const char       *css)
{
  static const char *const all[] = { "verdict-accept", "verdict-review", "verdict-reject",
                                     "verdict-none", "verdict-pending", "verdict-trainee" };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    gtk_widget_remove_css_class (self->banner, all[i]);
  gtk_widget_add_css_class (self->banner, css);
}

static void
update_banner (DiInspectionView *self)
{
  JsonObject *report = self->document != NULL ? di_document_get_report (self->document) : NULL;
  const char *error = self->document != NULL ? di_document_get_error (self->document) : NULL;
  const char *verdict = di_json_member_string (report, "verdict");
  JsonArray *reasons = di_json_member_array (report, "reasons");
  gboolean busy = self->document != NULL && report == NULL && error == NULL && !self->trainee;
  g_autoptr (GString) text = g_string_new (NULL);

  gtk_widget_set_visible (self->banner, self->document != NULL);
  gtk_stack_set_visible_child_name (self->banner_state, busy ? "busy" : "icon");
  gtk_spinner_set_spinning (self->banner_spinner, busy);
  if (self->trainee)
    {
      set_banner_class (self, "verdict-trainee");
      gtk_image_set_from_icon_name (self->banner_icon, "dialog-information-symbolic");
      gtk_label_set_text (self->banner_title, _("Trainee mode"));
      gtk_label_set_text (self->banner_subtitle,
                          _("The automatic verdict is hidden. Inspect the page under each light, "
                            "then give your verdict and your reasons."));
      gtk_label_set_text (self->banner_reasons, "");
      return;
    }
  if (busy)
    {
      set_banner_class (self, "verdict-pending");
      gtk_label_set_text (self->banner_title, _("Inspecting…"));
      gtk_label_set_text (self->banner_subtitle,
                          _("The verdict follows in a moment; the page can be looked at now."));
      gtk_label_set_text (self->banner_reasons, "");
      return;
    }
  if (report == NULL)
    {
      set_banner_class (self, "verdict-none");
      gtk_image_set_from_icon_name (self->banner_icon, "dialog-error-symbolic");
      gtk_label_set_text (self->banner_title, _("Not inspected"));
      gtk_label_set_text (self->banner_subtitle, error != NULL ? error : "");
      gtk_label_set_text (self->banner_reasons,
                          _("Inspect the document by hand or scan it again."));
      return;
    }
  set_banner_class (self, di_ui_verdict_css (verdict));
  gtk_image_set_from_icon_name (self->banner_icon, di_ui_verdict_icon (verdict));
  gtk_label_set_text (self->banner_title, di_ui_verdict_title (verdict));
  if (g_strcmp0 (verdict, "accept") == 0)
    {
      JsonArray *checks = di_json_member_array (report, "checks");
      guint not_done = 0;
      g_autofree char *subtitle = NULL;

      /* an accepted document may still have checks that could not be done: say so */
      for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
        not_done += g_strcmp0 (di_json_member_string (json_array_get_object_element (checks, i),
                                                      "status"), "not_done") == 0;
      if (not_done > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "No check failed and every critical check "
                                                 "passed; %u check could not be done.",
                                                 "No check failed and every critical check "
                                                 "passed; %u checks could not be done.",
                                                 not_done), not_done);
      gtk_label_set_text (self->banner_subtitle,
                          subtitle != NULL ? subtitle
                          : _("No check failed and every critical check passed."));
    }
  else
    gtk_label_set_text (self->banner_subtitle,
                        g_strcmp0 (verdict, "reject") == 0
                        ? _("A critical check failed: do not accept the document as it is.")
                        : _("Look closer, or refer the document to a supervisor."));
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "",
                            json_array_get_string_element (reasons, i));
  gtk_label_set_text (self->banner_reasons, text->str);
}

/* --- the list of checks ------------------------------------------------------------------- */

/* failed critical, failed, not done critical, not done, passed */
static int
check_rank (JsonObject *check)
{
  const char *status = di_json_member_string (check, "status");
  JsonNode *critical = json_object_get_member (check, "critical");
  gboolean is_critical = critical != NULL && json_node_get_boolean (critical);

  if (g_strcmp0 (status, "fail") == 0)
    return is_critical ? 0 : 1;
  if (g_strcmp0 (status, "pass") != 0)
    return is_critical ? 2 : 3;
  return 4;
}

static int
compare_checks (gconstpointer a,
                gconstpointer b)
{
  JsonObject *ca = *(JsonObject *const *) a, *cb = *(JsonObject *const *) b;

  return check_rank (ca) - check_rank (cb);
}

static GtkWidget *
check_row (JsonObject *check)
{
  const char *id = di_json_member_string (check, "id");
  const char *status = di_json_member_string (check, "status");
  JsonNode *critical = json_object_get_member (check, "critical");
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (di_ui_status_icon (status));
  GtkWidget *title = gtk_label_new (di_ui_check_title (id));
  GtkWidget *sentence = gtk_label_new (di_json_member_string (check, "sentence"));
  GtkWidget *state = gtk_label_new (di_ui_status_title (status));
  g_autofree char *accessible = NULL;

  gtk_widget_add_css_class (icon, di_ui_status_css (status));
  gtk_widget_add_css_class (state, di_ui_status_css (status));
  gtk_widget_add_css_class (state, "caption-heading");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  /* one line each, ellipsized (the whole sentence in the tooltip and in the check's detail):
   * wrapped labels in every row would be laid out again at each width, which costs the
   * window tens of milliseconds when a report comes in */
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (sentence), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sentence), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (sentence, di_json_member_string (check, "sentence"));
  gtk_widget_add_css_class (sentence, "dim-label");
  gtk_widget_add_css_class (sentence, "caption");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), sentence);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  if (critical != NULL && json_node_get_boolean (critical) && g_strcmp0 (status, "pass") != 0)
    {
      GtkWidget *tag = gtk_label_new (_("critical"));

      gtk_widget_add_css_class (tag, "critical-tag");
      gtk_widget_set_valign (tag, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), tag);
    }
  gtk_widget_set_valign (state, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), state);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "check-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (row), "rank", GINT_TO_POINTER (check_rank (check)));
  accessible = g_strdup_printf ("%s: %s", di_ui_check_title (id), di_ui_status_title (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       data)
{
  int rank = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "rank"));
  int group = rank < 2 ? 0 : rank < 4 ? 1 : 2;
  int previous = before == NULL ? -1
                 : GPOINTER_TO_INT (g_object_get_data (G_OBJECT (before), "rank"));
  GtkWidget *header;

  previous = previous < 0 ? -1 : previous < 2 ? 0 : previous < 4 ? 1 : 2;
  if (group == previous)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (group == 0 ? _("Failed") : group == 1 ? _("Not done") : _("Passed"));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "check-group");
  gtk_list_box_row_set_header (row, header);
}

/* The row that stands for the passed checks until asked for them */
static GtkWidget *
passed_row (guint n)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "Show the %u passed check",
                                                        "Show the %u passed checks", n), n);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  g_object_set_data (G_OBJECT (row), "show-passed", GINT_TO_POINTER (TRUE));
  g_object_set_data (G_OBJECT (row), "rank", GINT_TO_POINTER (4));
  return row;
}

/* The checks in rank order; the passed ones only when @passed (a document passes thirty
 * checks: their rows would cost the window a long first layout each time a report comes) */
static void
fill_checks (DiInspectionView *self,
             gboolean          passed)
{
  JsonObject *report = self->document != NULL ? di_document_get_report (self->document) : NULL;
  JsonArray *checks = di_json_member_array (report, "checks");
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  GtkWidget *child;
  guint n_passed = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list))) != NULL)
    gtk_list_box_remove (self->checks_list, child);
  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    g_ptr_array_add (sorted, json_array_get_object_element (checks, i));
  /* a stable sort keeps the report's order within a rank */
  g_ptr_array_sort (sorted, compare_checks);
  for (guint i = 0; i < sorted->len; i++)
    {
      if (check_rank (sorted->pdata[i]) == 4 && !passed)
        {
          n_passed++;
          continue;
        }
      gtk_list_box_append (self->checks_list, check_row (sorted->pdata[i]));
    }
  if (n_passed > 0)
    gtk_list_box_append (self->checks_list, passed_row (n_passed));
}

static void
update_checks (DiInspectionView *self)
{
  fill_checks (self, FALSE);
}

/* --- the MRZ and the visual zone ---------------------------------------------------------- */

enum {
  MARK_REPAIRED = 1 << 0,
  MARK_UNCERTAIN = 1 << 1,
  MARK_FAILED = 1 << 2,
  MARK_SELECTED = 1 << 3,
};

static void
mark_ranges (JsonObject *check,
             guint8     *marks,
             guint       n_lines,
             guint       width,
             guint8      mark)
{
  JsonArray *ranges = di_json_member_array (check, "ranges");

  for (guint r = 0; ranges != NULL && r < json_array_get_length (ranges); r++)
    {
      JsonObject *range = json_array_get_object_element (ranges, r);
      gint64 line = json_object_get_int_member_with_default (range, "line", 0);
      gint64 start = json_object_get_int_member_with_default (range, "start", 0);
      gint64 end = json_object_get_int_member_with_default (range, "end", 0);

      if (line < 1 || line > n_lines)
        continue;
      for (gint64 c = MAX (start, 1); c <= MIN (end, (gint64) width); c++)
        marks[(line - 1) * width + (c - 1)] |= mark;
    }
}

static void
mark_positions (JsonArray *positions,
                guint8    *marks,
                guint      n_lines,
                guint      width,
                guint8     mark)
{
  for (guint i = 0; positions != NULL && i < json_array_get_length (positions); i++)
    {
      JsonObject *p = json_array_get_object_element (positions, i);
      gint64 line = json_object_get_int_member_with_default (p, "line", 0);
      gint64 column = json_object_get_int_member_with_default (p, "column", 0);

      if (line >= 1 && line <= n_lines && column >= 1 && column <= width)
        marks[(line - 1) * width + (column - 1)] |= mark;
    }
}

static void
update_mrz (DiInspectionView *self)
{
  JsonObject *report = self->document != NULL ? di_document_get_report (self->document) : NULL;
  JsonObject *mrz = di_json_member_object (report, "mrz");
  JsonArray *lines = di_json_member_array (mrz, "lines");
  JsonArray *checks = di_json_member_array (mrz, "checks");
  JsonArray *repairs = di_json_member_array (mrz, "repairs");
  JsonArray *uncertain = di_json_member_array (mrz, "uncertain");
  JsonArray *unprotected = di_json_member_array (mrz, "unprotected_fields");
  JsonObject *selected = self->selected != NULL
                         ? di_document_find_check (self->document, self->selected) : NULL;
  guint n_lines = lines != NULL ? json_array_get_length (lines) : 0, width = 0;
  g_autoptr (GString) markup = g_string_new (NULL);
  g_autoptr (GString) notes = g_string_new (NULL);
  g_autofree guint8 *marks = NULL;

  if (n_lines == 0)
    {
      gtk_label_set_markup (self->mrz_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->mrz_label), FALSE);
      gtk_label_set_markup (self->mrz_notes, report == NULL ? ""
                            : _("No MRZ was found on the page."));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->mrz_label), TRUE);
  for (guint i = 0; i < n_lines; i++)
    width = MAX (width, strlen (json_array_get_string_element (lines, i)));
  marks = g_malloc0 ((gsize) n_lines * width + 1);
  mark_positions (repairs, marks, n_lines, width, MARK_REPAIRED);
  mark_positions (uncertain, marks, n_lines, width, MARK_UNCERTAIN);
  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);

      if (g_strcmp0 (di_json_member_string (c, "status"), "fail") == 0)
        mark_ranges (c, marks, n_lines, width, MARK_FAILED);
      if (selected != NULL && g_strcmp0 (di_json_member_string (c, "id"), self->selected) == 0)
        mark_ranges (c, marks, n_lines, width, MARK_SELECTED);
    }

  for (guint i = 0; i < n_lines; i++)
    {
      const char *line = json_array_get_string_element (lines, i);

      if (i > 0)
        g_string_append_c (markup, '\n');
      for (guint c = 0; line[c] != '\0'; c++)
        {
          guint8 m = marks[i * width + c];
          g_autofree char *ch = g_markup_printf_escaped ("%c", line[c]);

          if (m == 0)
            {
              g_string_append (markup, ch);
              continue;
            }
          g_string_append (markup, "<span");
          if (m & MARK_SELECTED)
            g_string_append (markup, " background=\"#dc8add\"");
          else if (m & MARK_REPAIRED)
            g_string_append (markup, " background=\"#99c1f1\"");
          else if (m & MARK_UNCERTAIN)
            g_string_append (markup, " background=\"#f9f06b\"");
          if (m & MARK_FAILED)
            g_string_append (markup, " foreground=\"#c01c28\" underline=\"error\"");
          if (m & (MARK_REPAIRED | MARK_UNCERTAIN))
            g_string_append (markup, " weight=\"bold\"");
          g_string_append_printf (markup, ">%s</span>", ch);
        }
    }
  gtk_label_set_markup (self->mrz_label, markup->str);

  for (guint i = 0; repairs != NULL && i < json_array_get_length (repairs); i++)
    {
      JsonObject *r = json_array_get_object_element (repairs, i);
      g_autofree char *note =
        g_markup_printf_escaped (_("Line %d, position %d: read “%s”, repaired to “%s” by the "
                                   "check digits."),
                                 (int) json_object_get_int_member (r, "line"),
                                 (int) json_object_get_int_member (r, "column"),
                                 di_json_member_string (r, "from"), di_json_member_string (r, "to"));

      g_string_append_printf (notes, "<span background=\"#99c1f1\">  </span> %s\n", note);
    }
  for (guint i = 0; uncertain != NULL && i < json_array_get_length (uncertain); i++)
    {
      JsonObject *u = json_array_get_object_element (uncertain, i);
      g_autofree char *note =
        g_markup_printf_escaped (_("Line %d, position %d: read “%s”, could be “%s”: no check "
                                   "digit tells them apart."),
                                 (int) json_object_get_int_member (u, "line"),
                                 (int) json_object_get_int_member (u, "column"),
                                 di_json_member_string (u, "read"),
                                 di_json_member_string (u, "alternative"));

      g_string_append_printf (notes, "<span background=\"#f9f06b\">  </span> %s\n", note);
    }
  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      g_autofree char *note = NULL;

      if (g_strcmp0 (di_json_member_string (c, "status"), "fail") != 0)
        continue;
      note = g_markup_printf_escaped ("%s", di_json_member_string (c, "message"));
      g_string_append_printf (notes, "<span foreground=\"#c01c28\" underline=\"error\">%s</span> "
                              "%s\n", _("Failed:"), note);
    }
  if (unprotected != NULL && json_array_get_length (unprotected) > 0)
    {
      g_autoptr (GString) fields = g_string_new (NULL);
      g_autofree char *note = NULL;

      for (guint i = 0; i < json_array_get_length (unprotected); i++)
        g_string_append_printf (fields, "%s%s", i > 0 ? ", " : "",
                                di_ui_field_title (json_array_get_string_element (unprotected,
                                                                                  i)));
      note = g_markup_printf_escaped (_("No check digit protects: %s. Compare them with the "
                                        "visual zone."), fields->str);
      g_string_append_printf (notes, "<span size=\"small\">%s</span>", note);
    }
  gtk_label_set_markup (self->mrz_notes, notes->str);
}

/* The pixels a millimetre at which a check's region fits @width × @height pixels; 0 when
 * the check has no region */
static double
crop_resolution (JsonObject *check,
                 double      width,
                 double      height)
{
  JsonArray *region = di_json_member_array (check, "region_mm");
  double w, h;

  if (region == NULL || json_array_get_length (region) != 4)
    return 0;
  w = MAX (json_array_get_double_element (region, 2), 1);
  h = MAX (json_array_get_double_element (region, 3), 1);
  return CLAMP (MIN (width / w, height / h), 2, 16);
}

static void
draw_crop (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  cairo_set_source_surface (cr, data, 0, 0);
  cairo_paint (cr);
}

/* A crop at its own size (a GtkPicture would take the aspect of the column's width) */
static GtkWidget *
crop_area (cairo_surface_t *crop)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area),
                                      cairo_image_surface_get_width (crop));
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area),
                                       cairo_image_surface_get_height (crop));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_crop,
                                  cairo_surface_reference (crop),
                                  (GDestroyNotify) cairo_surface_destroy);
  gtk_widget_set_halign (area, GTK_ALIGN_START);
  return area;
}

static GtkWidget *
grid_label (const char *text,
            const char *css)
{
  GtkWidget *label = gtk_label_new (text != NULL ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static void
update_viz (DiInspectionView *self)
{
  JsonObject *report = self->document != NULL ? di_document_get_report (self->document) : NULL;
  JsonArray *checks = di_json_member_array (report, "checks");
  JsonObject *fields = di_json_member_object (di_json_member_object (report, "mrz"), "fields");
  GtkWidget *child;
  int row = 1;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->viz_grid))) != NULL)
    gtk_grid_remove (self->viz_grid, child);
  gtk_grid_attach (self->viz_grid, grid_label (_("Field"), "caption-heading"), 0, 0, 1, 1);
  gtk_grid_attach (self->viz_grid, grid_label (_("Visual zone"), "caption-heading"), 1, 0, 1, 1);
  gtk_grid_attach (self->viz_grid, grid_label (_("MRZ"), "caption-heading"), 2, 0, 1, 1);
  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      const char *id = di_json_member_string (c, "id");
      const char *status = di_json_member_string (c, "status");
      g_autoptr (cairo_surface_t) crop = NULL;
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *state = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *icon;

      if (id == NULL || !g_str_has_prefix (id, "viz."))
        continue;
      /* the field as printed, at one height for all, then what was read of it */
      crop = di_document_crop_check (self->document, c,
                                     crop_resolution (c, VIZ_CROP_WIDTH_PX, VIZ_CROP_HEIGHT_PX));
      if (crop != NULL)
        gtk_box_append (GTK_BOX (cell), crop_area (crop));
      gtk_box_append (GTK_BOX (cell), grid_label (di_json_member_string (c, "read"), "viz-read"));
      icon = gtk_image_new_from_icon_name (di_ui_status_icon (status));
      gtk_widget_add_css_class (icon, di_ui_status_css (status));
      gtk_box_append (GTK_BOX (state), icon);
      gtk_box_append (GTK_BOX (state), grid_label (di_ui_status_title (status),
                                                   di_ui_status_css (status)));
      {
        const char *field = di_ui_field_title (id + strlen ("viz."));
        char first[8] = { 0 };
        g_autofree char *title = NULL;

        /* the table's first column starts with a capital, where the script has them */
        g_unichar_to_utf8 (g_unichar_totitle (g_utf8_get_char (field)), first);
        title = g_strconcat (first, g_utf8_next_char (field), NULL);
        gtk_grid_attach (self->viz_grid, grid_label (title, NULL), 0, row, 1, 1);
      }
      gtk_grid_attach (self->viz_grid, cell, 1, row, 1, 1);
      gtk_grid_attach (self->viz_grid,
                       grid_label (di_json_member_string (fields, id + strlen ("viz.")), "mrz-value"),
                       2, row, 1, 1);
      gtk_grid_attach (self->viz_grid, state, 3, row, 1, 1);
      row++;
    }
  if (row == 1)
    gtk_grid_attach (self->viz_grid,
                     grid_label (report == NULL ? NULL
                                 : _("The visual zone was not compared: no template places "
                                     "its fields."), "dim-label"), 0, 1, 4, 1);
}

/* --- the selected check ------------------------------------------------------------------- */


typedef struct {
  DiInspectionView *self;
  guint             serial;
  JsonObject       *check;   /* borrowed from the report, which the serial keeps */
} ReferenceJob;

static void
reference_loaded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  ReferenceJob *job = data;
  DiInspectionView *self = job->self;
  g_autoptr (GError) error = NULL;
  const DiRgb *rgb = di_station_load_reference_finish (DI_STATION (source), result, &error);

  if (rgb != NULL && job->serial == self->reference_serial)
    {
      DiTemplate *template = di_station_get_template (
        self->station, di_json_member_string (di_document_get_report (self->document), "template"));
      JsonArray *region = di_json_member_array (job->check, "region_mm");
      double s = template != NULL ? di_template_get_dpi (template) / MM_PER_INCH : 0;
      /* the two crops side by side fit the sidebar */
      double ppm = crop_resolution (job->check, CROP_WIDTH_PX, CROP_HEIGHT_PX);
      const double scale[9] = { s, 0, 0, 0, s, 0, 0, 0, 1 };
      g_autoptr (cairo_surface_t) crop = NULL;

      if (s > 0)
        crop = di_image_warp_page_region (rgb, scale, json_array_get_double_element (region, 0),
                                          json_array_get_double_element (region, 1),
                                          json_array_get_double_element (region, 2),
                                          json_array_get_double_element (region, 3), ppm);
      if (crop != NULL)
        {
          g_autoptr (GdkTexture) texture = di_ui_texture_new_for_surface (crop);

          gtk_picture_set_paintable (self->reference_picture, GDK_PAINTABLE (texture));
        }
    }
  else if (rgb == NULL)
    g_debug ("no reference crop: %s", error->message);
  g_object_unref (self);
  g_free (job);
}

static void
show_crops (DiInspectionView *self,
            JsonObject       *check)
{
  const char *template_id = di_json_member_string (di_document_get_report (self->document),
                                               "template");
  double ppm = crop_resolution (check, CROP_WIDTH_PX, CROP_HEIGHT_PX);
  g_autoptr (cairo_surface_t) captured = NULL;
  DiLight light;

  self->reference_serial++;
  gtk_picture_set_paintable (self->captured_picture, NULL);
  gtk_picture_set_paintable (self->reference_picture, NULL);
  captured = di_document_crop_check (self->document, check, ppm);
  gtk_widget_set_visible (self->detail_crops, captured != NULL);
  if (captured == NULL)
    return;
  {
    g_autoptr (GdkTexture) texture = di_ui_texture_new_for_surface (captured);

    gtk_picture_set_paintable (self->captured_picture, GDK_PAINTABLE (texture));
  }
  if (self->station != NULL && template_id != NULL && di_ui_check_light (check, &light))
    {
      ReferenceJob *job = g_new0 (ReferenceJob, 1);

      job->self = g_object_ref (self);
      job->serial = self->reference_serial;
      job->check = check;
      di_station_load_reference_async (self->station, template_id, light, reference_loaded_cb,
                                       job);
    }
}

static char *
score_text (JsonObject *check)
{
  const char *id = di_json_member_string (check, "id");
  const char *compare = di_json_member_string (check, "compare");
  JsonNode *critical = json_object_get_member (check, "critical");
  gboolean is_critical = critical != NULL && json_node_get_boolean (critical);
  const char *weight = is_critical ? _("Critical: its failure rejects the document.")
                                   : _("Not critical: its failure sends the document to review.");
  double score, threshold;

  if (di_json_member_double (check, "score", &score) && di_json_member_double (check, "threshold",
                                                                       &threshold))
    return g_strdup_printf (g_strcmp0 (compare, "max") == 0
                            ? _("Score %.3g; passes at %.3g or less. %s")
                            : _("Score %.3g; passes at %.3g or more. %s"),
                            score, threshold, weight);
  if (id != NULL && g_str_has_prefix (id, "viz.") && di_json_member_double (check, "score", &score))
    return g_strdup_printf (_("Read “%s”, OCR confidence %.2f (for information: agreement "
                              "with the MRZ decides). %s"),
                            di_json_member_string (check, "read") != NULL
                            ? di_json_member_string (check, "read") : "—", score, weight);
  return g_strdup (weight);
}

static void
show_detail (DiInspectionView *self)
{
  JsonObject *check = self->selected != NULL && self->document != NULL
                      ? di_document_find_check (self->document, self->selected) : NULL;
  g_autofree char *score = NULL;
  const char *status;
  DiLight light;

  gtk_revealer_set_reveal_child (self->detail_revealer, check != NULL);
  di_page_view_set_selected_check (self->page_view, check != NULL ? self->selected : NULL);
  if (check == NULL)
    {
      gtk_picture_set_paintable (self->captured_picture, NULL);
      gtk_picture_set_paintable (self->reference_picture, NULL);
      return;
    }
  status = di_json_member_string (check, "status");
  gtk_image_set_from_icon_name (self->detail_icon, di_ui_status_icon (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_icon), "status-pass");
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_icon), "status-fail");
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_icon), "status-not-done");
  gtk_widget_add_css_class (GTK_WIDGET (self->detail_icon), di_ui_status_css (status));
  {
    g_autofree char *title = g_strdup_printf ("%s — %s", di_ui_check_title (self->selected),
                                              di_ui_status_title (status));

    gtk_label_set_text (self->detail_title, title);
  }
  gtk_label_set_text (self->detail_sentence, di_json_member_string (check, "sentence"));
  score = score_text (check);
  gtk_label_set_text (self->detail_score, score);
  if (di_ui_check_light (check, &light))
    di_inspection_view_set_light (self, light);
  show_crops (self, check);
}

/* --- updates ------------------------------------------------------------------------------ */

static void
update_light_buttons (DiInspectionView *self)
{
  GtkWidget *buttons = gtk_widget_get_first_child (self->toolbar);

  /* a light the scan set has no image of cannot be chosen */
  for (GtkWidget *b = gtk_widget_get_first_child (buttons); b != NULL;
       b = gtk_widget_get_next_sibling (b))
    {
      GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (b));
      DiLight light;

      if (target != NULL && di_light_from_string (g_variant_get_string (target, NULL), &light))
        gtk_widget_set_sensitive (b, self->document == NULL ||
                                     di_document_get_path (self->document, light) != NULL);
    }
}

static void
update (DiInspectionView *self)
{
  update_banner (self);
  update_light_buttons (self);
  gtk_widget_set_visible (self->sidebar, !self->trainee && self->document != NULL);
  gtk_widget_set_visible (self->page_hint, !self->trainee);
  di_page_view_set_show_checks (self->page_view, !self->trainee);
  update_checks (self);
  update_mrz (self);
  update_viz (self);
  show_detail (self);
}

static void
document_notify_cb (DiInspectionView *self,
                    GParamSpec       *pspec)
{
  if (g_str_equal (pspec->name, "report") || g_str_equal (pspec->name, "error"))
    update (self);
}

static void
image_loaded_cb (DiInspectionView *self,
                 int               light)
{
  /* the crops come from the images: once white is there, the visual zone's can be cut */
  JsonObject *check = self->selected != NULL
                      ? di_document_find_check (self->document, self->selected) : NULL;
  DiLight check_light;

  if (light == DI_LIGHT_WHITE && di_document_get_report (self->document) != NULL)
    update_viz (self);
  /* and the selected check's, once the image of its light is there */
  if (check != NULL && di_ui_check_light (check, &check_light) && check_light == (DiLight) light)
    show_detail (self);
}

/* --- callbacks and actions ---------------------------------------------------------------- */

static void
page_check_activated_cb (DiInspectionView *self,
                         const char       *id)
{
  di_inspection_view_select_check (self, id);
}

static void
check_row_activated_cb (DiInspectionView *self,
                        GtkListBoxRow    *row)
{
  if (g_object_get_data (G_OBJECT (row), "show-passed") != NULL)
    {
      fill_checks (self, TRUE);
      return;
    }
  di_inspection_view_select_check (self, g_object_get_data (G_OBJECT (row), "check-id"));
}

static void
select_check_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  const char *id = g_variant_get_string (parameter, NULL);

  di_inspection_view_select_check (DI_INSPECTION_VIEW (widget), *id != '\0' ? id : NULL);
}

static void
cycle_light_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  di_inspection_view_cycle_light (DI_INSPECTION_VIEW (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  DiInspectionView *self = DI_INSPECTION_VIEW (widget);

  gtk_widget_activate_action (GTK_WIDGET (self->page_view),
                              g_str_equal (action, "inspection.zoom-in") ? "page.zoom-in"
                              : g_str_equal (action, "inspection.zoom-out") ? "page.zoom-out"
                              : "page.zoom-fit", NULL);
}

static void
light_notify_cb (DiInspectionView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIGHT]);
}

static void
di_inspection_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DiInspectionView *self = DI_INSPECTION_VIEW (object);

  switch (prop_id)
    {
    case PROP_LIGHT:
      g_value_set_string (value, di_light_to_string (di_page_view_get_light (self->page_view)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
di_inspection_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DiInspectionView *self = DI_INSPECTION_VIEW (object);
  DiLight light;

  switch (prop_id)
    {
    case PROP_LIGHT:
      if (g_value_get_string (value) != NULL &&
          di_light_from_string (g_value_get_string (value), &light))
        di_inspection_view_set_light (self, light);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
di_inspection_view_dispose (GObject *object)
{
  DiInspectionView *self = DI_INSPECTION_VIEW (object);

  di_inspection_view_set_document (self, NULL);
  g_clear_object (&self->station);
  G_OBJECT_CLASS (di_inspection_view_parent_class)->dispose (object);
}

static void
di_inspection_view_finalize (GObject *object)
{
  g_free (DI_INSPECTION_VIEW (object)->selected);
  G_OBJECT_CLASS (di_inspection_view_parent_class)->finalize (object);
}

static void
di_inspection_view_class_init (DiInspectionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = di_inspection_view_dispose;
  object_class->finalize = di_inspection_view_finalize;
  object_class->get_property = di_inspection_view_get_property;
  object_class->set_property = di_inspection_view_set_property;

  /* white, uv or ir: the light the page is shown under */
  properties[PROP_LIGHT] =
    g_param_spec_string ("light", NULL, NULL, "white",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DI_TYPE_PAGE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, DI_RESOURCE_PATH
                                               "/di-inspection-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, banner);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, banner_state);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, banner_icon);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, banner_spinner);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, banner_title);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, banner_subtitle);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, banner_reasons);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, page_hint);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, page_view);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, detail_revealer);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, detail_icon);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, detail_crops);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, captured_picture);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, reference_picture);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, detail_sentence);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, detail_score);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, checks_list);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, mrz_label);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, mrz_notes);
  gtk_widget_class_bind_template_child (widget_class, DiInspectionView, viz_grid);
  gtk_widget_class_bind_template_callback (widget_class, page_check_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, check_row_activated_cb);

  gtk_widget_class_install_property_action (widget_class, "inspection.light", "light");
  gtk_widget_class_install_action (widget_class, "inspection.cycle-light", NULL,
                                   cycle_light_action);
  gtk_widget_class_install_action (widget_class, "inspection.select-check", "s",
                                   select_check_action);
  gtk_widget_class_install_action (widget_class, "inspection.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "inspection.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "inspection.zoom-fit", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "inspection.cycle-light", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_ALT_MASK, "inspection.light",
                                       "s", "white");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_ALT_MASK, "inspection.light",
                                       "s", "uv");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_ALT_MASK, "inspection.light",
                                       "s", "ir");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "inspection.select-check",
                                       "s", "");
}

static void
di_inspection_view_init (DiInspectionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->checks_list, header_func, NULL, NULL);
  g_signal_connect_swapped (self->page_view, "notify::light", G_CALLBACK (light_notify_cb), self);
  update (self);
}

void
di_inspection_view_set_station (DiInspectionView *self,
                                DiStation        *station)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  g_set_object (&self->station, station);
}

void
di_inspection_view_set_document (DiInspectionView *self,
                                 DiDocument       *document)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  if (self->document == document)
    return;
  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->document);
      g_clear_signal_handler (&self->image_handler, self->document);
      g_clear_object (&self->document);
    }
  g_clear_pointer (&self->selected, g_free);
  self->reference_serial++;
  if (document != NULL)
    {
      self->document = g_object_ref (document);
      self->notify_handler = g_signal_connect_swapped (document, "notify",
                                                       G_CALLBACK (document_notify_cb), self);
      self->image_handler = g_signal_connect_swapped (document, "image-loaded",
                                                      G_CALLBACK (image_loaded_cb), self);
    }
  di_page_view_set_document (self->page_view, document);
  di_page_view_set_light (self->page_view, DI_LIGHT_WHITE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "checks");
  /* gtk_widget_get_mapped () is FALSE in dispose: nothing to update then */
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    update (self);
}

DiDocument *
di_inspection_view_get_document (DiInspectionView *self)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), NULL);
  return self->document;
}

void
di_inspection_view_set_trainee (DiInspectionView *self,
                                gboolean          trainee)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  self->trainee = !!trainee;
  if (trainee)
    g_clear_pointer (&self->selected, g_free);
  update (self);
}

DiPageView *
di_inspection_view_get_page_view (DiInspectionView *self)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), NULL);
  return self->page_view;
}

void
di_inspection_view_set_light (DiInspectionView *self,
                              DiLight           light)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  di_page_view_set_light (self->page_view, light);
}

void
di_inspection_view_cycle_light (DiInspectionView *self)
{
  DiLight light;

  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  if (self->document == NULL)
    return;
  light = di_page_view_get_light (self->page_view);
  for (guint k = 1; k <= DI_N_LIGHTS; k++)
    {
      DiLight next = (light + k) % DI_N_LIGHTS;

      if (di_document_get_path (self->document, next) != NULL)
        {
          di_page_view_set_light (self->page_view, next);
          return;
        }
    }
}

void
di_inspection_view_select_check (DiInspectionView *self,
                                 const char       *id)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  if (self->trainee)
    return;
  g_free (self->selected);
  self->selected = g_strdup (id);
  /* the row of the check, selected in the list too (a passed one shown first) */
  {
    JsonObject *check = id != NULL && self->document != NULL
                        ? di_document_find_check (self->document, id) : NULL;
    GtkWidget *last = gtk_widget_get_last_child (GTK_WIDGET (self->checks_list));

    if (check != NULL && check_rank (check) == 4 && last != NULL &&
        g_object_get_data (G_OBJECT (last), "show-passed") != NULL)
      fill_checks (self, TRUE);
  }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) &&
        g_strcmp0 (g_object_get_data (G_OBJECT (row), "check-id"), id) == 0)
      gtk_list_box_select_row (self->checks_list, GTK_LIST_BOX_ROW (row));
  if (id == NULL)
    gtk_list_box_unselect_all (self->checks_list);
  show_detail (self);
  /* the selected check's range in the MRZ, or none */
  update_mrz (self);
}

void
di_inspection_view_add_sidebar_page (DiInspectionView *self,
                                     GtkWidget        *child,
                                     const char       *name,
                                     const char       *title)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  gtk_stack_add_titled (self->sidebar_stack, child, name, title);
}

void
di_inspection_view_show_sidebar_page (DiInspectionView *self,
                                      const char       *name)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  gtk_stack_set_visible_child_name (self->sidebar_stack, name);
}

const char *
di_inspection_view_get_banner_title (DiInspectionView *self)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), NULL);
  return gtk_label_get_text (self->banner_title);
}

const char *
di_inspection_view_get_detail_sentence (DiInspectionView *self)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), NULL);
  return gtk_revealer_get_reveal_child (self->detail_revealer)
         ? gtk_label_get_text (self->detail_sentence) : NULL;
}

const char *
di_inspection_view_get_detail_score (DiInspectionView *self)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), NULL);
  return gtk_revealer_get_reveal_child (self->detail_revealer)
         ? gtk_label_get_text (self->detail_score) : NULL;
}

gboolean
di_inspection_view_get_crops_shown (DiInspectionView *self,
                                    gboolean         *captured,
                                    gboolean         *reference)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), FALSE);
  *captured = gtk_picture_get_paintable (self->captured_picture) != NULL;
  *reference = gtk_picture_get_paintable (self->reference_picture) != NULL;
  return gtk_widget_get_visible (self->detail_crops);
}

const char *
di_inspection_view_get_mrz_markup (DiInspectionView *self)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), NULL);
  return gtk_label_get_label (self->mrz_label);
}

guint
di_inspection_view_get_n_check_rows (DiInspectionView *self)
{
  guint n = 0;

  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), 0);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->checks_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n += GTK_IS_LIST_BOX_ROW (row) && g_object_get_data (G_OBJECT (row), "check-id") != NULL;
  return n;
}

void
di_inspection_view_show_passed (DiInspectionView *self)
{
  g_return_if_fail (DI_IS_INSPECTION_VIEW (self));
  fill_checks (self, TRUE);
}

gboolean
di_inspection_view_get_analysis_visible (DiInspectionView *self)
{
  g_return_val_if_fail (DI_IS_INSPECTION_VIEW (self), FALSE);
  /* the checks' sidebar, or a verdict in the banner */
  return gtk_widget_get_visible (self->sidebar) ||
         gtk_widget_has_css_class (self->banner, "verdict-accept") ||
         gtk_widget_has_css_class (self->banner, "verdict-review") ||
         gtk_widget_has_css_class (self->banner, "verdict-reject");
}
