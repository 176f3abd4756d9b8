/* di-face.c — procedural passport portraits and Utopia's emblems for the specimen generator
 *
 * The faces are vector drawings made from a handful of random parameters, laid out like an
 * ICAO 9303 portrait (frontal, head and shoulders, chin to crown 70–80 % of the photo height).
 * No image of a person goes in, so no person can come out.
 */
#define G_LOG_DOMAIN "di-face"

#include "config.h"

#include <math.h>
#include <string.h>

#include "di-face.h"

/* The portrait is laid out in a frame of the ICAO proportions (35 × 45 mm), in units of the
 * frame's height; a box of another shape gets the largest such frame, centred, and the
 * backdrop and shoulders fill the rest. */
#define FRAME_ASPECT (35.0 / 45.0)

/* What a colour belongs to decides how it looks under IR, UV and in the ghost image. */
typedef enum {
  TONE_SKIN,
  TONE_LIP,
  TONE_HAIR,
  TONE_IRIS,
  TONE_SCLERA,
  TONE_DARK,        /* pupils, lash lines, nostrils, the mouth line */
  TONE_SHIRT,
  TONE_BACKDROP,
  TONE_FRAME,       /* spectacle frames */
} Tone;

typedef struct {
  cairo_t      *cr;
  const DiFace *face;
  DiFaceLook    look;

  /* Geometry in frame units (frame height = 1) */
  double        cx;          /* the face's centre line */
  double        top;         /* crown */
  double        hh;          /* chin to crown */
  double        a;           /* half the head's width */
  double        eye_y;
  double        eye_dx;      /* centre line to the centre of an eye */
  double        eye_w;
  double        eye_h;
  double        brow_y;
  double        nose_y;      /* bottom of the nose */
  double        mouth_y;
  double        neck_w;      /* half the neck's width */

  /* Colours, as in white light; mapped per look when used */
  double        skin_shade[3];
  double        skin_light[3];
  double        skin_deep[3];
  double        lip[3];
  double        brow[3];
  double        hair_dark[3];
  double        hair_light[3];
  double        shirt_shade[3];
  double        collar[3];
  double        frame_colour[3];
} Painter;

static const double white[3] = { 1.0, 1.0, 1.0 };
static const double ink[3] = { 0.05, 0.04, 0.04 };
static const double sclera[3] = { 0.93, 0.92, 0.90 };

static double
luminance (const double c[3])
{
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

static void
mix (const double a[3],
     const double b[3],
     double       t,
     double       out[3])
{
  for (guint i = 0; i < 3; i++)
    out[i] = a[i] + (b[i] - a[i]) * t;
}

static void
scale_rgb (const double c[3],
           double       r,
           double       g,
           double       b,
           double       out[3])
{
  out[0] = CLAMP (c[0] * r, 0.0, 1.0);
  out[1] = CLAMP (c[1] * g, 0.0, 1.0);
  out[2] = CLAMP (c[2] * b, 0.0, 1.0);
}

/* The colour @in of @tone as the look shows it. IR and ghost give exact greys (r = g = b),
 * so a grey rendering stays grey through antialiasing and gradients. */
static void
painter_tone (const Painter *p,
              Tone           tone,
              const double   in[3],
              double         out[3])
{
  double l = luminance (in);
  double v;

  switch (p->look)
    {
    case DI_FACE_IR:
      /* A B900 portrait: skin light and even whatever its colour, eyes and dark hair dark. */
      switch (tone)
        {
        case TONE_SKIN:
          v = 0.80 + 0.45 * (l - luminance (p->face->skin));
          break;
        case TONE_LIP:
          v = 0.74 + 0.45 * (l - luminance (p->face->skin));
          break;
        case TONE_HAIR:
          v = 0.10 + 0.75 * l * l;
          break;
        case TONE_IRIS:
          v = 0.14 + 0.20 * l;
          break;
        case TONE_SCLERA:
          v = 0.88 * l;
          break;
        case TONE_DARK:
          v = 0.05 + 0.5 * l;
          break;
        case TONE_SHIRT:
          v = 0.48 + 0.25 * (l - 0.35);
          break;
        case TONE_BACKDROP:
          v = 0.90 + 0.3 * (l - 0.88);
          break;
        case TONE_FRAME:
        default:
          v = 0.12 + 0.3 * l;
          break;
        }
      v = CLAMP (v, 0.0, 1.0);
      out[0] = out[1] = out[2] = v;
      break;

    case DI_FACE_UV:
      /* The photo does not fluoresce: only a faint violet-lit trace of its tones. */
      v = 0.012 + 0.075 * l;
      out[0] = v * 0.85;
      out[1] = v * 0.78;
      out[2] = v * 1.30;
      break;

    case DI_FACE_GHOST:
      /* Light, low-contrast grey; the backdrop is not drawn at all. */
      v = 0.40 + 0.55 * l;
      out[0] = out[1] = out[2] = v;
      break;

    case DI_FACE_WHITE:
    default:
      out[0] = in[0];
      out[1] = in[1];
      out[2] = in[2];
      break;
    }
}

static void
set_tone (const Painter *p,
          Tone           tone,
          const double   rgb[3],
          double         alpha)
{
  double c[3];

  painter_tone (p, tone, rgb, c);
  cairo_set_source_rgba (p->cr, c[0], c[1], c[2], alpha);
}

static void
add_stop (const Painter   *p,
          cairo_pattern_t *pattern,
          double           offset,
          Tone             tone,
          const double     rgb[3],
          double           alpha)
{
  double c[3];

  painter_tone (p, tone, rgb, c);
  cairo_pattern_add_color_stop_rgba (pattern, offset, c[0], c[1], c[2], alpha);
}

/* Fills the current path with @pattern and drops the pattern. */
static void
fill_pattern (const Painter   *p,
              cairo_pattern_t *pattern,
              gboolean         preserve)
{
  cairo_set_source (p->cr, pattern);
  if (preserve)
    cairo_fill_preserve (p->cr);
  else
    cairo_fill (p->cr);
  cairo_pattern_destroy (pattern);
}

/* A radial pattern over the ellipse with centre @x, @y and radii @rx, @ry (offsets 0 … 1). */
static cairo_pattern_t *
ellipse_pattern (double x,
                 double y,
                 double rx,
                 double ry)
{
  cairo_pattern_t *pattern = cairo_pattern_create_radial (0, 0, 0, 0, 0, 1);
  cairo_matrix_t m;

  /* The pattern's matrix maps user space to pattern space. */
  cairo_matrix_init_scale (&m, 1 / rx, 1 / ry);
  cairo_matrix_translate (&m, -x, -y);
  cairo_pattern_set_matrix (pattern, &m);
  return pattern;
}

/* A soft round spot of colour, fading to nothing at radius @r (an ellipse through @sx, @sy). */
static void
soft_spot (const Painter *p,
           Tone           tone,
           const double   rgb[3],
           double         alpha,
           double         x,
           double         y,
           double         r,
           double         sx,
           double         sy)
{
  cairo_t *cr = p->cr;
  cairo_pattern_t *pattern = cairo_pattern_create_radial (0, 0, 0, 0, 0, 1);

  add_stop (p, pattern, 0.0, tone, rgb, alpha);
  add_stop (p, pattern, 0.5, tone, rgb, alpha * 0.55);
  add_stop (p, pattern, 1.0, tone, rgb, 0.0);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, r * sx, r * sy);
  cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
  cairo_set_source (cr, pattern);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
}

/* Head-relative coordinates: u across in half head widths from the centre line (positive to
 * the picture's right), t down in head heights from the crown. */
static double
hx (const Painter *p,
    double         u)
{
  return p->cx + u * p->a;
}

static double
hy (const Painter *p,
    double         t)
{
  return p->top + t * p->hh;
}

/* Curves in head coordinates: @pts holds a start point (u, t) and @n cubic segments of three
 * points each. Forward traces them from the start, the current point being there already;
 * backward traces them back from the last point to the start. @mirror is 1, or -1 for the
 * mirror image across the centre line. */
static void
curve_forward (const Painter *p,
               const double  *pts,
               guint          n,
               int            mirror)
{
  for (guint i = 0; i < n; i++)
    {
      const double *s = pts + 2 + 6 * i;

      cairo_curve_to (p->cr, hx (p, mirror * s[0]), hy (p, s[1]), hx (p, mirror * s[2]),
                      hy (p, s[3]), hx (p, mirror * s[4]), hy (p, s[5]));
    }
}

static void
curve_backward (const Painter *p,
                const double  *pts,
                guint          n,
                int            mirror)
{
  for (guint i = n; i-- > 0;)
    {
      const double *s = pts + 2 + 6 * i;
      const double *start = s - 2;

      cairo_curve_to (p->cr, hx (p, mirror * s[2]), hy (p, s[3]), hx (p, mirror * s[0]),
                      hy (p, s[1]), hx (p, mirror * start[0]), hy (p, start[1]));
    }
}

/* A closed outline symmetric about the centre line, from its right half: curves from a point
 * on the centre line to another; the left half is the mirror image, traced back. */
static void
path_symmetric (const Painter *p,
                const double  *pts,
                guint          n)
{
  cairo_move_to (p->cr, hx (p, pts[0]), hy (p, pts[1]));
  curve_forward (p, pts, n, 1);
  curve_backward (p, pts, n, -1);
  cairo_close_path (p->cr);
}

static void path_head (const Painter *p);

/* A repeatable scatter in 0 … 1 for the @i-th of anything, so that drawings stay the same. */
static double
scatter (guint i)
{
  guint32 h = i * 2654435761u;

  h ^= h >> 15;
  h *= 2246822519u;
  h ^= h >> 13;
  return (h & 0xffffff) / (double) 0x1000000;
}

/* Where the hair meets the skin: short, fine strokes across the edge of the current path,
 * where it lies on the face (inside the head's outline), leaning away from @ref_x, @ref_y
 * (inside the hair), so the hairline thins out instead of ending in a cut. Consumes the
 * path. */
