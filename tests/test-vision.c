/* test-vision.c — registration and measurements (vision/), on the Utopia reference templates
 * and scans made from them with cairo: turned, scaled, on a dark background, blurred, noisy,
 * unevenly lit and saved as JPEG. vision/ reads and writes no files: images come in and go
 * out as pixels (files through app/di-image.c here, as the program does through ocr/ and
 * cairo).
 *
 * Times (registration, each measurement on the 1476 × 1039 passport page) are printed as TAP
 * comments; nothing here is timed.
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "di-image.h"
#include "di-vision.h"

#define DPI 300.0
#define MM(v) ((v) * DPI / 25.4)

/* --- helpers ----------------------------------------------------------------------------- */

/* A rectangle given in millimetres from the page's top-left, in pixels at 300 dpi. */
static DiVisionRect
rect_mm (double x,
         double y,
         double w,
         double h)
{
  DiVisionRect r = { (int) lround (MM (x)), (int) lround (MM (y)), (int) lround (MM (w)),
                     (int) lround (MM (h)) };
  return r;
}

static char *
template_file (const char *id,
               const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "templates", id, name, NULL);
}

static cairo_surface_t *
template_surface (const char *id,
                  const char *light)
{
  g_autofree char *name = g_strconcat (light, ".png", NULL);
  g_autofree char *path = template_file (id, name);
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  return s;
}

static DiVisionImage *
image_from_surface (cairo_surface_t *s)
{
  char *error = NULL;
  DiVisionImage *image;

  cairo_surface_flush (s);
  image = di_vision_image_new_from_xrgb32 (cairo_image_surface_get_data (s),
                                           cairo_image_surface_get_width (s),
                                           cairo_image_surface_get_height (s),
                                           cairo_image_surface_get_stride (s), &error);
  g_assert_null (error);
  g_assert_nonnull (image);
  return image;
}

static DiVisionImage *
template_image (const char *id,
                const char *light)
{
  g_autoptr (cairo_surface_t) s = template_surface (id, light);

  return image_from_surface (s);
}

/* The image's pixels on a new RGB24 surface. */
static cairo_surface_t *
surface_from_image (const DiVisionImage *image)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                   di_vision_image_get_width (image),
                                                   di_vision_image_get_height (image));
  char *error = NULL;

  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (s);
  g_assert_cmpint (di_vision_image_get_xrgb32 (image, cairo_image_surface_get_data (s),
                                               cairo_image_surface_get_stride (s), &error),
                   ==, 0);
  g_assert_null (error);
  cairo_surface_mark_dirty (s);
  return s;
}

static cairo_surface_t *
copy_surface (cairo_surface_t *src)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                   cairo_image_surface_get_width (src),
                                                   cairo_image_surface_get_height (src));
  g_autoptr (cairo_t) cr = cairo_create (s);

  cairo_set_source_surface (cr, src, 0, 0);
  cairo_paint (cr);
  cairo_surface_flush (s);
  return s;
}

static guint32 *
pixel_at (cairo_surface_t *s,
          int              x,
          int              y)
{
  guint8 *data = cairo_image_surface_get_data (s);

  return (guint32 *) (void *) (data + (gsize) y * cairo_image_surface_get_stride (s)) + x;
}

/* Separable box blur of radius r, in place. */
static void
box_blur (cairo_surface_t *s,
          int              r)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  g_autofree guint32 *line = g_new (guint32, MAX (w, h));

  cairo_surface_flush (s);
  for (int pass = 0; pass < 2; pass++)
    {
      int n = pass == 0 ? h : w, len = pass == 0 ? w : h;

      for (int i = 0; i < n; i++)
        {
          for (int j = 0; j < len; j++)
            line[j] = *(pass == 0 ? pixel_at (s, j, i) : pixel_at (s, i, j));
          for (int j = 0; j < len; j++)
            {
              int sum[3] = { 0, 0, 0 }, count = 0;

              for (int k = MAX (0, j - r); k <= MIN (len - 1, j + r); k++, count++)
                for (int c = 0; c < 3; c++)
                  sum[c] += (line[k] >> (8 * c)) & 0xff;
              *(pass == 0 ? pixel_at (s, j, i) : pixel_at (s, i, j)) =
                0xff000000u | (guint32) (sum[2] / count) << 16 | (guint32) (sum[1] / count) << 8 |
                (guint32) (sum[0] / count);
            }
        }
    }
  cairo_surface_mark_dirty (s);
}

/* Light falling off from the top-left (×1.05) to the bottom-right (×0.7), plus Gaussian-ish
 * noise of the given standard deviation, in place. */
static void
light_and_noise (cairo_surface_t *s,
                 double           sigma,
                 guint32          seed)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  cairo_surface_flush (s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 *p = pixel_at (s, x, y), out = 0xff000000u;
        double gain = 1.05 - 0.35 * (x / (double) w + y / (double) h) / 2;

        for (int c = 0; c < 3; c++)
          {
            /* the sum of 4 uniforms: near enough to a normal for noise */
            double noise = (g_rand_double (rand) + g_rand_double (rand) + g_rand_double (rand) +
                            g_rand_double (rand) - 2.0) * sigma * sqrt (3.0);
            double v = ((*p >> (8 * c)) & 0xff) * gain + noise;

            out |= (guint32) CLAMP (lround (v), 0, 255) << (8 * c);
          }
        *p = out;
      }
  cairo_surface_mark_dirty (s);
}

