/* di-inspect.c — a scan set against its reference template: checks and a verdict
 *
 * The MRZ is read first (from IR if there is one: the background drops out in B900); it
 * chooses the template. The white scan is registered to the template's white reference and
 * the same homography brings UV and IR into the reference frame (the reader captures the
 * three in one geometry). Each feature of the template is measured there by its method and
 * judged by its threshold; the visual zone is read at the template's places and compared
 * with the MRZ. Every check is pass, fail or not_done; the verdict follows DESIGN.md.
 */
#define G_LOG_DOMAIN "di-inspect"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "di-image.h"
#include "di-inspect.h"
#include "di-viz.h"
#include "di-vision.h"

#define MM_PER_INCH 25.4

/* --- policy ------------------------------------------------------------------------------ */

struct _DiPolicy {
  gboolean    specimen_accepted;  /* a specimen document passes doc.specimen */
  gboolean    expired_critical;   /* an expired document is rejected, not reviewed */
  double      viz_min_confidence; /* below it a visual-zone field is not compared */
  GHashTable *thresholds;         /* check id → double* */
  GHashTable *critical;           /* check id → GINT_TO_POINTER (1 + bool) */
};

void
di_policy_free (DiPolicy *policy)
{
  if (policy == NULL)
    return;
  g_hash_table_unref (policy->thresholds);
  g_hash_table_unref (policy->critical);
  g_free (policy);
}

/**
 * di_policy_default_path:
 *
 * Returns: (transfer full): `DOCINSPECT_POLICY` if set, else the installed policy if there
 *   is one, else the source tree's `data/policy.ini`
 */
char *
di_policy_default_path (void)
{
  const char *env = g_getenv ("DOCINSPECT_POLICY");
  g_autofree char *installed = g_build_filename (DI_DATADIR, "docinspect", "policy.ini", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);
  return g_build_filename (DI_SOURCE_DIR, "data", "policy.ini", NULL);
}

/**
 * di_policy_load:
 * @path: a policy file (GLib key file): `[policy]` specimen=accept|reject,
 *   expired=reject|review, viz_min_confidence=0–1; `[thresholds]` and `[critical]`, check id
 *   = value, overriding the templates
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the policy, or %NULL with @error naming the first problem
 */
DiPolicy *
di_policy_load (const char *path,
                GError    **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (DiPolicy) policy = g_new0 (DiPolicy, 1);
  g_autofree char *specimen = NULL, *expired = NULL;
  g_auto (GStrv) keys = NULL;
  g_autoptr (GError) local = NULL;

  policy->thresholds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  policy->critical = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "the policy %s: %s", path,
                   local->message);
      return NULL;
    }
  specimen = g_key_file_get_string (kf, "policy", "specimen", NULL);
  expired = g_key_file_get_string (kf, "policy", "expired", NULL);
  if (g_strcmp0 (specimen, "accept") != 0 && g_strcmp0 (specimen, "reject") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the policy %s: [policy] specimen must be accept or reject", path);
      return NULL;
    }
  if (g_strcmp0 (expired, "reject") != 0 && g_strcmp0 (expired, "review") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the policy %s: [policy] expired must be reject or review", path);
      return NULL;
    }
  policy->specimen_accepted = g_str_equal (specimen, "accept");
  policy->expired_critical = g_str_equal (expired, "reject");
  policy->viz_min_confidence = g_key_file_get_double (kf, "policy", "viz_min_confidence", &local);
  if (local != NULL || !(policy->viz_min_confidence >= 0 && policy->viz_min_confidence <= 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the policy %s: [policy] viz_min_confidence must be a number from 0 to 1",
                   path);
      return NULL;
    }

  keys = g_key_file_get_keys (kf, "thresholds", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      double v = g_key_file_get_double (kf, "thresholds", keys[i], &local);

      if (local != NULL || !isfinite (v))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "the policy %s: [thresholds] %s is not a number", path, keys[i]);
          return NULL;
        }
      g_hash_table_insert (policy->thresholds, g_strdup (keys[i]), g_memdup2 (&v, sizeof v));
    }
  g_clear_pointer (&keys, g_strfreev);
  keys = g_key_file_get_keys (kf, "critical", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      gboolean v = g_key_file_get_boolean (kf, "critical", keys[i], &local);

      if (local != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "the policy %s: [critical] %s is not true or false", path, keys[i]);
          return NULL;
        }
      g_hash_table_insert (policy->critical, g_strdup (keys[i]), GINT_TO_POINTER (1 + v));
    }
  return g_steal_pointer (&policy);
}

static gboolean
policy_critical (const DiPolicy *policy,
                 const char     *id,
                 gboolean        fallback)
{
  gpointer v = g_hash_table_lookup (policy->critical, id);

  return v != NULL ? GPOINTER_TO_INT (v) - 1 : fallback;
}

static double
policy_threshold (const DiPolicy *policy,
                  const char     *id,
                  double          fallback)
{
  const double *v = g_hash_table_lookup (policy->thresholds, id);

  return v != NULL ? *v : fallback;
}

/* --- the inspector ----------------------------------------------------------------------- */

typedef struct {
  DiTemplate    *template;
  DiVisionImage *reference[DI_N_LIGHTS];
} LoadedTemplate;

struct _DiInspector {
  DiOcr        *ocr;
  DiTextReader *text;            /* set once text_thread is joined; NULL if Tesseract failed */
  GThread      *text_thread;     /* Tesseract starting, beside the first inspection */
  GError       *text_error;
  GMutex        text_lock;
  DiPolicy     *policy;
  char         *templates_dir;
  GPtrArray    *templates;       /* DiTemplate, all of the folder */
  GHashTable   *references;      /* template id → LoadedTemplate, loaded when first needed */
};

static void
loaded_template_free (gpointer data)
{
  LoadedTemplate *t = data;

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    di_vision_image_free (t->reference[l]);
  di_template_unref (t->template);
  g_free (t);
}

/* Tesseract takes a sixth of a second to start; it is first needed for the visual zone,
 * after the images are loaded and the MRZ is read, so it starts in a thread of its own. */
