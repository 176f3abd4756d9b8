/* test-face.c — procedural portraits and Utopia's emblems: parameters, looks, boxes, variety */
#include "config.h"

#include <math.h>
#include <string.h>

#include "di-face.h"

#define MM_PER_INCH 25.4
#define PHOTO_W_MM 35.0
#define PHOTO_H_MM 45.0

/* Pixels of a 35 × 45 mm photo at @dpi. */
static int
photo_px (double mm,
          double dpi)
{
  return (int) lround (mm * dpi / MM_PER_INCH);
}

/* A surface of @format filled with @fill (or left transparent when @fill is NULL), with the
 * face drawn in the box @x, @y, @w, @h (device pixels). */
static cairo_surface_t *
render_face_in (const DiFace  *face,
                DiFaceLook     look,
                cairo_format_t format,
                int            width,
                int            height,
                const double  *fill,
                double         x,
                double         y,
                double         w,
                double         h)
{
  cairo_surface_t *surface = cairo_image_surface_create (format, width, height);
  cairo_t *cr = cairo_create (surface);

  if (fill != NULL)
    {
      cairo_set_source_rgb (cr, fill[0], fill[1], fill[2]);
      cairo_paint (cr);
    }
  di_face_draw (cr, face, look, x, y, w, h);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The face filling a photo-sized RGB24 surface at @dpi. */
static cairo_surface_t *
render_face (const DiFace *face,
             DiFaceLook    look,
             double        dpi)
{
  static const double white[3] = { 1.0, 1.0, 1.0 };
  int w = photo_px (PHOTO_W_MM, dpi);
  int h = photo_px (PHOTO_H_MM, dpi);

  return render_face_in (face, look, CAIRO_FORMAT_RGB24, w, h, white, 0, 0, w, h);
}

static const guint32 *
pixel_row (cairo_surface_t *surface,
           int              y)
{
  return (const guint32 *) (cairo_image_surface_get_data (surface) +
                            y * cairo_image_surface_get_stride (surface));
}

/* Rec. 709 luminance of a pixel, 0–1 (premultiplied channels: over black for ARGB32). */
static double
pixel_luminance (guint32 px)
{
  return (0.2126 * ((px >> 16) & 0xff) + 0.7152 * ((px >> 8) & 0xff) +
          0.0722 * (px & 0xff)) / 255.0;
}

/* Mean luminance over the columns [x0, x1) of the whole surface. */
static double
mean_luminance (cairo_surface_t *surface,
                int              x0,
                int              x1)
{
  int h = cairo_image_surface_get_height (surface);
  double sum = 0;

  for (int y = 0; y < h; y++)
    {
      const guint32 *row = pixel_row (surface, y);

      for (int x = x0; x < x1; x++)
        sum += pixel_luminance (row[x]);
    }
  return sum / ((double) h * (x1 - x0));
}

/* Mean absolute difference of the colour channels of two surfaces of one size, 0–1. */
static double
mean_abs_difference (cairo_surface_t *a,
                     cairo_surface_t *b)
{
  int w = cairo_image_surface_get_width (a);
  int h = cairo_image_surface_get_height (a);
  guint64 sum = 0;

  g_assert_cmpint (w, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  for (int y = 0; y < h; y++)
    {
      const guint32 *ra = pixel_row (a, y);
      const guint32 *rb = pixel_row (b, y);

      for (int x = 0; x < w; x++)
        for (int shift = 0; shift <= 16; shift += 8)
          sum += ABS ((int) ((ra[x] >> shift) & 0xff) - (int) ((rb[x] >> shift) & 0xff));
    }
  return sum / (3.0 * 255.0 * w * h);
}

static gboolean
surfaces_equal (cairo_surface_t *a,
                cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  return cairo_image_surface_get_width (a) == cairo_image_surface_get_width (b) &&
         h == cairo_image_surface_get_height (b) &&
         stride == cairo_image_surface_get_stride (b) &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (gsize) stride * h) == 0;
}

/* Faces covering every style, glasses and beard, from a seeded generator. */
static void
sample_faces (DiFace *faces,
              guint   n,
              guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      di_face_random (&faces[i], rand);
      faces[i].hair_style = i % 5;
      faces[i].glasses = i % 3 == 0;
      faces[i].beard = i % 4 == 1;
    }
}

