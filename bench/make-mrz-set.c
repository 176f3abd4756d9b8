/* make-mrz-set.c — page images with known MRZs, for bench/bench-mrz-read
 *
 *   make-mrz-set --out DIR [--count N] [--seed S] [--profile P] [--date YYYY-MM-DD] [--jobs N]
 *
 * Writes N images of Utopia documents (genuine specimens from app/di-specimen.c) into DIR,
 * a new or empty folder, with truth.json: per image the file, profile, subtype, document
 * kind, MRZ format, the MRZ lines as printed, where the MRZ lies in the image and every
 * degradation applied with its parameters. Profiles (bench/README.md has the full list):
 *
 *   heldout  like the hidden acceptance set: reader scans (white, or IR for a third) at
 *            27–33 px MRZ pitch, turned by a quarter turn and up to ±8°, glare, blur,
 *            noise, uneven lighting, downscaled to 50–70%, JPEG 25–70;
 *   real     like public specimen images: screenshots, phone photos in perspective and
 *            JPEGs turned only by their EXIF orientation, 250–900 px wide, 8–20 px
 *            characters; about a tenth "hard" (8 px characters, heavy JPEG);
 *   clean    the page at 300 dpi, upright, PNG;
 *   none     heldout pages whose MRZ was painted over or cut off (truth lines: null).
 *
 * Every page draws from its own generator, seeded by the seed, the profile and its index, so
 * the same options give the same bytes whatever the number of threads. Glare, perspective
 * and the EXIF-tagged JPEG writer live here; the reader's capture effects (placement on the
 * glass, blur, lighting, noise) come from di_capture_apply().
 */
#define G_LOG_DOMAIN "make-mrz-set"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <json-glib/json-glib.h>

#include "di-image.h"
#include "di-mrz.h"
#include "di-specimen.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_pattern_t, cairo_pattern_destroy)

#define MM_PER_INCH 25.4
#define MRZ_PITCH_MM 2.54     /* ICAO 9303-3: 10 characters per inch */
#define MRZ_CHAR_MM 2.96      /* an OCR-B capital as the renderer draws it: 35 px at 300 dpi */
#define SCAN_DPI 300.0        /* heldout, none and clean pages are drawn at this resolution */
#define PHOTO_DPI 200.0       /* real pages: never shown with characters above 20 px */
#define MAX_COUNT 100000
#define MAX_JOBS 256
#define DEFAULT_DATE "2026-01-01"

typedef enum {
  PROFILE_HELDOUT,
  PROFILE_REAL,
  PROFILE_CLEAN,
  PROFILE_NONE,
  N_PROFILES
} Profile;

static const char *const profile_names[N_PROFILES] = { "heldout", "real", "clean", "none" };

/* In the order the acceptance set names them; page i is of kind i mod 5. */
static const DiDocKind kinds[] = {
  DI_DOC_ID_CARD, DI_DOC_TD2_CARD, DI_DOC_PASSPORT, DI_DOC_VISA_A, DI_DOC_VISA_B,
};

typedef struct {
  char    *out_dir;
  guint    count;
  guint64  seed;
  Profile  profile;
  GDate    date;
  guint    jobs;
} Options;

/* --- geometry ---------------------------------------------------------------------------- */

/* A projective map of the plane, m[row][column], acting on (x, y, 1). */
typedef struct {
  double m[3][3];
} Mat3;

static Mat3
mat3_identity (void)
{
  return (Mat3) { { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } } };
}

static Mat3
mat3_from_cairo (const cairo_matrix_t *c)
{
  return (Mat3) { { { c->xx, c->xy, c->x0 }, { c->yx, c->yy, c->y0 }, { 0, 0, 1 } } };
}

/* a · b: b applied first */
static Mat3
mat3_mul (const Mat3 *a,
          const Mat3 *b)
{
  Mat3 r;

  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      r.m[i][j] = a->m[i][0] * b->m[0][j] + a->m[i][1] * b->m[1][j] + a->m[i][2] * b->m[2][j];
  return r;
}

static void
mat3_apply (const Mat3 *a,
            double      x,
            double      y,
            double     *out_x,
            double     *out_y)
{
  double w = a->m[2][0] * x + a->m[2][1] * y + a->m[2][2];

  *out_x = (a->m[0][0] * x + a->m[0][1] * y + a->m[0][2]) / w;
  *out_y = (a->m[1][0] * x + a->m[1][1] * y + a->m[1][2]) / w;
}

/* The inverse by the adjugate; the maps made here are never singular. */
static Mat3
mat3_invert (const Mat3 *a)
{
  const double (*m)[3] = a->m;
  Mat3 r;
  double det;

  r.m[0][0] = m[1][1] * m[2][2] - m[1][2] * m[2][1];
  r.m[0][1] = m[0][2] * m[2][1] - m[0][1] * m[2][2];
  r.m[0][2] = m[0][1] * m[1][2] - m[0][2] * m[1][1];
  r.m[1][0] = m[1][2] * m[2][0] - m[1][0] * m[2][2];
  r.m[1][1] = m[0][0] * m[2][2] - m[0][2] * m[2][0];
  r.m[1][2] = m[0][2] * m[1][0] - m[0][0] * m[1][2];
  r.m[2][0] = m[1][0] * m[2][1] - m[1][1] * m[2][0];
  r.m[2][1] = m[0][1] * m[2][0] - m[0][0] * m[2][1];
  r.m[2][2] = m[0][0] * m[1][1] - m[0][1] * m[1][0];
  det = m[0][0] * r.m[0][0] + m[0][1] * r.m[1][0] + m[0][2] * r.m[2][0];
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      r.m[i][j] /= det;
  return r;
}

/* The homography taking the four points src[k] to dst[k]: the 8 × 8 linear system of
 * x' (h6 x + h7 y + 1) = h0 x + h1 y + h2 and y' (…) = h3 x + h4 y + h5, solved by Gaussian
 * elimination with partial pivoting. */
static Mat3
homography (const double src[4][2],
            const double dst[4][2])
{
  double a[8][9] = { { 0 } };
  double h[8];
  Mat3 r;

  for (int k = 0; k < 4; k++)
    {
      double x = src[k][0], y = src[k][1], u = dst[k][0], v = dst[k][1];
      double row_u[9] = { x, y, 1, 0, 0, 0, -x * u, -y * u, u };
      double row_v[9] = { 0, 0, 0, x, y, 1, -x * v, -y * v, v };

      memcpy (a[2 * k], row_u, sizeof row_u);
      memcpy (a[2 * k + 1], row_v, sizeof row_v);
    }
  for (int c = 0; c < 8; c++)
    {
      int pivot = c;

      for (int r2 = c + 1; r2 < 8; r2++)
        if (fabs (a[r2][c]) > fabs (a[pivot][c]))
          pivot = r2;
      if (pivot != c)
        for (int j = 0; j < 9; j++)
          {
            double t = a[c][j];

            a[c][j] = a[pivot][j];
            a[pivot][j] = t;
          }
      for (int r2 = c + 1; r2 < 8; r2++)
        {
          double f = a[r2][c] / a[c][c];

          for (int j = c; j < 9; j++)
            a[r2][j] -= f * a[c][j];
        }
    }
  for (int c = 7; c >= 0; c--)
    {
      double s = a[c][8];

      for (int j = c + 1; j < 8; j++)
        s -= a[c][j] * h[j];
      h[c] = s / a[c][c];
    }
  r = (Mat3) { { { h[0], h[1], h[2] }, { h[3], h[4], h[5] }, { h[6], h[7], 1 } } };
  return r;
}