static gpointer
text_thread (gpointer data)
{
  DiInspector *self = data;
  g_autoptr (GTimer) timer = g_timer_new ();

  self->text = di_text_reader_new (&self->text_error);
  g_debug ("Tesseract started: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  return NULL;
}

/* Waits for Tesseract to have started; FALSE with the reason when it could not. */
static gboolean
wait_for_text_reader (DiInspector *self,
                      GError     **error)
{
  gboolean ok;

  g_mutex_lock (&self->text_lock);
  if (self->text_thread != NULL)
    g_thread_join (g_steal_pointer (&self->text_thread));
  ok = self->text != NULL;
  if (!ok)
    g_set_error_literal (error, self->text_error->domain, self->text_error->code,
                         self->text_error->message);
  g_mutex_unlock (&self->text_lock);
  return ok;
}

void
di_inspector_free (DiInspector *self)
{
  if (self == NULL)
    return;
  if (self->text_thread != NULL)
    g_thread_join (self->text_thread);
  g_clear_error (&self->text_error);
  g_mutex_clear (&self->text_lock);
  di_ocr_free (self->ocr);
  di_text_reader_free (self->text);
  di_policy_free (self->policy);
  g_free (self->templates_dir);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->references, g_hash_table_unref);
  g_free (self);
}

/**
 * di_inspector_new:
 * @templates_dir: (nullable): a folder of templates; %NULL for di_template_default_dir()
 * @policy_path: (nullable): a policy file; %NULL for di_policy_default_path()
 * @error: return location for a #GError
 *
 * Tesseract (for the visual zone) starts in the background; if it cannot, the first
 * di_inspector_inspect () says why.
 *
 * Returns: (transfer full): the inspector, or %NULL when a model or the policy is missing
 */
DiInspector *
di_inspector_new (const char *templates_dir,
                  const char *policy_path,
                  GError    **error)
{
  g_autoptr (DiInspector) self = g_new0 (DiInspector, 1);
  g_autofree char *policy = policy_path != NULL ? g_strdup (policy_path)
                                                : di_policy_default_path ();

  g_autoptr (GTimer) timer = g_timer_new ();

  g_mutex_init (&self->text_lock);
  self->text_thread = g_thread_new ("tesseract", text_thread, self);
  self->ocr = di_ocr_new (NULL, error);
  if (self->ocr == NULL)
    return NULL;
  g_debug ("MRZ model: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  self->policy = di_policy_load (policy, error);
  if (self->policy == NULL)
    return NULL;
  self->templates_dir = templates_dir != NULL ? g_strdup (templates_dir)
                                              : di_template_default_dir ();
  self->templates = di_template_list (self->templates_dir);
  g_debug ("templates: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  self->references = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            loaded_template_free);
  return g_steal_pointer (&self);
}

/* --- loading images ---------------------------------------------------------------------- */

typedef struct {
  const char    *path;
  const DiRgb   *decoded;     /* the pixels of @path, decoded already; NULL: decode it */
  gboolean       want_gray;   /* for the MRZ reader */
  DiVisionImage *image;
  DiGray        *gray;
  GError        *error;
} Load;

/* Decodes with the checks and the EXIF turn of ocr/ (Leptonica), unless the caller did,
 * hands the pixels to vision/, and takes the MRZ reader's grey from the same image. */
static gpointer
load_thread (gpointer data)
{
  Load *load = data;
  g_autoptr (DiRgb) owned = load->decoded == NULL ? di_ocr_load_rgb (load->path, &load->error)
                                                  : NULL;
  const DiRgb *rgb = load->decoded != NULL ? load->decoded : owned;
  char *message = NULL;

  if (rgb == NULL)
    return NULL;
  load->image = di_vision_image_new_from_xrgb32 ((const unsigned char *) rgb->pixels,
                                                 rgb->width, rgb->height, 4 * rgb->width,
                                                 &message);
  if (load->image == NULL)
    {
      g_autofree char *base = g_path_get_basename (load->path);
      g_autofree char *name = g_utf8_make_valid (base, -1);

      g_set_error (&load->error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE, "%s: %s", name,
                   message);
      g_free (message);
      return NULL;
    }
  if (load->want_gray)
    {
      load->gray = di_gray_new (rgb->width, rgb->height);
      if (di_vision_image_get_grey (load->image, load->gray->pixels, NULL) != 0)
        g_clear_pointer (&load->gray, di_gray_free);
    }
  return NULL;
}

/* Loads the images of one page (NULL paths are skipped), one thread each. On failure every
 * image is freed and @error holds the first light's message. */
static gboolean
load_images (Load    loads[DI_N_LIGHTS],
             GError **error)
{
  GThread *threads[DI_N_LIGHTS] = { NULL };
  gboolean ok = TRUE;

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    if (loads[l].path != NULL)
      threads[l] = g_thread_new ("load", load_thread, &loads[l]);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      if (threads[l] != NULL)
        g_thread_join (threads[l]);
      if (loads[l].error != NULL && ok)
        {
          g_propagate_error (error, g_steal_pointer (&loads[l].error));
          ok = FALSE;
        }
      g_clear_error (&loads[l].error);
    }
  if (!ok)
    for (DiLight l = 0; l < DI_N_LIGHTS; l++)
      {
        g_clear_pointer (&loads[l].image, di_vision_image_free);
        g_clear_pointer (&loads[l].gray, di_gray_free);
      }
  return ok;
}

/* The template and its reference images (loaded once). */
static LoadedTemplate *
load_references (DiInspector *self,
                 DiTemplate  *template,
                 GError     **error)
{
  LoadedTemplate *t = g_hash_table_lookup (self->references, di_template_get_id (template));
  char *paths[DI_N_LIGHTS] = { NULL };
  Load loads[DI_N_LIGHTS] = { { NULL } };
  g_autoptr (GError) local = NULL;
  gboolean ok;

  if (t != NULL)
    return t;
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    loads[l].path = paths[l] = di_template_get_image_path (template, l);
  ok = load_images (loads, &local);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_free (paths[l]);
  if (!ok)
    {
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_INVALID, "the template %s: %s",
                   di_template_get_id (template), local->message);
      return NULL;
    }
  t = g_new0 (LoadedTemplate, 1);
  t->template = di_template_ref (template);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    t->reference[l] = loads[l].image;
  g_hash_table_insert (self->references, g_strdup (di_template_get_id (template)), t);
  return t;
}

/* --- inspection -------------------------------------------------------------------------- */

