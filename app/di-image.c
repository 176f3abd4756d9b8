/* di-image.c — image files (PNG, JPEG) and the capture effects of a full-page reader
 *
 * Files are decoded by the loader of ocr/ (di_ocr_load_rgb(): Leptonica, libjpeg for JPEG,
 * with its limits, EXIF orientation and refusal of damaged files), whose pixels are already
 * in cairo's RGB24 layout and are copied into a surface. The JPEG writer uses libjpeg with a
 * setjmp/longjmp error manager, so that a failure ends in a GError rather than in exit().
 * Both writers encode into memory and then replace the target in one rename, so a failed
 * write never leaves a partial file under the final name.
 *
 * The capture effects work on the 32-bit pixels of a CAIRO_FORMAT_RGB24 surface (0xXXRRGGBB
 * in native byte order); only the placement of the page on the glass goes through cairo.
 */
#define G_LOG_DOMAIN "di-image"

#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

#include "di-image.h"
#include "di-ocr.h"

/* cairo itself defines no autoptr cleanups (surfaces and contexts: di-image.h) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_pattern_t, cairo_pattern_destroy)

#define WARP_MAX_SIDE 4096
#define WARP_OUTSIDE 0xff808080u

static guint32
sample_bilinear (const DiRgb *image,
                 double       x,
                 double       y)
{
  int x0 = (int) floor (x), y0 = (int) floor (y);
  double fx = x - x0, fy = y - y0;
  guint32 out = 0xff000000u;

  if (x0 < 0 || y0 < 0 || x0 + 1 >= image->width || y0 + 1 >= image->height)
    {
      int xi = (int) lround (x), yi = (int) lround (y);

      if (xi < 0 || yi < 0 || xi >= image->width || yi >= image->height)
        return WARP_OUTSIDE;
      return 0xff000000u | image->pixels[(gsize) yi * image->width + xi];
    }
  for (int shift = 0; shift < 24; shift += 8)
    {
      const guint32 *row0 = image->pixels + (gsize) y0 * image->width + x0;
      const guint32 *row1 = row0 + image->width;
      double top = ((row0[0] >> shift) & 0xff) * (1 - fx) + ((row0[1] >> shift) & 0xff) * fx;
      double bottom = ((row1[0] >> shift) & 0xff) * (1 - fx) + ((row1[1] >> shift) & 0xff) * fx;

      out |= (guint32) lround (top * (1 - fy) + bottom * fy) << shift;
    }
  return out;
}

/**
 * di_image_warp_page_region:
 * @image: the image of a page (a scan, or a template's reference)
 * @mm_to_image: the homography, row-major, from page millimetres to pixels of @image
 * @x_mm: left edge of the rectangle on the page
 * @y_mm: top edge
 * @w_mm: width
 * @h_mm: height
 * @px_per_mm: the resolution of the result
 *
 * Returns: (transfer full) (nullable): an RGB24 surface of the rectangle, upright, or %NULL
 *   when the rectangle is empty, too large or not finite
 */
