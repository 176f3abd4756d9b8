/* di-ocr-locate.c — find the MRZ on a page at any orientation and align its characters
 *
 * An MRZ is two or three parallel rows of 30, 36 or 44 characters of one size at one fixed
 * pitch, left-aligned, about 1.7 pitches apart: nothing else on a document looks like that.
 * So: binarise (Sauvola), take the character-sized connected components, find the text
 * direction from the angles between neighbouring components, chain neighbours along it into
 * rows, keep the long regular rows, group them into blocks of two or three, and fit each
 * row's character grid (position of character k, quadratic in k to follow perspective).
 * The grid, not the components, places the cells: touching or missing characters do not
 * shift it.
 */
#define G_LOG_DOMAIN "di-ocr"

#include "config.h"

#include <math.h>
#include <string.h>

#include "di-ocr-private.h"

/* --- scaling and binarisation ------------------------------------------------------------ */

/* Resamples to a scale: box average when shrinking, bilinear when growing. */
static DiGray *
gray_scale (const DiGray *src,
            double        scale)
{
  int w = MAX (1, (int) lround (src->width * scale));
  int h = MAX (1, (int) lround (src->height * scale));
  DiGray *dst = di_gray_new (w, h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double sx0 = x / scale, sy0 = y / scale;

        if (scale < 1.0)
          {
            int x0 = (int) sx0, y0 = (int) sy0;
            int x1 = MIN (src->width, (int) ceil ((x + 1) / scale));
            int y1 = MIN (src->height, (int) ceil ((y + 1) / scale));
            guint sum = 0, n = 0;

            for (int yy = y0; yy < y1; yy++)
              for (int xx = x0; xx < x1; xx++)
                {
                  sum += src->pixels[(gsize) yy * src->width + xx];
                  n++;
                }
            dst->pixels[(gsize) y * w + x] = n > 0 ? sum / n : 255;
          }
        else
          {
            double fx = CLAMP (sx0 + 0.5 / scale - 0.5, 0, src->width - 1);
            double fy = CLAMP (sy0 + 0.5 / scale - 0.5, 0, src->height - 1);
            int ix = MIN ((int) fx, src->width - 2), iy = MIN ((int) fy, src->height - 2);
            double ax, ay;
            const guint8 *p;

            ix = MAX (ix, 0);
            iy = MAX (iy, 0);
            ax = fx - ix;
            ay = fy - iy;
            p = src->pixels + (gsize) iy * src->width + ix;
            if (src->width < 2 || src->height < 2)
              dst->pixels[(gsize) y * w + x] = *p;
            else
              dst->pixels[(gsize) y * w + x] =
                (guint8) lround ((1 - ay) * ((1 - ax) * p[0] + ax * p[1]) +
                                 ay * ((1 - ax) * p[src->width] + ax * p[src->width + 1]));
          }
      }
  return dst;
}

/* Sauvola's local threshold: ink where the pixel is darker than m (1 + k (s / 128 - 1)) over
 * a (2r + 1)² window, and darker than the mean by a margin (flat areas stay paper). */
static guint8 *
binarise (const DiGray *g,
          int           r)
{
  int w = g->width, h = g->height;
  g_autofree guint32 *sum = g_new0 (guint32, (gsize) (w + 1) * (h + 1));
  g_autofree guint64 *sq = g_new0 (guint64, (gsize) (w + 1) * (h + 1));
  guint8 *ink = g_malloc0 ((gsize) w * h);

  for (int y = 0; y < h; y++)
    {
      guint32 row = 0;
      guint64 row_sq = 0;

      for (int x = 0; x < w; x++)
        {
          guint v = g->pixels[(gsize) y * w + x];

          row += v;
          row_sq += (guint64) v * v;
          sum[(gsize) (y + 1) * (w + 1) + x + 1] = sum[(gsize) y * (w + 1) + x + 1] + row;
          sq[(gsize) (y + 1) * (w + 1) + x + 1] = sq[(gsize) y * (w + 1) + x + 1] + row_sq;
        }
    }
  for (int y = 0; y < h; y++)
    {
      int y0 = MAX (0, y - r), y1 = MIN (h, y + r + 1);

      for (int x = 0; x < w; x++)
        {
          int x0 = MAX (0, x - r), x1 = MIN (w, x + r + 1);
          double n = (double) (x1 - x0) * (y1 - y0);
          gsize a = (gsize) y0 * (w + 1) + x0, b = (gsize) y0 * (w + 1) + x1;
          gsize c = (gsize) y1 * (w + 1) + x0, d = (gsize) y1 * (w + 1) + x1;
          double s = (double) sum[d] - sum[b] - sum[c] + sum[a];
          double s2 = (double) sq[d] - sq[b] - sq[c] + sq[a];
          double mean = s / n, var = MAX (0.0, s2 / n - mean * mean);
          double t = mean * (1.0 + 0.25 * (sqrt (var) / 128.0 - 1.0));
          double v = g->pixels[(gsize) y * w + x];

          ink[(gsize) y * w + x] = v < t && mean - v > 12.0;
        }
    }
  return ink;
}

