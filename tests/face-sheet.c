/* face-sheet.c — a contact sheet of procedural faces, arms and signatures, to look at
 *
 * Not a test: it writes a PNG for a person to judge. Usage: face-sheet OUT.png [DPI [SEED]]
 * Each row holds three faces, each in white light, IR, UV and as a ghost image on a tinted
 * page; the last row has the coat of arms (15 and 30 mm high) and two signatures.
 */
#include "config.h"

#include <stdlib.h>

#include "di-face.h"

#define MM_PER_INCH 25.4
#define PHOTO_W_MM 35.0
#define PHOTO_H_MM 45.0
#define GAP_MM 3.0
#define FACES 12
#define FACES_PER_ROW 3
#define LOOKS 4

/* A security-print-like page background, so the ghost image's transparency shows. */
static void
draw_page (cairo_t *cr,
           double   x,
           double   y,
           double   w,
           double   h)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.93, 0.95, 0.90);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.75, 0.85, 0.80);
  cairo_set_line_width (cr, 0.15);
  for (double yy = y - h; yy < y + 2 * h; yy += 1.2)
    {
      cairo_move_to (cr, x, yy);
      cairo_curve_to (cr, x + w / 3, yy - 3, x + 2 * w / 3, yy + 3, x + w, yy);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

int
main (int    argc,
      char **argv)
{
  static const DiFaceLook looks[LOOKS] = { DI_FACE_WHITE, DI_FACE_IR, DI_FACE_UV, DI_FACE_GHOST };
  static const double ink[4] = { 0.10, 0.12, 0.35, 1.0 };
  static const double arms_colour[4] = { 0.45, 0.20, 0.35, 0.9 };
  g_autoptr (GRand) rand = NULL;
  double dpi = 150;
  guint32 seed = 1;
  double cell_w = LOOKS * (PHOTO_W_MM + 1) + GAP_MM;
  double cell_h = PHOTO_H_MM + GAP_MM;
  double sheet_w, sheet_h;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (argc < 2)
    {
      g_printerr ("Usage: %s OUT.png [DPI [SEED]]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    dpi = g_ascii_strtod (argv[2], NULL);
  if (argc > 3)
    seed = (guint32) g_ascii_strtoull (argv[3], NULL, 10);
  if (!(dpi >= 30 && dpi <= 1200))
    {
      g_printerr ("DPI must be between 30 and 1200\n");
      return 2;
    }

  sheet_w = GAP_MM + FACES_PER_ROW * cell_w;
  sheet_h = GAP_MM + (FACES / FACES_PER_ROW) * cell_h + 40.0;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        (int) (sheet_w * dpi / MM_PER_INCH),
                                        (int) (sheet_h * dpi / MM_PER_INCH));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / MM_PER_INCH, dpi / MM_PER_INCH);

  rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < FACES; i++)
    {
      DiFace face;
      double x0 = GAP_MM + (i % FACES_PER_ROW) * cell_w;
      double y0 = GAP_MM + (i / FACES_PER_ROW) * cell_h;

      di_face_random (&face, rand);
      for (guint l = 0; l < LOOKS; l++)
        {
          double x = x0 + l * (PHOTO_W_MM + 1);

          if (looks[l] == DI_FACE_GHOST)
            draw_page (cr, x, y0, PHOTO_W_MM, PHOTO_H_MM);
          di_face_draw (cr, &face, looks[l], x, y0, PHOTO_W_MM, PHOTO_H_MM);
        }
    }

  {
    double y0 = GAP_MM + (FACES / FACES_PER_ROW) * cell_h;

    draw_page (cr, GAP_MM, y0, sheet_w - 2 * GAP_MM, 34);
    di_emblem_draw_arms (cr, GAP_MM + 20, y0 + 17, 15, arms_colour);
    di_emblem_draw_arms (cr, GAP_MM + 60, y0 + 17, 30, arms_colour);
    di_emblem_draw_signature (cr, seed, GAP_MM + 100, y0 + 8, 50, 18, ink);
    di_emblem_draw_signature (cr, seed + 1, GAP_MM + 170, y0 + 8, 50, 18, ink);
  }

  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, argv[1]);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("%s: %s\n", argv[1], cairo_status_to_string (status));
      return 1;
    }
  return 0;
}
