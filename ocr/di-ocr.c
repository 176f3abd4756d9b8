/* di-ocr.c — the MRZ reader: locate, sample, classify, repair
 *
 * Each located block is read both ways up; the classifier's per-cell probabilities become
 * the candidates of the mrz/ repair, which returns the reading whose check digits and
 * syntax hold where they prove anything. The reader then vouches for the result only if the
 * characters no check digit covers were read with confidence and no other reading the
 * checks accept comes close (the `mrz.ocr.confidence` check).
 */
#define G_LOG_DOMAIN "di-ocr"

#include "config.h"

#include <math.h>
#include <string.h>

#include "di-ocr-private.h"

/* The reader's policy (see di_mrz_candidates_set_required_confidence()); measured with
 * bench/bench-mrz-read so that no wrong MRZ is called valid. */
#define MIN_POSTERIOR 0.80
#define MIN_UNPROTECTED 0.70
/* Candidates below this probability are not offered to the repair. */
#define MIN_CANDIDATE 0.01
#define MAX_CANDIDATES 4
/* A reading whose characters are this uncertain on average is no MRZ. */
#define MIN_MEAN_TOP 0.6

struct _DiOcr {
  DiCellModel *model;
  double       min_posterior;
  double       min_unprotected;
};

/**
 * di_ocr_default_model_path:
 *
 * Returns: (transfer full): `DOCINSPECT_MRZ_MODEL` if set, else the installed model if there
 *   is one, else the source tree's `ocr/mrz-ocrb.model`
 */
char *
di_ocr_default_model_path (void)
{
  const char *env = g_getenv ("DOCINSPECT_MRZ_MODEL");
  g_autofree char *installed = g_build_filename (DI_DATADIR, "docinspect", "mrz-ocrb.model",
                                                 NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);
  return g_build_filename (DI_SOURCE_DIR, "ocr", "mrz-ocrb.model", NULL);
}

/**
 * di_ocr_new:
 * @model_path: (nullable): the character model; %NULL for di_ocr_default_model_path()
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the reader, or %NULL with #DI_OCR_ERROR_MODEL
 */
DiOcr *
di_ocr_new (const char *model_path,
            GError    **error)
{
  g_autofree char *path = model_path != NULL ? g_strdup (model_path)
                                             : di_ocr_default_model_path ();
  DiCellModel *model = di_cell_model_load (path, error);
  DiOcr *self;

  if (model == NULL)
    return NULL;
  self = g_new0 (DiOcr, 1);
  self->model = model;
  self->min_posterior = MIN_POSTERIOR;
  self->min_unprotected = MIN_UNPROTECTED;
  return self;
}

/**
 * di_ocr_set_required_confidence:
 * @self: the reader
 * @posterior: see di_mrz_candidates_set_required_confidence()
 * @unprotected: the same
 *
 * Changes the reader's policy for vouching for an MRZ (0, 0: check digits alone decide; for
 * calibration, not for the booth).
 */
void
di_ocr_set_required_confidence (DiOcr  *self,
                                double  posterior,
                                double  unprotected)
{
  self->min_posterior = posterior;
  self->min_unprotected = unprotected;
}

void
di_ocr_free (DiOcr *self)
{
  if (self == NULL)
    return;
  di_cell_model_free (self->model);
  g_free (self);
}

void
di_ocr_result_clear (DiOcrResult *result)
{
  g_clear_pointer (&result->mrz, di_mrz_unref);
  memset (result, 0, sizeof *result);
}

typedef struct {
  DiMrz  *mrz;
  double  mean_top;   /* mean probability of the chosen characters as classified */
  gboolean flipped;
  const DiMrzLocation *location;
} Reading;

static void
reading_clear (Reading *r)
{
  g_clear_pointer (&r->mrz, di_mrz_unref);
}

