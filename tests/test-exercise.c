/* test-exercise.c — the specimen generator and exercises: genuine documents are consistent,
 * each forgery changes what its key says, sets are reproducible, scoring counts right. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "di-exercise.h"
#include "di-specimen-private.h"
#include "di-template.h"
#include "di-test-util.h"

static GDate today;

/* --- pixels ------------------------------------------------------------------------------ */

typedef struct {
  double r, g, b;
} Rgb;

static Rgb
pixel (cairo_surface_t *s,
       int              x,
       int              y)
{
  guint32 p = *(guint32 *) (cairo_image_surface_get_data (s) +
                            y * cairo_image_surface_get_stride (s) + x * 4);

  return (Rgb) { ((p >> 16) & 0xff) / 255.0, ((p >> 8) & 0xff) / 255.0, (p & 0xff) / 255.0 };
}

static double
luminance (Rgb c)
{
  return 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
}

typedef gboolean (*PixelTest) (Rgb c);

/* Calls `fn` on every pixel of a rectangle in mm; returns the share for which it holds,
 * and the mean luminance. */
static double
scan_rect (cairo_surface_t *s,
           double           dpi,
           const DiRect    *r,
           PixelTest        fn,
           double          *mean_luminance)
{
  double scale = dpi / 25.4, sum = 0;
  int x0 = (int) (r->x * scale), y0 = (int) (r->y * scale);
  int x1 = (int) ((r->x + r->w) * scale), y1 = (int) ((r->y + r->h) * scale);
  guint hits = 0, n = 0;

  cairo_surface_flush (s);
  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        Rgb c = pixel (s, x, y);

        hits += fn != NULL && fn (c);
        sum += luminance (c);
        n++;
      }
  if (mean_luminance != NULL)
    *mean_luminance = sum / n;
  return (double) hits / n;
}

static gboolean
is_emblem_green (Rgb c)
{
  return c.g > 0.8 && c.r > 0.5 && c.b < 0.45;
}

/* the fibres' red and blue, by hue (ratios hold on antialiased edges too) */
static gboolean
is_fibre (Rgb c)
{
  return (c.r > 0.6 && c.g < 0.4 * c.r && c.b < 0.5 * c.r) ||
         (c.b > 0.6 && c.r < 0.4 * c.b && c.g > 0.6 * c.b && c.g < 0.85 * c.b);
}

static gboolean
is_dark (Rgb c)
{
  return luminance (c) < 0.4;
}

static cairo_surface_t *
render (DiDocKind kind,
        guint64   seed,
        guint     forgeries,
        DiLight   light,
        double    dpi)
{
  g_autoptr (DiSpecimen) s = di_specimen_new (kind, seed, &today);

  di_specimen_forge (s, forgeries);
  return di_specimen_render (s, light, dpi);
}

static const DiRect *
emblem_rects (DiDocKind kind,
              DiRect    out[2])
{
  const KindLayout *l = di_specimen_kind_layout (kind);

  /* the part over the photo, then the part beside it */
  out[0] = (DiRect) { l->photo.x + l->photo.w - l->emblem_r * 0.8, l->emblem_y - l->emblem_r * 0.8,
                      l->emblem_r * 0.8 - 0.8, l->emblem_r * 1.6 };
  out[1] = (DiRect) { l->photo.x + l->photo.w + 0.8, l->emblem_y - l->emblem_r * 0.8,
                      l->emblem_r * 0.8 - 0.8, l->emblem_r * 1.6 };
  return out;
}

/* --- genuine documents ------------------------------------------------------------------- */

/* YYMMDD of an MRZ against "DD MMM YYYY" of the visual zone */
static gboolean
same_date (const char *iso,
           const char *viz)
{
  static const char *const months[] = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
                                        "SEP", "OCT", "NOV", "DEC" };
  int y, m, d;
  g_autofree char *expected = NULL;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return FALSE;
  expected = g_strdup_printf ("%02d %s %04d", d, months[m - 1], y);
  return g_str_equal (expected, viz);
}

