/* test-inspect-exercise.c — inspection of generated exercises under a reader's capture
 * effects: each forgery is caught by a check its answer key names, genuine documents are
 * accepted, a missing light or an unknown document type is never passed over in silence.
 *
 * Every scan set is generated here (synthetic Utopia documents), inspected with the shipped
 * templates and policy.
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "di-exercise.h"
#include "di-image.h"
#include "di-inspect.h"
#include "di-test-util.h"

#define TODAY 2026, 11, 23

static DiInspector *inspector;   /* the engines load once */
static char *workdir;

typedef struct {
  char       *dir;
  JsonParser *parser;
} Exercise;

static void
exercise_free (Exercise *e)
{
  g_free (e->dir);
  g_clear_object (&e->parser);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exercise, exercise_free)

/* An exercise of `count` documents in a new folder, with its answer key. */
static Exercise *
generate (const char     *name,
          guint           count,
          guint64         seed,
          double          forgery_rate,
          guint           kinds,
          guint           forgeries,
          DiCaptureLevel  capture)
{
  Exercise *e = g_new0 (Exercise, 1);
  DiExerciseOptions options;
  g_autofree char *key = NULL;
  GError *error = NULL;

  di_exercise_options_init (&options);
  options.count = count;
  options.seed = seed;
  options.forgery_rate = forgery_rate;
  options.combination_rate = 0;
  options.kinds = kinds;
  options.forgeries = forgeries;
  options.capture = capture;
  g_date_set_dmy (&options.today, 23, 11, 2026);
  e->dir = g_build_filename (workdir, name, NULL);
  g_assert_true (di_exercise_generate (&options, e->dir, NULL, NULL, &error));
  g_assert_no_error (error);
  key = g_build_filename (e->dir, "answers.json", NULL);
  e->parser = json_parser_new ();
  g_assert_true (json_parser_load_from_file (e->parser, key, &error));
  g_assert_no_error (error);
  return e;
}

static JsonArray *
documents (Exercise *e)
{
  return json_object_get_array_member (json_node_get_object (json_parser_get_root (e->parser)),
                                       "documents");
}

/* Inspects a document of the exercise; `lights` says which images are given. */
static DiInspection *
inspect (Exercise   *e,
         JsonObject *doc,
         gboolean    lights[DI_N_LIGHTS],
         const char *crops)
{
  static const char *const names[DI_N_LIGHTS] = { "white", "uv", "ir" };
  JsonObject *files = json_object_get_object_member (doc, "files");
  char *paths[DI_N_LIGHTS] = { NULL };
  DiInspectRequest request = { json_object_get_string_member (doc, "id") };
  GError *error = NULL;
  DiInspection *inspection;

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    if (lights == NULL || lights[l])
      {
        paths[l] = g_build_filename (e->dir, json_object_get_string_member (files, names[l]),
                                     NULL);
        request.images[l] = paths[l];
      }
  request.crops_dir = crops;
  g_date_clear (&request.reference, 1);
  g_date_set_dmy (&request.reference, 23, 11, 2026);
  inspection = di_inspector_inspect (inspector, &request, &error);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_free (paths[l]);
  g_assert_no_error (error);
  g_assert_nonnull (inspection);
  return inspection;
}

static gboolean
check_has_prefix (const DiInspectCheck *c,
                  const char           *prefix)
{
  return g_str_has_prefix (c->id, prefix);
}