/* A rectangle in millimetres on the page, from a layout key: "x;y;w;h" or "x,y,w,h". */
typedef struct {
  double x, y, w, h;
} RectMm;

static gboolean
layout_rect (GKeyFile   *layout,
             const char *group,
             const char *key,
             RectMm     *out)
{
  g_autofree char *value = g_key_file_get_string (layout, group, key, NULL);
  g_auto (GStrv) parts = NULL;

  if (value == NULL)
    return FALSE;
  parts = g_strsplit_set (value, ";,", -1);
  if (g_strv_length (parts) != 4)
    return FALSE;
  out->x = g_ascii_strtod (parts[0], NULL);
  out->y = g_ascii_strtod (parts[1], NULL);
  out->w = g_ascii_strtod (parts[2], NULL);
  out->h = g_ascii_strtod (parts[3], NULL);
  return TRUE;
}

/* --- surfaces ---------------------------------------------------------------------------- */

/* An image as it is being made, and where the rendered page's pixels went in it. */
typedef struct {
  cairo_surface_t *surface;
  Mat3             to_image;   /* rendered page pixels → surface pixels */
} Shot;

static void
shot_replace (Shot            *shot,
              cairo_surface_t *surface,
              const Mat3      *step)
{
  cairo_surface_destroy (shot->surface);
  shot->surface = surface;
  shot->to_image = mat3_mul (step, &shot->to_image);
}

static int
surface_width (cairo_surface_t *s)
{
  return cairo_image_surface_get_width (s);
}

static int
surface_height (cairo_surface_t *s)
{
  return cairo_image_surface_get_height (s);
}

static guint32 *
surface_row (cairo_surface_t *s,
             int              y)
{
  return (guint32 *) (cairo_image_surface_get_data (s) +
                      (gsize) y * cairo_image_surface_get_stride (s));
}

/* @src drawn through @matrix (source pixels → new pixels) onto a new w × h surface. */
static cairo_surface_t *
transform_surface (cairo_surface_t      *src,
                   const cairo_matrix_t *matrix,
                   int                   w,
                   int                   h,
                   cairo_filter_t        filter)
{
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  g_autoptr (cairo_t) cr = cairo_create (out);
  g_autoptr (cairo_pattern_t) pattern = cairo_pattern_create_for_surface (src);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_matrix (cr, matrix);
  /* PAD: the edge pixels are repeated, not blended with black */
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (pattern, filter);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, 0, 0, surface_width (src), surface_height (src));
  cairo_fill (cr);
  cairo_surface_flush (out);
  return out;
}

/* Resamples the shot to w × h (GOOD filters when shrinking, as an image editor does). */
static void
shot_resize (Shot           *shot,
             int             w,
             int             h,
             cairo_filter_t  filter)
{
  cairo_matrix_t m;
  Mat3 step;

  cairo_matrix_init_scale (&m, (double) w / surface_width (shot->surface),
                           (double) h / surface_height (shot->surface));
  step = mat3_from_cairo (&m);
  shot_replace (shot, transform_surface (shot->surface, &m, w, h, filter), &step);
}

/* Turns the shot clockwise by @quarter_turns × 90° and scales it by @scale. */
static void
shot_turn (Shot   *shot,
           int     quarter_turns,
           double  scale)
{
  int w = surface_width (shot->surface), h = surface_height (shot->surface);
  gboolean swap = quarter_turns % 2 != 0;
  int out_w = (int) lround ((swap ? h : w) * scale);
  int out_h = (int) lround ((swap ? w : h) * scale);
  cairo_matrix_t m;
  Mat3 step;

  cairo_matrix_init_translate (&m, out_w / 2.0, out_h / 2.0);
  cairo_matrix_rotate (&m, quarter_turns * G_PI / 2);
  cairo_matrix_scale (&m, (swap ? out_h : out_w) / (double) w, (swap ? out_w : out_h) / (double) h);
  cairo_matrix_translate (&m, -w / 2.0, -h / 2.0);
  /* cos (π/2) is not exactly 0 in floating point: make the quarter turns exact */
  m.xx = round (m.xx * 1e9) / 1e9;
  m.xy = round (m.xy * 1e9) / 1e9;
  m.yx = round (m.yx * 1e9) / 1e9;
  m.yy = round (m.yy * 1e9) / 1e9;
  step = mat3_from_cairo (&m);
  shot_replace (shot, transform_surface (shot->surface, &m, out_w, out_h, CAIRO_FILTER_GOOD),
                &step);
}

/* A flat border around the shot, as a screenshot of an image on a page or in a viewer. */
static void
shot_add_border (Shot          *shot,
                 const int      border[4],   /* left, top, right, bottom */
                 const double   rgb[3])
{
  int w = surface_width (shot->surface), h = surface_height (shot->surface);
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w + border[0] + border[2],
                                                     h + border[1] + border[3]);
  g_autoptr (cairo_t) cr = cairo_create (out);
  cairo_matrix_t m;
  Mat3 step;

  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_paint (cr);
  cairo_set_source_surface (cr, shot->surface, border[0], border[1]);
  cairo_paint (cr);
  cairo_surface_flush (out);
  cairo_matrix_init_translate (&m, border[0], border[1]);
  step = mat3_from_cairo (&m);
  shot_replace (shot, out, &step);
}

/* The reader's capture (di_capture_apply()), with its placement of the page as a map. */
static void
shot_capture (Shot            *shot,
              double           dpi,
              const DiCapture *capture,
              DiLight          light,
              guint32          noise_seed)
{
  double px_per_mm = dpi / MM_PER_INCH;
  int w = surface_width (shot->surface), h = surface_height (shot->surface);
  int margin = (int) lround (capture->margin_mm * px_per_mm);   /* as di_capture_apply() */
  cairo_matrix_t m;
  Mat3 step;

  cairo_matrix_init_translate (&m, margin + w / 2.0 + capture->offset_x_mm * px_per_mm,
                               margin + h / 2.0 + capture->offset_y_mm * px_per_mm);
  cairo_matrix_rotate (&m, capture->angle_deg * G_PI / 180);
  cairo_matrix_translate (&m, -w / 2.0, -h / 2.0);
  step = mat3_from_cairo (&m);
  shot_replace (shot, di_capture_apply (shot->surface, dpi, capture, light, noise_seed), &step);
}

/* --- glare ------------------------------------------------------------------------------- */

/* A specular reflection off the laminate: an ellipse (millimetres on the page) whose flat
 * core pushes the image towards white by @strength and fades out by 1.6 radii. It is added
 * to the captured image, after the lighting and the noise, as the sensor clips it. */
typedef struct {
  double   cx, cy, rx, ry;
  double   angle;         /* radians */
  double   strength;      /* 0–1 */
  gboolean over_mrz;
} Glare;

