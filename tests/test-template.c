/* test-template.c — reference templates: loading, validation, matching, listing, creation
 * from scans, and `docinspect templates`
 *
 * Every test writes small synthetic templates (50 × 30 mm at 150 dpi, 295 × 177 pixels) into
 * a temporary folder of its own and removes it afterwards.
 */
#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "di-app.h"
#include "di-image.h"
#include "di-template.h"
#include "di-test-util.h"

#define ID "UTO-T-2024"
#define WIDTH_PX 295     /* 50 mm at 150 dpi: 295.3 */
#define HEIGHT_PX 177    /* 30 mm at 150 dpi: 177.2 */

#define TD1_L1 "I<UTOD231458907<<<<<<<<<<<<<<<"
#define TD1_L2 "7408122F1204159UTO<<<<<<<<<<<6"
#define TD1_L3 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"
#define TD3_L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"

static const char base_ini[] =
  "# a synthetic card for the tests\n"
  "[template]\n"
  "id=" ID "\n"
  "name=Utopia test card\n"
  "name[fr]=Carte d'essai d'Utopie\n"
  "issuing_state=UTO\n"
  "document_code=I\n"
  "mrz_format=TD1\n"
  "width_mm=50\n"
  "height_mm=30\n"
  "dpi=150\n"
  "specimen=true\n"
  "\n"
  "[mrz]\n"
  "rect_mm=2;20;46;9\n"
  "\n"
  "[viz:surname]\n"
  "rect_mm=20;4;25;3\n"
  "\n"
  "[viz:birth_date]\n"
  "rect_mm=20;8;20;3\n"
  "format=DD.MM.YYYY\n"
  "\n"
  "[viz:expiry_date]\n"
  "rect_mm=20;12;20;3\n"
  "\n"
  "[feature:paper]\n"
  "check=uv.dull_paper\n"
  "light=uv\n"
  "rects_mm=1,1,10,5;30,1,15.5,5\n"
  "method=luminance\n"
  "threshold=0.25\n"
  "compare=max\n"
  "description=The paper stays dark under UV light.\n"
  "\n"
  "[feature:emblem]\n"
  "check=uv.feature.emblem\n"
  "light=uv\n"
  "rects_mm=5,5,10,10\n"
  "method=pattern\n"
  "threshold=0.6\n"
  "colours=#FF0000;#00ff80\n"
  "critical=false\n"
  "description=A red and green emblem glows under UV light.\n"
  "\n"
  "[feature:ghost]\n"
  "check=white.ghost_image\n"
  "light=white\n"
  "rects_mm=40,5,8,10\n"
  "method=ghost_match\n"
  "threshold=0.5\n"
  "compare_with_mm=2,2,15,17\n"
  "description=The ghost image repeats the photo.\n"
  "\n"
  "[feature:mrz_ir]\n"
  "check=ir.mrz_contrast\n"
  "light=ir\n"
  "rects_mm=2,20,48,10\n"
  "method=print_contrast\n"
  "threshold=0.4\n"
  "critical=true\n"
  "description=The MRZ prints black in infrared light.\n";