static void
test_genuine (gconstpointer data)
{
  DiDocKind kind = GPOINTER_TO_UINT (data);
  g_autofree char *name = g_strdup_printf ("genuine-%u", kind);
  g_autoptr (Exercise) e = generate (name, 2, 300 + kind, 0.0, 1u << kind, DI_FORGERY_ALL,
                                     DI_CAPTURE_MEDIUM);
  JsonArray *docs = documents (e);

  for (guint d = 0; d < json_array_get_length (docs); d++)
    {
      JsonObject *doc = json_array_get_object_element (docs, d);
      g_autoptr (DiInspection) inspection = inspect (e, doc, NULL, NULL);
      const DiInspectCheck *checks;
      guint n;

      checks = di_inspection_get_checks (inspection, &n);
      for (guint i = 0; i < n; i++)
        {
          g_test_message ("%s %s %s %.3f (threshold %.3f)", di_inspection_get_name (inspection),
                          checks[i].id, di_check_status_to_string (checks[i].status),
                          checks[i].score, checks[i].threshold);
          /* no false statement; a visual-zone field may be unreadable, nothing else */
          g_assert_cmpint (checks[i].status, !=, DI_CHECK_FAIL);
          if (!check_has_prefix (&checks[i], "viz."))
            g_assert_cmpint (checks[i].status, ==, DI_CHECK_PASS);
        }
      g_assert_cmpstr (di_verdict_to_string (di_inspection_get_verdict (inspection)), ==,
                       "accept");
      g_assert_cmpstr (di_inspection_get_template_id (inspection), ==,
                       json_object_get_string_member (doc, "template"));
    }
}

static void
test_forgery (gconstpointer data)
{
  DiForgery forgery = GPOINTER_TO_UINT (data);
  g_autofree char *name = g_strdup_printf ("forged-%s", di_forgery_to_string (forgery));
  g_autoptr (Exercise) e = generate (name, 2, 500 + forgery, 1.0, (1u << DI_N_DOC_KINDS) - 1,
                                     forgery, DI_CAPTURE_MEDIUM);
  JsonArray *docs = documents (e);

  for (guint d = 0; d < json_array_get_length (docs); d++)
    {
      JsonObject *doc = json_array_get_object_element (docs, d);
      JsonArray *must_fail = json_object_get_array_member (doc, "must_fail");
      g_autoptr (DiInspection) inspection = inspect (e, doc, NULL, NULL);
      guint caught = 0;

      g_assert_false (json_object_get_boolean_member (doc, "genuine"));
      g_assert_cmpuint (json_array_get_length (must_fail), >, 0);
      for (guint i = 0; i < json_array_get_length (must_fail); i++)
        {
          const char *id = json_array_get_string_element (must_fail, i);
          const DiInspectCheck *c = di_inspection_find_check (inspection, id);

          g_test_message ("%s (%s): %s %s", di_inspection_get_name (inspection),
                          json_object_get_string_member (doc, "kind"), id,
                          c != NULL ? di_check_status_to_string (c->status) : "absent");
          caught += c != NULL && c->status == DI_CHECK_FAIL;
        }
      g_assert_cmpuint (caught, >, 0);
      g_assert_cmpstr (di_verdict_to_string (di_inspection_get_verdict (inspection)), !=,
                       "accept");
      g_assert_nonnull (di_inspection_get_reasons (inspection)[0]);
    }
}

/* Only the white image: the UV and IR checks are not done, and the verdict is at best
 * review. */
static void
test_missing_lights (void)
{
  g_autoptr (Exercise) e = generate ("white-only", 1, 41, 0.0, 1u << DI_DOC_PASSPORT,
                                     DI_FORGERY_ALL, DI_CAPTURE_LIGHT);
  gboolean white_only[DI_N_LIGHTS] = { TRUE, FALSE, FALSE };
  g_autoptr (DiInspection) inspection = inspect (e, json_array_get_object_element (documents (e),
                                                                                   0),
                                                 white_only, NULL);
  const DiInspectCheck *checks;
  guint n, not_done = 0;

  checks = di_inspection_get_checks (inspection, &n);
  for (guint i = 0; i < n; i++)
    if (check_has_prefix (&checks[i], "uv.") || check_has_prefix (&checks[i], "ir."))
      {
        g_assert_cmpint (checks[i].status, ==, DI_CHECK_NOT_DONE);
        g_assert_false (checks[i].has_score);
        not_done++;
      }
  g_assert_cmpuint (not_done, >=, 5);
  g_assert_cmpint (di_inspection_get_verdict (inspection), ==, DI_VERDICT_REVIEW);
  g_assert_cmpint (di_inspection_find_check (inspection, "mrz.check_digit.composite")->status,
                   ==, DI_CHECK_PASS);
}