/* The image after a JPEG round trip at the given quality (4:2:0, as readers write). */
static DiVisionImage *
jpeg_round_trip (const DiVisionImage *image,
                 int                  quality)
{
  g_autofree char *dir = g_dir_make_tmp ("test-vision-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "scan.jpg", NULL);
  g_autoptr (cairo_surface_t) s = surface_from_image (image);
  g_autoptr (cairo_surface_t) loaded = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (dir);
  g_assert_true (di_image_save_jpeg (s, path, quality, &error));
  g_assert_no_error (error);
  loaded = di_image_load (path, &error);
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  return image_from_surface (loaded);
}

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

/* --- scans made from a reference --------------------------------------------------------- */

typedef struct {
  cairo_matrix_t page;   /* page user space (cairo, pixel edges) → scan device space */
  double         truth[9];   /* reference pixel centres → scan pixel centres */
} ScanGeometry;

/* The reference page turned by `degrees` (clockwise as seen), scaled, placed in a larger
 * canvas on a dark, slightly textured reader background. */
static cairo_surface_t *
make_scan (cairo_surface_t *page,
           double           degrees,
           double           scale,
           int              width,
           int              height,
           ScanGeometry    *geometry)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  g_autoptr (cairo_t) cr = cairo_create (s);
  double pw = cairo_image_surface_get_width (page), ph = cairo_image_surface_get_height (page);
  cairo_matrix_t m;

  cairo_set_source_rgb (cr, 0.09, 0.09, 0.10);
  cairo_paint (cr);
  /* some structure in the background: the reader's glass is not perfectly clean */
  cairo_set_source_rgb (cr, 0.14, 0.14, 0.15);
  for (int i = 0; i < 12; i++)
    {
      cairo_arc (cr, (i * 97) % width, (i * 211) % height, 8 + i, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  cairo_translate (cr, width / 2.0 + 13, height / 2.0 - 7);
  cairo_rotate (cr, degrees * G_PI / 180);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -pw / 2, -ph / 2);
  cairo_get_matrix (cr, &m);
  cairo_set_source_surface (cr, page, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_rectangle (cr, 0, 0, pw, ph);
  cairo_fill (cr);
  cairo_surface_flush (s);

  geometry->page = m;
  /* pixel centre (i, j) is at (i + 0.5, j + 0.5) in cairo's coordinates */
  geometry->truth[0] = m.xx;
  geometry->truth[1] = m.xy;
  geometry->truth[2] = m.x0 + 0.5 * (m.xx + m.xy) - 0.5;
  geometry->truth[3] = m.yx;
  geometry->truth[4] = m.yy;
  geometry->truth[5] = m.y0 + 0.5 * (m.yx + m.yy) - 0.5;
  geometry->truth[6] = 0;
  geometry->truth[7] = 0;
  geometry->truth[8] = 1;
  return s;
}

static void
apply_h (const double h[9],
         double       x,
         double       y,
         double      *u,
         double      *v)
{
  double w = h[6] * x + h[7] * y + h[8];

  *u = (h[0] * x + h[1] * y + h[2]) / w;
  *v = (h[3] * x + h[4] * y + h[5]) / w;
}

/* The largest distance, in scan pixels, between where the two homographies put the corners
 * of the passport template's feature rectangles. */
static double
feature_error (const double found[9],
               const double truth[9])
{
  static const double rects[][4] = {
    { 5.00, 13.00, 32.00, 40.00 },    /* photo */
    { 108.50, 24.00, 12.50, 15.50 },  /* ghost */
    { 107.40, 2.30, 13.20, 14.40 },   /* arms */
    { 37.60, 30.10, 9.30, 19.80 },    /* UV emblem */
    { 5.00, 73.00, 115.00, 14.00 },   /* MRZ */
    { 41.00, 14.50, 60.00, 3.80 },    /* personalisation */
    { 6.00, 56.50, 28.00, 10.00 },    /* guilloche */
  };
  double worst = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rects); i++)
    for (int c = 0; c < 4; c++)
      {
        double x = MM (rects[i][0] + (c & 1 ? rects[i][2] : 0));
        double y = MM (rects[i][1] + (c & 2 ? rects[i][3] : 0));
        double u1, v1, u2, v2;

        apply_h (found, x, y, &u1, &v1);
        apply_h (truth, x, y, &u2, &v2);
        worst = MAX (worst, hypot (u1 - u2, v1 - v2));
      }
  return worst;
}

/* The passport page as a reader would capture it: turned 95°, at 0.7 of the reference's
 * resolution, on a dark background, blurred (box radius `blur`), unevenly lit, noisy
 * (σ = 4), saved as JPEG (quality 80). */
static DiVisionImage *
passport_scan_turned (int           blur,
                      double        degrees,
                      double        scale,
                      ScanGeometry *geometry)
{
  g_autoptr (cairo_surface_t) page = template_surface ("UTO-P-2024", "white");
  int side = (int) (1600 * scale) + 80;
  g_autoptr (cairo_surface_t) scan = make_scan (page, degrees, scale, side, side, geometry);
  g_autoptr (DiVisionImage) image = NULL;

  if (blur > 0)
    box_blur (scan, blur);
  light_and_noise (scan, 4.0, 7);
  image = image_from_surface (scan);
  return jpeg_round_trip (image, 80);
}

static DiVisionImage *
passport_scan (int           blur,
               ScanGeometry *geometry)
{
  return passport_scan_turned (blur, 95, 0.7, geometry);
}

/* --- images ------------------------------------------------------------------------------ */

