/* di-face.h — procedural faces and Utopia's emblems for the specimen generator
 *
 * Every face is drawn from random parameters: never an image of a real person.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double skin[3];          /* RGB 0–1 */
  double hair[3];
  double shirt[3];
  double background[3];    /* the photo's backdrop, light */
  double head_width;       /* fractions of the photo box: of its width, without the ears */
  double head_height;      /* of its height, chin to crown (ICAO: 0.70–0.80) */
  double jaw;              /* 0 round … 1 square */
  double eye_spacing;      /* centre to centre, fraction of the head's width (about 0.46) */
  double eye_size;         /* width of an eye, fraction of the head's width (about 0.21) */
  double eye_colour[3];
  double brow_tilt;        /* -1 … 1, outer ends down … up */
  double nose_length;      /* eye line to the bottom of the nose, fraction of head_height */
  double nose_width;       /* fraction of the head's width (about 0.25) */
  double mouth_width;      /* fraction of the head's width (about 0.4) */
  double mouth_curve;      /* -1 … 1, corners down … up; neutral is near 0 */
  double ear_size;         /* about 1 */
  int    hair_style;       /* 0 short, 1 long, 2 bald, 3 curly, 4 parted */
  gboolean glasses;
  gboolean beard;
} DiFace;

/* How the photo looks under a light */
typedef enum {
  DI_FACE_WHITE,   /* colour photo */
  DI_FACE_IR,      /* as a B900 camera sees it: grey, skin light, hair and eyes darker */
  DI_FACE_UV,      /* dark, non-fluorescent */
  DI_FACE_GHOST,   /* the faint monochrome ghost image */
} DiFaceLook;

void          di_face_random             (DiFace            *face,
                                          GRand             *rand);
/* Draws the face to fill the box x, y, w, h (user units), background included. */
void          di_face_draw               (cairo_t           *cr,
                                          const DiFace      *face,
                                          DiFaceLook         look,
                                          double             x,
                                          double             y,
                                          double             w,
                                          double             h);

/* Utopia's coat of arms, a shield centred at cx, cy, `size` high, in one colour. */
void          di_emblem_draw_arms        (cairo_t           *cr,
                                          double             cx,
                                          double             cy,
                                          double             size,
                                          const double       rgba[4]);
/* A handwritten-looking signature across the box, drawn from the seed. */
void          di_emblem_draw_signature   (cairo_t           *cr,
                                          guint32            seed,
                                          double             x,
                                          double             y,
                                          double             w,
                                          double             h,
                                          const double       rgba[4]);

G_END_DECLS
