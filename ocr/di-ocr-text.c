/* di-ocr-text.c — printed text of the visual zone, read with Tesseract
 *
 * The visual zone's fields are short lines of a common sans font; Tesseract's stock English
 * model reads them well once the field is cut out, upscaled and given a white margin. Its
 * messages go to /dev/null: the command line's stderr is for one line of ours.
 */
#define G_LOG_DOMAIN "di-ocr"

#include "config.h"

#include <math.h>
#ifdef DI_HAVE_OMP_H
#include <omp.h>
#endif
#include <string.h>
#include <tesseract/capi.h>

#include "di-ocr-private.h"

struct _DiTextReader {
  TessBaseAPI *api;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TessBaseAPI, TessBaseAPIDelete)

/**
 * di_text_reader_new:
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a reader of one-line fields (Tesseract, English model), or %NULL
 *   with #DI_OCR_ERROR_MODEL when Tesseract or its model is missing
 */
DiTextReader *
di_text_reader_new (GError **error)
{
  g_autoptr (TessBaseAPI) api = TessBaseAPICreate ();
  DiTextReader *self;

  static const char *const dictionaries_off[] = { "load_system_dawg", "load_freq_dawg" };
  static const char *const off[] = { "0", "0" };

  /* before Init: where its messages go */
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  /* names and numbers are no English words: the word lists only pull readings towards them
   * (RATIJO read as RATIO); they can be turned off only at initialisation */
  if (TessBaseAPIInit4 (api, NULL, "eng", OEM_DEFAULT, NULL, 0, (char **) dictionaries_off,
                        (char **) off, G_N_ELEMENTS (off), FALSE) != 0)
    {
      g_set_error_literal (error, DI_OCR_ERROR, DI_OCR_ERROR_MODEL,
                           "Tesseract's English model is missing (Debian package "
                           "tesseract-ocr-eng)");
      return NULL;
    }
  TessBaseAPISetVariable (api, "user_defined_dpi", "300");
  TessBaseAPISetPageSegMode (api, PSM_SINGLE_LINE);
  self = g_new0 (DiTextReader, 1);
  self->api = g_steal_pointer (&api);
  return self;
}

void
di_text_reader_free (DiTextReader *self)
{
  if (self == NULL)
    return;
  TessBaseAPIEnd (self->api);
  TessBaseAPIDelete (self->api);
  g_free (self);
}

/* Printed values lie on a security background (guilloche lines, tint) that Tesseract takes
 * for ink. The ink is the darkest 1 % of the field, the paper its lighter quarter; everything
 * lighter than 45 % of the way from ink to paper becomes white, the rest is stretched to full
 * contrast. */
static void
drop_background (guint8 *pixels,
                 int     width,
                 int     height)
{
  gsize n = (gsize) width * height, histogram[256] = { 0 }, seen = 0;
  int ink = -1, paper = -1, cut;

  for (gsize i = 0; i < n; i++)
    histogram[pixels[i]]++;
  for (int v = 0; v < 256 && paper < 0; v++)
    {
      seen += histogram[v];
      if (ink < 0 && seen * 100 >= n)
        ink = v;
      if (seen * 4 >= n * 3)
        paper = v;
    }
  if (paper - ink < 24)
    return;   /* no print to speak of */
  cut = ink + (paper - ink) * 45 / 100;
  for (gsize i = 0; i < n; i++)
    pixels[i] = pixels[i] >= cut ? 255 : (guint8) ((pixels[i] <= ink ? 0 : pixels[i] - ink) * 255
                                                   / (cut - ink));
}

/* The field scaled by @scale on a white margin, cleaned, read. */
static char *
read_scaled (DiTextReader *self,
             const DiGray *gray,
             int           x,
             int           y,
             int           w,
             int           h,
             double        scale,
             const char   *whitelist,
             double       *confidence)
{
  int margin = 16, cw, ch;
  g_autofree guint8 *canvas = NULL;
  char *raw, *text;

  cw = (int) lround (w * scale) + 2 * margin;
  ch = (int) lround (h * scale) + 2 * margin;
  canvas = g_malloc ((gsize) cw * ch);
  memset (canvas, 255, (gsize) cw * ch);
  for (int cy = 0; cy < ch - 2 * margin; cy++)
    for (int cx = 0; cx < cw - 2 * margin; cx++)
      {
        double sx = MIN (x + cx / scale, x + w - 1.001), sy = MIN (y + cy / scale, y + h - 1.001);
        int ix = (int) sx, iy = (int) sy;
        double ax = sx - ix, ay = sy - iy;
        const guint8 *p = gray->pixels + (gsize) iy * gray->width + ix;
        int right = ix + 1 < gray->width, down = iy + 1 < gray->height;
        double v = (1 - ay) * ((1 - ax) * p[0] + ax * p[right]) +
                   ay * ((1 - ax) * p[down * gray->width] + ax * p[down * gray->width + right]);

        canvas[(gsize) (cy + margin) * cw + cx + margin] = (guint8) lround (v);
      }
  drop_background (canvas, cw, ch);

  /* Tesseract's OpenMP threads spin more than they work on one short line: fewer read a
   * field in a fraction of the time (bench/bench-inspect). The setting is the calling
   * thread's. */
#ifdef DI_HAVE_OMP_H
  omp_set_dynamic (1);
  omp_set_num_threads (1);
#endif
  TessBaseAPISetVariable (self->api, "tessedit_char_whitelist", whitelist != NULL ? whitelist : "");
  TessBaseAPISetImage (self->api, canvas, cw, ch, 1, cw);
  raw = TessBaseAPIGetUTF8Text (self->api);
  *confidence = raw != NULL ? TessBaseAPIMeanTextConf (self->api) / 100.0 : 0.0;
  text = g_strdup (raw != NULL ? raw : "");
  if (raw != NULL)
    TessDeleteText (raw);
  TessBaseAPIClear (self->api);
  return text;
}

/**
 * di_text_reader_read_line:
 * @self: a reader
 * @gray: the image
 * @x: the field's rectangle, pixels
 * @y:
 * @w:
 * @h:
 * @whitelist: (nullable): the characters the field may hold
 * @height: the height in pixels the field is scaled to before reading (Tesseract reads a
 *   line of capitals best when it is 26–48 pixels high, and what it gets wrong changes with
 *   the size: callers may read again at another)
 * @confidence: (out): Tesseract's mean confidence, 0–1
 *
 * Returns: (transfer full): the text read, spaces collapsed, or an empty string
 */
char *
di_text_reader_read_line (DiTextReader *self,
                          const DiGray *gray,
                          int           x,
                          int           y,
                          int           w,
                          int           h,
                          const char   *whitelist,
                          double        height,
                          double       *confidence)
{
  g_autofree char *raw = NULL;
  GString *out;

  *confidence = 0;
  x = CLAMP (x, 0, gray->width - 1);
  y = CLAMP (y, 0, gray->height - 1);
  w = MIN (w, gray->width - x);
  h = MIN (h, gray->height - y);
  if (w < 4 || h < 4)
    return g_strdup ("");
  raw = read_scaled (self, gray, x, y, w, h, height / h, whitelist, confidence);

  /* one line, single spaces */
  out = g_string_new (NULL);
  for (const char *p = raw; *p != '\0'; p++)
    {
      gboolean space = g_ascii_isspace (*p);

      if (space && (out->len == 0 || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_c (out, space ? ' ' : *p);
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}