/* --- connected components ---------------------------------------------------------------- */

typedef struct {
  int x0, y0, x1, y1;   /* inclusive box */
  int count;
} Comp;

static int
find_root (int *parent,
           int  i)
{
  while (parent[i] != i)
    {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
  return i;
}

static void
unite (int *parent,
       int  a,
       int  b)
{
  a = find_root (parent, a);
  b = find_root (parent, b);
  if (a != b)
    parent[MAX (a, b)] = MIN (a, b);
}

/* 8-connected components of the ink, two passes with union–find over provisional labels. */
static GArray *
components (const guint8 *ink,
            int           w,
            int           h)
{
  g_autofree int *label = g_new0 (int, (gsize) w * h);
  g_autoptr (GArray) parent = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree int *index = NULL;
  GArray *comps = g_array_new (FALSE, FALSE, sizeof (Comp));
  int next = 1, zero = 0;

  g_array_append_val (parent, zero);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gsize at = (gsize) y * w + x;
        int found = 0;
        static const int dx[4] = { -1, -1, 0, 1 }, dy[4] = { 0, -1, -1, -1 };

        if (!ink[at])
          continue;
        for (int k = 0; k < 4; k++)
          {
            int nx = x + dx[k], ny = y + dy[k];
            int l;

            if (nx < 0 || nx >= w || ny < 0)
              continue;
            l = label[(gsize) ny * w + nx];
            if (l == 0)
              continue;
            if (found == 0)
              found = l;
            else if (l != found)
              unite ((int *) parent->data, found, l);
          }
        if (found == 0)
          {
            found = next++;
            g_array_append_val (parent, found);
          }
        label[at] = found;
      }

  index = g_new0 (int, next);
  for (int i = 1; i < next; i++)
    {
      int root = find_root ((int *) parent->data, i);

      if (index[root] == 0)
        {
          Comp c = { G_MAXINT, G_MAXINT, -1, -1, 0 };

          g_array_append_val (comps, c);
          index[root] = comps->len;
        }
      index[i] = index[root];
    }
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int l = label[(gsize) y * w + x];
        Comp *c;

        if (l == 0)
          continue;
        c = &g_array_index (comps, Comp, index[l] - 1);
        c->x0 = MIN (c->x0, x);
        c->y0 = MIN (c->y0, y);
        c->x1 = MAX (c->x1, x);
        c->y1 = MAX (c->y1, y);
        c->count++;
      }
  return comps;
}

/* --- glyphs, direction, rows ------------------------------------------------------------- */

typedef struct {
  double x, y;     /* box centre, working pixels */
  double bw, bh;   /* box size */
  double size;     /* the larger side */
  double hh;       /* height across the text direction */
  double aw;       /* width along it */
  double u, v;     /* along and across the text direction */
} Glyph;

static GArray *
glyphs_of (GArray *comps)
{
  GArray *glyphs = g_array_new (FALSE, FALSE, sizeof (Glyph));

  for (guint i = 0; i < comps->len; i++)
    {
      const Comp *c = &g_array_index (comps, Comp, i);
      int bw = c->x1 - c->x0 + 1, bh = c->y1 - c->y0 + 1;
      int size = MAX (bw, bh), small = MIN (bw, bh);
      Glyph g;

      /* character-sized: not specks, not lines, not blobs */
      if (size < 5 || size > 160 || small * 8 < size || c->count < 6 ||
          c->count > 0.92 * bw * bh)
        continue;
      g = (Glyph) { (c->x0 + c->x1) / 2.0, (c->y0 + c->y1) / 2.0, bw, bh, size, 0, 0, 0, 0 };
      g_array_append_val (glyphs, g);
    }
  return glyphs;
}

