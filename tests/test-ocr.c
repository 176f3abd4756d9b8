/* test-ocr.c — the MRZ reader: image loading (limits, EXIF), the model file, and reading
 * fixed pages (rotated, degraded) whose MRZs are known. */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "di-image.h"
#include "di-ocr-private.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* --- EXIF -------------------------------------------------------------------------------- */

/* A TIFF structure with one IFD entry: the orientation. */
static gsize
tiff_with_orientation (guint8   out[26],
                       gboolean big,
                       int      orientation)
{
  static const guint8 little[26] = { 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0,
                                     0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 bigs[26] = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0,
                                   0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };

  memcpy (out, big ? bigs : little, 26);
  if (big)
    out[19] = orientation;
  else
    out[18] = orientation;
  return 26;
}

static void
test_exif_parse (void)
{
  guint8 tiff[26];

  for (int o = 1; o <= 8; o++)
    {
      g_assert_cmpint (di_exif_orientation (tiff, tiff_with_orientation (tiff, FALSE, o)), ==, o);
      g_assert_cmpint (di_exif_orientation (tiff, tiff_with_orientation (tiff, TRUE, o)), ==, o);
    }
  /* out of range, damaged, absent */
  tiff_with_orientation (tiff, FALSE, 9);
  g_assert_cmpint (di_exif_orientation (tiff, 26), ==, 0);
  tiff_with_orientation (tiff, FALSE, 6);
  tiff[4] = 200;
  g_assert_cmpint (di_exif_orientation (tiff, 26), ==, 0);
  g_assert_cmpint (di_exif_orientation (tiff, 7), ==, 0);
  g_assert_cmpint (di_exif_orientation ((const guint8 *) "not a tiff at all", 17), ==, 0);
}

/* A 40 × 20 white picture with a black mark in its top-left corner, saved as JPEG with an
 * EXIF block saying `orientation`. */
static char *
jpeg_with_orientation (int orientation)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 40, 20);
  cairo_t *cr = cairo_create (s);
  g_autofree char *plain = tmp_path ("plain.jpg");
  g_autofree char *name = g_strdup_printf ("exif-%d.jpg", orientation);
  char *path = tmp_path (name);
  g_autofree char *data = NULL;
  gsize length;
  guint8 app1[2 + 2 + 6 + 26];
  g_autoptr (GByteArray) out = g_byte_array_new ();

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 0, 0, 8, 6);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_true (di_image_save_jpeg (s, plain, 95, NULL));
  cairo_surface_destroy (s);
  g_assert_true (g_file_get_contents (plain, &data, &length, NULL));

  app1[0] = 0xff;
  app1[1] = 0xe1;
  app1[2] = 0;
  app1[3] = sizeof app1 - 2;
  memcpy (app1 + 4, "Exif\0\0", 6);
  tiff_with_orientation (app1 + 10, orientation % 2 == 0, orientation);
  g_byte_array_append (out, (const guint8 *) data, 2);   /* SOI */
  g_byte_array_append (out, app1, sizeof app1);
  g_byte_array_append (out, (const guint8 *) data + 2, length - 2);
  g_assert_true (g_file_set_contents (path, (const char *) out->data, out->len, NULL));
  return path;
}

