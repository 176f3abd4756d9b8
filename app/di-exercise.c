/* di-exercise.c — generate forged-document exercises with an answer key, and score answers
 *
 * A set is planned from the seed first (which kind, which forgeries, which capture), then its
 * documents are drawn in parallel, each from its own seed, so the result does not depend on
 * the number of threads.
 */
#define G_LOG_DOMAIN "di-exercise"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "di-exercise.h"
#include "di-template.h"

void
di_exercise_options_init (DiExerciseOptions *options)
{
  memset (options, 0, sizeof *options);
  options->count = 20;
  options->seed = 1;
  options->forgery_rate = 0.5;
  options->combination_rate = 0.2;
  options->kinds = (1u << DI_N_DOC_KINDS) - 1;
  options->forgeries = DI_FORGERY_ALL;
  options->capture = DI_CAPTURE_NONE;
  options->dpi = 300;
  g_date_clear (&options->today, 1);
  g_date_set_time_t (&options->today, time (NULL));
}

/* splitmix64: independent seeds for documents and lights */
static guint64
mix (guint64 x)
{
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

typedef struct {
  guint      index;
  char      *id;
  DiDocKind  kind;
  guint64    seed;
  guint      forgeries;
  DiCapture  capture;
  /* results */
  JsonNode  *answer;
  GError    *error;
} Job;

typedef struct {
  const DiExerciseOptions *options;
  const char              *out_dir;
  DiExerciseProgress       progress;
  gpointer                 user_data;
  GMutex                   lock;
  guint                    done;
} Run;

static void
job_clear (Job *job)
{
  g_free (job->id);
  g_clear_pointer (&job->answer, json_node_unref);
  g_clear_error (&job->error);
}

/* --- one document ------------------------------------------------------------------------ */

static const char *
image_name (DiLight              light,
            const DiCapture     *capture)
{
  static const char *const png[] = { "white.png", "uv.png", "ir.png" };
  static const char *const jpg[] = { "white.jpg", "uv.jpg", "ir.jpg" };

  return capture->jpeg_quality > 0 ? jpg[light] : png[light];
}

/* Renders a specimen's three lights through the capture into `dir`. */
static gboolean
write_scan_set (const DiSpecimen *specimen,
                const DiCapture  *capture,
                DiCaptureLevel    level,
                guint64           seed,
                double            dpi,
                const char       *dir,
                GError          **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot create the folder %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      cairo_surface_t *page = di_specimen_render (specimen, light, dpi);
      cairo_surface_t *shot = level == DI_CAPTURE_NONE ? cairo_surface_reference (page)
                              : di_capture_apply (page, dpi, capture, light,
                                                  (guint32) mix (seed ^ (light + 1)));
      g_autofree char *path = g_build_filename (dir, image_name (light, capture), NULL);
      gboolean ok = capture->jpeg_quality > 0
                    ? di_image_save_jpeg (shot, path, capture->jpeg_quality, error)
                    : di_image_save_png (shot, path, error);

      cairo_surface_destroy (shot);
      cairo_surface_destroy (page);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static int
forgery_difficulty (DiForgery forgery)
{
  switch (forgery)
    {
    case DI_FORGERY_MRZ_RECOMPUTED:
    case DI_FORGERY_VIZ_ALTERED:
      return 3;
    case DI_FORGERY_PHOTO_SUBSTITUTED:
    case DI_FORGERY_MRZ_IR_INK:
      return 2;
    case DI_FORGERY_MRZ_CHECK_DIGIT:
    case DI_FORGERY_COUNTERFEIT_PAPER:
    case DI_FORGERY_EXPIRED:
    default:
      return 1;
    }
}

/* easy, medium or hard: the subtlest forgery, made harder by a poor capture */
static const char *
difficulty (guint          forgeries,
            DiCaptureLevel level)
{
  int d = 1;

  for (int i = 0; i < DI_N_FORGERIES; i++)
    if (forgeries & (1u << i))
      d = MAX (d, forgery_difficulty (1u << i));
  d += level >= DI_CAPTURE_HEAVY ? 2 : level >= DI_CAPTURE_MEDIUM ? 1 : 0;
  return d <= 1 ? "easy" : d == 2 ? "medium" : "hard";
}

static double
round3 (double x)
{
  return round (x * 1000.0) / 1000.0;
}

static void
add_strings (JsonBuilder       *b,
             const char        *name,
             const char *const *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    json_builder_add_string_value (b, strings[i]);
  json_builder_end_array (b);
}

static JsonNode *
answer_json (const Job              *job,
             const DiSpecimen       *specimen,
             const DiExerciseOptions *options)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  const char *const *mrz = di_specimen_get_mrz (specimen);
  g_autoptr (DiMrz) parsed = di_mrz_parse (mrz, g_strv_length ((char **) mrz), &options->today);
  static const DiMrzField viz_fields[] = {
    DI_MRZ_FIELD_SURNAME, DI_MRZ_FIELD_GIVEN_NAMES, DI_MRZ_FIELD_DOCUMENT_NUMBER,
    DI_MRZ_FIELD_BIRTH_DATE, DI_MRZ_FIELD_SEX, DI_MRZ_FIELD_EXPIRY_DATE,
  };
  g_autoptr (GPtrArray) forgeries = g_ptr_array_new ();
  g_autoptr (GPtrArray) classes = g_ptr_array_new ();

  for (int i = 0; i < DI_N_FORGERIES; i++)
    if (job->forgeries & (1u << i))
      {
        const char *threat = di_forgery_threat_class (1u << i);

        g_ptr_array_add (forgeries, (gpointer) di_forgery_to_string (1u << i));
        if (!g_ptr_array_find_with_equal_func (classes, threat, g_str_equal, NULL))
          g_ptr_array_add (classes, (gpointer) threat);
      }
  g_ptr_array_add (forgeries, NULL);
  g_ptr_array_add (classes, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, job->id);
  json_builder_set_member_name (b, "folder");
  json_builder_add_string_value (b, job->id);
  json_builder_set_member_name (b, "files");
  json_builder_begin_object (b);
  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      g_autofree char *path = g_build_filename (job->id, image_name (light, &job->capture), NULL);

      json_builder_set_member_name (b, di_light_to_string (light));
      json_builder_add_string_value (b, path);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, di_doc_kind_to_string (job->kind));
  json_builder_set_member_name (b, "template");
  json_builder_add_string_value (b, di_specimen_template_id (job->kind));
  json_builder_set_member_name (b, "genuine");
  json_builder_add_boolean_value (b, job->forgeries == 0);
  add_strings (b, "forgeries", (const char *const *) forgeries->pdata);
  add_strings (b, "threat_classes", (const char *const *) classes->pdata);
  add_strings (b, "must_fail", di_specimen_get_must_fail (specimen));
  add_strings (b, "changes", di_specimen_get_changes (specimen));
  add_strings (b, "mrz", mrz);
  json_builder_set_member_name (b, "mrz_valid");
  json_builder_add_boolean_value (b, di_mrz_is_valid (parsed));
  json_builder_set_member_name (b, "viz");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (viz_fields); i++)
    {
      json_builder_set_member_name (b, di_mrz_field_to_string (viz_fields[i]));
      json_builder_add_string_value (b, di_specimen_get_viz (specimen, viz_fields[i]));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "difficulty");
  json_builder_add_string_value (b, difficulty (job->forgeries, job->capture.margin_mm > 0
                                                ? options->capture : DI_CAPTURE_NONE));
  json_builder_set_member_name (b, "capture");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "level");
  json_builder_add_string_value (b, di_capture_level_to_string (options->capture));
  json_builder_set_member_name (b, "angle_deg");
  json_builder_add_double_value (b, round3 (job->capture.angle_deg));
  json_builder_set_member_name (b, "offset_mm");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, round3 (job->capture.offset_x_mm));
  json_builder_add_double_value (b, round3 (job->capture.offset_y_mm));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "blur_px");
  json_builder_add_double_value (b, round3 (job->capture.blur_sigma_px));
  json_builder_set_member_name (b, "noise");
  json_builder_add_double_value (b, round3 (job->capture.noise_sigma));
  json_builder_set_member_name (b, "lighting");
  json_builder_add_double_value (b, round3 (job->capture.lighting));
  json_builder_set_member_name (b, "jpeg_quality");
  json_builder_add_int_value (b, job->capture.jpeg_quality);
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  Run *run = user_data;
  g_autoptr (DiSpecimen) specimen = di_specimen_new (job->kind, job->seed, &run->options->today);
  g_autofree char *dir = g_build_filename (run->out_dir, job->id, NULL);

  di_specimen_forge (specimen, job->forgeries);
  if (write_scan_set (specimen, &job->capture, run->options->capture, job->seed,
                      run->options->dpi, dir, &job->error))
    job->answer = answer_json (job, specimen, run->options);

  g_mutex_lock (&run->lock);
  run->done++;
  if (run->progress != NULL)
    run->progress (run->done, run->options->count, run->user_data);
  g_mutex_unlock (&run->lock);
}