static void
hair_edge (const Painter *p,
           double         ref_x,
           double         ref_y,
           double         length,
           double         alpha)
{
  cairo_t *cr = p->cr;
  cairo_path_t *path = cairo_copy_path_flat (cr);
  g_autoptr (GArray) tips = g_array_new (FALSE, FALSE, sizeof (double));
  double last_x = 0, last_y = 0, start_x = 0, start_y = 0;
  double next = 0.0;      /* along the current segment, where the next tip goes */
  guint count = 0;

  cairo_new_path (cr);
  path_head (p);
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *d = &path->data[i];
      double x, y, dx, dy, len;

      if (d->header.type == CAIRO_PATH_MOVE_TO)
        {
          last_x = start_x = d[1].point.x;
          last_y = start_y = d[1].point.y;
          continue;
        }
      if (d->header.type == CAIRO_PATH_CLOSE_PATH)
        {
          x = start_x;
          y = start_y;
        }
      else
        {
          x = d[1].point.x;
          y = d[1].point.y;
        }
      dx = x - last_x;
      dy = y - last_y;
      len = hypot (dx, dy);
      for (; next < len; next += 0.0045)
        {
          double px = last_x + dx * next / len;
          double py = last_y + dy * next / len;
          double nx = -dy / len;
          double ny = dx / len;
          double l = length * (0.5 + scatter (count));
          double lean = (scatter (count + 7919) - 0.5) * 0.8;
          double tip[4];

          count++;
          if (!cairo_in_fill (cr, px, py))
            continue;
          if (nx * (px - ref_x) + ny * (py - ref_y) < 0)
            {
              nx = -nx;
              ny = -ny;
            }
          tip[0] = px - nx * l * 0.6;
          tip[1] = py - ny * l * 0.6;
          tip[2] = px + (nx + lean * ny) * l;
          tip[3] = py + (ny - lean * nx) * l;
          g_array_append_vals (tips, tip, 4);
        }
      next -= len;
      last_x = x;
      last_y = y;
    }
  cairo_path_destroy (path);
  cairo_new_path (cr);

  for (guint i = 0; i + 3 < tips->len; i += 4)
    {
      cairo_move_to (cr, g_array_index (tips, double, i), g_array_index (tips, double, i + 1));
      cairo_line_to (cr, g_array_index (tips, double, i + 2), g_array_index (tips, double, i + 3));
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, 0.0018);
  set_tone (p, TONE_HAIR, p->face->hair, alpha);
  cairo_stroke (cr);
}

/* A soft rim round the current path, under the fill that follows; keeps the path. */
static void
hair_halo (const Painter *p)
{
  set_tone (p, TONE_HAIR, p->face->hair, 0.35);
  cairo_set_line_width (p->cr, 0.005);
  cairo_stroke_preserve (p->cr);
}

/* The outline of the head, crown to chin; the jaw parameter squares the jaw's corner. */
static void
path_head (const Painter *p)
{
  double jaw = p->face->jaw;
  double jx = 0.70 + 0.16 * jaw;            /* jaw corner */
  double jt = 0.78 + 0.03 * jaw;
  double cw = 0.20 + 0.16 * jaw;            /* half the chin's flat */
  const double pts[] = {
    0.0, 0.0,
    0.56, 0.0, 1.0, 0.14, 1.0, 0.40,                         /* skull to the temple */
    1.0, 0.50, 0.99, 0.56, 0.96, 0.62,                       /* cheekbone */
    0.93, 0.68, jx + 0.05 + 0.05 * jaw, jt - 0.06 - 0.02 * jaw, jx, jt,  /* cheek to jaw */
    jx - 0.08 - 0.14 * (1 - jaw), jt + 0.09 + 0.02 * (1 - jaw),
    cw + 0.12, 0.99, cw, 0.995,                               /* jaw to chin */
    cw * 0.5, 1.0, cw * 0.2, 1.0, 0.0, 1.0,
  };

  path_symmetric (p, pts, 5);
}

static void
draw_backdrop (const Painter *p,
               double         x0,
               double         y0,
               double         x1,
               double         y1)
{
  cairo_t *cr = p->cr;
  const double *bg = p->face->background;
  double light[3];
  double dim[3];
  cairo_pattern_t *pattern;

  /* Studio lighting: a little brighter behind the head, a little dimmer in the corners. */
  mix (bg, white, 0.25, light);
  scale_rgb (bg, 0.93, 0.93, 0.94, dim);
  pattern = cairo_pattern_create_radial (p->cx, 0.45, 0.05, p->cx, 0.45, 0.85);
  add_stop (p, pattern, 0.0, TONE_BACKDROP, light, 1.0);
  add_stop (p, pattern, 0.6, TONE_BACKDROP, bg, 1.0);
  add_stop (p, pattern, 1.0, TONE_BACKDROP, dim, 1.0);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  fill_pattern (p, pattern, FALSE);
}

/* A few strands of hair in the current clip: curves from the parting down to the edges. */
static void
hair_strands (const Painter *p,
              double         origin_u,
              double         origin_t,
              double         reach_t,
              guint          count)
{
  cairo_t *cr = p->cr;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < count; i++)
    {
      double s = (i + 0.5) / count * 2.0 - 1.0;     /* -1 … 1 across the head */
      double end_u = s * 1.25;
      double end_t = reach_t - 0.18 * (1 - s * s);

      cairo_move_to (cr, hx (p, origin_u + s * 0.15), hy (p, origin_t));
      cairo_curve_to (cr, hx (p, origin_u + s * 0.9), hy (p, origin_t - 0.02),
                      hx (p, end_u), hy (p, origin_t + 0.1),
                      hx (p, end_u), hy (p, end_t));
      if (i % 2 == 0)
        set_tone (p, TONE_HAIR, p->hair_dark, 0.35);
      else
        set_tone (p, TONE_HAIR, p->hair_light, 0.25);
      cairo_set_line_width (cr, 0.0025 + 0.0015 * (i % 3));
      cairo_stroke (cr);
    }
}

/* Hair colour, lighter in the middle and darker towards the edges. */
static cairo_pattern_t *
hair_pattern (const Painter *p,
              double         t_centre,
              double         radius)
{
  cairo_pattern_t *pattern = ellipse_pattern (p->cx, hy (p, t_centre), radius * p->hh * 0.9,
                                              radius * p->hh);

  add_stop (p, pattern, 0.0, TONE_HAIR, p->hair_light, 1.0);
  add_stop (p, pattern, 0.45, TONE_HAIR, p->face->hair, 1.0);
  add_stop (p, pattern, 1.0, TONE_HAIR, p->hair_dark, 1.0);
  return pattern;
}

/* Bumpy outline of curly hair: overlapping round curls around an ellipse. */
static void
path_curls (const Painter *p,
            double         centre_t,
            double         ru,
            double         rt,
            double         from,
            double         to,
            double         curl)
{
  cairo_t *cr = p->cr;
  guint n = 26;

  for (guint i = 0; i <= n; i++)
    {
      double angle = from + (to - from) * i / n;
      double taper = MIN (1.0, 0.55 + 0.9 * MIN (i, n - i) / n);
      double r = curl * taper * (1.0 + 0.25 * sin (i * 2.7));
      double x = hx (p, ru * cos (angle));
      double y = hy (p, centre_t + rt * sin (angle));

      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r * p->hh, 0, 2 * G_PI);
    }
}

/* Hair parted on the picture's left and swept across to the right. */
static void
path_parted (const Painter *p,
             double         line)
{
  cairo_t *cr = p->cr;

  cairo_move_to (cr, hx (p, -0.40), hy (p, -0.07));
  cairo_curve_to (cr, hx (p, 0.30), hy (p, -0.11), hx (p, 1.10), hy (p, -0.02),
                  hx (p, 1.08), hy (p, 0.38));
  cairo_curve_to (cr, hx (p, 1.06), hy (p, 0.46), hx (p, 1.02), hy (p, 0.52),
                  hx (p, 0.98), hy (p, 0.54));
  cairo_curve_to (cr, hx (p, 0.93), hy (p, 0.48), hx (p, 0.92), hy (p, 0.40),
                  hx (p, 0.90), hy (p, 0.34));
  cairo_curve_to (cr, hx (p, 0.80), hy (p, 0.22), hx (p, 0.40), hy (p, line - 0.01),
                  hx (p, -0.10), hy (p, line + 0.02));
  cairo_curve_to (cr, hx (p, -0.45), hy (p, line + 0.03), hx (p, -0.70), hy (p, line + 0.05),
                  hx (p, -0.88), hy (p, 0.30));
  cairo_curve_to (cr, hx (p, -0.91), hy (p, 0.38), hx (p, -0.93), hy (p, 0.48),
                  hx (p, -0.96), hy (p, 0.53));
  cairo_curve_to (cr, hx (p, -1.01), hy (p, 0.52), hx (p, -1.05), hy (p, 0.45),
                  hx (p, -1.07), hy (p, 0.38));
  cairo_curve_to (cr, hx (p, -1.08), hy (p, 0.10), hx (p, -0.80), hy (p, -0.05),
                  hx (p, -0.40), hy (p, -0.07));
  cairo_close_path (cr);
}

/* Hair that shows behind the head and neck. */
static void
draw_hair_back (const Painter *p)
{
  cairo_t *cr = p->cr;
  int style = p->face->hair_style;

  if (style == 1)
    {
      /* Long: falls behind the shoulders. */
      const double pts[] = {
        0.0, -0.06,
        0.75, -0.06, 1.22, 0.12, 1.22, 0.50,
        1.24, 0.80, 1.30, 1.02, 1.32, 1.18,
        0.8, 1.24, 0.3, 1.22, 0.0, 1.22,
      };

      path_symmetric (p, pts, 3);
      fill_pattern (p, hair_pattern (p, 0.45, 0.9), FALSE);
      cairo_save (cr);
      path_symmetric (p, pts, 3);
      cairo_clip (cr);
      hair_strands (p, 0.0, 0.0, 1.25, 14);
      cairo_restore (cr);
    }
  else if (style == 3)
    {
      /* Curly: volume all round the head. */
      path_curls (p, 0.40, 1.10, 0.46, -G_PI * 1.04, G_PI * 0.04, 0.065);
      fill_pattern (p, hair_pattern (p, 0.35, 0.7), FALSE);
    }
}