/* No template for the document: the MRZ checks only, review, and the reason said. */
static void
test_unknown_type (void)
{
  g_autoptr (Exercise) e = generate ("unknown", 1, 42, 0.0, 1u << DI_DOC_TD2_CARD,
                                     DI_FORGERY_ALL, DI_CAPTURE_LIGHT);
  g_autofree char *empty = g_build_filename (workdir, "no-templates", NULL);
  g_autoptr (DiInspector) other = NULL;
  g_autoptr (DiInspection) inspection = NULL;
  DiInspector *shared = inspector;
  const char *const *reasons;
  const DiInspectCheck *checks;
  GError *error = NULL;
  gboolean said = FALSE;
  guint n;

  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  other = di_inspector_new (empty, NULL, &error);
  g_assert_no_error (error);
  inspector = other;
  inspection = inspect (e, json_array_get_object_element (documents (e), 0), NULL, NULL);
  inspector = shared;

  checks = di_inspection_get_checks (inspection, &n);
  for (guint i = 0; i < n; i++)
    g_assert_true (check_has_prefix (&checks[i], "mrz.") || check_has_prefix (&checks[i], "doc."));
  g_assert_null (di_inspection_get_template_id (inspection));
  g_assert_cmpint (di_inspection_get_verdict (inspection), ==, DI_VERDICT_REVIEW);
  reasons = di_inspection_get_reasons (inspection);
  for (guint i = 0; reasons[i] != NULL; i++)
    {
      g_test_message ("reason: %s", reasons[i]);
      said |= strstr (reasons[i], "template") != NULL;
    }
  g_assert_true (said);
}

/* A failed check's captured and reference crops are written when asked for, and the JSON
 * report carries the DESIGN.md keys. */
static void
test_crops_and_json (void)
{
  g_autoptr (Exercise) e = generate ("crops", 1, 43, 1.0, 1u << DI_DOC_PASSPORT,
                                     DI_FORGERY_COUNTERFEIT_PAPER, DI_CAPTURE_LIGHT);
  g_autofree char *crops = g_build_filename (workdir, "crops", NULL);
  g_autoptr (DiInspection) inspection = inspect (e, json_array_get_object_element (documents (e),
                                                                                   0),
                                                 NULL, crops);
  const DiInspectCheck *c = di_inspection_find_check (inspection, "uv.dull_paper");
  g_autoptr (JsonNode) node = di_report_inspection_json (inspection);
  JsonObject *o = json_node_get_object (node);
  JsonObject *first;

  g_assert_nonnull (c);
  g_assert_cmpint (c->status, ==, DI_CHECK_FAIL);
  g_assert_true (c->critical);
  g_assert_nonnull (c->crop);
  g_assert_nonnull (c->reference_crop);
  g_assert_true (g_file_test (c->crop, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (c->reference_crop, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (di_inspection_get_verdict (inspection), ==, DI_VERDICT_REJECT);

  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "reject");
  g_assert_true (json_object_has_member (o, "reasons"));
  g_assert_cmpstr (json_object_get_string_member (o, "template"), ==, "UTO-P-2024");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (o, "mrz"),
                                                 "valid"));
  g_assert_true (json_object_has_member (o, "timing_ms"));
  /* a feature's score is judged against its threshold; a visual-zone field's OCR confidence
   * is not, so it comes without threshold or compare */
  {
    JsonArray *all = json_object_get_array_member (o, "checks");

    for (guint i = 0; i < json_array_get_length (all); i++)
      {
        JsonObject *check = json_array_get_object_element (all, i);
        const char *id = json_object_get_string_member (check, "id");

        if (g_str_has_prefix (id, "viz."))
          {
            g_assert_true (json_node_is_null (json_object_get_member (check, "threshold")));
            g_assert_true (json_node_is_null (json_object_get_member (check, "compare")));
          }
        else if (g_str_equal (id, "uv.dull_paper"))
          g_assert_cmpstr (json_object_get_string_member (check, "compare"), ==, "max");
      }
  }
  first = json_array_get_object_element (json_object_get_array_member (o, "checks"), 0);
  for (const char *const *k = (const char *const[]) { "id", "status", "critical", "diagnosis",
                                                      "sentence", NULL }; *k != NULL; k++)
    g_assert_true (json_object_has_member (first, *k));
}