typedef struct {
  char *tmp;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->tmp = g_dir_make_tmp ("test-template-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  di_test_remove_tree (f->tmp);
  g_assert_false (g_file_test (f->tmp, G_FILE_TEST_EXISTS));
  g_free (f->tmp);
}

/* A page drawn under a light: a background and a dark block in the top-left quarter. */
static void
draw_png (const char *path,
          int         width,
          int         height,
          DiLight     light)
{
  static const double backgrounds[DI_N_LIGHTS][3] = {
    { 1.0, 1.0, 1.0 }, { 0.1, 0.1, 0.4 }, { 0.7, 0.7, 0.7 },
  };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, backgrounds[light][0], backgrounds[light][1],
                        backgrounds[light][2]);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_rectangle (cr, 0, 0, width / 2.0, height / 2.0);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static GKeyFile *
base_key_file (void)
{
  GKeyFile *kf = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_key_file_load_from_data (kf, base_ini, -1, G_KEY_FILE_KEEP_COMMENTS, &error);
  g_assert_no_error (error);
  return kf;
}

/* Writes a template folder `parent/folder` with the key file and three reference images of
 * the given sizes (0: the page's size at 150 dpi). Returns its path. */
static char *
write_template_sized (const char *parent,
                      const char *folder,
                      GKeyFile   *kf,
                      const int   sizes[DI_N_LIGHTS][2])
{
  static const char *const files[DI_N_LIGHTS] = { "white.png", "uv.png", "ir.png" };
  char *dir = g_build_filename (parent, folder, NULL);
  g_autofree char *ini = g_build_filename (dir, "template.ini", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_key_file_save_to_file (kf, ini, &error);
  g_assert_no_error (error);
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autofree char *path = g_build_filename (dir, files[light], NULL);

      draw_png (path, sizes != NULL ? sizes[light][0] : WIDTH_PX,
                sizes != NULL ? sizes[light][1] : HEIGHT_PX, light);
    }
  return dir;
}

static char *
write_template (const char *parent,
                const char *folder,
                GKeyFile   *kf)
{
  return write_template_sized (parent, folder, kf, NULL);
}

static gboolean
problems_mention (GPtrArray  *problems,
                  const char *text)
{
  for (guint i = 0; i < problems->len; i++)
    if (strstr (problems->pdata[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) problems->pdata[i]);
}

/* The folder has a problem mentioning `text`, and loading it fails naming its first one. */
static void
assert_invalid (const char *dir,
                const char *text,
                int         load_error)
{
  g_autoptr (GPtrArray) problems = di_template_validate (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (DiTemplate) t = NULL;

  print_problems (problems);
  g_assert_cmpuint (problems->len, >=, 1);
  g_assert_true (problems_mention (problems, text));
  for (guint i = 0; i < problems->len; i++)
    {
      const char *p = problems->pdata[i];

      /* sentences: one line of UTF-8 each, ending with a full stop */
      g_assert_null (strchr (p, '\n'));
      g_assert_true (g_utf8_validate (p, -1, NULL));
      g_assert_true (g_str_has_suffix (p, "."));
    }

  t = di_template_load (dir, &error);
  g_assert_null (t);
  g_assert_error (error, DI_TEMPLATE_ERROR, load_error);
  g_assert_null (strchr (error->message, '\n'));
  if (load_error == DI_TEMPLATE_ERROR_INVALID)
    {
      g_autofree char *first = g_strndup (problems->pdata[0],
                                          strlen (problems->pdata[0]) - 1);

      /* the problems of template.ini come before those of the images */
      g_assert_nonnull (strstr (error->message, first));
    }
}

/* --- a valid template -------------------------------------------------------------------- */

static void
test_load_valid (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = write_template (f->tmp, ID, kf);
  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  g_autoptr (GPtrArray) problems = di_template_validate (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (DiTemplate) t = NULL;
  const DiTemplateFeature *features;
  const DiTemplateViz *viz;
  const DiRect *rect;
  DiRect mrz;
  double width, height;
  guint n;

  print_problems (problems);
  g_assert_cmpuint (problems->len, ==, 0);
  t = di_template_load (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (t);

  g_assert_cmpstr (di_template_get_id (t), ==, ID);
  g_assert_cmpstr (di_template_get_name (t), ==, "Utopia test card");
  g_assert_cmpstr (di_template_get_dir (t), ==, canonical);
  g_assert_cmpstr (di_template_get_issuing_state (t), ==, "UTO");
  g_assert_cmpstr (di_template_get_document_code (t), ==, "I");
  g_assert_cmpint (di_template_get_mrz_format (t), ==, DI_MRZ_FORMAT_TD1);
  di_template_get_size_mm (t, &width, &height);
  g_assert_cmpfloat (width, ==, 50.0);
  g_assert_cmpfloat (height, ==, 30.0);
  g_assert_cmpfloat (di_template_get_dpi (t), ==, 150.0);
  g_assert_true (di_template_is_specimen (t));
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autofree char *path = di_template_get_image_path (t, light);
      g_autofree char *file = g_strconcat (di_light_to_string (light), ".png", NULL);
      g_autofree char *expected = g_build_filename (canonical, file, NULL);

      g_assert_cmpstr (path, ==, expected);
    }

  g_assert_true (di_template_get_mrz_rect (t, &mrz));
  g_assert_cmpfloat (mrz.x, ==, 2);
  g_assert_cmpfloat (mrz.y, ==, 20);
  g_assert_cmpfloat (mrz.w, ==, 46);
  g_assert_cmpfloat (mrz.h, ==, 9);

  viz = di_template_get_viz (t, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (viz[0].field, ==, DI_MRZ_FIELD_SURNAME);
  g_assert_cmpfloat (viz[0].rect.x, ==, 20);
  g_assert_cmpfloat (viz[0].rect.w, ==, 25);
  g_assert_null (viz[0].format);
  g_assert_cmpint (viz[1].field, ==, DI_MRZ_FIELD_BIRTH_DATE);
  g_assert_cmpstr (viz[1].format, ==, "DD.MM.YYYY");
  g_assert_cmpint (viz[2].field, ==, DI_MRZ_FIELD_EXPIRY_DATE);
  g_assert_cmpstr (viz[2].format, ==, "DD MMM YYYY");   /* the default */

  features = di_template_get_features (t, &n);
  g_assert_cmpuint (n, ==, 4);

  g_assert_cmpstr (features[0].name, ==, "paper");
  g_assert_cmpstr (features[0].check, ==, "uv.dull_paper");
  g_assert_cmpint (features[0].light, ==, DI_LIGHT_UV);
  g_assert_cmpuint (features[0].rects->len, ==, 2);
  rect = &g_array_index (features[0].rects, DiRect, 1);
  g_assert_cmpfloat (rect->x, ==, 30);
  g_assert_cmpfloat (rect->y, ==, 1);
  g_assert_cmpfloat (rect->w, ==, 15.5);
  g_assert_cmpfloat (rect->h, ==, 5);
  g_assert_cmpint (features[0].method, ==, DI_METHOD_LUMINANCE);
  g_assert_cmpfloat (features[0].threshold, ==, 0.25);
  g_assert_true (features[0].at_most);
  g_assert_true (features[0].critical);             /* the default */
  g_assert_cmpuint (features[0].colours->len, ==, 0);
  g_assert_cmpstr (features[0].description, ==, "The paper stays dark under UV light.");

  g_assert_cmpstr (features[1].name, ==, "emblem");
  g_assert_cmpint (features[1].method, ==, DI_METHOD_PATTERN);
  g_assert_false (features[1].at_most);             /* compare=min is the default */
  g_assert_false (features[1].critical);
  g_assert_cmpuint (features[1].colours->len, ==, 2);
  g_assert_cmphex (g_array_index (features[1].colours, guint32, 0), ==, 0xFF0000);
  g_assert_cmphex (g_array_index (features[1].colours, guint32, 1), ==, 0x00FF80);

  g_assert_cmpstr (features[2].name, ==, "ghost");
  g_assert_cmpint (features[2].light, ==, DI_LIGHT_WHITE);
  g_assert_cmpint (features[2].method, ==, DI_METHOD_GHOST_MATCH);
  g_assert_cmpfloat (features[2].compare_with.x, ==, 2);
  g_assert_cmpfloat (features[2].compare_with.y, ==, 2);
  g_assert_cmpfloat (features[2].compare_with.w, ==, 15);
  g_assert_cmpfloat (features[2].compare_with.h, ==, 17);

  g_assert_cmpstr (features[3].check, ==, "ir.mrz_contrast");
  g_assert_cmpint (features[3].light, ==, DI_LIGHT_IR);
  g_assert_cmpint (features[3].method, ==, DI_METHOD_PRINT_CONTRAST);

  /* references are counted */
  g_assert_true (di_template_ref (t) == t);
  di_template_unref (t);
  g_assert_cmpstr (di_template_get_id (t), ==, ID);
}

static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  /* no [mrz], no viz, no specimen key, images named by keys */
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *from = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DiTemplate) t = NULL;
  DiRect rect = { -1, -1, -1, -1 };
  guint n;

  g_key_file_remove_group (kf, "mrz", NULL);
  g_key_file_remove_group (kf, "viz:surname", NULL);
  g_key_file_remove_group (kf, "viz:birth_date", NULL);
  g_key_file_remove_group (kf, "viz:expiry_date", NULL);
  g_key_file_remove_key (kf, "template", "specimen", NULL);
  g_key_file_set_string (kf, "template", "ir", "reference-ir.png");
  dir = write_template (f->tmp, ID, kf);
  from = g_build_filename (dir, "ir.png", NULL);
  renamed = g_build_filename (dir, "reference-ir.png", NULL);
  g_assert_cmpint (g_rename (from, renamed), ==, 0);

  t = di_template_load (dir, &error);
  g_assert_no_error (error);
  g_assert_false (di_template_get_mrz_rect (t, &rect));
  g_assert_cmpfloat (rect.x, ==, -1);
  di_template_get_viz (t, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_false (di_template_is_specimen (t));
  path = di_template_get_image_path (t, DI_LIGHT_IR);
  g_assert_true (g_str_has_suffix (path, "/reference-ir.png"));
}

static void
test_method_names (void)
{
  static const char *const names[] = {
    "luminance", "pattern", "fibres", "print_contrast", "dropout", "visible", "ghost_match",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == DI_N_METHODS);
  for (DiMethod m = 0; m < DI_N_METHODS; m++)
    g_assert_cmpstr (di_method_to_string (m), ==, names[m]);
  g_assert_null (di_method_to_string (DI_N_METHODS));
}

/* --- every kind of problem --------------------------------------------------------------- */

typedef struct {
  const char *path;
  const char *group;
  const char *key;
  const char *value;     /* NULL: the key is removed */
  const char *expect;    /* what the problem sentence mentions */
} IniCase;

static const IniCase ini_cases[] = {
  /* missing required keys */
  { "missing/id", "template", "id", NULL, "id" },
  { "missing/name", "template", "name", NULL, "name" },
  { "missing/issuing-state", "template", "issuing_state", NULL, "issuing_state" },
  { "missing/document-code", "template", "document_code", NULL, "document_code" },
  { "missing/mrz-format", "template", "mrz_format", NULL, "mrz_format" },
  { "missing/width", "template", "width_mm", NULL, "width_mm" },
  { "missing/height", "template", "height_mm", NULL, "height_mm" },
  { "missing/dpi", "template", "dpi", NULL, "dpi" },
  { "missing/mrz-rect", "mrz", "rect_mm", NULL, "rect_mm" },
  { "missing/viz-rect", "viz:surname", "rect_mm", NULL, "rect_mm" },
  { "missing/check", "feature:paper", "check", NULL, "check" },
  { "missing/light", "feature:paper", "light", NULL, "light" },
  { "missing/rects", "feature:paper", "rects_mm", NULL, "rects_mm" },
  { "missing/method", "feature:paper", "method", NULL, "method" },
  { "missing/threshold", "feature:paper", "threshold", NULL, "threshold" },
  { "missing/description", "feature:paper", "description", NULL, "description" },
  { "empty/name", "template", "name", "  ", "name" },
  /* invalid values */
  { "id/charset", "template", "id", "uto-t-2024", "id" },
  { "id/underscore", "template", "id", "UTO_T_2024", "id" },
  { "id/folder", "template", "id", "UTO-X-2024", "id" },
  { "issuing-state", "template", "issuing_state", "Utopia", "issuing_state" },
  { "document-code", "template", "document_code", "P1", "document_code" },
  { "mrz-format", "template", "mrz_format", "TD4", "mrz_format" },
  { "width/negative", "template", "width_mm", "-50", "width_mm" },
  { "width/text", "template", "width_mm", "fifty", "width_mm" },
  { "height/zero", "template", "height_mm", "0", "height_mm" },
  { "dpi/low", "template", "dpi", "100", "dpi" },
  { "dpi/high", "template", "dpi", "601", "dpi" },
  { "dpi/nan", "template", "dpi", "nan", "dpi" },
  { "specimen", "template", "specimen", "yes", "specimen" },
  { "image/path", "template", "white", "../white.png", "white" },
  { "unknown/key", "feature:emblem", "critcal", "false", "critcal" },
  { "unknown/group", "featur:x", "check", "uv.x", "featur:x" },
  { "light", "feature:paper", "light", "red", "light" },
  { "light/newline", "feature:paper", "light", "ultra\nviolet", "light" },
  { "method", "feature:paper", "method", "blur", "method" },
  { "compare", "feature:paper", "compare", "less", "compare" },
  { "critical", "feature:paper", "critical", "maybe", "critical" },
  { "check/syntax", "feature:paper", "check", "UV Paper", "check" },
  { "check/duplicate", "feature:ghost", "check", "uv.dull_paper", "check" },
  { "threshold/text", "feature:paper", "threshold", "low", "threshold" },
  { "threshold/nan", "feature:paper", "threshold", "nan", "threshold" },
  { "threshold/inf", "feature:paper", "threshold", "inf", "threshold" },
  { "threshold/trailing", "feature:paper", "threshold", "0.5x", "threshold" },
  { "rect/outside-right", "feature:paper", "rects_mm", "1,1,10,5;45,1,10,5", "rects_mm" },
  { "rect/outside-bottom", "mrz", "rect_mm", "2;25;46;9", "rect_mm" },
  { "rect/negative-origin", "viz:surname", "rect_mm", "-1;4;25;3", "rect_mm" },
  { "rect/zero-width", "feature:paper", "rects_mm", "1,1,0,5", "rects_mm" },
  { "rect/negative-height", "feature:emblem", "rects_mm", "5,5,10,-10", "rects_mm" },
  { "rect/three-numbers", "feature:paper", "rects_mm", "1,1,5", "rects_mm" },
  { "rect/empty-list", "feature:paper", "rects_mm", ";", "rects_mm" },
  { "rect/mrz-syntax", "mrz", "rect_mm", "2;20;46", "rect_mm" },
  { "colours/short", "feature:emblem", "colours", "#FF00;#00FF80", "colours" },
  { "colours/name", "feature:emblem", "colours", "red", "colours" },
  { "colours/missing", "feature:emblem", "colours", NULL, "colours" },
  { "ghost-match/no-compare-with", "feature:ghost", "compare_with_mm", NULL,
    "compare_with_mm" },
  { "ghost-match/compare-with-outside", "feature:ghost", "compare_with_mm", "40,20,20,20",
    "compare_with_mm" },
  { "viz/field", "viz:height", "rect_mm", "1;1;5;5", "height" },
  { "viz/raw-field", "viz:birth_date_raw", "rect_mm", "1;1;5;5", "birth_date_raw" },
  { "viz/format-not-date", "viz:surname", "format", "DD MMM YYYY", "format" },
  { "viz/date-format", "viz:birth_date", "format", "YYYY", "format" },
};

static void
test_ini_problem (Fixture       *f,
                  gconstpointer  data)
{
  const IniCase *c = data;
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = NULL;

  if (c->value != NULL)
    g_key_file_set_string (kf, c->group, c->key, c->value);
  else
    g_assert_true (g_key_file_remove_key (kf, c->group, c->key, NULL));
  dir = write_template (f->tmp, ID, kf);
  assert_invalid (dir, c->expect, DI_TEMPLATE_ERROR_INVALID);
}

static void
test_all_problems (Fixture       *f,
                   gconstpointer  data)
{
  /* validation goes on past the first problem */
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = NULL;
  g_autofree char *uv = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  g_key_file_set_string (kf, "template", "dpi", "1000");
  g_key_file_set_string (kf, "feature:paper", "light", "green");
  g_key_file_set_string (kf, "feature:emblem", "threshold", "high");
  g_key_file_remove_key (kf, "feature:ghost", "compare_with_mm", NULL);
  dir = write_template (f->tmp, ID, kf);
  uv = g_build_filename (dir, "uv.png", NULL);
  g_remove (uv);

  problems = di_template_validate (dir);
  print_problems (problems);
  g_assert_cmpuint (problems->len, ==, 5);
  g_assert_true (problems_mention (problems, "dpi"));
  g_assert_true (problems_mention (problems, "light"));
  g_assert_true (problems_mention (problems, "threshold"));
  g_assert_true (problems_mention (problems, "compare_with_mm"));
  g_assert_true (problems_mention (problems, "uv.png"));
}

static void
test_no_template_group (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = NULL;

  g_key_file_remove_group (kf, "template", NULL);
  dir = write_template (f->tmp, ID, kf);
  assert_invalid (dir, "[template]", DI_TEMPLATE_ERROR_INVALID);
}

static void
test_no_ini (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->tmp, ID, NULL);
  g_autofree char *missing = g_build_filename (f->tmp, "nothing-here", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DiTemplate) t = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  assert_invalid (dir, "template.ini", DI_TEMPLATE_ERROR_NOT_FOUND);

  t = di_template_load (missing, &error);
  g_assert_null (t);
  g_assert_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_NOT_FOUND);
  problems = di_template_validate (missing);
  g_assert_cmpuint (problems->len, ==, 1);
}

static void
test_ini_syntax (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (f->tmp, ID, NULL);
  g_autofree char *ini = g_build_filename (dir, "template.ini", NULL);

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (ini, "[template\nid=" ID "\n", -1, NULL));
  assert_invalid (dir, "template.ini", DI_TEMPLATE_ERROR_INVALID);
  /* not UTF-8 */
  g_assert_true (g_file_set_contents (ini, "[template]\nname=\xff\xfe\n", -1, NULL));
  assert_invalid (dir, "name", DI_TEMPLATE_ERROR_INVALID);
}

static void
test_image_missing (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = write_template (f->tmp, ID, kf);
  g_autofree char *uv = g_build_filename (dir, "uv.png", NULL);

  g_assert_cmpint (g_remove (uv), ==, 0);
  assert_invalid (dir, "uv", DI_TEMPLATE_ERROR_INVALID);
  assert_invalid (dir, "missing", DI_TEMPLATE_ERROR_INVALID);
}

static void
test_image_unreadable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = write_template (f->tmp, ID, kf);
  g_autofree char *ir = g_build_filename (dir, "ir.png", NULL);

  g_assert_true (g_file_set_contents (ir, "not an image at all", -1, NULL));
  assert_invalid (dir, "ir.png", DI_TEMPLATE_ERROR_INVALID);
  assert_invalid (dir, "cannot be read", DI_TEMPLATE_ERROR_INVALID);
}

