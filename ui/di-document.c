/* di-document.c — one scan set on screen: its images under each light, its report
 *
 * The images are decoded with the inspection's own loader (EXIF orientation applied, the same
 * limits and refusals) in worker threads, the white one first, so that it shows as soon as it
 * is decoded and the check regions of the report, which are in its pixels, fall in place.
 */
#define G_LOG_DOMAIN "di-document"

#include "config.h"

#include <glib/gi18n.h>

#include "di-document.h"
#include "di-image.h"
#include "di-scan-set.h"
#include "di-ui-private.h"

#define N_LEVELS 3

/* A decoded image and its halves and quarters, for drawing near 1:1 at any zoom */
typedef struct {
  DiRgb           *rgb;
  cairo_surface_t *levels[N_LEVELS];   /* level 0 shares the pixels of rgb */
} Image;

static void
image_free (Image *image)
{
  for (guint k = 0; k < N_LEVELS; k++)
    g_clear_pointer (&image->levels[k], cairo_surface_destroy);
  g_clear_pointer (&image->rgb, di_rgb_free);
  g_free (image);
}

/* Half of @src each way, each pixel the mean of four */
static cairo_surface_t *
halve (cairo_surface_t *src)
{
  int w = cairo_image_surface_get_width (src) / 2, h = cairo_image_surface_get_height (src) / 2;
  int src_stride = cairo_image_surface_get_stride (src);
  const guint8 *in = cairo_image_surface_get_data (src);
  cairo_surface_t *dst = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX (w, 1), MAX (h, 1));
  guint8 *out = cairo_image_surface_get_data (dst);
  int dst_stride = cairo_image_surface_get_stride (dst);

  for (int y = 0; y < h; y++)
    {
      const guint32 *r0 = (const guint32 *) (in + (gsize) 2 * y * src_stride);
      const guint32 *r1 = (const guint32 *) (in + (gsize) (2 * y + 1) * src_stride);
      guint32 *row = (guint32 *) (out + (gsize) y * dst_stride);

      for (int x = 0; x < w; x++)
        {
          guint32 a = r0[2 * x], b = r0[2 * x + 1], c = r1[2 * x], d = r1[2 * x + 1];
          guint32 p = 0;

          for (int shift = 0; shift < 24; shift += 8)
            p |= ((((a >> shift) & 0xff) + ((b >> shift) & 0xff) + ((c >> shift) & 0xff) +
                   ((d >> shift) & 0xff) + 2) / 4) << shift;
          row[x] = p;
        }
    }
  cairo_surface_mark_dirty (dst);
  return dst;
}

static Image *
image_new (DiRgb *rgb)
{
  Image *image = g_new0 (Image, 1);

  image->rgb = rgb;
  /* RGB24 rows of width words: the stride cairo wants for them */
  image->levels[0] = cairo_image_surface_create_for_data ((guint8 *) rgb->pixels,
                                                          CAIRO_FORMAT_RGB24, rgb->width,
                                                          rgb->height, rgb->width * 4);
  for (guint k = 1; k < N_LEVELS; k++)
    image->levels[k] = halve (image->levels[k - 1]);
  return image;
}

struct _DiDocument {
  GObject     parent_instance;

  char       *name;
  char       *paths[DI_N_LIGHTS];
  Image      *images[DI_N_LIGHTS];
  gboolean    load_started;
  guint       pending;       /* images being decoded; each job holds a reference */
  char       *load_error;
  JsonNode   *report;
  char       *error;
  gint64      case_id;
};

G_DEFINE_FINAL_TYPE (DiDocument, di_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOADED,
  PROP_REPORT,
  PROP_ERROR,
  N_PROPS
};

enum {
  IMAGE_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
free_images_thread (GTask        *task,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  g_ptr_array_set_size (data, 0);
  g_task_return_boolean (task, TRUE);
}

static void
di_document_dispose (GObject *object)
{
  DiDocument *self = DI_DOCUMENT (object);
  g_autoptr (GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) image_free);

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    if (self->images[l] != NULL)
      g_ptr_array_add (images, g_steal_pointer (&self->images[l]));
  /* tens of megabytes given back to the system take the window tens of milliseconds when the
   * next document opens: a worker thread frees them */
  if (images->len > 0)
    {
      g_autoptr (GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_task_data (task, g_steal_pointer (&images), (GDestroyNotify) g_ptr_array_unref);
      g_task_run_in_thread (task, free_images_thread);
    }
  G_OBJECT_CLASS (di_document_parent_class)->dispose (object);
}

static void
di_document_finalize (GObject *object)
{
  DiDocument *self = DI_DOCUMENT (object);

  g_free (self->name);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_free (self->paths[l]);
  g_free (self->load_error);
  g_clear_pointer (&self->report, json_node_unref);
  g_free (self->error);
  G_OBJECT_CLASS (di_document_parent_class)->finalize (object);
}

static void
di_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DiDocument *self = DI_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, di_document_get_loaded (self));
      break;
    case PROP_REPORT:
      g_value_set_boxed (value, self->report);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