static void
add_glare (cairo_surface_t *image,
           const Mat3      *to_image,
           double           px_per_mm,
           double           page_w_px,
           double           page_h_px,
           const Glare     *g)
{
  int w = surface_width (image), h = surface_height (image);
  double c = cos (g->angle), s = sin (g->angle);
  double reach = 1.6 * MAX (g->rx, g->ry);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  Mat3 back = mat3_invert (to_image);
  int x0, x1, y0, y1;

  /* where the blob's bounding square on the page lies in the image */
  for (int k = 0; k < 4; k++)
    {
      double x, y;

      mat3_apply (to_image, (g->cx + (k & 1 ? reach : -reach)) * px_per_mm,
                  (g->cy + (k & 2 ? reach : -reach)) * px_per_mm, &x, &y);
      min_x = MIN (min_x, x);
      min_y = MIN (min_y, y);
      max_x = MAX (max_x, x);
      max_y = MAX (max_y, y);
    }
  x0 = (int) CLAMP (floor (min_x), 0, w);
  x1 = (int) CLAMP (ceil (max_x), 0, w);
  y0 = (int) CLAMP (floor (min_y), 0, h);
  y1 = (int) CLAMP (ceil (max_y), 0, h);

  cairo_surface_flush (image);
  for (int y = y0; y < y1; y++)
    {
      guint32 *row = surface_row (image, y);

      for (int x = x0; x < x1; x++)
        {
          double px, py, dx, dy, u, v, r2, a;
          guint32 p = row[x], out = 0xff000000u;

          mat3_apply (&back, x + 0.5, y + 0.5, &px, &py);
          if (px < 0 || py < 0 || px >= page_w_px || py >= page_h_px)
            continue;   /* off the page: the table does not shine */
          dx = px / px_per_mm - g->cx;
          dy = py / px_per_mm - g->cy;
          u = (dx * c + dy * s) / g->rx;
          v = (-dx * s + dy * c) / g->ry;
          r2 = u * u + v * v;
          if (r2 > 1.6 * 1.6)
            continue;
          a = g->strength * exp (-1.5 * r2 * r2);
          for (int shift = 0; shift <= 16; shift += 8)
            {
              double ch = p >> shift & 0xff;

              out |= (guint32) lround (ch + (255 - ch) * a) << shift;
            }
          row[x] = out;
        }
    }
  cairo_surface_mark_dirty (image);
}

/* One or two blobs; in about a third of the pages one lies over part of the MRZ, weak enough
 * to leave it legible (the ink stays at least a third darker than the paper); the others
 * wash out the page above the MRZ. */
static void
draw_glare (GRand        *rand,
            double        page_w,
            double        page_h,
            const RectMm *band,      /* NULL: anywhere */
            JsonBuilder  *b,
            Glare        *out,
            guint        *n_out)
{
  guint n = g_rand_double (rand) < 0.4 ? 2 : 1;

  json_builder_set_member_name (b, "glare");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      Glare *g = &out[i];

      g->over_mrz = band != NULL && i == 0 && g_rand_double (rand) < 0.35;
      g->angle = g_rand_double_range (rand, 0, G_PI);
      if (g->over_mrz)
        {
          g->rx = g_rand_double_range (rand, 0.08, 0.2) * band->w;
          g->ry = g_rand_double_range (rand, 0.5, 1.0) * band->h;
          g->cx = band->x + g_rand_double_range (rand, 0.15, 0.85) * band->w;
          g->cy = band->y + g_rand_double_range (rand, 0.3, 0.7) * band->h;
          g->strength = g_rand_double_range (rand, 0.35, 0.6);
        }
      else
        {
          double limit = band != NULL ? band->y : page_h;
          double reach;

          g->rx = g_rand_double_range (rand, 0.08, 0.25) * page_w;
          g->ry = g->rx * g_rand_double_range (rand, 0.3, 0.8);
          /* the whole blob stays above the MRZ: shrink it if the page is short there */
          reach = 1.3 * g->rx;
          if (reach > limit * 0.8)
            {
              g->ry *= limit * 0.8 / reach;
              g->rx *= limit * 0.8 / reach;
              reach = limit * 0.8;
            }
          g->cx = g_rand_double_range (rand, 0.1, 0.9) * page_w;
          g->cy = g_rand_double_range (rand, 0, MAX (limit - reach, 0.01));
          g->strength = g_rand_double_range (rand, 0.75, 1.0);
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "centre_mm");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, round (g->cx * 100) / 100);
      json_builder_add_double_value (b, round (g->cy * 100) / 100);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "radii_mm");
      json_builder_begin_array (b);
      json_builder_add_double_value (b, round (g->rx * 100) / 100);
      json_builder_add_double_value (b, round (g->ry * 100) / 100);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "angle_deg");
      json_builder_add_double_value (b, round (g->angle * 180 / G_PI * 10) / 10);
      json_builder_set_member_name (b, "strength");
      json_builder_add_double_value (b, round (g->strength * 1000) / 1000);
      json_builder_set_member_name (b, "over_mrz");
      json_builder_add_boolean_value (b, g->over_mrz);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  *n_out = n;
}

/* --- a phone photo ----------------------------------------------------------------------- */

/* A table or cloth around the page: a dark colour, blotchy light, wood-like grain, noise. */
static cairo_surface_t *
make_background (int          w,
                 int          h,
                 GRand       *rand,
                 JsonBuilder *b)
{
  static const struct {
    const char *name;
    double      rgb[3];
    double      grain;
  } grounds[] = {
    { "wood", { 96, 64, 40 }, 14 },
    { "dark_cloth", { 36, 38, 46 }, 4 },
    { "grey_desk", { 78, 78, 74 }, 3 },
    { "black_leather", { 24, 21, 20 }, 2 },
  };
  guint which = g_rand_int_range (rand, 0, G_N_ELEMENTS (grounds));
  int cells_w = 8, cells_h = 6;
  g_autoptr (cairo_surface_t) cells = cairo_image_surface_create (CAIRO_FORMAT_RGB24, cells_w,
                                                                  cells_h);
  cairo_surface_t *out;
  cairo_matrix_t m;
  double angle = g_rand_double_range (rand, 0, G_PI);
  double period = g_rand_double_range (rand, 5, 16);
  double ca = cos (angle), sa = sin (angle);

  for (int y = 0; y < cells_h; y++)
    for (int x = 0; x < cells_w; x++)
      surface_row (cells, y)[x] = 0xff000000u | (guint32) g_rand_int_range (rand, 150, 256);
  cairo_surface_mark_dirty (cells);
  cairo_matrix_init_scale (&m, (double) w / cells_w, (double) h / cells_h);
  out = transform_surface (cells, &m, w, h, CAIRO_FILTER_BILINEAR);

  for (int y = 0; y < h; y++)
    {
      guint32 *row = surface_row (out, y);

      for (int x = 0; x < w; x++)
        {
          double light = (row[x] & 0xff) / 200.0;   /* 0.75–1.28 */
          double t = (x * ca + y * sa) / period;
          double grain = grounds[which].grain * sin (2 * G_PI * t + 2.5 * sin (t * 0.21));
          guint32 p = 0xff000000u;

          for (int k = 0; k < 3; k++)
            {
              double v = grounds[which].rgb[k] * light + grain + g_rand_int_range (rand, -6, 7);

              p |= (guint32) CLAMP (lround (v), 0, 255) << (16 - 8 * k);
            }
          row[x] = p;
        }
    }
  cairo_surface_mark_dirty (out);
  json_builder_set_member_name (b, "background");
  json_builder_add_string_value (b, grounds[which].name);
  return out;
}