struct _DiInspection {
  char        *name;
  char        *mrz_image;    /* the image the MRZ was read from */
  DiVerdict    verdict;
  GPtrArray   *reasons;      /* sentences, NULL-terminated */
  GArray      *checks;       /* DiInspectCheck */
  DiOcrResult  mrz;
  char        *template_id;
  double       timing_ms;
  gboolean     registered;
  double       mm_to_scan[9];
};

static void
check_clear (gpointer data)
{
  DiInspectCheck *c = data;

  g_free (c->id);
  g_free (c->diagnosis);
  g_free (c->sentence);
  g_free (c->crop);
  g_free (c->reference_crop);
  g_free (c->read);
}

void
di_inspection_free (DiInspection *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->mrz_image);
  g_ptr_array_unref (self->reasons);
  g_array_unref (self->checks);
  di_ocr_result_clear (&self->mrz);
  g_free (self->template_id);
  g_free (self);
}

static DiInspectCheck *
add_check (DiInspection *self,
           const char   *id,
           DiCheckStatus status,
           gboolean      critical,
           const char   *diagnosis,
           const char   *sentence)
{
  DiInspectCheck c = { g_strdup (id), status, critical };

  c.diagnosis = g_strdup (diagnosis);
  c.sentence = g_strdup (sentence);
  g_array_append_val (self->checks, c);
  return &g_array_index (self->checks, DiInspectCheck, self->checks->len - 1);
}

/* MRZ checks that reject when they fail: a check digit or the syntax. Not finding or not
 * trusting the reading sends the document to review instead. */
static gboolean
mrz_check_critical (const char *id)
{
  return g_str_has_prefix (id, "mrz.check_digit.") || g_str_has_prefix (id, "mrz.syntax.");
}

static gboolean
mrz_has_failed (const DiMrz *mrz,
                const char  *check)
{
  const DiMrzCheck *checks;
  guint n;

  checks = di_mrz_get_checks (mrz, &n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (checks[i].id, check) && checks[i].status == DI_CHECK_FAIL)
      return TRUE;
  return FALSE;
}

static gboolean
mrz_same_lines (const DiMrz *a,
                const DiMrz *b)
{
  if (di_mrz_get_n_lines (a) != di_mrz_get_n_lines (b))
    return FALSE;
  for (guint i = 0; i < di_mrz_get_n_lines (a); i++)
    if (g_strcmp0 (di_mrz_get_line (a, i), di_mrz_get_line (b, i)) != 0)
      return FALSE;
  return TRUE;
}

typedef struct {
  DiOcr        *ocr;
  const DiGray *gray;
  const GDate  *reference;
  DiOcrResult  *result;
} MrzJob;

static gpointer
mrz_thread (gpointer data)
{
  MrzJob *job = data;

  di_ocr_read_gray (job->ocr, job->gray, job->reference, job->result);
  return NULL;
}

/* Reads the MRZ under IR (the background drops out in B900) and under white light and keeps
 * the better reading, IR first. The two must say the same: an MRZ altered in one light only
 * (an edit of one image, or a reprint in an ink of other infrared properties) makes them
 * differ. The grey images are those made when the scans were loaded. */
static void
read_mrz (DiInspector            *self,
          const DiInspectRequest *request,
          DiGray                 *grays[DI_N_LIGHTS],
          const GDate            *reference,
          DiInspection           *out)
{
  static const DiLight order[] = { DI_LIGHT_IR, DI_LIGHT_WHITE };
  DiOcrResult r[G_N_ELEMENTS (order)] = { { NULL } };
  int pick = -1, other;
  gboolean critical = policy_critical (self->policy, "mrz.lights_agree", TRUE);

  MrzJob jobs[G_N_ELEMENTS (order)] = { { NULL } };
  GThread *threads[G_N_ELEMENTS (order)] = { NULL };

  /* one thread a light: the two cores read both in the time of one */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (grays[order[i]] != NULL)
      {
        jobs[i] = (MrzJob) { self->ocr, grays[order[i]], reference, &r[i] };
        threads[i] = g_thread_new ("mrz", mrz_thread, &jobs[i]);
      }
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (threads[i] != NULL)
      {
        g_thread_join (threads[i]);
        /* the first valid reading, else the first found, else the first made */
        if (pick < 0 || (r[i].mrz != NULL && (r[pick].mrz == NULL ||
                                              (di_mrz_is_valid (r[i].mrz) &&
                                               !di_mrz_is_valid (r[pick].mrz)))))
          pick = i;
      }
  if (pick < 0)
    return;
  out->mrz = r[pick];
  out->mrz_image = g_strdup (request->images[order[pick]]);
  other = 1 - pick;

  if (grays[order[other]] == NULL)
    add_check (out, "mrz.lights_agree", DI_CHECK_NOT_DONE, critical, "not_measured",
               "Not checked: there is no IR image.");
  else if (r[pick].mrz == NULL || r[other].mrz == NULL)
    add_check (out, "mrz.lights_agree", DI_CHECK_NOT_DONE, critical, "not_measured",
               r[pick].mrz == NULL ? "Not checked: no MRZ was found."
               : "Not checked: the MRZ was found under one light only.");
  else if (mrz_same_lines (r[pick].mrz, r[other].mrz))
    add_check (out, "mrz.lights_agree", DI_CHECK_PASS, critical, "ok",
               "The MRZ reads the same under white and IR light.");
  else if (mrz_has_failed (r[other].mrz, "mrz.ocr.confidence"))
    add_check (out, "mrz.lights_agree", DI_CHECK_NOT_DONE, critical, "not_measured",
               "Not checked: the MRZ could not be read with confidence under both lights.");
  else
    add_check (out, "mrz.lights_agree", DI_CHECK_FAIL, critical, "mismatch",
               "The MRZ reads differently under white and IR light: it may have been altered "
               "in one of them.");
  di_ocr_result_clear (&r[other]);
}

static void
add_mrz_checks (DiInspection *self)
{
  const DiMrzCheck *checks;
  guint n;

  if (self->mrz.mrz == NULL)
    {
      add_check (self, "mrz.found", DI_CHECK_FAIL, FALSE, "not_found",
                 "No MRZ could be read: the document cannot be identified by its MRZ.");
      return;
    }
  checks = di_mrz_get_checks (self->mrz.mrz, &n);
  for (guint i = 0; i < n; i++)
    add_check (self, checks[i].id, checks[i].status, mrz_check_critical (checks[i].id),
               checks[i].status == DI_CHECK_PASS ? "ok" : "mismatch", checks[i].message);
}