static void
test_random_reproducible (void)
{
  g_autoptr (GRand) a = g_rand_new_with_seed (1234);
  g_autoptr (GRand) b = g_rand_new_with_seed (1234);

  for (guint i = 0; i < 50; i++)
    {
      DiFace fa, fb;

      memset (&fa, 0, sizeof fa);
      memset (&fb, 0, sizeof fb);
      di_face_random (&fa, a);
      di_face_random (&fb, b);
      g_assert_true (memcmp (&fa, &fb, sizeof fa) == 0);
    }
  /* Both generators were used alike: they are still in step. */
  g_assert_cmpuint (g_rand_int (a), ==, g_rand_int (b));
}

static void
test_random_ranges (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (99);
  const guint n = 3000;
  guint glasses = 0, beards = 0, styles[5] = { 0 };
  guint dark_hair = 0, light_hair = 0, red_hair = 0, grey_hair = 0;
  double skin_min = 1, skin_max = 0;

  for (guint i = 0; i < n; i++)
    {
      DiFace f;
      double skin_l, hair_l;

      di_face_random (&f, rand);
      for (guint k = 0; k < 3; k++)
        {
          g_assert_cmpfloat (f.skin[k], >=, 0.0);
          g_assert_cmpfloat (f.skin[k], <=, 1.0);
          g_assert_cmpfloat (f.hair[k], >=, 0.0);
          g_assert_cmpfloat (f.hair[k], <=, 1.0);
          g_assert_cmpfloat (f.shirt[k], >=, 0.0);
          g_assert_cmpfloat (f.shirt[k], <=, 1.0);
          g_assert_cmpfloat (f.eye_colour[k], >=, 0.0);
          g_assert_cmpfloat (f.eye_colour[k], <=, 1.0);
        }
      /* A photo's backdrop is plain and light. */
      g_assert_cmpfloat (0.2126 * f.background[0] + 0.7152 * f.background[1] +
                         0.0722 * f.background[2], >, 0.75);
      /* ICAO 9303: chin to crown 70–80 % of the photo's height. */
      g_assert_cmpfloat (f.head_height, >=, 0.70);
      g_assert_cmpfloat (f.head_height, <=, 0.80);
      g_assert_cmpfloat (f.head_width, >, 0.5);
      g_assert_cmpfloat (f.head_width, <, 0.75);
      g_assert_cmpfloat (f.jaw, >=, 0.0);
      g_assert_cmpfloat (f.jaw, <=, 1.0);
      g_assert_cmpint (f.hair_style, >=, 0);
      g_assert_cmpint (f.hair_style, <=, 4);

      skin_l = 0.2126 * f.skin[0] + 0.7152 * f.skin[1] + 0.0722 * f.skin[2];
      hair_l = 0.2126 * f.hair[0] + 0.7152 * f.hair[1] + 0.0722 * f.hair[2];
      skin_min = MIN (skin_min, skin_l);
      skin_max = MAX (skin_max, skin_l);
      dark_hair += hair_l < 0.12;
      light_hair += hair_l > 0.6 && f.hair[0] > f.hair[2] + 0.2;      /* blond */
      grey_hair += hair_l > 0.45 && fabs (f.hair[0] - f.hair[2]) < 0.06;
      red_hair += f.hair[0] > 2 * f.hair[1];
      styles[f.hair_style]++;
      glasses += f.glasses;
      beards += f.beard;
    }

  /* Skin across the human range, from very dark to very light. */
  g_assert_cmpfloat (skin_min, <, 0.25);
  g_assert_cmpfloat (skin_max, >, 0.80);
  g_assert_cmpuint (dark_hair, >, n / 10);
  g_assert_cmpuint (light_hair, >, n / 50);
  g_assert_cmpuint (grey_hair, >, n / 50);
  g_assert_cmpuint (red_hair, >, n / 100);
  for (guint s = 0; s < 5; s++)
    g_assert_cmpuint (styles[s], >, n / 20);
  /* About 20 % wear glasses, about 15 % have a beard. */
  g_assert_cmpuint (glasses, >, n * 0.17);
  g_assert_cmpuint (glasses, <, n * 0.23);
  g_assert_cmpuint (beards, >, n * 0.12);
  g_assert_cmpuint (beards, <, n * 0.18);
}