/* The page (the shot) seen through @to_out onto @background, bilinear; the four source
 * pixels of an output pixel that fall off the page take the background's colour there, so
 * the page's edges come out smooth. */
static void
shot_warp (Shot            *shot,
           const Mat3      *to_out,
           cairo_surface_t *background)
{
  cairo_surface_t *src = shot->surface;
  int sw = surface_width (src), sh = surface_height (src);
  int w = surface_width (background), h = surface_height (background);
  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  Mat3 back = mat3_invert (to_out);

  cairo_surface_flush (src);
  cairo_surface_flush (background);
  for (int y = 0; y < h; y++)
    {
      const guint32 *bg = surface_row (background, y);
      guint32 *row = surface_row (out, y);

      for (int x = 0; x < w; x++)
        {
          double sx, sy, fx, fy, wt[4], acc[3] = { 0, 0, 0 };
          int ix, iy;
          guint32 taps[4];

          mat3_apply (&back, x + 0.5, y + 0.5, &sx, &sy);
          sx -= 0.5;
          sy -= 0.5;
          if (!(sx > -1 && sy > -1 && sx < sw && sy < sh))
            {
              row[x] = bg[x];
              continue;
            }
          ix = (int) floor (sx);
          iy = (int) floor (sy);
          fx = sx - ix;
          fy = sy - iy;
          for (int k = 0; k < 4; k++)
            {
              int tx = ix + (k & 1), ty = iy + (k >> 1);

              taps[k] = tx >= 0 && ty >= 0 && tx < sw && ty < sh ? surface_row (src, ty)[tx]
                                                                 : bg[x];
            }
          wt[0] = (1 - fx) * (1 - fy);
          wt[1] = fx * (1 - fy);
          wt[2] = (1 - fx) * fy;
          wt[3] = fx * fy;
          for (int k = 0; k < 4; k++)
            for (int c = 0; c < 3; c++)
              acc[c] += wt[k] * (taps[k] >> (16 - 8 * c) & 0xff);
          row[x] = 0xff000000u | (guint32) lround (acc[0]) << 16 |
                   (guint32) lround (acc[1]) << 8 | (guint32) lround (acc[2]);
        }
    }
  cairo_surface_mark_dirty (out);
  shot_replace (shot, out, to_out);
}

/* --- EXIF orientation -------------------------------------------------------------------- */

/* The pixels to store under EXIF @orientation (1–8) so that a viewer applying the tag shows
 * @upright. For each viewed pixel (x, y) of the upright image, which stored pixel the tag
 * shows there follows from where the tag puts the stored row 0 and column 0 (TIFF 6.0,
 * Orientation): 2 mirrors left–right, 3 turns 180°, 4 mirrors top–bottom, 5 transposes,
 * 6 turns 90° clockwise, 7 transposes across the other diagonal, 8 turns 90° anticlockwise. */
static cairo_surface_t *
store_for_orientation (cairo_surface_t *upright,
                       int              orientation)
{
  int vw = surface_width (upright), vh = surface_height (upright);
  gboolean swap = orientation >= 5;
  int w = swap ? vh : vw, h = swap ? vw : vh;   /* stored size */
  cairo_surface_t *stored = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);

  cairo_surface_flush (upright);
  for (int y = 0; y < vh; y++)
    {
      const guint32 *row = surface_row (upright, y);

      for (int x = 0; x < vw; x++)
        {
          int sx, sy;

          switch (orientation)
            {
            case 2: sx = w - 1 - x, sy = y; break;
            case 3: sx = w - 1 - x, sy = h - 1 - y; break;
            case 4: sx = x, sy = h - 1 - y; break;
            case 5: sx = y, sy = x; break;
            case 6: sx = y, sy = h - 1 - x; break;
            case 7: sx = w - 1 - y, sy = h - 1 - x; break;
            case 8: sx = w - 1 - y, sy = x; break;
            default: sx = x, sy = y; break;
            }
          surface_row (stored, sy)[sx] = row[x];
        }
    }
  cairo_surface_mark_dirty (stored);
  return stored;
}

/* An APP1 payload: "Exif", a TIFF header and IFD0 holding only Orientation (one SHORT). */
static guint
exif_payload (guint8   out[32],
              int      orientation,
              gboolean big_endian)
{
  static const guint8 header_mm[8] = { 'M', 'M', 0, 42, 0, 0, 0, 8 };
  static const guint8 header_ii[8] = { 'I', 'I', 42, 0, 8, 0, 0, 0 };
  guint8 *ifd = out + 14;

  memset (out, 0, 32);
  memcpy (out, "Exif\0\0", 6);
  memcpy (out + 6, big_endian ? header_mm : header_ii, 8);
  /* entry count 1; tag 0x0112, type 3 (SHORT), count 1, value left-justified; next IFD 0 */
  if (big_endian)
    {
      guint8 entry[14] = { 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (guint8) orientation, 0, 0 };

      memcpy (ifd, entry, sizeof entry);
    }
  else
    {
      guint8 entry[14] = { 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, (guint8) orientation, 0, 0, 0 };

      memcpy (ifd, entry, sizeof entry);
    }
  return 32;
}

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  err->pub.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

typedef struct {
  struct jpeg_compress_struct cinfo;
  JpegError                   err;
  unsigned char              *buffer;   /* malloc()ed by libjpeg */
  unsigned long               size;
  guint8                     *row;
} ExifWriter;

/* The part that may longjmp(): all its state lives in @wr, on the heap. Like a camera's file:
 * no JFIF header, the Exif block first. */
static void
encode_exif_jpeg (ExifWriter      *wr,
                  cairo_surface_t *stored,
                  int              quality,
                  const guint8    *exif,
                  guint            exif_len)
{
  j_compress_ptr cinfo = &wr->cinfo;

  jpeg_create_compress (cinfo);
  jpeg_mem_dest (cinfo, &wr->buffer, &wr->size);
  cinfo->image_width = surface_width (stored);
  cinfo->image_height = surface_height (stored);
  cinfo->input_components = 3;
  cinfo->in_color_space = JCS_RGB;
  jpeg_set_defaults (cinfo);
  jpeg_set_quality (cinfo, quality, TRUE);
  cinfo->dct_method = JDCT_ISLOW;
  cinfo->optimize_coding = FALSE;
  cinfo->write_JFIF_header = FALSE;
  wr->row = g_malloc ((gsize) cinfo->image_width * 3);
  jpeg_start_compress (cinfo, TRUE);
  jpeg_write_marker (cinfo, JPEG_APP0 + 1, exif, exif_len);
  while (cinfo->next_scanline < cinfo->image_height)
    {
      const guint32 *in = surface_row (stored, (int) cinfo->next_scanline);
      JSAMPROW rows[1] = { wr->row };

      for (guint x = 0; x < cinfo->image_width; x++)
        {
          wr->row[3 * x] = in[x] >> 16 & 0xff;
          wr->row[3 * x + 1] = in[x] >> 8 & 0xff;
          wr->row[3 * x + 2] = in[x] & 0xff;
        }
      jpeg_write_scanlines (cinfo, rows, 1);
    }
  jpeg_finish_compress (cinfo);
}