static void
draw_neck (const Painter *p)
{
  cairo_t *cr = p->cr;
  double w = p->neck_w;
  double chin = hy (p, 1.0);
  double bottom = chin + 0.22;
  cairo_pattern_t *pattern;

  cairo_move_to (cr, p->cx - w, hy (p, 0.72));
  cairo_curve_to (cr, p->cx - w * 0.98, chin, p->cx - w * 1.02, chin + 0.03,
                  p->cx - w * 1.15, bottom);
  cairo_line_to (cr, p->cx + w * 1.15, bottom);
  cairo_curve_to (cr, p->cx + w * 1.02, chin + 0.03, p->cx + w * 0.98, chin,
                  p->cx + w, hy (p, 0.72));
  cairo_close_path (cr);

  /* Shadow of the head on the neck, fading downwards, and rounded at the sides. */
  pattern = cairo_pattern_create_linear (0, chin - 0.02, 0, chin + 0.08);
  add_stop (p, pattern, 0.0, TONE_SKIN, p->skin_deep, 1.0);
  add_stop (p, pattern, 1.0, TONE_SKIN, p->skin_shade, 1.0);
  fill_pattern (p, pattern, TRUE);
  pattern = cairo_pattern_create_linear (p->cx - w, 0, p->cx + w, 0);
  add_stop (p, pattern, 0.0, TONE_SKIN, p->skin_deep, 0.45);
  add_stop (p, pattern, 0.3, TONE_SKIN, p->face->skin, 0.0);
  add_stop (p, pattern, 0.7, TONE_SKIN, p->face->skin, 0.0);
  add_stop (p, pattern, 1.0, TONE_SKIN, p->skin_deep, 0.45);
  fill_pattern (p, pattern, FALSE);
}

static void
draw_shirt (const Painter *p)
{
  cairo_t *cr = p->cr;
  double chin = hy (p, 1.0);
  double w = p->neck_w;
  double cx = p->cx;
  double base = chin + 0.045;        /* where the collar meets the neck */
  double vee = chin + 0.155;         /* bottom of the opening */
  cairo_pattern_t *pattern;

  /* Body: shoulders sloping out past the frame, a V-shaped opening at the neck. */
  cairo_move_to (cr, cx - w * 1.05, base);
  cairo_curve_to (cr, cx - w * 1.6, base + 0.04, cx - 0.30, base + 0.035, cx - 0.40, base + 0.09);
  cairo_curve_to (cr, cx - 0.46, base + 0.12, cx - 0.50, base + 0.16, cx - 0.52, 1.2);
  cairo_line_to (cr, cx + 0.52, 1.2);
  cairo_curve_to (cr, cx + 0.50, base + 0.16, cx + 0.46, base + 0.12, cx + 0.40, base + 0.09);
  cairo_curve_to (cr, cx + 0.30, base + 0.035, cx + w * 1.6, base + 0.04, cx + w * 1.05, base);
  cairo_line_to (cr, cx, vee);
  cairo_close_path (cr);

  pattern = cairo_pattern_create_linear (cx - 0.45, 0, cx + 0.45, 0);
  add_stop (p, pattern, 0.0, TONE_SHIRT, p->shirt_shade, 1.0);
  add_stop (p, pattern, 0.35, TONE_SHIRT, p->face->shirt, 1.0);
  add_stop (p, pattern, 0.65, TONE_SHIRT, p->face->shirt, 1.0);
  add_stop (p, pattern, 1.0, TONE_SHIRT, p->shirt_shade, 1.0);
  fill_pattern (p, pattern, FALSE);

  /* Shoulder fold lines, faint. */
  set_tone (p, TONE_SHIRT, p->shirt_shade, 0.6);
  cairo_set_line_width (cr, 0.004);
  for (int side = -1; side <= 1; side += 2)
    {
      cairo_move_to (cr, cx + side * 0.26, base + 0.10);
      cairo_curve_to (cr, cx + side * 0.25, base + 0.14, cx + side * 0.26, base + 0.18,
                      cx + side * 0.27, 1.2);
      cairo_stroke (cr);
    }

  /* Collar: two points along the opening, a band round the back of the neck. */
  for (int side = -1; side <= 1; side += 2)
    {
      cairo_move_to (cr, cx + side * w * 1.05, base - 0.012);
      cairo_curve_to (cr, cx + side * w * 1.3, base + 0.02, cx + side * w * 1.5, base + 0.06,
                      cx + side * (w * 1.55 + 0.02), vee + 0.01);
      cairo_line_to (cr, cx + side * 0.012, vee + 0.005);
      cairo_line_to (cr, cx + side * w * 0.82, base + 0.012);
      cairo_close_path (cr);
      set_tone (p, TONE_SHIRT, p->collar, 1.0);
      cairo_fill_preserve (cr);
      set_tone (p, TONE_SHIRT, p->shirt_shade, 0.9);
      cairo_set_line_width (cr, 0.0035);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
    }
}

static void
draw_ears (const Painter *p)
{
  cairo_t *cr = p->cr;
  double s = p->face->ear_size;
  double t0 = 0.43 - 0.03 * (s - 1);
  double t1 = 0.66 + 0.04 * (s - 1);
  double out = 0.13 * s;

  for (int side = -1; side <= 1; side += 2)
    {
      cairo_move_to (cr, hx (p, side * 0.93), hy (p, t0 + 0.02));
      cairo_curve_to (cr, hx (p, side * (1.0 + out * 0.8)), hy (p, t0 - 0.03),
                      hx (p, side * (1.0 + out * 1.2)), hy (p, t0 + 0.06),
                      hx (p, side * (1.0 + out)), hy (p, t0 + 0.12));
      cairo_curve_to (cr, hx (p, side * (1.0 + out * 0.9)), hy (p, t1 - 0.06),
                      hx (p, side * (1.0 + out * 0.6)), hy (p, t1 + 0.01),
                      hx (p, side * 0.99), hy (p, t1));
      cairo_line_to (cr, hx (p, side * 0.90), hy (p, t1 - 0.02));
      cairo_close_path (cr);
      set_tone (p, TONE_SKIN, p->skin_shade, 1.0);
      cairo_fill (cr);

      /* The rim and the hollow of the ear. */
      cairo_move_to (cr, hx (p, side * (1.0 + out * 0.15)), hy (p, t0 + 0.04));
      cairo_curve_to (cr, hx (p, side * (1.0 + out * 0.8)), hy (p, t0 + 0.02),
                      hx (p, side * (1.0 + out * 0.75)), hy (p, t0 + 0.12),
                      hx (p, side * (1.0 + out * 0.45)), hy (p, t1 - 0.06));
      set_tone (p, TONE_SKIN, p->skin_deep, 0.7);
      cairo_set_line_width (cr, 0.004);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_stroke (cr);
      soft_spot (p, TONE_SKIN, p->skin_deep, 0.5, hx (p, side * (1.0 + out * 0.4)),
                 hy (p, (t0 + t1) / 2), 0.022, 0.7, 1.2);
    }
}

static void
draw_head (const Painter *p)
{
  cairo_t *cr = p->cr;
  cairo_pattern_t *pattern;
  const double *skin = p->face->skin;
  double blush[3];

  /* Light from the front: brightest on the forehead and cheeks, shaded at the rim. */
  path_head (p);
  pattern = ellipse_pattern (p->cx, hy (p, 0.47), p->a * 1.05, p->hh * 0.58);
  add_stop (p, pattern, 0.0, TONE_SKIN, p->skin_light, 1.0);
  add_stop (p, pattern, 0.55, TONE_SKIN, skin, 1.0);
  add_stop (p, pattern, 0.85, TONE_SKIN, p->skin_shade, 1.0);
  add_stop (p, pattern, 1.0, TONE_SKIN, p->skin_deep, 1.0);
  fill_pattern (p, pattern, TRUE);

  /* Rounding of the sides. */
  pattern = cairo_pattern_create_linear (hx (p, -1), 0, hx (p, 1), 0);
  add_stop (p, pattern, 0.0, TONE_SKIN, p->skin_deep, 0.5);
  add_stop (p, pattern, 0.22, TONE_SKIN, skin, 0.0);
  add_stop (p, pattern, 0.78, TONE_SKIN, skin, 0.0);
  add_stop (p, pattern, 1.0, TONE_SKIN, p->skin_deep, 0.5);
  fill_pattern (p, pattern, FALSE);

  cairo_save (cr);
  path_head (p);
  cairo_clip (cr);
  /* Warmth of the cheeks, a sheen on the forehead, the hollows of the temples. */
  scale_rgb (skin, 1.02, 0.80, 0.78, blush);
  soft_spot (p, TONE_SKIN, blush, 0.22, hx (p, -0.55), hy (p, 0.66), 0.10, 1.0, 0.8);
  soft_spot (p, TONE_SKIN, blush, 0.22, hx (p, 0.55), hy (p, 0.66), 0.10, 1.0, 0.8);
  soft_spot (p, TONE_SKIN, p->skin_light, 0.35, hx (p, 0.0), hy (p, 0.25), 0.16, 1.3, 0.7);
  soft_spot (p, TONE_SKIN, p->skin_shade, 0.35, hx (p, -0.98), hy (p, 0.42), 0.10, 0.6, 1.4);
  soft_spot (p, TONE_SKIN, p->skin_shade, 0.35, hx (p, 0.98), hy (p, 0.42), 0.10, 0.6, 1.4);
  /* Below the cheekbones and on the chin. */
  soft_spot (p, TONE_SKIN, p->skin_shade, 0.30, hx (p, -0.72), hy (p, 0.76), 0.10, 0.6, 1.3);
  soft_spot (p, TONE_SKIN, p->skin_shade, 0.30, hx (p, 0.72), hy (p, 0.76), 0.10, 0.6, 1.3);
  soft_spot (p, TONE_SKIN, p->skin_light, 0.25, hx (p, 0.0), hy (p, 0.93), 0.05, 1.4, 0.8);
  cairo_restore (cr);
}

