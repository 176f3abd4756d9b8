/* mrz-cells.c — developer tool of the MRZ reader
 *
 *   mrz-cells show IMAGE OUT.png                   the located MRZ over the image, its cells
 *   mrz-cells synth OUT.cells PAGES SEED [DIR]     training cells from synthetic pages
 *   mrz-cells calibrate TRUTH.json                 what the reader's confidence policy sees
 *
 * `synth` renders Utopia documents printing random MRZ characters, degrades them as readers
 * and cameras do (resolution from 5 to 34 pixels a character, capture effects, JPEG, quarter
 * turns), runs the reader's own locator and cell sampler, and writes each cell with the
 * character printed there: the training data of tools/train-mrz-model. Records: one class
 * byte (index in DI_MRZ_CLASSES), then DI_CELL_SIZE bytes (value × 255). With DIR, the first
 * pages are also written there as images, to look at.
 */
#include "config.h"

#include <cairo.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "di-image.h"
#include "di-ocr-private.h"
#include "di-specimen.h"

static int
show (const char *image,
      const char *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DiGray) gray = di_ocr_load_gray (image, &error);
  DiMrzLocation locs[DI_MAX_LOCATIONS];
  guint n;
  cairo_surface_t *surface;
  cairo_t *cr;
  int cells_h = 0;

  if (gray == NULL)
    {
      g_printerr ("mrz-cells: %s\n", error->message);
      return 2;
    }
  n = di_ocr_locate (gray, locs, DI_MAX_LOCATIONS);
  g_print ("%u locations\n", n);
  for (guint i = 0; i < n; i++)
    {
      g_print ("  %u: %d × %d, angle %.1f°, pitch %.1f, height %.1f, score %.2f\n", i,
               locs[i].n_lines, locs[i].n_chars, locs[i].angle * 180 / G_PI, locs[i].pitch,
               locs[i].height, locs[i].score);
      cells_h += locs[i].n_lines * (DI_CELL_HEIGHT + 2) * 2;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        MAX (gray->width, 44 * (DI_CELL_WIDTH + 2)),
                                        gray->height + cells_h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_paint (cr);
  {
    cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, gray->width,
                                                       gray->height);
    guint32 *px = (guint32 *) cairo_image_surface_get_data (img);
    int stride = cairo_image_surface_get_stride (img) / 4;

    for (int y = 0; y < gray->height; y++)
      for (int x = 0; x < gray->width; x++)
        {
          guint v = gray->pixels[(gsize) y * gray->width + x];

          px[y * stride + x] = v << 16 | v << 8 | v;
        }
    cairo_surface_mark_dirty (img);
    cairo_set_source_surface (cr, img, 0, 0);
    cairo_paint (cr);
    cairo_surface_destroy (img);
  }
  {
    int top = gray->height;

    for (guint i = 0; i < n; i++)
      {
        const DiMrzLocation *l = &locs[i];
        g_autofree float *cells = g_new (float, (gsize) l->n_lines * l->n_chars * DI_CELL_SIZE);

        cairo_set_source_rgb (cr, i == 0 ? 1 : 0.3, i == 0 ? 0.2 : 0.6, 0.2);
        for (int li = 0; li < l->n_lines; li++)
          for (int k = 0; k < l->n_chars; k++)
            {
              cairo_arc (cr, l->centre[li][k].x, l->centre[li][k].y, 2.0, 0, 2 * G_PI);
              cairo_fill (cr);
            }
        for (int flip = 0; flip < 2; flip++)
          {
            di_ocr_sample_cells (gray, l, flip, cells);
            for (int li = 0; li < l->n_lines; li++)
              {
                for (int k = 0; k < l->n_chars; k++)
                  {
                    const float *cell = cells + ((gsize) li * l->n_chars + k) * DI_CELL_SIZE;

                    for (int y = 0; y < DI_CELL_HEIGHT; y++)
                      for (int x = 0; x < DI_CELL_WIDTH; x++)
                        {
                          double v = 1.0 - cell[y * DI_CELL_WIDTH + x];

                          cairo_set_source_rgb (cr, v, v, v);
                          cairo_rectangle (cr, k * (DI_CELL_WIDTH + 2) + x, top + y, 1, 1);
                          cairo_fill (cr);
                        }
                  }
                top += DI_CELL_HEIGHT + 2;
              }
          }
      }
  }
  cairo_destroy (cr);
  cairo_surface_write_to_png (surface, out);
  cairo_surface_destroy (surface);
  return n > 0 ? 0 : 1;
}