/* Writes @upright as a JPEG whose pixels are stored turned or mirrored, with the EXIF
 * @orientation that shows them upright again. */
static gboolean
save_jpeg_exif (cairo_surface_t  *upright,
                const char       *path,
                int               quality,
                int               orientation,
                gboolean          big_endian,
                GError          **error)
{
  g_autoptr (cairo_surface_t) stored = store_for_orientation (upright, orientation);
  g_autofree ExifWriter *wr = g_new0 (ExifWriter, 1);
  guint8 exif[32];
  guint exif_len = exif_payload (exif, orientation, big_endian);
  gboolean ok;

  jpeg_std_error (&wr->err.pub);
  wr->err.pub.error_exit = jpeg_error_exit_cb;
  wr->cinfo.err = &wr->err.pub;
  if (setjmp (wr->err.jump) == 0)
    {
      encode_exif_jpeg (wr, stored, quality, exif, exif_len);
      ok = g_file_set_contents_full (path, (const char *) wr->buffer, wr->size,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
    }
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot encode JPEG (%s)", path,
                   wr->err.message);
      ok = FALSE;
    }
  jpeg_destroy_compress (&wr->cinfo);
  free (wr->buffer);
  g_free (wr->row);
  return ok;
}

/* --- pages ------------------------------------------------------------------------------- */

/* What a page's making decided, beyond its pixels. */
typedef struct {
  Shot         shot;
  const char  *subtype;
  DiLight      light;
  gboolean     hard;
  int          jpeg_quality;      /* 0: PNG */
  int          exif_orientation;  /* 0: no Exif block */
  gboolean     exif_big_endian;
} Page;

typedef struct {
  RectMm   page;                  /* 0, 0, width, height */
  RectMm   band;                  /* the MRZ band of the layout */
  RectMm   text;                  /* the MRZ characters, about */
  char    *format;
} Layout;

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value,
            double       unit)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, round (value / unit) * unit);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* Replaces the MRZ band with the page's own colour there (the median of the band, which is
 * mostly paper), or cuts it off. */
static void
remove_mrz (Page         *page,
            const RectMm *band,
            double        px_per_mm,
            gboolean      crop)
{
  cairo_surface_t *s = page->shot.surface;
  int w = surface_width (s), h = surface_height (s);
  int y0 = CLAMP ((int) floor (band->y * px_per_mm), 0, h);
  int y1 = CLAMP ((int) ceil ((band->y + band->h) * px_per_mm), 0, h);
  int x0 = CLAMP ((int) floor (band->x * px_per_mm), 0, w);
  int x1 = CLAMP ((int) ceil ((band->x + band->w) * px_per_mm), 0, w);

  if (crop)
    {
      cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, y0);
      g_autoptr (cairo_t) cr = cairo_create (out);
      Mat3 step = mat3_identity ();

      cairo_set_source_surface (cr, s, 0, 0);
      cairo_paint (cr);
      cairo_surface_flush (out);
      shot_replace (&page->shot, out, &step);
    }
  else
    {
      guint hist[3][256] = { { 0 } };
      guint n = 0;
      guint32 fill = 0xff000000u;

      cairo_surface_flush (s);
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++, n++)
          for (int c = 0; c < 3; c++)
            hist[c][surface_row (s, y)[x] >> (16 - 8 * c) & 0xff]++;
      for (int c = 0; c < 3; c++)
        {
          guint seen = 0, v = 0;

          while (v < 255 && (seen += hist[c][v]) <= n / 2)
            v++;
          fill |= v << (16 - 8 * c);
        }
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          surface_row (s, y)[x] = fill;
      cairo_surface_mark_dirty (s);
    }
}

/* heldout and none: a reader's scan, turned, with glare, blurred, noised, shrunk, JPEG. */
static void
make_scan (Page             *page,
           const DiSpecimen *specimen,
           const Layout     *layout,
           gboolean          with_mrz,
           GRand            *rand,
           JsonBuilder      *b)
{
  static const char *const turn_names[] = { "rot0", "rot90", "rot180", "rot270" };
  double px_per_mm = SCAN_DPI / MM_PER_INCH;
  double pitch = g_rand_double_range (rand, 27, 33);
  double dpi = pitch / MRZ_PITCH_MM * MM_PER_INCH;   /* 27–33 px per 2.54 mm: 270–330 dpi */
  Glare glare[2];
  guint n_glare;
  int quarter_turns;
  DiCapture capture = { 0 };
  double shrink, page_w_px, page_h_px;
  int w, h;

  page->light = g_rand_double (rand) < 1.0 / 3 ? DI_LIGHT_IR : DI_LIGHT_WHITE;
  page->shot.surface = di_specimen_render (specimen, page->light, SCAN_DPI);
  page->shot.to_image = mat3_identity ();
  add_double (b, "pitch_px", pitch, 0.01);
  add_double (b, "dpi", dpi, 0.1);

  if (!with_mrz)
    {
      gboolean crop = g_rand_boolean (rand);

      page->subtype = crop ? "cropped" : "painted";
      remove_mrz (page, &layout->band, px_per_mm, crop);
      json_builder_set_member_name (b, "mrz_removed");
      json_builder_add_string_value (b, page->subtype);
    }
  page_w_px = surface_width (page->shot.surface);
  page_h_px = surface_height (page->shot.surface);

  /* glare is drawn now, in page millimetres, and added after the capture */
  draw_glare (rand, layout->page.w, with_mrz ? layout->page.h : layout->band.y,
              with_mrz ? &layout->band : NULL, b, glare, &n_glare);

  /* the page drawn at 300 dpi is brought to the pitch wanted while being turned */
  quarter_turns = g_rand_int_range (rand, 0, 4);
  shot_turn (&page->shot, quarter_turns, dpi / SCAN_DPI);
  if (with_mrz)
    page->subtype = turn_names[quarter_turns];
  add_int (b, "quarter_turns", quarter_turns);

  /* the margin holds the page turned by 8° and shifted by 3 mm whole */
  capture.margin_mm = 12;
  capture.angle_deg = g_rand_double_range (rand, -8, 8);
  capture.offset_x_mm = g_rand_double_range (rand, -3, 3);
  capture.offset_y_mm = g_rand_double_range (rand, -3, 3);
  capture.blur_sigma_px = g_rand_double_range (rand, 0.5, 1.5);
  capture.noise_sigma = g_rand_double_range (rand, 2, 8);
  capture.lighting = g_rand_double_range (rand, 0.1, 0.4);
  capture.lighting_angle = g_rand_double_range (rand, 0, 2 * G_PI);
  shot_capture (&page->shot, dpi, &capture, page->light, g_rand_int (rand));
  add_double (b, "skew_deg", capture.angle_deg, 0.01);
  add_double (b, "margin_mm", capture.margin_mm, 0.01);
  json_builder_set_member_name (b, "offset_mm");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, round (capture.offset_x_mm * 100) / 100);
  json_builder_add_double_value (b, round (capture.offset_y_mm * 100) / 100);
  json_builder_end_array (b);
  add_double (b, "blur_sigma_px", capture.blur_sigma_px, 0.001);
  add_double (b, "noise_sigma", capture.noise_sigma, 0.001);
  add_double (b, "lighting", capture.lighting, 0.001);
  add_double (b, "lighting_angle_deg", capture.lighting_angle * 180 / G_PI, 0.1);
  for (guint i = 0; i < n_glare; i++)
    add_glare (page->shot.surface, &page->shot.to_image, px_per_mm, page_w_px, page_h_px,
               &glare[i]);

  shrink = g_rand_double_range (rand, 0.5, 0.7);
  w = (int) lround (surface_width (page->shot.surface) * shrink);
  h = (int) lround (surface_height (page->shot.surface) * shrink);
  shot_resize (&page->shot, w, h, CAIRO_FILTER_GOOD);
  add_double (b, "downscale", shrink, 0.001);

  page->jpeg_quality = g_rand_int_range (rand, 25, 71);
  add_int (b, "jpeg_quality", page->jpeg_quality);
}

