/* test-image.c — image files (PNG, JPEG, EXIF orientation, refusals) and capture effects */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <zlib.h>

#include "di-image.h"
#include "di-ocr.h"
#include "di-test-util.h"


#define RGB_MASK 0x00ffffffu

/* --- helpers ----------------------------------------------------------------------------- */

/* A temporary folder for one test, removed with everything in it. */
typedef struct {
  char *path;
} TmpDir;

static void
tmp_dir_init (TmpDir *dir)
{
  g_autoptr (GError) error = NULL;

  dir->path = g_dir_make_tmp ("test-image-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
tmp_dir_clear (TmpDir *dir)
{
  if (dir->path == NULL)
    return;
  di_test_remove_tree (dir->path);
  g_clear_pointer (&dir->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TmpDir, tmp_dir_clear)

static char *
tmp_file (TmpDir     *dir,
          const char *name)
{
  return g_build_filename (dir->path, name, NULL);
}

static void
write_bytes (const char   *path,
             const guint8 *data,
             gsize         size)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, (const char *) data, size, &error);
  g_assert_no_error (error);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *data;
  gsize size;

  g_file_get_contents (path, &data, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

static guint32
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  const guint8 *data = cairo_image_surface_get_data (s);

  return ((const guint32 *) (data + (gsize) y * cairo_image_surface_get_stride (s)))[x] & RGB_MASK;
}

static void
set_pixel (cairo_surface_t *s,
           int              x,
           int              y,
           guint32          rgb)
{
  guint8 *data = cairo_image_surface_get_data (s);

  ((guint32 *) (data + (gsize) y * cairo_image_surface_get_stride (s)))[x] = 0xff000000u | rgb;
}

static int
channel (guint32 p,
         int     c)   /* 0 red, 1 green, 2 blue */
{
  return (p >> (16 - 8 * c)) & 0xff;
}

/* An RGB24 surface of random colours: every pixel differs from its neighbours. */
static cairo_surface_t *
random_surface (int     width,
                int     height,
                guint32 seed)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  cairo_surface_flush (s);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      set_pixel (s, x, y, g_rand_int (rand) & RGB_MASK);
  cairo_surface_mark_dirty (s);
  return s;
}

static cairo_surface_t *
flat_surface (int    width,
              int    height,
              double r,
              double g,
              double b)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  g_autoptr (cairo_t) cr = cairo_create (s);

  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);
  cairo_surface_flush (s);
  return s;
}

static void
fill_rect (cairo_surface_t *s,
           double           x,
           double           y,
           double           w,
           double           h,
           double           r,
           double           g,
           double           b)
{
  g_autoptr (cairo_t) cr = cairo_create (s);

  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill (cr);
  cairo_surface_flush (s);
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, w);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (pixel (a, x, y) != pixel (b, x, y))
        g_error ("pixel %d,%d: %06x != %06x", x, y, pixel (a, x, y), pixel (b, x, y));
}

static guint
count_different_pixels (cairo_surface_t *a,
                        cairo_surface_t *b)
{
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (a); y++)
    for (int x = 0; x < cairo_image_surface_get_width (a); x++)
      n += pixel (a, x, y) != pixel (b, x, y);
  return n;
}

static cairo_surface_t *
load_ok (const char *path)
{
  g_autoptr (GError) error = NULL;
  cairo_surface_t *s = di_image_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  g_assert_cmpint (cairo_image_surface_get_format (s), ==, CAIRO_FORMAT_RGB24);
  return s;
}

/* Loading @path fails with @code and a one-line message that begins with @prefix. */
static void
assert_load_fails_with (const char *path,
                        int         code,
                        const char *prefix)
{
  g_autoptr (GError) error = NULL;
  cairo_surface_t *s = di_image_load (path, &error);

  g_assert_null (s);
  g_assert_error (error, DI_IMAGE_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
assert_load_fails (const char *path,
                   int         code)
{
  g_autofree char *name = g_path_get_basename (path);

  assert_load_fails_with (path, code, name);
}

static void
save_png_ok (cairo_surface_t *s,
             const char      *path)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (di_image_save_png (s, path, &error));
  g_assert_no_error (error);
}

static void
save_jpeg_ok (cairo_surface_t *s,
              const char      *path,
              int              quality)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (di_image_save_jpeg (s, path, quality, &error));
  g_assert_no_error (error);
}

/* A smooth test picture (JPEG keeps it well): gradients with a soft disc. */
static cairo_surface_t *
smooth_surface (int width,
                int height)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);

  cairo_surface_flush (s);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double d = hypot (x - width / 2.0, y - height / 2.0) / width;
        guint r = 40 + 180 * x / width, g = 60 + 150 * y / height;
        guint b = (guint) (200 - 120 * MIN (d * 2, 1.0));

        set_pixel (s, x, y, r << 16 | g << 8 | b);
      }
  cairo_surface_mark_dirty (s);
  return s;
}

/* The weighted centroid of "redness" (R minus the mean of G and B, less @threshold) in a
 * window of the image, at pixel centres. */
static void
red_centroid (cairo_surface_t *s,
              int              x0,
              int              y0,
              int              x1,
              int              y1,
              int              threshold,
              double          *cx,
              double          *cy)
{
  double sum = 0, sx = 0, sy = 0;

  x0 = MAX (x0, 0), y0 = MAX (y0, 0);
  x1 = MIN (x1, cairo_image_surface_get_width (s));
  y1 = MIN (y1, cairo_image_surface_get_height (s));
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        guint32 p = pixel (s, x, y);
        double w = channel (p, 0) - (channel (p, 1) + channel (p, 2)) / 2.0 - threshold;

        if (w > 0)
          {
            sum += w;
            sx += w * (x + 0.5);
            sy += w * (y + 0.5);
          }
      }
  g_assert_cmpfloat (sum, >, 0);
  *cx = sx / sum;
  *cy = sy / sum;
}

/* --- PNG and JPEG files ------------------------------------------------------------------ */

static void
test_png_round_trip (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *path = NULL;
  g_autoptr (cairo_surface_t) page = random_surface (37, 23, 1);
  g_autoptr (cairo_surface_t) loaded = NULL;

  tmp_dir_init (&dir);
  path = tmp_file (&dir, "page.png");
  save_png_ok (page, path);
  loaded = load_ok (path);
  assert_same_pixels (page, loaded);
}