static void
test_image_sizes_differ (Fixture       *f,
                         gconstpointer  data)
{
  /* each within 1% of the page's size, but not the same */
  static const int sizes[DI_N_LIGHTS][2] = {
    { WIDTH_PX, HEIGHT_PX }, { WIDTH_PX + 2, HEIGHT_PX }, { WIDTH_PX, HEIGHT_PX },
  };
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = write_template_sized (f->tmp, ID, kf, sizes);
  g_autoptr (GPtrArray) problems = di_template_validate (dir);

  print_problems (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  assert_invalid (dir, "differ in size", DI_TEMPLATE_ERROR_INVALID);
  assert_invalid (dir, "uv", DI_TEMPLATE_ERROR_INVALID);
}

static void
test_image_wrong_dpi (Fixture       *f,
                      gconstpointer  data)
{
  /* 50 × 30 mm at 120 dpi: the images do not match dpi=150 */
  static const int sizes[DI_N_LIGHTS][2] = { { 236, 142 }, { 236, 142 }, { 236, 142 } };
  /* 1% tolerance: 297 × 178 passes, 299 × 177 does not */
  static const int close[DI_N_LIGHTS][2] = { { 297, 178 }, { 297, 178 }, { 297, 178 } };
  static const int off[DI_N_LIGHTS][2] = { { 299, 177 }, { 299, 177 }, { 299, 177 } };
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = write_template_sized (f->tmp, ID, kf, sizes);
  g_autofree char *close_dir = NULL;
  g_autofree char *off_dir = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GPtrArray) close_problems = NULL;

  problems = di_template_validate (dir);
  g_assert_cmpuint (problems->len, ==, 3);   /* one per image */
  assert_invalid (dir, "dpi", DI_TEMPLATE_ERROR_INVALID);

  close_dir = write_template_sized (f->tmp, "close/" ID, kf, close);
  close_problems = di_template_validate (close_dir);
  print_problems (close_problems);
  g_assert_cmpuint (close_problems->len, ==, 0);
  off_dir = write_template_sized (f->tmp, "off/" ID, kf, off);
  assert_invalid (off_dir, "white.png", DI_TEMPLATE_ERROR_INVALID);
}