/* Neighbours are found through a grid of buckets of `cell` pixels. */
typedef struct {
  int     cols, rows;
  double  cell;
  GArray **buckets;   /* of guint glyph indices */
} Grid;

static void
grid_init (Grid   *grid,
           GArray *glyphs,
           int     w,
           int     h,
           double  cell)
{
  grid->cell = cell;
  grid->cols = (int) (w / cell) + 1;
  grid->rows = (int) (h / cell) + 1;
  grid->buckets = g_new0 (GArray *, grid->cols * grid->rows);
  for (guint i = 0; i < glyphs->len; i++)
    {
      const Glyph *g = &g_array_index (glyphs, Glyph, i);
      int c = CLAMP ((int) (g->x / cell), 0, grid->cols - 1);
      int r = CLAMP ((int) (g->y / cell), 0, grid->rows - 1);
      GArray **b = &grid->buckets[r * grid->cols + c];

      if (*b == NULL)
        *b = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (*b, i);
    }
}

static void
grid_clear (Grid *grid)
{
  for (int i = 0; i < grid->cols * grid->rows; i++)
    if (grid->buckets[i] != NULL)
      g_array_unref (grid->buckets[i]);
  g_free (grid->buckets);
}

typedef void (*PairFunc) (const Glyph *a, const Glyph *b, guint i, guint j, gpointer data);

/* Calls `fn` once for every pair of glyphs whose centres are within the grid's reach. */
static void
grid_pairs (Grid     *grid,
            GArray   *glyphs,
            PairFunc  fn,
            gpointer  data)
{
  for (int r = 0; r < grid->rows; r++)
    for (int c = 0; c < grid->cols; c++)
      {
        GArray *here = grid->buckets[r * grid->cols + c];

        if (here == NULL)
          continue;
        for (int dr = 0; dr <= 1; dr++)
          for (int dc = -1; dc <= 1; dc++)
            {
              GArray *there;

              if ((dr == 0 && dc < 0) || r + dr >= grid->rows || c + dc < 0 || c + dc >= grid->cols)
                continue;
              there = grid->buckets[(r + dr) * grid->cols + c + dc];
              if (there == NULL)
                continue;
              for (guint a = 0; a < here->len; a++)
                for (guint b = (dr == 0 && dc == 0) ? a + 1 : 0; b < there->len; b++)
                  {
                    guint i = g_array_index (here, guint, a), j = g_array_index (there, guint, b);

                    fn (&g_array_index (glyphs, Glyph, i), &g_array_index (glyphs, Glyph, j),
                        i, j, data);
                  }
            }
      }
}

#define N_BINS 180

static void
vote_direction (const Glyph *a,
                const Glyph *b,
                guint        i,
                guint        j,
                gpointer     data)
{
  double *hist = data;
  double dx = b->x - a->x, dy = b->y - a->y, d = hypot (dx, dy);
  double big = MAX (a->size, b->size), small = MIN (a->size, b->size);
  double angle;

  /* neighbours on a line, not across lines */
  if (d > 1.5 * big || d < 0.4 * small || big > 2.5 * small)
    return;
  angle = atan2 (dy, dx);
  if (angle < 0)
    angle += G_PI;
  hist[(int) (angle / G_PI * N_BINS) % N_BINS] += 1.0;
}

/* The strongest text directions (radians, 0–π), up to two, at least 20° apart. */
static guint
text_directions (GArray *glyphs,
                 Grid   *grid,
                 double  out[2])
{
  double hist[N_BINS] = { 0 }, smooth[N_BINS];
  guint n = 0;

  grid_pairs (grid, glyphs, vote_direction, hist);
  for (int i = 0; i < N_BINS; i++)
    {
      smooth[i] = 0;
      for (int k = -2; k <= 2; k++)
        smooth[i] += hist[(i + k + N_BINS) % N_BINS] * (3 - ABS (k));
    }
  for (guint pass = 0; pass < 2; pass++)
    {
      int best = -1;
      double num = 0, den = 0;

      for (int i = 0; i < N_BINS; i++)
        {
          gboolean far = TRUE;

          for (guint k = 0; k < n; k++)
            {
              double diff = fabs (i * G_PI / N_BINS - out[k]);

              far &= MIN (diff, G_PI - diff) > 20 * G_PI / 180;
            }
          if (far && (best < 0 || smooth[i] > smooth[best]))
            best = i;
        }
      if (best < 0 || smooth[best] < 20)
        break;
      /* refine by the weighted mean of the neighbouring bins (circular) */
      for (int k = -3; k <= 3; k++)
        {
          double wgt = hist[(best + k + N_BINS) % N_BINS];

          num += wgt * (best + k + 0.5);
          den += wgt;
        }
      out[n] = fmod ((num / den) * G_PI / N_BINS + G_PI, G_PI);
      n++;
    }
  return n;
}