static void
test_png_alpha (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *path = NULL;
  g_autoptr (cairo_surface_t) s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 2);
  g_autoptr (cairo_surface_t) loaded = NULL;
  g_autoptr (cairo_t) cr = cairo_create (s);
  guint32 half;

  /* left half transparent, right half red at 50 % */
  cairo_rectangle (cr, 2, 0, 2, 2);
  cairo_set_source_rgba (cr, 1, 0, 0, 0.5);
  cairo_fill (cr);
  cairo_surface_flush (s);

  tmp_dir_init (&dir);
  path = tmp_file (&dir, "alpha.png");
  save_png_ok (s, path);
  loaded = load_ok (path);
  g_assert_cmphex (pixel (loaded, 0, 0), ==, 0xffffff);
  half = pixel (loaded, 3, 1);
  g_assert_cmpint (channel (half, 0), ==, 255);
  g_assert_cmpint (abs (channel (half, 1) - 128), <=, 1);
  g_assert_cmpint (abs (channel (half, 2) - 128), <=, 1);
}

static void
test_jpeg_round_trip (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *path = NULL;
  g_autoptr (cairo_surface_t) page = smooth_surface (67, 45);
  g_autoptr (cairo_surface_t) loaded = NULL;
  int max_diff = 0;
  double sum_diff = 0;

  tmp_dir_init (&dir);
  path = tmp_file (&dir, "page.jpg");
  save_jpeg_ok (page, path, 95);
  loaded = load_ok (path);
  g_assert_cmpint (cairo_image_surface_get_width (loaded), ==, 67);
  g_assert_cmpint (cairo_image_surface_get_height (loaded), ==, 45);
  for (int y = 0; y < 45; y++)
    for (int x = 0; x < 67; x++)
      for (int c = 0; c < 3; c++)
        {
          int d = abs (channel (pixel (page, x, y), c) - channel (pixel (loaded, x, y), c));

          max_diff = MAX (max_diff, d);
          sum_diff += d;
        }
  g_assert_cmpint (max_diff, <=, 8);
  g_assert_cmpfloat (sum_diff / (67 * 45 * 3), <, 1.5);
}

static void
test_jpeg_deterministic (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  g_autoptr (cairo_surface_t) page = random_surface (50, 40, 2);
  g_autoptr (GBytes) bytes_a = NULL, bytes_b = NULL, bytes_c = NULL;

  tmp_dir_init (&dir);
  a = tmp_file (&dir, "a.jpg");
  b = tmp_file (&dir, "b.jpg");
  c = tmp_file (&dir, "c.jpg");
  save_jpeg_ok (page, a, 80);
  save_jpeg_ok (page, b, 80);
  save_jpeg_ok (page, c, 50);
  bytes_a = read_bytes (a);
  bytes_b = read_bytes (b);
  bytes_c = read_bytes (c);
  g_assert_true (g_bytes_equal (bytes_a, bytes_b));
  g_assert_false (g_bytes_equal (bytes_a, bytes_c));   /* the quality is used */
}

static void
test_jpeg_quality_range (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *path = NULL;
  g_autoptr (cairo_surface_t) page = random_surface (8, 8, 3);
  int bad[] = { 0, 101, -5 };

  tmp_dir_init (&dir);
  path = tmp_file (&dir, "q.jpg");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (di_image_save_jpeg (page, path, bad[i], &error));
      g_assert_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  save_jpeg_ok (page, path, 1);
  save_jpeg_ok (page, path, 100);
}

/* Writes a JPEG with libjpeg directly, in a colour space di_image_save_jpeg() does not use. */
static void
write_raw_jpeg (const char    *path,
                int            width,
                int            height,
                J_COLOR_SPACE  space,
                int            components,
                const guint8  *samples)
{
  struct jpeg_compress_struct cinfo;
  struct jpeg_error_mgr jerr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;

  cinfo.err = jpeg_std_error (&jerr);
  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, &buffer, &size);
  cinfo.image_width = width;
  cinfo.image_height = height;
  cinfo.input_components = components;
  cinfo.in_color_space = space;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, 95, TRUE);
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = (JSAMPROW) samples + (gsize) cinfo.next_scanline * width * components;

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  write_bytes (path, buffer, size);
  free (buffer);
}

static void
test_jpeg_grey (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *path = NULL;
  g_autoptr (cairo_surface_t) loaded = NULL;
  guint8 grey[32 * 16];

  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 32; x++)
      grey[y * 32 + x] = x < 16 ? 40 : 200;

  tmp_dir_init (&dir);
  path = tmp_file (&dir, "grey.jpg");
  write_raw_jpeg (path, 32, 16, JCS_GRAYSCALE, 1, grey);
  loaded = load_ok (path);
  g_assert_cmpint (cairo_image_surface_get_width (loaded), ==, 32);
  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 32; x++)
      {
        guint32 p = pixel (loaded, x, y);

        g_assert_cmpint (channel (p, 0), ==, channel (p, 1));
        g_assert_cmpint (channel (p, 1), ==, channel (p, 2));
      }
  g_assert_cmpint (abs (channel (pixel (loaded, 4, 8), 0) - 40), <=, 3);
  g_assert_cmpint (abs (channel (pixel (loaded, 27, 8), 0) - 200), <=, 3);
}

/* CMYK is turned to RGB as Leptonica does: libjpeg writes it inverted, with an Adobe marker,
 * so a pixel is K × C / 255 (and so on) per channel. */
static void
test_jpeg_cmyk (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *path = NULL;
  g_autoptr (cairo_surface_t) loaded = NULL;
  guint8 cmyk[8 * 8 * 4];

  for (gsize i = 0; i < sizeof cmyk; i += 4)
    cmyk[i] = 250, cmyk[i + 1] = 100, cmyk[i + 2] = 100, cmyk[i + 3] = 200;
  tmp_dir_init (&dir);
  path = tmp_file (&dir, "cmyk.jpg");
  write_raw_jpeg (path, 8, 8, JCS_CMYK, 4, cmyk);
  loaded = load_ok (path);
  g_assert_cmpint (cairo_image_surface_get_width (loaded), ==, 8);
  g_assert_cmpint (cairo_image_surface_get_height (loaded), ==, 8);
  g_assert_cmpint (abs (channel (pixel (loaded, 4, 4), 0) - 250 * 200 / 255), <=, 3);
  g_assert_cmpint (abs (channel (pixel (loaded, 4, 4), 1) - 100 * 200 / 255), <=, 3);
  g_assert_cmpint (abs (channel (pixel (loaded, 4, 4), 2) - 100 * 200 / 255), <=, 3);
}

