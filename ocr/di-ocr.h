/* di-ocr.h — find and read the MRZ of a page image
 *
 * The reader locates the MRZ at any orientation, aligns its characters to the fixed pitch
 * of the format, classifies each with a small network trained on OCR-B (ocr/mrz-ocrb.model,
 * rebuilt by tools/train-mrz-model) and hands the candidates to the mrz/ repair, which
 * repairs only what check digits prove.
 */
#pragma once

#include <glib.h>

#include "di-mrz.h"

G_BEGIN_DECLS

#define DI_OCR_ERROR (di_ocr_error_quark ())
GQuark        di_ocr_error_quark         (void);

typedef enum {
  DI_OCR_ERROR_UNREADABLE,   /* missing, unreadable, not an image of a known type */
  DI_OCR_ERROR_TOO_LARGE,    /* beyond the file size or pixel limits */
  DI_OCR_ERROR_MODEL,        /* the character model is missing or damaged */
} DiOcrError;

#define DI_OCR_MAX_FILE_BYTES (100 * 1024 * 1024)
#define DI_OCR_MAX_PIXELS (80 * 1000 * 1000)

/* An 8-bit grey image, rows of `width` bytes. */
typedef struct {
  int     width;
  int     height;
  guint8 *pixels;
} DiGray;

/* An 8-bit RGB image, one 32-bit word a pixel: 0x00RRGGBB in native byte order (cairo's
 * RGB24 layout), rows of `width` words. */
typedef struct {
  int      width;
  int      height;
  guint32 *pixels;
} DiRgb;

DiGray       *di_gray_new                (int           width,
                                          int           height);
void          di_gray_free               (DiGray       *gray);
DiRgb        *di_rgb_new                 (int           width,
                                          int           height);
void          di_rgb_free                (DiRgb        *rgb);

/* Loads PNG, JPEG, TIFF, BMP, WebP (and what else Leptonica reads) as grey or in colour,
 * the EXIF orientation applied, refusing files and images beyond the limits and damaged or
 * cut-short files, with one line naming the file and no word from the libraries. */
DiGray       *di_ocr_load_gray           (const char   *path,
                                          GError      **error);
DiRgb        *di_ocr_load_rgb            (const char   *path,
                                          GError      **error);

/* The EXIF orientation (1–8) in a TIFF structure (the body of a JPEG APP1 "Exif" block after
 * its 6-byte header, a WebP EXIF chunk, a TIFF file), or 0 when there is none. */
int           di_exif_orientation        (const guint8 *tiff,
                                          gsize         length);
/* The EXIF orientation of an image file's bytes (JPEG, WebP, PNG eXIf, TIFF), or 0. */
int           di_exif_orientation_of_file_data (const guint8 *data,
                                                gsize         length);

typedef struct _DiOcr DiOcr;

/* The engine: loads the character model once; read many images with it. */
DiOcr        *di_ocr_new                 (const char   *model_path,
                                          GError      **error);
void          di_ocr_free                (DiOcr        *self);
void          di_ocr_set_required_confidence (DiOcr    *self,
                                              double    posterior,
                                              double    unprotected);
/* The model shipped (installed, or the source tree's), or DOCINSPECT_MRZ_MODEL. */
char         *di_ocr_default_model_path  (void);

typedef struct {
  double x;
  double y;
} DiPoint;

typedef struct {
  DiMrz   *mrz;          /* NULL when no MRZ was found */
  double   rotation;     /* degrees counter-clockwise of the MRZ text from upright, 0–360 */
  DiPoint  quad[4];      /* MRZ corners as read upright: top-left, top-right, bottom-right,
                          * bottom-left, in pixels of the (EXIF-oriented) image */
  int      width;        /* of the image read */
  int      height;
} DiOcrResult;

void          di_ocr_result_clear        (DiOcrResult  *result);

gboolean      di_ocr_read_gray           (DiOcr        *self,
                                          const DiGray *gray,
                                          const GDate  *reference,
                                          DiOcrResult  *result);
gboolean      di_ocr_read_file           (DiOcr        *self,
                                          const char   *path,
                                          const GDate  *reference,
                                          DiOcrResult  *result,
                                          GError      **error);

/* Printed one-line fields (the visual zone), read with Tesseract */
typedef struct _DiTextReader DiTextReader;

DiTextReader *di_text_reader_new         (GError      **error);
void          di_text_reader_free        (DiTextReader *self);
char         *di_text_reader_read_line   (DiTextReader *self,
                                          const DiGray *gray,
                                          int           x,
                                          int           y,
                                          int           w,
                                          int           h,
                                          const char   *whitelist,
                                          double        height,
                                          double       *confidence);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiGray, di_gray_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiRgb, di_rgb_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiTextReader, di_text_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiOcr, di_ocr_free)

G_END_DECLS