/* The output scale (pixels per millimetre of page) for @char_px high characters, brought
 * back into the width range 250–900 px of an image @width_mm wide plus @extra_px. */
static double
photo_scale (double char_px,
             double width_mm,
             int    extra_px)
{
  double px_per_mm = char_px / MRZ_CHAR_MM;
  double width = width_mm * px_per_mm + extra_px;

  if (width > 900)
    px_per_mm = (900 - extra_px) / width_mm;
  else if (width < 250)
    px_per_mm = (250 - extra_px) / width_mm;
  return px_per_mm;
}

/* real, screenshot: the page image shown on a screen (maybe scaled by a HiDPI factor) and
 * captured, sharp and noiseless, maybe with the viewer's flat border; PNG (hard: JPEG). */
static void
make_screenshot (Page        *page,
                 double       page_w_mm,
                 double       char_px,
                 GRand       *rand,
                 JsonBuilder *b)
{
  static const double factors[] = { 1.25, 1.5, 2.0 };
  static const double colours[][3] = {
    { 1, 1, 1 }, { 0.94, 0.94, 0.94 }, { 0.13, 0.13, 0.14 }, { 0.91, 0.92, 0.93 }, { 0, 0, 0 },
  };
  double factor = g_rand_boolean (rand) ? 1.0 : factors[g_rand_int_range (rand, 0, 3)];
  gboolean bordered = g_rand_boolean (rand);
  int border[4] = { 0, 0, 0, 0 };
  guint colour = g_rand_int_range (rand, 0, G_N_ELEMENTS (colours));
  double px_per_mm, base;
  int w, h;

  for (int k = 0; k < 4; k++)
    border[k] = g_rand_int_range (rand, 4, 41);
  if (!bordered)
    memset (border, 0, sizeof border);
  px_per_mm = photo_scale (char_px, page_w_mm, border[0] + border[2]);

  /* the image as published, then as the screen showed it */
  base = px_per_mm / factor;
  w = (int) lround (surface_width (page->shot.surface) * base / (PHOTO_DPI / MM_PER_INCH));
  h = (int) lround (surface_height (page->shot.surface) * base / (PHOTO_DPI / MM_PER_INCH));
  shot_resize (&page->shot, w, h, CAIRO_FILTER_GOOD);
  if (factor != 1.0)
    shot_resize (&page->shot, (int) lround (w * factor), (int) lround (h * factor),
                 CAIRO_FILTER_BILINEAR);
  if (bordered)
    shot_add_border (&page->shot, border, colours[colour]);

  add_double (b, "scale_factor", factor, 0.01);
  json_builder_set_member_name (b, "border_px");
  if (bordered)
    {
      json_builder_begin_array (b);
      for (int k = 0; k < 4; k++)
        json_builder_add_int_value (b, border[k]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  if (page->hard)
    {
      page->jpeg_quality = g_rand_int_range (rand, 15, 31);
      add_int (b, "jpeg_quality", page->jpeg_quality);
    }
}

/* real, phone and exif: a photo of the page lying on a table. The page's corners move by up
 * to @shift of its size (a random homography), it may turn by up to @turn degrees, and the
 * photo has uneven lighting, blur, noise and JPEG compression. */
static void
make_photo (Page        *page,
            double       page_w_mm,
            double       page_h_mm,
            double       char_px,
            double       shift,
            double       turn,
            GRand       *rand,
            JsonBuilder *b)
{
  double corners[4][2] = { { 0, 0 }, { page_w_mm, 0 }, { page_w_mm, page_h_mm }, { 0, page_h_mm } };
  double src[4][2], dst[4][2];
  double angle = g_rand_double_range (rand, -turn, turn) * G_PI / 180;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double margin[4], px_per_mm, pre_px_per_mm;
  g_autoptr (cairo_surface_t) background = NULL;
  DiCapture capture = { 0 };
  Mat3 to_out;
  int out_w, out_h, w, h;

  json_builder_set_member_name (b, "corner_shift");
  json_builder_begin_array (b);
  for (int k = 0; k < 4; k++)
    {
      double x = corners[k][0] - page_w_mm / 2, y = corners[k][1] - page_h_mm / 2;
      double dx = g_rand_double_range (rand, -shift, shift);
      double dy = g_rand_double_range (rand, -shift, shift);

      dst[k][0] = x * cos (angle) - y * sin (angle) + dx * page_w_mm;
      dst[k][1] = x * sin (angle) + y * cos (angle) + dy * page_h_mm;
      min_x = MIN (min_x, dst[k][0]);
      min_y = MIN (min_y, dst[k][1]);
      max_x = MAX (max_x, dst[k][0]);
      max_y = MAX (max_y, dst[k][1]);
      json_builder_begin_array (b);
      json_builder_add_double_value (b, round (dx * 1000) / 1000);
      json_builder_add_double_value (b, round (dy * 1000) / 1000);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  add_double (b, "turn_deg", angle * 180 / G_PI, 0.01);

  /* the table around the page: 5–25% of the page's width on each side */
  for (int k = 0; k < 4; k++)
    margin[k] = g_rand_double_range (rand, 0.05, 0.25) * page_w_mm;
  px_per_mm = photo_scale (char_px, max_x - min_x + margin[0] + margin[2], 0);
  out_w = (int) lround ((max_x - min_x + margin[0] + margin[2]) * px_per_mm);
  out_h = (int) lround ((max_y - min_y + margin[1] + margin[3]) * px_per_mm);
  for (int k = 0; k < 4; k++)
    {
      dst[k][0] = (dst[k][0] - min_x + margin[0]) * px_per_mm;
      dst[k][1] = (dst[k][1] - min_y + margin[1]) * px_per_mm;
    }

  /* shrink the page first to 1.5 times the photo's scale, so that bilinear sampling in the
   * warp does not alias */
  pre_px_per_mm = MIN (PHOTO_DPI / MM_PER_INCH, px_per_mm * 1.5);
  w = (int) lround (page_w_mm * pre_px_per_mm);
  h = (int) lround (page_h_mm * pre_px_per_mm);
  shot_resize (&page->shot, w, h, CAIRO_FILTER_GOOD);
  for (int k = 0; k < 4; k++)
    {
      src[k][0] = corners[k][0] / page_w_mm * w;
      src[k][1] = corners[k][1] / page_h_mm * h;
    }
  to_out = homography (src, dst);
  background = make_background (out_w, out_h, rand, b);
  shot_warp (&page->shot, &to_out, background);

  /* the phone's optics and sensor: no placement, so the capture keeps the geometry */
  capture.blur_sigma_px = g_rand_double_range (rand, 0.3, 1.2);
  capture.noise_sigma = g_rand_double_range (rand, 2, 6);
  capture.lighting = g_rand_double_range (rand, 0.1, 0.4);
  capture.lighting_angle = g_rand_double_range (rand, 0, 2 * G_PI);
  shot_capture (&page->shot, px_per_mm * MM_PER_INCH, &capture, DI_LIGHT_WHITE,
                g_rand_int (rand));
  add_double (b, "blur_sigma_px", capture.blur_sigma_px, 0.001);
  add_double (b, "noise_sigma", capture.noise_sigma, 0.001);
  add_double (b, "lighting", capture.lighting, 0.001);
  add_double (b, "lighting_angle_deg", capture.lighting_angle * 180 / G_PI, 0.1);

  page->jpeg_quality = page->hard ? g_rand_int_range (rand, 15, 31)
                                  : g_rand_int_range (rand, 60, 91);
  add_int (b, "jpeg_quality", page->jpeg_quality);
}

/* real: a screenshot (35%), a phone photo (40%) or an EXIF-turned JPEG (25%); a tenth of
 * them hard. */
static void
make_real (Page             *page,
           const DiSpecimen *specimen,
           const Layout     *layout,
           GRand            *rand,
           JsonBuilder      *b)
{
  double pick = g_rand_double (rand);
  double char_px;

  page->hard = g_rand_double (rand) < 0.1;
  char_px = page->hard ? g_rand_double_range (rand, 8, 9) : g_rand_double_range (rand, 9, 20);
  page->light = DI_LIGHT_WHITE;
  page->shot.surface = di_specimen_render (specimen, DI_LIGHT_WHITE, PHOTO_DPI);
  page->shot.to_image = mat3_identity ();
  add_double (b, "target_char_px", char_px, 0.01);

  if (pick < 0.35)
    {
      page->subtype = "screenshot";
      make_screenshot (page, layout->page.w, char_px, rand, b);
    }
  else if (pick < 0.75)
    {
      page->subtype = "phone";
      make_photo (page, layout->page.w, layout->page.h, char_px, 0.06, 4, rand, b);
    }
  else
    {
      /* the EXIF tag is the only turn: the photo itself is square to the page */
      page->subtype = "exif";
      make_photo (page, layout->page.w, layout->page.h, char_px, 0.02, 0, rand, b);
      page->exif_orientation = g_rand_int_range (rand, 1, 9);
      page->exif_big_endian = g_rand_boolean (rand);
      add_int (b, "exif_orientation", page->exif_orientation);
      json_builder_set_member_name (b, "exif_byte_order");
      json_builder_add_string_value (b, page->exif_big_endian ? "MM" : "II");
    }
}

static gboolean
load_layout (DiDocKind   kind,
             Layout     *out,
             GError    **error)
{
  g_autoptr (GKeyFile) kf = di_specimen_layout (kind, SCAN_DPI);
  double w = g_key_file_get_double (kf, "template", "width_mm", NULL);
  double h = g_key_file_get_double (kf, "template", "height_mm", NULL);

  out->page = (RectMm) { 0, 0, w, h };
  out->format = g_key_file_get_string (kf, "template", "mrz_format", NULL);
  if (!layout_rect (kf, "mrz", "rect_mm", &out->band) || out->format == NULL || w <= 0 ||
      h <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "the %s layout has no MRZ band", di_doc_kind_to_string (kind));
      return FALSE;
    }
  if (!layout_rect (kf, "feature:mrz_ir", "rects_mm", &out->text))
    out->text = out->band;
  return TRUE;
}

static GRand *
page_rand (const Options *options,
           guint          index)
{
  guint32 words[4] = { (guint32) options->seed, (guint32) (options->seed >> 32), index,
                       options->profile };

  return g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
}

static char *
page_file_name (const Options *options,
                guint          index,
                const Page    *page)
{
  int digits = MAX (4, (int) floor (log10 (options->count)) + 1);

  return g_strdup_printf ("%0*u.%s", digits, index + 1, page->jpeg_quality > 0 ? "jpg" : "png");
}

/* The MRZ's characters as a quadrilateral in the image (clockwise from the top-left as
 * printed), the angle of its top edge and the mean character height. */
static void
add_mrz_geometry (JsonBuilder  *b,
                  const Page   *page,
                  const RectMm *text,
                  double        render_px_per_mm)
{
  double corners[4][2] = {
    { text->x, text->y }, { text->x + text->w, text->y },
    { text->x + text->w, text->y + text->h }, { text->x, text->y + text->h },
  };
  double q[4][2], left, right, rotation;

  for (int k = 0; k < 4; k++)
    mat3_apply (&page->shot.to_image, corners[k][0] * render_px_per_mm,
                corners[k][1] * render_px_per_mm, &q[k][0], &q[k][1]);
  left = hypot (q[3][0] - q[0][0], q[3][1] - q[0][1]);
  right = hypot (q[2][0] - q[1][0], q[2][1] - q[1][1]);
  rotation = atan2 (q[1][1] - q[0][1], q[1][0] - q[0][0]) * 180 / G_PI;
  if (rotation < 0)
    rotation += 360;
  if (round (rotation * 10) / 10 >= 360)
    rotation = 0;

  add_double (b, "char_height_px", (left + right) / 2 / text->h * MRZ_CHAR_MM, 0.01);
  add_double (b, "rotation", rotation, 0.1);
  json_builder_set_member_name (b, "mrz_quadrilateral");
  json_builder_begin_array (b);
  for (int k = 0; k < 4; k++)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, round (q[k][0] * 10) / 10);
      json_builder_add_double_value (b, round (q[k][1] * 10) / 10);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
}

/* Makes and writes one page; returns its truth.json entry. */
static JsonNode *
make_page (const Options  *options,
           guint           index,
           GError        **error)
{
  g_autoptr (GRand) rand = page_rand (options, index);
  DiDocKind kind = kinds[index % G_N_ELEMENTS (kinds)];
  guint64 specimen_seed = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);
  g_autoptr (DiSpecimen) specimen = di_specimen_new (kind, specimen_seed, &options->date);
  g_autoptr (JsonBuilder) deg = json_builder_new ();
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) degradations = NULL;
  g_autoptr (DiMrz) mrz = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  const char *const *lines = di_specimen_get_mrz (specimen);
  gboolean with_mrz = options->profile != PROFILE_NONE;
  double render_dpi = SCAN_DPI;
  Layout layout = { 0 };
  Page page = { 0 };
  gboolean ok;

  if (!load_layout (kind, &layout, error))
    return NULL;
  mrz = di_mrz_parse (lines, g_strv_length ((char **) lines), &options->date);

  json_builder_begin_object (deg);
  switch (options->profile)
    {
    case PROFILE_HELDOUT:
    case PROFILE_NONE:
      make_scan (&page, specimen, &layout, with_mrz, rand, deg);
      break;
    case PROFILE_REAL:
      render_dpi = PHOTO_DPI;
      make_real (&page, specimen, &layout, rand, deg);
      break;
    case PROFILE_CLEAN:
    case N_PROFILES:
    default:
      page.subtype = "clean";
      page.light = DI_LIGHT_WHITE;
      page.shot.surface = di_specimen_render (specimen, DI_LIGHT_WHITE, SCAN_DPI);
      page.shot.to_image = mat3_identity ();
      add_double (deg, "dpi", SCAN_DPI, 0.1);
      break;
    }
  json_builder_end_object (deg);
  degradations = json_builder_get_root (deg);

  name = page_file_name (options, index, &page);
  path = g_build_filename (options->out_dir, name, NULL);
  if (page.exif_orientation > 0)
    ok = save_jpeg_exif (page.shot.surface, path, page.jpeg_quality, page.exif_orientation,
                         page.exif_big_endian, error);
  else if (page.jpeg_quality > 0)
    ok = di_image_save_jpeg (page.shot.surface, path, page.jpeg_quality, error);
  else
    ok = di_image_save_png (page.shot.surface, path, error);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "file");
  json_builder_add_string_value (b, name);
  json_builder_set_member_name (b, "profile");
  json_builder_add_string_value (b, profile_names[options->profile]);
  json_builder_set_member_name (b, "subtype");
  json_builder_add_string_value (b, page.subtype);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, di_doc_kind_to_string (kind));
  json_builder_set_member_name (b, "light");
  json_builder_add_string_value (b, di_light_to_string (page.light));
  json_builder_set_member_name (b, "hard");
  json_builder_add_boolean_value (b, page.hard);
  add_int (b, "width", surface_width (page.shot.surface));
  add_int (b, "height", surface_height (page.shot.surface));
  json_builder_set_member_name (b, "format");
  if (with_mrz)
    json_builder_add_string_value (b, layout.format);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "lines");
  if (with_mrz)
    {
      json_builder_begin_array (b);
      for (guint i = 0; lines[i] != NULL; i++)
        json_builder_add_string_value (b, lines[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, di_mrz_is_valid (mrz));
      add_mrz_geometry (b, &page, &layout.text, render_dpi / MM_PER_INCH);
    }
  else
    {
      json_builder_add_null_value (b);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, FALSE);
    }
  json_builder_set_member_name (b, "degradations");
  json_builder_add_value (b, g_steal_pointer (&degradations));
  json_builder_end_object (b);

  cairo_surface_destroy (page.shot.surface);
  g_free (layout.format);
  return ok ? json_builder_get_root (b) : NULL;
}

