/* test-cli.c — the `docinspect` command line: JSON contract, exit status, error lines */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "di-app.h"
#include "di-image.h"
#include "di-test-util.h"

#define TD3_L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"

/* Runs docinspect with the arguments, optional standard input and optionally one
 * environment variable set. */
static void
run_docinspect_va (DiTestRun  *run,
                   const char *variable,
                   const char *value,
                   const char *input,
                   va_list     args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *arg;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DOCINSPECT"));
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
  di_test_run (run, (const char *const *) argv->pdata, variable, value, input);
}

/* Runs docinspect with the arguments (NULL-terminated) and optional standard input. */
static void
run_docinspect (DiTestRun  *run,
                const char *input,
                ...)
{
  va_list args;

  va_start (args, input);
  run_docinspect_va (run, NULL, NULL, input, args);
  va_end (args);
}

/* The same with one environment variable set. */
static void
run_docinspect_env (DiTestRun  *run,
                    const char *variable,
                    const char *value,
                    ...)
{
  va_list args;

  va_start (args, value);
  run_docinspect_va (run, variable, value, NULL, args);
  va_end (args);
}

static void
test_mrz_json_valid (void)
{
  g_auto (DiTestRun) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonObject *fields;
  JsonArray *checks, *lines;

  run_docinspect (&run, NULL, "mrz", "--json", "--date", "2026-11-23", "--text", TD3_L1, TD3_L2,
                  NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  o = di_test_parse_object (run.out);
  g_assert_true (json_object_get_boolean_member (o, "found"));
  g_assert_true (json_object_get_boolean_member (o, "valid"));
  g_assert_true (json_object_get_boolean_member (o, "specimen"));
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "TD3");
  lines = json_object_get_array_member (o, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (lines, 1), ==, TD3_L2);

  fields = json_object_get_object_member (o, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "document_number"), ==, "L898902C3");
  g_assert_cmpstr (json_object_get_string_member (fields, "surname"), ==, "ERIKSSON");
  g_assert_cmpstr (json_object_get_string_member (fields, "given_names"), ==, "ANNA MARIA");
  g_assert_cmpstr (json_object_get_string_member (fields, "birth_date"), ==, "1974-08-12");
  g_assert_cmpstr (json_object_get_string_member (fields, "birth_date_raw"), ==, "740812");
  g_assert_cmpstr (json_object_get_string_member (fields, "expiry_date"), ==, "2012-04-15");
  g_assert_cmpstr (json_object_get_string_member (fields, "expiry_date_raw"), ==, "120415");
  g_assert_cmpstr (json_object_get_string_member (fields, "issuing_state"), ==, "UTO");
  g_assert_cmpstr (json_object_get_string_member (fields, "nationality"), ==, "UTO");
  g_assert_true (json_object_get_null_member (fields, "optional_data_2"));

  checks = json_object_get_array_member (o, "checks");
  g_assert_cmpuint (json_array_get_length (checks), >=, 10);
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);
      JsonArray *ranges = json_object_get_array_member (check, "ranges");

      g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "pass");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (check, "id"), "mrz."));
      g_assert_cmpuint (json_array_get_length (ranges), >=, 1);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "repairs")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o,
                                                                          "unprotected_fields")),
                    ==, 6);
  g_assert_cmpfloat (json_object_get_double_member (o, "confidence"), ==, 1.0);
}

static void
test_mrz_json_invalid (void)
{
  g_auto (DiTestRun) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonArray *checks;
  gboolean found = FALSE;

  run_docinspect (&run, NULL, "mrz", "--json", "--text", TD3_L1,
                  "L898902C36UTO7408123F1204159ZE184226B<<<<<10", NULL);
  g_assert_cmpint (run.status, ==, 1);
  /* nothing personal, and nothing at all, on stderr for a result */
  g_assert_cmpstr (run.err, ==, "");
  o = di_test_parse_object (run.out);
  g_assert_false (json_object_get_boolean_member (o, "valid"));
  checks = json_object_get_array_member (o, "checks");
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      if (g_str_equal (json_object_get_string_member (check, "id"), "mrz.check_digit.birth_date"))
        {
          JsonObject *range = json_array_get_object_element (
            json_object_get_array_member (check, "ranges"), 0);

          found = TRUE;
          g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "fail");
          /* ICAO positions: line 2, 14–20 */
          g_assert_cmpint (json_object_get_int_member (range, "line"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (range, "start"), ==, 14);
          g_assert_cmpint (json_object_get_int_member (range, "end"), ==, 20);
        }
    }
  g_assert_true (found);
}