typedef struct {
  double  cos_t, sin_t;
  int    *parent;
} LinkData;

static void
link_along (const Glyph *a,
            const Glyph *b,
            guint        i,
            guint        j,
            gpointer     data)
{
  LinkData *ld = data;
  double big = MAX (a->hh, b->hh), small = MIN (a->hh, b->hh);
  double du = fabs (b->u - a->u), dv = fabs (b->v - a->v);

  /* along the text direction, a few characters apart at most: fillers are small */
  if (du > 2.4 * big || dv > 0.4 * big || big > 2.6 * small)
    return;
  unite (ld->parent, i, j);
}

/* A row: the glyphs of one chain, sorted along the text, with its fit. */
typedef struct {
  GArray *members;      /* Glyph, sorted by u */
  double  height;       /* median height of the capitals */
  double  pitch;
  double  a, b;         /* v = a + b u over the capitals */
  double  u0, u1;       /* first and last centre */
} Row;

static int
compare_u (gconstpointer pa,
           gconstpointer pb)
{
  double a = ((const Glyph *) pa)->u, b = ((const Glyph *) pb)->u;

  return a < b ? -1 : a > b;
}

static int
compare_double (gconstpointer pa,
                gconstpointer pb)
{
  double a = *(const double *) pa, b = *(const double *) pb;

  return a < b ? -1 : a > b;
}