/* --- the set ----------------------------------------------------------------------------- */

typedef struct {
  guint     index;
  JsonNode *truth;
  GError   *error;
} Job;

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  job->truth = make_page (user_data, job->index, &job->error);
}

/* A new folder, or an empty one. */
static gboolean
prepare_folder (const char  *dir,
                GError     **error)
{
  g_autoptr (GDir) listing = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "cannot create the folder %s: %s", dir, g_strerror (errsv));
      return FALSE;
    }
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return FALSE;
  if (g_dir_read_name (listing) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is not empty; give a new or empty folder", dir);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_set (const Options  *options,
          GError        **error)
{
  g_autofree Job *jobs = g_new0 (Job, options->count);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  char date[16];
  GThreadPool *pool;
  gboolean ok = TRUE;

  if (!di_specimen_check_fonts (error) || !prepare_folder (options->out_dir, error))
    return FALSE;

  pool = g_thread_pool_new (run_job, (gpointer) options,
                            options->jobs > 0 ? (int) options->jobs
                                              : (int) g_get_num_processors (),
                            TRUE, NULL);
  for (guint i = 0; i < options->count; i++)
    {
      jobs[i].index = i;
      g_thread_pool_push (pool, &jobs[i], NULL);
    }
  g_thread_pool_free (pool, FALSE, TRUE);

  g_date_strftime (date, sizeof date, "%Y-%m-%d", &options->date);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "generator");
  json_builder_add_string_value (b, "make-mrz-set (docinspect " PACKAGE_VERSION ")");
  json_builder_set_member_name (b, "profile");
  json_builder_add_string_value (b, profile_names[options->profile]);
  add_int (b, "count", options->count);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) options->seed);
  json_builder_set_member_name (b, "reference_date");
  json_builder_add_string_value (b, date);
  json_builder_set_member_name (b, "images");
  json_builder_begin_array (b);
  for (guint i = 0; i < options->count; i++)
    {
      if (jobs[i].error != NULL && ok)
        {
          g_propagate_error (error, g_steal_pointer (&jobs[i].error));
          ok = FALSE;
        }
      if (jobs[i].truth != NULL)
        json_builder_add_value (b, g_steal_pointer (&jobs[i].truth));
      g_clear_error (&jobs[i].error);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  if (!ok)
    return FALSE;

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  path = g_build_filename (options->out_dir, "truth.json", NULL);
  return g_file_set_contents (path, text, -1, error);
}