static void
test_mrz_not_an_mrz (void)
{
  g_auto (DiTestRun) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonObject *check;

  run_docinspect (&run, NULL, "mrz", "--json", "--text", "hello world", NULL);
  g_assert_cmpint (run.status, ==, 1);
  o = di_test_parse_object (run.out);
  g_assert_false (json_object_get_boolean_member (o, "found"));
  g_assert_false (json_object_get_boolean_member (o, "valid"));
  g_assert_true (json_object_get_null_member (o, "format"));
  check = json_array_get_object_element (json_object_get_array_member (o, "checks"), 0);
  g_assert_cmpstr (json_object_get_string_member (check, "id"), ==, "mrz.format");
  g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "fail");
}

static void
test_mrz_stdin (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("DI_TESTDATA"), "mrz", "specimens.txt",
                                            NULL);
  g_autofree char *specimens = NULL;
  g_auto (DiTestRun) run = { 0 };
  g_auto (DiTestRun) bad = { 0 };
  g_auto (GStrv) objects = NULL;
  static const char *const formats[] = { "TD3", "TD1", "TD2", "MRVA", "MRVB" };

  g_assert_true (g_file_get_contents (path, &specimens, NULL, NULL));
  run_docinspect (&run, specimens, "mrz", "--json", "--text", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  objects = g_strsplit (run.out, "\n", -1);
  /* JSON Lines: one object per MRZ, then the final newline */
  g_assert_cmpuint (g_strv_length (objects), ==, 6);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (JsonObject) o = di_test_parse_object (objects[i]);

      g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, formats[i]);
      g_assert_true (json_object_get_boolean_member (o, "valid"));
    }

  run_docinspect (&bad, TD3_L1 "\n" "L898902C36UTO7408122F1204159ZE184226B<<<<<11\n", "mrz",
                  "--text", "-", NULL);
  g_assert_cmpint (bad.status, ==, 1);
}

static void
test_mrz_text_report (void)
{
  g_auto (DiTestRun) run = { 0 };

  run_docinspect (&run, NULL, "mrz", "--date", "2026-11-23", "--text", TD3_L1, TD3_L2, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "TD3 (passport, 2 lines of 44): VALID (specimen)"));
  g_assert_true (g_regex_match_simple ("^Document number +L898902C3 +check digit ok$",
                                       run.out, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^Surname +ERIKSSON +ok, no check digit protects it$",
                                       run.out, G_REGEX_MULTILINE, 0));
  g_assert_nonnull (strstr (run.out, "The document expired on 2012-04-15."));
}

static void
test_mrz_non_ascii (void)
{
  /* any character is judged, whatever the locale: É is no MRZ character, exit 1 */
  g_auto (DiTestRun) run = { 0 };

  run_docinspect (&run, NULL, "mrz", "--text", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\xc3\x89",
                  TD3_L2, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "mrz.syntax.name"));
}

/* --- images ------------------------------------------------------------------------------- */

static char *
ocr_page (const char *name)
{
  return g_build_filename (g_getenv ("DI_TESTDATA"), "ocr", name, NULL);
}

static void
test_mrz_image (void)
{
  g_autofree char *page = ocr_page ("td3-rot270.jpg");
  g_auto (DiTestRun) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonArray *quad;

  run_docinspect (&run, NULL, "mrz", "--json", "--date", "2026-01-01", page, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  o = di_test_parse_object (run.out);
  g_assert_true (json_object_get_boolean_member (o, "found"));
  g_assert_true (json_object_get_boolean_member (o, "valid"));
  g_assert_cmpstr (json_object_get_string_member (o, "image"), ==, page);
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "TD3");
  /* turned a quarter: the text runs up or down the image */
  g_assert_cmpfloat (fabs (fmod (json_object_get_double_member (o, "rotation"), 180) - 90), <,
                     12);
  quad = json_object_get_array_member (o, "quadrilateral");
  g_assert_cmpuint (json_array_get_length (quad), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (quad, 0)), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (o, "timing_ms"), >, 0);
}