/* Whether a point lies inside a convex quadrilateral given corner by corner. */
static gboolean
inside_quad (JsonArray *quad,
             double     x,
             double     y)
{
  int sign = 0;

  for (guint i = 0; i < 4; i++)
    {
      JsonArray *a = json_array_get_array_element (quad, i);
      JsonArray *b = json_array_get_array_element (quad, (i + 1) % 4);
      double ax = json_array_get_double_element (a, 0), ay = json_array_get_double_element (a, 1);
      double bx = json_array_get_double_element (b, 0), by = json_array_get_double_element (b, 1);
      double cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
      int s = cross > 0 ? 1 : -1;

      if (sign != 0 && s != sign)
        return FALSE;
      sign = s;
    }
  return TRUE;
}

/* Normalised cross-correlation of the grey levels of two RGB24 surfaces of one size. */
static double
surface_ncc (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = (double) w * h;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  for (int y = 0; y < h; y++)
    {
      const guint32 *ra = (const guint32 *) (cairo_image_surface_get_data (a) +
                                             y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *) (cairo_image_surface_get_data (b) +
                                             y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < w; x++)
        {
          double ga = ((ra[x] >> 16 & 0xff) + (ra[x] >> 8 & 0xff) + (ra[x] & 0xff)) / 3.0;
          double gb = ((rb[x] >> 16 & 0xff) + (rb[x] >> 8 & 0xff) + (rb[x] & 0xff)) / 3.0;

          sa += ga;
          sb += gb;
          saa += ga * ga;
          sbb += gb * gb;
          sab += ga * gb;
        }
    }
  return (sab - sa * sb / n) / sqrt ((saa - sa * sa / n) * (sbb - sb * sb / n));
}

/* The report says where the page lies in the scan: the template's MRZ falls inside the
 * quadrilateral the MRZ reader found, and a region cut from the scan through the transform
 * looks like the same region of the reference. Each visual-zone check says what it read. */