/* --- options ----------------------------------------------------------------------------- */

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("make-mrz-set: %s\n", message);
  return 2;
}

static gboolean
parse_date (const char *text,
            GDate      *out)
{
  int y, m, d;
  char tail;

  g_date_clear (out, 1);
  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *out_dir = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *date = NULL;
  gint count = 120, jobs = 0;
  const GOptionEntry entries[] = {
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out_dir, "Write the set into this new folder", "DIR" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Number of pages (default 120)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Seed of every choice (default 1)", "S" },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &profile,
      "heldout (default), real, clean or none", "P" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      "The specimens' reference date (default " DEFAULT_DATE ")", "YYYY-MM-DD" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, "Threads (default: one per processor)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- page images with known MRZs");
  g_autoptr (GError) error = NULL;
  Options options = { 0 };
  guint64 seed_value = 1;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Writes page images of Utopia documents and their "
                                "truth.json, for bench/bench-mrz-read (see bench/README.md).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);
  if (argc > 1)
    return fail ("unexpected argument '%s' (see --help)", argv[1]);
  if (out_dir == NULL || *out_dir == '\0')
    return fail ("give the folder to write with --out DIR");
  if (count < 1 || count > MAX_COUNT)
    return fail ("--count wants a number from 1 to %d", MAX_COUNT);
  if (jobs < 0 || jobs > MAX_JOBS)
    return fail ("--jobs wants a number from 0 (one per processor) to %d", MAX_JOBS);
  if (seed != NULL && !g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT64, &seed_value, NULL))
    return fail ("--seed wants a whole number from 0 to %" G_GUINT64_FORMAT, G_MAXUINT64);

  options.profile = N_PROFILES;
  for (int p = 0; p < N_PROFILES; p++)
    if (g_strcmp0 (profile != NULL ? profile : "heldout", profile_names[p]) == 0)
      options.profile = p;
  if (options.profile == N_PROFILES)
    return fail ("unknown profile '%s' (heldout, real, clean or none)", profile);
  if (!parse_date (date != NULL ? date : DEFAULT_DATE, &options.date))
    return fail ("--date wants a calendar date as YYYY-MM-DD");

  options.out_dir = out_dir;
  options.count = count;
  options.seed = seed_value;
  options.jobs = jobs;
  if (!make_set (&options, &error))
    return fail ("%s", error->message);
  g_print ("%u %s pages and truth.json in %s\n", options.count, profile_names[options.profile],
           options.out_dir);
  return 0;
}