static DiTemplate *
choose_template (DiInspector            *self,
                 const DiInspectRequest *request,
                 const DiMrz            *mrz,
                 GError                **error)
{
  if (request->template != NULL)
    {
      if (g_file_test (request->template, G_FILE_TEST_IS_DIR))
        return di_template_load (request->template, error);
      for (guint i = 0; i < self->templates->len; i++)
        if (g_str_equal (di_template_get_id (self->templates->pdata[i]), request->template))
          return di_template_ref (self->templates->pdata[i]);
      g_set_error (error, DI_TEMPLATE_ERROR, DI_TEMPLATE_ERROR_NOT_FOUND,
                   "no template %s in %s", request->template, self->templates_dir);
      return NULL;
    }
  for (guint i = 0; mrz != NULL && i < self->templates->len; i++)
    if (di_template_matches (self->templates->pdata[i], mrz))
      return di_template_ref (self->templates->pdata[i]);
  return NULL;
}

static DiVisionRect
to_pixels (const DiRect *r,
           double        dpi)
{
  double s = dpi / MM_PER_INCH;

  return (DiVisionRect) { (int) lround (r->x * s), (int) lround (r->y * s),
                          MAX (1, (int) lround (r->w * s)), MAX (1, (int) lround (r->h * s)) };
}

typedef struct {
  DiInspector          *inspector;
  const LoadedTemplate *loaded;
  double                dpi;
  DiVisionImage        *scan[DI_N_LIGHTS];   /* warped into the reference frame; NULL: missing */
  const char           *crops_dir;
  const char           *name;
} Frame;

/* A printed feature's colour holds well; thin fibres lose saturation and brightness to blur
 * and to JPEG's halved colour resolution, so their gate is wider. */
static DiVisionColourGate
gate_for (guint32  rgb,
          gboolean thin)
{
  return thin ? (DiVisionColourGate) { rgb, 30, 0.55, 0.28 }
              : (DiVisionColourGate) { rgb, 20, 0.35, 0.45 };
}

/* The score of a feature on the scan, by its method, and the rectangle it comes from; FALSE
 * with a message when it could not be measured. */
static gboolean
measure (const Frame             *frame,
         const DiTemplateFeature *f,
         double                  *score,
         guint                   *worst,
         char                   **message)
{
  const DiVisionImage *img = frame->scan[f->light];
  const DiVisionImage *ref = frame->loaded->reference[f->light];
  double sum = 0, value;
  int count;

  *score = 0;
  for (guint i = 0; i < f->rects->len; i++)
    {
      DiVisionRect r = to_pixels (&g_array_index (f->rects, DiRect, i), frame->dpi);
      int status = 0;

      switch (f->method)
        {
        case DI_METHOD_LUMINANCE:
          status = di_vision_measure_luminance (img, r, &value, message);
          break;
        case DI_METHOD_PATTERN:
          if (f->colours->len > 0)
            {
              DiVisionColourGate gate = gate_for (g_array_index (f->colours, guint32, 0), FALSE);

              status = di_vision_measure_colour_pattern (img, ref, r, &gate, &value, NULL,
                                                         message);
            }
          else
            status = di_vision_measure_ncc (img, ref, r, 1.0, 3, &value, message);
          break;
        case DI_METHOD_FIBRES:
          value = G_MAXDOUBLE;
          for (guint c = 0; c < f->colours->len && status == 0; c++)
            {
              DiVisionColourGate gate = gate_for (g_array_index (f->colours, guint32, c), TRUE);

              status = di_vision_count_fibres (img, r, &gate,
                                               (int) lround (1.2 * frame->dpi / MM_PER_INCH),
                                               &count, message);
              value = MIN (value, count);
            }
          break;
        case DI_METHOD_PRINT_CONTRAST:
          status = di_vision_measure_print_contrast (img, r, &value, message);
          break;
        case DI_METHOD_DROPOUT:
        case DI_METHOD_VISIBLE:
          if (frame->scan[DI_LIGHT_WHITE] == NULL)
            {
              *message = g_strdup ("there is no white image to compare with");
              return FALSE;
            }
          status = di_vision_measure_ir_visibility (img, frame->scan[DI_LIGHT_WHITE], r, &value,
                                                    message);
          break;
        case DI_METHOD_GHOST_MATCH:
          status = di_vision_measure_ghost_similarity (img, to_pixels (&f->compare_with,
                                                                       frame->dpi),
                                                       r, &value, message);
          break;
        case DI_N_METHODS:
        default:
          *message = g_strdup ("unknown method");
          return FALSE;
        }
      if (status != 0)
        return FALSE;
      /* several rectangles: the mean, but fibres are counted over all of them and the
       * brightest counts for luminance (one glowing area is enough) */
      sum += value;
      if (i == 0 || (f->method == DI_METHOD_LUMINANCE && value > *score))
        {
          *score = value;
          *worst = i;
        }
    }
  if (f->method != DI_METHOD_LUMINANCE)
    *score = f->method == DI_METHOD_FIBRES ? sum : sum / f->rects->len;
  return TRUE;
}

/* One plain sentence on a feature's outcome. */
static char *
feature_sentence (const DiTemplateFeature *f,
                  DiCheckStatus            status,
                  double                   score,
                  double                   threshold,
                  const char              *why)
{
  const char *light = di_light_to_string (f->light);

  if (status == DI_CHECK_NOT_DONE)
    return g_strdup_printf ("Not checked: %s. (%s)", why, f->description);
  if (status == DI_CHECK_PASS)
    return g_strdup_printf ("As on the genuine document: %s", f->description);
  switch (f->method)
    {
    case DI_METHOD_LUMINANCE:
      return g_strdup_printf ("The paper is brighter under %s light than genuine paper "
                              "(%.2f, at most %.2f): it may be ordinary paper with optical "
                              "brighteners.", light, score, threshold);
    case DI_METHOD_PATTERN:
      return g_strdup_printf ("The feature does not match the genuine one under %s light "
                              "(%.2f, at least %.2f): missing, moved, interrupted or of "
                              "another colour. Genuine: %s", light, score, threshold,
                              f->description);
    case DI_METHOD_FIBRES:
      return g_strdup_printf ("Too few security fibres under UV (%.0f, at least %.0f). "
                              "Genuine: %s", score, threshold, f->description);
    case DI_METHOD_PRINT_CONTRAST:
      return g_strdup_printf ("The print is too faint under %s light (contrast %.2f, at least "
                              "%.2f): it may have been reprinted with another ink. Genuine: %s",
                              light, score, threshold, f->description);
    case DI_METHOD_DROPOUT:
      return g_strdup_printf ("Ink that should vanish in the infrared stays visible (%.2f, at "
                              "most %.2f). Genuine: %s", score, threshold, f->description);
    case DI_METHOD_VISIBLE:
      return g_strdup_printf ("Print that should stay black in the infrared fades (%.2f, at "
                              "least %.2f). Genuine: %s", score, threshold, f->description);
    case DI_METHOD_GHOST_MATCH:
      return g_strdup_printf ("The ghost image does not show the face of the photo (%.2f, at "
                              "least %.2f): the photo may have been replaced.", score,
                              threshold);
    case DI_N_METHODS:
    default:
      return g_strdup (f->description);
    }
}