static void
test_type_by_content (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *png_named_jpg = NULL, *jpg_named_png = NULL, *no_suffix = NULL;
  g_autoptr (cairo_surface_t) page = random_surface (20, 10, 4);
  g_autoptr (cairo_surface_t) a = NULL, b = NULL, c = NULL;

  tmp_dir_init (&dir);
  png_named_jpg = tmp_file (&dir, "white.jpg");
  jpg_named_png = tmp_file (&dir, "uv.png");
  no_suffix = tmp_file (&dir, "ir");
  save_png_ok (page, png_named_jpg);
  save_jpeg_ok (page, jpg_named_png, 90);
  save_png_ok (page, no_suffix);
  a = load_ok (png_named_jpg);
  assert_same_pixels (page, a);   /* exact: it was read as PNG */
  b = load_ok (jpg_named_png);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, 20);
  c = load_ok (no_suffix);
  assert_same_pixels (page, c);
}

/* --- EXIF orientation -------------------------------------------------------------------- */

/* A JPEG of @width × @height, white with a black 8 × 8 block at the top left as stored,
 * with an APP1 Exif block giving @orientation in the byte order @big_endian. */
static GByteArray *
jpeg_with_exif (TmpDir   *dir,
                int       width,
                int       height,
                int       orientation,
                gboolean  big_endian)
{
  g_autofree char *path = tmp_file (dir, "plain.jpg");
  g_autoptr (cairo_surface_t) s = flat_surface (width, height, 1, 1, 1);
  g_autoptr (GBytes) plain = NULL;
  GByteArray *out = g_byte_array_new ();
  const guint8 *data;
  gsize size, app0_end;
  guint8 app1[] = {
    0xff, 0xe1, 0x00, 0x22,                    /* APP1, length 34 */
    'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,   /* TIFF header, IFD0 at 8 */
    0x01, 0x00,                                /* one entry */
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0, 0, 0, 0,   /* 0x0112 SHORT ×1 */
    0x00, 0x00, 0x00, 0x00,                    /* no next IFD */
  };

  fill_rect (s, 0, 0, 8, 8, 0, 0, 0);
  save_jpeg_ok (s, path, 95);
  plain = read_bytes (path);
  data = g_bytes_get_data (plain, &size);

  if (big_endian)
    {
      const guint8 tiff[] = { 'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01,
                              0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01 };

      memcpy (app1 + 10, tiff, sizeof tiff);
      app1[28] = 0, app1[29] = orientation;
    }
  else
    {
      app1[28] = orientation, app1[29] = 0;
    }

  /* SOI, then the JFIF APP0 segment, then our APP1 */
  g_assert_cmphex (data[2], ==, 0xff);
  g_assert_cmphex (data[3], ==, 0xe0);
  app0_end = 4 + (data[4] << 8 | data[5]);
  g_byte_array_append (out, data, app0_end);
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, data + app0_end, size - app0_end);
  return out;
}

typedef struct {
  int      orientation;
  gboolean swapped;
  gboolean right;    /* where the block is seen */
  gboolean bottom;
} OrientationCase;

static const OrientationCase orientation_cases[] = {
  { 1, FALSE, FALSE, FALSE },
  { 2, FALSE, TRUE, FALSE },    /* mirrored */
  { 3, FALSE, TRUE, TRUE },     /* 180° */
  { 4, FALSE, FALSE, TRUE },    /* mirrored top–bottom */
  { 5, TRUE, FALSE, FALSE },    /* transposed */
  { 6, TRUE, TRUE, FALSE },     /* turn 90° clockwise to view */
  { 7, TRUE, TRUE, TRUE },      /* transverse */
  { 8, TRUE, FALSE, TRUE },     /* turn 90° anticlockwise to view */
};

static void
test_exif_orientation (gconstpointer data)
{
  const OrientationCase *oc = data;

  for (int big_endian = 0; big_endian <= 1; big_endian++)
    {
      g_auto (TmpDir) dir = { NULL };
      g_autofree char *path = NULL;
      g_autoptr (GByteArray) jpeg = NULL;
      g_autoptr (cairo_surface_t) loaded = NULL;
      int w, h, bx, by;
      double cx, cy, sum = 0, sx = 0, sy = 0;

      tmp_dir_init (&dir);
      jpeg = jpeg_with_exif (&dir, 32, 16, oc->orientation, big_endian);
      path = tmp_file (&dir, "oriented.jpg");
      write_bytes (path, jpeg->data, jpeg->len);
      loaded = load_ok (path);
      w = cairo_image_surface_get_width (loaded);
      h = cairo_image_surface_get_height (loaded);
      g_assert_cmpint (w, ==, oc->swapped ? 16 : 32);
      g_assert_cmpint (h, ==, oc->swapped ? 32 : 16);

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            double dark = 255 - channel (pixel (loaded, x, y), 1);

            sum += dark;
            sx += dark * (x + 0.5);
            sy += dark * (y + 0.5);
          }
      cx = sx / sum;
      cy = sy / sum;
      bx = oc->right ? w - 4 : 4;
      by = oc->bottom ? h - 4 : 4;
      g_assert_cmpfloat (fabs (cx - bx), <, 0.5);
      g_assert_cmpfloat (fabs (cy - by), <, 0.5);
    }
}

static void
test_exif_damaged (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autoptr (GByteArray) jpeg = NULL;
  g_autofree char *path = NULL;
  g_autoptr (cairo_surface_t) loaded = NULL;
  gsize app1;

  tmp_dir_init (&dir);
  jpeg = jpeg_with_exif (&dir, 32, 16, 6, FALSE);
  /* Point IFD0 far outside the block: the tag is not found, the image loads unturned. */
  for (app1 = 2; jpeg->data[app1 + 1] != 0xe1; app1 += 2 + (jpeg->data[app1 + 2] << 8 |
                                                             jpeg->data[app1 + 3]))
    ;
  jpeg->data[app1 + 14] = 0xff;
  jpeg->data[app1 + 15] = 0xff;
  jpeg->data[app1 + 16] = 0xff;
  jpeg->data[app1 + 17] = 0x7f;
  path = tmp_file (&dir, "bad-exif.jpg");
  write_bytes (path, jpeg->data, jpeg->len);
  loaded = load_ok (path);
  g_assert_cmpint (cairo_image_surface_get_width (loaded), ==, 32);
  g_assert_cmpint (cairo_image_surface_get_height (loaded), ==, 16);
}

/* --- refusals ---------------------------------------------------------------------------- */

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

/* A PNG signature and a valid IHDR chunk claiming @width × @height, then an empty IEND. */
static void
write_png_header (const char *path,
                  guint32     width,
                  guint32     height)
{
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8;
  guint8 *iend = png + 8 + 25;

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, width);
  put_be32 (ihdr + 12, height);
  ihdr[16] = 8;   /* bit depth */
  ihdr[17] = 2;   /* RGB */
  put_be32 (ihdr + 21, crc32 (0, ihdr + 4, 17));
  put_be32 (iend, 0);
  memcpy (iend + 4, "IEND", 4);
  put_be32 (iend + 8, crc32 (0, iend + 4, 4));
  write_bytes (path, png, sizeof png);
}

