/* di-caselog-report.c — drawings of the case log: the PDF report of one case for
 * investigators (cairo, pango) and the PNG chart of `cases stats`
 */
#define G_LOG_DOMAIN "di-caselog"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "di-app.h"
#include "di-caselog.h"
#include "di-caselog-private.h"
#include "di-image.h"

/* A4 in points */
#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 42.0

typedef struct {
  cairo_t *cr;
  double   y;
  int      page;
} Pen;

static cairo_status_t
write_file (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return fwrite (data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                     : CAIRO_STATUS_WRITE_ERROR;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *font,
             double      width,
             const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
new_page (Pen *pen)
{
  cairo_show_page (pen->cr);
  pen->page++;
  pen->y = MARGIN;
}

/* Text at the pen, wrapped to the page width (from @x), a new page when it does not fit. */
static void
write_text (Pen        *pen,
            double      x,
            const char *font,
            const char *text)
{
  g_autoptr (PangoLayout) layout = make_layout (pen->cr, font, PAGE_W - MARGIN - x, text);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  if (pen->y + (double) h / PANGO_SCALE > PAGE_H - MARGIN)
    new_page (pen);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  cairo_move_to (pen->cr, x, pen->y);
  pango_cairo_show_layout (pen->cr, layout);
  pen->y += (double) h / PANGO_SCALE + 2;
}

G_GNUC_PRINTF (4, 5) static void
write_line (Pen        *pen,
            double      x,
            const char *font,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  write_text (pen, x, font, text);
}

/* A label and its value in two columns. */
static void
write_pair (Pen        *pen,
            double      x,
            const char *label,
            const char *value)
{
  g_autoptr (PangoLayout) left = make_layout (pen->cr, "DejaVu Sans 9", 0, label);
  g_autoptr (PangoLayout) right = make_layout (pen->cr, "DejaVu Sans 9", PAGE_W - MARGIN - x - 125,
                                               value);
  int w, h;

  pango_layout_get_size (right, &w, &h);
  if (pen->y + (double) h / PANGO_SCALE > PAGE_H - MARGIN)
    new_page (pen);
  cairo_set_source_rgb (pen->cr, 0, 0, 0);
  cairo_move_to (pen->cr, x, pen->y);
  pango_cairo_show_layout (pen->cr, left);
  cairo_move_to (pen->cr, x + 125, pen->y);
  pango_cairo_show_layout (pen->cr, right);
  pen->y += (double) h / PANGO_SCALE + 2;
}

/* An image scaled into a box at the pen, with a caption under it. */
static void
draw_image (Pen        *pen,
            const char *path,
            double      max_w,
            double      max_h,
            const char *caption)
{
  g_autoptr (GError) error = NULL;
  cairo_surface_t *image = di_image_load (path, &error);
  double w, h, scale;

  if (image == NULL)
    {
      write_line (pen, MARGIN, "DejaVu Sans 8", "%s: the stored image cannot be read", caption);
      return;
    }
  w = cairo_image_surface_get_width (image);
  h = cairo_image_surface_get_height (image);
  scale = MIN (max_w / w, max_h / h);
  if (pen->y + h * scale + 16 > PAGE_H - MARGIN)
    new_page (pen);
  cairo_save (pen->cr);
  cairo_translate (pen->cr, MARGIN, pen->y);
  cairo_scale (pen->cr, scale, scale);
  cairo_set_source_surface (pen->cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (pen->cr), CAIRO_FILTER_GOOD);
  cairo_paint (pen->cr);
  cairo_restore (pen->cr);
  cairo_surface_destroy (image);
  pen->y += h * scale + 2;
  write_text (pen, MARGIN, "DejaVu Sans 7", caption);
  pen->y += 6;
}

static char *
number_text (JsonObject *o,
             const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("–");
  return g_strdup_printf ("%.3g", json_node_get_double (node));
}

static void
draw_findings (Pen        *pen,
               JsonObject *report)
{
  JsonArray *reasons = di_json_member_array (report, "reasons");
  JsonObject *mrz = di_json_member_object (report, "mrz");
  JsonObject *fields = di_json_member_object (mrz, "fields");
  JsonArray *lines = di_json_member_array (mrz, "lines");
  JsonArray *checks = di_json_member_array (report, "checks");
  static const char *const names[][2] = {
    { "surname", "Surname" }, { "given_names", "Given names" },
    { "document_number", "Document number" }, { "document_code", "Document code" },
    { "issuing_state", "Issuing state" }, { "nationality", "Nationality" },
    { "birth_date", "Date of birth" }, { "sex", "Sex" }, { "expiry_date", "Date of expiry" },
  };

  pen->y += 8;
  write_text (pen, MARGIN, "DejaVu Sans Bold 11", "Findings");
  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    write_line (pen, MARGIN + 8, "DejaVu Sans 9", "• %s",
                json_array_get_string_element (reasons, i));

  pen->y += 8;
  write_text (pen, MARGIN, "DejaVu Sans Bold 11", "Machine readable zone");
  if (mrz == NULL || lines == NULL)
    write_text (pen, MARGIN + 8, "DejaVu Sans 9", "No MRZ was read.");
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    write_text (pen, MARGIN + 8, "DejaVu Sans Mono 9", json_array_get_string_element (lines, i));
  for (guint i = 0; fields != NULL && i < G_N_ELEMENTS (names); i++)
    {
      const char *value = di_json_member_string (fields, names[i][0]);

      write_pair (pen, MARGIN + 8, names[i][1], value != NULL ? value : "–");
    }

  pen->y += 8;
  write_text (pen, MARGIN, "DejaVu Sans Bold 11", "Checks (failed and not done first)");
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
      {
        JsonObject *c = json_array_get_object_element (checks, i);
        const char *status = di_json_member_string (c, "status");
        gboolean passed = g_strcmp0 (status, "pass") == 0;
        g_autofree char *score = NULL, *threshold = NULL;

        if (c == NULL || passed != (pass == 1))
          continue;
        score = number_text (c, "score");
        threshold = number_text (c, "threshold");
        write_line (pen, MARGIN + 8, passed ? "DejaVu Sans 8" : "DejaVu Sans Bold 8",
                    "%s%s  %s  (score %s, threshold %s)", status != NULL ? status : "?",
                    json_object_get_boolean_member_with_default (c, "critical", FALSE)
                      ? ", critical" : "",
                    di_json_member_string (c, "id"), score, threshold);
        if (di_json_member_string (c, "sentence") != NULL)
          write_text (pen, MARGIN + 20, "DejaVu Sans 8", di_json_member_string (c, "sentence"));
      }
}

static void
draw_case (Pen                *pen,
           const DiCaseRecord *r,
           JsonObject         *report)
{
  const DiCaseSummary *s = &r->summary;

  write_line (pen, MARGIN, "DejaVu Sans Bold 16", "DocInspect — case %" G_GINT64_FORMAT, s->id);
  write_text (pen, MARGIN, "DejaVu Sans Oblique 8",
              "Report for investigators. It holds personal data: keep it under your agency's "
              "rules. The event hashes below can be checked against the case log "
              "(docinspect cases verify).");
  pen->y += 6;
  write_line (pen, MARGIN, "DejaVu Sans 9", "Case uid: %s", s->uid);
  write_line (pen, MARGIN, "DejaVu Sans 9", "Logged: %s (UTC) at station %s by officer %s",
              s->created_at, s->station, s->officer);
  write_line (pen, MARGIN, "DejaVu Sans Bold 10", "Automatic verdict: %s (template %s)",
              s->verdict, s->template_id != NULL ? s->template_id : "none");
  write_line (pen, MARGIN, "DejaVu Sans 9", "Officer's decision: %s%s%s",
              s->decision != NULL ? s->decision : "none",
              s->decision != NULL ? " by " : "", s->decided_by != NULL ? s->decided_by : "");
  write_line (pen, MARGIN, "DejaVu Sans 9", "Supervisor's review: %s%s%s",
              s->disposition != NULL ? s->disposition : "not reviewed",
              s->disposition != NULL ? " by " : "",
              s->reviewed_by != NULL ? s->reviewed_by : "");
  if (s->purged_at != NULL)
    write_line (pen, MARGIN, "DejaVu Sans Bold 9", "Purged at %s: the report, notes and "
                "images are no longer held.", s->purged_at);
  if (report != NULL)
    draw_findings (pen, report);

  pen->y += 8;
  write_text (pen, MARGIN, "DejaVu Sans Bold 11", "Events");
  for (guint i = 0; i < r->events->len; i++)
    {
      const DiCaseEvent *e = r->events->pdata[i];

      write_line (pen, MARGIN + 8, "DejaVu Sans 8", "%" G_GINT64_FORMAT "  %s  %s  by %s at %s",
                  e->id, e->kind, e->at, e->actor, e->station);
      write_line (pen, MARGIN + 20, "DejaVu Sans Mono 6.5", "%s  hash %s", e->data, e->hash);
      if (e->note != NULL)
        write_line (pen, MARGIN + 20, "DejaVu Sans Oblique 8", "Note: %s", e->note);
    }
}

static void
draw_images (Pen                *pen,
             const DiCaseRecord *r)
{
  static const char *const lights[] = { "white", "uv", "ir" };
  gboolean crops = FALSE;

  if (r->images->len == 0)
    return;
  new_page (pen);
  write_text (pen, MARGIN, "DejaVu Sans Bold 11", "Images of the scan set");
  for (guint k = 0; k < G_N_ELEMENTS (lights); k++)
    for (guint i = 0; i < r->images->len; i++)
      {
        const DiCaseImage *image = r->images->pdata[i];
        g_autofree char *caption = NULL;

        if (!g_str_equal (image->role, lights[k]))
          continue;
        caption = g_strdup_printf ("%s light — SHA-256 %s", image->role, image->sha256);
        draw_image (pen, image->path, PAGE_W - 2 * MARGIN, (PAGE_H - 2 * MARGIN) / 3 - 40,
                    caption);
      }
  for (guint i = 0; i < r->images->len; i++)
    {
      const DiCaseImage *image = r->images->pdata[i];
      g_autofree char *caption = NULL;
      gboolean crop = g_str_has_prefix (image->role, "crop/");

      if (!crop && !g_str_has_prefix (image->role, "reference/"))
        continue;
      if (!crops)
        {
          pen->y += 6;
          write_text (pen, MARGIN, "DejaVu Sans Bold 11",
                      "Crops of the failed checks (captured, then reference)");
          crops = TRUE;
        }
      caption = g_strdup_printf ("%s %s — SHA-256 %s", crop ? "captured" : "reference",
                                 strchr (image->role, '/') + 1, image->sha256);
      draw_image (pen, image->path, (PAGE_W - 2 * MARGIN) / 2, 150, caption);
    }
}

/**
 * di_caselog_export_pdf:
 * @self: a log
 * @case_id: the case
 * @out_path: the PDF to write (0600)
 * @error: return location for a #GError
 *
 * Needs supervisor rights. The case, its findings (reasons, MRZ, checks), its events with
 * their hashes, its images and the crops of its failed checks; logged as an `export` event
 * of the case.
 *
 * Returns: %TRUE when written and logged
 */
gboolean
di_caselog_export_pdf (DiCaseLog  *self,
                       gint64      case_id,
                       const char *out_path,
                       GError    **error)
{
  g_autoptr (DiCaseRecord) record = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *tmp = NULL;
  JsonObject *report = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  Pen pen = { NULL, MARGIN, 1 };
  FILE *file;

  if (!di_caselog_authorize (self, "export", case_id, error))
    return FALSE;
  record = di_caselog_get_case (self, case_id, error);
  if (record == NULL)
    return FALSE;
  if (record->report != NULL && json_parser_load_from_data (parser, record->report, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    report = json_node_get_object (json_parser_get_root (parser));

  file = di_caselog_create_private (out_path, &tmp, error);
  if (file == NULL)
    return FALSE;
  surface = cairo_pdf_surface_create_for_stream (write_file, file, PAGE_W, PAGE_H);
  pen.cr = cairo_create (surface);
  draw_case (&pen, record, report);
  draw_images (&pen, record);
  cairo_show_page (pen.cr);
  cairo_destroy (pen.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      fclose (file);
      g_unlink (tmp);
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_WRITE, "cannot write %s: %s",
                   out_path, cairo_status_to_string (status));
      return FALSE;
    }
  g_array_append_val (ids, case_id);
  if (!di_caselog_record_export (self, "pdf", ids, case_id, error))
    {
      fclose (file);
      g_unlink (tmp);
      return FALSE;
    }
  return di_caselog_finish_private (file, tmp, out_path, error);
}

/* --- the stats chart -------------------------------------------------------------------- */

#define CHART_W 1000.0

static void
chart_text (cairo_t    *cr,
            double      x,
            double      y,
            const char *font,
            const char *text,
            double      align)   /* 0 left, 0.5 centre, 1 right of x */
{
  g_autoptr (PangoLayout) layout = make_layout (cr, font, 0, text);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w / PANGO_SCALE, y);
  pango_cairo_show_layout (cr, layout);
}

static gint64
int_member (JsonObject *o,
            const char *name)
{
  return json_object_get_int_member_with_default (o, name, 0);
}

#define CHART_DAY_TOP 60.0
#define CHART_DAY_H 260.0
#define CHART_CHECK_TOP (CHART_DAY_TOP + CHART_DAY_H + 90)
#define CHART_MAX_CHECKS 30

/**
 * di_caselog_stats_chart_size:
 * @stats: the object of di_caselog_stats()
 * @width: (out): the width of the chart, in pixels at scale 1
 * @height: (out): its height
 */
void
di_caselog_stats_chart_size (JsonNode *stats,
                             double   *width,
                             double   *height)
{
  JsonArray *checks = di_json_member_array (json_node_get_object (stats), "per_check");
  guint n_checks = checks != NULL ? MIN (json_array_get_length (checks), CHART_MAX_CHECKS) : 0;

  *width = CHART_W;
  *height = CHART_CHECK_TOP + 22 * MAX (n_checks, 1) + 40;
}

/**
 * di_caselog_stats_draw:
 * @stats: the object of di_caselog_stats()
 * @cr: where to draw, at the size of di_caselog_stats_chart_size()
 *
 * Two panels: cases, flagged cases and false alarms per day (bars); per check, the
 * false-alarm rate among the reviewed cases it failed in (horizontal bars, with counts).
 */
void
di_caselog_stats_draw (JsonNode *stats,
                       cairo_t  *cr)
{
  JsonObject *o = json_node_get_object (stats);
  JsonArray *days = di_json_member_array (o, "per_day");
  JsonArray *checks = di_json_member_array (o, "per_check");
  guint n_days = days != NULL ? json_array_get_length (days) : 0;
  guint n_checks = checks != NULL ? MIN (json_array_get_length (checks), CHART_MAX_CHECKS) : 0;
  double day_top = CHART_DAY_TOP, day_h = CHART_DAY_H, check_top = CHART_CHECK_TOP;
  double plot_x = 70, plot_w = CHART_W - plot_x - 30, width, height;
  gint64 max_cases = 1;

  di_caselog_stats_chart_size (stats, &width, &height);
  for (guint i = 0; i < n_days; i++)
    max_cases = MAX (max_cases, int_member (json_array_get_object_element (days, i), "cases"));

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  {
    g_autofree char *title = g_strdup_printf ("Case log: %" G_GINT64_FORMAT " cases, %"
                                              G_GINT64_FORMAT " flagged, %" G_GINT64_FORMAT
                                              " reviewed, %" G_GINT64_FORMAT " false alarms",
                                              int_member (o, "cases"), int_member (o, "flagged"),
                                              int_member (o, "reviewed"),
                                              int_member (o, "false_alarms"));

    chart_text (cr, 20, 15, "DejaVu Sans Bold 14", title, 0);
  }

  /* per day: grey all cases, orange flagged, red false alarms */
  chart_text (cr, 20, day_top - 22, "DejaVu Sans 10",
              "Per day (UTC): cases (grey), flagged (orange), false alarms (red)", 0);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, plot_x, day_top);
  cairo_line_to (cr, plot_x, day_top + day_h);
  cairo_line_to (cr, plot_x + plot_w, day_top + day_h);
  cairo_stroke (cr);
  {
    g_autofree char *top = g_strdup_printf ("%" G_GINT64_FORMAT, max_cases);

    chart_text (cr, plot_x - 6, day_top - 6, "DejaVu Sans 8", top, 1);
    chart_text (cr, plot_x - 6, day_top + day_h - 8, "DejaVu Sans 8", "0", 1);
  }
  for (guint i = 0; i < n_days; i++)
    {
      JsonObject *d = json_array_get_object_element (days, i);
      double slot = plot_w / n_days, bar = CLAMP (slot * 0.8, 1, 40);
      double x = plot_x + i * slot + (slot - bar) / 2;
      const double *colours[] = { (const double[]) { 0.75, 0.75, 0.75 },
                                  (const double[]) { 0.95, 0.55, 0.1 },
                                  (const double[]) { 0.8, 0.1, 0.1 } };
      const char *keys[] = { "cases", "flagged", "false_alarms" };
      guint label_every = MAX (1, n_days / 12);

      for (guint k = 0; k < 3; k++)
        {
          double h = day_h * int_member (d, keys[k]) / (double) max_cases;

          cairo_set_source_rgb (cr, colours[k][0], colours[k][1], colours[k][2]);
          cairo_rectangle (cr, x, day_top + day_h - h, bar, h);
          cairo_fill (cr);
        }
      if (i % label_every == 0)
        {
          cairo_set_source_rgb (cr, 0, 0, 0);
          chart_text (cr, x + bar / 2, day_top + day_h + 4, "DejaVu Sans 7",
                      di_json_member_string (d, "day"), 0.5);
        }
    }

  /* per check: false-alarm rate among the reviewed cases it failed in */
  cairo_set_source_rgb (cr, 0, 0, 0);
  chart_text (cr, 20, check_top - 30, "DejaVu Sans 10",
              "Per check: false-alarm rate among the reviewed cases it failed in", 0);
  for (guint i = 0; i < n_checks; i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      JsonNode *rate_node = json_object_get_member (c, "false_alarm_rate");
      double y = check_top + 22 * i, bar_x = 330, bar_w = CHART_W - bar_x - 190;
      double rate = rate_node != NULL && !JSON_NODE_HOLDS_NULL (rate_node)
                      ? json_node_get_double (rate_node) : -1;
      g_autofree char *counts = NULL;

      cairo_set_source_rgb (cr, 0, 0, 0);
      chart_text (cr, bar_x - 8, y, "DejaVu Sans 9", di_json_member_string (c, "check"), 1);
      cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
      cairo_rectangle (cr, bar_x, y + 2, bar_w, 14);
      cairo_fill (cr);
      if (rate >= 0)
        {
          cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
          cairo_rectangle (cr, bar_x, y + 2, bar_w * rate, 14);
          cairo_fill (cr);
          counts = g_strdup_printf ("%.0f %% of %" G_GINT64_FORMAT " reviewed (%" G_GINT64_FORMAT
                                    " failed)", 100 * rate, int_member (c, "reviewed"),
                                    int_member (c, "cases"));
        }
      else
        counts = g_strdup_printf ("none reviewed (%" G_GINT64_FORMAT " failed)",
                                  int_member (c, "cases"));
      cairo_set_source_rgb (cr, 0, 0, 0);
      chart_text (cr, bar_x + bar_w + 8, y, "DejaVu Sans 8", counts, 0);
    }
  if (n_checks == 0)
    chart_text (cr, 20, check_top, "DejaVu Sans 9", "No check failed in these cases.", 0);
  cairo_restore (cr);
}

/**
 * di_caselog_stats_chart:
 * @stats: the object of di_caselog_stats()
 * @out_path: the PNG to write (0600)
 * @error: return location for a #GError
 *
 * Writes the drawing of di_caselog_stats_draw() as a PNG.
 *
 * Returns: %TRUE when written
 */
gboolean
di_caselog_stats_chart (JsonNode   *stats,
                        const char *out_path,
                        GError    **error)
{
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  double width, height;
  cairo_t *cr;
  FILE *file;

  di_caselog_stats_chart_size (stats, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cr = cairo_create (surface);
  di_caselog_stats_draw (stats, cr);
  cairo_destroy (cr);

  file = di_caselog_create_private (out_path, &tmp, error);
  if (file == NULL)
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  status = cairo_surface_write_to_png_stream (surface, write_file, file);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      fclose (file);
      g_unlink (tmp);
      g_set_error (error, DI_CASELOG_ERROR, DI_CASELOG_ERROR_WRITE, "cannot write %s: %s",
                   out_path, cairo_status_to_string (status));
      return FALSE;
    }
  return di_caselog_finish_private (file, tmp, out_path, error);
}