/* --- matching an MRZ --------------------------------------------------------------------- */

static DiTemplate *
load_variant (const char *parent,
              const char *folder,
              const char *state,
              const char *code,
              const char *format)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;
  DiTemplate *t;

  g_key_file_set_string (kf, "template", "issuing_state", state);
  g_key_file_set_string (kf, "template", "document_code", code);
  g_key_file_set_string (kf, "template", "mrz_format", format);
  dir = write_template (parent, folder, kf);
  t = di_template_load (dir, &error);
  g_assert_no_error (error);
  return t;
}

static void
test_matches (Fixture       *f,
              gconstpointer  data)
{
  const char *td1[] = { TD1_L1, TD1_L2, TD1_L3 };
  const char *td1_iv[] = { "IVUTOD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3 };
  const char *td1_d[] = { "I<D<<D231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3 };
  const char *td3[] = { TD3_L1, TD3_L2 };
  g_autoptr (DiMrz) mrz_td1 = di_mrz_parse (td1, 3, NULL);
  g_autoptr (DiMrz) mrz_iv = di_mrz_parse (td1_iv, 3, NULL);
  g_autoptr (DiMrz) mrz_d = di_mrz_parse (td1_d, 3, NULL);
  g_autoptr (DiMrz) mrz_td3 = di_mrz_parse (td3, 2, NULL);
  g_autoptr (DiMrz) garbage = di_mrz_parse_text ("hello", NULL);
  g_autoptr (DiTemplate) card = load_variant (f->tmp, "a/" ID, "UTO", "I", "TD1");
  g_autoptr (DiTemplate) card_id = load_variant (f->tmp, "b/" ID, "UTO", "ID", "TD1");
  g_autoptr (DiTemplate) german = load_variant (f->tmp, "c/" ID, "D", "I", "TD1");
  g_autoptr (DiTemplate) passport = load_variant (f->tmp, "d/" ID, "UTO", "P", "TD3");
  g_autoptr (DiTemplate) wrong_format = load_variant (f->tmp, "e/" ID, "UTO", "I", "TD2");

  g_assert_true (di_template_matches (card, mrz_td1));
  g_assert_true (di_template_matches (card, mrz_iv));     /* code "IV" starts with "I" */
  g_assert_false (di_template_matches (card, mrz_d));     /* issuing state D, not UTO */
  g_assert_false (di_template_matches (card, mrz_td3));
  g_assert_false (di_template_matches (card, garbage));
  g_assert_false (di_template_matches (card_id, mrz_td1)); /* "I" does not start with "ID" */
  g_assert_true (di_template_matches (german, mrz_d));    /* "D<<" printed, "D" compared */
  g_assert_false (di_template_matches (german, mrz_td1));
  g_assert_true (di_template_matches (passport, mrz_td3));
  g_assert_false (di_template_matches (passport, mrz_td1));
  g_assert_false (di_template_matches (wrong_format, mrz_td1));
}

/* --- listing ----------------------------------------------------------------------------- */

static char *
write_with_id (const char *parent,
               const char *id)
{
  g_autoptr (GKeyFile) kf = base_key_file ();

  g_key_file_set_string (kf, "template", "id", id);
  return write_template (parent, id, kf);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *b = write_with_id (f->tmp, "UTO-B-2024");
  g_autofree char *a = write_with_id (f->tmp, "UTO-A-2024");
  g_autofree char *c = write_with_id (f->tmp, "UTO-C-2024");
  g_autofree char *c_ini = g_build_filename (c, "template.ini", NULL);
  g_autofree char *empty = g_build_filename (f->tmp, "empty", NULL);
  g_autofree char *file = g_build_filename (f->tmp, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (f->tmp, "missing", NULL);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) none = NULL;

  /* broken: C lacks its dpi, "empty" has no template.ini, notes.txt is no folder */
  g_assert_true (g_file_set_contents (c_ini, "[template]\nid=UTO-C-2024\n", -1, NULL));
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_true (g_file_set_contents (file, "notes", -1, NULL));

  list = di_template_list (f->tmp);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (di_template_get_id (list->pdata[0]), ==, "UTO-A-2024");
  g_assert_cmpstr (di_template_get_dir (list->pdata[0]), ==, a);
  g_assert_cmpstr (di_template_get_id (list->pdata[1]), ==, "UTO-B-2024");
  g_assert_cmpstr (di_template_get_dir (list->pdata[1]), ==, b);

  none = di_template_list (missing);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_default_dir (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("DOCINSPECT_TEMPLATES"));
  g_autofree char *from_env = NULL;
  g_autofree char *fallback = NULL;

  g_setenv ("DOCINSPECT_TEMPLATES", "/somewhere/templates", TRUE);
  from_env = di_template_default_dir ();
  g_assert_cmpstr (from_env, ==, "/somewhere/templates");
  g_unsetenv ("DOCINSPECT_TEMPLATES");
  fallback = di_template_default_dir ();
  g_assert_true (g_str_has_suffix (fallback, "/templates"));
  g_assert_true (g_file_test (fallback, G_FILE_TEST_IS_DIR));
  if (saved != NULL)
    g_setenv ("DOCINSPECT_TEMPLATES", saved, TRUE);
}

/* --- creating from a scan set ------------------------------------------------------------ */

static char *
write_scan_set (const char *parent,
                const char *name,
                const char *prefix,    /* before the light's name: "", "0042_" */
                int         width,
                int         height)
{
  char *dir = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autofree char *file = g_strconcat (prefix, di_light_to_string (light), ".png",
                                            NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      draw_png (path, width, height, light);
    }
  return dir;
}

static char *
write_layout (const char *parent,
              GKeyFile   *kf)
{
  char *path = g_build_filename (parent, "layout.ini", NULL);
  g_autoptr (GError) error = NULL;

  g_key_file_save_to_file (kf, path, &error);
  g_assert_no_error (error);
  return path;
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guchar *row = cairo_image_surface_get_data (surface) +
                      y * cairo_image_surface_get_stride (surface);

  return ((const guint32 *) (const void *) row)[x] & 0xFFFFFF;
}

static void
assert_created (const char *out)
{
  g_autoptr (GPtrArray) problems = di_template_validate (out);
  g_autoptr (GError) error = NULL;
  g_autoptr (DiTemplate) t = NULL;

  print_problems (problems);
  g_assert_cmpuint (problems->len, ==, 0);
  t = di_template_load (out, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (di_template_get_id (t), ==, ID);
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autofree char *path = di_template_get_image_path (t, light);
      cairo_surface_t *image = di_image_load (path, &error);

      g_assert_no_error (error);
      g_assert_cmpint (cairo_image_surface_get_width (image), ==, WIDTH_PX);
      g_assert_cmpint (cairo_image_surface_get_height (image), ==, HEIGHT_PX);
      /* the page was scaled, not cropped: the dark quarter stays at the top left */
      cairo_surface_flush (image);
      g_assert_cmphex (pixel_at (image, 10, 10), ==, 0x000000);
      g_assert_cmphex (pixel_at (image, WIDTH_PX / 2 - 10, HEIGHT_PX / 2 - 10), ==, 0x000000);
      g_assert_cmphex (pixel_at (image, WIDTH_PX / 2 + 10, HEIGHT_PX / 2 + 10), !=, 0x000000);
      g_assert_cmphex (pixel_at (image, WIDTH_PX - 5, HEIGHT_PX - 5), !=, 0x000000);
      cairo_surface_destroy (image);
    }
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  /* the specimen scanned at 300 dpi, the page only */
  g_autofree char *scans = write_scan_set (f->tmp, "scans", "", 591, 354);
  g_autofree char *layout = write_layout (f->tmp, kf);
  g_autofree char *out = g_build_filename (f->tmp, "out", ID, NULL);
  g_autofree char *ini = g_build_filename (out, "template.ini", NULL);
  g_autofree char *written = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (di_template_create (scans, layout, out, &error));
  g_assert_no_error (error);
  assert_created (out);
  /* the layout's comments are kept; the image keys are added */
  g_assert_true (g_file_get_contents (ini, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "# a synthetic card for the tests"));
  g_assert_nonnull (strstr (written, "white=white.png"));
}

static void
test_create_reader_names (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  /* names as readers write them; 1.7% off the page's aspect ratio is accepted */
  g_autofree char *scans = write_scan_set (f->tmp, "scans", "0042_", 600, 354);
  g_autofree char *layout = write_layout (f->tmp, kf);
  g_autofree char *out = g_build_filename (f->tmp, ID, NULL);
  g_autoptr (GError) error = NULL;

  /* an existing empty folder is fine */
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (di_template_create (scans, layout, out, &error));
  g_assert_no_error (error);
  assert_created (out);
}

static void
test_create_wrong_aspect (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  /* the page on the reader's glass, with a margin: not the page only */
  g_autofree char *scans = write_scan_set (f->tmp, "scans", "", 400, 300);
  g_autofree char *layout = write_layout (f->tmp, kf);
  g_autofree char *out = g_build_filename (f->tmp, ID, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (di_template_create (scans, layout, out, &error));
  g_assert_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "aspect ratio"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_create_existing_out (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *scans = write_scan_set (f->tmp, "scans", "", WIDTH_PX, HEIGHT_PX);
  g_autofree char *layout = write_layout (f->tmp, kf);
  g_autofree char *out = g_build_filename (f->tmp, ID, NULL);
  g_autofree char *keep = g_build_filename (out, "template.ini", NULL);
  g_autofree char *white = g_build_filename (out, "white.png", NULL);
  g_autofree char *content = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (g_file_set_contents (keep, "precious", -1, NULL));
  g_assert_false (di_template_create (scans, layout, out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (keep, &content, NULL, NULL));
  g_assert_cmpstr (content, ==, "precious");
  g_assert_false (g_file_test (white, G_FILE_TEST_EXISTS));
}

static void
test_create_bad_inputs (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autoptr (GKeyFile) bad = base_key_file ();
  g_autofree char *scans = write_scan_set (f->tmp, "scans", "", WIDTH_PX, HEIGHT_PX);
  g_autofree char *partial = write_scan_set (f->tmp, "partial", "", WIDTH_PX, HEIGHT_PX);
  g_autofree char *partial_ir = g_build_filename (partial, "ir.png", NULL);
  g_autofree char *twice = write_scan_set (f->tmp, "twice", "", WIDTH_PX, HEIGHT_PX);
  g_autofree char *twice_uv = g_build_filename (twice, "front_UV.PNG", NULL);
  g_autofree char *layout = write_layout (f->tmp, kf);
  g_autofree char *bad_dir = g_build_filename (f->tmp, "bad", NULL);
  g_autofree char *bad_layout = NULL;
  g_autofree char *out = g_build_filename (f->tmp, ID, NULL);
  g_autofree char *misnamed = g_build_filename (f->tmp, "OTHER-ID", NULL);
  g_autofree char *nowhere = g_build_filename (f->tmp, "nowhere.ini", NULL);
  GError *error = NULL;

  g_assert_cmpint (g_remove (partial_ir), ==, 0);
  draw_png (twice_uv, WIDTH_PX, HEIGHT_PX, DI_LIGHT_UV);
  g_key_file_set_string (bad, "template", "dpi", "75");
  g_assert_cmpint (g_mkdir (bad_dir, 0755), ==, 0);
  bad_layout = write_layout (bad_dir, bad);

  /* a layout with a problem: nothing is written */
  g_assert_false (di_template_create (scans, bad_layout, out, &error));
  g_assert_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "dpi"));
  g_clear_error (&error);
  /* the folder must be named after the id */
  g_assert_false (di_template_create (scans, layout, misnamed, &error));
  g_assert_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "id"));
  g_clear_error (&error);
  g_assert_false (di_template_create (scans, nowhere, out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* an incomplete and an ambiguous scan set */
  g_assert_false (di_template_create (partial, layout, out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ir"));
  g_clear_error (&error);
  g_assert_false (di_template_create (twice, layout, out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "front_UV.PNG"));
  g_clear_error (&error);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (misnamed, G_FILE_TEST_EXISTS));
}

/* --- the command line -------------------------------------------------------------------- */

/* Runs `docinspect templates ARGS…` (NULL-terminated). */
static void
run_templates (DiTestRun *run,
               ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("DOCINSPECT"));
  g_ptr_array_add (argv, (gpointer) "templates");
  va_start (args, run);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  di_test_run (run, (const char *const *) argv->pdata, NULL, NULL, NULL);
}

static void
test_cli_list (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *b = write_with_id (f->tmp, "UTO-B-2024");
  g_autofree char *a = write_with_id (f->tmp, "UTO-A-2024");
  g_autofree char *broken = g_build_filename (f->tmp, "broken", NULL);
  g_autofree char *missing = g_build_filename (f->tmp, "missing", NULL);
  g_auto (DiTestRun) text = { 0 };
  g_auto (DiTestRun) json = { 0 };
  g_auto (DiTestRun) none = { 0 };
  g_auto (DiTestRun) extra = { 0 };
  g_autoptr (JsonObject) o = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) columns = NULL;
  JsonArray *templates;
  JsonObject *first;

  g_assert_cmpint (g_mkdir (broken, 0755), ==, 0);
  run_templates (&text, "list", "--dir", f->tmp, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_cmpstr (text.err, ==, "");
  lines = g_strsplit (text.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  columns = g_strsplit (lines[0], "\t", -1);
  g_assert_cmpuint (g_strv_length (columns), ==, 5);
  g_assert_cmpstr (columns[0], ==, "UTO-A-2024");
  g_assert_cmpstr (columns[1], ==, "Utopia test card");
  g_assert_cmpstr (columns[2], ==, "UTO");
  g_assert_cmpstr (columns[3], ==, "I");
  g_assert_cmpstr (columns[4], ==, "TD1");
  g_assert_true (g_str_has_prefix (lines[1], "UTO-B-2024\t"));

  run_templates (&json, "list", "--json", "--dir", f->tmp, NULL);
  g_assert_cmpint (json.status, ==, 0);
  o = di_test_parse_object (json.out);
  templates = json_object_get_array_member (o, "templates");
  g_assert_cmpuint (json_array_get_length (templates), ==, 2);
  first = json_array_get_object_element (templates, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "UTO-A-2024");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Utopia test card");
  g_assert_cmpstr (json_object_get_string_member (first, "issuing_state"), ==, "UTO");
  g_assert_cmpstr (json_object_get_string_member (first, "document_code"), ==, "I");
  g_assert_cmpstr (json_object_get_string_member (first, "mrz_format"), ==, "TD1");
  g_assert_true (json_object_get_boolean_member (first, "specimen"));
  g_assert_cmpstr (json_object_get_string_member (first, "dir"), ==, a);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (templates, 1),
                                                  "dir"), ==, b);

  run_templates (&none, "list", "--dir", missing, NULL);
  di_test_assert_one_error_line (&none);
  run_templates (&extra, "list", "--dir", f->tmp, "surplus", NULL);
  di_test_assert_one_error_line (&extra);
}

static void
test_cli_show (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *dir = write_template (f->tmp, ID, kf);
  g_autofree char *broken = write_with_id (f->tmp, "UTO-X-2024");
  g_autofree char *broken_ini = g_build_filename (broken, "template.ini", NULL);
  g_auto (DiTestRun) json = { 0 };
  g_auto (DiTestRun) text = { 0 };
  g_auto (DiTestRun) unknown = { 0 };
  g_auto (DiTestRun) invalid = { 0 };
  g_auto (DiTestRun) env = { 0 };
  g_autoptr (JsonObject) o = NULL;
  JsonArray *features, *viz, *colours, *rects;
  JsonObject *paper, *emblem, *ghost, *rect;
  g_autofree char *saved = g_strdup (g_getenv ("DOCINSPECT_TEMPLATES"));

  g_assert_true (g_file_set_contents (broken_ini, "[template]\nid=UTO-X-2024\n", -1, NULL));

  run_templates (&json, "show", ID, "--dir", f->tmp, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_cmpstr (json.err, ==, "");
  o = di_test_parse_object (json.out);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, ID);
  g_assert_cmpstr (json_object_get_string_member (o, "mrz_format"), ==, "TD1");
  g_assert_cmpfloat (json_object_get_double_member (o, "width_mm"), ==, 50);
  g_assert_cmpfloat (json_object_get_double_member (o, "height_mm"), ==, 30);
  g_assert_cmpfloat (json_object_get_double_member (o, "dpi"), ==, 150);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (
    json_object_get_object_member (o, "images"), "uv"), "/uv.png"));
  rect = json_object_get_object_member (o, "mrz_rect_mm");
  g_assert_cmpfloat (json_object_get_double_member (rect, "y"), ==, 20);
  viz = json_object_get_array_member (o, "viz");
  g_assert_cmpuint (json_array_get_length (viz), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (viz, 1),
                                                  "format"), ==, "DD.MM.YYYY");

  features = json_object_get_array_member (o, "features");
  g_assert_cmpuint (json_array_get_length (features), ==, 4);
  paper = json_array_get_object_element (features, 0);
  g_assert_cmpstr (json_object_get_string_member (paper, "check"), ==, "uv.dull_paper");
  g_assert_cmpstr (json_object_get_string_member (paper, "light"), ==, "uv");
  g_assert_cmpstr (json_object_get_string_member (paper, "method"), ==, "luminance");
  g_assert_cmpstr (json_object_get_string_member (paper, "compare"), ==, "max");
  g_assert_cmpfloat (json_object_get_double_member (paper, "threshold"), ==, 0.25);
  g_assert_true (json_object_get_boolean_member (paper, "critical"));
  g_assert_true (json_object_get_null_member (paper, "compare_with_mm"));
  rects = json_object_get_array_member (paper, "rects_mm");
  g_assert_cmpuint (json_array_get_length (rects), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (rects, 1),
                                                    "w"), ==, 15.5);
  emblem = json_array_get_object_element (features, 1);
  g_assert_false (json_object_get_boolean_member (emblem, "critical"));
  g_assert_cmpstr (json_object_get_string_member (emblem, "compare"), ==, "min");
  colours = json_object_get_array_member (emblem, "colours");
  g_assert_cmpuint (json_array_get_length (colours), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (colours, 0), ==, "#FF0000");
  g_assert_cmpstr (json_array_get_string_element (colours, 1), ==, "#00FF80");
  ghost = json_array_get_object_element (features, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
    ghost, "compare_with_mm"), "h"), ==, 17);
  g_assert_cmpstr (json_object_get_string_member (ghost, "description"), ==,
                   "The ghost image repeats the photo.");

  /* by folder, as text */
  run_templates (&text, "show", dir, NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (g_str_has_prefix (text.out, ID " - Utopia test card\n"));
  g_assert_nonnull (strstr (text.out, "uv.feature.emblem"));
  g_assert_nonnull (strstr (text.out, "The ghost image repeats the photo."));

  /* the templates folder from the environment */
  g_setenv ("DOCINSPECT_TEMPLATES", f->tmp, TRUE);
  run_templates (&env, "show", ID, NULL);
  g_assert_cmpint (env.status, ==, 0);
  if (saved != NULL)
    g_setenv ("DOCINSPECT_TEMPLATES", saved, TRUE);
  else
    g_unsetenv ("DOCINSPECT_TEMPLATES");

  run_templates (&unknown, "show", "UTO-NONE", "--dir", f->tmp, NULL);
  di_test_assert_one_error_line (&unknown);
  g_assert_nonnull (strstr (unknown.err, "UTO-NONE"));
  run_templates (&invalid, "show", "UTO-X-2024", "--dir", f->tmp, NULL);
  di_test_assert_one_error_line (&invalid);
  g_assert_nonnull (strstr (invalid.err, "name"));
}

