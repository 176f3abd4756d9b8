/* di-image.c — TEMPORARY stand-in: PNG loading and saving only
 *
 * The real module (PNG and JPEG, EXIF orientation, capture effects) is written on another
 * branch; this file lets the template module build and be tested until it is merged, and is
 * dropped then. It implements only di_image_load (PNG), di_image_save_png and the quark.
 */
#define G_LOG_DOMAIN "di-image"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "di-image.h"

G_DEFINE_QUARK (di-image-error-quark, di_image_error)

static const guchar png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* Reads the PNG signature and the IHDR size, so that oversized images are refused before
 * they are decoded. */
static gboolean
read_png_size (const char *path,
               guint32    *width,
               guint32    *height,
               GError    **error)
{
  guchar header[24];
  FILE *file = g_fopen (path, "rb");
  size_t n;

  if (file == NULL)
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_UNREADABLE, "cannot open %s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, file);
  fclose (file);
  if (n != sizeof header || memcmp (header, png_signature, sizeof png_signature) != 0 ||
      memcmp (header + 12, "IHDR", 4) != 0)
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_UNREADABLE, "%s is not a PNG image",
                   path);
      return FALSE;
    }
  *width = (guint32) header[16] << 24 | (guint32) header[17] << 16 | (guint32) header[18] << 8 |
           header[19];
  *height = (guint32) header[20] << 24 | (guint32) header[21] << 16 | (guint32) header[22] << 8 |
            header[23];
  return TRUE;
}

/**
 * di_image_load:
 * @path: an image file
 * @error: return location for an error
 *
 * TEMPORARY: PNG only. Transparent pixels are composed over white.
 *
 * Returns: (transfer full): a CAIRO_FORMAT_RGB24 surface, or NULL with @error set
 */
cairo_surface_t *
di_image_load (const char *path,
               GError    **error)
{
  GStatBuf st;
  guint32 width, height;
  cairo_surface_t *png, *rgb;
  cairo_t *cr;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_UNREADABLE, "%s is not a readable file",
                   path);
      return NULL;
    }
  if (st.st_size > DI_IMAGE_MAX_FILE_BYTES)
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_TOO_LARGE,
                   "%s is larger than %d bytes", path, DI_IMAGE_MAX_FILE_BYTES);
      return NULL;
    }
  if (!read_png_size (path, &width, &height, error))
    return NULL;
  if (width == 0 || height == 0 || width > 32767 || height > 32767 ||
      (guint64) width * height > DI_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_TOO_LARGE,
                   "%s has %u x %u pixels, more than %d allowed", path, width, height,
                   DI_IMAGE_MAX_PIXELS);
      return NULL;
    }

  png = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (png) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_UNREADABLE, "cannot read %s: %s", path,
                   cairo_status_to_string (cairo_surface_status (png)));
      cairo_surface_destroy (png);
      return NULL;
    }

  rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cairo_image_surface_get_width (png),
                                    cairo_image_surface_get_height (png));
  cr = cairo_create (rgb);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, png, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (png);
  if (cairo_surface_status (rgb) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_TOO_LARGE, "cannot convert %s: %s",
                   path, cairo_status_to_string (cairo_surface_status (rgb)));
      cairo_surface_destroy (rgb);
      return NULL;
    }
  return rgb;
}

/**
 * di_image_save_png:
 * @surface: an image surface
 * @path: the file to write
 * @error: return location for an error
 *
 * Returns: TRUE on success, FALSE with @error set
 */
gboolean
di_image_save_png (cairo_surface_t *surface,
                   const char      *path,
                   GError         **error)
{
  cairo_status_t status;

  g_return_val_if_fail (surface != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  status = cairo_surface_write_to_png (surface, path);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE, "cannot write %s: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/* TEMPORARY stubs until feat-image lands */
gboolean di_image_save_jpeg (cairo_surface_t *s, const char *path, int q, GError **error) { return di_image_save_png (s, path, error); }
gboolean di_capture_level_from_string (const char *t, DiCaptureLevel *o) { *o = 0; return TRUE; }
const char *di_capture_level_to_string (DiCaptureLevel l) { return "none"; }
void di_capture_random (DiCapture *c, DiCaptureLevel l, GRand *r) { memset (c, 0, sizeof *c); }
cairo_surface_t *di_capture_apply (cairo_surface_t *p, double dpi, const DiCapture *c, DiLight l, guint32 s) { return cairo_surface_reference (p); }