static void
draw_brows (const Painter *p)
{
  cairo_t *cr = p->cr;
  double tilt = p->face->brow_tilt * 0.015;
  double thick = 0.016 + 0.008 * (1.0 - luminance (p->face->hair));

  for (int side = -1; side <= 1; side += 2)
    {
      double ex = p->cx + side * p->eye_dx;
      double inner = ex - side * p->eye_w * 0.58;
      double outer = ex + side * p->eye_w * 0.72;
      double y = p->brow_y;

      /* A tapered shape: thick at the nose, thin at the temple, arched near its outer third. */
      cairo_move_to (cr, inner, y + thick * 0.3);
      cairo_curve_to (cr, inner + side * p->eye_w * 0.4, y - thick * 0.5 + tilt * 0.5,
                      ex + side * p->eye_w * 0.35, y - thick * 1.3 - tilt,
                      outer, y + 0.004 - tilt);
      cairo_curve_to (cr, ex + side * p->eye_w * 0.35, y - thick * 0.4 - tilt,
                      inner + side * p->eye_w * 0.4, y + thick * 0.6 + tilt * 0.5,
                      inner, y + thick * 1.1);
      cairo_close_path (cr);
      set_tone (p, TONE_HAIR, p->brow, 0.85);
      cairo_save (cr);
      cairo_fill_preserve (cr);
      cairo_clip (cr);

      /* Single hairs along the brow. */
      set_tone (p, TONE_HAIR, p->hair_dark, 0.5);
      cairo_set_line_width (cr, 0.0018);
      for (guint i = 0; i < 12; i++)
        {
          double s = i / 11.0;
          double x = inner + (outer - inner) * s * 0.9;
          double yy = y + thick * (0.9 - 1.2 * s) - tilt * s;

          cairo_move_to (cr, x, yy);
          cairo_line_to (cr, x + side * 0.012, yy - thick * (0.9 - 0.5 * s));
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }
}

static void
path_eye (const Painter *p,
          double         ex,
          int            side)
{
  cairo_t *cr = p->cr;
  double w = p->eye_w * 0.5;
  double h = p->eye_h;
  double y = p->eye_y;

  /* From the inner corner over the upper lid to the outer corner, back along the lower. */
  cairo_move_to (cr, ex - side * w, y + h * 0.08);
  cairo_curve_to (cr, ex - side * w * 0.6, y - h * 0.78, ex + side * w * 0.45, y - h * 0.80,
                  ex + side * w, y - h * 0.02);
  cairo_curve_to (cr, ex + side * w * 0.5, y + h * 0.55, ex - side * w * 0.5, y + h * 0.55,
                  ex - side * w, y + h * 0.08);
  cairo_close_path (cr);
}

static void
draw_eyes (const Painter *p)
{
  cairo_t *cr = p->cr;
  const double *iris = p->face->eye_colour;
  double iris_light[3];
  double iris_dark[3];

  mix (iris, white, 0.30, iris_light);
  scale_rgb (iris, 0.45, 0.45, 0.45, iris_dark);

  for (int side = -1; side <= 1; side += 2)
    {
      double ex = p->cx + side * p->eye_dx;
      double y = p->eye_y;
      double w = p->eye_w * 0.5;
      double h = p->eye_h;
      double r = h * 0.52;        /* the iris, a little taller than the opening shows */
      double ix = ex + side * w * 0.02;
      double iy = y + h * 0.06;
      cairo_pattern_t *pattern;

      /* The socket: shade above and beside the eye. */
      soft_spot (p, TONE_SKIN, p->skin_shade, 0.55, ex - side * w * 0.2, y - h * 0.2, w * 1.5,
                 1.0, 0.8);
      /* The lid crease. */
      cairo_move_to (cr, ex - side * w * 0.8, y - h * 0.35);
      cairo_curve_to (cr, ex - side * w * 0.4, y - h * 1.25, ex + side * w * 0.5, y - h * 1.2,
                      ex + side * w * 1.05, y - h * 0.25);
      set_tone (p, TONE_SKIN, p->skin_deep, 0.55);
      cairo_set_line_width (cr, 0.003);
      cairo_stroke (cr);

      cairo_save (cr);
      path_eye (p, ex, side);
      set_tone (p, TONE_SCLERA, sclera, 1.0);
      cairo_fill_preserve (cr);
      cairo_clip (cr);

      pattern = cairo_pattern_create_radial (ix, iy, 0, ix, iy, r);
      add_stop (p, pattern, 0.0, TONE_IRIS, iris_light, 1.0);
      add_stop (p, pattern, 0.7, TONE_IRIS, iris, 1.0);
      add_stop (p, pattern, 0.92, TONE_IRIS, iris_dark, 1.0);
      add_stop (p, pattern, 1.0, TONE_DARK, ink, 0.9);
      cairo_arc (cr, ix, iy, r, 0, 2 * G_PI);
      fill_pattern (p, pattern, FALSE);
      cairo_arc (cr, ix, iy, r * 0.42, 0, 2 * G_PI);
      set_tone (p, TONE_DARK, ink, 1.0);
      cairo_fill (cr);

      /* The upper lid's shadow on the eyeball, the corners in shade. */
      pattern = cairo_pattern_create_linear (0, y - h * 0.6, 0, y + h * 0.05);
      add_stop (p, pattern, 0.0, TONE_SKIN, p->skin_deep, 0.75);
      add_stop (p, pattern, 1.0, TONE_SKIN, p->skin_deep, 0.0);
      cairo_rectangle (cr, ex - w * 1.2, y - h, w * 2.4, h * 2);
      fill_pattern (p, pattern, FALSE);
      soft_spot (p, TONE_SKIN, p->skin_shade, 0.5, ex + side * w, y, h * 0.9, 1.0, 1.0);
      soft_spot (p, TONE_SKIN, p->skin_shade, 0.5, ex - side * w, y + h * 0.1, h * 0.8, 1.0, 1.0);

      /* A catchlight, on the same side in both eyes. */
      cairo_arc (cr, ix - r * 0.32, iy - r * 0.38, r * 0.16, 0, 2 * G_PI);
      set_tone (p, TONE_SCLERA, white, 0.9);
      cairo_fill (cr);
      cairo_restore (cr);

      /* The lash line, heavier towards the outer corner, and the lower lid. */
      cairo_move_to (cr, ex - side * w, y + h * 0.08);
      cairo_curve_to (cr, ex - side * w * 0.6, y - h * 0.78, ex + side * w * 0.45, y - h * 0.80,
                      ex + side * w, y - h * 0.02);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      set_tone (p, TONE_DARK, ink, 0.85);
      cairo_set_line_width (cr, 0.0045);
      cairo_stroke (cr);
      cairo_move_to (cr, ex + side * w * 0.3, y - h * 0.62);
      cairo_curve_to (cr, ex + side * w * 0.7, y - h * 0.52, ex + side * w * 0.95, y - h * 0.25,
                      ex + side * w * 1.1, y - h * 0.12);
      cairo_set_line_width (cr, 0.004);
      cairo_stroke (cr);
      cairo_move_to (cr, ex - side * w * 0.85, y + h * 0.2);
      cairo_curve_to (cr, ex - side * w * 0.4, y + h * 0.58, ex + side * w * 0.5, y + h * 0.56,
                      ex + side * w, y);
      set_tone (p, TONE_SKIN, p->skin_deep, 0.6);
      cairo_set_line_width (cr, 0.0025);
      cairo_stroke (cr);
      /* Under-eye softness. */
      cairo_move_to (cr, ex - side * w * 0.6, y + h * 0.95);
      cairo_curve_to (cr, ex - side * w * 0.2, y + h * 1.15, ex + side * w * 0.4, y + h * 1.1,
                      ex + side * w * 0.8, y + h * 0.7);
      set_tone (p, TONE_SKIN, p->skin_shade, 0.45);
      cairo_set_line_width (cr, 0.003);
      cairo_stroke (cr);
    }
}

static void
draw_nose (const Painter *p)
{
  cairo_t *cr = p->cr;
  double w = p->face->nose_width * p->a;     /* half the nose's width */
  double ny = p->nose_y;
  double top = p->eye_y - p->eye_h * 0.2;
  double cx = p->cx;

  /* The sides of the bridge: faint shading lines from the brows down to the wings. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int side = -1; side <= 1; side += 2)
    {
      cairo_move_to (cr, cx + side * w * 0.55, top);
      cairo_curve_to (cr, cx + side * w * 0.40, top + (ny - top) * 0.4,
                      cx + side * w * 0.45, ny - (ny - top) * 0.3,
                      cx + side * w * 0.62, ny - 0.035);
      set_tone (p, TONE_SKIN, p->skin_shade, 0.25);
      cairo_set_line_width (cr, 0.012);
      cairo_stroke_preserve (cr);
      set_tone (p, TONE_SKIN, p->skin_shade, 0.35);
      cairo_set_line_width (cr, 0.005);
      cairo_stroke (cr);
    }

  /* The tip catches the light; the underside is in shade. */
  soft_spot (p, TONE_SKIN, p->skin_light, 0.6, cx, ny - 0.035, w * 0.45, 1.0, 0.9);
  soft_spot (p, TONE_SKIN, p->skin_shade, 0.6, cx, ny + 0.004, w * 0.8, 1.0, 0.35);

  for (int side = -1; side <= 1; side += 2)
    {
      /* The wing of the nose. */
      cairo_move_to (cr, cx + side * w * 0.62, ny - 0.04);
      cairo_curve_to (cr, cx + side * w * 1.05, ny - 0.03, cx + side * w * 1.05, ny + 0.004,
                      cx + side * w * 0.62, ny + 0.002);
      set_tone (p, TONE_SKIN, p->skin_deep, 0.7);
      cairo_set_line_width (cr, 0.0035);
      cairo_stroke (cr);
      /* The nostril. */
      cairo_save (cr);
      cairo_translate (cr, cx + side * w * 0.38, ny - 0.004);
      cairo_rotate (cr, side * 0.35);
      cairo_scale (cr, w * 0.19, w * 0.085);
      cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
      cairo_restore (cr);
      set_tone (p, TONE_DARK, p->skin_deep, 0.6);
      cairo_fill (cr);
    }
  /* Philtrum: the groove down to the lip. */
  soft_spot (p, TONE_SKIN, p->skin_shade, 0.35, cx, (ny + p->mouth_y) / 2, w * 0.35, 0.6, 1.4);
}

static void
draw_mouth (const Painter *p)
{
  cairo_t *cr = p->cr;
  double w = p->face->mouth_width * p->a;   /* half the mouth's width */
  double y = p->mouth_y;
  double corner = y - p->face->mouth_curve * 0.012;
  double upper = 0.018 + 0.004 * p->face->jaw;
  double lower = 0.024;
  double cx = p->cx;
  double lip_dark[3];
  double lip_light[3];
  cairo_pattern_t *pattern;

  scale_rgb (p->lip, 0.72, 0.68, 0.68, lip_dark);
  mix (p->lip, white, 0.10, lip_light);

  /* Upper lip with its bow. */
  cairo_move_to (cr, cx - w, corner);
  cairo_curve_to (cr, cx - w * 0.7, y - upper * 0.5, cx - w * 0.35, y - upper * 1.05,
                  cx - w * 0.14, y - upper);
  cairo_curve_to (cr, cx - w * 0.07, y - upper, cx - w * 0.03, y - upper * 0.8,
                  cx, y - upper * 0.8);
  cairo_curve_to (cr, cx + w * 0.03, y - upper * 0.8, cx + w * 0.07, y - upper,
                  cx + w * 0.14, y - upper);
  cairo_curve_to (cr, cx + w * 0.35, y - upper * 1.05, cx + w * 0.7, y - upper * 0.5,
                  cx + w, corner);
  cairo_curve_to (cr, cx + w * 0.5, y + 0.003, cx - w * 0.5, y + 0.003, cx - w, corner);
  cairo_close_path (cr);
  pattern = cairo_pattern_create_linear (0, y - upper, 0, y);
  add_stop (p, pattern, 0.0, TONE_LIP, p->lip, 1.0);
  add_stop (p, pattern, 1.0, TONE_LIP, lip_dark, 1.0);
  fill_pattern (p, pattern, FALSE);

  /* Lower lip, fuller, lit from above. */
  cairo_move_to (cr, cx - w, corner);
  cairo_curve_to (cr, cx - w * 0.5, y + 0.003, cx + w * 0.5, y + 0.003, cx + w, corner);
  cairo_curve_to (cr, cx + w * 0.75, y + lower * 0.8, cx + w * 0.35, y + lower * 1.1,
                  cx, y + lower);
  cairo_curve_to (cr, cx - w * 0.35, y + lower * 1.1, cx - w * 0.75, y + lower * 0.8,
                  cx - w, corner);
  cairo_close_path (cr);
  pattern = cairo_pattern_create_linear (0, y, 0, y + lower);
  add_stop (p, pattern, 0.0, TONE_LIP, lip_dark, 1.0);
  add_stop (p, pattern, 0.45, TONE_LIP, lip_light, 1.0);
  add_stop (p, pattern, 1.0, TONE_LIP, p->lip, 1.0);
  fill_pattern (p, pattern, FALSE);

  /* The line between the lips, and the shadow below the lower lip. */
  cairo_move_to (cr, cx - w * 1.03, corner);
  cairo_curve_to (cr, cx - w * 0.5, y + 0.004, cx + w * 0.5, y + 0.004, cx + w * 1.03, corner);
  set_tone (p, TONE_DARK, lip_dark, 0.9);
  cairo_set_line_width (cr, 0.0035);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);
  if (!p->face->beard)
    {
      soft_spot (p, TONE_SKIN, p->skin_shade, 0.55, cx, y + lower + 0.012, w * 0.6, 1.0, 0.3);
      soft_spot (p, TONE_SKIN, p->skin_shade, 0.4, cx - w * 1.05, corner, 0.012, 1.0, 1.0);
      soft_spot (p, TONE_SKIN, p->skin_shade, 0.4, cx + w * 1.05, corner, 0.012, 1.0, 1.0);
    }
}

