/* di-image.h — image files and the capture effects of a full-page reader
 *
 * Images are cairo image surfaces (CAIRO_FORMAT_RGB24 for pages and scans).
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "di-ocr.h"
#include "di-types.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

G_BEGIN_DECLS

#define DI_IMAGE_ERROR (di_image_error_quark ())
GQuark        di_image_error_quark       (void);

typedef enum {
  DI_IMAGE_ERROR_UNREADABLE,   /* missing, unreadable, or not an image of a known type */
  DI_IMAGE_ERROR_TOO_LARGE,    /* beyond the pixel or file size limits (DI_OCR_MAX_*) */
  DI_IMAGE_ERROR_WRITE,
} DiImageError;

/* PNG or JPEG (or what else di_ocr_load_rgb() reads), told by content, not name; EXIF
 * orientation applied, transparency over white. RGB24. */
cairo_surface_t *di_image_load           (const char        *path,
                                          GError           **error);
gboolean      di_image_save_png          (cairo_surface_t   *surface,
                                          const char        *path,
                                          GError           **error);
gboolean      di_image_save_jpeg         (cairo_surface_t   *surface,
                                          const char        *path,
                                          int                quality,
                                          GError           **error);

/* A rectangle of a page (millimetres, x right and y down from the page's top-left corner)
 * as an upright image of `px_per_mm` pixels a millimetre, sampled (bilinear) from `image`
 * through `mm_to_image`, the row-major homography from page millimetres to its pixels.
 * Pixels outside the image are grey. At most 4096 pixels a side; NULL for an empty or
 * impossible rectangle. */
cairo_surface_t *di_image_warp_page_region (const DiRgb   *image,
                                            const double   mm_to_image[9],
                                            double         x_mm,
                                            double         y_mm,
                                            double         w_mm,
                                            double         h_mm,
                                            double         px_per_mm);

/* What a reader does to a page: where it lies on the glass, the optics, the sensor. */
typedef enum {
  DI_CAPTURE_NONE,
  DI_CAPTURE_LIGHT,
  DI_CAPTURE_MEDIUM,
  DI_CAPTURE_HEAVY,
} DiCaptureLevel;

typedef struct {
  double margin_mm;        /* reader glass around the page; 0 with no effects */
  double angle_deg;        /* rotation of the page on the glass */
  double offset_x_mm;      /* shift of the page from the centre */
  double offset_y_mm;
  double blur_sigma_px;    /* Gaussian blur, in output pixels */
  double noise_sigma;      /* sensor noise, standard deviation in 0–255 units */
  double lighting;         /* uneven lighting: brightness falloff at the far corner, 0–1 */
  double lighting_angle;   /* direction of the falloff, radians */
  int    jpeg_quality;     /* 0: lossless (PNG); else the JPEG quality the reader writes */
} DiCapture;

gboolean      di_capture_level_from_string (const char      *text,
                                            DiCaptureLevel  *out);
const char   *di_capture_level_to_string   (DiCaptureLevel   level);
/* Draws capture parameters for a level; the same for the three lights of one scan set. */
void          di_capture_random          (DiCapture         *capture,
                                          DiCaptureLevel     level,
                                          GRand             *rand);
/* The image the reader writes of `page` (drawn at `dpi`) under `light`: a new surface, larger
 * than the page by the margin, the page placed, blurred, lit and noised. `noise_seed` makes
 * the noise reproducible. JPEG compression is left to the writer (di_image_save_jpeg). */
cairo_surface_t *di_capture_apply        (cairo_surface_t   *page,
                                          double             dpi,
                                          const DiCapture   *capture,
                                          DiLight            light,
                                          guint32            noise_seed);

G_END_DECLS