static const char *
feature_diagnosis (const DiTemplateFeature *f)
{
  switch (f->method)
    {
    case DI_METHOD_LUMINANCE:
      return "too_bright";
    case DI_METHOD_PATTERN:
      return "pattern_mismatch";
    case DI_METHOD_FIBRES:
      return "too_few_fibres";
    case DI_METHOD_PRINT_CONTRAST:
      return "faint_print";
    case DI_METHOD_DROPOUT:
      return "visible_in_ir";
    case DI_METHOD_VISIBLE:
      return "invisible_in_ir";
    case DI_METHOD_GHOST_MATCH:
      return "ghost_mismatch";
    case DI_N_METHODS:
    default:
      return "mismatch";
    }
}

/* Writes an image as PNG, through cairo. */
static gboolean
save_png (const DiVisionImage *image,
          const char          *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         di_vision_image_get_width (image),
                                                         di_vision_image_get_height (image));
  gboolean ok = FALSE;

  if (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_flush (surface);
      if (di_vision_image_get_xrgb32 (image, cairo_image_surface_get_data (surface),
                                      cairo_image_surface_get_stride (surface), NULL) == 0)
        {
          cairo_surface_mark_dirty (surface);
          ok = di_image_save_png (surface, path, NULL);
        }
    }
  cairo_surface_destroy (surface);
  return ok;
}

/* Crops of a region, captured and reference, for the officer and the reports. */
static void
write_crops (const Frame             *frame,
             const DiTemplateFeature *f,
             DiInspectCheck          *check)
{
  DiVisionRect r = to_pixels (&check->region, frame->dpi);
  const DiVisionImage *images[2] = { frame->scan[f->light], frame->loaded->reference[f->light] };
  char **paths[2] = { &check->crop, &check->reference_crop };
  g_autofree char *stem = NULL;

  if (frame->crops_dir == NULL || images[0] == NULL)
    return;
  /* the scan set's name is often a path: its last part names the files */
  stem = frame->name != NULL ? g_path_get_basename (frame->name) : g_strdup ("scan");
  g_mkdir_with_parents (frame->crops_dir, 0700);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *base = g_strdup_printf ("%s-%s%s.png", stem, check->id,
                                               i == 0 ? "" : "-reference");
      g_autofree char *path = g_build_filename (frame->crops_dir, base, NULL);
      DiVisionImage *crop = di_vision_image_crop (images[i], r, NULL);

      if (crop != NULL && save_png (crop, path))
        *paths[i] = g_steal_pointer (&path);
      di_vision_image_free (crop);
    }
}

static void
check_features (DiInspection *self,
                const Frame  *frame,
                const char   *not_done_why)
{
  const DiTemplateFeature *features;
  guint n;

  features = di_template_get_features (frame->loaded->template, &n);
  for (guint i = 0; i < n; i++)
    {
      const DiTemplateFeature *f = &features[i];
      const DiPolicy *policy = frame->inspector->policy;
      double threshold = policy_threshold (policy, f->check, f->threshold), score = 0;
      guint worst = 0;
      gboolean critical = policy_critical (policy, f->check, f->critical);
      g_autofree char *why = NULL, *sentence = NULL;
      DiCheckStatus status;
      DiInspectCheck *check;

      if (not_done_why != NULL)
        why = g_strdup (not_done_why);
      else if (frame->scan[f->light] == NULL)
        why = g_strdup_printf ("there is no %s image", di_light_to_string (f->light));
      if (why == NULL && !measure (frame, f, &score, &worst, &why))
        {
          g_autofree char *detail = g_steal_pointer (&why);

          why = g_strdup_printf ("the measurement failed (%s)", detail);
        }
      status = why != NULL ? DI_CHECK_NOT_DONE
               : (f->at_most ? score <= threshold : score >= threshold) ? DI_CHECK_PASS
               : DI_CHECK_FAIL;
      sentence = feature_sentence (f, status, score, threshold, why);
      check = add_check (self, f->check, status, critical,
                         status == DI_CHECK_PASS ? "ok" : status == DI_CHECK_FAIL
                         ? feature_diagnosis (f) : "not_measured", sentence);
      check->has_light = TRUE;
      check->light = f->light;
      check->has_region = TRUE;
      check->region = g_array_index (f->rects, DiRect, worst);
      check->has_score = status != DI_CHECK_NOT_DONE;
      check->score = score;
      check->has_threshold = TRUE;
      check->threshold = threshold;
      check->at_most = f->at_most;
      if (status == DI_CHECK_FAIL)
        write_crops (frame, f, check);
    }
}

/* What may be printed in a visual-zone field. */
static const char *
viz_whitelist (DiMrzField field)
{
  switch (field)
    {
    case DI_MRZ_FIELD_DOCUMENT_NUMBER:
      return "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    case DI_MRZ_FIELD_BIRTH_DATE:
    case DI_MRZ_FIELD_EXPIRY_DATE:
      return "0123456789 ABCDEFGJLMNOPRSTUVY";
    case DI_MRZ_FIELD_SEX:
      return "MFX";
    default:
      return "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÜÉÈÁÀÍÓÚÑÇ -'";
    }
}

