/* test-cli.c — the `docinspect` command line: JSON contract, exit status, error lines */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "di-app.h"

#define TD3_L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return size > 0 ? g_strndup (data, size) : g_strdup ("");
}

/* Runs docinspect with the arguments (NULL-terminated) and optional standard input. */
static void
run_docinspect (Run        *run,
                const char *input,
                ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) in = g_bytes_new (input, input != NULL ? strlen (input) : 0);
  g_autoptr (GBytes) out = NULL;
  g_autoptr (GBytes) err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DOCINSPECT"));
  va_start (args, input);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  run->out = bytes_to_string (out);
  run->err = bytes_to_string (err);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A failure is one line on stderr, prefixed with the program name. */
static void
assert_one_error_line (const Run *run)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "docinspect: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  g_assert_cmpstr (run->out, ==, "");
}

static void
test_mrz_json_valid (void)
{
  g_auto (Run) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonObject *fields;
  JsonArray *checks, *lines;

  run_docinspect (&run, NULL, "mrz", "--json", "--date", "2026-11-23", "--text", TD3_L1, TD3_L2,
                  NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  o = parse_object (run.out);
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
  g_auto (Run) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonArray *checks;
  gboolean found = FALSE;

  run_docinspect (&run, NULL, "mrz", "--json", "--text", TD3_L1,
                  "L898902C36UTO7408123F1204159ZE184226B<<<<<10", NULL);
  g_assert_cmpint (run.status, ==, 1);
  /* nothing personal, and nothing at all, on stderr for a result */
  g_assert_cmpstr (run.err, ==, "");
  o = parse_object (run.out);
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
  g_auto (Run) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonObject *check;

  run_docinspect (&run, NULL, "mrz", "--json", "--text", "hello world", NULL);
  g_assert_cmpint (run.status, ==, 1);
  o = parse_object (run.out);
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
  g_auto (Run) run = { 0 };
  g_auto (Run) bad = { 0 };
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
      g_autoptr (JsonObject) o = parse_object (objects[i]);

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
  g_auto (Run) run = { 0 };

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
  g_auto (Run) run = { 0 };

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
  g_auto (Run) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonArray *quad;

  run_docinspect (&run, NULL, "mrz", "--json", "--date", "2026-01-01", page, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  o = parse_object (run.out);
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
  g_auto (Run) run = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonObject *check;

  run_docinspect (&run, NULL, "mrz", "--json", page, NULL);
  g_assert_cmpint (run.status, ==, 1);
  o = parse_object (run.out);
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
  g_auto (Run) unreadable = { 0 };
  g_auto (Run) missing = { 0 };
  g_auto (Run) scan_set = { 0 };
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_set_contents (junk, "not an image", -1, NULL));
  run_docinspect (&unreadable, NULL, "mrz", "--json", junk, NULL);
  assert_one_error_line (&unreadable);
  run_docinspect (&missing, NULL, "mrz", "/nonexistent/page.png", NULL);
  assert_one_error_line (&missing);

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
      g_auto (Run) run = { 0 };

      run_docinspect (&run, NULL, cases[i][0], cases[i][1], cases[i][2], cases[i][3],
                      cases[i][4], NULL);
      assert_one_error_line (&run);
    }
}

static void
test_version (void)
{
  g_auto (Run) run = { 0 };

  run_docinspect (&run, NULL, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "docinspect "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/mrz/json-valid", test_mrz_json_valid);
  g_test_add_func ("/cli/mrz/json-invalid", test_mrz_json_invalid);
  g_test_add_func ("/cli/mrz/not-an-mrz", test_mrz_not_an_mrz);
  g_test_add_func ("/cli/mrz/stdin", test_mrz_stdin);
  g_test_add_func ("/cli/mrz/text-report", test_mrz_text_report);
  g_test_add_func ("/cli/mrz/non-ascii", test_mrz_non_ascii);
  g_test_add_func ("/cli/mrz/image", test_mrz_image);
  g_test_add_func ("/cli/mrz/image-none", test_mrz_image_none);
  g_test_add_func ("/cli/mrz/image-errors", test_mrz_image_errors);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/version", test_version);

  return g_test_run ();
}