static void
test_exif_load (void)
{
  /* where the stored top-left mark is shown, per orientation (x right?, y bottom?) */
  static const struct { int w, h; gboolean right, bottom; } expect[9] = {
    { 0 }, { 40, 20, FALSE, FALSE }, { 40, 20, TRUE, FALSE }, { 40, 20, TRUE, TRUE },
    { 40, 20, FALSE, TRUE }, { 20, 40, FALSE, FALSE }, { 20, 40, TRUE, FALSE },
    { 20, 40, TRUE, TRUE }, { 20, 40, FALSE, TRUE },
  };

  for (int o = 1; o <= 8; o++)
    {
      g_autofree char *path = jpeg_with_orientation (o);
      g_autoptr (GError) error = NULL;
      g_autoptr (DiGray) g = di_ocr_load_gray (path, &error);
      g_autoptr (DiRgb) c = NULL;
      int x, y;

      g_assert_no_error (error);
      g_assert_cmpint (g->width, ==, expect[o].w);
      g_assert_cmpint (g->height, ==, expect[o].h);
      x = expect[o].right ? g->width - 2 : 1;
      y = expect[o].bottom ? g->height - 2 : 1;
      g_assert_cmpint (g->pixels[y * g->width + x], <, 80);
      /* and the opposite corner is white */
      g_assert_cmpint (g->pixels[(g->height - 1 - y) * g->width + (g->width - 1 - x)], >, 180);

      /* the colour loader turns it the same way */
      c = di_ocr_load_rgb (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (c->width, ==, expect[o].w);
      g_assert_cmpint (c->height, ==, expect[o].h);
      g_assert_cmphex (c->pixels[y * c->width + x] & 0xff00, <, 0x5000);
      g_assert_cmphex (c->pixels[(c->height - 1 - y) * c->width + (c->width - 1 - x)] & 0xff00,
                       >, 0xb400);
    }
}

/* --- refusals ---------------------------------------------------------------------------- */

static void
assert_refused (const char *name,
                const void *bytes,
                gsize       length,
                int         code)
{
  g_autofree char *path = tmp_path (name);
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) rgb_error = NULL;
  g_autoptr (DiGray) g = NULL;
  g_autoptr (DiRgb) c = NULL;

  if (bytes != NULL)
    g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  g = di_ocr_load_gray (path, &error);
  g_test_message ("refused: %s", error != NULL ? error->message : "(nothing)");
  g_assert_null (g);
  g_assert_error (error, DI_OCR_ERROR, code);
  /* one line, naming the file */
  g_assert_null (strchr (error->message, '\n'));
  g_assert_true (g_str_has_prefix (error->message, name));
  /* the colour loader refuses it alike */
  c = di_ocr_load_rgb (path, &rgb_error);
  g_assert_null (c);
  g_assert_error (rgb_error, DI_OCR_ERROR, code);
  g_assert_cmpstr (rgb_error->message, ==, error->message);
}

/* A 64 × 48 colour picture saved as PNG or JPEG (quality 90), its bytes in @out. */
static void
picture_bytes (gboolean  jpeg,
               char    **out,
               gsize    *length)
{
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 64, 48);
  cairo_t *cr = cairo_create (s);
  g_autofree char *path = tmp_path (jpeg ? "picture.jpg" : "picture.png");

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0xe0 / 255.0, 0x20 / 255.0, 0x10 / 255.0);
  cairo_rectangle (cr, 0, 0, 32, 48);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0x10 / 255.0, 0x30 / 255.0, 0xd0 / 255.0);
  cairo_arc (cr, 48, 24, 10, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_true (jpeg ? di_image_save_jpeg (s, path, 90, NULL) : di_image_save_png (s, path, NULL));
  cairo_surface_destroy (s);
  g_assert_true (g_file_get_contents (path, out, length, NULL));
  g_unlink (path);
}

/* Damaged files are refused by both loaders, and no library says a word on stderr (the
 * subprocess's stderr must stay empty). */