/* --- the set ----------------------------------------------------------------------------- */

static guint
pick_bit (GRand *rand,
          guint  mask)
{
  guint bits[32], n = 0;

  for (guint i = 0; i < 32; i++)
    if (mask & (1u << i))
      bits[n++] = i;
  return n > 0 ? bits[g_rand_int_range (rand, 0, n)] : 0;
}

/* Which kind, forgeries and capture each document gets: all drawn here, in order. */
static void
plan (const DiExerciseOptions *options,
      Job                     *jobs)
{
  guint32 words[2] = { (guint32) options->seed, (guint32) (options->seed >> 32) };
  g_autoptr (GRand) rand = g_rand_new_with_seed_array (words, 2);

  for (guint i = 0; i < options->count; i++)
    {
      Job *job = &jobs[i];
      gboolean forged;

      job->index = i;
      job->id = g_strdup_printf ("%04u", i + 1);
      job->seed = mix (options->seed ^ mix (i + 1));
      job->kind = pick_bit (rand, options->kinds);
      forged = options->forgeries != 0 && g_rand_double (rand) < options->forgery_rate;
      if (forged)
        {
          guint first = 1u << pick_bit (rand, options->forgeries);
          guint rest = options->forgeries & ~first;

          job->forgeries = first;
          /* one check-digit forgery is enough to say the MRZ was altered */
          if (first & (DI_FORGERY_MRZ_CHECK_DIGIT | DI_FORGERY_MRZ_RECOMPUTED))
            rest &= ~(DI_FORGERY_MRZ_CHECK_DIGIT | DI_FORGERY_MRZ_RECOMPUTED);
          if (rest != 0 && g_rand_double (rand) < options->combination_rate)
            job->forgeries |= 1u << pick_bit (rand, rest);
        }
      di_capture_random (&job->capture, options->capture, rand);
    }
}