/* A valid 8-bit grey PNG of @width × @height, all black. */
static void
write_grey_png (const char *path,
                guint32     width,
                guint32     height)
{
  gsize raw_size = (gsize) (width + 1) * height;   /* a filter byte before each row */
  g_autofree guint8 *raw = g_malloc0 (raw_size);
  uLongf packed_size = compressBound (raw_size);
  g_autofree guint8 *png = g_malloc (8 + 25 + 12 + packed_size + 12);
  guint8 *ihdr = png + 8, *idat = png + 8 + 25, *iend;

  memcpy (png, "\x89PNG\r\n\x1a\n", 8);
  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, width);
  put_be32 (ihdr + 12, height);
  memcpy (ihdr + 16, "\x08\x00\x00\x00\x00", 5);   /* 8 bits, grey, no interlace */
  put_be32 (ihdr + 21, crc32 (0, ihdr + 4, 17));
  g_assert_cmpint (compress (idat + 8, &packed_size, raw, raw_size), ==, Z_OK);
  put_be32 (idat, packed_size);
  memcpy (idat + 4, "IDAT", 4);
  put_be32 (idat + 8 + packed_size, crc32 (0, idat + 4, packed_size + 4));
  iend = idat + 12 + packed_size;
  put_be32 (iend, 0);
  memcpy (iend + 4, "IEND", 4);
  put_be32 (iend + 8, crc32 (0, iend + 4, 4));
  write_bytes (path, png, iend + 12 - png);
}

/* A valid small JPEG with its SOF0 dimensions changed to @width × @height. */
static void
write_jpeg_claiming (TmpDir     *dir,
                     const char *path,
                     guint       width,
                     guint       height)
{
  g_autofree char *plain = tmp_file (dir, "small.jpg");
  g_autoptr (cairo_surface_t) s = random_surface (16, 16, 5);
  g_autoptr (GBytes) bytes = NULL;
  g_autofree guint8 *data = NULL;
  gsize size, i;

  save_jpeg_ok (s, plain, 90);
  bytes = read_bytes (plain);
  size = g_bytes_get_size (bytes);
  data = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
  for (i = 2; i + 9 < size && !(data[i] == 0xff && data[i + 1] == 0xc0); i++)
    ;
  g_assert_cmpuint (i + 9, <, size);
  data[i + 5] = height >> 8, data[i + 6] = height & 0xff;
  data[i + 7] = width >> 8, data[i + 8] = width & 0xff;
  write_bytes (path, data, size);
}

static void
test_refusals (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autoptr (cairo_surface_t) page = random_surface (40, 30, 6);
  g_autofree char *missing = NULL, *empty = NULL, *folder = NULL, *png = NULL;
  g_autofree char *jpg = NULL, *cut_png = NULL, *cut_jpg = NULL, *noise = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GBytes) png_bytes = NULL, jpg_bytes = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint8 random_bytes[2000];

  tmp_dir_init (&dir);
  missing = tmp_file (&dir, "missing.png");
  assert_load_fails (missing, DI_IMAGE_ERROR_UNREADABLE);
  g_clear_pointer (&missing, g_free);
  missing = tmp_file (&dir, "two\nlines.png");
  assert_load_fails_with (missing, DI_IMAGE_ERROR_UNREADABLE, "two?lines.png: ");
  g_clear_pointer (&missing, g_free);
  missing = tmp_file (&dir, "latin1-\xe9.png");   /* not UTF-8 */
  assert_load_fails_with (missing, DI_IMAGE_ERROR_UNREADABLE, "latin1-");

  empty = tmp_file (&dir, "empty.jpg");
  write_bytes (empty, (const guint8 *) "", 0);
  assert_load_fails (empty, DI_IMAGE_ERROR_UNREADABLE);

  folder = tmp_file (&dir, "folder.png");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_load_fails (folder, DI_IMAGE_ERROR_UNREADABLE);

  text = tmp_file (&dir, "text.png");
  write_bytes (text, (const guint8 *) "P<UTOERIKSSON<<ANNA\n", 20);
  assert_load_fails (text, DI_IMAGE_ERROR_UNREADABLE);

  png = tmp_file (&dir, "whole.png");
  jpg = tmp_file (&dir, "whole.jpg");
  save_png_ok (page, png);
  save_jpeg_ok (page, jpg, 90);
  png_bytes = read_bytes (png);
  jpg_bytes = read_bytes (jpg);

  /* Cut at several points, from inside the header to just before the end */
  cut_png = tmp_file (&dir, "cut.png");
  cut_jpg = tmp_file (&dir, "cut.jpg");
  for (double f = 0.1; f < 1; f += 0.2)
    {
      gsize png_size = g_bytes_get_size (png_bytes), jpg_size = g_bytes_get_size (jpg_bytes);

      write_bytes (cut_png, g_bytes_get_data (png_bytes, NULL), (gsize) (png_size * f));
      assert_load_fails (cut_png, DI_IMAGE_ERROR_UNREADABLE);
      write_bytes (cut_jpg, g_bytes_get_data (jpg_bytes, NULL), (gsize) (jpg_size * f));
      assert_load_fails (cut_jpg, DI_IMAGE_ERROR_UNREADABLE);
    }
  write_bytes (cut_jpg, g_bytes_get_data (jpg_bytes, NULL), g_bytes_get_size (jpg_bytes) - 2);
  assert_load_fails (cut_jpg, DI_IMAGE_ERROR_UNREADABLE);   /* only the EOI marker missing */

  noise = tmp_file (&dir, "noise.jpg");
  for (guint i = 0; i < sizeof random_bytes; i++)
    random_bytes[i] = g_rand_int (rand);
  write_bytes (noise, random_bytes, sizeof random_bytes);
  assert_load_fails (noise, DI_IMAGE_ERROR_UNREADABLE);
  /* random bytes behind a JPEG or a PNG signature */
  random_bytes[0] = 0xff, random_bytes[1] = 0xd8, random_bytes[2] = 0xff;
  write_bytes (noise, random_bytes, sizeof random_bytes);
  assert_load_fails (noise, DI_IMAGE_ERROR_UNREADABLE);
  memcpy (random_bytes, g_bytes_get_data (png_bytes, NULL), 8);
  write_bytes (noise, random_bytes, sizeof random_bytes);
  assert_load_fails (noise, DI_IMAGE_ERROR_UNREADABLE);
}

