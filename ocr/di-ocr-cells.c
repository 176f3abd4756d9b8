/* di-ocr-cells.c — sample the character cells of a located MRZ
 *
 * A cell is the character's place on the grid, 1.2 pitches wide and 1.6 capital heights
 * high, sampled upright into DI_CELL_WIDTH × DI_CELL_HEIGHT with bilinear interpolation
 * (averaging sub-samples when the image is larger than the cell), then stretched so that the
 * ink of the neighbourhood is 1 and its paper 0. The classifier is trained on cells made by
 * this very code (tools/train-mrz-model).
 */
#define G_LOG_DOMAIN "di-ocr"

#include "config.h"

#include <math.h>
#include <string.h>

#include "di-ocr-private.h"

static double
bilinear (const DiGray *g,
          double        x,
          double        y)
{
  int ix, iy;
  double ax, ay;
  const guint8 *p;

  if (x < 0 || y < 0 || x > g->width - 1 || y > g->height - 1)
    {
      /* outside the image: the nearest edge pixel */
      x = CLAMP (x, 0, g->width - 1);
      y = CLAMP (y, 0, g->height - 1);
    }
  ix = MIN ((int) x, g->width - 2);
  iy = MIN ((int) y, g->height - 2);
  ix = MAX (ix, 0);
  iy = MAX (iy, 0);
  if (g->width < 2 || g->height < 2)
    return g->pixels[(gsize) iy * g->width + ix];
  ax = x - ix;
  ay = y - iy;
  p = g->pixels + (gsize) iy * g->width + ix;
  return (1 - ay) * ((1 - ax) * p[0] + ax * p[1]) + ay * ((1 - ax) * p[g->width] + ax * p[g->width + 1]);
}

static int
compare_float (gconstpointer pa,
               gconstpointer pb)
{
  float a = *(const float *) pa, b = *(const float *) pb;

  return a < b ? -1 : a > b;
}

/**
 * di_ocr_sample_cells:
 * @gray: the image the location was found in
 * @location: a located MRZ
 * @flipped: read it turned by half a turn
 * @cells: (out caller-allocates): n_lines × n_chars × DI_CELL_SIZE values, 0 paper, 1 ink
 */
void
di_ocr_sample_cells (const DiGray        *gray,
                     const DiMrzLocation *location,
                     gboolean             flipped,
                     float               *cells)
{
  int n_lines = location->n_lines, n_chars = location->n_chars;
  double w = 1.2 * location->pitch, h = 1.6 * location->height;
  int sub = CLAMP ((int) ceil (w / DI_CELL_WIDTH), 1, 3);
  g_autofree float *dark = g_new (float, (gsize) n_lines * n_chars);
  g_autofree float *light = g_new (float, (gsize) n_lines * n_chars);
  float sorted[DI_CELL_SIZE];

  for (int l = 0; l < n_lines; l++)
    for (int k = 0; k < n_chars; k++)
      {
        /* reading order: turned over, the last line is the first, read backwards */
        int sl = flipped ? n_lines - 1 - l : l, sk = flipped ? n_chars - 1 - k : k;
        DiPoint c = location->centre[sl][sk], a = location->along[sl];
        DiPoint down;
        float *cell = cells + ((gsize) l * n_chars + k) * DI_CELL_SIZE;

        if (flipped)
          a = (DiPoint) { -a.x, -a.y };
        down = (DiPoint) { -a.y, a.x };
        for (int y = 0; y < DI_CELL_HEIGHT; y++)
          for (int x = 0; x < DI_CELL_WIDTH; x++)
            {
              double sum = 0;

              for (int sy = 0; sy < sub; sy++)
                for (int sx = 0; sx < sub; sx++)
                  {
                    double fu = ((x + (sx + 0.5) / sub) / DI_CELL_WIDTH - 0.5) * w;
                    double fv = ((y + (sy + 0.5) / sub) / DI_CELL_HEIGHT - 0.5) * h;

                    sum += bilinear (gray, c.x + fu * a.x + fv * down.x,
                                     c.y + fu * a.y + fv * down.y);
                  }
              cell[y * DI_CELL_WIDTH + x] = sum / (sub * sub);
            }
        memcpy (sorted, cell, sizeof sorted);
        qsort (sorted, DI_CELL_SIZE, sizeof (float), compare_float);
        dark[l * n_chars + k] = sorted[DI_CELL_SIZE / 50];
        light[l * n_chars + k] = sorted[DI_CELL_SIZE * 19 / 20];
      }

  /* ink and paper levels of each cell's neighbourhood: a filler alone has little ink, and
   * glare changes the levels along a line */
  for (int l = 0; l < n_lines; l++)
    for (int k = 0; k < n_chars; k++)
      {
        float ink = 255, paper = 0, span;
        float *cell = cells + ((gsize) l * n_chars + k) * DI_CELL_SIZE;

        for (int j = MAX (0, k - 1); j <= MIN (n_chars - 1, k + 1); j++)
          {
            ink = MIN (ink, dark[l * n_chars + j]);
            paper = MAX (paper, light[l * n_chars + j]);
          }
        span = MAX (paper - ink, 24.0f);
        for (int i = 0; i < DI_CELL_SIZE; i++)
          cell[i] = CLAMP ((paper - cell[i]) / span, 0.0f, 1.0f);
      }
}