static void
test_image_crop_pixels (void)
{
  g_autoptr (cairo_surface_t) page = template_surface ("UTO-P-2024", "white");
  g_autoptr (DiVisionImage) white = image_from_surface (page);
  g_autoptr (DiVisionImage) crop = NULL;
  g_autoptr (DiVisionImage) again = NULL;
  g_autoptr (cairo_surface_t) out = NULL;
  DiVisionRect photo = rect_mm (5, 13, 32, 40);
  g_autofree guint8 *small = g_malloc (4 * 10);
  char *error = NULL;
  double a, b;

  g_assert_cmpint (di_vision_image_get_width (white), ==, 1476);
  g_assert_cmpint (di_vision_image_get_height (white), ==, 1039);

  /* clamped to the image */
  crop = di_vision_image_crop (white, (DiVisionRect) { 1400, 1000, 200, 100 }, &error);
  g_assert_null (error);
  g_assert_cmpint (di_vision_image_get_width (crop), ==, 76);
  g_assert_cmpint (di_vision_image_get_height (crop), ==, 39);
  g_clear_pointer (&crop, di_vision_image_free);

  g_assert_null (di_vision_image_crop (white, (DiVisionRect) { 1500, 0, 10, 10 }, &error));
  g_test_message ("outside: %s", error);
  g_assert_nonnull (strstr (error, "outside"));
  g_clear_pointer (&error, di_vision_free_error);
  g_assert_null (di_vision_image_crop (white, (DiVisionRect) { G_MAXINT - 5, G_MAXINT - 5,
                                                              G_MAXINT, G_MAXINT }, &error));
  g_clear_pointer (&error, di_vision_free_error);

  /* the photo's pixels come out as they went in */
  crop = di_vision_image_crop (white, photo, &error);
  g_assert_null (error);
  out = surface_from_image (crop);
  g_assert_cmpint (cairo_image_surface_get_width (out), ==, photo.width);
  g_assert_cmpint (cairo_image_surface_get_height (out), ==, photo.height);
  for (int y = 0; y < photo.height; y += 7)
    for (int x = 0; x < photo.width; x += 5)
      g_assert_cmphex (*pixel_at (out, x, y) & 0xffffff, ==,
                       *pixel_at (page, photo.x + x, photo.y + y) & 0xffffff);
  /* opaque, for cairo's ARGB32 too */
  g_assert_cmphex (*pixel_at (out, 0, 0) >> 24, ==, 0xff);
  /* and back in, unchanged */
  again = image_from_surface (out);
  g_assert_cmpint (di_vision_measure_ssim (again, crop, (DiVisionRect) { 0, 0, 1000, 1000 }, &a,
                                           &error), ==, 0);
  g_assert_cmpfloat (fabs (a - 1), <, 1e-6);
  g_assert_cmpint (di_vision_measure_luminance (again, (DiVisionRect) { 0, 0, 1000, 1000 }, &a,
                                                &error), ==, 0);
  g_assert_cmpint (di_vision_measure_luminance (white, photo, &b, &error), ==, 0);
  g_assert_cmpfloat (fabs (a - b), <, 1e-9);

  /* rows too short for the width, no buffer, no image */
  g_assert_cmpint (di_vision_image_get_xrgb32 (crop, small, 4, &error), ==, -1);
  g_test_message ("short rows: %s", error);
  g_assert_nonnull (error);
  g_clear_pointer (&error, di_vision_free_error);
  g_assert_cmpint (di_vision_image_get_xrgb32 (crop, NULL, 4 * photo.width, &error), ==, -1);
  g_clear_pointer (&error, di_vision_free_error);
  g_assert_cmpint (di_vision_image_get_xrgb32 (NULL, small, 40, &error), ==, -1);
  g_clear_pointer (&error, di_vision_free_error);
}

/* cairo's pixels come in as BGR: a red surface has the hue of red. */
static void
test_image_from_cairo (void)
{
  g_autoptr (cairo_surface_t) s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 20, 10);
  g_autoptr (DiVisionImage) image = NULL;
  DiVisionColourStats stats;
  char *error = NULL;

  {
    g_autoptr (cairo_t) cr = cairo_create (s);

    cairo_set_source_rgb (cr, 1, 0, 0);
    cairo_paint (cr);
    cairo_set_source_rgb (cr, 0, 0, 1);
    cairo_rectangle (cr, 10, 0, 10, 10);
    cairo_fill (cr);
  }
  image = image_from_surface (s);
  g_assert_cmpint (di_vision_measure_colour (image, (DiVisionRect) { 0, 0, 10, 10 }, &stats,
                                             &error), ==, 0);
  g_assert_cmpfloat (fabs (remainder (stats.hue, 360.0)), <, 1.0);
  g_assert_cmpfloat (stats.saturation, >, 0.99);
  g_assert_cmpint (di_vision_measure_colour (image, (DiVisionRect) { 10, 0, 10, 10 }, &stats,
                                             &error), ==, 0);
  g_assert_cmpfloat (fabs (stats.hue - 240), <, 1.0);

  g_assert_null (di_vision_image_new_from_xrgb32 (NULL, 10, 10, 40, &error));
  g_assert_nonnull (error);
  g_clear_pointer (&error, di_vision_free_error);
}

/* --- errors ------------------------------------------------------------------------------ */

/* OpenCV's own exceptions become messages: cv::remap cannot make a row of 70000 pixels, and
 * di_vision_warp () lets OpenCV judge that. */
static void
test_errors_opencv (void)
{
  g_autofree guint32 *pixels = g_new0 (guint32, 70000);
  g_autoptr (DiVisionImage) wide = NULL;
  const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  char *error = NULL;

  wide = di_vision_image_new_from_xrgb32 ((const unsigned char *) pixels, 70000, 1, 280000,
                                          &error);
  g_assert_null (error);
  g_assert_null (di_vision_warp (wide, identity, 70000, 1, &error));
  g_test_message ("OpenCV error: %s", error);
  g_assert_nonnull (error);
  g_assert_null (strchr (error, '\n'));
  g_assert_true (g_str_has_prefix (error, "OpenCV error in "));
  g_clear_pointer (&error, di_vision_free_error);
}