static void
test_refuse_too_large (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autofree char *png = NULL, *wide_png = NULL, *zero_png = NULL, *ok_png = NULL;
  g_autofree char *jpg = NULL, *wide_jpg = NULL, *huge = NULL;
  g_autofree guint8 *wide_samples = NULL;
  FILE *f;

  tmp_dir_init (&dir);

  png = tmp_file (&dir, "huge.png");
  write_png_header (png, 10000, 9000);   /* 90 million pixels */
  assert_load_fails (png, DI_IMAGE_ERROR_TOO_LARGE);
  /* Few pixels, but wider than cairo allows: refused once decoded */
  wide_png = tmp_file (&dir, "wide.png");
  write_grey_png (wide_png, 40000, 10);
  assert_load_fails (wide_png, DI_IMAGE_ERROR_TOO_LARGE);
  zero_png = tmp_file (&dir, "zero.png");
  write_png_header (zero_png, 0, 10);
  assert_load_fails (zero_png, DI_IMAGE_ERROR_UNREADABLE);
  /* Within the limits the same header is only a damaged PNG (no image data) */
  ok_png = tmp_file (&dir, "nodata.png");
  write_png_header (ok_png, 3000, 3000);
  assert_load_fails (ok_png, DI_IMAGE_ERROR_UNREADABLE);

  jpg = tmp_file (&dir, "huge.jpg");
  write_jpeg_claiming (&dir, jpg, 10000, 10000);
  assert_load_fails (jpg, DI_IMAGE_ERROR_TOO_LARGE);
  wide_jpg = tmp_file (&dir, "wide.jpg");
  wide_samples = g_malloc0 (40000 * 8);
  write_raw_jpeg (wide_jpg, 40000, 8, JCS_GRAYSCALE, 1, wide_samples);
  assert_load_fails (wide_jpg, DI_IMAGE_ERROR_TOO_LARGE);

  /* A sparse file one byte over the limit: refused by its size, never read */
  huge = tmp_file (&dir, "huge-file.png");
  f = fopen (huge, "wb");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, DI_OCR_MAX_FILE_BYTES, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (0, f), ==, 0);
  g_assert_cmpint (fclose (f), ==, 0);
  assert_load_fails (huge, DI_IMAGE_ERROR_TOO_LARGE);
}

static guint
count_entries (const char *path)
{
  g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_save_failures (void)
{
  g_auto (TmpDir) dir = { NULL };
  g_autoptr (cairo_surface_t) page = random_surface (30, 20, 8);
  g_autoptr (cairo_surface_t) broken = cairo_image_surface_create (CAIRO_FORMAT_RGB24, -1, 5);
  g_autoptr (cairo_surface_t) other = random_surface (5, 5, 9);
  g_autofree char *target = NULL, *nowhere = NULL, *ok = NULL;
  g_autoptr (cairo_surface_t) loaded = NULL;

  tmp_dir_init (&dir);

  /* The final name is a folder: the rename fails, and no temporary file is left behind */
  target = tmp_file (&dir, "out.png");
  g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
  for (int jpeg = 0; jpeg <= 1; jpeg++)
    {
      g_autoptr (GError) error = NULL;
      gboolean saved = jpeg ? di_image_save_jpeg (page, target, 90, &error)
                            : di_image_save_png (page, target, &error);

      g_assert_false (saved);
      g_assert_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE);
      g_assert_true (g_str_has_prefix (error->message, "out.png"));
      g_assert_cmpuint (count_entries (dir.path), ==, 1);
      g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
    }

  nowhere = g_build_filename (dir.path, "no-such-folder", "out.jpg", NULL);
  for (int jpeg = 0; jpeg <= 1; jpeg++)
    {
      g_autoptr (GError) error = NULL;
      gboolean saved = jpeg ? di_image_save_jpeg (page, nowhere, 90, &error)
                            : di_image_save_png (page, nowhere, &error);

      g_assert_false (saved);
      g_assert_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE);
    }

  /* A surface in error: nothing written */
  ok = tmp_file (&dir, "broken.png");
  for (int jpeg = 0; jpeg <= 1; jpeg++)
    {
      g_autoptr (GError) error = NULL;
      gboolean saved = jpeg ? di_image_save_jpeg (broken, ok, 90, &error)
                            : di_image_save_png (broken, ok, &error);

      g_assert_false (saved);
      g_assert_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE);
      g_assert_false (g_file_test (ok, G_FILE_TEST_EXISTS));
    }

  /* Replacing an existing file works and leaves only the new one */
  save_png_ok (other, ok);
  save_png_ok (page, ok);
  loaded = load_ok (ok);
  assert_same_pixels (page, loaded);
  g_assert_cmpuint (count_entries (dir.path), ==, 2);
}

/* --- capture effects --------------------------------------------------------------------- */

static void
test_capture_level_names (void)
{
  const char *names[] = { "none", "light", "medium", "heavy" };
  DiCaptureLevel level = DI_CAPTURE_HEAVY;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (di_capture_level_from_string (names[i], &level));
      g_assert_cmpint (level, ==, i);
      g_assert_cmpstr (di_capture_level_to_string (level), ==, names[i]);
    }
  g_assert_false (di_capture_level_from_string ("Medium", &level));
  g_assert_false (di_capture_level_from_string ("", &level));
  g_assert_false (di_capture_level_from_string (NULL, &level));
  g_assert_cmpint (level, ==, DI_CAPTURE_HEAVY);
  g_assert_null (di_capture_level_to_string (17));
}

typedef struct {
  double margin, angle, offset, blur_min, blur_max, noise_min, noise_max, light_min, light_max;
  int    jpeg_min, jpeg_max;
  double no_jpeg;   /* expected share of captures without JPEG */
} Ranges;