/* Reads a visual-zone field and compares it with the MRZ. What OCR gets wrong changes with
 * the size it reads at, so a field that disagrees is read again at other sizes: a reading
 * that agrees passes, however unsure (a field altered by a forger is not misread into the
 * MRZ's value), two sure readings that disagree fail, anything else is unreadable. */
static DiVizResult
read_viz_field (const Frame         *frame,
                const DiGray        *gray,
                const DiTemplateViz *viz,
                const DiMrz         *mrz,
                double              *confidence,
                char               **diagnosis,
                char               **read)
{
  static const double heights[] = { 48.0, 36.0, 26.0 };
  double min_confidence = frame->inspector->policy->viz_min_confidence;
  /* a millimetre either side: a registration error must not cut off the first letter */
  DiRect mm = { viz->rect.x - 1.0, viz->rect.y, viz->rect.w + 2.0, viz->rect.h };
  DiVisionRect r = to_pixels (&mm, frame->dpi);
  char *texts[G_N_ELEMENTS (heights)] = { NULL };
  guint mismatches = 0, n = 0;
  DiVizResult result = DI_VIZ_UNREADABLE;

  *confidence = 0;
  while (n < G_N_ELEMENTS (heights) && mismatches < 2 && result != DI_VIZ_MATCH)
    {
      g_autofree char *why = NULL;
      gboolean sure, agrees = FALSE;
      double c;
      DiVizResult now;

      texts[n] = di_text_reader_read_line (frame->inspector->text, gray, r.x, r.y, r.width,
                                           r.height, viz_whitelist (viz->field), heights[n], &c);
      /* Tesseract's confidence in a line of digits is sometimes nil for a right reading: the
       * same text read at two sizes is as good a sign */
      sure = c >= min_confidence;
      for (guint j = 0; j < n && !sure; j++)
        agrees = sure = texts[n][0] != '\0' && g_str_equal (texts[n], texts[j]);
      /* a reading that agrees counts however unsure: a forger's text is not misread into the
       * MRZ's value, except by chance in a field of one letter out of three */
      now = di_viz_compare (viz->field, texts[n], mrz, &why);
      if (now == DI_VIZ_MATCH && !sure && viz->field == DI_MRZ_FIELD_SEX)
        {
          now = DI_VIZ_UNREADABLE;
          g_clear_pointer (&why, g_free);
        }
      if (now == DI_VIZ_MISMATCH && !sure)
        {
          now = DI_VIZ_UNREADABLE;
          g_clear_pointer (&why, g_free);
        }
      n++;
      /* two readings of one text that disagrees are two disagreeing readings */
      mismatches += now == DI_VIZ_MISMATCH ? (agrees ? 2 : 1) : 0;
      /* the most telling reading: a match, else a mismatch, else the surest */
      if (now == DI_VIZ_MATCH || now == DI_VIZ_MISMATCH ||
          (result == DI_VIZ_UNREADABLE && *confidence <= c))
        {
          *confidence = c;
          result = now;
          g_free (*diagnosis);
          *diagnosis = g_steal_pointer (&why);
          g_free (*read);
          *read = g_strdup (texts[n - 1]);
        }
    }
  for (guint i = 0; i < n; i++)
    g_free (texts[i]);

  if (result == DI_VIZ_MATCH || mismatches >= 2)
    return result;
  if (result == DI_VIZ_MISMATCH || *diagnosis == NULL)
    {
      g_free (*diagnosis);
      *diagnosis = g_strdup ("The visual zone's field could not be read with confidence.");
    }
  return DI_VIZ_UNREADABLE;
}

static void
check_viz (DiInspection *self,
           const Frame  *frame,
           const DiMrz  *mrz,
           const char   *not_done_why)
{
  const DiTemplateViz *viz;
  guint n;
  g_autofree guint8 *pixels = NULL;
  DiGray gray = { 0 };

  viz = di_template_get_viz (frame->loaded->template, &n);
  if (not_done_why == NULL && frame->scan[DI_LIGHT_WHITE] != NULL)
    {
      gray.width = di_vision_image_get_width (frame->scan[DI_LIGHT_WHITE]);
      gray.height = di_vision_image_get_height (frame->scan[DI_LIGHT_WHITE]);
      pixels = g_malloc ((gsize) gray.width * gray.height);
      if (di_vision_image_get_grey (frame->scan[DI_LIGHT_WHITE], pixels, NULL) == 0)
        gray.pixels = pixels;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *field = di_mrz_field_to_string (viz[i].field);
      g_autofree char *id = g_strdup_printf ("viz.%s", field);
      gboolean critical = policy_critical (frame->inspector->policy, id, FALSE);
      g_autofree char *diagnosis = NULL, *read = NULL;
      double confidence = 0;
      DiVizResult result;
      DiInspectCheck *check;

      if (not_done_why != NULL || gray.pixels == NULL || mrz == NULL)
        {
          g_autofree char *sentence = g_strdup_printf ("Not checked: %s.",
                                                       not_done_why != NULL ? not_done_why
                                                       : mrz == NULL ? "no MRZ to compare with"
                                                       : "there is no white image");

          add_check (self, id, DI_CHECK_NOT_DONE, critical, "not_measured", sentence);
          continue;
        }
      result = read_viz_field (frame, &gray, &viz[i], mrz, &confidence, &diagnosis, &read);
      check = add_check (self, id,
                         result == DI_VIZ_MATCH ? DI_CHECK_PASS
                         : result == DI_VIZ_MISMATCH ? DI_CHECK_FAIL : DI_CHECK_NOT_DONE,
                         critical,
                         result == DI_VIZ_MATCH ? "ok" : result == DI_VIZ_MISMATCH ? "mismatch"
                                                                                  : "unreadable",
                         result == DI_VIZ_MATCH ? "The visual zone agrees with the MRZ."
                                                : diagnosis);
      check->has_light = TRUE;
      check->light = DI_LIGHT_WHITE;
      check->has_region = TRUE;
      check->region = viz[i].rect;
      /* the reading's confidence, for information: agreement across sizes, not a threshold,
       * decides (read_viz_field) */
      check->has_score = TRUE;
      check->score = confidence;
      if (read != NULL && *read != '\0')
        check->read = g_steal_pointer (&read);
    }
}