static double
median (double *values,
        guint   n)
{
  if (n == 0)
    return 0;
  qsort (values, n, sizeof *values, compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Least squares of v on u over the glyphs at least `min_h` high. */
static void
fit_line (GArray *members,
          double  min_h,
          double *a,
          double *b)
{
  double su = 0, sv = 0, suu = 0, suv = 0;
  guint n = 0;

  for (guint i = 0; i < members->len; i++)
    {
      const Glyph *g = &g_array_index (members, Glyph, i);

      if (g->hh < min_h)
        continue;
      su += g->u;
      sv += g->v;
      suu += g->u * g->u;
      suv += g->u * g->v;
      n++;
    }
  if (n < 2 || fabs (n * suu - su * su) < 1e-9)
    {
      *b = 0;
      *a = n > 0 ? sv / n : 0;
      return;
    }
  *b = (n * suv - su * sv) / (n * suu - su * su);
  *a = (sv - *b * su) / n;
}

static void
row_measure (Row *row)
{
  g_autofree double *values = g_new (double, row->members->len + 1);
  guint n = 0;

  g_array_sort (row->members, compare_u);
  for (guint i = 0; i < row->members->len; i++)
    values[i] = g_array_index (row->members, Glyph, i).hh;
  qsort (values, row->members->len, sizeof *values, compare_double);
  /* capitals and digits set the height; fillers are smaller (the 90th percentile stands for
   * the capitals, clear of a box joined across rows) */
  {
    double big = values[(guint) (0.9 * (row->members->len - 1))];

    n = 0;
    for (guint i = 0; i < row->members->len; i++)
      {
        double hh = g_array_index (row->members, Glyph, i).hh;

        if (hh >= 0.75 * big)
          values[n++] = hh;
      }
    row->height = median (values, n);
  }
  n = 0;
  for (guint i = 1; i < row->members->len; i++)
    values[n++] = g_array_index (row->members, Glyph, i).u -
                  g_array_index (row->members, Glyph, i - 1).u;
  row->pitch = median (values, n);
  fit_line (row->members, 0.75 * row->height, &row->a, &row->b);
  row->u0 = g_array_index (row->members, Glyph, 0).u;
  row->u1 = g_array_index (row->members, Glyph, row->members->len - 1).u;
}

static double
row_v_at (const Row *row,
          double     u)
{
  return row->a + row->b * u;
}

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_clear_pointer (&row->members, g_array_unref);
}

/* Chains of neighbours along the direction, as rows; collinear pieces joined across gaps
 * (glare can wipe a few characters), short or irregular rows dropped. */
static GArray *
rows_along (GArray *glyphs,
            Grid   *grid,
            double  theta)
{
  g_autofree int *parent = g_new (int, glyphs->len + 1);
  g_autofree int *slot = g_new (int, glyphs->len + 1);
  g_autoptr (GArray) chains = g_array_new (FALSE, TRUE, sizeof (Row));
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));
  LinkData ld = { cos (theta), sin (theta), parent };

  g_array_set_clear_func (chains, row_clear);
  g_array_set_clear_func (rows, row_clear);
  for (guint i = 0; i < glyphs->len; i++)
    {
      Glyph *g = &g_array_index (glyphs, Glyph, i);

      g->u = g->x * ld.cos_t + g->y * ld.sin_t;
      g->v = -g->x * ld.sin_t + g->y * ld.cos_t;
      /* the box side across the text (near a multiple of 90°, that is the height) */
      g->hh = fabs (ld.cos_t) * g->bh + fabs (ld.sin_t) * g->bw;
      g->aw = fabs (ld.cos_t) * g->bw + fabs (ld.sin_t) * g->bh;
      parent[i] = i;
      slot[i] = -1;
    }
  grid_pairs (grid, glyphs, link_along, &ld);

  for (guint i = 0; i < glyphs->len; i++)
    {
      int root = find_root (parent, i);

      if (slot[root] < 0)
        {
          Row row = { g_array_new (FALSE, FALSE, sizeof (Glyph)) };

          slot[root] = chains->len;
          g_array_append_val (chains, row);
        }
      g_array_append_val (g_array_index (chains, Row, slot[root]).members,
                          g_array_index (glyphs, Glyph, i));
    }

  for (guint i = 0; i < chains->len; i++)
    {
      Row *row = &g_array_index (chains, Row, i);

      if (row->members->len < 4)
        continue;
      row_measure (row);
    }
  /* join collinear pieces of one row */
  for (gboolean joined = TRUE; joined;)
    {
      joined = FALSE;
      for (guint i = 0; i < chains->len && !joined; i++)
        for (guint j = 0; j < chains->len && !joined; j++)
          {
            Row *a = &g_array_index (chains, Row, i), *b = &g_array_index (chains, Row, j);
            double gap;

            if (i == j || a->members->len < 4 || b->members->len < 4 || a->pitch <= 0 ||
                b->pitch <= 0)
              continue;
            gap = b->u0 - a->u1;
            if (gap <= 0 || gap > 12 * a->pitch ||
                fabs (row_v_at (a, b->u0) - row_v_at (b, b->u0)) > 0.4 * a->height ||
                fabs (a->height - b->height) > 0.25 * a->height ||
                fabs (a->pitch - b->pitch) > 0.2 * a->pitch)
              continue;
            g_array_append_vals (a->members, b->members->data, b->members->len);
            g_array_set_size (b->members, 0);
            row_measure (a);
            joined = TRUE;
          }
    }

  for (guint i = 0; i < chains->len; i++)
    {
      Row *row = &g_array_index (chains, Row, i);
      guint regular = 0;

      if (row->members->len < 12 || row->height < 4 || row->pitch < 0.6 * row->height ||
          row->pitch > 1.9 * row->height)
        continue;
      /* fixed pitch: most steps are one pitch (or two, where a character is missing) */
      for (guint k = 1; k < row->members->len; k++)
        {
          double step = (g_array_index (row->members, Glyph, k).u -
                         g_array_index (row->members, Glyph, k - 1).u) / row->pitch;

          regular += fabs (step - 1) < 0.25 || fabs (step - 2) < 0.3;
        }
      if (regular < 0.7 * (row->members->len - 1))
        continue;
      g_array_append_val (rows, *row);
      row->members = NULL;   /* moved */
    }
  return rows;
}

/* --- blocks and grids -------------------------------------------------------------------- */

static int
compare_row_v (gconstpointer pa,
               gconstpointer pb)
{
  const Row *a = pa, *b = pb;
  double va = row_v_at (a, (a->u0 + a->u1) / 2), vb = row_v_at (b, (b->u0 + b->u1) / 2);

  return va < vb ? -1 : va > vb;
}