static gboolean
folder_is_usable (const char *dir,
                  GError    **error)
{
  g_autoptr (GDir) listing = NULL;

  if (!g_file_test (dir, G_FILE_TEST_EXISTS))
    return TRUE;
  listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, "%s is not a folder", dir);
      return FALSE;
    }
  if (g_dir_read_name (listing) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is not empty; an exercise is written into a new folder", dir);
      return FALSE;
    }
  return TRUE;
}

static char *
iso_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static JsonNode *
key_json (const DiExerciseOptions *options,
          Job                     *jobs)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autofree char *date = iso_date (&options->today);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "generator");
  json_builder_add_string_value (b, "docinspect " PACKAGE_VERSION);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) options->seed);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, options->count);
  json_builder_set_member_name (b, "forgery_rate");
  json_builder_add_double_value (b, options->forgery_rate);
  json_builder_set_member_name (b, "combination_rate");
  json_builder_add_double_value (b, options->combination_rate);
  json_builder_set_member_name (b, "kinds");
  json_builder_begin_array (b);
  for (guint k = 0; k < DI_N_DOC_KINDS; k++)
    if (options->kinds & (1u << k))
      json_builder_add_string_value (b, di_doc_kind_to_string (k));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "forgeries");
  json_builder_begin_array (b);
  for (int i = 0; i < DI_N_FORGERIES; i++)
    if (options->forgeries & (1u << i))
      json_builder_add_string_value (b, di_forgery_to_string (1u << i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "capture_effects");
  json_builder_add_string_value (b, di_capture_level_to_string (options->capture));
  json_builder_set_member_name (b, "dpi");
  json_builder_add_double_value (b, options->dpi);
  json_builder_set_member_name (b, "reference_date");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "documents");
  json_builder_begin_array (b);
  for (guint i = 0; i < options->count; i++)
    json_builder_add_value (b, json_node_ref (jobs[i].answer));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_json (JsonNode   *node,
            const char *path,
            GError    **error)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *with_newline = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  with_newline = g_strconcat (text, "\n", NULL);
  return g_file_set_contents (path, with_newline, -1, error);
}