static void
test_mrz_image_none (void)
{
  g_autofree char *page = ocr_page ("none.jpg");
  g_auto (DiTestRun) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonObject *check;

  run_docinspect (&run, NULL, "mrz", "--json", page, NULL);
  g_assert_cmpint (run.status, ==, 1);
  o = di_test_parse_object (run.out);
  g_assert_false (json_object_get_boolean_member (o, "found"));
  g_assert_false (json_object_get_boolean_member (o, "valid"));
  check = json_array_get_object_element (json_object_get_array_member (o, "checks"), 0);
  g_assert_cmpstr (json_object_get_string_member (check, "id"), ==, "mrz.found");
  g_assert_true (json_object_get_null_member (o, "quadrilateral"));
}

static void
test_mrz_image_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("di-cli-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.png", NULL);
  g_autofree char *scans = g_build_filename (dir, "scans", NULL);
  g_autofree char *ir = g_build_filename (scans, "page_ir.jpg", NULL);
  g_autofree char *page = ocr_page ("td3-rot270.jpg");
  g_autofree char *contents = NULL;
  gsize length;
  g_auto (DiTestRun) unreadable = { 0 };
  g_auto (DiTestRun) missing = { 0 };
  g_auto (DiTestRun) scan_set = { 0 };
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_set_contents (junk, "not an image", -1, NULL));
  run_docinspect (&unreadable, NULL, "mrz", "--json", junk, NULL);
  di_test_assert_one_error_line (&unreadable);
  run_docinspect (&missing, NULL, "mrz", "/nonexistent/page.png", NULL);
  di_test_assert_one_error_line (&missing);

  /* a scan set folder: its IR image is read */
  g_assert_true (g_file_get_contents (page, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir (scans, 0700), ==, 0);
  g_assert_true (g_file_set_contents (ir, contents, length, NULL));
  run_docinspect (&scan_set, NULL, "mrz", "--json", "--date", "2026-01-01", scans, NULL);
  g_assert_cmpint (scan_set.status, ==, 0);
  lines = g_strsplit (scan_set.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);

  g_unlink (ir);
  g_rmdir (scans);
  g_unlink (junk);
  g_rmdir (dir);
}

/* --- inspect: images it refuses, crops it writes ------------------------------------------ */

static char *inspect_dir;   /* scratch folder of the inspect tests, removed at the end */

/* A generated scan set, made once: an identity card printed on ordinary paper (so that UV
 * features fail and crops are written), as PNG or, through a reader's capture, as JPEG. */
static const char *
generated_scan_set (gboolean jpeg)
{
  static char *sets[2];

  if (sets[jpeg] == NULL)
    {
      g_autofree char *out = g_build_filename (inspect_dir, jpeg ? "generated-jpeg"
                                                                 : "generated-png", NULL);
      g_auto (DiTestRun) run = { 0 };

      run_docinspect (&run, NULL, "exercise", "generate", "--out", out, "--count", "1",
                      "--seed", "5", "--kinds", "id", "--forgery-rate", "1", "--forgeries",
                      "counterfeit-paper", "--capture-effects", jpeg ? "light" : "none",
                      "--date", "2026-11-23", NULL);
      g_assert_cmpint (run.status, ==, 0);
      sets[jpeg] = g_build_filename (out, "0001", NULL);
    }
  return sets[jpeg];
}

static char *
read_file (const char *dir,
           const char *name,
           gsize      *length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

/* A new scan set folder `name`: the generated set's images, but for the light that `file`
 * names (white.png, uv.jpg…), which holds `length` bytes of `bytes` instead. */
static char *
scan_set_with (const char *name,
               gboolean    jpeg,
               const char *file,
               const void *bytes,
               gsize       length)
{
  static const char *const lights[] = { "white", "uv", "ir" };
  const char *source = generated_scan_set (jpeg);
  char *dir = g_build_filename (inspect_dir, name, NULL);
  g_autofree char *target = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (lights); i++)
    {
      g_autofree char *base = g_strconcat (lights[i], jpeg ? ".jpg" : ".png", NULL);
      g_autofree char *copy = g_build_filename (dir, base, NULL);
      g_autofree char *contents = NULL;
      gsize size;

      if (g_str_has_prefix (file, lights[i]))
        continue;
      contents = read_file (source, base, &size);
      g_assert_true (g_file_set_contents (copy, contents, size, NULL));
    }
  g_assert_true (g_file_set_contents (target, bytes, length, NULL));
  return dir;
}