static guint
count_failures (const DiMrz *mrz)
{
  const DiMrzCheck *checks;
  guint n, failures = 0;

  checks = di_mrz_get_checks (mrz, &n);
  for (guint i = 0; i < n; i++)
    failures += checks[i].status == DI_CHECK_FAIL;
  return failures;
}

/* valid first, then fewer failed checks, then the more confident classification */
static gboolean
better (const Reading *a,
        const Reading *b)
{
  if (b->mrz == NULL)
    return a->mrz != NULL;
  if (a->mrz == NULL)
    return FALSE;
  if (di_mrz_is_valid (a->mrz) != di_mrz_is_valid (b->mrz))
    return di_mrz_is_valid (a->mrz);
  if (count_failures (a->mrz) != count_failures (b->mrz))
    return count_failures (a->mrz) < count_failures (b->mrz);
  return a->mean_top > b->mean_top;
}

/* How sure the classifier is of a sample of the cells read one way up: the mean log of the
 * best class probability over every fourth cell. Upside down, OCR-B rarely looks like OCR-B. */
static double
orientation_score (DiOcr               *self,
                   const DiGray        *gray,
                   const DiMrzLocation *loc,
                   gboolean             flipped)
{
  guint n = loc->n_lines * loc->n_chars, m = 0;
  g_autofree float *cells = g_new (float, (gsize) n * DI_CELL_SIZE);
  g_autofree float *probs = g_new (float, (gsize) DI_N_CLASSES);
  double score = 0;

  di_ocr_sample_cells (gray, loc, flipped, cells);
  for (guint i = 1; i < n; i += 4, m++)
    {
      float top = 0;

      di_cell_model_classify (self->model, cells + (gsize) i * DI_CELL_SIZE, 1, probs);
      for (guint c = 0; c < DI_N_CLASSES; c++)
        top = MAX (top, probs[c]);
      score += log (MAX (top, 1e-6f));
    }
  return m > 0 ? score / m : -G_MAXDOUBLE;
}

static void
read_location (DiOcr               *self,
               const DiGray        *gray,
               const DiMrzLocation *loc,
               gboolean             flipped,
               const GDate         *reference,
               Reading             *out)
{
  guint n = loc->n_lines * loc->n_chars;
  g_autofree float *cells = g_new (float, (gsize) n * DI_CELL_SIZE);
  g_autofree float *probs = g_new (float, (gsize) n * DI_N_CLASSES);
  g_autoptr (DiMrzCandidates) cands = di_mrz_candidates_new (loc->n_lines, loc->n_chars);
  double top_sum = 0;

  di_ocr_sample_cells (gray, loc, flipped, cells);
  di_cell_model_classify (self->model, cells, n, probs);
  for (guint i = 0; i < n; i++)
    {
      const float *p = probs + (gsize) i * DI_N_CLASSES;
      guint line = i / loc->n_chars, column = i % loc->n_chars;
      float top = 0;

      for (guint c = 0; c < DI_N_CLASSES; c++)
        {
          top = MAX (top, p[c]);
          if (p[c] >= MIN_CANDIDATE)
            di_mrz_candidates_add (cands, line, column, DI_MRZ_CLASSES[c], p[c]);
        }
      top_sum += top;
    }
  di_mrz_candidates_set_required_confidence (cands, self->min_posterior, self->min_unprotected);
  out->mrz = di_mrz_repair (cands, reference);
  out->mean_top = top_sum / n;
  out->flipped = flipped;
  out->location = loc;
}

