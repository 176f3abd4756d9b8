/* TEMPORARY stub until feat-face lands */
#include "config.h"
#include <string.h>
#include "di-face.h"
void di_face_random (DiFace *face, GRand *rand) { memset (face, 0, sizeof *face); face->skin[0] = g_rand_double (rand); }
void di_face_draw (cairo_t *cr, const DiFace *face, DiFaceLook look, double x, double y, double w, double h)
{ cairo_save (cr); cairo_set_source_rgb (cr, 0.8, 0.85, 0.9); cairo_rectangle (cr, x, y, w, h); cairo_fill (cr);
  cairo_set_source_rgb (cr, face->skin[0], 0.5, 0.4); cairo_arc (cr, x + w/2, y + h*0.45, w*0.3, 0, 6.3); cairo_fill (cr); cairo_restore (cr); }
void di_emblem_draw_arms (cairo_t *cr, double cx, double cy, double size, const double rgba[4])
{ cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]); cairo_set_line_width (cr, 0.2); cairo_rectangle (cr, cx - size/3, cy - size/2, size*2/3, size); cairo_stroke (cr); }
void di_emblem_draw_signature (cairo_t *cr, guint32 seed, double x, double y, double w, double h, const double rgba[4])
{ cairo_set_source_rgba (cr, rgba[0], rgba[1], rgba[2], rgba[3]); cairo_set_line_width (cr, 0.2); cairo_move_to (cr, x, y + h/2); cairo_curve_to (cr, x + w/3, y, x + w*2/3, y + h, x + w*0.8, y + h/2); cairo_stroke (cr); }