/* exit 2, one line on stderr naming the file (and saying why), nothing on stdout */
static void
assert_inspect_refused (const char *dir,
                        const char *file,
                        const char *fragment)
{
  g_auto (DiTestRun) run = { 0 };

  run_docinspect (&run, NULL, "inspect", "--json", "--date", "2026-11-23", dir, NULL);
  g_test_message ("%s: %s", file, run.err);
  di_test_assert_one_error_line (&run);
  g_assert_nonnull (strstr (run.err, file));
  g_assert_nonnull (strstr (run.err, fragment));
}

static void
test_inspect_bad_images (void)
{
  /* a PNG header claiming 20000 × 20000 pixels, then nothing */
  static const guint8 huge_png[64] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20, 8, 2, 0, 0, 0, 0x41, 0x9d, 0x4a, 0x2b,
  };
  g_autofree char *png = NULL, *jpeg = NULL, *noise = NULL;
  gsize png_length, jpeg_length;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *dir = NULL;

  png = read_file (generated_scan_set (FALSE), "white.png", &png_length);
  jpeg = read_file (generated_scan_set (TRUE), "white.jpg", &jpeg_length);

  /* (a) bytes that are no image at all */
  noise = g_malloc (4096);
  for (guint i = 0; i < 4096; i++)
    noise[i] = (char) g_rand_int_range (rand, 0, 256);
  noise[0] = 0;
  dir = scan_set_with ("noise", FALSE, "white.png", noise, 4096);
  assert_inspect_refused (dir, "white.png", "not an image");
  g_clear_pointer (&dir, g_free);

  /* a JPEG whose image data was overwritten halfway with bytes that include markers (data
   * without them may decode to wrong pixels unnoticed): libjpeg would complain on stderr */
  for (gsize i = jpeg_length / 2; i < jpeg_length / 2 + 256; i++)
    jpeg[i] = (char) (i * 37 + 11);
  dir = scan_set_with ("scribbled", TRUE, "white.jpg", jpeg, jpeg_length);
  assert_inspect_refused (dir, "white.jpg", "damaged");
  g_clear_pointer (&dir, g_free);
  g_free (jpeg);
  jpeg = read_file (generated_scan_set (TRUE), "white.jpg", &jpeg_length);

  /* (b) a PNG cut short */
  dir = scan_set_with ("cut-png", FALSE, "white.png", png, png_length / 2);
  assert_inspect_refused (dir, "white.png", "cut short");
  g_clear_pointer (&dir, g_free);

  /* (c) a JPEG cut short: halfway, and just its end marker */
  dir = scan_set_with ("cut-jpeg", TRUE, "white.jpg", jpeg, jpeg_length / 2);
  assert_inspect_refused (dir, "white.jpg", "cut short");
  g_clear_pointer (&dir, g_free);
  dir = scan_set_with ("no-eoi", TRUE, "white.jpg", jpeg, jpeg_length - 2);
  assert_inspect_refused (dir, "white.jpg", "cut short");
  g_clear_pointer (&dir, g_free);

  /* (d) over the pixel limit, refused before decoding */
  dir = scan_set_with ("huge", FALSE, "white.png", huge_png, sizeof huge_png);
  assert_inspect_refused (dir, "white.png", "20000 × 20000 pixels");
  g_clear_pointer (&dir, g_free);

  /* and in another light than white */
  dir = scan_set_with ("cut-ir", FALSE, "ir.png", png, png_length / 3);
  assert_inspect_refused (dir, "ir.png", "cut short");
}

/* (e) UV and IR are taken by the reader that took the white image, in its geometry */
static void
test_inspect_size_mismatch (void)
{
  cairo_surface_t *small = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 200, 100);
  g_autofree char *path = g_build_filename (inspect_dir, "small.png", NULL);
  g_autofree char *contents = NULL, *white = NULL, *dir = NULL, *sizes = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *page;

  g_assert_true (di_image_save_png (small, path, &error));
  g_assert_no_error (error);
  cairo_surface_destroy (small);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  white = g_build_filename (generated_scan_set (FALSE), "white.png", NULL);
  page = di_image_load (white, &error);
  g_assert_no_error (error);
  sizes = g_strdup_printf ("200 × 100 pixels, but the white image white.png is %d × %d",
                           cairo_image_surface_get_width (page),
                           cairo_image_surface_get_height (page));
  cairo_surface_destroy (page);

  dir = scan_set_with ("small-uv", FALSE, "uv.png", contents, length);
  assert_inspect_refused (dir, "uv.png", sizes);
}