static void
draw_beard (const Painter *p)
{
  cairo_t *cr = p->cr;
  double w = p->face->mouth_width * p->a;
  double ny = p->nose_y;
  double cx = p->cx;
  cairo_pattern_t *pattern;

  cairo_save (cr);
  path_head (p);
  cairo_clip (cr);

  /* Over the jaw and round the mouth, up to the nose for the moustache; the lips are drawn
   * over it afterwards. */
  cairo_move_to (cr, hx (p, -1.1), hy (p, 0.56));
  cairo_curve_to (cr, hx (p, -0.9), hy (p, 0.68), hx (p, -0.7), hy (p, 0.70),
                  cx - w * 1.2, ny + 0.012);
  cairo_curve_to (cr, cx - w * 0.6, ny - 0.002, cx - w * 0.2, ny + 0.002, cx, ny + 0.006);
  cairo_curve_to (cr, cx + w * 0.2, ny + 0.002, cx + w * 0.6, ny - 0.002, cx + w * 1.2, ny + 0.012);
  cairo_curve_to (cr, hx (p, 0.7), hy (p, 0.70), hx (p, 0.9), hy (p, 0.68),
                  hx (p, 1.1), hy (p, 0.56));
  cairo_line_to (cr, hx (p, 1.1), hy (p, 1.2));
  cairo_line_to (cr, hx (p, -1.1), hy (p, 1.2));
  cairo_close_path (cr);

  /* Thin on the cheeks, full on the chin. */
  pattern = cairo_pattern_create_linear (0, hy (p, 0.56), 0, hy (p, 1.0));
  add_stop (p, pattern, 0.0, TONE_HAIR, p->face->hair, 0.0);
  add_stop (p, pattern, 0.25, TONE_HAIR, p->face->hair, 0.75);
  add_stop (p, pattern, 0.7, TONE_HAIR, p->face->hair, 0.85);
  add_stop (p, pattern, 1.0, TONE_HAIR, p->hair_dark, 0.9);
  fill_pattern (p, pattern, TRUE);
  cairo_clip (cr);

  /* Texture: short hairs pointing down. */
  cairo_set_line_width (cr, 0.002);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < 140; i++)
    {
      double u = -1.0 + 2.0 * scatter (i);
      double t = 0.64 + 0.38 * scatter (i + 1000);
      double x = hx (p, u);
      double yy = hy (p, t);

      cairo_move_to (cr, x, yy);
      cairo_line_to (cr, x - u * 0.004, yy + 0.010);
      if (i % 2 == 0)
        set_tone (p, TONE_HAIR, p->hair_dark, 0.5);
      else
        set_tone (p, TONE_HAIR, p->hair_light, 0.35);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* The hairline across the forehead and down the temples, right half, from the centre. */
static void
draw_hair_front (const Painter *p)
{
  cairo_t *cr = p->cr;
  int style = p->face->hair_style;
  double line = 0.17 + 0.04 * p->face->jaw;    /* hairline height on the forehead */

  /* The hair's shadow on the forehead, under its edge. */
  if (style != 2)
    {
      cairo_save (cr);
      path_head (p);
      cairo_clip (cr);
      soft_spot (p, TONE_SKIN, p->skin_deep, 0.35, p->cx, hy (p, line + 0.03), 0.09, 2.4, 0.35);
      cairo_restore (cr);
    }

  if (style == 0)
    {
      /* Short: close over the skull, down to the tops of the ears. */
      const double pts[] = {
        0.0, -0.06,
        0.65, -0.06, 1.06, 0.08, 1.05, 0.38,
        1.04, 0.44, 1.02, 0.50, 0.99, 0.53,               /* sideburn */
        0.95, 0.53, 0.93, 0.48, 0.91, 0.40,
        0.87, 0.30, 0.70, line + 0.02, 0.40, line,
        0.20, line - 0.01, 0.10, line + 0.01, 0.0, line + 0.01,
      };

      path_symmetric (p, pts, 5);
      hair_halo (p);
      fill_pattern (p, hair_pattern (p, 0.1, 0.5), TRUE);
      cairo_save (cr);
      cairo_clip (cr);
      hair_strands (p, 0.0, -0.05, 0.40, 16);
      cairo_restore (cr);
      path_symmetric (p, pts, 5);
      hair_edge (p, p->cx, hy (p, 0.1), 0.008, 0.45);
    }
  else if (style == 1)
    {
      /* Long: parted in the middle, framing the face down past the jaw. */
      const double pts[] = {
        0.0, -0.07,
        0.45, -0.075, 0.95, -0.04, 1.10, 0.18,
        1.24, 0.42, 1.22, 0.85, 1.30, 1.15,
        1.10, 1.17, 0.97, 1.12, 0.95, 1.02,
        0.99, 0.82, 0.99, 0.55, 0.88, 0.36,
        0.80, 0.22, 0.40, line - 0.01, 0.0, line - 0.03,
      };

      path_symmetric (p, pts, 5);
      hair_halo (p);
      fill_pattern (p, hair_pattern (p, 0.35, 0.85), TRUE);
      cairo_save (cr);
      cairo_clip (cr);
      hair_strands (p, 0.0, 0.0, 1.2, 20);
      /* The parting. */
      cairo_move_to (cr, p->cx, hy (p, -0.07));
      cairo_line_to (cr, p->cx, hy (p, line - 0.03));
      set_tone (p, TONE_SKIN, p->skin_shade, 0.4);
      cairo_set_line_width (cr, 0.0025);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  else if (style == 2)
    {
      /* Bald: a close-cropped fringe above the ears, and the shine of the scalp. */
      for (int side = -1; side <= 1; side += 2)
        {
          cairo_move_to (cr, hx (p, side * 0.94), hy (p, 0.27));
          cairo_curve_to (cr, hx (p, side * 1.03), hy (p, 0.32), hx (p, side * 1.045),
                          hy (p, 0.42), hx (p, side * 1.02), hy (p, 0.53));
          cairo_curve_to (cr, hx (p, side * 1.0), hy (p, 0.55), hx (p, side * 0.97),
                          hy (p, 0.55), hx (p, side * 0.955), hy (p, 0.53));
          cairo_curve_to (cr, hx (p, side * 0.975), hy (p, 0.44), hx (p, side * 0.975),
                          hy (p, 0.34), hx (p, side * 0.94), hy (p, 0.27));
          cairo_close_path (cr);
          set_tone (p, TONE_HAIR, p->face->hair, 0.3);
          cairo_set_line_width (cr, 0.004);
          cairo_stroke_preserve (cr);
          set_tone (p, TONE_HAIR, p->face->hair, 0.6);
          cairo_fill (cr);
        }
      soft_spot (p, TONE_SKIN, p->skin_light, 0.5, hx (p, -0.15), hy (p, 0.08), 0.07, 1.6, 0.8);
    }
  else if (style == 3)
    {
      /* Curly: a cap of curls with a rounded hairline. */
      cairo_save (cr);
      cairo_move_to (cr, hx (p, -1.2), hy (p, -0.2));
      cairo_line_to (cr, hx (p, 1.2), hy (p, -0.2));
      cairo_line_to (cr, hx (p, 1.2), hy (p, 0.42));
      cairo_line_to (cr, hx (p, 0.92), hy (p, 0.42));
      cairo_curve_to (cr, hx (p, 0.85), hy (p, line + 0.06), hx (p, 0.5), hy (p, line),
                      hx (p, 0.0), hy (p, line + 0.015));
      cairo_curve_to (cr, hx (p, -0.5), hy (p, line), hx (p, -0.85), hy (p, line + 0.06),
                      hx (p, -0.92), hy (p, 0.42));
      cairo_line_to (cr, hx (p, -1.2), hy (p, 0.42));
      cairo_close_path (cr);
      cairo_clip (cr);
      path_curls (p, 0.30, 0.98, 0.34, -G_PI * 1.1, G_PI * 0.1, 0.06);
      cairo_new_sub_path (cr);
      cairo_arc (cr, p->cx, hy (p, 0.22), 0.95 * p->a, 0, 2 * G_PI);
      fill_pattern (p, hair_pattern (p, 0.1, 0.55), TRUE);
      cairo_clip (cr);

      /* Little crescents: the curls' shadows and lights. */
      cairo_set_line_width (cr, 0.003);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      for (guint i = 0; i < 60; i++)
        {
          double u = -1.1 + 2.2 * ((i * 23) % 60) / 59.0;
          double t = -0.06 + 0.48 * ((i * 41) % 60) / 59.0;
          double start = (i * 1.3);

          cairo_new_sub_path (cr);
          cairo_arc (cr, hx (p, u), hy (p, t), 0.012, start, start + 2.2);
          if (i % 2 == 0)
            set_tone (p, TONE_HAIR, p->hair_dark, 0.6);
          else
            set_tone (p, TONE_HAIR, p->hair_light, 0.45);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }
  else
    {
      /* Parted on the picture's left, swept across to the right. */
      path_parted (p, line);
      hair_halo (p);
      fill_pattern (p, hair_pattern (p, 0.1, 0.55), TRUE);
      cairo_save (cr);
      cairo_clip (cr);
      hair_strands (p, -0.45, -0.06, 0.45, 16);
      /* The parting. */
      cairo_move_to (cr, hx (p, -0.42), hy (p, -0.08));
      cairo_curve_to (cr, hx (p, -0.44), hy (p, -0.03), hx (p, -0.45), hy (p, 0.0),
                      hx (p, -0.47), hy (p, 0.05));
      set_tone (p, TONE_SKIN, p->skin_shade, 0.35);
      cairo_set_line_width (cr, 0.0025);
      cairo_stroke (cr);
      cairo_restore (cr);
      path_parted (p, line);
      hair_edge (p, hx (p, 0.1), hy (p, 0.1), 0.008, 0.45);
    }

}

static void
draw_glasses (const Painter *p,
              gboolean       rims)
{
  cairo_t *cr = p->cr;
  double lw = p->eye_w * 0.78;       /* half a lens's width */
  double lh = p->eye_w * 0.52;
  double ly = p->eye_y + p->eye_h * 0.1;
  double r = lh * 0.55;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (!rims)
    {
      /* The arms, going back behind the hair to the ears. */
      for (int side = -1; side <= 1; side += 2)
        {
          double ex = p->cx + side * (p->eye_dx + lw);

          cairo_move_to (cr, ex, ly - lh * 0.6);
          cairo_line_to (cr, hx (p, side * 1.02), hy (p, 0.47));
        }
      set_tone (p, TONE_FRAME, p->frame_colour, 1.0);
      cairo_set_line_width (cr, 0.006);
      cairo_stroke (cr);
      return;
    }

  for (int side = -1; side <= 1; side += 2)
    {
      double ex = p->cx + side * p->eye_dx;
      double x0 = ex - lw;
      double x1 = ex + lw;
      double y0 = ly - lh;
      double y1 = ly + lh;

      /* A rounded rectangle, a little deeper at the outer bottom. */
      cairo_new_sub_path (cr);
      cairo_arc (cr, x1 - r, y0 + r, r, -G_PI / 2, 0);
      cairo_arc (cr, x1 - r, y1 - r * 1.1, r * 1.1, 0, G_PI / 2);
      cairo_arc (cr, x0 + r, y1 - r * 1.1, r * 1.1, G_PI / 2, G_PI);
      cairo_arc (cr, x0 + r, y0 + r, r, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
    }
  set_tone (p, TONE_SCLERA, white, 0.10);
  cairo_fill_preserve (cr);
  set_tone (p, TONE_FRAME, p->frame_colour, 1.0);
  cairo_set_line_width (cr, 0.0075);
  cairo_stroke (cr);

  /* The bridge over the nose. */
  cairo_move_to (cr, p->cx - p->eye_dx + lw, ly - lh * 0.35);
  cairo_curve_to (cr, p->cx - 0.02, ly - lh * 0.75, p->cx + 0.02, ly - lh * 0.75,
                  p->cx + p->eye_dx - lw, ly - lh * 0.35);
  cairo_set_line_width (cr, 0.006);
  cairo_stroke (cr);
}

static void
painter_init (Painter      *p,
              cairo_t      *cr,
              const DiFace *face,
              DiFaceLook    look)
{
  const double deep[3] = { 0.18, 0.11, 0.07 };
  double hair_l = luminance (face->hair);

  p->cr = cr;
  p->face = face;
  p->look = look;

  p->cx = FRAME_ASPECT / 2;
  p->hh = CLAMP (face->head_height, 0.5, 0.9);
  p->top = 0.075 + (0.78 - p->hh) * 0.5;
  p->a = CLAMP (face->head_width, 0.4, 0.8) * FRAME_ASPECT / 2;
  p->eye_y = hy (p, 0.475);
  p->eye_w = CLAMP (face->eye_size, 0.12, 0.3) * 2 * p->a;
  p->eye_h = p->eye_w * 0.36;
  p->eye_dx = CLAMP (face->eye_spacing, 0.3, 0.6) * p->a;
  p->brow_y = p->eye_y - p->eye_h * 1.9;
  p->nose_y = p->eye_y + CLAMP (face->nose_length, 0.12, 0.3) * p->hh;
  p->mouth_y = p->nose_y + (hy (p, 1.0) - p->nose_y) * 0.36;
  p->neck_w = p->a * 0.62;

  scale_rgb (face->skin, 0.84, 0.77, 0.75, p->skin_shade);
  scale_rgb (face->skin, 0.66, 0.56, 0.54, p->skin_deep);
  mix (face->skin, white, 0.14, p->skin_light);
  scale_rgb (face->skin, 0.92, 0.66, 0.66, p->lip);
  mix (face->hair, deep, 0.15 + 0.5 * hair_l, p->brow);
  scale_rgb (face->hair, 0.6, 0.58, 0.56, p->hair_dark);
  mix (face->hair, white, 0.18, p->hair_light);
  scale_rgb (face->shirt, 0.62, 0.62, 0.64, p->shirt_shade);
  mix (face->shirt, white, 0.15, p->collar);
  /* Frames: dark for warm hair, steel for grey and white. */
  if (hair_l > 0.5 && fabs (face->hair[0] - face->hair[2]) < 0.08)
    scale_rgb (white, 0.42, 0.43, 0.45, p->frame_colour);
  else
    scale_rgb (white, 0.16, 0.12, 0.10, p->frame_colour);
}

/**
 * di_face_random:
 * @face: (out caller-allocates): the parameters to fill
 * @rand: the generator; the same number of values is taken from it, in the same order,
 *   whatever comes out, so a seed stands for one face
 *
 * Draws the parameters of a plausible face: skin tones across the human range, hair black,
 * brown, blond, red, grey or white (skin-dependent weights), one of five hair styles, brown,
 * hazel, green, blue or grey eyes, glasses in about one face in five, a beard in about one in
 * seven, a pale blue, grey or cream backdrop, and proportions within ICAO 9303 (the head,
 * chin to crown, 70–78 % of the photo's height).
 */
void
di_face_random (DiFace *face,
                GRand  *rand)
{
  /* Skin from very light to very dark, along measured-looking anchors. */
  static const double skins[][3] = {
    { 0.98, 0.87, 0.79 }, { 0.94, 0.78, 0.67 }, { 0.86, 0.66, 0.52 },
    { 0.72, 0.52, 0.37 }, { 0.55, 0.37, 0.25 }, { 0.38, 0.25, 0.17 },
    { 0.27, 0.18, 0.13 },
  };
  static const double hairs[][3] = {
    { 0.08, 0.07, 0.07 },    /* black */
    { 0.20, 0.13, 0.09 },    /* dark brown */
    { 0.40, 0.27, 0.16 },    /* brown */
    { 0.80, 0.66, 0.42 },    /* blond */
    { 0.64, 0.29, 0.13 },    /* red */
    { 0.56, 0.55, 0.53 },    /* grey */
    { 0.90, 0.89, 0.86 },    /* white */
  };
  /* Hair weights for the lightest and the darkest skin, interpolated in between. */
  static const double hair_light_skin[] = { 0.10, 0.22, 0.22, 0.20, 0.08, 0.12, 0.06 };
  static const double hair_dark_skin[] = { 0.58, 0.22, 0.04, 0.01, 0.01, 0.10, 0.04 };
  static const double eyes[][3] = {
    { 0.20, 0.12, 0.07 },    /* dark brown */
    { 0.38, 0.23, 0.11 },    /* brown */
    { 0.50, 0.40, 0.20 },    /* hazel */
    { 0.34, 0.47, 0.30 },    /* green */
    { 0.32, 0.50, 0.70 },    /* blue */
    { 0.50, 0.55, 0.58 },    /* grey */
  };
  static const double eye_light_skin[] = { 0.15, 0.20, 0.15, 0.12, 0.28, 0.10 };
  static const double eye_dark_skin[] = { 0.75, 0.22, 0.03, 0.0, 0.0, 0.0 };
  static const double shirts[][3] = {
    { 0.14, 0.18, 0.30 }, { 0.25, 0.26, 0.28 }, { 0.92, 0.92, 0.90 }, { 0.10, 0.10, 0.11 },
    { 0.45, 0.14, 0.17 }, { 0.33, 0.38, 0.24 }, { 0.55, 0.68, 0.82 }, { 0.52, 0.50, 0.47 },
  };
  static const double backdrops[][3] = {
    { 0.83, 0.89, 0.95 },    /* pale blue */
    { 0.86, 0.86, 0.86 },    /* light grey */
    { 0.94, 0.92, 0.84 },    /* cream */
  };
  static const double style_weights[] = { 0.30, 0.24, 0.10, 0.14, 0.22 };
  double dark, pos, pick, jitter, acc;
  guint i, k;

  g_return_if_fail (face != NULL);
  g_return_if_fail (rand != NULL);

  /* Every value below is drawn unconditionally, in this order. */
  dark = g_rand_double (rand);
  pos = dark * (G_N_ELEMENTS (skins) - 1);
  k = MIN ((guint) pos, G_N_ELEMENTS (skins) - 2);
  mix (skins[k], skins[k + 1], pos - k, face->skin);
  jitter = g_rand_double_range (rand, -1.0, 1.0);       /* warm or cool undertone */
  face->skin[0] = CLAMP (face->skin[0] + 0.025 * jitter, 0.0, 1.0);
  face->skin[2] = CLAMP (face->skin[2] - 0.025 * jitter, 0.0, 1.0);

  pick = g_rand_double (rand);
  acc = 0.0;
  for (i = 0; i < G_N_ELEMENTS (hairs) - 1; i++)
    {
      acc += hair_light_skin[i] + (hair_dark_skin[i] - hair_light_skin[i]) * dark;
      if (pick < acc)
        break;
    }
  jitter = g_rand_double_range (rand, 0.88, 1.12);
  scale_rgb (hairs[i], jitter, jitter, jitter, face->hair);

  pick = g_rand_double (rand);
  acc = 0.0;
  for (i = 0; i < G_N_ELEMENTS (eyes) - 1; i++)
    {
      acc += eye_light_skin[i] + (eye_dark_skin[i] - eye_light_skin[i]) * dark;
      if (pick < acc)
        break;
    }
  memcpy (face->eye_colour, eyes[i], sizeof face->eye_colour);

  i = g_rand_int_range (rand, 0, G_N_ELEMENTS (shirts));
  jitter = g_rand_double_range (rand, 0.8, 1.2);
  scale_rgb (shirts[i], jitter, jitter, jitter, face->shirt);
  i = g_rand_int_range (rand, 0, G_N_ELEMENTS (backdrops));
  jitter = g_rand_double_range (rand, -0.03, 0.03);
  for (k = 0; k < 3; k++)
    face->background[k] = CLAMP (backdrops[i][k] + jitter, 0.0, 1.0);

  face->head_width = g_rand_double_range (rand, 0.56, 0.68);
  face->head_height = g_rand_double_range (rand, 0.70, 0.78);
  face->jaw = g_rand_double (rand);
  face->eye_spacing = g_rand_double_range (rand, 0.41, 0.51);
  face->eye_size = g_rand_double_range (rand, 0.18, 0.24);
  face->brow_tilt = g_rand_double_range (rand, -0.5, 0.5);
  face->nose_length = g_rand_double_range (rand, 0.18, 0.25);
  face->nose_width = g_rand_double_range (rand, 0.18, 0.32);
  face->mouth_width = g_rand_double_range (rand, 0.32, 0.46);
  face->mouth_curve = g_rand_double_range (rand, -0.3, 0.3);
  face->ear_size = g_rand_double_range (rand, 0.8, 1.2);

  pick = g_rand_double (rand);
  acc = 0.0;
  for (i = 0; i < G_N_ELEMENTS (style_weights) - 1; i++)
    {
      acc += style_weights[i];
      if (pick < acc)
        break;
    }
  face->hair_style = i;
  face->glasses = g_rand_double (rand) < 0.20;
  face->beard = g_rand_double (rand) < 0.15;
}

/**
 * di_face_draw:
 * @cr: where to draw
 * @face: the parameters, from di_face_random() or made by hand
 * @look: the light the photo is seen under
 * @x: left of the box, user units
 * @y: top of the box
 * @w: width of the box
 * @h: height of the box
 *
 * Draws a passport portrait filling the box: backdrop, shoulders, neck, head, ears, hair,
 * brows, eyes, nose, mouth, and glasses and a beard when the face has them. The head is
 * laid out in the largest 35 × 45 frame that fits the box, centred; with @face's
 * `head_width` a fraction of that frame's width and `head_height` (chin to crown) of its
 * height. Nothing is drawn outside the box; the state of @cr is kept.
 *
 * %DI_FACE_WHITE is the colour photo. %DI_FACE_IR is what a B900 camera sees: exact greys,
 * the skin light and smooth, eyes and dark hair dark, the shirt mid grey, the backdrop
 * light. %DI_FACE_UV is a faint, very dark trace (the photo does not fluoresce).
 * %DI_FACE_GHOST is a light, low-contrast grey image with no backdrop, so what is under it
 * shows through.
 *
 * The same parameters always give the same drawing. Parameters far outside the ranges
 * di_face_random() draws are clamped to drawable values; a `hair_style` outside 0–4 is drawn
 * as 4 (parted).
 */
void
di_face_draw (cairo_t      *cr,
              const DiFace *face,
              DiFaceLook    look,
              double        x,
              double        y,
              double        w,
              double        h)
{
  Painter p;
  double s;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (face != NULL);

  if (!(w > 0 && h > 0))
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  if (look == DI_FACE_GHOST)
    cairo_push_group (cr);

  /* Frame units: height 1, width FRAME_ASPECT, centred in the box. */
  s = MIN (h, w / FRAME_ASPECT);
  cairo_translate (cr, x + (w - s * FRAME_ASPECT) / 2, y + (h - s) / 2);
  cairo_scale (cr, s, s);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  painter_init (&p, cr, face, look);
  if (look != DI_FACE_GHOST)
    draw_backdrop (&p, -(w / s - FRAME_ASPECT) / 2, -(h / s - 1) / 2,
                   FRAME_ASPECT + (w / s - FRAME_ASPECT) / 2, 1 + (h / s - 1) / 2);
  draw_hair_back (&p);
  draw_neck (&p);
  draw_shirt (&p);
  draw_ears (&p);
  draw_head (&p);
  draw_brows (&p);
  draw_eyes (&p);
  draw_nose (&p);
  if (face->beard)
    draw_beard (&p);
  draw_mouth (&p);
  if (face->glasses)
    draw_glasses (&p, FALSE);
  draw_hair_front (&p);
  if (face->glasses)
    draw_glasses (&p, TRUE);

  if (look == DI_FACE_GHOST)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, 0.6);
    }
  cairo_restore (cr);
}

/* A five-pointed star, point up. */
static void
path_star (cairo_t *cr,
           double   x,
           double   y,
           double   r)
{
  for (guint i = 0; i < 10; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / 5;
      double rr = i % 2 == 0 ? r : r * 0.40;

      if (i == 0)
        cairo_move_to (cr, x + rr * cos (angle), y + rr * sin (angle));
      else
        cairo_line_to (cr, x + rr * cos (angle), y + rr * sin (angle));
    }
  cairo_close_path (cr);
}

/* The shield, in emblem units (the emblem is the square -0.5 … 0.5), shrunk by @k. */
static void
path_shield (cairo_t *cr,
             double   k)
{
  cairo_move_to (cr, -0.37 * k, -0.44 * k);
  cairo_curve_to (cr, -0.20 * k, -0.40 * k, 0.20 * k, -0.40 * k, 0.37 * k, -0.44 * k);
  cairo_line_to (cr, 0.37 * k, 0.04 * k);
  cairo_curve_to (cr, 0.37 * k, 0.26 * k, 0.18 * k, 0.38 * k, 0.0, 0.47 * k);
  cairo_curve_to (cr, -0.18 * k, 0.38 * k, -0.37 * k, 0.26 * k, -0.37 * k, 0.04 * k);
  cairo_close_path (cr);
}

/**
 * di_emblem_draw_arms:
 * @cr: where to draw
 * @cx: centre of the emblem, user units
 * @cy: centre of the emblem
 * @size: height (and at most the width) of the emblem
 * @rgba: its one colour, with alpha
 *
 * Draws Utopia's coat of arms: a shield with a double outline, three stars in chief, and in
 * the field a crenellated tower before a rising sun's rays, on waves. Line work only, thin
 * enough to stay apart at 15 mm. Everything lies within the square of side @size centred on
 * (@cx, @cy); overlapping parts do not darken each other when @rgba is translucent.
 */
void
di_emblem_draw_arms (cairo_t      *cr,
                     double        cx,
                     double        cy,
                     double        size,
                     const double  rgba[4])
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (rgba != NULL);

  if (!(size > 0))
    return;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, cx - size / 2, cy - size / 2, size, size);
  cairo_clip (cr);
  cairo_push_group (cr);
  cairo_translate (cr, cx, cy);
  cairo_scale (cr, size, size);
  cairo_set_source_rgb (cr, rgba[0], rgba[1], rgba[2]);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Outline, double. */
  path_shield (cr, 1.0);
  cairo_set_line_width (cr, 0.028);
  cairo_stroke (cr);
  path_shield (cr, 0.88);
  cairo_set_line_width (cr, 0.010);
  cairo_stroke (cr);

  /* Chief: a band across the top with three stars. */
  cairo_move_to (cr, -0.325, -0.20);
  cairo_line_to (cr, 0.325, -0.20);
  cairo_set_line_width (cr, 0.012);
  cairo_stroke (cr);
  for (int i = -1; i <= 1; i++)
    path_star (cr, i * 0.17, -0.295, 0.052);
  cairo_fill (cr);

  /* Field, inside the inner outline below the chief. */
  cairo_save (cr);
  path_shield (cr, 0.86);
  cairo_clip (cr);
  cairo_rectangle (cr, -0.5, -0.19, 1.0, 0.7);
  cairo_clip (cr);

  /* The sun's rays behind the tower. */
  cairo_set_line_width (cr, 0.007);
  for (guint i = 0; i <= 16; i++)
    {
      double angle = G_PI + G_PI * i / 16.0;
      double r0 = i % 2 == 0 ? 0.17 : 0.20;

      cairo_move_to (cr, r0 * cos (angle), 0.06 + r0 * sin (angle));
      cairo_line_to (cr, 0.5 * cos (angle), 0.06 + 0.5 * sin (angle));
    }
  cairo_stroke (cr);

  /* The tower: merlons, a gate and a window cut out of it. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_move_to (cr, -0.10, 0.22);
  cairo_line_to (cr, -0.085, -0.02);
  cairo_line_to (cr, -0.11, -0.02);
  cairo_line_to (cr, -0.11, -0.085);
  for (int i = 0; i < 3; i++)
    {
      double x0 = -0.11 + i * 0.085;

      cairo_line_to (cr, x0 + 0.05, -0.085);
      cairo_line_to (cr, x0 + 0.05, -0.055);
      if (i < 2)
        {
          cairo_line_to (cr, x0 + 0.085, -0.055);
          cairo_line_to (cr, x0 + 0.085, -0.085);
        }
    }
  cairo_line_to (cr, 0.11, -0.085);
  cairo_line_to (cr, 0.11, -0.02);
  cairo_line_to (cr, 0.085, -0.02);
  cairo_line_to (cr, 0.10, 0.22);
  cairo_close_path (cr);
  cairo_move_to (cr, -0.038, 0.22);
  cairo_line_to (cr, -0.038, 0.14);
  cairo_arc (cr, 0.0, 0.14, 0.038, G_PI, 2 * G_PI);
  cairo_line_to (cr, 0.038, 0.22);
  cairo_close_path (cr);
  cairo_rectangle (cr, -0.014, 0.02, 0.028, 0.055);
  cairo_fill (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);

  /* Waves across the base. */
  cairo_set_line_width (cr, 0.010);
  for (int row = 0; row < 3; row++)
    {
      double yy = 0.255 + row * 0.05;

      cairo_move_to (cr, -0.4, yy);
      for (int i = 0; i < 8; i++)
        {
          double x0 = -0.4 + i * 0.1;

          cairo_curve_to (cr, x0 + 0.025, yy - 0.02, x0 + 0.05, yy - 0.02, x0 + 0.05, yy);
          cairo_curve_to (cr, x0 + 0.05, yy + 0.02, x0 + 0.075, yy + 0.02, x0 + 0.1, yy);
        }
    }
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, rgba[3]);
  cairo_restore (cr);
}

