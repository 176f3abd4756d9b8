/* di-page-view.c — the page under one light, zoomed and panned, the checks drawn over it
 *
 * A check's region is a rectangle in millimetres of the template's page; the report's page
 * transform takes it to pixels of the scan, where it is a quadrilateral (the page lies askew
 * on the reader's glass). Each is outlined in its status colour and, so that colour is never
 * the only sign, in its own line style: passed thin and solid, failed thick with its name,
 * not done dashed with a question mark. The MRZ's quadrilateral, as the reader found it, is
 * drawn under every light.
 *
 * Scrolling (or a pinch on a touch screen) zooms around the pointer, dragging pans, a click
 * selects the smallest region under the pointer ("check-activated"); +, - and 0 zoom from
 * the keyboard.
 */
#define G_LOG_DOMAIN "di-page-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "di-page-view.h"
#include "di-ui-private.h"

#define MIN_ZOOM 1.0
#define MAX_ZOOM 16.0
#define ZOOM_STEP 1.25
#define CLICK_SLOP 4.0

typedef struct {
  char      *id;
  char      *status;
  gboolean   mrz;       /* the MRZ's quadrilateral, not a check */
  double     x[4];      /* corners in widget coordinates */
  double     y[4];
} Region;

struct _DiPageView {
  GtkWidget   parent_instance;

  DiDocument *document;
  gulong      loaded_handler;
  gulong      report_handler;
  DiLight     light;
  double      zoom;
  double      pan_x;      /* widget pixels from the centred position */
  double      pan_y;
  double      drag_pan_x;
  double      drag_pan_y;
  double      pinch_zoom; /* the zoom when a pinch began */
  double      pointer_x;  /* where the pointer is, for zooming around it */
  double      pointer_y;
  gboolean    pointer_in;
  gboolean    show_checks;
  char       *selected;
  GArray     *regions;    /* Region, as last drawn */
};

G_DEFINE_FINAL_TYPE (DiPageView, di_page_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_LIGHT,
  PROP_ZOOM,
  PROP_SHOW_CHECKS,
  PROP_SELECTED_CHECK,
  N_PROPS
};