cairo_surface_t *
di_image_warp_page_region (const DiRgb  *image,
                           const double  mm_to_image[9],
                           double        x_mm,
                           double        y_mm,
                           double        w_mm,
                           double        h_mm,
                           double        px_per_mm)
{
  const double *m = mm_to_image;
  double fw = w_mm * px_per_mm, fh = h_mm * px_per_mm;
  cairo_surface_t *surface;
  guint8 *data;
  int width, height, stride;

  g_return_val_if_fail (image != NULL && mm_to_image != NULL, NULL);
  if (!isfinite (fw) || !isfinite (fh) || !isfinite (x_mm) || !isfinite (y_mm) ||
      fw < 1 || fh < 1 || fw > WARP_MAX_SIDE || fh > WARP_MAX_SIDE)
    return NULL;
  width = (int) lround (fw);
  height = (int) lround (fh);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int j = 0; j < height; j++)
    {
      guint32 *row = (guint32 *) (data + (gsize) j * stride);
      double v = y_mm + (j + 0.5) / px_per_mm;

      for (int i = 0; i < width; i++)
        {
          double u = x_mm + (i + 0.5) / px_per_mm;
          double w = m[6] * u + m[7] * v + m[8];

          row[i] = fabs (w) < 1e-12 ? WARP_OUTSIDE
                   : sample_bilinear (image, (m[0] * u + m[1] * v + m[2]) / w,
                                      (m[3] * u + m[4] * v + m[5]) / w);
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* The largest width or height of a cairo image surface. */
#define CAIRO_MAX_SIDE 32767

G_DEFINE_QUARK (di-image-error-quark, di_image_error)

/* --- reading ----------------------------------------------------------------------------- */

/* The base name of @path for messages: valid UTF-8, control characters shown as '?', so
 * that a message stays one printable line whatever the name holds. */
static char *
display_name (const char *path)
{
  char *name = g_filename_display_basename (path);

  for (char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return name;
}

/**
 * di_image_load:
 * @path: an image file: PNG, JPEG, or another type that Leptonica reads
 * @error: return location for a #DI_IMAGE_ERROR
 *
 * Loads an image with di_ocr_load_rgb(), the loader of the MRZ reader and of inspection,
 * telling its type by its first bytes, not by its name. Besides PNG and JPEG it reads what
 * Leptonica reads (TIFF, BMP, WebP and others). Files larger than %DI_OCR_MAX_FILE_BYTES and
 * images of more than %DI_OCR_MAX_PIXELS pixels are refused with %DI_IMAGE_ERROR_TOO_LARGE
 * before they are decoded; images more than 32767 pixels wide or tall (cairo's limit) are
 * refused with it too, once decoded. Damaged and cut-short files are refused with
 * %DI_IMAGE_ERROR_UNREADABLE. A PNG with transparency is composited over white; a grey
 * image is expanded to RGB; a CMYK JPEG is converted to RGB; the EXIF orientation (JPEG,
 * PNG, WebP, TIFF) is applied. Every error message is one line beginning with the file's
 * base name.
 *
 * Returns: (transfer full) (nullable): a CAIRO_FORMAT_RGB24 surface, or %NULL with @error set
 */
cairo_surface_t *
di_image_load (const char  *path,
               GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (DiRgb) rgb = NULL;
  g_autoptr (cairo_surface_t) surface = NULL;
  cairo_status_t status;
  guint8 *pixels;
  int stride;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rgb = di_ocr_load_rgb (path, &local_error);
  if (rgb == NULL)
    {
      DiImageError code = g_error_matches (local_error, DI_OCR_ERROR, DI_OCR_ERROR_TOO_LARGE)
                          ? DI_IMAGE_ERROR_TOO_LARGE : DI_IMAGE_ERROR_UNREADABLE;

      g_set_error_literal (error, DI_IMAGE_ERROR, code, local_error->message);
      return NULL;
    }
  if (rgb->width > CAIRO_MAX_SIDE || rgb->height > CAIRO_MAX_SIDE)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_TOO_LARGE,
                   "%s: %d x %d pixels, wider or taller than %d",
                   name, rgb->width, rgb->height, CAIRO_MAX_SIDE);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, rgb->width, rgb->height);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_UNREADABLE,
                   "%s: %s", name, cairo_status_to_string (status));
      return NULL;
    }
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < rgb->height; y++)
    {
      const guint32 *in = rgb->pixels + (gsize) y * rgb->width;
      guint32 *out = (guint32 *) (pixels + (gsize) y * stride);

      /* the unused top byte set, as cairo itself leaves it */
      for (int x = 0; x < rgb->width; x++)
        out[x] = 0xff000000u | in[x];
    }
  cairo_surface_mark_dirty (surface);
  return g_steal_pointer (&surface);
}

/* --- writing ----------------------------------------------------------------------------- */

/* A copy of @surface as RGB24, composited over white; @surface itself when it is RGB24. */
static cairo_surface_t *
to_rgb24 (cairo_surface_t *surface)
{
  cairo_surface_t *rgb;
  g_autoptr (cairo_t) cr = NULL;

  if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24)
    return cairo_surface_reference (surface);

  rgb = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                    cairo_image_surface_get_width (surface),
                                    cairo_image_surface_get_height (surface));
  cr = cairo_create (rgb);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_surface_flush (rgb);
  return rgb;
}

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegErrorMgr;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegErrorMgr *err = (JpegErrorMgr *) cinfo->err;

  err->pub.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

