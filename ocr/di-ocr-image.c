/* di-ocr-image.c — page images as grey or colour, with limits and the EXIF orientation
 *
 * Leptonica decodes (libjpeg directly for JPEG); we refuse too-large files and images before
 * decoding, refuse damaged and cut-short files without a word from the libraries (one line
 * on stderr is the command's, not the library's), and turn the pixels the way the EXIF
 * orientation says, as every image viewer does.
 */
#define G_LOG_DOMAIN "di-ocr"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdio.h>
#include <jpeglib.h>
#include <jerror.h>
#include <leptonica/allheaders.h>
#include <string.h>
#include <zlib.h>

#include "di-ocr-private.h"

G_DEFINE_QUARK (di-ocr-error-quark, di_ocr_error)

DiGray *
di_gray_new (int width,
             int height)
{
  DiGray *gray;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  gray = g_new (DiGray, 1);
  gray->width = width;
  gray->height = height;
  gray->pixels = g_malloc0 ((gsize) width * height);
  return gray;
}

void
di_gray_free (DiGray *gray)
{
  if (gray == NULL)
    return;
  g_free (gray->pixels);
  g_free (gray);
}

DiRgb *
di_rgb_new (int width,
            int height)
{
  DiRgb *rgb;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  rgb = g_new (DiRgb, 1);
  rgb->width = width;
  rgb->height = height;
  rgb->pixels = g_new0 (guint32, (gsize) width * height);
  return rgb;
}

void
di_rgb_free (DiRgb *rgb)
{
  if (rgb == NULL)
    return;
  g_free (rgb->pixels);
  g_free (rgb);
}

/* --- EXIF -------------------------------------------------------------------------------- */

static guint
read16 (const guint8 *p,
        gboolean      big)
{
  return big ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);
}

static guint32
read32 (const guint8 *p,
        gboolean      big)
{
  return big ? ((guint32) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3])
             : ((guint32) p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0]);
}

/**
 * di_exif_orientation:
 * @tiff: a TIFF structure ("II*\0" or "MM\0*" first)
 * @length: its size in bytes
 *
 * Returns: the orientation tag (0x0112) of the first image directory, 1–8, or 0 when there
 *   is none or the structure is damaged
 */
int
di_exif_orientation (const guint8 *tiff,
                     gsize         length)
{
  gboolean big;
  guint32 ifd;
  guint count;

  if (length < 8 || !((tiff[0] == 'I' && tiff[1] == 'I') || (tiff[0] == 'M' && tiff[1] == 'M')))
    return 0;
  big = tiff[0] == 'M';
  if (read16 (tiff + 2, big) != 42)
    return 0;
  ifd = read32 (tiff + 4, big);
  if (ifd > length - 2 || ifd < 8)
    return 0;
  count = read16 (tiff + ifd, big);
  for (guint i = 0; i < count; i++)
    {
      gsize entry = (gsize) ifd + 2 + 12 * (gsize) i;
      guint value;

      if (entry + 12 > length)
        return 0;
      if (read16 (tiff + entry, big) != 0x0112)
        continue;
      /* one SHORT */
      if (read16 (tiff + entry + 2, big) != 3 || read32 (tiff + entry + 4, big) != 1)
        return 0;
      value = read16 (tiff + entry + 8, big);
      return value >= 1 && value <= 8 ? (int) value : 0;
    }
  return 0;
}

static int
jpeg_orientation (const guint8 *data,
                  gsize         length)
{
  gsize at = 2;

  /* markers until the image data: APP1 "Exif\0\0" holds a TIFF structure */
  while (at + 4 <= length && data[at] == 0xff)
    {
      guint8 marker = data[at + 1];
      gsize size;

      if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01 ||
          marker == 0xff)
        {
          at += marker == 0xff ? 1 : 2;
          continue;
        }
      if (marker == 0xda || marker == 0xd9)
        break;
      size = (gsize) data[at + 2] << 8 | data[at + 3];
      if (size < 2 || at + 2 + size > length)
        break;
      if (marker == 0xe1 && size >= 8 && memcmp (data + at + 4, "Exif\0\0", 6) == 0)
        return di_exif_orientation (data + at + 10, size - 8);
      at += 2 + size;
    }
  return 0;
}