static void
check_document (DiInspection *self,
                DiInspector  *inspector,
                const GDate  *reference,
                gboolean      template_specimen)
{
  const DiMrz *mrz = self->mrz.mrz;
  GDate expiry;

  if (mrz != NULL && di_mrz_get_date (mrz, DI_MRZ_FIELD_EXPIRY_DATE, &expiry))
    {
      gboolean expired = g_date_compare (&expiry, reference) < 0;
      g_autofree char *sentence = NULL;

      sentence = expired ? g_strdup_printf ("The document expired on %04d-%02d-%02d.",
                                            g_date_get_year (&expiry),
                                            g_date_get_month (&expiry), g_date_get_day (&expiry))
                         : g_strdup ("The document has not expired.");
      add_check (self, "doc.expired", expired ? DI_CHECK_FAIL : DI_CHECK_PASS,
                 policy_critical (inspector->policy, "doc.expired",
                                  inspector->policy->expired_critical),
                 expired ? "expired" : "ok", sentence);
    }
  else
    add_check (self, "doc.expired", DI_CHECK_NOT_DONE, FALSE, "not_measured",
               "Not checked: the MRZ gives no date of expiry.");

  if ((mrz != NULL && di_mrz_is_specimen (mrz)) || template_specimen)
    add_check (self, "doc.specimen",
               inspector->policy->specimen_accepted ? DI_CHECK_PASS : DI_CHECK_FAIL,
               policy_critical (inspector->policy, "doc.specimen", TRUE), "specimen",
               inspector->policy->specimen_accepted
               ? "A specimen of the ICAO specimen state Utopia, accepted for training."
               : "A specimen document, not a document of a real state.");
  else
    add_check (self, "doc.specimen", DI_CHECK_PASS, FALSE, "ok",
               "Not a specimen document.");
}

/* DESIGN.md: reject on a critical failure; review on any other failure, a critical check
 * not done, no template or no trusted MRZ; accept otherwise. */
static void
decide (DiInspection *self,
        gboolean      have_template)
{
  gboolean reject = FALSE, review = !have_template;

  for (guint i = 0; i < self->checks->len; i++)
    {
      const DiInspectCheck *c = &g_array_index (self->checks, DiInspectCheck, i);

      if (c->status == DI_CHECK_FAIL && c->critical)
        reject = TRUE;
      else if (c->status == DI_CHECK_FAIL || (c->status == DI_CHECK_NOT_DONE && c->critical))
        review = TRUE;
      if (c->status == DI_CHECK_FAIL || (c->status == DI_CHECK_NOT_DONE && c->critical))
        g_ptr_array_insert (self->reasons, self->reasons->len - 1, g_strdup (c->sentence));
    }
  if (!have_template)
    g_ptr_array_insert (self->reasons, self->reasons->len - 1,
                        g_strdup ("No reference template for this document type: only the MRZ "
                                  "was checked."));
  self->verdict = reject ? DI_VERDICT_REJECT : review ? DI_VERDICT_REVIEW : DI_VERDICT_ACCEPT;
}

/* Decodes the images of a scan set, one thread each, with grey for the MRZ reader (IR and
 * white). UV and IR come from the reader that took the white image, in its geometry: a
 * different size means a mixed-up scan set. */
static gboolean
load_scans (const DiInspectRequest *request,
            DiVisionImage          *scans[DI_N_LIGHTS],
            DiGray                 *grays[DI_N_LIGHTS],
            GError                **error)
{
  Load loads[DI_N_LIGHTS] = { { NULL } };
  int width, height;

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      loads[l].path = request->images[l];
      loads[l].decoded = request->images[l] != NULL ? request->decoded[l] : NULL;
      loads[l].want_gray = l == DI_LIGHT_IR || l == DI_LIGHT_WHITE;
    }
  if (!load_images (loads, error))
    return FALSE;
  width = di_vision_image_get_width (loads[DI_LIGHT_WHITE].image);
  height = di_vision_image_get_height (loads[DI_LIGHT_WHITE].image);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      scans[l] = loads[l].image;
      grays[l] = loads[l].gray;
    }
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    if (scans[l] != NULL && (di_vision_image_get_width (scans[l]) != width ||
                             di_vision_image_get_height (scans[l]) != height))
      {
        g_autofree char *base = g_path_get_basename (request->images[l]);
        g_autofree char *name = g_utf8_make_valid (base, -1);
        g_autofree char *white_base = g_path_get_basename (request->images[DI_LIGHT_WHITE]);
        g_autofree char *white_name = g_utf8_make_valid (white_base, -1);

        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s: %d × %d pixels, but the white image %s is %d × %d: the images of "
                     "a scan set must be of one size", name,
                     di_vision_image_get_width (scans[l]), di_vision_image_get_height (scans[l]),
                     white_name, width, height);
        for (DiLight k = 0; k < DI_N_LIGHTS; k++)
          {
            g_clear_pointer (&scans[k], di_vision_image_free);
            g_clear_pointer (&grays[k], di_gray_free);
          }
        return FALSE;
      }
  return TRUE;
}

typedef struct {
  DiInspection *into;      /* the visual zone's checks, joined to the inspection after */
  const Frame  *frame;
  const DiMrz  *mrz;
  const char   *not_done;
} VizJob;

static gpointer
viz_thread (gpointer data)
{
  VizJob *job = data;

  check_viz (job->into, job->frame, job->mrz, job->not_done);
  return NULL;
}

/**
 * di_inspector_inspect:
 * @self: the inspector
 * @request: the scan set and options
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the inspection, or %NULL with @error when it cannot run
 */