/* Only the encoder is used here (reading is ocr/'s): a warning while writing is a failure. */
static void
jpeg_emit_message_cb (j_common_ptr cinfo,
                      int          level)
{
  if (level < 0)
    jpeg_error_exit_cb (cinfo);
}

static void
jpeg_output_message_cb (j_common_ptr cinfo)
{
  /* Nothing goes to stderr: errors come back as GErrors. */
}

static void
jpeg_error_mgr_init (JpegErrorMgr *err)
{
  jpeg_std_error (&err->pub);
  err->pub.error_exit = jpeg_error_exit_cb;
  err->pub.emit_message = jpeg_emit_message_cb;
  err->pub.output_message = jpeg_output_message_cb;
}

/* g_file_set_contents_full() with CONSISTENT writes a temporary file in the same folder and
 * renames it over @path, removing the temporary file when anything fails. */
static gboolean
write_file (const char    *path,
            const guint8  *data,
            gsize          size,
            GError       **error)
{
  g_autoptr (GError) local_error = NULL;

  if (!g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0666, &local_error))
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE,
                   "%s: cannot write the file (%s)", name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_writable_surface (cairo_surface_t  *surface,
                        const char       *path,
                        GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE,
                   "%s: the image is in error (%s)", name, cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static cairo_status_t
byte_array_write_cb (void                *closure,
                     const unsigned char *data,
                     unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * di_image_save_png:
 * @surface: an image surface
 * @path: the file to write; replaced if it exists
 * @error: return location for a #DI_IMAGE_ERROR
 *
 * Writes @surface as PNG (RGB for CAIRO_FORMAT_RGB24, RGBA for surfaces with alpha). The file
 * is written under a temporary name in the same folder and renamed, so a failure never leaves
 * a partial file under @path.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%DI_IMAGE_ERROR_WRITE)
 */
gboolean
di_image_save_png (cairo_surface_t  *surface,
                   const char       *path,
                   GError          **error)
{
  g_autoptr (GByteArray) png = NULL;
  cairo_status_t status;

  g_return_val_if_fail (surface != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable_surface (surface, path, error))
    return FALSE;
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, FALSE);

  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, byte_array_write_cb, png);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE,
                   "%s: cannot encode PNG (%s)", name, cairo_status_to_string (status));
      return FALSE;
    }
  return write_file (path, png->data, png->len, error);
}

typedef struct {
  struct jpeg_compress_struct cinfo;
  JpegErrorMgr                err;
  unsigned char              *buffer;   /* malloc()ed by libjpeg */
  unsigned long               size;
  guint8                     *row;
} JpegEncoder;

/* The part of di_image_save_jpeg() that may longjmp(): all its state is in @enc. */
static void
encode_jpeg (JpegEncoder     *enc,
             cairo_surface_t *rgb,
             int              quality)
{
  j_compress_ptr cinfo = &enc->cinfo;
  const guint8 *pixels = cairo_image_surface_get_data (rgb);
  int stride = cairo_image_surface_get_stride (rgb);

  jpeg_create_compress (cinfo);
  jpeg_mem_dest (cinfo, &enc->buffer, &enc->size);
  cinfo->image_width = cairo_image_surface_get_width (rgb);
  cinfo->image_height = cairo_image_surface_get_height (rgb);
  cinfo->input_components = 3;
  cinfo->in_color_space = JCS_RGB;
  jpeg_set_defaults (cinfo);
  jpeg_set_quality (cinfo, quality, TRUE);   /* TRUE: baseline quantisation tables */
  /* Spelt out rather than left to the library's defaults: 4:2:0, sequential Huffman coding
   * with the standard tables, the exact integer DCT. Nothing varies between runs. */
  cinfo->comp_info[0].h_samp_factor = 2;
  cinfo->comp_info[0].v_samp_factor = 2;
  cinfo->comp_info[1].h_samp_factor = 1;
  cinfo->comp_info[1].v_samp_factor = 1;
  cinfo->comp_info[2].h_samp_factor = 1;
  cinfo->comp_info[2].v_samp_factor = 1;
  cinfo->optimize_coding = FALSE;
  cinfo->dct_method = JDCT_ISLOW;
  cinfo->arith_code = FALSE;

  enc->row = g_malloc ((gsize) cinfo->image_width * 3);
  jpeg_start_compress (cinfo, TRUE);
  while (cinfo->next_scanline < cinfo->image_height)
    {
      const guint32 *in = (const guint32 *) (pixels + (gsize) cinfo->next_scanline * stride);
      JSAMPROW rows[1] = { enc->row };
      guint8 *out = enc->row;

      for (guint x = 0; x < cinfo->image_width; x++, out += 3)
        {
          out[0] = in[x] >> 16;
          out[1] = in[x] >> 8;
          out[2] = in[x];
        }
      jpeg_write_scanlines (cinfo, rows, 1);
    }
  jpeg_finish_compress (cinfo);
}