static int
webp_orientation (const guint8 *data,
                  gsize         length)
{
  gsize at = 12;

  while (at + 8 <= length)
    {
      guint32 size = read32 (data + at + 4, FALSE);

      if (size > length - at - 8)
        break;
      if (memcmp (data + at, "EXIF", 4) == 0)
        {
          const guint8 *body = data + at + 8;

          /* some writers keep the JPEG-style "Exif\0\0" header */
          if (size >= 6 && memcmp (body, "Exif\0\0", 6) == 0)
            return di_exif_orientation (body + 6, size - 6);
          return di_exif_orientation (body, size);
        }
      at += 8 + size + (size & 1);
    }
  return 0;
}

static int
png_orientation (const guint8 *data,
                 gsize         length)
{
  gsize at = 8;

  while (at + 12 <= length)
    {
      guint32 size = read32 (data + at, TRUE);

      if (size > length - at - 12)
        break;
      if (memcmp (data + at + 4, "eXIf", 4) == 0)
        return di_exif_orientation (data + at + 8, size);
      if (memcmp (data + at + 4, "IDAT", 4) == 0)
        break;
      at += 12 + size;
    }
  return 0;
}

/**
 * di_exif_orientation_of_file_data:
 * @data: an image file's bytes
 * @length: their number
 *
 * Returns: the EXIF orientation of a JPEG, WebP, PNG or TIFF file, 1–8, or 0 for none
 */
int
di_exif_orientation_of_file_data (const guint8 *data,
                                  gsize         length)
{
  if (length >= 4 && data[0] == 0xff && data[1] == 0xd8)
    return jpeg_orientation (data, length);
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return webp_orientation (data, length);
  if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return png_orientation (data, length);
  return di_exif_orientation (data, length);
}

/* --- decoding ---------------------------------------------------------------------------- */

/* A normal progressive JPEG has about ten scans; thousands only serve to waste time. */
#define JPEG_MAX_SCANS 500

static void
silence_leptonica (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      setMsgSeverity (L_SEVERITY_NONE);
      g_once_init_leave (&done, 1);
    }
}

/* The base name of @path for messages: valid UTF-8, control characters shown as '?', so
 * that a message stays one line whatever the name holds. */
static char *
display_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *name = g_utf8_make_valid (base, -1);

  for (char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return name;
}

static gboolean
check_pixels (const char *name,
              gint64      width,
              gint64      height,
              GError    **error)
{
  if (width <= 0 || height <= 0)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE, "%s: the image has no pixels",
                   name);
      return FALSE;
    }
  if (width * height > DI_OCR_MAX_PIXELS)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_TOO_LARGE,
                   "%s: %" G_GINT64_FORMAT " × %" G_GINT64_FORMAT " pixels is more than %d "
                   "million", name, width, height, DI_OCR_MAX_PIXELS / 1000000);
      return FALSE;
    }
  return TRUE;
}

static void
set_damaged (GError    **error,
             const char *name,
             gboolean    cut_short)
{
  g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE,
               cut_short ? "%s: the image is damaged (cut short)" : "%s: the image is damaged",
               name);
}

/* JPEG is decoded here rather than by Leptonica, whose libjpeg setup prints the library's
 * warnings on stderr and keeps the pixels of damaged data; we refuse those, quietly. */
typedef struct {
  struct jpeg_error_mgr         pub;   /* first: cinfo->err points at it */
  jmp_buf                       jump;
  struct jpeg_decompress_struct cinfo;
  struct jpeg_progress_mgr      progress;
  JSAMPROW                      row;
  PIX                          *pix;
  gboolean                      cut_short;
  gboolean                      ok;
} JpegDecoder;

static void
jpeg_fail_cb (j_common_ptr cinfo)
{
  longjmp (((JpegDecoder *) (void *) cinfo->err)->jump, 1);
}

/* libjpeg reports damaged data as warnings and goes on with grey blocks: only the warnings
 * that leave the pixels intact are let through. */
static void
jpeg_message_cb (j_common_ptr cinfo,
                 int          level)
{
  if (level >= 0)
    return;   /* trace messages */
  switch (cinfo->err->msg_code)
    {
    case JWRN_EXTRANEOUS_DATA:   /* stray bytes between segments */
    case JWRN_JFIF_MAJOR:
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC:         /* the ICC profile is not used */
      return;
    case JWRN_JPEG_EOF:
      ((JpegDecoder *) (void *) cinfo->err)->cut_short = TRUE;
      break;
    default:
      break;
    }
  jpeg_fail_cb (cinfo);
}

static void
jpeg_output_message_cb (j_common_ptr cinfo)
{
  /* nothing on stderr: the caller's message says it once */
}