static void
test_draw_deterministic (void)
{
  DiFace faces[5];

  sample_faces (faces, G_N_ELEMENTS (faces), 7);
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    for (DiFaceLook look = DI_FACE_WHITE; look <= DI_FACE_GHOST; look++)
      {
        cairo_surface_t *a = render_face (&faces[i], look, 150);
        cairo_surface_t *b = render_face (&faces[i], look, 150);

        g_assert_true (surfaces_equal (a, b));
        cairo_surface_destroy (a);
        cairo_surface_destroy (b);
      }
}

/* Different faces must differ by more than the same face does from itself moved by one
 * pixel at 150 dpi (0.17 mm, which changes nobody): about 0.012 in these drawings. The
 * threshold, 0.02, is a mean difference of 5 levels in 255 over the whole photo, checked
 * below to lie above the shift. (Over seeds 1–300, the closest of 190 pairs never came
 * below 0.036.) */
#define VARIETY_THRESHOLD 0.02

static void
test_draw_variety (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20260101);
  static const double white[3] = { 1.0, 1.0, 1.0 };
  cairo_surface_t *surfaces[20];
  DiFace faces[20];
  double closest = 1.0;

  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      di_face_random (&faces[i], rand);
      surfaces[i] = render_face (&faces[i], DI_FACE_WHITE, 150);
    }

  /* The same face, one pixel to the right, stays below the threshold. */
  for (guint i = 0; i < 3; i++)
    {
      int w = cairo_image_surface_get_width (surfaces[i]);
      int h = cairo_image_surface_get_height (surfaces[i]);
      cairo_surface_t *moved = render_face_in (&faces[i], DI_FACE_WHITE, CAIRO_FORMAT_RGB24,
                                               w, h, white, 1, 0, w, h);
      double shift = mean_abs_difference (surfaces[i], moved);

      g_test_message ("face %u moved by a pixel: %.4f", i, shift);
      g_assert_cmpfloat (shift, >, 0.0);
      g_assert_cmpfloat (shift, <, VARIETY_THRESHOLD);
      cairo_surface_destroy (moved);
    }

  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (faces); j++)
      {
        double d = mean_abs_difference (surfaces[i], surfaces[j]);

        closest = MIN (closest, d);
        if (d <= VARIETY_THRESHOLD)
          g_test_message ("faces %u and %u differ by only %.4f", i, j, d);
        g_assert_cmpfloat (d, >, VARIETY_THRESHOLD);
      }
  g_test_message ("closest pair: %.4f", closest);
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    cairo_surface_destroy (surfaces[i]);
}