/**
 * di_exercise_generate:
 * @options: what to generate
 * @out_dir: a new or empty folder
 * @progress: (nullable): called from worker threads after each document
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Returns: whether the set and its key were written
 */
gboolean
di_exercise_generate (const DiExerciseOptions *options,
                      const char              *out_dir,
                      DiExerciseProgress       progress,
                      gpointer                 user_data,
                      GError                 **error)
{
  g_autofree Job *jobs = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr (JsonNode) key = NULL;
  Run run = { options, out_dir, progress, user_data };
  GThreadPool *pool;
  gboolean ok = TRUE;

  g_return_val_if_fail (options->count > 0 && options->kinds != 0, FALSE);

  if (!di_specimen_check_fonts (error) || !folder_is_usable (out_dir, error))
    return FALSE;
  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot create the folder %s: %s", out_dir, g_strerror (errno));
      return FALSE;
    }

  jobs = g_new0 (Job, options->count);
  plan (options, jobs);

  g_mutex_init (&run.lock);
  pool = g_thread_pool_new (run_job, &run,
                            options->jobs > 0 ? (int) options->jobs
                                              : (int) g_get_num_processors (), TRUE, NULL);
  for (guint i = 0; i < options->count; i++)
    g_thread_pool_push (pool, &jobs[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&run.lock);

  for (guint i = 0; i < options->count && ok; i++)
    if (jobs[i].error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&jobs[i].error));
        ok = FALSE;
      }
  if (ok)
    {
      key = key_json (options, jobs);
      key_path = g_build_filename (out_dir, "answers.json", NULL);
      ok = write_json (key, key_path, error);
    }
  for (guint i = 0; i < options->count; i++)
    job_clear (&jobs[i]);
  return ok;
}

/**
 * di_exercise_render_one:
 * @kind: the document kind
 * @seed: the specimen's seed
 * @forgeries: #DiForgery flags
 * @capture: capture effects level
 * @dpi: resolution
 * @today: the reference date
 * @layout: also write layout.ini
 * @out_dir: the folder to write into (created)
 * @error: return location for a #GError
 *
 * Returns: whether the scan set was written
 */
gboolean
di_exercise_render_one (DiDocKind       kind,
                        guint64         seed,
                        guint           forgeries,
                        DiCaptureLevel  capture,
                        double          dpi,
                        const GDate    *today,
                        gboolean        layout,
                        const char     *out_dir,
                        GError        **error)
{
  g_autoptr (DiSpecimen) specimen = NULL;
  guint32 words[2] = { (guint32) seed, (guint32) (seed >> 32) };
  g_autoptr (GRand) rand = g_rand_new_with_seed_array (words, 2);
  DiCapture params;

  if (!di_specimen_check_fonts (error))
    return FALSE;
  specimen = di_specimen_new (kind, seed, today);
  di_specimen_forge (specimen, forgeries);
  di_capture_random (&params, capture, rand);
  if (!write_scan_set (specimen, &params, capture, seed, dpi, out_dir, error))
    return FALSE;
  if (layout)
    {
      g_autoptr (GKeyFile) kf = di_specimen_layout (kind, dpi);
      g_autofree char *path = g_build_filename (out_dir, "layout.ini", NULL);

      return g_key_file_save_to_file (kf, path, error);
    }
  return TRUE;
}