static void
jpeg_progress_cb (j_common_ptr cinfo)
{
  if (cinfo->is_decompressor &&
      ((j_decompress_ptr) cinfo)->input_scan_number > JPEG_MAX_SCANS)
    jpeg_fail_cb (cinfo);
}

/* The part of decode_jpeg () that may longjmp (): its state lives in @dec. The pixels come
 * out as Leptonica's own reader lays them: 8 bpp grey, or 32 bpp RGB. */
static gboolean
run_jpeg (JpegDecoder  *dec,
          const guint8 *data,
          gsize         length,
          const char   *name,
          GError      **error)
{
  j_decompress_ptr cinfo = &dec->cinfo;
  gboolean direct = FALSE;
  l_uint32 *pixels;
  int wpl;

  jpeg_create_decompress (cinfo);
  dec->progress.progress_monitor = jpeg_progress_cb;
  cinfo->progress = &dec->progress;
  jpeg_mem_src (cinfo, data, length);
  jpeg_read_header (cinfo, TRUE);
  if (!check_pixels (name, cinfo->image_width, cinfo->image_height, error))
    return FALSE;
  switch (cinfo->jpeg_color_space)
    {
    case JCS_GRAYSCALE:
      cinfo->out_color_space = JCS_GRAYSCALE;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      cinfo->out_color_space = JCS_CMYK;
      break;
    default:
#ifdef JCS_EXTENSIONS
      /* libjpeg-turbo writes Leptonica's words, 0xRRGGBBxx in native byte order, itself */
      cinfo->out_color_space = G_BYTE_ORDER == G_LITTLE_ENDIAN ? JCS_EXT_XBGR : JCS_EXT_RGBX;
      direct = TRUE;
#else
      cinfo->out_color_space = JCS_RGB;
#endif
      break;
    }
  jpeg_start_decompress (cinfo);
  /* every word of a 32 bpp row is written; narrower rows have padding to be zero */
  dec->pix = direct ? pixCreateNoInit (cinfo->output_width, cinfo->output_height, 32)
                    : pixCreate (cinfo->output_width, cinfo->output_height,
                                 cinfo->output_components == 1 ? 8 : 32);
  if (dec->pix == NULL)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_TOO_LARGE,
                   "%s: not enough memory for the image", name);
      return FALSE;
    }
  pixels = pixGetData (dec->pix);
  wpl = pixGetWpl (dec->pix);
  if (!direct)
    dec->row = g_malloc ((gsize) cinfo->output_width * cinfo->output_components);
  while (cinfo->output_scanline < cinfo->output_height)
    {
      l_uint32 *line = pixels + (gsize) cinfo->output_scanline * wpl;
      const guint8 *in = dec->row;

      if (direct)
        {
          JSAMPROW row = (JSAMPROW) line;

          jpeg_read_scanlines (cinfo, &row, 1);
          continue;
        }
      jpeg_read_scanlines (cinfo, &dec->row, 1);
      if (cinfo->output_components == 1)
        for (guint x = 0; x < cinfo->output_width; x++)
          SET_DATA_BYTE (line, x, in[x]);
      else if (cinfo->output_components == 3)
        for (guint x = 0; x < cinfo->output_width; x++, in += 3)
          composeRGBPixel (in[0], in[1], in[2], line + x);
      else
        for (guint x = 0; x < cinfo->output_width; x++, in += 4)
          {
            /* CMYK as Leptonica turns it to RGB; Adobe writes it inverted */
            int k = in[3];

            if (cinfo->saw_Adobe_marker)
              composeRGBPixel (k * in[0] / 255, k * in[1] / 255, k * in[2] / 255, line + x);
            else
              composeRGBPixel (k * (255 - in[0]) / 255, k * (255 - in[1]) / 255,
                               k * (255 - in[2]) / 255, line + x);
          }
    }
  /* reads up to the end marker: a file cut short after the last row is noticed too */
  jpeg_finish_decompress (cinfo);
  return TRUE;
}

static PIX *
decode_jpeg (const guint8 *data,
             gsize         length,
             const char   *name,
             GError      **error)
{
  /* on the heap: what run_jpeg () changes must survive the longjmp () back here */
  g_autofree JpegDecoder *dec = g_new0 (JpegDecoder, 1);

  jpeg_std_error (&dec->pub);
  dec->pub.error_exit = jpeg_fail_cb;
  dec->pub.emit_message = jpeg_message_cb;
  dec->pub.output_message = jpeg_output_message_cb;
  dec->cinfo.err = &dec->pub;
  if (setjmp (dec->jump) == 0)
    dec->ok = run_jpeg (dec, data, length, name, error);
  else
    set_damaged (error, name, dec->cut_short);
  jpeg_destroy_decompress (&dec->cinfo);
  g_free (dec->row);
  if (!dec->ok)
    pixDestroy (&dec->pix);
  return dec->pix;
}