static gboolean
save_jpeg_rgb (cairo_surface_t  *rgb,
               const char       *path,
               int               quality,
               GError          **error)
{
  /* On the heap: what encode_jpeg() changes must survive the longjmp() back here. */
  g_autofree JpegEncoder *enc = g_new0 (JpegEncoder, 1);
  gboolean ok;

  jpeg_error_mgr_init (&enc->err);
  enc->cinfo.err = &enc->err.pub;
  if (setjmp (enc->err.jump) == 0)
    {
      encode_jpeg (enc, rgb, quality);
      ok = write_file (path, enc->buffer, enc->size, error);
    }
  else
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE,
                   "%s: cannot encode JPEG (%s)", name, enc->err.message);
      ok = FALSE;
    }
  jpeg_destroy_compress (&enc->cinfo);
  free (enc->buffer);
  g_free (enc->row);
  return ok;
}

/**
 * di_image_save_jpeg:
 * @surface: an image surface (composited over white if it has alpha)
 * @path: the file to write; replaced if it exists
 * @quality: JPEG quality, 1–100
 * @error: return location for a #DI_IMAGE_ERROR
 *
 * Writes @surface as a baseline JPEG with 4:2:0 chroma subsampling. The output is
 * deterministic: the same pixels and quality always give the same bytes. The file is written
 * under a temporary name in the same folder and renamed, so a failure never leaves a partial
 * file under @path.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%DI_IMAGE_ERROR_WRITE), also for a
 *   @quality outside 1–100
 */
gboolean
di_image_save_jpeg (cairo_surface_t  *surface,
                    const char       *path,
                    int               quality,
                    GError          **error)
{
  g_autoptr (cairo_surface_t) rgb = NULL;

  g_return_val_if_fail (surface != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_writable_surface (surface, path, error))
    return FALSE;
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, FALSE);
  if (quality < 1 || quality > 100)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE,
                   "%s: JPEG quality %d is outside 1–100", name, quality);
      return FALSE;
    }

  cairo_surface_flush (surface);
  rgb = to_rgb24 (surface);
  if (!check_writable_surface (rgb, path, error))
    return FALSE;
  return save_jpeg_rgb (rgb, path, quality, error);
}

/* --- capture effects --------------------------------------------------------------------- */

static const char *const level_names[] = { "none", "light", "medium", "heavy" };

/**
 * di_capture_level_from_string:
 * @text: "none", "light", "medium" or "heavy"
 * @out: (out): the level
 *
 * Returns: %TRUE if @text names a level; @out is untouched otherwise
 */