static void
test_errors_arguments (void)
{
  g_autoptr (DiVisionImage) white = template_image ("UTO-P-2024", "white");
  g_autoptr (DiVisionImage) small = NULL;
  double value, h[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  int count;
  char *error = NULL;
  DiVisionColourGate gate = { 0xff404f, 20, 0.35, 0.45 };

  small = di_vision_image_crop (white, (DiVisionRect) { 0, 0, 100, 100 }, &error);

  g_assert_cmpint (di_vision_measure_luminance (NULL, (DiVisionRect) { 0, 0, 5, 5 }, &value,
                                                &error), ==, -1);
  g_assert_nonnull (strstr (error, "no measured image"));
  g_clear_pointer (&error, di_vision_free_error);

  g_assert_cmpint (di_vision_measure_luminance (white, (DiVisionRect) { -50, -50, 10, 10 },
                                                &value, &error), ==, -1);
  g_assert_nonnull (strstr (error, "outside"));
  g_clear_pointer (&error, di_vision_free_error);

  g_assert_cmpint (di_vision_measure_ncc (white, small, (DiVisionRect) { 0, 0, 50, 50 }, 0, 0,
                                          &value, &error), ==, -1);
  g_assert_nonnull (strstr (error, "not in one frame"));
  g_clear_pointer (&error, di_vision_free_error);

  g_assert_cmpint (di_vision_measure_ssim (white, white, (DiVisionRect) { 0, 0, 50, 50 }, NULL,
                                           &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_pointer (&error, di_vision_free_error);

  g_assert_cmpint (di_vision_count_fibres (white, (DiVisionRect) { 0, 0, 50, 50 }, NULL, 20,
                                           &count, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_pointer (&error, di_vision_free_error);
  g_assert_cmpint (di_vision_count_fibres (white, (DiVisionRect) { 0, 0, 50, 50 }, &gate, 0,
                                           &count, &error), ==, -1);
  g_assert_nonnull (error);
  g_clear_pointer (&error, di_vision_free_error);

  /* a colour the reference region does not have: the template is wrong */
  g_assert_cmpint (di_vision_measure_colour_pattern (white, white, rect_mm (107.4, 2.3, 13.2, 14.4),
                                                     &gate, &value, NULL, &error), ==, -1);
  g_test_message ("no colour: %s", error);
  g_assert_nonnull (strstr (error, "#ff404f"));
  g_clear_pointer (&error, di_vision_free_error);


  g_assert_null (di_vision_warp (white, h, 0, 10, &error));
  g_assert_nonnull (error);
  g_clear_pointer (&error, di_vision_free_error);
  h[0] = NAN;
  g_assert_null (di_vision_warp (white, h, 10, 10, &error));
  g_assert_nonnull (strstr (error, "not finite"));
  g_clear_pointer (&error, di_vision_free_error);

  g_assert_cmpint (di_vision_register (white, NULL, NULL, h, NULL, &error), ==, -1);
  g_assert_nonnull (strstr (error, "no reference image"));
  g_clear_pointer (&error, di_vision_free_error);
}

/* --- registration ------------------------------------------------------------------------ */

static void
check_registration (DiVisionImage       *scan,
                    const ScanGeometry  *geometry,
                    DiVisionMethod       method,
                    DiVisionMethod       expected_method,
                    double               degrees,
                    double               scale,
                    double               arms_sigma)
{
  g_autoptr (DiVisionImage) white = template_image ("UTO-P-2024", "white");
  g_autoptr (DiVisionImage) warped = NULL;
  DiVisionRegisterOptions options = { method, 0 };
  DiVisionRegistration info;
  double h[9], err, arms;
  char *error = NULL;
  gint64 start = now_us ();
  int rc;

  rc = di_vision_register (scan, white, &options, h, &info, &error);
  g_test_message ("registration (%s): %.0f ms; method %d, keypoints %d/%d, matches %d, "
                  "inliers %d, RMS %.2f px, scale %.3f, rotation %.1f°, correlation %.3f%s%s",
                  method == DI_VISION_METHOD_OUTLINE ? "outline" : "auto",
                  (now_us () - start) / 1000.0, info.method, info.keypoints_scan,
                  info.keypoints_reference, info.matches, info.inliers, info.reprojection_error,
                  info.scale, info.rotation, info.correlation,
                  info.keypoint_failure[0] ? "; keypoints failed: " : "", info.keypoint_failure);
  if (rc != 0)
    g_error ("registration failed: %s", error);
  g_assert_cmpint (info.method, ==, expected_method);
  err = feature_error (h, geometry->truth);
  g_test_message ("largest error at the feature rectangles: %.2f scan pixels", err);
  g_assert_cmpfloat (err, <=, 1.0);
  g_assert_cmpfloat (fabs (info.scale - scale), <, 0.01);
  /* cairo turns clockwise as seen; the rotation reported is counter-clockwise */
  g_assert_cmpfloat (fabs (remainder (info.rotation + degrees, 360)), <, 0.5);
  g_assert_cmpfloat (info.correlation, >, 0.8);

  /* warped back, the arms line up with the reference's (compared as blurred as the scan) */
  warped = di_vision_warp (scan, h, 1476, 1039, &error);
  g_assert_nonnull (warped);
  g_assert_cmpint (di_vision_measure_ncc (warped, white, rect_mm (107.4, 2.3, 13.2, 14.4),
                                          arms_sigma, 0, &arms, &error), ==, 0);
  g_test_message ("arms after warping: NCC %.3f", arms);
  g_assert_cmpfloat (arms, >, 0.8);
}

static void
test_register_keypoints (void)
{
  ScanGeometry geometry;
  g_autoptr (DiVisionImage) scan = passport_scan (1, &geometry);

  check_registration (scan, &geometry, DI_VISION_METHOD_AUTO, DI_VISION_METHOD_KEYPOINTS, 95, 0.7,
                      1.5);
}

static void
test_register_outline_forced (void)
{
  ScanGeometry geometry;
  g_autoptr (DiVisionImage) scan = passport_scan (1, &geometry);

  check_registration (scan, &geometry, DI_VISION_METHOD_OUTLINE, DI_VISION_METHOD_OUTLINE, 95, 0.7,
                      1.5);
}

/* Blurred so much that ORB finds nothing to match: the outline takes over. */
static void
test_register_outline_fallback (void)
{
  ScanGeometry geometry;
  g_autoptr (DiVisionImage) scan = passport_scan (9, &geometry);

  check_registration (scan, &geometry, DI_VISION_METHOD_AUTO, DI_VISION_METHOD_OUTLINE, 95, 0.7,
                      8.0);
}

/* Pages lie at any multiple of 90°, a few degrees off: both methods find the turn. */
static void
test_register_turns (void)
{
  static const double turns[] = { -7, 172, 278 };

  for (guint i = 0; i < G_N_ELEMENTS (turns); i++)
    {
      ScanGeometry geometry;
      g_autoptr (DiVisionImage) scan = passport_scan_turned (1, turns[i], 0.85, &geometry);

      check_registration (scan, &geometry, DI_VISION_METHOD_AUTO, DI_VISION_METHOD_KEYPOINTS,
                          turns[i], 0.85, 1.5);
      check_registration (scan, &geometry, DI_VISION_METHOD_OUTLINE, DI_VISION_METHOD_OUTLINE,
                          turns[i], 0.85, 1.5);
    }
}

/* An empty reader: neither method finds a page, and says so. */
static void
test_register_failure (void)
{
  g_autoptr (cairo_surface_t) s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, 600);
  g_autoptr (DiVisionImage) empty = NULL;
  g_autoptr (DiVisionImage) white = template_image ("UTO-P-2024", "white");
  double h[9];
  char *error = NULL;

  {
    g_autoptr (cairo_t) cr = cairo_create (s);

    cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
    cairo_paint (cr);
  }
  light_and_noise (s, 3, 1);
  empty = image_from_surface (s);
  g_assert_cmpint (di_vision_register (empty, white, NULL, h, NULL, &error), ==, -1);
  g_test_message ("empty reader: %s", error);
  g_assert_nonnull (strstr (error, "keypoints: "));
  g_assert_nonnull (strstr (error, "outline: "));
  g_assert_null (strchr (error, '\n'));
  g_clear_pointer (&error, di_vision_free_error);
}

/* --- measurements ------------------------------------------------------------------------ */

static void
test_measure_ncc_ssim_colour (void)
{
  g_autoptr (cairo_surface_t) page = template_surface ("UTO-P-2024", "white");
  g_autoptr (cairo_surface_t) swapped = copy_surface (page);
  g_autoptr (DiVisionImage) white = NULL;
  g_autoptr (DiVisionImage) other = NULL;
  DiVisionRect arms = rect_mm (107.4, 2.3, 13.2, 14.4);
  DiVisionColourStats stats;
  double v;
  char *error = NULL;
  gint64 start;

  /* the arms replaced by a piece of the page below them (guilloche and text) */
  {
    g_autoptr (cairo_t) cr = cairo_create (swapped);

    cairo_rectangle (cr, arms.x, arms.y, arms.width, arms.height);
    cairo_clip (cr);
    cairo_set_source_surface (cr, page, MM (25), -MM (40));
    cairo_paint (cr);
  }
  white = image_from_surface (page);
  other = image_from_surface (swapped);

  start = now_us ();
  g_assert_cmpint (di_vision_measure_ncc (white, white, arms, 0, 0, &v, &error), ==, 0);
  g_test_message ("NCC: %.3f ms", (now_us () - start) / 1000.0);
  g_assert_cmpfloat (fabs (v - 1), <, 1e-6);
  g_assert_cmpint (di_vision_measure_ncc (other, white, arms, 1.0, 2, &v, &error), ==, 0);
  g_test_message ("NCC of the arms with another region: %.3f", v);
  g_assert_cmpfloat (v, <, 0.3);

  start = now_us ();
  g_assert_cmpint (di_vision_measure_ssim (white, white, arms, &v, &error), ==, 0);
  g_test_message ("SSIM: %.3f ms", (now_us () - start) / 1000.0);
  g_assert_cmpfloat (fabs (v - 1), <, 1e-6);
  g_assert_cmpint (di_vision_measure_ssim (other, white, arms, &v, &error), ==, 0);
  g_test_message ("SSIM of the arms with another region: %.3f", v);
  g_assert_cmpfloat (v, <, 0.5);

  start = now_us ();
  g_assert_cmpint (di_vision_measure_histogram_distance (white, white, arms, &v, &error), ==, 0);
  g_test_message ("histogram distance: %.3f ms", (now_us () - start) / 1000.0);
  g_assert_cmpfloat (v, <, 1e-6);
  g_assert_cmpint (di_vision_measure_histogram_distance (other, white, arms, &v, &error), ==, 0);
  g_test_message ("histogram distance of the arms to another region: %.3f", v);
  g_assert_cmpfloat (v, >, 0.3);

  /* the arms are printed in brown ink (the tower's left wall), on a pale tint */
  start = now_us ();
  g_assert_cmpint (di_vision_measure_colour (white, arms, &stats, &error), ==, 0);
  g_test_message ("colour: %.3f ms", (now_us () - start) / 1000.0);
  g_test_message ("arms: hue %.1f°, saturation %.3f, value %.3f", stats.hue, stats.saturation,
                  stats.value);
  g_assert_cmpfloat (stats.saturation, <, 0.3);
  g_assert_cmpint (di_vision_measure_colour (white, rect_mm (113.0, 9.6, 0.6, 1.5), &stats,
                                             &error), ==, 0);
  g_test_message ("the tower: hue %.1f°, saturation %.3f, value %.3f", stats.hue,
                  stats.saturation, stats.value);
  g_assert_cmpfloat (stats.hue, >, 25);
  g_assert_cmpfloat (stats.hue, <, 45);
  g_assert_cmpfloat (stats.saturation, >, 0.6);
}

static void
test_measure_luminance (void)
{
  g_autoptr (cairo_surface_t) uv = template_surface ("UTO-P-2024", "uv");
  g_autoptr (cairo_surface_t) bright = copy_surface (uv);
  g_autoptr (DiVisionImage) genuine = NULL;
  g_autoptr (DiVisionImage) brightened = NULL;
  DiVisionRect substrate[] = { rect_mm (6, 56.5, 28, 10), rect_mm (42, 58, 32, 10) };
  char *error = NULL;

  /* paper with optical brighteners: the whole page glows a pale blue */
  {
    g_autoptr (cairo_t) cr = cairo_create (bright);

    cairo_set_operator (cr, CAIRO_OPERATOR_ADD);
    cairo_set_source_rgb (cr, 0.45, 0.5, 0.65);
    cairo_paint (cr);
  }
  genuine = image_from_surface (uv);
  brightened = image_from_surface (bright);
  for (guint i = 0; i < G_N_ELEMENTS (substrate); i++)
    {
      double dull, glowing;
      gint64 start = now_us ();

      g_assert_cmpint (di_vision_measure_luminance (genuine, substrate[i], &dull, &error), ==, 0);
      g_test_message ("luminance: %.3f ms", (now_us () - start) / 1000.0);
      g_assert_cmpint (di_vision_measure_luminance (brightened, substrate[i], &glowing, &error),
                       ==, 0);
      g_test_message ("UV substrate %u: genuine %.3f, brightened %.3f", i, dull, glowing);
      g_assert_cmpfloat (dull, <, 0.15);
      g_assert_cmpfloat (glowing, >, 0.45);
    }
}

static void
test_measure_colour_pattern (void)
{
  g_autoptr (cairo_surface_t) uv = template_surface ("UTO-P-2024", "uv");
  g_autoptr (cairo_surface_t) removed = copy_surface (uv);
  g_autoptr (cairo_surface_t) flooded = copy_surface (uv);
  g_autoptr (DiVisionImage) genuine = NULL;
  g_autoptr (DiVisionImage) without = NULL;
  g_autoptr (DiVisionImage) blob = NULL;
  DiVisionRect emblem = rect_mm (37.6, 30.1, 9.3, 19.8);
  DiVisionColourGate gate = { 0xb8ff40, 20, 0.35, 0.45 };
  double coverage, mask_ncc;
  char *error = NULL;
  gint64 start;

  /* the emblem painted over with the substrate's colour; or a blob of the right colour */
  {
    g_autoptr (cairo_t) cr = cairo_create (removed);

    cairo_rectangle (cr, emblem.x, emblem.y, emblem.width, emblem.height);
    cairo_set_source_rgb (cr, 0x16 / 255.0, 0x11 / 255.0, 0x29 / 255.0);
    cairo_fill (cr);
  }
  {
    g_autoptr (cairo_t) cr = cairo_create (flooded);

    cairo_rectangle (cr, emblem.x, emblem.y, emblem.width, emblem.height);
    cairo_set_source_rgb (cr, 0xb8 / 255.0, 1.0, 0x40 / 255.0);
    cairo_fill (cr);
  }
  genuine = image_from_surface (uv);
  without = image_from_surface (removed);
  blob = image_from_surface (flooded);

  start = now_us ();
  g_assert_cmpint (di_vision_measure_colour_pattern (genuine, genuine, emblem, &gate, &coverage,
                                                     &mask_ncc, &error), ==, 0);
  g_test_message ("colour pattern: %.3f ms", (now_us () - start) / 1000.0);
  g_assert_cmpfloat (coverage, ==, 1.0);
  g_assert_cmpfloat (fabs (mask_ncc - 1), <, 1e-6);

  g_assert_cmpint (di_vision_measure_colour_pattern (without, genuine, emblem, &gate, &coverage,
                                                     &mask_ncc, &error), ==, 0);
  g_test_message ("emblem removed: coverage %.3f, mask NCC %.3f", coverage, mask_ncc);
  g_assert_cmpfloat (coverage, ==, 0.0);
  g_assert_cmpfloat (mask_ncc, ==, 0.0);

  g_assert_cmpint (di_vision_measure_colour_pattern (blob, genuine, emblem, &gate, &coverage,
                                                     &mask_ncc, &error), ==, 0);
  g_test_message ("a blob of the colour: coverage %.3f, mask NCC %.3f", coverage, mask_ncc);
  g_assert_cmpfloat (coverage, ==, 1.0);
  g_assert_cmpfloat (mask_ncc, ==, 0.0);

  /* the emblem's colour, under a hue 180° away, is absent */
  gate.rgb = 0x8740ff;
  g_assert_cmpint (di_vision_measure_colour_pattern (genuine, genuine, emblem, &gate, &coverage,
                                                     NULL, &error), ==, -1);
  g_clear_pointer (&error, di_vision_free_error);
}

/* Pixels of the fibres' colours repainted in the substrate's. */
static void
remove_fibres (cairo_surface_t *s)
{
  cairo_surface_flush (s);
  for (int y = 0; y < cairo_image_surface_get_height (s); y++)
    for (int x = 0; x < cairo_image_surface_get_width (s); x++)
      {
        guint32 *p = pixel_at (s, x, y);
        int r = (*p >> 16) & 0xff, g = (*p >> 8) & 0xff, b = *p & 0xff;

        /* red (#ff404f) and blue (#40b8ff), and their anti-aliased edges */
        if ((r > g + 30 && r > b + 20) || (b > r + 40 && g > r + 20))
          *p = 0xff161129;
      }
  cairo_surface_mark_dirty (s);
}

static void
test_measure_fibres (void)
{
  g_autoptr (cairo_surface_t) uv = template_surface ("UTO-P-2024", "uv");
  g_autoptr (cairo_surface_t) clean = copy_surface (uv);
  g_autoptr (DiVisionImage) genuine = NULL;
  g_autoptr (DiVisionImage) without = NULL;
  DiVisionColourGate red = { 0xff404f, 20, 0.35, 0.45 };
  DiVisionColourGate blue = { 0x40b8ff, 20, 0.35, 0.45 };
  DiVisionRect page = rect_mm (1, 1, 123, 86);
  /* counted by eye on uv.png: two red fibres (a straight one, a wavy one) and one blue */
  DiVisionRect small = rect_mm (61.5, 60.7, 37.5, 11.9);
  int n_red, n_blue;
  char *error = NULL;
  gint64 start;

  remove_fibres (clean);
  genuine = image_from_surface (uv);
  without = image_from_surface (clean);

  start = now_us ();
  g_assert_cmpint (di_vision_count_fibres (genuine, page, &red, 20, &n_red, &error), ==, 0);
  g_test_message ("fibre count (whole page): %.3f ms", (now_us () - start) / 1000.0);
  g_assert_cmpint (di_vision_count_fibres (genuine, page, &blue, 20, &n_blue, &error), ==, 0);
  g_test_message ("fibres on the page: %d red, %d blue", n_red, n_blue);
  /* about 25 of each, counted roughly by eye on the whole page */
  g_assert_cmpint (n_red, >=, 20);
  g_assert_cmpint (n_red, <=, 32);
  g_assert_cmpint (n_blue, >=, 20);
  g_assert_cmpint (n_blue, <=, 32);

  g_assert_cmpint (di_vision_count_fibres (genuine, small, &red, 20, &n_red, &error), ==, 0);
  g_assert_cmpint (di_vision_count_fibres (genuine, small, &blue, 20, &n_blue, &error), ==, 0);
  g_assert_cmpint (n_red, ==, 2);
  g_assert_cmpint (n_blue, ==, 1);

  g_assert_cmpint (di_vision_count_fibres (without, page, &red, 20, &n_red, &error), ==, 0);
  g_assert_cmpint (di_vision_count_fibres (without, page, &blue, 20, &n_blue, &error), ==, 0);
  g_assert_cmpint (n_red, ==, 0);
  g_assert_cmpint (n_blue, ==, 0);
}

static void
test_measure_print_contrast (void)
{
  g_autoptr (cairo_surface_t) ir = template_surface ("UTO-P-2024", "ir");
  g_autoptr (cairo_surface_t) faded = copy_surface (ir);
  g_autoptr (DiVisionImage) genuine = NULL;
  g_autoptr (DiVisionImage) weak = NULL;
  DiVisionRect mrz = rect_mm (5, 73, 115, 14);
  double pcs, pcs_faded;
  char *error = NULL;
  gint64 start;

  /* an MRZ reprinted in an ink that is grey in the infrared */
  {
    g_autoptr (cairo_t) cr = cairo_create (faded);

    cairo_rectangle (cr, mrz.x, mrz.y, mrz.width, mrz.height);
    cairo_set_source_rgba (cr, 0xec / 255.0, 0xec / 255.0, 0xec / 255.0, 0.8);
    cairo_fill (cr);
  }
  genuine = image_from_surface (ir);
  weak = image_from_surface (faded);
  start = now_us ();
  g_assert_cmpint (di_vision_measure_print_contrast (genuine, mrz, &pcs, &error), ==, 0);
  g_test_message ("print contrast: %.3f ms", (now_us () - start) / 1000.0);
  g_assert_cmpint (di_vision_measure_print_contrast (weak, mrz, &pcs_faded, &error), ==, 0);
  g_test_message ("IR MRZ print contrast: genuine %.3f, faded %.3f", pcs, pcs_faded);
  g_assert_cmpfloat (pcs, >, 0.8);
  g_assert_cmpfloat (pcs_faded, <, 0.45);
}

static void
test_measure_ir_visibility (void)
{
  g_autoptr (DiVisionImage) ir = template_image ("UTO-P-2024", "ir");
  g_autoptr (DiVisionImage) white = template_image ("UTO-P-2024", "white");
  DiVisionRect guilloche[] = { rect_mm (6, 56.5, 28, 10), rect_mm (42, 58, 32, 10) };
  DiVisionRect personalisation = rect_mm (41, 14.5, 60, 3.8);
  double ratio;
  char *error = NULL;
  gint64 start;

  for (guint i = 0; i < G_N_ELEMENTS (guilloche); i++)
    {
      start = now_us ();
      g_assert_cmpint (di_vision_measure_ir_visibility (ir, white, guilloche[i], &ratio, &error),
                       ==, 0);
      g_test_message ("IR visibility: %.3f ms", (now_us () - start) / 1000.0);
      g_test_message ("guilloche %u: IR/white contrast %.3f", i, ratio);
      g_assert_cmpfloat (ratio, <, 0.2);
    }
  g_assert_cmpint (di_vision_measure_ir_visibility (ir, white, personalisation, &ratio, &error),
                   ==, 0);
  g_test_message ("personalisation: IR/white contrast %.3f", ratio);
  g_assert_cmpfloat (ratio, >, 0.8);

  /* the same through a capture: uneven light, noise, JPEG */
  {
    g_autoptr (cairo_surface_t) ir_page = template_surface ("UTO-P-2024", "ir");
    g_autoptr (cairo_surface_t) white_page = template_surface ("UTO-P-2024", "white");
    g_autoptr (DiVisionImage) ir_raw = NULL;
    g_autoptr (DiVisionImage) white_raw = NULL;
    g_autoptr (DiVisionImage) ir_captured = NULL;
    g_autoptr (DiVisionImage) white_captured = NULL;

    light_and_noise (ir_page, 4.0, 11);
    light_and_noise (white_page, 4.0, 12);
    ir_raw = image_from_surface (ir_page);
    white_raw = image_from_surface (white_page);
    ir_captured = jpeg_round_trip (ir_raw, 80);
    white_captured = jpeg_round_trip (white_raw, 80);
    for (guint i = 0; i < G_N_ELEMENTS (guilloche); i++)
      {
        g_assert_cmpint (di_vision_measure_ir_visibility (ir_captured, white_captured,
                                                          guilloche[i], &ratio, &error), ==, 0);
        g_test_message ("captured guilloche %u: IR/white contrast %.3f", i, ratio);
        g_assert_cmpfloat (ratio, <, 0.35);
      }
    g_assert_cmpint (di_vision_measure_ir_visibility (ir_captured, white_captured,
                                                      personalisation, &ratio, &error), ==, 0);
    g_test_message ("captured personalisation: IR/white contrast %.3f", ratio);
    g_assert_cmpfloat (ratio, >, 0.8);
  }

  /* nothing printed under white light: no ratio */
  g_assert_cmpint (di_vision_measure_ir_visibility (ir, ir, (DiVisionRect) { 0, 300, 2, 2 },
                                                    &ratio, &error), ==, -1);
  g_test_message ("blank: %s", error);
  g_assert_nonnull (strstr (error, "no print"));
  g_clear_pointer (&error, di_vision_free_error);
}

static void
test_measure_ghost (void)
{
  g_autoptr (cairo_surface_t) page = template_surface ("UTO-P-2024", "white");
  g_autoptr (cairo_surface_t) other_page = template_surface ("UTO-I-2024", "white");
  g_autoptr (cairo_surface_t) swapped = copy_surface (page);
  g_autoptr (DiVisionImage) white = NULL;
  g_autoptr (DiVisionImage) forged = NULL;
  DiVisionRect photo = rect_mm (5, 13, 32, 40);
  DiVisionRect ghost = rect_mm (108.5, 24, 12.5, 15.5);
  DiVisionRect other_ghost = rect_mm (88, 17, 12, 15);
  double same, other;
  char *error = NULL;
  gint64 start;

  /* another holder's ghost (from the identity card template) put in the ghost's place */
  {
    g_autoptr (cairo_t) cr = cairo_create (swapped);

    cairo_rectangle (cr, ghost.x, ghost.y, ghost.width, ghost.height);
    cairo_clip (cr);
    cairo_translate (cr, ghost.x, ghost.y);
    cairo_scale (cr, (double) ghost.width / other_ghost.width,
                 (double) ghost.height / other_ghost.height);
    cairo_set_source_surface (cr, other_page, -other_ghost.x, -other_ghost.y);
    cairo_paint (cr);
  }
  white = image_from_surface (page);
  forged = image_from_surface (swapped);

  start = now_us ();
  g_assert_cmpint (di_vision_measure_ghost_similarity (white, photo, ghost, &same, &error), ==, 0);
  g_test_message ("ghost similarity: %.3f ms", (now_us () - start) / 1000.0);
  g_assert_cmpint (di_vision_measure_ghost_similarity (forged, photo, ghost, &other, &error), ==,
                   0);
  g_test_message ("ghost similarity: same holder %.3f, another holder %.3f", same, other);
  g_assert_cmpfloat (same, >, other + 0.15);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vision/image/crop-pixels", test_image_crop_pixels);
  g_test_add_func ("/vision/image/from-cairo", test_image_from_cairo);
  g_test_add_func ("/vision/errors/opencv", test_errors_opencv);
  g_test_add_func ("/vision/errors/arguments", test_errors_arguments);
  g_test_add_func ("/vision/register/keypoints", test_register_keypoints);
  g_test_add_func ("/vision/register/outline-forced", test_register_outline_forced);
  g_test_add_func ("/vision/register/outline-fallback", test_register_outline_fallback);
  g_test_add_func ("/vision/register/turns", test_register_turns);
  g_test_add_func ("/vision/register/failure", test_register_failure);
  g_test_add_func ("/vision/measure/ncc-ssim-colour", test_measure_ncc_ssim_colour);
  g_test_add_func ("/vision/measure/luminance", test_measure_luminance);
  g_test_add_func ("/vision/measure/colour-pattern", test_measure_colour_pattern);
  g_test_add_func ("/vision/measure/fibres", test_measure_fibres);
  g_test_add_func ("/vision/measure/print-contrast", test_measure_print_contrast);
  g_test_add_func ("/vision/measure/ir-visibility", test_measure_ir_visibility);
  g_test_add_func ("/vision/measure/ghost", test_measure_ghost);

  return g_test_run ();
}