static void
test_look_ir_grey (void)
{
  DiFace faces[10];

  sample_faces (faces, G_N_ELEMENTS (faces), 11);
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      cairo_surface_t *ir = render_face (&faces[i], DI_FACE_IR, 150);
      cairo_surface_t *colour = render_face (&faces[i], DI_FACE_WHITE, 150);
      int w = cairo_image_surface_get_width (ir);
      int h = cairo_image_surface_get_height (ir);
      double forehead, forehead_ir;
      guint dark = 0;

      for (int y = 0; y < h; y++)
        {
          const guint32 *row = pixel_row (ir, y);

          for (int x = 0; x < w; x++)
            {
              guint r = (row[x] >> 16) & 0xff, g = (row[x] >> 8) & 0xff, b = row[x] & 0xff;

              g_assert_cmpuint (r, ==, g);
              g_assert_cmpuint (g, ==, b);
              dark += r < 80;
            }
        }
      /* Pupils, lash lines and (most) hair come out dark; the backdrop in the top corner
       * stays light, and so does the skin in the middle of the forehead. */
      g_assert_cmpuint (dark, >, 0);
      g_assert_cmpfloat (pixel_luminance (pixel_row (ir, 2)[2]), >, 0.8);
      forehead_ir = pixel_luminance (pixel_row (ir, (int) (h * 0.31))[w / 2]);
      forehead = pixel_luminance (pixel_row (colour, (int) (h * 0.31))[w / 2]);
      g_assert_cmpfloat (forehead_ir, >, 0.6);
      /* Not just a grey copy: a dark skin is light under IR. */
      if (forehead < 0.4)
        g_assert_cmpfloat (forehead_ir, >, forehead + 0.2);
      cairo_surface_destroy (ir);
      cairo_surface_destroy (colour);
    }
}

static void
test_look_uv_dark (void)
{
  DiFace faces[10];

  sample_faces (faces, G_N_ELEMENTS (faces), 12);
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      cairo_surface_t *uv = render_face (&faces[i], DI_FACE_UV, 150);
      int w = cairo_image_surface_get_width (uv);
      int h = cairo_image_surface_get_height (uv);
      double lo = 1, hi = 0, mean = mean_luminance (uv, 0, w);

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            double l = pixel_luminance (pixel_row (uv, y)[x]);

            lo = MIN (lo, l);
            hi = MAX (hi, l);
          }
      g_test_message ("UV face %u: mean %.3f, range %.3f to %.3f", i, mean, lo, hi);
      g_assert_cmpfloat (mean, <, 0.1);
      /* Faint, but there is a picture. */
      g_assert_cmpfloat (hi, <, 0.15);
      g_assert_cmpfloat (hi - lo, >, 0.03);
      cairo_surface_destroy (uv);
    }
}

static void
test_look_ghost (void)
{
  DiFace faces[10];

  sample_faces (faces, G_N_ELEMENTS (faces), 13);
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    {
      int w = photo_px (PHOTO_W_MM, 150);
      int h = photo_px (PHOTO_H_MM, 150);
      cairo_surface_t *colour = render_face (&faces[i], DI_FACE_WHITE, 150);
      cairo_surface_t *ghost = render_face (&faces[i], DI_FACE_GHOST, 150);
      cairo_surface_t *alone = render_face_in (&faces[i], DI_FACE_GHOST, CAIRO_FORMAT_ARGB32,
                                               w, h, NULL, 0, 0, w, h);
      guint see_through = 0, inked = 0;
      double lo = 1, hi = 0;

      /* On a white page the ghost is lighter than the photo, and of low contrast. */
      g_assert_cmpfloat (mean_luminance (ghost, 0, w), >, mean_luminance (colour, 0, w));
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            guint32 px = pixel_row (ghost, y)[x];
            double l = pixel_luminance (px);

            /* Monochrome. */
            g_assert_cmpuint ((px >> 16) & 0xff, ==, (px >> 8) & 0xff);
            g_assert_cmpuint ((px >> 8) & 0xff, ==, px & 0xff);
            lo = MIN (lo, l);
            hi = MAX (hi, l);
          }
      g_assert_cmpfloat (lo, >, 0.45);
      g_assert_cmpfloat (hi - lo, <, 0.55);
      g_assert_cmpfloat (hi - lo, >, 0.1);

      /* Alone, what is under it shows through: the backdrop is not drawn, the rest is
       * translucent. */
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            guint alpha = pixel_row (alone, y)[x] >> 24;

            see_through += alpha < 255;
            inked += alpha > 0;
          }
      g_assert_cmpuint (see_through, ==, (guint) (w * h));
      g_assert_cmpuint (inked, >, (guint) (w * h) / 3);
      g_assert_cmpuint (pixel_row (alone, 2)[2] >> 24, ==, 0);

      cairo_surface_destroy (colour);
      cairo_surface_destroy (ghost);
      cairo_surface_destroy (alone);
    }
}

