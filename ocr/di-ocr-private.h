/* di-ocr-private.h — the reader's stages, shared with its tests and the training tool */
#pragma once

#include "di-ocr.h"

G_BEGIN_DECLS

/* A cell: one character position sampled upright, ink bright (1) on paper dark (0). */
#define DI_CELL_WIDTH 24
#define DI_CELL_HEIGHT 32
#define DI_CELL_SIZE (DI_CELL_WIDTH * DI_CELL_HEIGHT)

/* The 37 MRZ characters in class order */
#define DI_MRZ_CLASSES "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
#define DI_N_CLASSES 37

/* Where an MRZ lies, in pixels of the grey image given to the locator. */
typedef struct {
  int     n_lines;                /* 2 or 3 */
  int     n_chars;                /* 30, 36 or 44 */
  double  angle;                  /* text direction: radians from the image x axis */
  double  pitch;                  /* character pitch */
  double  height;                 /* capital height */
  DiPoint centre[3][44];          /* of every character cell */
  DiPoint along[3];               /* unit vector along each line, in reading direction */
  double  score;                  /* how MRZ-like: characters found on the grid */
} DiMrzLocation;

#define DI_MAX_LOCATIONS 4

/* The MRZ-like blocks of the image, best first; returns how many (0 when none). */
guint         di_ocr_locate              (const DiGray        *gray,
                                          DiMrzLocation       *locations,
                                          guint                max_locations);
/* Samples every cell of a located MRZ, line by line, into `cells` (n_lines × n_chars ×
 * DI_CELL_SIZE floats); `flipped` reads it turned by 180°. */
void          di_ocr_sample_cells        (const DiGray        *gray,
                                          const DiMrzLocation *location,
                                          gboolean             flipped,
                                          float               *cells);

/* The character classifier */
typedef struct _DiCellModel DiCellModel;

DiCellModel  *di_cell_model_load         (const char          *path,
                                          GError             **error);
void          di_cell_model_free         (DiCellModel         *model);
/* Class probabilities (DI_N_CLASSES) of `n` cells */
void          di_cell_model_classify     (const DiCellModel   *model,
                                          const float         *cells,
                                          guint                n,
                                          float               *probabilities);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiCellModel, di_cell_model_free)

G_END_DECLS