static void
test_page_transform_and_viz_read (void)
{
  g_autoptr (Exercise) e = generate ("transform", 1, 47, 0.0, 1u << DI_DOC_PASSPORT,
                                     DI_FORGERY_ALL, DI_CAPTURE_LIGHT);
  JsonObject *doc = json_array_get_object_element (documents (e), 0);
  g_autoptr (DiInspection) inspection = inspect (e, doc, NULL, NULL);
  g_autoptr (JsonNode) node = di_report_inspection_json (inspection);
  JsonObject *o = json_node_get_object (node), *viz = json_object_get_object_member (doc, "viz");
  JsonArray *transform = json_object_get_array_member (o, "page_transform");
  JsonArray *checks = json_object_get_array_member (o, "checks");
  g_autofree char *templates = di_template_default_dir ();
  g_autofree char *dir = g_build_filename (templates, "UTO-P-2024", NULL);
  g_autofree char *reference_path = NULL, *uv_path = NULL;
  g_autoptr (DiTemplate) template = NULL;
  g_autoptr (DiRgb) reference = NULL, uv = NULL;
  g_autoptr (cairo_surface_t) captured = NULL, expected = NULL;
  double h[9], x, y, w, s;
  DiRect mrz;
  GError *error = NULL;
  guint n_read = 0;

  g_assert_nonnull (transform);
  g_assert_cmpuint (json_array_get_length (transform), ==, 9);
  g_assert_true (di_inspection_get_page_transform (inspection, h));
  for (guint k = 0; k < 9; k++)
    g_assert_cmpfloat_with_epsilon (json_array_get_double_element (transform, k), h[k], 1e-9);

  template = di_template_load (dir, &error);
  g_assert_no_error (error);
  g_assert_true (di_template_get_mrz_rect (template, &mrz));
  x = mrz.x + mrz.w / 2;
  y = mrz.y + mrz.h / 2;
  w = h[6] * x + h[7] * y + h[8];
  g_assert_true (inside_quad (json_object_get_array_member (json_object_get_object_member (o, "mrz"),
                                                            "quadrilateral"),
                              (h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w));

  /* the UV emblem, cut from the scan and from the reference at the reference's resolution */
  s = di_template_get_dpi (template) / 25.4;
  reference_path = di_template_get_image_path (template, DI_LIGHT_UV);
  reference = di_ocr_load_rgb (reference_path, &error);
  g_assert_no_error (error);
  uv_path = g_build_filename (e->dir, json_object_get_string_member (
                                json_object_get_object_member (doc, "files"), "uv"), NULL);
  uv = di_ocr_load_rgb (uv_path, &error);
  g_assert_no_error (error);
  {
    const DiInspectCheck *emblem = di_inspection_find_check (inspection, "uv.feature.emblem");
    const double identity[9] = { s, 0, 0, 0, s, 0, 0, 0, 1 };
    const DiRect *r = &emblem->region;

    captured = di_image_warp_page_region (uv, h, r->x, r->y, r->w, r->h, s);
    expected = di_image_warp_page_region (reference, identity, r->x, r->y, r->w, r->h, s);
    g_assert_nonnull (captured);
    g_assert_nonnull (expected);
    g_test_message ("emblem: NCC %.3f", surface_ncc (captured, expected));
    g_assert_cmpfloat (surface_ncc (captured, expected), >, 0.8);
  }

  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *c = json_array_get_object_element (checks, i);
      const char *id = json_object_get_string_member (c, "id");

      if (!g_str_has_prefix (id, "viz."))
        {
          g_assert_false (json_object_has_member (c, "read"));
          continue;
        }
      g_assert_true (json_object_has_member (c, "read"));
      if (g_str_equal (json_object_get_string_member (c, "status"), "pass"))
        {
          g_assert_cmpstr (json_object_get_string_member (c, "read"), ==,
                           json_object_get_string_member (viz, id + strlen ("viz.")));
          n_read++;
        }
    }
  g_assert_cmpuint (n_read, >=, 4);
}

/* Pixels decoded already (by the desktop application, to show them) give the inspection the
 * files would give: the same verdict, statuses and scores */
static void
test_decoded_pixels (void)
{
  g_autoptr (Exercise) e = generate ("decoded", 1, 49, 1.0, 1u << DI_DOC_PASSPORT,
                                     DI_FORGERY_PHOTO_SUBSTITUTED, DI_CAPTURE_LIGHT);
  static const char *const names[DI_N_LIGHTS] = { "white", "uv", "ir" };
  JsonObject *doc = json_array_get_object_element (documents (e), 0);
  JsonObject *files = json_object_get_object_member (doc, "files");
  g_autoptr (DiInspection) from_files = inspect (e, doc, NULL, NULL);
  g_autoptr (DiInspection) from_pixels = NULL;
  char *paths[DI_N_LIGHTS] = { NULL };
  DiRgb *pixels[DI_N_LIGHTS] = { NULL };
  DiInspectRequest request = { "decoded" };
  const DiInspectCheck *a, *b;
  GError *error = NULL;
  guint na, nb;

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      paths[l] = g_build_filename (e->dir, json_object_get_string_member (files, names[l]),
                                   NULL);
      pixels[l] = di_ocr_load_rgb (paths[l], &error);
      g_assert_no_error (error);
      request.images[l] = paths[l];
      request.decoded[l] = pixels[l];
    }
  g_date_clear (&request.reference, 1);
  g_date_set_dmy (&request.reference, 23, 11, 2026);
  from_pixels = di_inspector_inspect (inspector, &request, &error);
  g_assert_no_error (error);

  g_assert_cmpint (di_inspection_get_verdict (from_pixels), ==,
                   di_inspection_get_verdict (from_files));
  g_assert_cmpint (di_inspection_get_verdict (from_pixels), ==, DI_VERDICT_REJECT);
  a = di_inspection_get_checks (from_files, &na);
  b = di_inspection_get_checks (from_pixels, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpstr (a[i].id, ==, b[i].id);
      g_assert_cmpint (a[i].status, ==, b[i].status);
      g_assert_cmpfloat_with_epsilon (a[i].score, b[i].score, 1e-9);
    }

  /* and they are what is inspected, not the file: a UV image gone black loses its emblem */
  memset (pixels[DI_LIGHT_UV]->pixels, 0,
          (gsize) pixels[DI_LIGHT_UV]->width * pixels[DI_LIGHT_UV]->height * 4);
  g_clear_pointer (&from_pixels, di_inspection_free);
  from_pixels = di_inspector_inspect (inspector, &request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (di_inspection_find_check (from_files, "uv.feature.emblem")->status, ==,
                   DI_CHECK_PASS);
  g_assert_cmpint (di_inspection_find_check (from_pixels, "uv.feature.emblem")->status, ==,
                   DI_CHECK_FAIL);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      g_free (paths[l]);
      di_rgb_free (pixels[l]);
    }
}