static void
test_cli_validate (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autoptr (GKeyFile) bad_kf = base_key_file ();
  g_autofree char *good = write_template (f->tmp, "good/" ID, kf);
  g_autofree char *bad = NULL;
  g_autofree char *missing = g_build_filename (f->tmp, "missing", NULL);
  g_autofree char *prefix = NULL;
  g_auto (DiTestRun) ok = { 0 };
  g_auto (DiTestRun) flagged = { 0 };
  g_auto (DiTestRun) absent = { 0 };
  g_auto (DiTestRun) usage = { 0 };
  g_auto (GStrv) lines = NULL;

  g_key_file_set_string (bad_kf, "template", "dpi", "50");
  g_key_file_set_string (bad_kf, "feature:paper", "method", "sniff");
  bad = write_template (f->tmp, "bad/" ID, bad_kf);
  prefix = g_strconcat (bad, ": ", NULL);

  run_templates (&ok, "validate", good, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_cmpstr (ok.err, ==, "");

  run_templates (&flagged, "validate", good, bad, NULL);
  g_assert_cmpint (flagged.status, ==, 1);
  g_assert_cmpstr (flagged.err, ==, "");
  lines = g_strsplit (flagged.out, "\n", -1);
  /* good: valid; bad: two problems; the final newline */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], good));
  g_assert_true (g_str_has_prefix (lines[1], prefix));
  g_assert_nonnull (strstr (lines[1], "dpi"));
  g_assert_true (g_str_has_prefix (lines[2], prefix));
  g_assert_nonnull (strstr (lines[2], "method"));

  run_templates (&absent, "validate", good, missing, NULL);
  di_test_assert_one_error_line (&absent);
  g_assert_nonnull (strstr (absent.err, missing));
  run_templates (&usage, "validate", NULL);
  di_test_assert_one_error_line (&usage);
}