static gboolean
same_name (const char *mrz_value,
           const char *viz)
{
  g_autofree char *mrz_form = di_mrz_transliterate_name (viz);
  g_autofree char *spaced = g_strdelimit (g_strdup (mrz_form), "<", ' ');

  /* the MRZ may truncate a long name */
  return g_str_has_prefix (spaced, mrz_value) && strlen (mrz_value) > 0;
}

static void
test_genuine_consistent (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    for (guint64 seed = 1; seed <= 60; seed++)
      {
        g_autoptr (DiSpecimen) s = di_specimen_new (kind, seed, &today);
        const char *const *lines = di_specimen_get_mrz (s);
        g_autoptr (DiMrz) mrz = di_mrz_parse (lines, g_strv_length ((char **) lines), &today);
        GDate expiry;

        if (!di_mrz_is_valid (mrz))
          g_error ("kind %d seed %" G_GUINT64_FORMAT ": MRZ invalid: %s / %s", kind, seed,
                   lines[0], lines[1]);
        g_assert_cmpint (di_mrz_get_format (mrz), ==, di_specimen_kind_layout (kind)->mrz_format);
        g_assert_true (di_mrz_is_specimen (mrz));
        g_assert_cmpstr (di_mrz_get_field (mrz, DI_MRZ_FIELD_DOCUMENT_NUMBER), ==,
                         di_specimen_get_viz (s, DI_MRZ_FIELD_DOCUMENT_NUMBER));
        g_assert_true (same_date (di_mrz_get_field (mrz, DI_MRZ_FIELD_BIRTH_DATE),
                                  di_specimen_get_viz (s, DI_MRZ_FIELD_BIRTH_DATE)));
        g_assert_true (same_date (di_mrz_get_field (mrz, DI_MRZ_FIELD_EXPIRY_DATE),
                                  di_specimen_get_viz (s, DI_MRZ_FIELD_EXPIRY_DATE)));
        g_assert_true (same_name (di_mrz_get_field (mrz, DI_MRZ_FIELD_SURNAME),
                                  di_specimen_get_viz (s, DI_MRZ_FIELD_SURNAME)));
        g_assert_cmpstr (di_mrz_get_field (mrz, DI_MRZ_FIELD_SEX), ==,
                         di_specimen_get_viz (s, DI_MRZ_FIELD_SEX));
        /* valid on the reference date */
        g_assert_true (di_mrz_get_date (mrz, DI_MRZ_FIELD_EXPIRY_DATE, &expiry));
        g_assert_cmpint (g_date_compare (&expiry, &today), >=, 0);
        g_assert_cmpstr (di_specimen_get_must_fail (s)[0], ==, NULL);
      }
}

/* --- each forgery does what its key says -------------------------------------------------- */

static DiSpecimen *
forged (DiDocKind kind,
        guint64   seed,
        guint     forgeries)
{
  DiSpecimen *s = di_specimen_new (kind, seed, &today);

  di_specimen_forge (s, forgeries);
  return s;
}

static gboolean
strv_has (const char *const *strv,
          const char        *s)
{
  return g_strv_contains (strv, s);
}

static void
test_forgery_mrz_check_digit (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    for (guint64 seed = 1; seed <= 20; seed++)
      {
        g_autoptr (DiSpecimen) s = forged (kind, seed, DI_FORGERY_MRZ_CHECK_DIGIT);
        const char *const *lines = di_specimen_get_mrz (s);
        const char *const *must = di_specimen_get_must_fail (s);
        g_autoptr (DiMrz) mrz = di_mrz_parse (lines, g_strv_length ((char **) lines), &today);

        g_assert_false (di_mrz_is_valid (mrz));
        for (guint i = 0; must[i] != NULL; i++)
          if (g_str_has_prefix (must[i], "mrz."))
            {
              const DiMrzCheck *check = di_mrz_find_check (mrz, must[i]);

              g_assert_nonnull (check);
              g_assert_cmpint (check->status, ==, DI_CHECK_FAIL);
            }
      }
}