/* The photo's rectangle (mm) in a template: what its ghost image is compared with. */
static DiRect
photo_rect (const char *template_id)
{
  g_autofree char *templates = di_template_default_dir ();
  g_autofree char *dir = g_build_filename (templates, template_id, NULL);
  g_autoptr (DiTemplate) template = NULL;
  const DiTemplateFeature *features;
  GError *error = NULL;
  guint n;

  template = di_template_load (dir, &error);
  g_assert_no_error (error);
  features = di_template_get_features (template, &n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (features[i].check, "photo.ghost"))
      return features[i].compare_with;
  g_assert_not_reached ();
}

/* A photo replaced in the white image only, as an image editor would do it: the photo no
 * longer shows the face of the ghost image. */
static void
test_outside_photo_swap (void)
{
  g_autoptr (Exercise) e = generate ("swap", 2, 44, 0.0, 1u << DI_DOC_PASSPORT, DI_FORGERY_ALL,
                                     DI_CAPTURE_NONE);
  JsonArray *docs = documents (e);
  JsonObject *files[2];
  char *paths[2] = { NULL };
  g_autoptr (cairo_surface_t) page = NULL;
  g_autoptr (cairo_surface_t) other = NULL;
  g_autoptr (DiInspection) inspection = NULL;
  const DiInspectCheck *c;
  DiRect photo = photo_rect ("UTO-P-2024");
  double px = 300 / 25.4;

  for (guint i = 0; i < 2; i++)
    {
      files[i] = json_object_get_object_member (json_array_get_object_element (docs, i), "files");
      paths[i] = g_build_filename (e->dir, json_object_get_string_member (files[i], "white"),
                                   NULL);
    }
  page = cairo_image_surface_create_from_png (paths[0]);
  other = cairo_image_surface_create_from_png (paths[1]);
  g_assert_cmpint (cairo_surface_status (page), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (other), ==, CAIRO_STATUS_SUCCESS);
  {
    g_autoptr (cairo_t) cr = cairo_create (page);

    cairo_rectangle (cr, photo.x * px, photo.y * px, photo.w * px, photo.h * px);
    cairo_clip (cr);
    cairo_set_source_surface (cr, other, 0, 0);
    cairo_paint (cr);
  }
  g_assert_cmpint (cairo_surface_write_to_png (page, paths[0]), ==, CAIRO_STATUS_SUCCESS);
  g_free (paths[0]);
  g_free (paths[1]);

  inspection = inspect (e, json_array_get_object_element (docs, 0), NULL, NULL);
  c = di_inspection_find_check (inspection, "photo.ghost");
  g_test_message ("photo.ghost %.3f (threshold %.3f)", c->score, c->threshold);
  g_assert_cmpint (c->status, ==, DI_CHECK_FAIL);
  g_assert_cmpint (di_inspection_get_verdict (inspection), !=, DI_VERDICT_ACCEPT);
}