static void
test_cli_create (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GKeyFile) kf = base_key_file ();
  g_autofree char *scans = write_scan_set (f->tmp, "scans", "", 591, 354);
  g_autofree char *layout = write_layout (f->tmp, kf);
  g_autofree char *out = g_build_filename (f->tmp, ID, NULL);
  g_auto (DiTestRun) run = { 0 };
  g_auto (DiTestRun) again = { 0 };
  g_auto (DiTestRun) incomplete = { 0 };

  run_templates (&run, "create", "--scans", scans, "--layout", layout, "--out", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  assert_created (out);
  run_templates (&again, "create", "--scans", scans, "--layout", layout, "--out", out, NULL);
  di_test_assert_one_error_line (&again);
  run_templates (&incomplete, "create", "--scans", scans, NULL);
  di_test_assert_one_error_line (&incomplete);
}

static void
test_cli_usage (void)
{
  static const char *const cases[][3] = {
    { NULL }, { "frobnicate", NULL }, { "list", "--bogus", NULL }, { "show", NULL },
  };
  g_auto (DiTestRun) help = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (DiTestRun) run = { 0 };

      run_templates (&run, cases[i][0], cases[i][1], NULL);
      di_test_assert_one_error_line (&run);
    }
  run_templates (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "validate"));
}