/* Counts the pixels of a transparent ARGB32 surface that have any ink: those entirely
 * outside the box (x, y, w, h) in @outside, those inside in @inside. Pixels the box's edge
 * crosses are neither. */
static void
count_ink (cairo_surface_t *surface,
           double           x,
           double           y,
           double           w,
           double           h,
           guint           *inside,
           guint           *outside)
{
  int sw = cairo_image_surface_get_width (surface);
  int sh = cairo_image_surface_get_height (surface);

  *inside = *outside = 0;
  for (int py = 0; py < sh; py++)
    for (int px = 0; px < sw; px++)
      {
        guint alpha = pixel_row (surface, py)[px] >> 24;
        gboolean out = px + 1 <= x || px >= x + w || py + 1 <= y || py >= y + h;
        gboolean in = px >= x && px + 1 <= x + w && py >= y && py + 1 <= y + h;

        if (alpha == 0)
          continue;
        if (out)
          (*outside)++;
        else if (in)
          (*inside)++;
      }
}

static void
test_draw_inside_box (void)
{
  const double x = 40.3, y = 25.7, w = 207.4, h = 266.6;
  DiFace faces[5];

  sample_faces (faces, G_N_ELEMENTS (faces), 14);
  /* Hair, shoulders and glasses reach the edges; none may cross them. */
  faces[1].head_width = 0.68;
  faces[1].head_height = 0.78;
  for (guint i = 0; i < G_N_ELEMENTS (faces); i++)
    for (DiFaceLook look = DI_FACE_WHITE; look <= DI_FACE_GHOST; look++)
      {
        cairo_surface_t *s = render_face_in (&faces[i], look, CAIRO_FORMAT_ARGB32, 300, 340,
                                             NULL, x, y, w, h);
        guint inside, outside;

        count_ink (s, x, y, w, h, &inside, &outside);
        g_assert_cmpuint (outside, ==, 0);
        if (look != DI_FACE_GHOST)
          g_assert_cmpuint (inside, ==, (guint) (floor (x + w) - ceil (x)) *
                                        (guint) (floor (y + h) - ceil (y)));
        else
          g_assert_cmpuint (inside, >, 0);
        cairo_surface_destroy (s);
      }
}

static void
test_draw_other_boxes (void)
{
  DiFace face;

  sample_faces (&face, 1, 15);
  /* A wide and a tall box: the portrait keeps its proportions, the box is filled. */
  for (guint k = 0; k < 2; k++)
    {
      double w = k == 0 ? 300 : 120, h = k == 0 ? 150 : 300;
      cairo_surface_t *s = render_face_in (&face, DI_FACE_WHITE, CAIRO_FORMAT_ARGB32, 340, 340,
                                           NULL, 10, 10, w, h);
      guint inside, outside;

      count_ink (s, 10, 10, w, h, &inside, &outside);
      g_assert_cmpuint (outside, ==, 0);
      g_assert_cmpuint (inside, ==, (guint) (w * h));
      cairo_surface_destroy (s);
    }
  /* An empty box draws nothing. */
  {
    cairo_surface_t *s = render_face_in (&face, DI_FACE_WHITE, CAIRO_FORMAT_ARGB32, 50, 50,
                                         NULL, 10, 10, 0, 30);
    guint inside, outside;

    count_ink (s, 0, 0, 50, 50, &inside, &outside);
    g_assert_cmpuint (inside, ==, 0);
    cairo_surface_destroy (s);
  }
}