/* The field the key names for a viz.* check differs between MRZ and visual zone. */
static void
assert_mrz_differs_from_viz (DiSpecimen *s)
{
  const char *const *lines = di_specimen_get_mrz (s);
  const char *const *must = di_specimen_get_must_fail (s);
  g_autoptr (DiMrz) mrz = di_mrz_parse (lines, g_strv_length ((char **) lines), &today);
  guint viz_checks = 0;

  for (guint i = 0; must[i] != NULL; i++)
    {
      DiMrzField field;
      const char *name;
      const char *mrz_value, *viz_value;

      if (!g_str_has_prefix (must[i], "viz."))
        continue;
      name = must[i] + 4;
      for (field = 0; field < DI_MRZ_N_FIELDS; field++)
        if (g_str_equal (di_mrz_field_to_string (field), name))
          break;
      g_assert_cmpint (field, <, DI_MRZ_N_FIELDS);
      mrz_value = di_mrz_get_field (mrz, field);
      viz_value = di_specimen_get_viz (s, field);
      if (field == DI_MRZ_FIELD_BIRTH_DATE || field == DI_MRZ_FIELD_EXPIRY_DATE)
        g_assert_false (same_date (mrz_value, viz_value));
      else if (field == DI_MRZ_FIELD_SURNAME || field == DI_MRZ_FIELD_GIVEN_NAMES)
        g_assert_false (same_name (mrz_value, viz_value));
      else
        g_assert_cmpstr (mrz_value, !=, viz_value);
      viz_checks++;
    }
  g_assert_cmpuint (viz_checks, ==, 1);
}

static void
test_forgery_mrz_recomputed (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    for (guint64 seed = 1; seed <= 20; seed++)
      {
        g_autoptr (DiSpecimen) s = forged (kind, seed, DI_FORGERY_MRZ_RECOMPUTED);
        const char *const *lines = di_specimen_get_mrz (s);
        g_autoptr (DiMrz) mrz = di_mrz_parse (lines, g_strv_length ((char **) lines), &today);

        /* check digits recomputed: the MRZ holds, only the visual zone tells */
        g_assert_true (di_mrz_is_valid (mrz));
        assert_mrz_differs_from_viz (s);
      }
}

static void
test_forgery_viz_altered (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    for (guint64 seed = 1; seed <= 20; seed++)
      {
        g_autoptr (DiSpecimen) genuine = di_specimen_new (kind, seed, &today);
        g_autoptr (DiSpecimen) s = forged (kind, seed, DI_FORGERY_VIZ_ALTERED);
        const char *const *lines = di_specimen_get_mrz (s);
        g_autoptr (DiMrz) mrz = di_mrz_parse (lines, g_strv_length ((char **) lines), &today);

        g_assert_true (di_mrz_is_valid (mrz));
        /* the MRZ is the genuine one */
        g_assert_true (g_strv_equal ((const char *const *) lines, di_specimen_get_mrz (genuine)));
        assert_mrz_differs_from_viz (s);
      }
}

static void
test_forgery_expired (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    {
      g_autoptr (DiSpecimen) s = forged (kind, 7, DI_FORGERY_EXPIRED);
      const char *const *lines = di_specimen_get_mrz (s);
      g_autoptr (DiMrz) mrz = di_mrz_parse (lines, g_strv_length ((char **) lines), &today);
      GDate expiry;

      g_assert_true (di_mrz_is_valid (mrz));
      g_assert_true (di_mrz_get_date (mrz, DI_MRZ_FIELD_EXPIRY_DATE, &expiry));
      g_assert_cmpint (g_date_compare (&expiry, &today), <, 0);
      g_assert_true (same_date (di_mrz_get_field (mrz, DI_MRZ_FIELD_EXPIRY_DATE),
                                di_specimen_get_viz (s, DI_MRZ_FIELD_EXPIRY_DATE)));
      g_assert_true (strv_has (di_specimen_get_must_fail (s), "doc.expired"));
    }
}

/* Print contrast of the MRZ band in IR: how much darker the darkest print is than paper. */
static double
mrz_ir_contrast (DiDocKind kind,
                 guint     forgeries)
{
  const KindLayout *l = di_specimen_kind_layout (kind);
  cairo_surface_t *ir = render (kind, 11, forgeries, DI_LIGHT_IR, 150);
  DiRect band = { l->mrz_x, l->mrz_band.y + 2.0, l->width - 2 * l->mrz_x, l->mrz_band.h - 3.0 };
  double dark_share = scan_rect (ir, 150, &band, is_dark, NULL);

  cairo_surface_destroy (ir);
  return dark_share;
}