static void
add_fixture_test (const char *path,
                  gconstpointer data,
                  void        (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, data, fixture_setup, test, fixture_teardown);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_fixture_test ("/template/load/valid", NULL, test_load_valid);
  add_fixture_test ("/template/load/defaults", NULL, test_defaults);
  g_test_add_func ("/template/method-names", test_method_names);
  for (guint i = 0; i < G_N_ELEMENTS (ini_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/template/problem/", ini_cases[i].path, NULL);

      add_fixture_test (path, &ini_cases[i], test_ini_problem);
    }
  add_fixture_test ("/template/problem/all-collected", NULL, test_all_problems);
  add_fixture_test ("/template/problem/no-template-group", NULL, test_no_template_group);
  add_fixture_test ("/template/problem/no-ini", NULL, test_no_ini);
  add_fixture_test ("/template/problem/ini-syntax", NULL, test_ini_syntax);
  add_fixture_test ("/template/problem/image-missing", NULL, test_image_missing);
  add_fixture_test ("/template/problem/image-unreadable", NULL, test_image_unreadable);
  add_fixture_test ("/template/problem/image-sizes-differ", NULL, test_image_sizes_differ);
  add_fixture_test ("/template/problem/image-wrong-dpi", NULL, test_image_wrong_dpi);
  add_fixture_test ("/template/matches", NULL, test_matches);
  add_fixture_test ("/template/list", NULL, test_list);
  g_test_add_func ("/template/default-dir", test_default_dir);
  add_fixture_test ("/template/create/scan-set", NULL, test_create);
  add_fixture_test ("/template/create/reader-names", NULL, test_create_reader_names);
  add_fixture_test ("/template/create/wrong-aspect", NULL, test_create_wrong_aspect);
  add_fixture_test ("/template/create/existing-out", NULL, test_create_existing_out);
  add_fixture_test ("/template/create/bad-inputs", NULL, test_create_bad_inputs);
  add_fixture_test ("/template/cli/list", NULL, test_cli_list);
  add_fixture_test ("/template/cli/show", NULL, test_cli_show);
  add_fixture_test ("/template/cli/validate", NULL, test_cli_validate);
  add_fixture_test ("/template/cli/create", NULL, test_cli_create);
  g_test_add_func ("/template/cli/usage", test_cli_usage);

  return g_test_run ();
}