static void
test_draw_symmetric (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (16);

  for (guint i = 0; i < 25; i++)
    {
      DiFace face;
      cairo_surface_t *s;
      double left, right;
      int w;

      di_face_random (&face, rand);
      face.hair_style = i % 5;          /* the parted style is the least symmetric */
      s = render_face (&face, DI_FACE_WHITE, 150);
      w = cairo_image_surface_get_width (s);
      left = mean_luminance (s, 0, w / 2);
      right = mean_luminance (s, w - w / 2, w);
      g_test_message ("face %u (style %d): left %.3f, right %.3f", i, face.hair_style, left,
                      right);
      g_assert_cmpfloat (fabs (left - right), <, 0.15 * MAX (left, right));
      cairo_surface_destroy (s);
    }
}

/* The photo is laid out like a passport photo: the crown of a bald head where ICAO puts
 * it, chin to crown the fraction of the height the parameters say. */
static void
test_draw_layout (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  DiFace face;
  cairo_surface_t *s;
  const guint32 *row;
  int w, h, crown = -1;
  guint32 backdrop;

  di_face_random (&face, rand);
  face.hair_style = 2;
  face.glasses = FALSE;
  face.beard = FALSE;
  face.head_height = 0.75;
  s = render_face (&face, DI_FACE_WHITE, 300);
  w = cairo_image_surface_get_width (s);
  h = cairo_image_surface_get_height (s);

  /* Down the centre line from the top: the backdrop ends at the crown. */
  backdrop = pixel_row (s, 0)[w / 2];
  for (int y = 0; y < h && crown < 0; y++)
    {
      guint32 px = pixel_row (s, y)[w / 2];

      for (int shift = 0; shift <= 16; shift += 8)
        if (ABS ((int) ((px >> shift) & 0xff) - (int) ((backdrop >> shift) & 0xff)) > 40)
          crown = y;
    }
  g_assert_cmpint (crown, >, h * 0.04);
  g_assert_cmpint (crown, <, h * 0.15);
  /* The eyes, near the middle of the head, are dark at their pupils: look for them. */
  {
    double darkest = 1.0;
    int eye_row = -1;

    for (int y = crown; y < crown + h * 0.75; y++)
      {
        row = pixel_row (s, y);
        for (int x = w / 4; x < w / 2; x++)
          if (pixel_luminance (row[x]) < darkest)
            {
              darkest = pixel_luminance (row[x]);
              eye_row = y;
            }
      }
    g_assert_cmpfloat (darkest, <, 0.2);
    /* ICAO: eyes between 50 % and 70 % of the height from the bottom. */
    g_assert_cmpint (eye_row, >, h * 0.30);
    g_assert_cmpint (eye_row, <, h * 0.50);
  }
  cairo_surface_destroy (s);
}