/* --- synthetic training cells ----------------------------------------------------------- */

static DiGray *
gray_of_surface (cairo_surface_t *s)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const guint8 *data = cairo_image_surface_get_data (s);
  DiGray *g = di_gray_new (w, h);

  cairo_surface_flush (s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 p = *(const guint32 *) (data + (gsize) y * stride + x * 4);

        g->pixels[(gsize) y * w + x] = (((p >> 16) & 0xff) * 54 + ((p >> 8) & 0xff) * 183 +
                                        (p & 0xff) * 19) >> 8;
      }
  return g;
}

/* Turns a grey image by `quarters` quarter turns counter-clockwise. */
static DiGray *
gray_turn (DiGray *src,
           int     quarters)
{
  DiGray *dst;

  quarters &= 3;
  if (quarters == 0)
    return src;
  dst = di_gray_new (quarters == 2 ? src->width : src->height,
                     quarters == 2 ? src->height : src->width);
  for (int y = 0; y < dst->height; y++)
    for (int x = 0; x < dst->width; x++)
      {
        int sx, sy;

        if (quarters == 1)
          sx = src->width - 1 - y, sy = x;
        else if (quarters == 2)
          sx = src->width - 1 - x, sy = src->height - 1 - y;
        else
          sx = y, sy = src->height - 1 - x;
        dst->pixels[(gsize) y * dst->width + x] = src->pixels[(gsize) sy * src->width + sx];
      }
  di_gray_free (src);
  return dst;
}

/* Thicker or thinner print: the darkest (or lightest) pixel of each 3 × 3 neighbourhood. */
static DiGray *
gray_morph (DiGray  *src,
            gboolean thicken)
{
  DiGray *dst = di_gray_new (src->width, src->height);

  for (int y = 0; y < src->height; y++)
    for (int x = 0; x < src->width; x++)
      {
        guint8 v = src->pixels[(gsize) y * src->width + x];

        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            {
              int nx = CLAMP (x + dx, 0, src->width - 1), ny = CLAMP (y + dy, 0, src->height - 1);
              guint8 n = src->pixels[(gsize) ny * src->width + nx];

              v = thicken ? MIN (v, n) : MAX (v, n);
            }
        dst->pixels[(gsize) y * dst->width + x] = v;
      }
  di_gray_free (src);
  return dst;
}

/* A specular glare: an elliptical patch washed towards white. */
static void
gray_glare (DiGray *g,
            GRand  *rand)
{
  double cx = g_rand_double_range (rand, 0, g->width), cy = g_rand_double_range (rand, 0, g->height);
  double rx = g_rand_double_range (rand, 0.1, 0.4) * g->width;
  double ry = g_rand_double_range (rand, 0.05, 0.25) * g->height;
  double strength = g_rand_double_range (rand, 0.3, 0.85);

  for (int y = 0; y < g->height; y++)
    for (int x = 0; x < g->width; x++)
      {
        double d = ((x - cx) * (x - cx)) / (rx * rx) + ((y - cy) * (y - cy)) / (ry * ry);
        guint8 *p = &g->pixels[(gsize) y * g->width + x];

        if (d < 1.0)
          *p = (guint8) (*p + (255 - *p) * strength * (1.0 - d));
      }
}

static char **
random_mrz (GRand             *rand,
            const char *const *shape)
{
  guint n = g_strv_length ((char **) shape);
  char **lines = g_new0 (char *, n + 1);

  for (guint l = 0; l < n; l++)
    {
      gsize len = strlen (shape[l]);

      lines[l] = g_malloc0 (len + 1);
      for (gsize k = 0; k < len;)
        {
          /* runs of fillers, as in real MRZs, between uniformly drawn characters */
          if (g_rand_int_range (rand, 0, 10) == 0)
            for (int run = g_rand_int_range (rand, 1, 7); run > 0 && k < len; run--)
              lines[l][k++] = '<';
          else
            lines[l][k++] = DI_MRZ_CLASSES[g_rand_int_range (rand, 0, DI_N_CLASSES - 1)];
        }
    }
  return lines;
}

typedef struct {
  GByteArray *records;
  guint       pages_used;
} PageResult;

typedef struct {
  guint64      seed;
  const char  *view_dir;
  PageResult  *results;
  GMutex       lock;
} Synth;