/* A whole inspection of PNG and JPEG scan sets, the crops of failed regions written as PNG. */
static void
test_inspect_crops (void)
{
  for (int jpeg = 0; jpeg <= 1; jpeg++)
    {
      g_autofree char *crops = g_build_filename (inspect_dir, jpeg ? "crops-jpeg" : "crops-png",
                                                 NULL);
      g_auto (DiTestRun) run = { 0 };
      g_autoptr (JsonObject) o = NULL;
      JsonArray *checks;
      guint n_crops = 0;

      run_docinspect (&run, NULL, "inspect", "--json", "--date", "2026-11-23", "--crops", crops,
                      generated_scan_set (jpeg), NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 1);
      o = di_test_parse_object (run.out);
      g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "reject");
      checks = json_object_get_array_member (o, "checks");
      for (guint i = 0; i < json_array_get_length (checks); i++)
        {
          JsonObject *check = json_array_get_object_element (checks, i);
          const char *crop = json_object_get_string_member_with_default (check, "crop", NULL);
          const char *ref = json_object_get_string_member_with_default (check,
                                                                        "reference_crop", NULL);
          g_autoptr (GError) error = NULL;
          cairo_surface_t *a, *b;

          if (crop == NULL)
            continue;
          n_crops++;
          g_assert_true (g_str_has_prefix (crop, crops));
          a = di_image_load (crop, &error);
          g_assert_no_error (error);
          b = di_image_load (ref, &error);
          g_assert_no_error (error);
          /* the same region of the reference frame */
          g_assert_cmpint (cairo_image_surface_get_width (a), ==,
                           cairo_image_surface_get_width (b));
          g_assert_cmpint (cairo_image_surface_get_height (a), ==,
                           cairo_image_surface_get_height (b));
          cairo_surface_destroy (a);
          cairo_surface_destroy (b);
        }
      g_assert_cmpuint (n_crops, >, 0);
    }
}

/* Tesseract starts in the background; when it cannot, the inspection still fails with its
 * reason, once. */
static void
test_inspect_no_tesseract (void)
{
  g_auto (DiTestRun) run = { 0 };

  run_docinspect_env (&run, "TESSDATA_PREFIX", "/nonexistent", "inspect", "--json",
                      generated_scan_set (TRUE), NULL);
  g_test_message ("%s", run.err);
  di_test_assert_one_error_line (&run);
  g_assert_nonnull (strstr (run.err, "Tesseract"));
}

static void
test_usage_errors (void)
{
  static const char *const cases[][6] = {
    { NULL },
    { "frobnicate", NULL },
    { "mrz", NULL },
    { "mrz", "--bogus", NULL },
    { "mrz", "--date", "2026-02-30", "--text", TD3_L1, NULL },
    { "mrz", "--text", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (DiTestRun) run = { 0 };

      run_docinspect (&run, NULL, cases[i][0], cases[i][1], cases[i][2], cases[i][3],
                      cases[i][4], NULL);
      di_test_assert_one_error_line (&run);
    }
}

static void
test_version (void)
{
  g_auto (DiTestRun) run = { 0 };

  run_docinspect (&run, NULL, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "docinspect "));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  inspect_dir = g_dir_make_tmp ("di-cli-inspect-XXXXXX", NULL);
  g_assert_nonnull (inspect_dir);

  g_test_add_func ("/cli/mrz/json-valid", test_mrz_json_valid);
  g_test_add_func ("/cli/mrz/json-invalid", test_mrz_json_invalid);
  g_test_add_func ("/cli/mrz/not-an-mrz", test_mrz_not_an_mrz);
  g_test_add_func ("/cli/mrz/stdin", test_mrz_stdin);
  g_test_add_func ("/cli/mrz/text-report", test_mrz_text_report);
  g_test_add_func ("/cli/mrz/non-ascii", test_mrz_non_ascii);
  g_test_add_func ("/cli/mrz/image", test_mrz_image);
  g_test_add_func ("/cli/mrz/image-none", test_mrz_image_none);
  g_test_add_func ("/cli/mrz/image-errors", test_mrz_image_errors);
  g_test_add_func ("/cli/inspect/bad-images", test_inspect_bad_images);
  g_test_add_func ("/cli/inspect/size-mismatch", test_inspect_size_mismatch);
  g_test_add_func ("/cli/inspect/crops", test_inspect_crops);
  g_test_add_func ("/cli/inspect/no-tesseract", test_inspect_no_tesseract);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/version", test_version);

  status = g_test_run ();
  di_test_remove_tree (inspect_dir);
  g_free (inspect_dir);
  return status;
}