gboolean
di_capture_level_from_string (const char     *text,
                              DiCaptureLevel *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (level_names); i++)
    if (g_strcmp0 (text, level_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/**
 * di_capture_level_to_string:
 * @level: a capture level
 *
 * Returns: (nullable): the name of @level, or %NULL if it is not a level
 */
const char *
di_capture_level_to_string (DiCaptureLevel level)
{
  return (guint) level < G_N_ELEMENTS (level_names) ? level_names[level] : NULL;
}

typedef struct {
  double margin_mm;
  double angle_deg;       /* ± */
  double offset_mm;       /* ± in x and y */
  double blur_min, blur_max;
  double noise_min, noise_max;
  double lighting_min, lighting_max;
  double no_jpeg_chance;
  int    jpeg_min, jpeg_max;
} LevelRanges;

static const LevelRanges level_ranges[] = {
  [DI_CAPTURE_LIGHT] = { 4, 1.5, 1.5, 0.0, 0.6, 0, 3, 0.00, 0.10, 1.0 / 2, 85, 95 },
  [DI_CAPTURE_MEDIUM] = { 6, 4.0, 3.0, 0.3, 1.2, 2, 6, 0.05, 0.25, 1.0 / 3, 60, 90 },
  [DI_CAPTURE_HEAVY] = { 8, 8.0, 5.0, 0.8, 2.0, 4, 10, 0.15, 0.40, 0.0, 30, 70 },
};

/**
 * di_capture_random:
 * @capture: (out caller-allocates): the parameters drawn
 * @level: how strong the effects are
 * @rand: the source of randomness
 *
 * Draws capture parameters for @level. %DI_CAPTURE_NONE gives all zeros (and no draws), for
 * which di_capture_apply() returns an exact copy of the page. The other levels always make
 * the same nine draws in the same order (angle, offset x, offset y, blur, noise, lighting,
 * lighting direction, whether to write JPEG, JPEG quality), so the same seed gives the same
 * parameters. The ranges:
 *
 * - light: margin 4 mm, angle ±1.5°, offset ±1.5 mm, blur 0–0.6 px, noise 0–3, lighting
 *   0–0.1, JPEG none in half the cases, else quality 85–95;
 * - medium: margin 6 mm, ±4°, ±3 mm, blur 0.3–1.2 px, noise 2–6, lighting 0.05–0.25, JPEG
 *   none in a third of the cases, else 60–90;
 * - heavy: margin 8 mm, ±8°, ±5 mm, blur 0.8–2 px, noise 4–10, lighting 0.15–0.4, JPEG
 *   30–70.
 *
 * Use the same parameters for the three lights of one scan set.
 */
void
di_capture_random (DiCapture      *capture,
                   DiCaptureLevel  level,
                   GRand          *rand)
{
  const LevelRanges *r;
  gboolean no_jpeg;
  int quality;

  g_return_if_fail (capture != NULL);
  g_return_if_fail (rand != NULL);
  g_return_if_fail ((guint) level < G_N_ELEMENTS (level_ranges));

  memset (capture, 0, sizeof *capture);
  if (level == DI_CAPTURE_NONE)
    return;

  r = &level_ranges[level];
  capture->margin_mm = r->margin_mm;
  capture->angle_deg = g_rand_double_range (rand, -r->angle_deg, r->angle_deg);
  capture->offset_x_mm = g_rand_double_range (rand, -r->offset_mm, r->offset_mm);
  capture->offset_y_mm = g_rand_double_range (rand, -r->offset_mm, r->offset_mm);
  capture->blur_sigma_px = g_rand_double_range (rand, r->blur_min, r->blur_max);
  capture->noise_sigma = g_rand_double_range (rand, r->noise_min, r->noise_max);
  capture->lighting = g_rand_double_range (rand, r->lighting_min, r->lighting_max);
  capture->lighting_angle = g_rand_double_range (rand, 0, 2 * G_PI);
  no_jpeg = g_rand_double (rand) < r->no_jpeg_chance;
  quality = g_rand_int_range (rand, r->jpeg_min, r->jpeg_max + 1);
  capture->jpeg_quality = no_jpeg ? 0 : quality;
}

/* The glass of the reader, as its camera sees it under each light (8-bit sRGB). */
static const guint8 backgrounds[DI_N_LIGHTS][3] = {
  [DI_LIGHT_WHITE] = { 35, 35, 38 },
  [DI_LIGHT_UV] = { 18, 10, 34 },
  [DI_LIGHT_IR] = { 45, 45, 45 },
};

/* Gaussian blur on the pixels of an RGB24 surface: a horizontal pass, then a vertical one,
 * each a convolution with integer weights summing to 4096, edges extended. The three
 * channels of a pixel are spread into one 64-bit word, 21 bits apart, so that one multiply
 * weighs all three at once: 255 × 4096 plus rounding stays below 2^21, so lanes never
 * carry into each other. Shifting the sum right by 12 brings each lane's integer part to
 * the lane's base. */
#define LANE_BITS 21
#define BLUR_SHIFT 12
#define BLUR_ONE (1 << BLUR_SHIFT)

static const guint64 lane_round = (guint64) (BLUR_ONE / 2) |
                                  (guint64) (BLUR_ONE / 2) << LANE_BITS |
                                  (guint64) (BLUR_ONE / 2) << (2 * LANE_BITS);
static const guint64 lane_mask8 = (guint64) 0xff | (guint64) 0xff << LANE_BITS |
                                  (guint64) 0xff << (2 * LANE_BITS);

static inline guint64
spread (guint32 p)
{
  return (p & 0xff) | (guint64) (p & 0xff00) << (LANE_BITS - 8) |
         (guint64) (p & 0xff0000) << (2 * LANE_BITS - 16);
}

static inline guint32
unspread (guint64 s)
{
  return 0xff000000u | (guint32) (s & 0xff) | (guint32) (s >> (LANE_BITS - 8) & 0xff00) |
         (guint32) (s >> (2 * LANE_BITS - 16) & 0xff0000);
}

static void
blur_row_horizontal (const guint32 *row,
                     guint64       *line,
                     guint64       *out,
                     int            width,
                     int            radius,
                     const guint32 *weights)
{
  for (int x = -radius; x < width + radius; x++)
    line[x + radius] = spread (row[CLAMP (x, 0, width - 1)]);
  for (int x = 0; x < width; x++)
    {
      const guint64 *in = line + x + radius;
      guint64 a = lane_round + weights[radius] * in[0];

      for (int k = 1; k <= radius; k++)
        a += weights[radius + k] * (in[-k] + in[k]);
      out[x] = a >> BLUR_SHIFT & lane_mask8;
    }
}

/* In place. The kernel is symmetric, so pixels at ±k are added before the multiply (a lane
 * then holds at most 510 × a weight, and the whole sum still at most 255 × 4096). The
 * horizontally blurred rows that the vertical pass needs wait in a ring of 2 × radius + 1
 * rows: row j is made, from the untouched input, just before output row j − radius is
 * written over it. */
static void
gaussian_blur (guint8 *pixels,
               int     width,
               int     height,
               int     stride,
               double  sigma)
{
  int radius = (int) ceil (3 * sigma);
  int taps = 2 * radius + 1;
  g_autofree double *g = g_new (double, taps);
  g_autofree guint32 *weights = g_new (guint32, taps);
  g_autofree guint64 *line = g_new (guint64, width + 2 * radius);
  g_autofree guint64 *ring = g_new (guint64, (gsize) width * taps);
  g_autofree const guint64 **rows = g_new (const guint64 *, taps);
  double sum = 0;
  int total = 0, made = 0;

  for (int k = 0; k < taps; k++)
    sum += g[k] = exp (-(double) (k - radius) * (k - radius) / (2 * sigma * sigma));
  for (int k = 0; k < taps; k++)
    total += weights[k] = (guint32) lround (g[k] / sum * BLUR_ONE);
  weights[radius] += BLUR_ONE - total;   /* the centre is the largest: it stays positive */

  for (int y = 0; y < height; y++)
    {
      guint32 *out = (guint32 *) (pixels + (gsize) y * stride);

      for (; made <= MIN (y + radius, height - 1); made++)
        blur_row_horizontal ((const guint32 *) (pixels + (gsize) made * stride), line,
                             ring + (gsize) (made % taps) * width, width, radius, weights);
      for (int k = 0; k < taps; k++)
        rows[k] = ring + (gsize) (CLAMP (y + k - radius, 0, height - 1) % taps) * width;
      for (int x = 0; x < width; x++)
        {
          guint64 a = lane_round + weights[radius] * rows[radius][x];

          for (int k = 1; k <= radius; k++)
            a += weights[radius + k] * (rows[radius - k][x] + rows[radius + k][x]);
          out[x] = unspread (a >> BLUR_SHIFT & lane_mask8);
        }
    }
}

/* Sensor noise is drawn from a table of equally likely values: the quantiles of the standard
 * normal distribution at (i + ½) / N, scaled to unit variance. One g_rand_int() then gives
 * the noise of all three channels of a pixel (10 bits each), which keeps the noise fast. */
#define N_QUANTILES 1024

static const double *
normal_quantiles (void)
{
  static double table[N_QUANTILES];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      double variance = 0, scale;

      for (int i = 0; i < N_QUANTILES; i++)
        {
          double p = (i + 0.5) / N_QUANTILES, lo = -10, hi = 10;

          /* Bisection on the normal CDF, Φ(x) = erfc(−x/√2) / 2 */
          for (int step = 0; step < 64; step++)
            {
              double mid = (lo + hi) / 2;

              if (0.5 * erfc (-mid / G_SQRT2) < p)
                lo = mid;
              else
                hi = mid;
            }
          table[i] = (lo + hi) / 2;
          variance += table[i] * table[i] / N_QUANTILES;
        }
      scale = 1 / sqrt (variance);
      for (int i = 0; i < N_QUANTILES; i++)
        table[i] *= scale;
      g_once_init_leave (&initialised, 1);
    }
  return table;
}

static inline guint32
light_channel (guint32 value,
               gint32  factor,
               gint32  noise)
{
  gint32 v = (gint32) value * factor + noise + (1 << 15);

  return v <= 0 ? 0 : MIN (v >> 16, 255);
}

/* Uneven lighting and sensor noise in one pass, in 16.16 fixed point. The brightness factor
 * is 1 − lighting × t, where t is the position along (cos angle, sin angle) between the
 * corner it meets first (t = 0) and the opposite corner (t = 1). */
static void
light_and_noise (guint8  *pixels,
                 int      width,
                 int      height,
                 int      stride,
                 double   lighting,
                 double   angle,
                 double   noise_sigma,
                 guint32  noise_seed)
{
  double cx = cos (angle), cy = sin (angle);
  double p_min = MIN (0, cx * width) + MIN (0, cy * height);
  double p_max = MAX (0, cx * width) + MAX (0, cy * height);
  double span = p_max - p_min;
  gint64 step = llround (-lighting * cx / span * 4294967296.0);
  g_autoptr (GRand) rng = NULL;
  gint32 noise[N_QUANTILES] = { 0 };

  if (noise_sigma > 0)
    {
      const double *q = normal_quantiles ();

      rng = g_rand_new_with_seed (noise_seed);
      for (int i = 0; i < N_QUANTILES; i++)
        noise[i] = (gint32) lround (q[i] * noise_sigma * 65536);
    }

  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *) (pixels + (gsize) y * stride);
      double t0 = (0.5 * cx + (y + 0.5) * cy - p_min) / span;
      gint64 f = llround ((1 - lighting * t0) * 4294967296.0);   /* 32.32 */

      for (int x = 0; x < width; x++, f += step)
        {
          gint32 factor = (gint32) (f >> 16);
          guint32 p = row[x], u = rng != NULL ? g_rand_int (rng) : 0;

          row[x] = 0xff000000u |
                   light_channel (p >> 16 & 0xff, factor, noise[u & 0x3ff]) << 16 |
                   light_channel (p >> 8 & 0xff, factor, noise[u >> 10 & 0x3ff]) << 8 |
                   light_channel (p & 0xff, factor, noise[u >> 20 & 0x3ff]);
        }
    }
}