/* TRUE when the chunks of a PNG file follow one another up to IEND, each critical one with a
 * right checksum, and image data came before IEND: libpng would tell of a damaged file on
 * stderr. */
static gboolean
png_intact (const guint8 *data,
            gsize         length,
            gboolean     *cut_short)
{
  gsize at = 8;
  gboolean image_data = FALSE;

  *cut_short = FALSE;
  for (;;)
    {
      guint32 size;

      if (length - at < 12 || (size = read32 (data + at, TRUE)) > length - at - 12)
        {
          *cut_short = TRUE;
          return FALSE;
        }
      /* a critical chunk's type begins with a capital; libpng only warns of the others */
      if (g_ascii_isupper (data[at + 4]) &&
          crc32 (0, data + at + 4, size + 4) != read32 (data + at + 8 + size, TRUE))
        return FALSE;
      if (memcmp (data + at + 4, "IDAT", 4) == 0)
        image_data = TRUE;
      if (memcmp (data + at + 4, "IEND", 4) == 0)
        return image_data;
      at += 12 + (gsize) size;
    }
}

/* The image shown upright: EXIF orientations 2–8 are mirrors and quarter turns. */
static PIX *
apply_orientation (PIX *pix,
                   int  orientation)
{
  PIX *turned;

  switch (orientation)
    {
    case 2:
      turned = pixFlipLR (NULL, pix);
      break;
    case 3:
      turned = pixRotate180 (NULL, pix);
      break;
    case 4:
      turned = pixFlipTB (NULL, pix);
      break;
    case 5:   /* mirrored about the main diagonal */
      turned = pixRotate90 (pix, 1);
      if (turned != NULL)
        pixFlipLR (turned, turned);
      break;
    case 6:   /* to be turned clockwise */
      turned = pixRotate90 (pix, 1);
      break;
    case 7:   /* mirrored about the other diagonal */
      turned = pixRotate90 (pix, 1);
      if (turned != NULL)
        pixFlipTB (turned, turned);
      break;
    case 8:   /* to be turned anticlockwise */
      turned = pixRotate90 (pix, -1);
      break;
    default:
      return pix;
    }
  pixDestroy (&pix);
  return turned;
}

/* What both loaders share: the file read within its size limit, the image's size checked
 * before decoding, a damaged or cut-short file refused without a word from the libraries,
 * the pixels decoded and turned upright. Messages begin with the file's base name. */
static PIX *
load_pix (const char *path,
          GError    **error)
{
  g_autofree char *name = display_name (path);
  g_autofree guint8 *data = NULL;
  GStatBuf st;
  gsize length;
  PIX *pix;

  silence_leptonica ();

  if (g_stat (path, &st) != 0)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE, "%s: %s", name,
                   g_strerror (errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE, "%s: not a file", name);
      return NULL;
    }
  if (st.st_size > DI_OCR_MAX_FILE_BYTES)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_TOO_LARGE,
                   "%s: the file is larger than %d MiB", name, DI_OCR_MAX_FILE_BYTES >> 20);
      return NULL;
    }
  if (!g_file_get_contents (path, (char **) &data, &length, NULL))
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE, "%s: cannot be read", name);
      return NULL;
    }
  /* the file may have grown since the stat */
  if (length > DI_OCR_MAX_FILE_BYTES)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_TOO_LARGE,
                   "%s: the file is larger than %d MiB", name, DI_OCR_MAX_FILE_BYTES >> 20);
      return NULL;
    }

  if (length >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    {
      pix = decode_jpeg (data, length, name, error);
      if (pix == NULL)
        return NULL;
    }
  else
    {
      l_int32 format, w, h, bps, spp, cmap;
      gboolean cut_short;

      if (pixReadHeaderMem (data, length, &format, &w, &h, &bps, &spp, &cmap) != 0)
        {
          g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE,
                       "%s: not an image of a known type", name);
          return NULL;
        }
      if (!check_pixels (name, w, h, error))
        return NULL;
      if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 &&
          !png_intact (data, length, &cut_short))
        {
          set_damaged (error, name, cut_short);
          return NULL;
        }
      pix = pixReadMem (data, length);
      if (pix == NULL)
        {
          set_damaged (error, name, FALSE);
          return NULL;
        }
      /* a TIFF may hold pages of other sizes: the decoded one is what counts */
      if (!check_pixels (name, pixGetWidth (pix), pixGetHeight (pix), error))
        {
          pixDestroy (&pix);
          return NULL;
        }
    }

  pix = apply_orientation (pix, di_exif_orientation_of_file_data (data, length));
  if (pix == NULL)
    g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_TOO_LARGE,
                 "%s: not enough memory to turn the image", name);
  return pix;
}