di_document_class_init (DiDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = di_document_dispose;
  object_class->finalize = di_document_finalize;
  object_class->get_property = di_document_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPORT] =
    g_param_spec_boxed ("report", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (light): an image is decoded */
  signals[IMAGE_LOADED] = g_signal_new ("image-loaded", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
di_document_init (DiDocument *self)
{
}

/**
 * di_document_new:
 * @name: what the scan set is called (its folder)
 * @paths: the image file of each light, %NULL where missing
 *
 * Returns: (transfer full): a document whose images are not loaded yet
 */
DiDocument *
di_document_new (const char        *name,
                 const char *const  paths[DI_N_LIGHTS])
{
  DiDocument *self = g_object_new (DI_TYPE_DOCUMENT, NULL);

  self->name = g_strdup (name);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    self->paths[l] = g_strdup (paths[l]);
  return self;
}

/**
 * di_document_new_for_folder:
 * @folder: a scan set folder
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the document, or %NULL when the folder cannot be read,
 *   holds two images of a light or none under white light
 */
DiDocument *
di_document_new_for_folder (const char *folder,
                            GError    **error)
{
  char *paths[DI_N_LIGHTS] = { NULL };
  DiDocument *self;

  if (!di_scan_set_find (folder, paths, error))
    return NULL;
  if (paths[DI_LIGHT_WHITE] == NULL)
    {
      g_autofree char *base = g_path_get_basename (folder);

      for (DiLight l = 0; l < DI_N_LIGHTS; l++)
        g_free (paths[l]);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The folder “%s” holds no white-light image (white.png, white.jpg…)."),
                   base);
      return NULL;
    }
  self = di_document_new (folder, (const char *const *) paths);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_free (paths[l]);
  return self;
}

const char *
di_document_get_name (DiDocument *self)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  return self->name;
}

const char *
di_document_get_path (DiDocument *self,
                      DiLight     light)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (light < DI_N_LIGHTS, NULL);
  return self->paths[light];
}

/* --- loading ------------------------------------------------------------------------------ */

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  DiRgb *rgb = di_ocr_load_rgb (path, &error);

  if (rgb == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, image_new (rgb), (GDestroyNotify) image_free);
}

typedef struct {
  DiDocument *self;
  DiLight     light;
} LoadJob;

static void start_load (DiDocument *self,
                        DiLight     light);

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  LoadJob *job = data;
  DiDocument *self = job->self;
  g_autoptr (GError) error = NULL;
  Image *image = g_task_propagate_pointer (G_TASK (result), &error);

  if (image != NULL)
    {
      self->images[job->light] = image;
      g_signal_emit (self, signals[IMAGE_LOADED], 0, (int) job->light);
    }
  else if (self->load_error == NULL)
    self->load_error = g_strdup (error->message);
  if (job->light == DI_LIGHT_WHITE)
    {
      start_load (self, DI_LIGHT_UV);
      start_load (self, DI_LIGHT_IR);
    }
  if (--self->pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  g_object_unref (self);
  g_free (job);
}

/* Decodes the image of @light in a worker thread; the white one first and alone, so that it
 * has a processor to itself while the window lays the page out on the other, then UV and IR */
static void
start_load (DiDocument *self,
            DiLight     light)
{
  LoadJob *job;
  g_autoptr (GTask) task = NULL;

  if (self->paths[light] == NULL)
    {
      if (light == DI_LIGHT_WHITE)
        {
          start_load (self, DI_LIGHT_UV);
          start_load (self, DI_LIGHT_IR);
        }
      return;
    }
  job = g_new0 (LoadJob, 1);
  job->self = g_object_ref (self);
  job->light = light;
  task = g_task_new (NULL, NULL, load_done_cb, job);
  g_task_set_task_data (task, g_strdup (self->paths[light]), g_free);
  g_task_set_name (task, "di-document-load");
  g_task_run_in_thread (task, load_thread);
}

/**
 * di_document_load_images:
 * @self: a document
 *
 * Decodes the images in worker threads; does nothing when they are loaded or loading.
 */