static void
synth_page (gpointer data,
            gpointer user_data)
{
  guint index = GPOINTER_TO_UINT (data) - 1;
  Synth *synth = user_data;
  guint32 words[2] = { (guint32) synth->seed, index };
  g_autoptr (GRand) rand = g_rand_new_with_seed_array (words, 2);
  DiDocKind kind = g_rand_int_range (rand, 0, DI_N_DOC_KINDS);
  GDate today;
  g_autoptr (DiSpecimen) specimen = NULL;
  g_auto (GStrv) text = NULL;
  double pitch = g_rand_double_range (rand, 5.0, 34.0);
  DiLight light = g_rand_int_range (rand, 0, 10) < 7 ? DI_LIGHT_WHITE : DI_LIGHT_IR;
  DiCaptureLevel level = g_rand_int_range (rand, 0, 4);
  DiCapture capture;
  cairo_surface_t *page, *shot;
  g_autoptr (DiGray) gray = NULL;
  int quarters = g_rand_int_range (rand, 0, 4);
  DiMrzLocation locs[DI_MAX_LOCATIONS];
  guint n_locs, n_lines;
  PageResult *result = &synth->results[index];

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, 6, 2026);
  specimen = di_specimen_new (kind, g_rand_int (rand), &today);
  text = random_mrz (rand, di_specimen_get_mrz (specimen));
  di_specimen_print_mrz (specimen, (const char *const *) text);
  n_lines = g_strv_length (text);

  di_capture_random (&capture, level, rand);
  page = di_specimen_render (specimen, light, pitch * 10);
  shot = level == DI_CAPTURE_NONE ? cairo_surface_reference (page)
                                  : di_capture_apply (page, pitch * 10, &capture, light,
                                                      g_rand_int (rand));
  if (capture.jpeg_quality > 0)
    {
      g_autofree char *tmp = NULL;
      int fd = g_file_open_tmp ("mrz-cells-XXXXXX.jpg", &tmp, NULL);

      close (fd);
      di_image_save_jpeg (shot, tmp, capture.jpeg_quality, NULL);
      gray = di_ocr_load_gray (tmp, NULL);
      g_unlink (tmp);
    }
  else
    gray = gray_of_surface (shot);
  cairo_surface_destroy (shot);
  cairo_surface_destroy (page);
  if (gray == NULL)
    return;
  /* print heavier or lighter than the font (where a pixel is a fraction of a stroke), and
   * glare, as on real documents */
  switch (pitch >= 14 ? g_rand_int_range (rand, 0, 10) : 9)
    {
    case 0:
    case 1:
      gray = gray_morph (g_steal_pointer (&gray), TRUE);
      break;
    case 2:
      gray = gray_morph (g_steal_pointer (&gray), FALSE);
      break;
    default:
      break;
    }
  if (g_rand_int_range (rand, 0, 4) == 0)
    gray_glare (gray, rand);
  gray = gray_turn (g_steal_pointer (&gray), quarters);

  if (synth->view_dir != NULL && index < 40)
    {
      g_autofree char *name = g_strdup_printf ("%s/page-%04u.pgm", synth->view_dir, index);
      g_autofree char *header = g_strdup_printf ("P5\n%d %d\n255\n", gray->width, gray->height);
      g_autoptr (GByteArray) pgm = g_byte_array_new ();

      g_byte_array_append (pgm, (const guint8 *) header, strlen (header));
      g_byte_array_append (pgm, gray->pixels, (guint) ((gsize) gray->width * gray->height));
      g_file_set_contents (name, (const char *) pgm->data, pgm->len, NULL);
    }

  n_locs = di_ocr_locate (gray, locs, DI_MAX_LOCATIONS);
  for (guint i = 0; i < n_locs; i++)
    {
      const DiMrzLocation *loc = &locs[i];
      DiPoint centre = { 0, 0 }, down;
      gboolean flipped;
      g_autofree float *cells = NULL;

      if (loc->n_lines != (int) n_lines || loc->n_chars != (int) strlen (text[0]) ||
          loc->score < 0.8)
        continue;
      /* the MRZ is at the bottom of the page: upright, the page centre is above it */
      for (int l = 0; l < loc->n_lines; l++)
        for (int k = 0; k < loc->n_chars; k++)
          {
            centre.x += loc->centre[l][k].x / (loc->n_lines * loc->n_chars);
            centre.y += loc->centre[l][k].y / (loc->n_lines * loc->n_chars);
          }
      down = (DiPoint) { -loc->along[0].y, loc->along[0].x };
      flipped = (gray->width / 2.0 - centre.x) * down.x + (gray->height / 2.0 - centre.y) * down.y > 0;
      cells = g_new (float, (gsize) loc->n_lines * loc->n_chars * DI_CELL_SIZE);
      di_ocr_sample_cells (gray, loc, flipped, cells);
      result->records = g_byte_array_new ();
      for (int l = 0; l < loc->n_lines; l++)
        for (int k = 0; k < loc->n_chars; k++)
          {
            guint8 record[1 + DI_CELL_SIZE];
            const float *cell = cells + ((gsize) l * loc->n_chars + k) * DI_CELL_SIZE;

            record[0] = strchr (DI_MRZ_CLASSES, text[l][k]) - DI_MRZ_CLASSES;
            for (int p = 0; p < DI_CELL_SIZE; p++)
              record[1 + p] = (guint8) lround (cell[p] * 255);
            g_byte_array_append (result->records, record, sizeof record);
          }
      result->pages_used = 1;
      break;
    }
}