/* --- scoring ----------------------------------------------------------------------------- */

typedef struct {
  char      *verdict;   /* accept, review or reject */
  GPtrArray *reasons;   /* check ids */
} Answer;

static void
answer_free (gpointer data)
{
  Answer *a = data;

  g_free (a->verdict);
  g_ptr_array_unref (a->reasons);
  g_free (a);
}

static JsonNode *
load_json_file (const char *path,
                GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

/* One answer object: {"document", "verdict", "reasons"}, or an inspect report with
 * "scan_set" and its failed "checks". */
static void
add_answer (GHashTable *answers,
            JsonObject *o)
{
  const char *doc = json_object_get_string_member_with_default (o, "document", NULL);
  Answer *a;

  if (doc == NULL)
    doc = json_object_get_string_member_with_default (o, "scan_set", NULL);
  if (doc == NULL || !json_object_has_member (o, "verdict"))
    return;
  a = g_new0 (Answer, 1);
  a->verdict = g_strdup (json_object_get_string_member_with_default (o, "verdict", ""));
  a->reasons = g_ptr_array_new_with_free_func (g_free);
  if (json_object_has_member (o, "reasons") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "reasons")))
    {
      JsonArray *reasons = json_object_get_array_member (o, "reasons");

      for (guint i = 0; i < json_array_get_length (reasons); i++)
        if (JSON_NODE_HOLDS_VALUE (json_array_get_element (reasons, i)))
          g_ptr_array_add (a->reasons, g_strdup (json_array_get_string_element (reasons, i)));
    }
  if (json_object_has_member (o, "checks") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "checks")))
    {
      JsonArray *checks = json_object_get_array_member (o, "checks");

      for (guint i = 0; i < json_array_get_length (checks); i++)
        {
          JsonObject *c = json_array_get_object_element (checks, i);

          if (c != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (c, "status", ""), "fail") == 0)
            g_ptr_array_add (a->reasons,
                             g_strdup (json_object_get_string_member_with_default (c, "id", "")));
        }
    }
  {
    g_autofree char *trimmed = g_strdup (doc);
    g_autofree char *base = NULL;

    /* a folder path counts by its last part */
    while (g_str_has_suffix (trimmed, "/") && strlen (trimmed) > 1)
      trimmed[strlen (trimmed) - 1] = '\0';
    base = g_path_get_basename (trimmed);
    g_hash_table_replace (answers, g_steal_pointer (&base), a);
  }
}

/* JSON Lines: several lines, each a JSON object. */
static gboolean
load_json_lines (const char *text,
                 GHashTable *answers)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        return FALSE;
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  if (objects->len < 2)
    return FALSE;
  for (guint i = 0; i < objects->len; i++)
    add_answer (answers, objects->pdata[i]);
  return TRUE;
}

/* Answers as {"answers": [...]}, a JSON array, one object, or JSON Lines. */
static GHashTable *
load_answers (const char *path,
              GError    **error)
{
  g_autofree char *text = NULL;
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, answer_free);
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *list = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    {
      g_hash_table_unref (answers);
      return NULL;
    }
  if (load_json_lines (text, answers))
    return answers;
  if (!json_parser_load_from_data (parser, text, -1, error))
    {
      g_hash_table_unref (answers);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "answers"))
    list = json_object_get_array_member (json_node_get_object (root), "answers");
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    list = json_node_get_array (root);
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    add_answer (answers, json_node_get_object (root));
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (list, i)))
      add_answer (answers, json_array_get_object_element (list, i));
  return answers;
}

typedef struct {
  guint n, detected, with_reason;
  double reason_share;   /* sum over detected documents of the share of must-fail named */
} Tally;

static void
tally_add (Tally   *t,
           gboolean flagged,
           guint    named,
           guint    must)
{
  t->n++;
  if (!flagged)
    return;
  t->detected++;
  t->with_reason += named > 0 || must == 0;
  t->reason_share += must > 0 ? (double) named / must : 1.0;
}