static void
test_forgery_mrz_ir_ink (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    {
      double genuine = mrz_ir_contrast (kind, 0);
      double forged_ink = mrz_ir_contrast (kind, DI_FORGERY_MRZ_IR_INK);

      /* genuine MRZ print covers a good part of the band; the IR-clear ink almost none */
      g_assert_cmpfloat (genuine, >, 0.08);
      g_assert_cmpfloat (forged_ink, <, genuine * 0.1);
    }
}

static void
test_forgery_counterfeit_paper (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    {
      const KindLayout *l = di_specimen_kind_layout (kind);
      cairo_surface_t *genuine = render (kind, 5, 0, DI_LIGHT_UV, 150);
      cairo_surface_t *fake = render (kind, 5, DI_FORGERY_COUNTERFEIT_PAPER, DI_LIGHT_UV, 150);
      DiRect page = { 0, 0, l->width, l->height }, emblem[2];
      double lum_genuine, lum_fake;

      emblem_rects (kind, emblem);
      scan_rect (genuine, 150, &l->substrate[0], NULL, &lum_genuine);
      scan_rect (fake, 150, &l->substrate[0], NULL, &lum_fake);
      /* office paper glows; security paper stays dull */
      g_assert_cmpfloat (lum_genuine, <, 0.15);
      g_assert_cmpfloat (lum_fake, >, 0.5);
      /* fibres and the emblem colour are gone */
      g_assert_cmpfloat (scan_rect (genuine, 150, &page, is_fibre, NULL), >, 0.0003);
      g_assert_cmpfloat (scan_rect (fake, 150, &page, is_fibre, NULL), ==, 0.0);
      g_assert_cmpfloat (scan_rect (genuine, 150, &emblem[1], is_emblem_green, NULL), >, 0.02);
      g_assert_cmpfloat (scan_rect (fake, 150, &emblem[1], is_emblem_green, NULL), ==, 0.0);
      cairo_surface_destroy (genuine);
      cairo_surface_destroy (fake);
    }
}

static void
test_forgery_photo_substituted (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    {
      const KindLayout *l = di_specimen_kind_layout (kind);
      cairo_surface_t *genuine = render (kind, 9, 0, DI_LIGHT_UV, 150);
      cairo_surface_t *pasted = render (kind, 9, DI_FORGERY_PHOTO_SUBSTITUTED, DI_LIGHT_UV, 150);
      cairo_surface_t *white_genuine = render (kind, 9, 0, DI_LIGHT_WHITE, 150);
      cairo_surface_t *white_pasted = render (kind, 9, DI_FORGERY_PHOTO_SUBSTITUTED,
                                              DI_LIGHT_WHITE, 150);
      g_autoptr (DiSpecimen) s = forged (kind, 9, DI_FORGERY_PHOTO_SUBSTITUTED);
      DiRect emblem[2];
      double photo_genuine, photo_pasted;

      emblem_rects (kind, emblem);
      /* the emblem goes on beside the photo, but not over it */
      g_assert_cmpfloat (scan_rect (genuine, 150, &emblem[0], is_emblem_green, NULL), >, 0.02);
      g_assert_cmpfloat (scan_rect (pasted, 150, &emblem[0], is_emblem_green, NULL), ==, 0.0);
      g_assert_cmpfloat (scan_rect (pasted, 150, &emblem[1], is_emblem_green, NULL), >, 0.02);
      /* another face in white light */
      scan_rect (white_genuine, 150, &l->photo, NULL, &photo_genuine);
      scan_rect (white_pasted, 150, &l->photo, NULL, &photo_pasted);
      g_assert_cmpfloat (fabs (photo_genuine - photo_pasted), >, 0.0);
      g_assert_true (strv_has (di_specimen_get_must_fail (s), "uv.feature.emblem_photo"));
      g_assert_true (strv_has (di_specimen_get_must_fail (s), "photo.ghost") == (l->ghost.w > 0));
      cairo_surface_destroy (genuine);
      cairo_surface_destroy (pasted);
      cairo_surface_destroy (white_genuine);
      cairo_surface_destroy (white_pasted);
    }
}