enum {
  CHECK_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
region_clear (gpointer data)
{
  Region *r = data;

  g_free (r->id);
  g_free (r->status);
}

/* The image of the light shown, else the white one (the three share one geometry) */
static const DiRgb *
shown_image (DiPageView *self)
{
  const DiRgb *image;

  if (self->document == NULL)
    return NULL;
  image = di_document_get_rgb (self->document, self->light);
  return image != NULL ? image : di_document_get_rgb (self->document, DI_LIGHT_WHITE);
}

/* Where the image lies in the widget: its scale and top-left corner; FALSE without one */
static gboolean
placement (DiPageView *self,
           double     *scale,
           double     *ox,
           double     *oy)
{
  const DiRgb *image = shown_image (self);
  double w, h, fit;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (image == NULL || width <= 0 || height <= 0)
    return FALSE;
  w = image->width;
  h = image->height;
  fit = MIN (width / w, height / h);
  *scale = fit * self->zoom;
  *ox = (width - w * *scale) / 2 + self->pan_x;
  *oy = (height - h * *scale) / 2 + self->pan_y;
  return TRUE;
}

/* Keeps at least a third of the image on screen */
static void
clamp_pan (DiPageView *self)
{
  double scale, ox, oy;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double w, h, limit_x, limit_y;

  if (!placement (self, &scale, &ox, &oy))
    return;
  w = shown_image (self)->width * scale;
  h = shown_image (self)->height * scale;
  limit_x = MAX (0, (w - width) / 2) + width / 3.0;
  limit_y = MAX (0, (h - height) / 2) + height / 3.0;
  if (self->zoom <= MIN_ZOOM)
    limit_x = limit_y = 0;
  self->pan_x = CLAMP (self->pan_x, -limit_x, limit_x);
  self->pan_y = CLAMP (self->pan_y, -limit_y, limit_y);
}

static void
add_region (DiPageView   *self,
            const char   *id,
            const char   *status,
            gboolean      mrz,
            const double  px[4],
            const double  py[4],
            double        scale,
            double        ox,
            double        oy)
{
  Region r = { g_strdup (id), g_strdup (status), mrz };

  for (guint k = 0; k < 4; k++)
    {
      r.x[k] = ox + px[k] * scale;
      r.y[k] = oy + py[k] * scale;
    }
  g_array_append_val (self->regions, r);
}

/* The regions to draw under the current light, in widget coordinates */
static void
compute_regions (DiPageView *self,
                 double      scale,
                 double      ox,
                 double      oy)
{
  JsonObject *report = self->document != NULL ? di_document_get_report (self->document) : NULL;
  JsonArray *checks = di_json_member_array (report, "checks");
  JsonObject *mrz = di_json_member_object (report, "mrz");
  JsonArray *quad = di_json_member_array (mrz, "quadrilateral");
  double h[9];

  g_array_set_size (self->regions, 0);
  if (report == NULL || !self->show_checks)
    return;
  if (quad != NULL && json_array_get_length (quad) == 4)
    {
      double px[4], py[4];
      JsonNode *valid = json_object_get_member (mrz, "valid");

      for (guint k = 0; k < 4; k++)
        {
          JsonArray *p = json_array_get_array_element (quad, k);

          px[k] = json_array_get_double_element (p, 0);
          py[k] = json_array_get_double_element (p, 1);
        }
      add_region (self, "mrz", valid != NULL && json_node_get_boolean (valid) ? "pass" : "fail",
                  TRUE, px, py, scale, ox, oy);
    }
  if (checks == NULL || !di_document_get_page_transform (self->document, h))
    return;
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      JsonArray *rect = di_json_member_array (c, "region_mm");
      double px[4], py[4], x0, y0, x1, y1;
      DiLight light;

      if (rect == NULL || json_array_get_length (rect) != 4 || !di_ui_check_light (c, &light) ||
          light != self->light)
        continue;
      x0 = json_array_get_double_element (rect, 0);
      y0 = json_array_get_double_element (rect, 1);
      x1 = x0 + json_array_get_double_element (rect, 2);
      y1 = y0 + json_array_get_double_element (rect, 3);
      for (guint k = 0; k < 4; k++)
        {
          double u = k == 0 || k == 3 ? x0 : x1, v = k < 2 ? y0 : y1;
          double w = h[6] * u + h[7] * v + h[8];

          px[k] = (h[0] * u + h[1] * v + h[2]) / w;
          py[k] = (h[3] * u + h[4] * v + h[5]) / w;
        }
      add_region (self, di_json_member_string (c, "id"), di_json_member_string (c, "status"), FALSE,
                  px, py, scale, ox, oy);
    }
}

static void
status_rgb (const char *status,
            double      rgb[3])
{
  /* GNOME palette: green 4, red 3, yellow 5 */
  static const double pass[3] = { 0.15, 0.64, 0.41 };
  static const double fail[3] = { 0.88, 0.11, 0.14 };
  static const double not_done[3] = { 0.90, 0.65, 0.04 };
  const double *c = g_strcmp0 (status, "pass") == 0 ? pass
                    : g_strcmp0 (status, "fail") == 0 ? fail : not_done;

  memcpy (rgb, c, sizeof pass);
}