/* One pen stroke of the signature: the centre line and the pen's width along it. */
typedef struct {
  GArray *x;
  GArray *y;
  GArray *width;      /* relative: 1 is the full pen */
} Stroke;

static void
stroke_add (Stroke *stroke,
            double  x,
            double  y)
{
  g_array_append_val (stroke->x, x);
  g_array_append_val (stroke->y, y);
}

/* Cursive letters as a looping wave: the pen climbs to each letter's height and comes back
 * to the baseline, running backwards at the top when the letter has a loop. */
static void
signature_word (Stroke *stroke,
                GRand  *rand,
                double  x0,
                guint   letters,
                double  slant,
                double  capital)
{
  const guint steps = 36;
  double x = x0;

  for (guint i = 0; i < letters; i++)
    {
      double kind = g_rand_double (rand);
      double size = g_rand_double (rand);
      double loopiness = g_rand_double (rand);
      double advance = g_rand_double_range (rand, 0.30, 0.42);
      double height, loop;

      /* Capitals and ascenders loop wide, small letters are arches or tight loops. */
      if (i == 0)
        {
          height = capital;
          loop = 2.2 + 0.8 * loopiness;
          advance *= 1.3;
        }
      else if (kind < 0.25)
        {
          height = 0.75 + 0.25 * size;
          loop = 1.6 + 0.9 * loopiness;
        }
      else if (kind < 0.35)
        {
          height = -(0.45 + 0.15 * size);
          loop = 1.6 + 0.8 * loopiness;
        }
      else
        {
          height = 0.28 + 0.14 * size;
          loop = 0.5 + 0.8 * loopiness;
        }

      for (guint j = (i == 0 ? 0 : 1); j <= steps; j++)
        {
          double t = 2 * G_PI * j / steps;
          double y = -height * (1 - cos (t)) / 2;
          double r = advance / (2 * G_PI) * loop;
          double px = x + advance * j / steps - r * sin (t);

          stroke_add (stroke, px - slant * y, y);
        }
      x += advance;
    }
}