static void
test_forgery_flags (void)
{
  for (int i = 0; i < DI_N_FORGERIES; i++)
    {
      DiForgery f = 1u << i, back;

      g_assert_true (di_forgery_from_string (di_forgery_to_string (f), &back));
      g_assert_cmpint (back, ==, f);
      g_assert_nonnull (di_forgery_threat_class (f));
    }
  g_assert_false (di_forgery_from_string ("bogus", &(DiForgery) { 0 }));
}

/* --- lights ------------------------------------------------------------------------------ */

static void
test_lights (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    {
      const KindLayout *l = di_specimen_kind_layout (kind);
      cairo_surface_t *white = render (kind, 4, 0, DI_LIGHT_WHITE, 150);
      cairo_surface_t *ir = render (kind, 4, 0, DI_LIGHT_IR, 150);
      double var_white = 0, var_ir = 0, mean;

      /* same geometry under every light */
      g_assert_cmpint (cairo_image_surface_get_width (white), ==,
                       cairo_image_surface_get_width (ir));
      g_assert_cmpint (cairo_image_surface_get_height (white), ==,
                       cairo_image_surface_get_height (ir));
      g_assert_cmpint (cairo_image_surface_get_width (white), ==,
                       (int) lround (l->width / 25.4 * 150));
      /* the guilloche shows in white light and drops out in IR: a blank area's pixels vary
       * in white light and are flat in IR */
      scan_rect (white, 150, &l->substrate[0], NULL, &mean);
      {
        double scale = 150 / 25.4;
        const DiRect *r = &l->substrate[0];

        for (int y = (int) (r->y * scale); y < (int) ((r->y + r->h) * scale); y++)
          for (int x = (int) (r->x * scale); x < (int) ((r->x + r->w) * scale); x++)
            {
              var_white += fabs (luminance (pixel (white, x, y)) - mean);
              var_ir += fabs (luminance (pixel (ir, x, y)) - luminance (pixel (ir, (int) (r->x * scale),
                                                                             (int) (r->y * scale))));
            }
      }
      g_assert_cmpfloat (var_white, >, 10 * var_ir);
      cairo_surface_destroy (white);
      cairo_surface_destroy (ir);
    }
}

/* --- exercises ----------------------------------------------------------------------------- */