void
di_document_load_images (DiDocument *self)
{
  g_return_if_fail (DI_IS_DOCUMENT (self));
  if (self->load_started)
    return;
  self->load_started = TRUE;
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    self->pending += self->paths[l] != NULL;
  start_load (self, DI_LIGHT_WHITE);
}

gboolean
di_document_get_loaded (DiDocument *self)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), FALSE);
  return self->load_started && self->pending == 0;
}

/**
 * di_document_get_surface:
 * @self: a document
 * @light: a light
 * @scale: the scale it is to be drawn at (1: a screen pixel per image pixel)
 * @level_scale: (out): the size of the returned surface over the image's
 *
 * Returns: (transfer none) (nullable): the image, halved as many times as it can be while
 *   staying at least as large as drawn; %NULL until decoded
 */
cairo_surface_t *
di_document_get_surface (DiDocument *self,
                         DiLight     light,
                         double      scale,
                         double     *level_scale)
{
  Image *image;
  guint k = 0;

  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (light < DI_N_LIGHTS, NULL);
  image = self->images[light];
  if (image == NULL)
    return NULL;
  while (k + 1 < N_LEVELS && scale <= 1.0 / (1u << (k + 1)))
    k++;
  *level_scale = (double) cairo_image_surface_get_width (image->levels[k]) / image->rgb->width;
  return image->levels[k];
}

const DiRgb *
di_document_get_rgb (DiDocument *self,
                     DiLight     light)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (light < DI_N_LIGHTS, NULL);
  return self->images[light] != NULL ? self->images[light]->rgb : NULL;
}

const char *
di_document_get_load_error (DiDocument *self)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  return self->load_error;
}

/* --- the report --------------------------------------------------------------------------- */

JsonObject *
di_document_get_report (DiDocument *self)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  return self->report != NULL ? json_node_get_object (self->report) : NULL;
}

void
di_document_set_report (DiDocument *self,
                        JsonNode   *report)
{
  g_return_if_fail (DI_IS_DOCUMENT (self));
  g_return_if_fail (report == NULL || JSON_NODE_HOLDS_OBJECT (report));
  g_clear_pointer (&self->report, json_node_unref);
  self->report = report != NULL ? json_node_ref (report) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

const char *
di_document_get_error (DiDocument *self)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  return self->error;
}

void
di_document_set_error (DiDocument *self,
                       const char *error)
{
  g_return_if_fail (DI_IS_DOCUMENT (self));
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
di_document_get_verdict (DiDocument *self)
{
  return di_json_member_string (di_document_get_report (self), "verdict");
}

JsonObject *
di_document_find_check (DiDocument *self,
                        const char *id)
{
  JsonArray *checks = di_json_member_array (di_document_get_report (self), "checks");

  for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);

      if (g_strcmp0 (di_json_member_string (c, "id"), id) == 0)
        return c;
    }
  return NULL;
}

gboolean
di_document_get_page_transform (DiDocument *self,
                                double      mm_to_scan[9])
{
  JsonArray *h = di_json_member_array (di_document_get_report (self), "page_transform");

  if (h == NULL || json_array_get_length (h) != 9)
    return FALSE;
  for (guint k = 0; k < 9; k++)
    mm_to_scan[k] = json_array_get_double_element (h, k);
  return TRUE;
}

cairo_surface_t *
di_document_crop_check (DiDocument *self,
                        JsonObject *check,
                        double      px_per_mm)
{
  JsonArray *region = di_json_member_array (check, "region_mm");
  double h[9];
  DiLight light;

  g_return_val_if_fail (DI_IS_DOCUMENT (self), NULL);
  if (region == NULL || json_array_get_length (region) != 4 ||
      !di_ui_check_light (check, &light) || self->images[light] == NULL ||
      !di_document_get_page_transform (self, h))
    return NULL;
  return di_image_warp_page_region (self->images[light]->rgb, h,
                                    json_array_get_double_element (region, 0),
                                    json_array_get_double_element (region, 1),
                                    json_array_get_double_element (region, 2),
                                    json_array_get_double_element (region, 3), px_per_mm);
}

gint64
di_document_get_case_id (DiDocument *self)
{
  g_return_val_if_fail (DI_IS_DOCUMENT (self), 0);
  return self->case_id;
}

void
di_document_set_case_id (DiDocument *self,
                         gint64      case_id)
{
  g_return_if_fail (DI_IS_DOCUMENT (self));
  self->case_id = case_id;
}