/**
 * di_emblem_draw_signature:
 * @cr: where to draw
 * @seed: the signature's identity: the same seed gives the same signature
 * @x: left of the box, user units
 * @y: top of the box
 * @w: width of the box
 * @h: height of the box
 * @rgba: the ink, with alpha
 *
 * Draws a handwritten-looking signature fitted to the box: an initial and a surname in
 * connected cursive loops, slanted, with a flourish beneath, the pen heavier on the down
 * strokes and lighter at the ends. Nothing is drawn outside the box.
 */
void
di_emblem_draw_signature (cairo_t      *cr,
                          guint32       seed,
                          double        x,
                          double        y,
                          double        w,
                          double        h,
                          const double  rgba[4])
{
  g_autoptr (GRand) rand = NULL;
  Stroke strokes[3];
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double slant;
  double pen, margin, scale_x, scale_y, ox, oy, end_x;
  guint first, second;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (rgba != NULL);

  if (!(w > 0 && h > 0))
    return;

  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < G_N_ELEMENTS (strokes); i++)
    {
      strokes[i].x = g_array_new (FALSE, FALSE, sizeof (double));
      strokes[i].y = g_array_new (FALSE, FALSE, sizeof (double));
      strokes[i].width = g_array_new (FALSE, FALSE, sizeof (double));
    }

  /* In signature units: the baseline at y = 0, small letters about 0.35 high. */
  slant = g_rand_double_range (rand, 0.15, 0.45);
  first = g_rand_int_range (rand, 1, 4);
  second = g_rand_int_range (rand, 4, 8);
  signature_word (&strokes[0], rand, 0.0, first, slant, g_rand_double_range (rand, 1.0, 1.3));
  end_x = g_array_index (strokes[0].x, double, strokes[0].x->len - 1);
  signature_word (&strokes[1], rand, end_x + g_rand_double_range (rand, 0.15, 0.35), second,
                  slant, g_rand_double_range (rand, 0.9, 1.25));
  end_x = g_array_index (strokes[1].x, double, strokes[1].x->len - 1);

  /* The flourish: from the end of the name, back under it in a long shallow curve. */
  {
    double dip = g_rand_double_range (rand, 0.25, 0.45);
    double back = g_rand_double_range (rand, 0.05, 0.3);
    double wave = g_rand_double_range (rand, -0.08, 0.08);

    for (guint j = 0; j <= 60; j++)
      {
        double t = j / 60.0;
        double fx = end_x + 0.1 - (end_x + 0.1 - back) * t;
        double fy = dip * sin (G_PI * (0.15 + 0.85 * t)) * 0.6 + 0.12 + wave * sin (6 * t);

        stroke_add (&strokes[2], fx, fy);
      }
  }

  /* Pen pressure: heavy going down, light going up, tapered at both ends. */
  for (guint i = 0; i < G_N_ELEMENTS (strokes); i++)
    {
      GArray *xs = strokes[i].x;
      GArray *ys = strokes[i].y;
      guint n = xs->len;

      for (guint j = 0; j < n; j++)
        {
          guint a = j > 0 ? j - 1 : j;
          guint b = j + 1 < n ? j + 1 : j;
          double dx = g_array_index (xs, double, b) - g_array_index (xs, double, a);
          double dy = g_array_index (ys, double, b) - g_array_index (ys, double, a);
          double len = hypot (dx, dy);
          double down = len > 0 ? CLAMP (dy / len, 0.0, 1.0) : 0.0;
          double taper = MIN (1.0, MIN (j / 8.0, (n - 1 - j) / 14.0));
          double width = (0.35 + 0.65 * down) * (0.3 + 0.7 * taper);

          if (i == 2)
            width *= 0.7;
          g_array_append_val (strokes[i].width, width);
          min_x = MIN (min_x, g_array_index (xs, double, j));
          max_x = MAX (max_x, g_array_index (xs, double, j));
          min_y = MIN (min_y, g_array_index (ys, double, j));
          max_y = MAX (max_y, g_array_index (ys, double, j));
        }
    }

  /* Fit to the box with room for the pen, stretched by up to half as much again in one
   * direction (as people write larger into a wide box). */
  pen = MIN (h * 0.05, w * 0.02);
  margin = pen * 0.6;
  scale_x = MAX ((w - 2 * margin) / (max_x - min_x), 0.0);
  scale_y = MAX ((h - 2 * margin) / (max_y - min_y), 0.0);
  scale_x = MIN (scale_x, 1.5 * scale_y);
  scale_y = MIN (scale_y, 1.5 * scale_x);
  ox = x + (w - scale_x * (max_x - min_x)) / 2 - scale_x * min_x;
  oy = y + (h - scale_y * (max_y - min_y)) / 2 - scale_y * min_y;

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_push_group (cr);
  cairo_set_source_rgb (cr, rgba[0], rgba[1], rgba[2]);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < G_N_ELEMENTS (strokes); i++)
    {
      for (guint j = 0; j + 1 < strokes[i].x->len; j++)
        {
          cairo_move_to (cr, ox + scale_x * g_array_index (strokes[i].x, double, j),
                         oy + scale_y * g_array_index (strokes[i].y, double, j));
          cairo_line_to (cr, ox + scale_x * g_array_index (strokes[i].x, double, j + 1),
                         oy + scale_y * g_array_index (strokes[i].y, double, j + 1));
          cairo_set_line_width (cr, pen * (g_array_index (strokes[i].width, double, j) +
                                           g_array_index (strokes[i].width, double, j + 1)) / 2);
          cairo_stroke (cr);
        }
      g_array_unref (strokes[i].x);
      g_array_unref (strokes[i].y);
      g_array_unref (strokes[i].width);
    }
  cairo_pop_group_to_source (cr);
  cairo_paint_with_alpha (cr, rgba[3]);
  cairo_restore (cr);
}