static gboolean
rows_stack (const Row *upper,
            const Row *lower)
{
  double mid = (MAX (upper->u0, lower->u0) + MIN (upper->u1, lower->u1)) / 2;
  double gap = row_v_at (lower, mid) - row_v_at (upper, mid);
  double pitch = (upper->pitch + lower->pitch) / 2;
  double overlap = MIN (upper->u1, lower->u1) - MAX (upper->u0, lower->u0);

  /* 6 lines per inch at 10 characters per inch: 1.67 pitches apart */
  return gap > 1.35 * pitch && gap < 2.2 * pitch &&
         fabs (upper->pitch - lower->pitch) < 0.18 * pitch &&
         fabs (upper->height - lower->height) < 0.25 * MAX (upper->height, lower->height) &&
         overlap > 0.5 * MAX (upper->u1 - upper->u0, lower->u1 - lower->u0);
}

/* Solves the small normal equations of a polynomial fit of degree 1 or 2. */
static gboolean
poly_fit (const double *k,
          const double *y,
          guint         n,
          guint         degree,
          double        coef[3])
{
  double m[3][4] = { { 0 } };
  guint d = degree + 1;

  if (n < d + 1)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      double p[3] = { 1, k[i], k[i] * k[i] };

      for (guint r = 0; r < d; r++)
        {
          for (guint c = 0; c < d; c++)
            m[r][c] += p[r] * p[c];
          m[r][d] += p[r] * y[i];
        }
    }
  for (guint c = 0; c < d; c++)
    {
      guint pivot = c;

      for (guint r = c + 1; r < d; r++)
        if (fabs (m[r][c]) > fabs (m[pivot][c]))
          pivot = r;
      if (fabs (m[pivot][c]) < 1e-9)
        return FALSE;
      for (guint x = 0; x <= d; x++)
        {
          double t = m[c][x];

          m[c][x] = m[pivot][x];
          m[pivot][x] = t;
        }
      for (guint r = 0; r < d; r++)
        if (r != c)
          {
            double f = m[r][c] / m[c][c];

            for (guint x = c; x <= d; x++)
              m[r][x] -= f * m[c][x];
          }
    }
  coef[2] = 0;
  for (guint c = 0; c < d; c++)
    coef[c] = m[c][d] / m[c][c];
  return TRUE;
}

static double
poly_at (const double coef[3],
         double       k)
{
  return coef[0] + coef[1] * k + coef[2] * k * k;
}

typedef struct {
  double cu[3];   /* u of character k */
  double cv[3];   /* v of character k */
  guint  on_grid; /* glyphs within a quarter pitch of their place */
} LineGrid;

/* Numbers the glyphs of a row from the shared left edge `start`, walking along it with a
 * pitch that follows the row (perspective makes it change from one end to the other), so
 * that a glyph's number is its character's place. Glyphs twice a character wide (two joined
 * characters) get none (-1). */
static void
number_glyphs (const Row *row,
               double     start,
               double     pitch,
               int       *number)
{
  double local = pitch, last_u = 0;
  int last_k = -1;

  for (guint i = 0; i < row->members->len; i++)
    {
      const Glyph *g = &g_array_index (row->members, Glyph, i);
      int k;

      number[i] = -1;
      if (g->aw > 1.3 * pitch)
        continue;
      if (last_k < 0)
        k = (int) lround ((g->u - start) / pitch);
      else
        {
          double steps = (g->u - last_u) / local;

          /* a speck or a piece of the character before: not a character of its own */
          if (steps < 0.6)
            continue;
          k = last_k + MAX (1, (int) lround (steps));
          /* follow the pitch, but only from clean single steps */
          if (k == last_k + 1 && fabs (steps - 1) < 0.25)
            local = 0.8 * local + 0.2 * (g->u - last_u);
        }
      number[i] = k;
      last_k = k;
      last_u = g->u;
    }
}