static cairo_surface_t *
render_emblem (gboolean      arms,
               guint32       seed,
               double        x,
               double        y,
               double        w,
               double        h,
               const double  rgba[4])
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);

  if (arms)
    di_emblem_draw_arms (cr, x + w / 2, y + h / 2, h, rgba);
  else
    di_emblem_draw_signature (cr, seed, x, y, w, h, rgba);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_emblem_arms (void)
{
  static const double ink[4] = { 0.4, 0.1, 0.3, 1.0 };
  static const double faint[4] = { 0.4, 0.1, 0.3, 0.5 };
  /* 15 mm at 300 dpi: 177 pixels. */
  const double size = 15 * 300 / MM_PER_INCH;
  const double x = 100.5, y = 60.25;
  cairo_surface_t *s = render_emblem (TRUE, 0, x, y, size, size, ink);
  cairo_surface_t *t = render_emblem (TRUE, 0, x, y, size, size, faint);
  guint inside, outside, transitions = 0;
  gboolean was_on = FALSE;
  guint max_alpha = 0;

  count_ink (s, x, y, size, size, &inside, &outside);
  g_assert_cmpuint (outside, ==, 0);
  /* Line work: a real part of the square is inked, most of it is not. */
  g_assert_cmpfloat (inside, >, 0.12 * size * size);
  g_assert_cmpfloat (inside, <, 0.5 * size * size);

  /* Fine detail: across the middle of the upper half (the rays and the tower) the pen goes
   * on and off many times. */
  for (int px = (int) x; px < x + size; px++)
    {
      gboolean on = (pixel_row (s, (int) (y + size * 0.42))[px] >> 24) > 128;

      transitions += on != was_on;
      was_on = on;
    }
  g_assert_cmpuint (transitions, >=, 12);

  /* One colour, and a translucent one does not darken where shapes overlap. */
  for (int py = 0; py < cairo_image_surface_get_height (t); py++)
    for (int px = 0; px < cairo_image_surface_get_width (t); px++)
      max_alpha = MAX (max_alpha, pixel_row (t, py)[px] >> 24);
  g_assert_cmpuint (max_alpha, <=, 128);
  g_assert_cmpuint (max_alpha, >=, 126);
  cairo_surface_destroy (s);
  cairo_surface_destroy (t);
}

static void
test_emblem_signature (void)
{
  static const double ink[4] = { 0.1, 0.1, 0.4, 1.0 };
  const double x = 30.5, y = 40.5, w = 295.3, h = 106.3;     /* 25 × 9 mm at 300 dpi */
  cairo_surface_t *previous = NULL;

  for (guint32 seed = 1; seed <= 20; seed++)
    {
      cairo_surface_t *s = render_emblem (FALSE, seed, x, y, w, h, ink);
      cairo_surface_t *again = render_emblem (FALSE, seed, x, y, w, h, ink);
      guint inside, outside, columns = 0;

      count_ink (s, x, y, w, h, &inside, &outside);
      g_assert_cmpuint (outside, ==, 0);
      /* Strokes, not a blot: some ink, mostly paper. */
      g_assert_cmpfloat (inside, >, 0.03 * w * h);
      g_assert_cmpfloat (inside, <, 0.35 * w * h);
      /* It spans most of the box's width. */
      for (int px = (int) x; px < x + w; px++)
        for (int py = (int) y; py < y + h; py++)
          if (pixel_row (s, py)[px] >> 24)
            {
              columns++;
              break;
            }
      g_test_message ("signature %u: %.0f %% of the width", seed, 100.0 * columns / w);
      g_assert_cmpfloat (columns, >, 0.6 * w);

      g_assert_true (surfaces_equal (s, again));
      if (previous != NULL)
        g_assert_false (surfaces_equal (s, previous));
      g_clear_pointer (&previous, cairo_surface_destroy);
      previous = s;
      cairo_surface_destroy (again);
    }
  cairo_surface_destroy (previous);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/face/random/reproducible", test_random_reproducible);
  g_test_add_func ("/face/random/ranges", test_random_ranges);
  g_test_add_func ("/face/draw/deterministic", test_draw_deterministic);
  g_test_add_func ("/face/draw/variety", test_draw_variety);
  g_test_add_func ("/face/draw/inside-box", test_draw_inside_box);
  g_test_add_func ("/face/draw/other-boxes", test_draw_other_boxes);
  g_test_add_func ("/face/draw/symmetric", test_draw_symmetric);
  g_test_add_func ("/face/draw/layout", test_draw_layout);
  g_test_add_func ("/face/look/ir-grey", test_look_ir_grey);
  g_test_add_func ("/face/look/uv-dark", test_look_uv_dark);
  g_test_add_func ("/face/look/ghost", test_look_ghost);
  g_test_add_func ("/face/emblem/arms", test_emblem_arms);
  g_test_add_func ("/face/emblem/signature", test_emblem_signature);

  return g_test_run ();
}