static int
synth (const char *out,
       guint       pages,
       guint64     seed,
       const char *view_dir)
{
  Synth s = { seed, view_dir, g_new0 (PageResult, pages) };
  GThreadPool *pool = g_thread_pool_new (synth_page, &s, (int) g_get_num_processors (), TRUE,
                                         NULL);
  FILE *f = fopen (out, "wb");
  guint used = 0;
  gsize cells = 0;

  if (f == NULL)
    {
      g_printerr ("mrz-cells: cannot write %s\n", out);
      return 2;
    }
  for (guint i = 0; i < pages; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  for (guint i = 0; i < pages; i++)
    if (s.results[i].records != NULL)
      {
        fwrite (s.results[i].records->data, 1, s.results[i].records->len, f);
        cells += s.results[i].records->len / (1 + DI_CELL_SIZE);
        used += s.results[i].pages_used;
        g_byte_array_unref (s.results[i].records);
      }
  fclose (f);
  g_free (s.results);
  g_print ("%u of %u pages located, %zu cells\n", used, pages, cells);
  return 0;
}

/* --- calibration of the confidence policy --------------------------------------------- */

/* Per page of a bench set: whether the lines are right, whether the checks hold without the
 * policy, and the two figures the policy judges (posterior, weakest unprotected). */
static int
calibrate (const char *truth_path)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DiOcr) ocr = di_ocr_new (NULL, &error);
  g_autofree char *dir = g_path_get_dirname (truth_path);
  JsonArray *images;
  GDate reference;

  if (ocr == NULL || !json_parser_load_from_file (parser, truth_path, &error))
    {
      g_printerr ("mrz-cells: %s\n", error->message);
      return 2;
    }
  di_ocr_set_required_confidence (ocr, 0, 0);
  g_date_clear (&reference, 1);
  g_date_set_dmy (&reference, 1, 1, 2026);
  images = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "images");
  g_print ("file\tsubtype\texact\tvalid\tposterior\tweakest\n");
  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *o = json_array_get_object_element (images, i);
      g_autofree char *path = g_build_filename (dir, json_object_get_string_member (o, "file"),
                                                NULL);
      DiOcrResult result;
      gboolean exact = FALSE;

      if (json_object_get_null_member (o, "lines") ||
          !di_ocr_read_file (ocr, path, &reference, &result, NULL))
        continue;
      if (result.mrz != NULL)
        {
          JsonArray *lines = json_object_get_array_member (o, "lines");

          exact = json_array_get_length (lines) == di_mrz_get_n_lines (result.mrz);
          for (guint l = 0; exact && l < json_array_get_length (lines); l++)
            exact = g_str_equal (json_array_get_string_element (lines, l),
                                 di_mrz_get_line (result.mrz, l));
        }
      g_print ("%s\t%s\t%d\t%d\t%.4f\t%.4f\n", json_object_get_string_member (o, "file"),
               json_object_get_string_member_with_default (o, "subtype", ""), exact,
               result.mrz != NULL && di_mrz_is_valid (result.mrz),
               result.mrz != NULL ? di_mrz_get_confidence (result.mrz) : 0,
               result.mrz != NULL ? di_mrz_get_weakest_unprotected (result.mrz) : 0);
      di_ocr_result_clear (&result);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "calibrate"))
    return calibrate (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "show"))
    return show (argv[2], argv[3]);
  if ((argc == 5 || argc == 6) && g_str_equal (argv[1], "synth"))
    return synth (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10),
                  g_ascii_strtoull (argv[4], NULL, 10), argc == 6 ? argv[5] : NULL);
  g_printerr ("usage: mrz-cells show IMAGE OUT.png | synth OUT.cells PAGES SEED [DIR]\n");
  return 2;
}