static DiGray *
gray_from_pix (PIX *pix)
{
  PIX *pix8 = pixConvertTo8 (pix, 0);
  DiGray *gray;
  l_uint32 *data;
  int wpl;

  if (pix8 == NULL)
    return NULL;
  gray = di_gray_new (pixGetWidth (pix8), pixGetHeight (pix8));
  data = pixGetData (pix8);
  wpl = pixGetWpl (pix8);
  for (int y = 0; y < gray->height; y++)
    {
      l_uint32 *line = data + (gsize) y * wpl;

      for (int x = 0; x < gray->width; x++)
        gray->pixels[(gsize) y * gray->width + x] = GET_DATA_BYTE (line, x);
    }
  pixDestroy (&pix8);
  return gray;
}

/* A Leptonica word 0xRRGGBBAA composited over white, as 0x00RRGGBB. */
static inline guint32
over_white (l_uint32 word)
{
  guint32 a = word & 0xff, out = 0;

  for (int shift = 8; shift <= 24; shift += 8)
    {
      guint32 c = word >> shift & 0xff;

      out |= (c * a + 255 * (255 - a) + 127) / 255 << (shift - 8);
    }
  return out;
}

static DiRgb *
rgb_from_pix (PIX *pix)
{
  PIX *pix32 = pixGetDepth (pix) == 32 ? pixClone (pix) : pixConvertTo32 (pix);
  DiRgb *rgb;
  l_uint32 *data;
  gboolean alpha;
  int wpl;

  if (pix32 == NULL)
    return NULL;
  /* PNG with an alpha channel (grey, RGB, or a palette with transparency) */
  alpha = pixGetSpp (pix32) == 4;
  rgb = di_rgb_new (pixGetWidth (pix32), pixGetHeight (pix32));
  data = pixGetData (pix32);
  wpl = pixGetWpl (pix32);
  for (int y = 0; y < rgb->height; y++)
    {
      const l_uint32 *line = data + (gsize) y * wpl;
      guint32 *out = rgb->pixels + (gsize) y * rgb->width;

      /* Leptonica's words are 0xRRGGBBAA */
      if (alpha)
        for (int x = 0; x < rgb->width; x++)
          out[x] = over_white (line[x]);
      else
        for (int x = 0; x < rgb->width; x++)
          out[x] = line[x] >> 8;
    }
  pixDestroy (&pix32);
  return rgb;
}

/**
 * di_ocr_load_gray:
 * @path: an image file
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the image as grey, upright by its EXIF orientation, or %NULL
 *   with @error set (#DI_OCR_ERROR_UNREADABLE, #DI_OCR_ERROR_TOO_LARGE)
 */
DiGray *
di_ocr_load_gray (const char *path,
                  GError    **error)
{
  PIX *pix = load_pix (path, error);
  DiGray *gray;

  if (pix == NULL)
    return NULL;
  gray = gray_from_pix (pix);
  pixDestroy (&pix);
  if (gray == NULL)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE,
                   "%s: the image cannot be turned to grey", name);
    }
  return gray;
}

/**
 * di_ocr_load_rgb:
 * @path: an image file
 * @error: return location for a #GError
 *
 * Loads an image in colour with the checks and limits of di_ocr_load_gray(): grey images
 * come out with three equal channels, an image with transparency is composited over white.
 *
 * Returns: (transfer full): the image, upright by its EXIF orientation, or %NULL with
 *   @error set (#DI_OCR_ERROR_UNREADABLE, #DI_OCR_ERROR_TOO_LARGE)
 */
DiRgb *
di_ocr_load_rgb (const char *path,
                 GError    **error)
{
  PIX *pix = load_pix (path, error);
  DiRgb *rgb;

  if (pix == NULL)
    return NULL;
  rgb = rgb_from_pix (pix);
  pixDestroy (&pix);
  if (rgb == NULL)
    {
      g_autofree char *name = display_name (path);

      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE,
                   "%s: the image cannot be turned to RGB", name);
    }
  return rgb;
}