/* The MRZ changed (check digits recomputed) in the white image only: the white image of a
 * forged render with the UV and IR images of the genuine one, the holder being the same. */
static void
test_outside_mrz_edit (void)
{
  g_autofree char *genuine = g_build_filename (workdir, "mrz-genuine", NULL);
  g_autofree char *forged = g_build_filename (workdir, "mrz-forged", NULL);
  g_autofree char *white = g_build_filename (forged, "white.png", NULL);
  g_autofree char *uv = g_build_filename (genuine, "uv.png", NULL);
  g_autofree char *ir = g_build_filename (genuine, "ir.png", NULL);
  DiInspectRequest request = { "mrz-edit", { white, uv, ir } };
  g_autoptr (DiInspection) inspection = NULL;
  const DiInspectCheck *checks;
  GError *error = NULL;
  GDate today;
  guint n;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);
  g_assert_true (di_exercise_render_one (DI_DOC_PASSPORT, 77, 0, DI_CAPTURE_LIGHT, 300, &today,
                                         FALSE, genuine, &error));
  g_assert_true (di_exercise_render_one (DI_DOC_PASSPORT, 77, DI_FORGERY_MRZ_RECOMPUTED,
                                         DI_CAPTURE_LIGHT, 300, &today, FALSE, forged, &error));
  g_assert_no_error (error);
  request.reference = today;
  inspection = di_inspector_inspect (inspector, &request, &error);
  g_assert_no_error (error);

  checks = di_inspection_get_checks (inspection, &n);
  for (guint i = 0; i < n; i++)
    if (checks[i].status != DI_CHECK_PASS)
      g_test_message ("%s %s", checks[i].id, di_check_status_to_string (checks[i].status));
  g_assert_cmpint (di_inspection_find_check (inspection, "mrz.lights_agree")->status, ==,
                   DI_CHECK_FAIL);
  g_assert_true (di_mrz_is_valid (di_inspection_get_mrz (inspection)->mrz));
  g_assert_cmpint (di_inspection_get_verdict (inspection), ==, DI_VERDICT_REJECT);
}

int
main (int   argc,
      char *argv[])
{
  GError *error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  workdir = g_dir_make_tmp ("test-inspect-XXXXXX", &error);
  g_assert_no_error (error);
  inspector = di_inspector_new (NULL, NULL, &error);
  g_assert_no_error (error);

  for (DiDocKind k = 0; k < DI_N_DOC_KINDS; k++)
    {
      g_autofree char *path = g_strdup_printf ("/inspect/exercise/genuine/%s",
                                               di_doc_kind_to_string (k));

      g_test_add_data_func (path, GUINT_TO_POINTER (k), test_genuine);
    }
  for (guint f = 0; f < DI_N_FORGERIES; f++)
    {
      g_autofree char *path = g_strdup_printf ("/inspect/exercise/forgery/%s",
                                               di_forgery_to_string (1u << f));

      g_test_add_data_func (path, GUINT_TO_POINTER (1u << f), test_forgery);
    }
  g_test_add_func ("/inspect/exercise/missing-lights", test_missing_lights);
  g_test_add_func ("/inspect/exercise/unknown-type", test_unknown_type);
  g_test_add_func ("/inspect/exercise/crops-and-json", test_crops_and_json);
  g_test_add_func ("/inspect/exercise/page-transform-and-viz-read",
                   test_page_transform_and_viz_read);
  g_test_add_func ("/inspect/exercise/decoded-pixels", test_decoded_pixels);
  g_test_add_func ("/inspect/outside-edit/photo-swap", test_outside_photo_swap);
  g_test_add_func ("/inspect/outside-edit/mrz", test_outside_mrz_edit);

  status = g_test_run ();
  di_inspector_free (inspector);
  di_test_remove_tree (workdir);
  g_free (workdir);
  return status;
}