DiInspection *
di_inspector_inspect (DiInspector            *self,
                      const DiInspectRequest *request,
                      GError                **error)
{
  g_autoptr (GTimer) timer = g_timer_new ();
  g_autoptr (DiInspection) out = g_new0 (DiInspection, 1);
  g_autoptr (DiTemplate) template = NULL;
  GDate reference;
  Frame frame = { self };
  DiVisionImage *scans[DI_N_LIGHTS] = { NULL };
  DiGray *grays[DI_N_LIGHTS] = { NULL };
  const char *not_done = NULL;
  g_autofree char *registration_failure = NULL;

  out->name = g_strdup (request->name);
  out->reasons = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (out->reasons, NULL);
  out->checks = g_array_new (FALSE, TRUE, sizeof (DiInspectCheck));
  g_array_set_clear_func (out->checks, check_clear);
  reference = request->reference;
  if (!g_date_valid (&reference))
    {
      g_date_clear (&reference, 1);
      g_date_set_time_t (&reference, time (NULL));
    }

  if (request->images[DI_LIGHT_WHITE] == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "a scan set needs a white image");
      return NULL;
    }
  if (!load_scans (request, scans, grays, error))
    return NULL;
  g_debug ("loaded the images: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  read_mrz (self, request, grays, &reference, out);
  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    g_clear_pointer (&grays[l], di_gray_free);
  add_mrz_checks (out);
  g_debug ("read the MRZ: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
  if (!wait_for_text_reader (self, error))
    {
      for (DiLight l = 0; l < DI_N_LIGHTS; l++)
        di_vision_image_free (scans[l]);
      return NULL;
    }

  template = choose_template (self, request, out->mrz.mrz, error);
  if (template == NULL && request->template != NULL)
    {
      for (DiLight k = 0; k < DI_N_LIGHTS; k++)
        di_vision_image_free (scans[k]);
      return NULL;
    }
  if (template != NULL)
    {
      GError *local = NULL;
      double h[9];
      DiVisionRegisterOptions options = { DI_VISION_METHOD_AUTO, 0 };
      DiVisionRegistration info;
      char *message = NULL;

      out->template_id = g_strdup (di_template_get_id (template));
      frame.loaded = load_references (self, template, &local);
      if (frame.loaded == NULL)
        {
          registration_failure = g_strdup (local->message);
          g_error_free (local);
        }
      else if (di_vision_register (scans[DI_LIGHT_WHITE],
                                   frame.loaded->reference[DI_LIGHT_WHITE], &options, h, &info,
                                   &message) != 0)
        {
          registration_failure = g_strdup_printf ("the page could not be registered to the "
                                                  "template (%s)", message);
          g_free (message);
        }
      else
        {
          int w = di_vision_image_get_width (frame.loaded->reference[DI_LIGHT_WHITE]);

          g_debug ("registered (%s, %d inliers): %.0f ms",
                   info.method == DI_VISION_METHOD_OUTLINE ? "outline" : "keypoints",
                   info.inliers, g_timer_elapsed (timer, NULL) * 1000);
          int hgt = di_vision_image_get_height (frame.loaded->reference[DI_LIGHT_WHITE]);
          double s = di_template_get_dpi (template) / MM_PER_INCH;

          /* reference pixels are millimetres times the template's pixels per millimetre */
          for (guint k = 0; k < 9; k++)
            out->mm_to_scan[k] = h[k] * (k % 3 < 2 ? s : 1.0);
          out->registered = TRUE;

          for (DiLight l = 0; l < DI_N_LIGHTS; l++)
            if (scans[l] != NULL)
              frame.scan[l] = di_vision_warp (scans[l], h, w, hgt, NULL);
        }
      not_done = registration_failure;
      frame.dpi = di_template_get_dpi (template);
      frame.crops_dir = request->crops_dir;
      frame.name = request->name;
      if (frame.loaded != NULL)
        {
          /* the visual zone (Tesseract) beside the features (OpenCV): two cores */
          DiInspection viz = { .checks = g_array_new (FALSE, TRUE, sizeof (DiInspectCheck)) };
          VizJob job = { &viz, &frame, out->mrz.mrz, not_done };
          GThread *thread = g_thread_new ("viz", viz_thread, &job);

          check_features (out, &frame, not_done);
          g_debug ("measured the features: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
          g_thread_join (thread);
          g_debug ("read the visual zone: %.0f ms", g_timer_elapsed (timer, NULL) * 1000);
          /* the checks move over, their strings with them */
          g_array_append_vals (out->checks, viz.checks->data, viz.checks->len);
          g_array_unref (viz.checks);
        }
      else
        add_check (out, "doc.template", DI_CHECK_NOT_DONE, TRUE, "not_measured",
                   registration_failure);
    }
  check_document (out, self, &reference, template != NULL && di_template_is_specimen (template));
  decide (out, template != NULL);

  for (DiLight l = 0; l < DI_N_LIGHTS; l++)
    {
      di_vision_image_free (scans[l]);
      di_vision_image_free (frame.scan[l]);
    }
  out->timing_ms = g_timer_elapsed (timer, NULL) * 1000;
  return g_steal_pointer (&out);
}

/* --- accessors --------------------------------------------------------------------------- */

const char *
di_verdict_to_string (DiVerdict verdict)
{
  return verdict == DI_VERDICT_ACCEPT ? "accept" : verdict == DI_VERDICT_REVIEW ? "review"
                                                                                : "reject";
}

DiVerdict
di_inspection_get_verdict (const DiInspection *self)
{
  return self->verdict;
}

const char *const *
di_inspection_get_reasons (const DiInspection *self)
{
  return (const char *const *) self->reasons->pdata;
}

const DiInspectCheck *
di_inspection_get_checks (const DiInspection *self,
                          guint              *n)
{
  *n = self->checks->len;
  return (const DiInspectCheck *) self->checks->data;
}

const DiInspectCheck *
di_inspection_find_check (const DiInspection *self,
                          const char         *id)
{
  for (guint i = 0; i < self->checks->len; i++)
    if (g_str_equal (g_array_index (self->checks, DiInspectCheck, i).id, id))
      return &g_array_index (self->checks, DiInspectCheck, i);
  return NULL;
}

const DiOcrResult *
di_inspection_get_mrz (const DiInspection *self)
{
  return &self->mrz;
}

const char *
di_inspection_get_name (const DiInspection *self)
{
  return self->name;
}

const char *
di_inspection_get_mrz_image (const DiInspection *self)
{
  return self->mrz_image;
}

const char *
di_inspection_get_template_id (const DiInspection *self)
{
  return self->template_id;
}

double
di_inspection_get_timing_ms (const DiInspection *self)
{
  return self->timing_ms;
}

/**
 * di_inspection_get_page_transform:
 * @self: an inspection
 * @mm_to_scan: (out): the homography from millimetres on the template's page to pixels of
 *   the white scan, row-major
 *
 * Returns: %TRUE when the page was registered to its template
 */
gboolean
di_inspection_get_page_transform (const DiInspection *self,
                                  double              mm_to_scan[9])
{
  if (self->registered)
    memcpy (mm_to_scan, self->mm_to_scan, sizeof self->mm_to_scan);
  return self->registered;
}