static void
test_capture_random (void)
{
  static const Ranges ranges[] = {
    [DI_CAPTURE_LIGHT] = { 4, 1.5, 1.5, 0, 0.6, 0, 3, 0, 0.1, 85, 95, 0.5 },
    [DI_CAPTURE_MEDIUM] = { 6, 4, 3, 0.3, 1.2, 2, 6, 0.05, 0.25, 60, 90, 1.0 / 3 },
    [DI_CAPTURE_HEAVY] = { 8, 8, 5, 0.8, 2.0, 4, 10, 0.15, 0.4, 30, 70, 0 },
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  DiCapture capture, again;

  memset (&capture, 0x55, sizeof capture);
  di_capture_random (&capture, DI_CAPTURE_NONE, rand);
  g_assert_cmpfloat (capture.margin_mm, ==, 0);
  g_assert_cmpfloat (capture.angle_deg, ==, 0);
  g_assert_cmpfloat (capture.offset_x_mm, ==, 0);
  g_assert_cmpfloat (capture.offset_y_mm, ==, 0);
  g_assert_cmpfloat (capture.blur_sigma_px, ==, 0);
  g_assert_cmpfloat (capture.noise_sigma, ==, 0);
  g_assert_cmpfloat (capture.lighting, ==, 0);
  g_assert_cmpfloat (capture.lighting_angle, ==, 0);
  g_assert_cmpint (capture.jpeg_quality, ==, 0);

  for (DiCaptureLevel level = DI_CAPTURE_LIGHT; level <= DI_CAPTURE_HEAVY; level++)
    {
      const Ranges *r = &ranges[level];
      double max_angle = 0;
      int no_jpeg = 0, n = 600;

      for (int i = 0; i < n; i++)
        {
          di_capture_random (&capture, level, rand);
          g_assert_cmpfloat (capture.margin_mm, ==, r->margin);
          g_assert_cmpfloat (fabs (capture.angle_deg), <=, r->angle);
          g_assert_cmpfloat (fabs (capture.offset_x_mm), <=, r->offset);
          g_assert_cmpfloat (fabs (capture.offset_y_mm), <=, r->offset);
          g_assert_cmpfloat (capture.blur_sigma_px, >=, r->blur_min);
          g_assert_cmpfloat (capture.blur_sigma_px, <=, r->blur_max);
          g_assert_cmpfloat (capture.noise_sigma, >=, r->noise_min);
          g_assert_cmpfloat (capture.noise_sigma, <=, r->noise_max);
          g_assert_cmpfloat (capture.lighting, >=, r->light_min);
          g_assert_cmpfloat (capture.lighting, <=, r->light_max);
          g_assert_cmpfloat (capture.lighting_angle, >=, 0);
          g_assert_cmpfloat (capture.lighting_angle, <, 2 * G_PI);
          if (capture.jpeg_quality == 0)
            no_jpeg++;
          else
            {
              g_assert_cmpint (capture.jpeg_quality, >=, r->jpeg_min);
              g_assert_cmpint (capture.jpeg_quality, <=, r->jpeg_max);
            }
          max_angle = MAX (max_angle, fabs (capture.angle_deg));
        }
      g_assert_cmpfloat (max_angle, >, 0.9 * r->angle);   /* the whole range is used */
      g_assert_cmpfloat (fabs ((double) no_jpeg / n - r->no_jpeg), <, 0.07);
    }

  /* Reproducible from the seed */
  {
    g_autoptr (GRand) a = g_rand_new_with_seed (99);
    g_autoptr (GRand) b = g_rand_new_with_seed (99);

    for (int i = 0; i < 5; i++)
      {
        di_capture_random (&capture, DI_CAPTURE_MEDIUM, a);
        di_capture_random (&again, DI_CAPTURE_MEDIUM, b);
        g_assert_cmpmem (&capture, sizeof capture, &again, sizeof again);
      }
  }
}

static const DiCapture no_capture = { 0 };

static void
test_capture_none_is_copy (void)
{
  g_autoptr (cairo_surface_t) page = random_surface (123, 77, 10);

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autoptr (cairo_surface_t) out = di_capture_apply (page, 300, &no_capture, light, 1);

      g_assert_cmpint (cairo_image_surface_get_format (out), ==, CAIRO_FORMAT_RGB24);
      assert_same_pixels (page, out);
    }
}

static void
test_capture_background (void)
{
  static const guint32 expected[DI_N_LIGHTS] = { 0x232326, 0x120a22, 0x2d2d2d };
  g_autoptr (cairo_surface_t) page = flat_surface (100, 60, 1, 1, 1);
  DiCapture capture = { .margin_mm = 4 };

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autoptr (cairo_surface_t) out = di_capture_apply (page, 300, &capture, light, 1);
      int margin = 47;   /* 4 mm at 300 dpi */

      g_assert_cmpint (cairo_image_surface_get_width (out), ==, 100 + 2 * margin);
      g_assert_cmpint (cairo_image_surface_get_height (out), ==, 60 + 2 * margin);
      g_assert_cmphex (pixel (out, 0, 0), ==, expected[light]);
      g_assert_cmphex (pixel (out, margin - 1, margin + 30), ==, expected[light]);
      g_assert_cmphex (pixel (out, margin, margin), ==, 0xffffff);
      g_assert_cmphex (pixel (out, margin + 99, margin + 59), ==, 0xffffff);
      g_assert_cmphex (pixel (out, margin + 100, margin + 59), ==, expected[light]);
    }
}

static void
test_capture_deterministic (void)
{
  g_autoptr (cairo_surface_t) page = smooth_surface (200, 140);
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autoptr (cairo_surface_t) a = NULL, b = NULL, c = NULL;
  DiCapture capture;

  di_capture_random (&capture, DI_CAPTURE_MEDIUM, rand);
  a = di_capture_apply (page, 300, &capture, DI_LIGHT_WHITE, 1234);
  b = di_capture_apply (page, 300, &capture, DI_LIGHT_WHITE, 1234);
  c = di_capture_apply (page, 300, &capture, DI_LIGHT_WHITE, 1235);
  assert_same_pixels (a, b);
  /* Another seed: another noise, on most pixels (σ ≥ 2 here) */
  g_assert_cmpuint (count_different_pixels (a, c), >,
                    cairo_image_surface_get_width (a) * cairo_image_surface_get_height (a) / 2);
}

static void
test_capture_noise (void)
{
  g_autoptr (cairo_surface_t) page = flat_surface (300, 200, 0.5, 0.5, 0.5);
  DiCapture capture = { .noise_sigma = 5 };
  g_autoptr (cairo_surface_t) out = di_capture_apply (page, 300, &capture, DI_LIGHT_WHITE, 77);
  double sum[3] = { 0 }, sum2[3] = { 0 }, cross = 0;
  int base = channel (pixel (page, 0, 0), 0), n = 300 * 200;

  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 300; x++)
      {
        guint32 p = pixel (out, x, y);
        double d[3];

        for (int c = 0; c < 3; c++)
          {
            d[c] = channel (p, c) - base;
            sum[c] += d[c];
            sum2[c] += d[c] * d[c];
          }
        cross += d[0] * d[1];
      }
  for (int c = 0; c < 3; c++)
    {
      double mean = sum[c] / n, sd = sqrt (sum2[c] / n - mean * mean);

      g_assert_cmpfloat (fabs (mean), <, 0.1);
      /* integer rounding adds 1/12 to the variance */
      g_assert_cmpfloat (fabs (sd - sqrt (25 + 1.0 / 12)), <, 0.1);
    }
  g_assert_cmpfloat (fabs (cross / n) / 25, <, 0.03);   /* channels independent */
}