/* Fits character k's place on one row. */
static void
fit_grid (const Row *row,
          double     start,
          double     pitch,
          int        n_chars,
          double     height,
          LineGrid  *grid)
{
  guint n = row->members->len;
  g_autofree double *k = g_new (double, n), *u = g_new (double, n), *v = g_new (double, n);
  g_autofree double *kc = g_new (double, n);
  g_autofree int *number = g_new (int, n);
  guint m = 0, mc = 0;

  /* first from the walk along the row, then from the nearest place on the fitted grid */
  number_glyphs (row, start, pitch, number);
  for (int iteration = 0; iteration < 4; iteration++)
    {
      if (iteration > 0)
        m = mc = 0;
      grid->on_grid = 0;
      for (guint i = 0; i < n; i++)
        {
          const Glyph *g = &g_array_index (row->members, Glyph, i);
          double kk, off;

          if (iteration == 0)
            kk = number[i];
          else
            {
              if (number[i] < 0)
                continue;
              kk = round ((g->u - grid->cu[0]) / grid->cu[1]);
              for (int t = 0; t < 2; t++)
                kk = round (kk + (g->u - poly_at (grid->cu, kk)) / pitch);
              off = fabs (g->u - poly_at (grid->cu, kk));
              if (off > 0.35 * pitch)
                continue;
              grid->on_grid += off < 0.25 * pitch;
            }
          if (kk < 0 || kk >= n_chars)
            continue;
          k[m] = kk;
          u[m] = g->u;
          m++;
          if (g->hh >= 0.75 * height)
            {
              kc[mc] = kk;
              v[mc] = g->v;
              mc++;
            }
        }
      /* perspective bends the grid a little: quadratic once there is enough of it */
      if (!poly_fit (k, u, m, m >= 12 ? 2 : 1, grid->cu))
        {
          grid->cu[0] = start;
          grid->cu[1] = pitch;
          grid->cu[2] = 0;
        }
      if (!poly_fit (kc, v, mc, mc >= 12 ? 2 : 1, grid->cv))
        {
          grid->cv[0] = row->a + row->b * grid->cu[0];
          grid->cv[1] = row->b * grid->cu[1];
          grid->cv[2] = row->b * grid->cu[2];
        }
    }
}

static int
nearest_count (double estimate,
               int    n_lines)
{
  if (n_lines == 3)
    return 30;
  return fabs (estimate - 36) <= fabs (estimate - 44) ? 36 : 44;
}

/* Builds a location from rows of one block (top to bottom) and, for a block missing a row,
 * an extra row extrapolated above or below (`extra` = -1, +1; 0 for none). */
static gboolean
locate_block (const Row     **rows,
              int             n_rows,
              int             extra,
              double          theta,
              double          scale,
              DiMrzLocation  *loc)
{
  double pitch = 0, height = 0, start = G_MAXDOUBLE, end = -G_MAXDOUBLE;
  LineGrid grids[3];
  int n_lines = n_rows + (extra != 0), n_chars;
  double c = cos (theta), s = sin (theta);
  guint on_grid = 0;

  for (int i = 0; i < n_rows; i++)
    {
      pitch += rows[i]->pitch / n_rows;
      height += rows[i]->height / n_rows;
      start = MIN (start, rows[i]->u0);
      end = MAX (end, rows[i]->u1);
    }
  n_chars = nearest_count ((end - start) / pitch + 1, n_lines);
  if (n_lines < 2 || n_lines > 3 || (end - start) / pitch + 1 > n_chars + 3)
    return FALSE;

  for (int i = 0; i < n_rows; i++)
    {
      fit_grid (rows[i], start, pitch, n_chars, height, &grids[i + (extra < 0)]);
      on_grid += grids[i + (extra < 0)].on_grid;
    }
  if (extra != 0)
    {
      /* the missing row, one line pitch beyond the found ones */
      LineGrid *to = &grids[extra < 0 ? 0 : n_rows];
      const LineGrid *from = &grids[extra < 0 ? 1 : n_rows - 1];
      const LineGrid *other = &grids[extra < 0 ? 2 : n_rows - 2];

      for (int q = 0; q < 3; q++)
        {
          to->cu[q] = from->cu[q];
          to->cv[q] = from->cv[q] + (from->cv[q] - other->cv[q]);
        }
      to->on_grid = 0;
    }

  loc->n_lines = n_lines;
  loc->n_chars = n_chars;
  loc->angle = theta;
  loc->pitch = pitch / scale;
  loc->height = height / scale;
  loc->score = (double) on_grid / (n_rows * n_chars);
  for (int l = 0; l < n_lines; l++)
    {
      double du = poly_at (grids[l].cu, n_chars / 2.0 + 0.5) - poly_at (grids[l].cu, n_chars / 2.0 - 0.5);
      double dv = poly_at (grids[l].cv, n_chars / 2.0 + 0.5) - poly_at (grids[l].cv, n_chars / 2.0 - 0.5);
      double len = hypot (du, dv);

      for (int k = 0; k < n_chars; k++)
        {
          double u = poly_at (grids[l].cu, k), v = poly_at (grids[l].cv, k);

          loc->centre[l][k] = (DiPoint) { (u * c - v * s) / scale, (u * s + v * c) / scale };
        }
      loc->along[l] = (DiPoint) { (du * c - dv * s) / len, (du * s + dv * c) / len };
    }
  return TRUE;
}