/* The reading direction and the corners of the MRZ as read upright. */
static void
describe (const Reading *r,
          DiOcrResult   *result)
{
  const DiMrzLocation *loc = r->location;
  int last = loc->n_lines - 1, end = loc->n_chars - 1;
  DiPoint a = loc->along[0], d;
  DiPoint tl, tr, br, bl;
  double hw = 0.6 * loc->pitch, hh = 0.8 * loc->height;

  tl = (DiPoint) { loc->centre[0][0].x, loc->centre[0][0].y };
  tr = (DiPoint) { loc->centre[0][end].x, loc->centre[0][end].y };
  br = (DiPoint) { loc->centre[last][end].x, loc->centre[last][end].y };
  bl = (DiPoint) { loc->centre[last][0].x, loc->centre[last][0].y };
  d = (DiPoint) { -a.y, a.x };
  /* widen the cell centres to the characters' outer edges */
  result->quad[0] = (DiPoint) { tl.x - hw * a.x - hh * d.x, tl.y - hw * a.y - hh * d.y };
  result->quad[1] = (DiPoint) { tr.x + hw * a.x - hh * d.x, tr.y + hw * a.y - hh * d.y };
  result->quad[2] = (DiPoint) { br.x + hw * a.x + hh * d.x, br.y + hw * a.y + hh * d.y };
  result->quad[3] = (DiPoint) { bl.x - hw * a.x + hh * d.x, bl.y - hw * a.y + hh * d.y };
  if (r->flipped)
    {
      DiPoint t0 = result->quad[0], t1 = result->quad[1];

      result->quad[0] = result->quad[2];
      result->quad[1] = result->quad[3];
      result->quad[2] = t0;
      result->quad[3] = t1;
      a = (DiPoint) { -a.x, -a.y };
    }
  /* counter-clockwise as seen (image y points down) */
  result->rotation = fmod (atan2 (-a.y, a.x) * 180.0 / G_PI + 360.0, 360.0);
}

/**
 * di_ocr_read_gray:
 * @self: the reader
 * @gray: a page image
 * @reference: (nullable): the date two-digit years are placed against; %NULL for today
 * @result: (out caller-allocates): the MRZ (NULL when none), its rotation and corners
 *
 * Returns: whether an MRZ was found
 */
gboolean
di_ocr_read_gray (DiOcr        *self,
                  const DiGray *gray,
                  const GDate  *reference,
                  DiOcrResult  *result)
{
  DiMrzLocation locations[DI_MAX_LOCATIONS];
  guint n = di_ocr_locate (gray, locations, DI_MAX_LOCATIONS);
  Reading best = { NULL };

  memset (result, 0, sizeof *result);
  result->width = gray->width;
  result->height = gray->height;
  for (guint i = 0; i < n && !(best.mrz != NULL && di_mrz_is_valid (best.mrz)); i++)
    {
      /* the likelier way up first; the other only if that one does not hold */
      gboolean first = orientation_score (self, gray, &locations[i], TRUE) >
                       orientation_score (self, gray, &locations[i], FALSE);

      for (int pass = 0; pass < 2 && !(best.mrz != NULL && di_mrz_is_valid (best.mrz)); pass++)
        {
          Reading r = { NULL };

          read_location (self, gray, &locations[i], pass == 0 ? first : !first, reference, &r);
          if (r.mean_top >= MIN_MEAN_TOP && better (&r, &best))
            {
              reading_clear (&best);
              best = r;
            }
          else
            reading_clear (&r);
        }
    }
  if (best.mrz == NULL)
    return FALSE;
  describe (&best, result);
  result->mrz = g_steal_pointer (&best.mrz);
  return TRUE;
}

/**
 * di_ocr_read_file:
 * @self: the reader
 * @path: an image file
 * @reference: (nullable): as for di_ocr_read_gray()
 * @result: (out caller-allocates): as for di_ocr_read_gray()
 * @error: return location for a #GError
 *
 * Returns: %FALSE with @error set when the image could not be loaded; otherwise %TRUE,
 *   whether or not an MRZ was found (result->mrz)
 */
gboolean
di_ocr_read_file (DiOcr       *self,
                  const char  *path,
                  const GDate *reference,
                  DiOcrResult *result,
                  GError     **error)
{
  g_autoptr (DiGray) gray = di_ocr_load_gray (path, error);

  memset (result, 0, sizeof *result);
  if (gray == NULL)
    return FALSE;
  di_ocr_read_gray (self, gray, reference, result);
  return TRUE;
}
