/* di-ocr-image.c — page images as grey, with limits and the EXIF orientation
 *
 * Leptonica decodes; we refuse too-large files and images before decoding, silence its
 * messages (one line on stderr is the command's, not the library's), and turn the pixels
 * the way the EXIF orientation says, as every image viewer does.
 */
#define G_LOG_DOMAIN "di-ocr"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <string.h>

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

/* The grey pixels shown upright: orientation 2–8 are mirrors and quarter turns. */
static DiGray *
apply_orientation (DiGray *src,
                   int     orientation)
{
  gboolean swap = orientation >= 5;
  DiGray *dst;

  if (orientation <= 1)
    return src;
  dst = di_gray_new (swap ? src->height : src->width, swap ? src->width : src->height);
  for (int y = 0; y < dst->height; y++)
    for (int x = 0; x < dst->width; x++)
      {
        int sx, sy;

        /* where the displayed pixel (x, y) is stored */
        switch (orientation)
          {
          case 2: sx = src->width - 1 - x; sy = y; break;
          case 3: sx = src->width - 1 - x; sy = src->height - 1 - y; break;
          case 4: sx = x; sy = src->height - 1 - y; break;
          case 5: sx = y; sy = x; break;
          case 6: sx = y; sy = src->height - 1 - x; break;
          case 7: sx = src->width - 1 - y; sy = src->height - 1 - x; break;
          case 8: default: sx = src->width - 1 - y; sy = x; break;
          }
        dst->pixels[(gsize) y * dst->width + x] = src->pixels[(gsize) sy * src->width + sx];
      }
  di_gray_free (src);
  return dst;
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
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_utf8_make_valid (base, -1);
  g_autofree guint8 *data = NULL;
  GStatBuf st;
  gsize length;
  l_int32 format, w, h, bps, spp, cmap;
  PIX *pix;
  DiGray *gray;

  setMsgSeverity (L_SEVERITY_NONE);

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
  if (pixReadHeaderMem (data, length, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 ||
      h <= 0)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE,
                   "%s: not an image of a known type", name);
      return NULL;
    }
  if ((gint64) w * h > DI_OCR_MAX_PIXELS)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_TOO_LARGE,
                   "%s: %d × %d pixels is more than %d million", name, w, h,
                   DI_OCR_MAX_PIXELS / 1000000);
      return NULL;
    }
  pix = pixReadMem (data, length);
  if (pix == NULL)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE, "%s: the image is damaged",
                   name);
      return NULL;
    }
  gray = gray_from_pix (pix);
  pixDestroy (&pix);
  if (gray == NULL)
    {
      g_set_error (error, DI_OCR_ERROR, DI_OCR_ERROR_UNREADABLE,
                   "%s: the image cannot be turned to grey", name);
      return NULL;
    }
  return apply_orientation (gray, di_exif_orientation_of_file_data (data, length));
}