static void
tally_json (JsonBuilder *b,
            const char  *name,
            const Tally *t)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "documents");
  json_builder_add_int_value (b, t->n);
  json_builder_set_member_name (b, "detected");
  json_builder_add_int_value (b, t->detected);
  json_builder_set_member_name (b, "detection_rate");
  json_builder_add_double_value (b, t->n > 0 ? round3 ((double) t->detected / t->n) : 0.0);
  json_builder_set_member_name (b, "detected_with_right_reason");
  json_builder_add_int_value (b, t->with_reason);
  json_builder_set_member_name (b, "reasons_found");
  json_builder_add_double_value (b, t->detected > 0 ? round3 (t->reason_share / t->detected) : 0.0);
  json_builder_end_object (b);
}

/**
 * di_exercise_score:
 * @key_path: an answers.json written by di_exercise_generate()
 * @answers_path: the trainee's answers: `{"answers": [{"document", "verdict", "reasons"}]}`,
 *   a JSON array of such objects, or JSON Lines of `docinspect inspect --json` reports
 * @error: return location for a #GError
 *
 * A document counts as flagged when its verdict is `review` or `reject`; its reasons are
 * right when they name a check the key says must fail.
 *
 * Returns: (transfer full): the report: detection rate, false-alarm rate, reasons found, per
 *   threat class and per forgery, the documents without an answer
 */