static void
draw_label (cairo_t     *cr,
            PangoLayout *layout,
            const char  *text,
            double       x,
            double       y,
            double       width,
            const double rgb[3])
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  /* inside the view, however near its edge the region is */
  x = MAX (0, MIN (x, width - w - 8));
  y = MAX (h + 4, y);
  cairo_rectangle (cr, x, y - h - 4, w + 8, h + 4);
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.92);
  cairo_fill (cr);
  cairo_move_to (cr, x + 4, y - h - 2);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_regions (DiPageView *self,
              cairo_t    *cr)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 9");

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  for (guint i = 0; i < self->regions->len; i++)
    {
      const Region *r = &g_array_index (self->regions, Region, i);
      gboolean selected = g_strcmp0 (r->id, self->selected) == 0;
      gboolean failed = g_strcmp0 (r->status, "fail") == 0;
      gboolean not_done = !failed && g_strcmp0 (r->status, "pass") != 0;
      double rgb[3];
      double dash[] = { 6, 4 };

      status_rgb (r->status, rgb);
      cairo_new_path (cr);
      for (guint k = 0; k < 4; k++)
        cairo_line_to (cr, r->x[k], r->y[k]);
      cairo_close_path (cr);
      if (selected)
        {
          cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.18);
          cairo_fill_preserve (cr);
        }
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_set_line_width (cr, selected ? 4 : failed ? 3 : 1.5);
      cairo_set_dash (cr, dash, not_done ? 2 : 0, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      if (failed || not_done || selected || r->mrz)
        {
          g_autofree char *text =
            g_strdup_printf ("%s %s", failed ? "✕" : not_done ? "?" : "✓",
                             r->mrz ? "MRZ" : di_ui_check_title (r->id));

          draw_label (cr, layout, text, MIN (MIN (r->x[0], r->x[1]), MIN (r->x[2], r->x[3])),
                      MIN (MIN (r->y[0], r->y[1]), MIN (r->y[2], r->y[3])),
                      gtk_widget_get_width (GTK_WIDGET (self)), rgb);
        }
    }
  g_object_unref (layout);
}

static void
draw_message (DiPageView  *self,
              GtkSnapshot *snapshot,
              const char  *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((gtk_widget_get_width (GTK_WIDGET (self)) - w) / 2.f,
                                                (gtk_widget_get_height (GTK_WIDGET (self)) - h) / 2.f));
  gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 1, 1, 1, 0.85 });
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static void
di_page_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  DiPageView *self = DI_PAGE_VIEW (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_surface_t *surface = NULL;
  double scale, ox, oy, level;
  cairo_t *cr;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.14, 0.14, 0.15, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_array_set_size (self->regions, 0);
  if (self->document == NULL)
    return;
  if (placement (self, &scale, &ox, &oy))
    surface = di_document_get_surface (self->document, self->light, scale, &level);
  if (surface == NULL)
    {
      const char *error = di_document_get_load_error (self->document);
      g_autofree char *text = NULL;

      if (di_document_get_path (self->document, self->light) == NULL)
        text = g_strdup_printf (_("This scan set has no %s image."),
                                di_ui_light_title (self->light));
      else if (error != NULL && di_document_get_loaded (self->document))
        text = g_strdup (error);
      else
        text = g_strdup (_("Loading the image…"));
      draw_message (self, snapshot, text);
      return;
    }
  /* the pyramid level nearest the scale, drawn by cairo at nearly 1:1: no conversion of the
   * whole image at each frame, whatever the renderer */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_save (cr);
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, scale / level, scale / level);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            scale / level > 2 ? CAIRO_FILTER_FAST : CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
  compute_regions (self, scale, ox, oy);
  draw_regions (self, cr);
  cairo_destroy (cr);
}

/* --- input -------------------------------------------------------------------------------- */

static void
zoom_at (DiPageView *self,
         double      zoom,
         double      x,
         double      y)
{
  double scale, ox, oy, ix, iy, new_scale, new_ox, new_oy;

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  if (!placement (self, &scale, &ox, &oy))
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
      return;
    }
  /* the image point under (x, y) stays there */
  ix = (x - ox) / scale;
  iy = (y - oy) / scale;
  self->zoom = zoom;
  placement (self, &new_scale, &new_ox, &new_oy);
  self->pan_x += x - (new_ox + ix * new_scale);
  self->pan_y += y - (new_oy + iy * new_scale);
  clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           gpointer                  data)
{
  DiPageView *self = data;

  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_in = TRUE;
}