static void
add_location (DiMrzLocation       *out,
              guint               *n,
              guint                max,
              const DiMrzLocation *loc)
{
  guint at = *n;

  /* kept best first */
  while (at > 0 && out[at - 1].score < loc->score)
    at--;
  if (at >= max)
    return;
  memmove (&out[at + 1], &out[at], (MIN (*n, max - 1) - at) * sizeof *out);
  out[at] = *loc;
  *n = MIN (*n + 1, max);
}

/* The blocks of two or three stacked MRZ rows along one direction. */
static void
blocks_along (GArray        *rows,
              double         theta,
              double         scale,
              DiMrzLocation *out,
              guint         *n,
              guint          max)
{
  g_array_sort (rows, compare_row_v);
  for (guint i = 0; i + 1 < rows->len; i++)
    {
      const Row *r0 = &g_array_index (rows, Row, i), *r1 = &g_array_index (rows, Row, i + 1);
      DiMrzLocation loc;

      if (!rows_stack (r0, r1))
        continue;
      if (i + 2 < rows->len && rows_stack (r1, &g_array_index (rows, Row, i + 2)))
        {
          const Row *three[3] = { r0, r1, &g_array_index (rows, Row, i + 2) };

          if (locate_block (three, 3, 0, theta, scale, &loc))
            add_location (out, n, max, &loc);
          i++;
          continue;
        }
      {
        const Row *two[2] = { r0, r1 };

        if (locate_block (two, 2, 0, theta, scale, &loc))
          add_location (out, n, max, &loc);
        /* rows of about 30: a TD1 whose third row was not found, above or below */
        if ((MAX (r0->u1, r1->u1) - MIN (r0->u0, r1->u0)) / r0->pitch + 1 < 33)
          for (int extra = -1; extra <= 1; extra += 2)
            if (locate_block (two, 2, extra, theta, scale, &loc))
              {
                loc.score *= 0.9;
                add_location (out, n, max, &loc);
              }
      }
    }
}

/**
 * di_ocr_locate:
 * @gray: a page image
 * @locations: (out caller-allocates): room for @max_locations
 * @max_locations: how many to return at most
 *
 * Finds MRZ-like blocks at any orientation. The text direction is known up to a half turn:
 * the caller reads both ways.
 *
 * Returns: the number of locations, best first
 */
guint
di_ocr_locate (const DiGray  *gray,
               DiMrzLocation *locations,
               guint          max_locations)
{
  int longest = MAX (gray->width, gray->height);
  double scale = longest > 1800 ? 1400.0 / longest : longest < 900 ? MIN (4.0, 1200.0 / longest)
                                                                    : 1.0;
  g_autoptr (DiGray) work = NULL;
  g_autofree guint8 *ink = NULL;
  g_autoptr (GArray) comps = NULL;
  g_autoptr (GArray) glyphs = NULL;
  double directions[2];
  guint n_directions, n = 0;
  Grid grid;

  work = gray_scale (gray, scale);
  ink = binarise (work, 15);
  comps = components (ink, work->width, work->height);
  glyphs = glyphs_of (comps);
  if (glyphs->len < 24)
    return 0;

  grid_init (&grid, glyphs, work->width, work->height, 170);
  n_directions = text_directions (glyphs, &grid, directions);
  for (guint d = 0; d < n_directions; d++)
    {
      g_autoptr (GArray) rows = rows_along (glyphs, &grid, directions[d]);

      blocks_along (rows, directions[d], scale, locations, &n, max_locations);
    }
  grid_clear (&grid);
  return n;
}