/* Page with a red square; the geometry of di_capture_apply() maps its centre here. */
static void
expected_mark_position (int              page_w,
                        int              page_h,
                        double           dpi,
                        const DiCapture *capture,
                        double           mark_x,
                        double           mark_y,
                        double          *out_x,
                        double          *out_y)
{
  double k = dpi / 25.4, a = capture->angle_deg * G_PI / 180;
  double margin = round (capture->margin_mm * k);
  double dx = mark_x - page_w / 2.0, dy = mark_y - page_h / 2.0;

  *out_x = margin + page_w / 2.0 + capture->offset_x_mm * k + cos (a) * dx - sin (a) * dy;
  *out_y = margin + page_h / 2.0 + capture->offset_y_mm * k + sin (a) * dx + cos (a) * dy;
}

static void
test_capture_rotation (void)
{
  const double angles[] = { 0, 3, -7.5, 8 };
  g_autoptr (cairo_surface_t) page = flat_surface (400, 300, 1, 1, 1);

  fill_rect (page, 300, 60, 12, 12, 1, 0, 0);   /* centre (306, 66) */
  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      DiCapture capture = { .margin_mm = 8, .angle_deg = angles[i], .offset_x_mm = 2.3,
                            .offset_y_mm = -1.7 };
      g_autoptr (cairo_surface_t) out = di_capture_apply (page, 300, &capture,
                                                          DI_LIGHT_WHITE, 1);
      double ex, ey, cx, cy;
      guint soft = 0;

      expected_mark_position (400, 300, 300, &capture, 306, 66, &ex, &ey);
      red_centroid (out, ex - 25, ey - 25, ex + 25, ey + 25, 0, &cx, &cy);
      g_assert_cmpfloat (fabs (cx - ex), <, 0.25);
      g_assert_cmpfloat (fabs (cy - ey), <, 0.25);

      /* Bilinear filtering: the edges of a turned mark are shades between red and white */
      for (int y = ey - 12; y < ey + 12; y++)
        for (int x = ex - 12; x < ex + 12; x++)
          soft += channel (pixel (out, x, y), 1) > 30 && channel (pixel (out, x, y), 1) < 225;
      if (angles[i] != 0)
        g_assert_cmpuint (soft, >, 20);
    }
}

static void
test_capture_lights_share_geometry (void)
{
  /* Under each light the page looks different; the mark is in the same place. */
  const double colours[DI_N_LIGHTS][3] = { { 0.95, 0.93, 0.88 }, { 0.1, 0.1, 0.3 },
                                           { 0.6, 0.6, 0.6 } };
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  double cx[DI_N_LIGHTS], cy[DI_N_LIGHTS];
  DiCapture capture;

  di_capture_random (&capture, DI_CAPTURE_HEAVY, rand);
  capture.angle_deg = 6.5;   /* make sure the page is turned */
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autoptr (cairo_surface_t) page = flat_surface (500, 350, colours[light][0],
                                                       colours[light][1], colours[light][2]);
      g_autoptr (cairo_surface_t) out = NULL;
      double ex, ey;

      fill_rect (page, 120, 200, 14, 10, 1, 0, 0);
      out = di_capture_apply (page, 300, &capture, light, 100 + light);
      if (light > 0)
        {
          g_assert_cmpint (cairo_image_surface_get_width (out), ==, 500 + 2 * 94);
          g_assert_cmpint (cairo_image_surface_get_height (out), ==, 350 + 2 * 94);
        }
      expected_mark_position (500, 350, 300, &capture, 127, 205, &ex, &ey);
      red_centroid (out, ex - 30, ey - 30, ex + 30, ey + 30, 80, &cx[light], &cy[light]);
      g_assert_cmpfloat (fabs (cx[light] - ex), <, 1.0);
      g_assert_cmpfloat (fabs (cy[light] - ey), <, 1.0);
    }
  for (DiLight light = 1; light < DI_N_LIGHTS; light++)
    {
      g_assert_cmpfloat (fabs (cx[light] - cx[DI_LIGHT_WHITE]), <, 0.5);
      g_assert_cmpfloat (fabs (cy[light] - cy[DI_LIGHT_WHITE]), <, 0.5);
    }
}

static int
max_gradient (cairo_surface_t *s)
{
  int best = 0;

  for (int y = 0; y < cairo_image_surface_get_height (s); y++)
    for (int x = 1; x < cairo_image_surface_get_width (s); x++)
      for (int c = 0; c < 3; c++)
        best = MAX (best, abs (channel (pixel (s, x, y), c) - channel (pixel (s, x - 1, y), c)));
  return best;
}

static void
test_capture_blur (void)
{
  g_autoptr (cairo_surface_t) page = flat_surface (120, 80, 1, 1, 1);
  DiCapture sharp = { 0 }, soft = { .blur_sigma_px = 1.5 }, tiny = { .blur_sigma_px = 0.04 };
  g_autoptr (cairo_surface_t) a = NULL, b = NULL, c = NULL;

  fill_rect (page, 60, 0, 60, 80, 0, 0, 0);
  a = di_capture_apply (page, 300, &sharp, DI_LIGHT_WHITE, 1);
  b = di_capture_apply (page, 300, &soft, DI_LIGHT_WHITE, 1);
  c = di_capture_apply (page, 300, &tiny, DI_LIGHT_WHITE, 1);
  g_assert_cmpint (max_gradient (a), ==, 255);
  /* A step blurred with σ 1.5 rises by about a quarter of its height per pixel */
  g_assert_cmpint (max_gradient (b), <, 80);
  g_assert_cmpint (max_gradient (b), >, 50);
  /* Flat areas stay as they were; the edge is spread symmetrically */
  g_assert_cmphex (pixel (b, 10, 40), ==, 0xffffff);
  g_assert_cmphex (pixel (b, 110, 40), ==, 0x000000);
  g_assert_cmpint (channel (pixel (b, 59, 40), 0) + channel (pixel (b, 60, 40), 0), >=, 254);
  g_assert_cmpint (channel (pixel (b, 59, 40), 0) + channel (pixel (b, 60, 40), 0), <=, 256);
  g_assert_cmpint (channel (pixel (b, 55, 40), 0), >, 250);
  g_assert_cmpint (channel (pixel (b, 58, 40), 0), <, 250);
  assert_same_pixels (a, c);   /* below σ 0.05, no blur */
}