static void
leave_cb (GtkEventControllerMotion *controller,
          gpointer                  data)
{
  DI_PAGE_VIEW (data)->pointer_in = FALSE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           gpointer                  data)
{
  DiPageView *self = data;
  double x = self->pointer_in ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = self->pointer_in ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  zoom_at (self, self->zoom * pow (ZOOM_STEP, -dy), x, y);
  return TRUE;
}

static void
pinch_begin_cb (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                gpointer          data)
{
  DiPageView *self = data;

  self->pinch_zoom = self->zoom;
}

static void
pinch_cb (GtkGestureZoom *gesture,
          double          scale,
          gpointer        data)
{
  DiPageView *self = data;
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at (self, self->pinch_zoom * scale, x, y);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               gpointer        data)
{
  DiPageView *self = data;

  self->drag_pan_x = self->pan_x;
  self->drag_pan_y = self->pan_y;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                gpointer        data)
{
  DiPageView *self = data;

  if (self->zoom <= MIN_ZOOM)
    return;
  self->pan_x = self->drag_pan_x + dx;
  self->pan_y = self->drag_pan_y + dy;
  clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
polygon_area (const Region *r)
{
  double a = 0;

  for (guint k = 0; k < 4; k++)
    a += r->x[k] * r->y[(k + 1) % 4] - r->x[(k + 1) % 4] * r->y[k];
  return fabs (a) / 2;
}

static gboolean
polygon_contains (const Region *r,
                  double        x,
                  double        y)
{
  gboolean inside = FALSE;

  for (guint i = 0, j = 3; i < 4; j = i++)
    if ((r->y[i] > y) != (r->y[j] > y) &&
        x < (r->x[j] - r->x[i]) * (y - r->y[i]) / (r->y[j] - r->y[i]) + r->x[i])
      inside = !inside;
  return inside;
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             gpointer        data)
{
  DiPageView *self = data;
  const Region *best = NULL;
  double x, y;

  if (hypot (dx, dy) > CLICK_SLOP)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  for (guint i = 0; i < self->regions->len; i++)
    {
      const Region *r = &g_array_index (self->regions, Region, i);

      if (!r->mrz && polygon_contains (r, x, y) &&
          (best == NULL || polygon_area (r) < polygon_area (best)))
        best = r;
    }
  if (best != NULL)
    g_signal_emit (self, signals[CHECK_ACTIVATED], 0, best->id);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  DiPageView *self = DI_PAGE_VIEW (widget);
  double x = gtk_widget_get_width (widget) / 2.0, y = gtk_widget_get_height (widget) / 2.0;

  if (g_str_equal (action, "page.zoom-in"))
    zoom_at (self, self->zoom * ZOOM_STEP, x, y);
  else if (g_str_equal (action, "page.zoom-out"))
    zoom_at (self, self->zoom / ZOOM_STEP, x, y);
  else
    di_page_view_set_zoom (self, 1);
}

/* --- object ------------------------------------------------------------------------------- */

static void
document_changed_cb (DiPageView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
di_page_view_dispose (GObject *object)
{
  di_page_view_set_document (DI_PAGE_VIEW (object), NULL);
  G_OBJECT_CLASS (di_page_view_parent_class)->dispose (object);
}

static void
di_page_view_finalize (GObject *object)
{
  DiPageView *self = DI_PAGE_VIEW (object);

  g_free (self->selected);
  g_array_unref (self->regions);
  G_OBJECT_CLASS (di_page_view_parent_class)->finalize (object);
}

static void
di_page_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DiPageView *self = DI_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_LIGHT:
      g_value_set_int (value, self->light);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_SHOW_CHECKS:
      g_value_set_boolean (value, self->show_checks);
      break;
    case PROP_SELECTED_CHECK:
      g_value_set_string (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
di_page_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DiPageView *self = DI_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      di_page_view_set_document (self, g_value_get_object (value));
      break;
    case PROP_LIGHT:
      di_page_view_set_light (self, g_value_get_int (value));
      break;
    case PROP_ZOOM:
      di_page_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_SHOW_CHECKS:
      di_page_view_set_show_checks (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED_CHECK:
      di_page_view_set_selected_check (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
di_page_view_class_init (DiPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = di_page_view_dispose;
  object_class->finalize = di_page_view_finalize;
  object_class->get_property = di_page_view_get_property;
  object_class->set_property = di_page_view_set_property;
  widget_class->snapshot = di_page_view_snapshot;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, DI_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIGHT] =
    g_param_spec_int ("light", NULL, NULL, 0, DI_N_LIGHTS - 1, DI_LIGHT_WHITE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, MIN_ZOOM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_CHECKS] =
    g_param_spec_boolean ("show-checks", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_CHECK] =
    g_param_spec_string ("selected-check", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (id): the region of a check was clicked */
  signals[CHECK_ACTIVATED] = g_signal_new ("check-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "page.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "page.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "page.zoom-fit", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "page.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "page.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "page.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "page.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "page.zoom-out",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "page.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "page.zoom-fit", NULL);

  gtk_widget_class_set_css_name (widget_class, "pageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
di_page_view_init (DiPageView *self)
{
  GtkEventController *scroll, *motion;
  GtkGesture *drag, *pinch;

  self->zoom = MIN_ZOOM;
  self->show_checks = TRUE;
  self->regions = g_array_new (FALSE, TRUE, sizeof (Region));
  g_array_set_clear_func (self->regions, region_clear);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The document page"), -1);
}

void
di_page_view_set_document (DiPageView *self,
                           DiDocument *document)
{
  g_return_if_fail (DI_IS_PAGE_VIEW (self));
  if (self->document == document)
    return;
  if (self->document != NULL)
    {
      g_clear_signal_handler (&self->loaded_handler, self->document);
      g_clear_signal_handler (&self->report_handler, self->document);
      g_clear_object (&self->document);
    }
  if (document != NULL)
    {
      self->document = g_object_ref (document);
      self->loaded_handler = g_signal_connect_swapped (document, "image-loaded",
                                                       G_CALLBACK (document_changed_cb), self);
      self->report_handler = g_signal_connect_swapped (document, "notify",
                                                       G_CALLBACK (document_changed_cb), self);
    }
  self->zoom = MIN_ZOOM;
  self->pan_x = self->pan_y = 0;
  g_clear_pointer (&self->selected, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
di_page_view_set_light (DiPageView *self,
                        DiLight     light)
{
  g_return_if_fail (DI_IS_PAGE_VIEW (self));
  g_return_if_fail (light < DI_N_LIGHTS);
  if (self->light == light)
    return;
  self->light = light;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIGHT]);
}

DiLight
di_page_view_get_light (DiPageView *self)
{
  g_return_val_if_fail (DI_IS_PAGE_VIEW (self), DI_LIGHT_WHITE);
  return self->light;
}

void
di_page_view_set_zoom (DiPageView *self,
                       double      zoom)
{
  g_return_if_fail (DI_IS_PAGE_VIEW (self));
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  if (zoom <= MIN_ZOOM)
    self->pan_x = self->pan_y = 0;
  clamp_pan (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
di_page_view_get_zoom (DiPageView *self)
{
  g_return_val_if_fail (DI_IS_PAGE_VIEW (self), MIN_ZOOM);
  return self->zoom;
}

void
di_page_view_set_show_checks (DiPageView *self,
                              gboolean    show)
{
  g_return_if_fail (DI_IS_PAGE_VIEW (self));
  show = !!show;
  if (self->show_checks == show)
    return;
  self->show_checks = show;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CHECKS]);
}

void
di_page_view_set_selected_check (DiPageView *self,
                                 const char *id)
{
  g_return_if_fail (DI_IS_PAGE_VIEW (self));
  if (g_strcmp0 (self->selected, id) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_CHECK]);
}

const char *
di_page_view_get_selected_check (DiPageView *self)
{
  g_return_val_if_fail (DI_IS_PAGE_VIEW (self), NULL);
  return self->selected;
}

guint
di_page_view_get_n_regions (DiPageView *self)
{
  g_return_val_if_fail (DI_IS_PAGE_VIEW (self), 0);
  return self->regions->len;
}