/**
 * di_capture_apply:
 * @page: the page as drawn, an image surface at @dpi
 * @dpi: resolution of @page and of the result
 * @capture: the capture parameters (see di_capture_random())
 * @light: the light, which sets the colour of the reader's glass around the page
 * @noise_seed: seed of the sensor noise
 *
 * Simulates the image a full-page reader writes of @page. The result is larger than @page by
 * the margin on each side, filled with the glass's colour under @light; the page is drawn
 * turned by @capture->angle_deg about its centre (positive angles turn it clockwise as seen
 * in the image) and shifted by the offset (x to the right, y down), with bilinear filtering.
 * Then, in this order: Gaussian blur (skipped below σ 0.05 px), uneven lighting, and
 * Gaussian sensor noise per channel drawn from a #GRand seeded with @noise_seed.
 *
 * The geometry depends on @page's size, @dpi and @capture only, so the three lights of a
 * scan set (pages of one size, the same @capture) come out pixel-aligned. With all
 * parameters zero the result is an exact copy of an RGB24 @page. JPEG compression is left
 * to di_image_save_jpeg().
 *
 * Returns: (transfer full): a new CAIRO_FORMAT_RGB24 surface
 */
cairo_surface_t *
di_capture_apply (cairo_surface_t *page,
                  double           dpi,
                  const DiCapture *capture,
                  DiLight          light,
                  guint32          noise_seed)
{
  g_autoptr (cairo_t) cr = NULL;
  g_autoptr (cairo_pattern_t) pattern = NULL;
  cairo_surface_t *out;
  const guint8 *bg;
  double px_per_mm = dpi / 25.4;
  int page_w, page_h, margin, out_w, out_h, stride;
  guint8 *pixels;

  g_return_val_if_fail (page != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (page) == CAIRO_SURFACE_TYPE_IMAGE, NULL);
  g_return_val_if_fail (cairo_surface_status (page) == CAIRO_STATUS_SUCCESS, NULL);
  g_return_val_if_fail (dpi > 0 && dpi < 10000, NULL);
  g_return_val_if_fail (capture != NULL, NULL);
  g_return_val_if_fail ((guint) light < DI_N_LIGHTS, NULL);
  g_return_val_if_fail (capture->margin_mm >= 0 && capture->margin_mm <= 100, NULL);
  g_return_val_if_fail (isfinite (capture->angle_deg), NULL);
  g_return_val_if_fail (fabs (capture->offset_x_mm) <= 1000, NULL);
  g_return_val_if_fail (fabs (capture->offset_y_mm) <= 1000, NULL);
  g_return_val_if_fail (capture->blur_sigma_px >= 0 && capture->blur_sigma_px <= 50, NULL);
  g_return_val_if_fail (capture->noise_sigma >= 0 && capture->noise_sigma <= 100, NULL);
  g_return_val_if_fail (capture->lighting >= 0 && capture->lighting <= 1, NULL);
  g_return_val_if_fail (isfinite (capture->lighting_angle), NULL);

  page_w = cairo_image_surface_get_width (page);
  page_h = cairo_image_surface_get_height (page);
  margin = (int) lround (capture->margin_mm * px_per_mm);
  out_w = page_w + 2 * margin;
  out_h = page_h + 2 * margin;
  g_return_val_if_fail (page_w > 0 && page_h > 0, NULL);
  g_return_val_if_fail (out_w <= CAIRO_MAX_SIDE && out_h <= CAIRO_MAX_SIDE, NULL);

  out = cairo_image_surface_create (CAIRO_FORMAT_RGB24, out_w, out_h);
  if (cairo_surface_status (out) != CAIRO_STATUS_SUCCESS)
    return out;   /* out of memory: an error surface, as cairo itself returns */

  bg = backgrounds[light];
  cr = cairo_create (out);
  cairo_set_source_rgb (cr, bg[0] / 255.0, bg[1] / 255.0, bg[2] / 255.0);
  cairo_paint (cr);

  cairo_translate (cr, margin + page_w / 2.0 + capture->offset_x_mm * px_per_mm,
                   margin + page_h / 2.0 + capture->offset_y_mm * px_per_mm);
  cairo_rotate (cr, capture->angle_deg * G_PI / 180);
  cairo_translate (cr, -page_w / 2.0, -page_h / 2.0);
  pattern = cairo_pattern_create_for_surface (page);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_NONE);
  cairo_set_source (cr, pattern);
  cairo_paint (cr);
  g_clear_pointer (&cr, cairo_destroy);

  cairo_surface_flush (out);
  pixels = cairo_image_surface_get_data (out);
  stride = cairo_image_surface_get_stride (out);
  if (capture->blur_sigma_px >= 0.05)
    gaussian_blur (pixels, out_w, out_h, stride, capture->blur_sigma_px);
  if (capture->lighting > 0 || capture->noise_sigma > 0)
    light_and_noise (pixels, out_w, out_h, stride, capture->lighting, capture->lighting_angle,
                     capture->noise_sigma, noise_seed);
  cairo_surface_mark_dirty (out);
  return out;
}