static void
test_capture_lighting (void)
{
  g_autoptr (cairo_surface_t) page = flat_surface (200, 100, 1, 1, 1);
  DiCapture capture = { .lighting = 0.3, .lighting_angle = G_PI / 4 };
  g_autoptr (cairo_surface_t) out = NULL, back = NULL;
  int tl, br, mid;

  out = di_capture_apply (page, 300, &capture, DI_LIGHT_WHITE, 1);
  tl = channel (pixel (out, 0, 0), 1);
  br = channel (pixel (out, 199, 99), 1);
  mid = channel (pixel (out, 100, 50), 1);
  g_assert_cmpint (tl, >=, 253);
  g_assert_cmpint (abs (br - (int) round (255 * 0.7)), <=, 2);
  g_assert_cmpint (abs (mid - (int) round (255 * 0.85)), <=, 2);
  /* Brightness falls monotonically along the direction */
  for (int x = 1; x < 200; x++)
    g_assert_cmpint (channel (pixel (out, x, 50), 0), <=, channel (pixel (out, x - 1, 50), 0));

  capture.lighting_angle = G_PI / 4 + G_PI;   /* the other way */
  back = di_capture_apply (page, 300, &capture, DI_LIGHT_WHITE, 1);
  g_assert_cmpint (channel (pixel (back, 199, 99), 2), >=, 253);
  g_assert_cmpint (abs (channel (pixel (back, 0, 0), 2) - (int) round (255 * 0.7)), <=, 2);
}

static void
test_capture_tiny_pages (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (21);
  const int sizes[][2] = { { 1, 1 }, { 1, 9 }, { 7, 1 }, { 3, 2 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (DiCaptureLevel level = DI_CAPTURE_NONE; level <= DI_CAPTURE_HEAVY; level++)
      {
        g_autoptr (cairo_surface_t) page = random_surface (sizes[i][0], sizes[i][1], i);
        g_autoptr (cairo_surface_t) out = NULL;
        DiCapture capture;

        di_capture_random (&capture, level, rand);
        capture.margin_mm = level == DI_CAPTURE_NONE ? 0 : 0.1;   /* ~1 px at 300 dpi */
        capture.blur_sigma_px = level * 1.0;
        out = di_capture_apply (page, 300, &capture, DI_LIGHT_UV, 1);
        g_assert_cmpint (cairo_surface_status (out), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint (cairo_image_surface_get_width (out), ==,
                         sizes[i][0] + (level == DI_CAPTURE_NONE ? 0 : 2));
        g_assert_cmpint (cairo_image_surface_get_height (out), ==,
                         sizes[i][1] + (level == DI_CAPTURE_NONE ? 0 : 2));
      }
}

/* A page region cut through a homography: a quarter turn and a scale are undone exactly,
 * what lies outside the image is grey, impossible rectangles give nothing. */
static void
test_warp_page_region (void)
{
  g_autoptr (DiRgb) image = di_rgb_new (40, 30);
  /* page millimetre (u, v) at 2 px/mm, the page turned a quarter: x = 2v, y = 29 - 2u */
  const double turned[9] = { 0, 2, 0, -2, 0, 29, 0, 0, 1 };
  const double identity[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
  g_autoptr (cairo_surface_t) out = NULL, outside = NULL;

  for (int y = 0; y < 30; y++)
    for (int x = 0; x < 40; x++)
      image->pixels[y * 40 + x] = (guint32) (x * 5) << 16 | (guint32) (y * 8) << 8 | 0x40;

  /* at 0.5 px/mm, one output pixel per 2 mm: its centre at u = 2i + 1, v = 2j + 1 */
  out = di_image_warp_page_region (image, turned, 0, 0, 8, 12, 0.5);
  g_assert_nonnull (out);
  g_assert_cmpint (cairo_image_surface_get_width (out), ==, 4);
  g_assert_cmpint (cairo_image_surface_get_height (out), ==, 6);
  for (int j = 0; j < 6; j++)
    for (int i = 0; i < 4; i++)
      {
        const guint32 *row = (const guint32 *) (cairo_image_surface_get_data (out) +
                                                j * cairo_image_surface_get_stride (out));
        int x = 2 * (2 * j + 1), y = 29 - 2 * (2 * i + 1);

        g_assert_cmphex (row[i] & RGB_MASK, ==, image->pixels[y * 40 + x]);
      }

  outside = di_image_warp_page_region (image, identity, 100, 100, 4, 4, 1);
  g_assert_nonnull (outside);
  g_assert_cmphex (*(const guint32 *) cairo_image_surface_get_data (outside) & RGB_MASK, ==,
                   0x808080);

  g_assert_null (di_image_warp_page_region (image, identity, 0, 0, 0, 10, 1));
  g_assert_null (di_image_warp_page_region (image, identity, 0, 0, 10, 10, 1000));
  g_assert_null (di_image_warp_page_region (image, identity, NAN, 0, 10, 10, 1));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image/png/round-trip", test_png_round_trip);
  g_test_add_func ("/image/png/alpha-over-white", test_png_alpha);
  g_test_add_func ("/image/jpeg/round-trip", test_jpeg_round_trip);
  g_test_add_func ("/image/jpeg/deterministic", test_jpeg_deterministic);
  g_test_add_func ("/image/jpeg/quality-range", test_jpeg_quality_range);
  g_test_add_func ("/image/jpeg/grey", test_jpeg_grey);
  g_test_add_func ("/image/jpeg/cmyk", test_jpeg_cmyk);
  g_test_add_func ("/image/load/type-by-content", test_type_by_content);
  for (guint i = 0; i < G_N_ELEMENTS (orientation_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/image/exif/orientation/%d",
                                               orientation_cases[i].orientation);

      g_test_add_data_func (path, &orientation_cases[i], test_exif_orientation);
    }
  g_test_add_func ("/image/exif/damaged", test_exif_damaged);
  g_test_add_func ("/image/load/refusals", test_refusals);
  g_test_add_func ("/image/load/too-large", test_refuse_too_large);
  g_test_add_func ("/image/save/failures", test_save_failures);
  g_test_add_func ("/image/capture/level-names", test_capture_level_names);
  g_test_add_func ("/image/capture/random", test_capture_random);
  g_test_add_func ("/image/capture/none-is-copy", test_capture_none_is_copy);
  g_test_add_func ("/image/capture/background", test_capture_background);
  g_test_add_func ("/image/capture/deterministic", test_capture_deterministic);
  g_test_add_func ("/image/capture/noise", test_capture_noise);
  g_test_add_func ("/image/capture/rotation", test_capture_rotation);
  g_test_add_func ("/image/capture/lights-share-geometry", test_capture_lights_share_geometry);
  g_test_add_func ("/image/capture/blur", test_capture_blur);
  g_test_add_func ("/image/capture/lighting", test_capture_lighting);
  g_test_add_func ("/image/capture/tiny-pages", test_capture_tiny_pages);
  g_test_add_func ("/image/warp-page-region", test_warp_page_region);

  return g_test_run ();
}