JsonNode *
di_exercise_score (const char *key_path,
                   const char *answers_path,
                   GError    **error)
{
  g_autoptr (JsonNode) key = load_json_file (key_path, error);
  g_autoptr (GHashTable) answers = NULL;
  g_autoptr (GHashTable) by_class = NULL;
  g_autoptr (GHashTable) by_forgery = NULL;
  g_autoptr (JsonBuilder) b = NULL;
  g_autoptr (GPtrArray) unanswered = g_ptr_array_new ();
  JsonArray *documents;
  Tally forged = { 0 }, genuine = { 0 };

  if (key == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (key) ||
      !json_object_has_member (json_node_get_object (key), "documents"))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "%s is not an exercise key (no \"documents\")", key_path);
      return NULL;
    }
  answers = load_answers (answers_path, error);
  if (answers == NULL)
    return NULL;

  by_class = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  by_forgery = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  documents = json_object_get_array_member (json_node_get_object (key), "documents");
  for (guint i = 0; i < json_array_get_length (documents); i++)
    {
      JsonObject *doc = json_array_get_object_element (documents, i);
      const char *id = json_object_get_string_member_with_default (doc, "id", "");
      Answer *a = g_hash_table_lookup (answers, id);
      gboolean flagged = a != NULL && (g_str_equal (a->verdict, "review") ||
                                       g_str_equal (a->verdict, "reject"));
      JsonArray *must = json_object_get_array_member (doc, "must_fail");
      guint named = 0;

      if (a == NULL)
        g_ptr_array_add (unanswered, (gpointer) id);
      for (guint k = 0; a != NULL && k < json_array_get_length (must); k++)
        named += g_ptr_array_find_with_equal_func (a->reasons,
                                                   json_array_get_string_element (must, k),
                                                   g_str_equal, NULL);
      if (json_object_get_boolean_member_with_default (doc, "genuine", TRUE))
        {
          tally_add (&genuine, flagged, 0, 0);
          continue;
        }
      tally_add (&forged, flagged, named, json_array_get_length (must));
      for (int pass = 0; pass < 2; pass++)
        {
          JsonArray *list = json_object_get_array_member (doc, pass == 0 ? "threat_classes"
                                                                         : "forgeries");
          GHashTable *table = pass == 0 ? by_class : by_forgery;

          for (guint k = 0; k < json_array_get_length (list); k++)
            {
              const char *label = json_array_get_string_element (list, k);
              Tally *t = g_hash_table_lookup (table, label);

              if (t == NULL)
                g_hash_table_insert (table, (gpointer) label, t = g_new0 (Tally, 1));
              tally_add (t, flagged, named, json_array_get_length (must));
            }
        }
    }

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "documents");
  json_builder_add_int_value (b, json_array_get_length (documents));
  json_builder_set_member_name (b, "forged");
  json_builder_add_int_value (b, forged.n);
  json_builder_set_member_name (b, "genuine");
  json_builder_add_int_value (b, genuine.n);
  json_builder_set_member_name (b, "detection_rate");
  json_builder_add_double_value (b, forged.n > 0 ? round3 ((double) forged.detected / forged.n) : 0);
  json_builder_set_member_name (b, "false_alarm_rate");
  json_builder_add_double_value (b, genuine.n > 0 ? round3 ((double) genuine.detected / genuine.n)
                                                  : 0);
  json_builder_set_member_name (b, "detected_with_right_reason");
  json_builder_add_double_value (b, forged.n > 0 ? round3 ((double) forged.with_reason / forged.n)
                                                 : 0);
  json_builder_set_member_name (b, "reasons_found");
  json_builder_add_double_value (b, forged.detected > 0
                                    ? round3 (forged.reason_share / forged.detected) : 0);
  for (int pass = 0; pass < 2; pass++)
    {
      GHashTable *table = pass == 0 ? by_class : by_forgery;
      g_autoptr (GList) keys = g_list_sort (g_hash_table_get_keys (table),
                                            (GCompareFunc) g_strcmp0);

      json_builder_set_member_name (b, pass == 0 ? "per_threat_class" : "per_forgery");
      json_builder_begin_object (b);
      for (GList *l = keys; l != NULL; l = l->next)
        tally_json (b, l->data, g_hash_table_lookup (table, l->data));
      json_builder_end_object (b);
    }
  json_builder_set_member_name (b, "unanswered");
  json_builder_begin_array (b);
  for (guint i = 0; i < unanswered->len; i++)
    json_builder_add_string_value (b, unanswered->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static double
get_double (JsonObject *o,
            const char *name)
{
  return json_object_get_double_member_with_default (o, name, 0.0);
}

/**
 * di_exercise_score_text:
 * @report: a report from di_exercise_score()
 *
 * Returns: (transfer full): the report for people
 */
char *
di_exercise_score_text (JsonNode *report)
{
  JsonObject *o = json_node_get_object (report);
  GString *out = g_string_new (NULL);
  JsonArray *unanswered = json_object_get_array_member (o, "unanswered");

  g_string_append_printf (out, "Documents: %" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " forged, %"
                          G_GINT64_FORMAT " genuine)\n",
                          json_object_get_int_member (o, "documents"),
                          json_object_get_int_member (o, "forged"),
                          json_object_get_int_member (o, "genuine"));
  g_string_append_printf (out, "Detection rate:          %5.1f %%\n",
                          100 * get_double (o, "detection_rate"));
  g_string_append_printf (out, "False-alarm rate:        %5.1f %%\n",
                          100 * get_double (o, "false_alarm_rate"));
  g_string_append_printf (out, "Detected, right reason:  %5.1f %%\n",
                          100 * get_double (o, "detected_with_right_reason"));
  g_string_append_printf (out, "Reasons found:           %5.1f %% of the failing checks named\n",
                          100 * get_double (o, "reasons_found"));
  for (int pass = 0; pass < 2; pass++)
    {
      JsonObject *table = json_object_get_object_member (o, pass == 0 ? "per_threat_class"
                                                                      : "per_forgery");
      g_autoptr (GList) members = json_object_get_members (table);

      g_string_append_printf (out, "\nPer %s:\n", pass == 0 ? "threat class" : "forgery");
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonObject *t = json_object_get_object_member (table, l->data);

          g_string_append_printf (out, "  %-20s %3" G_GINT64_FORMAT " documents, %5.1f %% "
                                  "detected, %5.1f %% of reasons found\n", (char *) l->data,
                                  json_object_get_int_member (t, "documents"),
                                  100 * get_double (t, "detection_rate"),
                                  100 * get_double (t, "reasons_found"));
        }
    }
  if (json_array_get_length (unanswered) > 0)
    {
      g_string_append (out, "\nNo answer for:");
      for (guint i = 0; i < json_array_get_length (unanswered); i++)
        g_string_append_printf (out, " %s", json_array_get_string_element (unanswered, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