static void
test_load_damaged (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *png = NULL, *jpeg = NULL;
      gsize png_length, jpeg_length;
      g_autofree char *bad = NULL;

      picture_bytes (FALSE, &png, &png_length);
      picture_bytes (TRUE, &jpeg, &jpeg_length);

      /* cut short: within the image data, and only the end marker missing */
      assert_refused ("cut.png", png, png_length / 2, DI_OCR_ERROR_UNREADABLE);
      assert_refused ("no-iend.png", png, png_length - 12, DI_OCR_ERROR_UNREADABLE);
      assert_refused ("cut.jpg", jpeg, jpeg_length / 2, DI_OCR_ERROR_UNREADABLE);
      assert_refused ("no-eoi.jpg", jpeg, jpeg_length - 2, DI_OCR_ERROR_UNREADABLE);
      /* header only */
      assert_refused ("header.jpg", jpeg, 20, DI_OCR_ERROR_UNREADABLE);

      /* the middle overwritten: a PNG's checksum, a JPEG's entropy-coded data */
      bad = g_memdup2 (png, png_length);
      memset (bad + png_length / 2, 0x5a, 16);
      assert_refused ("scribbled.png", bad, png_length, DI_OCR_ERROR_UNREADABLE);
      g_free (bad);
      bad = g_memdup2 (jpeg, jpeg_length);
      for (gsize i = jpeg_length / 2; i < jpeg_length / 2 + 64; i++)
        bad[i] = (char) (i * 37 + 11);
      assert_refused ("scribbled.jpg", bad, jpeg_length, DI_OCR_ERROR_UNREADABLE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

/* Colours come through in cairo's layout, PNG exactly, JPEG nearly; grey PNGs and PNGs with
 * alpha come out as RGB. */
static void
test_load_rgb (void)
{
  g_autofree char *png = NULL, *jpeg = NULL;
  gsize png_length, jpeg_length;
  g_autofree char *png_path = tmp_path ("colour.png");
  g_autofree char *jpeg_path = tmp_path ("colour.jpg");
  g_autofree char *grey_path = tmp_path ("grey.png");
  g_autofree char *alpha_path = tmp_path ("alpha.png");
  g_autoptr (GError) error = NULL;
  g_autoptr (DiRgb) c = NULL;
  g_autoptr (DiGray) g = NULL;
  cairo_surface_t *s;
  cairo_t *cr;

  picture_bytes (FALSE, &png, &png_length);
  picture_bytes (TRUE, &jpeg, &jpeg_length);
  g_assert_true (g_file_set_contents (png_path, png, png_length, NULL));
  g_assert_true (g_file_set_contents (jpeg_path, jpeg, jpeg_length, NULL));

  c = di_ocr_load_rgb (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->width, ==, 64);
  g_assert_cmpint (c->height, ==, 48);
  g_assert_cmphex (c->pixels[10 * 64 + 10], ==, 0xe02010);
  g_assert_cmphex (c->pixels[24 * 64 + 48], ==, 0x1030d0);
  g_assert_cmphex (c->pixels[2 * 64 + 62], ==, 0xffffff);
  g_clear_pointer (&c, di_rgb_free);

  c = di_ocr_load_rgb (jpeg_path, &error);
  g_assert_no_error (error);
  for (int shift = 0; shift <= 16; shift += 8)
    {
      const guint32 red = 0xe02010, blue = 0x1030d0;

      g_assert_cmpint (ABS ((int) ((c->pixels[10 * 64 + 10] >> shift) & 0xff) -
                            (int) ((red >> shift) & 0xff)), <=, 8);
      g_assert_cmpint (ABS ((int) ((c->pixels[24 * 64 + 48] >> shift) & 0xff) -
                            (int) ((blue >> shift) & 0xff)), <=, 8);
    }
  /* the grey loader reads the same file */
  g = di_ocr_load_gray (jpeg_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g->width, ==, 64);
  g_assert_cmpint (g->pixels[10 * 64 + 10], <, 128);
  g_clear_pointer (&g, di_gray_free);
  g_clear_pointer (&c, di_rgb_free);

  /* 8-bit grey: three equal channels */
  s = cairo_image_surface_create (CAIRO_FORMAT_A8, 8, 4);
  cr = cairo_create (s);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, grey_path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  c = di_ocr_load_rgb (grey_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->width, ==, 8);
  g_assert_cmphex (c->pixels[0] & 0xff, ==, (c->pixels[0] >> 8) & 0xff);
  g_assert_cmphex (c->pixels[0] & 0xff, ==, (c->pixels[0] >> 16) & 0xff);
  g_assert_cmphex (c->pixels[0] >> 24, ==, 0);
  g_clear_pointer (&c, di_rgb_free);

  /* composited over white: an opaque green pixel stays green, a transparent one is white,
   * nothing lands in the top byte */
  s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 4);
  cr = cairo_create (s);
  cairo_set_source_rgba (cr, 0, 1, 0, 1);
  cairo_rectangle (cr, 0, 0, 4, 4);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (s, alpha_path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (s);
  c = di_ocr_load_rgb (alpha_path, &error);
  g_assert_no_error (error);
  g_assert_cmphex (c->pixels[0], ==, 0x00ff00);
  g_assert_cmphex (c->pixels[7], ==, 0xffffff);
}

static void
test_load_refusals (void)
{
  /* a PNG header claiming 20000 × 20000 pixels, then nothing decodable: refused before
   * decoding (the rest of the 64 bytes is zeros) */
  static const guint8 huge_png[64] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20, 8, 0, 0, 0, 0, 0x7a, 0x3c, 0x5e, 0x66,
  };
  g_autofree char *big = tmp_path ("big.png");
  FILE *f;

  assert_refused ("missing.png", NULL, 0, DI_OCR_ERROR_UNREADABLE);
  assert_refused ("empty.png", "", 0, DI_OCR_ERROR_UNREADABLE);
  assert_refused ("noise.jpg", "\x12\x34 this is no image at all", 26, DI_OCR_ERROR_UNREADABLE);
  assert_refused ("truncated.png", huge_png, 16, DI_OCR_ERROR_UNREADABLE);
  assert_refused ("huge.png", huge_png, sizeof huge_png, DI_OCR_ERROR_TOO_LARGE);
  /* a file over the size limit (sparse, costs no disk) */
  f = fopen (big, "wb");
  g_assert_nonnull (f);
  g_assert_cmpint (fseek (f, DI_OCR_MAX_FILE_BYTES + 1, SEEK_SET), ==, 0);
  fputc (0, f);
  fclose (f);
  assert_refused ("big.png", NULL, 0, DI_OCR_ERROR_TOO_LARGE);
}

static void
test_model_refusals (void)
{
  g_autofree char *good = g_build_filename (DI_SOURCE_DIR, "ocr", "mrz-ocrb.model", NULL);
  g_autofree char *bad = tmp_path ("bad.model");
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;
  DiCellModel *model;

  g_assert_true (g_file_get_contents (good, &data, &length, NULL));
  /* truncated */
  g_assert_true (g_file_set_contents (bad, data, length - 100, NULL));
  model = di_cell_model_load (bad, &error);
  g_assert_null (model);
  g_assert_error (error, DI_OCR_ERROR, DI_OCR_ERROR_MODEL);
  g_clear_error (&error);
  /* another format */
  data[0] = 'X';
  g_assert_true (g_file_set_contents (bad, data, length, NULL));
  model = di_cell_model_load (bad, &error);
  g_assert_null (model);
  g_assert_error (error, DI_OCR_ERROR, DI_OCR_ERROR_MODEL);
  g_clear_error (&error);
  g_assert_null (di_ocr_new (bad, &error));
  g_assert_error (error, DI_OCR_ERROR, DI_OCR_ERROR_MODEL);
}

/* --- fixed pages ------------------------------------------------------------------------- */

static DiOcr *ocr;
static GDate reference;

typedef struct {
  char  *file;
  char **lines;   /* NULL: no MRZ on the page */
} Page;

static void
test_page (gconstpointer data)
{
  const Page *page = data;
  g_autofree char *path = g_build_filename (g_getenv ("DI_TESTDATA"), "ocr", page->file, NULL);
  g_autoptr (GError) error = NULL;
  DiOcrResult result;

  g_assert_true (di_ocr_read_file (ocr, path, &reference, &result, &error));
  g_assert_no_error (error);
  if (page->lines == NULL)
    {
      /* a page without an MRZ is no valid MRZ */
      g_assert_true (result.mrz == NULL || !di_mrz_is_valid (result.mrz));
    }
  else
    {
      g_assert_nonnull (result.mrz);
      for (guint l = 0; page->lines[l] != NULL; l++)
        g_assert_cmpstr (di_mrz_get_line (result.mrz, l), ==, page->lines[l]);
      g_assert_true (di_mrz_is_valid (result.mrz));
    }
  di_ocr_result_clear (&result);
}

static void
page_free (gpointer data)
{
  Page *page = data;

  g_free (page->file);
  g_strfreev (page->lines);
  g_free (page);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *truth = g_build_filename (g_getenv ("DI_TESTDATA"), "ocr", "truth.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func (page_free);
  g_autoptr (GError) error = NULL;
  JsonArray *images;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("di-ocr-XXXXXX", NULL);
  g_date_clear (&reference, 1);
  g_date_set_dmy (&reference, 1, 1, 2026);
  ocr = di_ocr_new (NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/ocr/exif/parse", test_exif_parse);
  g_test_add_func ("/ocr/exif/load", test_exif_load);
  g_test_add_func ("/ocr/load/refusals", test_load_refusals);
  g_test_add_func ("/ocr/load/damaged", test_load_damaged);
  g_test_add_func ("/ocr/load/rgb", test_load_rgb);
  g_test_add_func ("/ocr/model/refusals", test_model_refusals);

  g_assert_true (json_parser_load_from_file (parser, truth, &error));
  images = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "images");
  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *o = json_array_get_object_element (images, i);
      Page *page = g_new0 (Page, 1);
      g_autofree char *test = NULL;

      page->file = g_strdup (json_object_get_string_member (o, "file"));
      if (!json_object_get_null_member (o, "lines"))
        {
          JsonArray *lines = json_object_get_array_member (o, "lines");

          page->lines = g_new0 (char *, json_array_get_length (lines) + 1);
          for (guint l = 0; l < json_array_get_length (lines); l++)
            page->lines[l] = g_strdup (json_array_get_string_element (lines, l));
        }
      g_ptr_array_add (pages, page);
      test = g_strdup_printf ("/ocr/page/%s", page->file);
      g_test_add_data_func (test, page, test_page);
    }

  status = g_test_run ();
  di_ocr_free (ocr);
  {
    g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = tmp_path (name);

        g_unlink (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return status;
}