static char *
read_all (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* SHA-256 of every file under a folder, by relative path */
static void
digest_tree (const char *root,
             const char *rel,
             GString    *out)
{
  g_autofree char *dir_path = g_build_filename (root, rel, NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sub = g_build_filename (rel, names->pdata[i], NULL);
      g_autofree char *path = g_build_filename (root, sub, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        digest_tree (root, sub, out);
      else
        {
          g_autofree char *digest = read_all (path);

          g_string_append_printf (out, "%s %s\n", sub, digest);
        }
    }
}

static void
small_options (DiExerciseOptions *o,
               DiCaptureLevel     capture,
               guint              jobs)
{
  di_exercise_options_init (o);
  o->count = 6;
  o->seed = 42;
  o->dpi = 150;
  o->today = today;
  o->capture = capture;
  o->jobs = jobs;
  o->forgery_rate = 0.7;
}

static void
test_exercise_deterministic (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("di-exercise-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (tmp, "a", NULL);
  g_autofree char *b = g_build_filename (tmp, "b", NULL);
  g_autoptr (GString) da = g_string_new (NULL);
  g_autoptr (GString) db = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  DiExerciseOptions o1, o2;

  /* the same seed and options, one thread and two: the same bytes */
  small_options (&o1, DI_CAPTURE_MEDIUM, 1);
  small_options (&o2, DI_CAPTURE_MEDIUM, 2);
  g_assert_true (di_exercise_generate (&o1, a, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (di_exercise_generate (&o2, b, NULL, NULL, &error));
  g_assert_no_error (error);
  digest_tree (a, "", da);
  digest_tree (b, "", db);
  g_assert_cmpstr (da->str, ==, db->str);
  g_assert_nonnull (strstr (da->str, "answers.json"));

  /* a written exercise is not overwritten */
  g_assert_false (di_exercise_generate (&o1, a, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  di_test_remove_tree (tmp);
}

static void
test_exercise_key (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("di-exercise-XXXXXX", NULL);
  g_autofree char *key_path = g_build_filename (tmp, "answers.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonArray *docs;
  DiExerciseOptions o;
  guint forged = 0;

  small_options (&o, DI_CAPTURE_NONE, 0);
  o.count = 12;
  g_assert_true (di_exercise_generate (&o, tmp, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, key_path, &error));
  docs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "documents");
  g_assert_cmpuint (json_array_get_length (docs), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      JsonObject *d = json_array_get_object_element (docs, i);
      JsonObject *files = json_object_get_object_member (d, "files");
      gboolean genuine = json_object_get_boolean_member (d, "genuine");
      guint n_must = json_array_get_length (json_object_get_array_member (d, "must_fail"));
      const char *lights[] = { "white", "uv", "ir" };

      for (guint k = 0; k < 3; k++)
        {
          g_autofree char *path = g_build_filename (tmp, json_object_get_string_member (files,
                                                                                       lights[k]),
                                                    NULL);

          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        }
      g_assert_true (genuine == (n_must == 0));
      g_assert_true (genuine == (json_array_get_length (json_object_get_array_member (d,
                                                                         "forgeries")) == 0));
      g_assert_nonnull (json_object_get_string_member (d, "difficulty"));
      forged += !genuine;
    }
  g_assert_cmpuint (forged, >, 0);
  di_test_remove_tree (tmp);
}

static void
test_exercise_score (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("di-exercise-XXXXXX", NULL);
  g_autofree char *key_path = g_build_filename (tmp, "answers.json", NULL);
  g_autofree char *answers_path = g_build_filename (tmp, "trainee.json", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (GString) answers = g_string_new ("{\"answers\": [");
  JsonArray *docs;
  JsonObject *r;
  DiExerciseOptions o;
  guint n_forged = 0, n_genuine = 0, first_forged = G_MAXUINT;

  small_options (&o, DI_CAPTURE_NONE, 0);
  o.count = 10;
  g_assert_true (di_exercise_generate (&o, tmp, NULL, NULL, &error));
  g_assert_true (json_parser_load_from_file (parser, key_path, &error));
  docs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "documents");

  /* a trainee who flags every forged document but one, with its first must-fail reason,
   * raises one false alarm, and leaves the last document unanswered */
  for (guint i = 0; i + 1 < json_array_get_length (docs); i++)
    {
      JsonObject *d = json_array_get_object_element (docs, i);
      gboolean genuine = json_object_get_boolean_member (d, "genuine");
      JsonArray *must = json_object_get_array_member (d, "must_fail");
      const char *verdict = "accept", *reason = "";

      if (!genuine && first_forged == G_MAXUINT)
        first_forged = i;
      else if (!genuine)
        {
          verdict = "reject";
          reason = json_array_get_string_element (must, 0);
        }
      else if (n_genuine == 0)
        verdict = "review";
      n_forged += !genuine;
      n_genuine += genuine;
      g_string_append_printf (answers, "%s{\"document\": \"%s\", \"verdict\": \"%s\", "
                              "\"reasons\": [\"%s\"]}", i > 0 ? "," : "",
                              json_object_get_string_member (d, "id"), verdict, reason);
    }
  g_string_append (answers, "]}");
  g_assert_true (g_file_set_contents (answers_path, answers->str, -1, NULL));
  g_assert_cmpuint (n_forged, >=, 2);
  g_assert_cmpuint (n_genuine, >=, 1);

  report = di_exercise_score (key_path, answers_path, &error);
  g_assert_no_error (error);
  r = json_node_get_object (report);
  {
    JsonObject *last = json_array_get_object_element (docs, json_array_get_length (docs) - 1);
    guint forged_total = n_forged + !json_object_get_boolean_member (last, "genuine");
    guint genuine_total = n_genuine + json_object_get_boolean_member (last, "genuine");

    g_assert_cmpint (json_object_get_int_member (r, "forged"), ==, forged_total);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (r, "detection_rate"),
                                    (double) (n_forged - 1) / forged_total, 0.001);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (r, "false_alarm_rate"),
                                    1.0 / genuine_total, 0.001);
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (r, "unanswered")), ==,
                    1);
  g_assert_nonnull (json_object_get_object_member (r, "per_threat_class"));

  /* scoring a missing file is an error, not a crash */
  g_clear_pointer (&report, json_node_unref);
  report = di_exercise_score (key_path, "/nonexistent/answers.json", &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  di_test_remove_tree (tmp);
}

static void
test_layout_description (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    {
      g_autoptr (GKeyFile) kf = di_specimen_layout (kind, 300);
      g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
      guint features = 0;

      g_autofree char *state = g_key_file_get_string (kf, "template", "issuing_state", NULL);

      g_assert_cmpstr (state, ==, "UTO");
      for (guint i = 0; groups[i] != NULL; i++)
        features += g_str_has_prefix (groups[i], "feature:");
      g_assert_cmpuint (features, >=, 7);
      g_assert_true (g_key_file_has_group (kf, "viz:surname"));
      g_assert_true (g_key_file_has_group (kf, "mrz"));
    }
}

/* The templates shipped in templates/ describe what the renderer draws: every key of the
 * layout is in template.ini with the same value, and the template validates. */
static void
test_shipped_templates (void)
{
  for (DiDocKind kind = 0; kind < DI_N_DOC_KINDS; kind++)
    {
      g_autofree char *dir = g_build_filename (DI_SOURCE_DIR, "templates",
                                               di_specimen_template_id (kind), NULL);
      g_autofree char *ini = g_build_filename (dir, "template.ini", NULL);
      g_autoptr (GKeyFile) shipped = g_key_file_new ();
      g_autoptr (GKeyFile) layout = di_specimen_layout (kind, 300);
      g_autoptr (GPtrArray) problems = di_template_validate (dir);
      g_auto (GStrv) groups = g_key_file_get_groups (layout, NULL);
      g_autoptr (GError) error = NULL;

      g_assert_cmpuint (problems->len, ==, 0);
      g_key_file_load_from_file (shipped, ini, G_KEY_FILE_NONE, &error);
      g_assert_no_error (error);
      for (guint g = 0; groups[g] != NULL; g++)
        {
          g_auto (GStrv) keys = g_key_file_get_keys (layout, groups[g], NULL, NULL);

          for (guint k = 0; keys[k] != NULL; k++)
            {
              g_autofree char *want = g_key_file_get_value (layout, groups[g], keys[k], NULL);
              g_autofree char *got = g_key_file_get_value (shipped, groups[g], keys[k], NULL);

              if (g_strcmp0 (want, got) != 0)
                g_error ("templates/%s [%s] %s is %s, the renderer says %s: run "
                         "tools/make-templates", di_specimen_template_id (kind), groups[g],
                         keys[k], got, want);
            }
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, 11, 2026);

  if (!di_specimen_check_fonts (NULL))
    g_error ("the OCR-B and DejaVu fonts are needed (tools/debian-packages)");

  g_test_add_func ("/specimen/genuine-consistent", test_genuine_consistent);
  g_test_add_func ("/specimen/lights", test_lights);
  g_test_add_func ("/specimen/layout-description", test_layout_description);
  g_test_add_func ("/specimen/shipped-templates", test_shipped_templates);
  g_test_add_func ("/forgery/flags", test_forgery_flags);
  g_test_add_func ("/forgery/mrz-check-digit", test_forgery_mrz_check_digit);
  g_test_add_func ("/forgery/mrz-recomputed", test_forgery_mrz_recomputed);
  g_test_add_func ("/forgery/viz-altered", test_forgery_viz_altered);
  g_test_add_func ("/forgery/expired", test_forgery_expired);
  g_test_add_func ("/forgery/mrz-ir-ink", test_forgery_mrz_ir_ink);
  g_test_add_func ("/forgery/counterfeit-paper", test_forgery_counterfeit_paper);
  g_test_add_func ("/forgery/photo-substituted", test_forgery_photo_substituted);
  g_test_add_func ("/exercise/deterministic", test_exercise_deterministic);
  g_test_add_func ("/exercise/key", test_exercise_key);
  g_test_add_func ("/exercise/score", test_exercise_score);

  return g_test_run ();
}
