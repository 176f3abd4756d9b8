/* di-vision-image.cpp — images: loading with limits, saving, cropping; the shared helpers
 *
 * OpenCV 4.6 decodes the file, EXIF orientation applied as cv::imread does. It has no way
 * to read an image's size without decoding it (cv::ImageCollection came later, and
 * OPENCV_IO_MAX_IMAGE_PIXELS is read once, when the library is loaded), so we read the size
 * from the file's header ourselves and refuse before decoding; only the formats whose
 * header we read are accepted: PNG, JPEG, TIFF, BMP and WebP.
 */
#define G_LOG_DOMAIN "di-vision"

#include "config.h"

#include <errno.h>
#include <memory>
#include <glib/gstdio.h>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <stdarg.h>
#include <string.h>
#include <vector>

#include "di-vision-private.hpp"

namespace di_vision {

void
fail (const char *format,
      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  std::string text (message);
  g_free (message);
  throw Failure (text);
}

/* One line: newlines and tabs become spaces, trailing space goes. */
static char *
one_line (const char *message)
{
  char *line = g_strdup (message != NULL && *message != '\0' ? message : "unknown failure");

  for (char *p = line; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return g_strchomp (line);
}

void
set_error (char       **error_out,
           const char  *message)
{
  if (error_out != NULL)
    *error_out = one_line (message);
}

void
set_opencv_error (char                **error_out,
                  const cv::Exception  &e)
{
  /* what () is several lines with the source path; the message and the function suffice */
  char *message = g_strdup_printf ("OpenCV error in %s: %s",
                                   e.func.empty () ? "an OpenCV function" : e.func.c_str (),
                                   e.err.c_str ());

  set_error (error_out, message);
  g_free (message);
}

const cv::Mat &
checked (const DiVisionImage *image,
         const char          *what)
{
  if (image == NULL)
    fail ("no %s image was given", what);
  if (image->empty ())
    fail ("the %s image is empty", what);
  return *image;
}

cv::Rect
clamp_rect (const cv::Mat &image,
            DiVisionRect   rect)
{
  /* in 64 bits, so that no sum of ints overflows */
  gint64 x0 = MAX ((gint64) rect.x, 0);
  gint64 y0 = MAX ((gint64) rect.y, 0);
  gint64 x1 = MIN ((gint64) rect.x + MAX (rect.width, 0), (gint64) image.cols);
  gint64 y1 = MIN ((gint64) rect.y + MAX (rect.height, 0), (gint64) image.rows);

  if (x1 <= x0 || y1 <= y0)
    fail ("the rectangle %d,%d %d×%d lies outside the %d×%d image", rect.x, rect.y,
          rect.width, rect.height, image.cols, image.rows);
  return cv::Rect ((int) x0, (int) y0, (int) (x1 - x0), (int) (y1 - y0));
}

void
check_same_size (const cv::Mat &a,
                 const cv::Mat &b)
{
  if (a.size () != b.size ())
    fail ("the images are not in one frame: %d×%d and %d×%d", a.cols, a.rows, b.cols, b.rows);
}

cv::Mat
to_grey (const cv::Mat &bgr)
{
  cv::Mat grey;

  if (bgr.channels () == 1)
    return bgr;
  cv::cvtColor (bgr, grey, cv::COLOR_BGR2GRAY);
  return grey;
}

double
ncc (const cv::Mat &a,
     const cv::Mat &b)
{
  cv::Mat fa, fb;
  cv::Scalar ma, sa, mb, sb;

  a.convertTo (fa, CV_64F);
  b.convertTo (fb, CV_64F);
  cv::meanStdDev (fa, ma, sa);
  cv::meanStdDev (fb, mb, sb);
  if (sa[0] < 1e-6 || sb[0] < 1e-6)
    return 0.0;
  fa -= ma[0];
  fb -= mb[0];
  return fa.dot (fb) / (sqrt (fa.dot (fa)) * sqrt (fb.dot (fb)));
}

/* --- the size in a file's header --------------------------------------------------------- */

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static guint
be16 (const guint8 *p)
{
  return (guint) p[0] << 8 | p[1];
}

static guint
le16 (const guint8 *p)
{
  return (guint) p[1] << 8 | p[0];
}

static bool
jpeg_size (const guint8 *data,
           size_t        length,
           gint64       *width,
           gint64       *height)
{
  size_t at = 2;

  while (at + 4 <= length)
    {
      guint marker;
      size_t size;

      if (data[at] != 0xff)
        return false;
      marker = data[at + 1];
      if (marker == 0xff)
        {
          at++;   /* fill byte */
          continue;
        }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          at += 2;
          continue;
        }
      if (marker == 0xd9 || marker == 0xda)
        return false;   /* no frame header before the image data */
      size = be16 (data + at + 2);
      if (size < 2 || at + 2 + size > length)
        return false;
      /* SOF0–SOF15, less DHT (c4), JPG (c8) and DAC (cc) */
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
          marker != 0xcc)
        {
          if (size < 7)
            return false;
          *height = be16 (data + at + 5);
          *width = be16 (data + at + 7);
          return true;
        }
      at += 2 + size;
    }
  return false;
}

static bool
tiff_size (const guint8 *data,
           size_t        length,
           gint64       *width,
           gint64       *height)
{
  bool big = data[0] == 'M';
  auto u16 = [&] (size_t at) { return big ? be16 (data + at) : le16 (data + at); };
  auto u32 = [&] (size_t at) { return big ? be32 (data + at) : le32 (data + at); };
  size_t ifd, count;

  if (length < 8 || u16 (2) != 42)
    return false;   /* BigTIFF (43) too */
  ifd = u32 (4);
  if (ifd < 8 || ifd > length - 2)
    return false;
  count = u16 (ifd);
  *width = *height = -1;
  for (size_t i = 0; i < count; i++)
    {
      size_t entry = ifd + 2 + 12 * i;
      guint tag, type;
      gint64 value;

      if (entry + 12 > length)
        return false;
      tag = u16 (entry);
      type = u16 (entry + 2);
      if (tag != 256 && tag != 257)
        continue;
      if (type == 3)
        value = u16 (entry + 8);
      else if (type == 4)
        value = u32 (entry + 8);
      else
        return false;
      if (tag == 256)
        *width = value;
      else
        *height = value;
    }
  return *width >= 0 && *height >= 0;
}

static bool
webp_size (const guint8 *data,
           size_t        length,
           gint64       *width,
           gint64       *height)
{
  if (length < 30)
    return false;
  if (memcmp (data + 12, "VP8 ", 4) == 0)
    {
      if (data[23] != 0x9d || data[24] != 0x01 || data[25] != 0x2a)
        return false;
      *width = le16 (data + 26) & 0x3fff;
      *height = le16 (data + 28) & 0x3fff;
      return true;
    }
  if (memcmp (data + 12, "VP8L", 4) == 0)
    {
      guint32 bits = le32 (data + 21);

      if (data[20] != 0x2f)
        return false;
      *width = (bits & 0x3fff) + 1;
      *height = ((bits >> 14) & 0x3fff) + 1;
      return true;
    }
  if (memcmp (data + 12, "VP8X", 4) == 0)
    {
      *width = (gint64) (data[24] | data[25] << 8 | data[26] << 16) + 1;
      *height = (gint64) (data[27] | data[28] << 8 | data[29] << 16) + 1;
      return true;
    }
  return false;
}

/* The pixel size the file's header announces; false when it is not one of our formats or
 * its header is damaged. */
static bool
header_size (const guint8 *data,
             size_t        length,
             gint64       *width,
             gint64       *height)
{
  if (length >= 24 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      if (memcmp (data + 12, "IHDR", 4) != 0)
        return false;
      *width = be32 (data + 16);
      *height = be32 (data + 20);
      return true;
    }
  if (length >= 4 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return jpeg_size (data, length, width, height);
  if (length >= 8 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return tiff_size (data, length, width, height);
  if (length >= 26 && data[0] == 'B' && data[1] == 'M')
    {
      guint32 dib = le32 (data + 14);

      if (dib == 12)
        {
          *width = le16 (data + 18);
          *height = le16 (data + 20);
          return true;
        }
      if (dib < 40)
        return false;
      *width = (gint32) le32 (data + 18);
      *height = ABS ((gint64) (gint32) le32 (data + 22));
      return true;
    }
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return webp_size (data, length, width, height);
  return false;
}

/* False for a PNG file cut short (no IEND chunk), which libpng would complain about on
 * stderr; true for anything else. */
static bool
png_complete (const guint8 *data,
              size_t        length)
{
  if (length < 8 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0)
    return true;
  for (size_t at = 8; at + 12 <= length;)
    {
      size_t size = be32 (data + at);

      if (memcmp (data + at + 4, "IEND", 4) == 0)
        return true;
      if (size > length - at - 12)
        break;
      at += 12 + size;
    }
  return false;
}

static std::string
display_name (const char *path)
{
  char *base = g_path_get_basename (path);
  char *valid = g_utf8_make_valid (base, -1);
  std::string name (valid);

  g_free (valid);
  g_free (base);
  return name;
}

static void
quiet_opencv (void)
{
  /* OpenCV would log decoder failures on stderr; the message we return says it once */
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      cv::utils::logging::setLogLevel (cv::utils::logging::LOG_LEVEL_SILENT);
      g_once_init_leave (&done, 1);
    }
}

static DiVisionImage *
load (const char *path,
      long        max_pixels)
{
  std::string name = display_name (path);
  GStatBuf st;
  gchar *contents = NULL;
  gsize length = 0;
  gint64 width = 0, height = 0;

  if (g_stat (path, &st) != 0)
    fail ("%s: %s", name.c_str (), g_strerror (errno));
  if (!S_ISREG (st.st_mode))
    fail ("%s: not a file", name.c_str ());
  if (st.st_size > DI_VISION_MAX_FILE_BYTES)
    fail ("%s: the file is larger than %d MiB", name.c_str (), DI_VISION_MAX_FILE_BYTES >> 20);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    fail ("%s: cannot be read", name.c_str ());
  /* the file may have grown since the stat */
  std::unique_ptr<gchar, decltype (&g_free)> owned (contents, g_free);
  if (length > DI_VISION_MAX_FILE_BYTES)
    fail ("%s: the file is larger than %d MiB", name.c_str (), DI_VISION_MAX_FILE_BYTES >> 20);
  if (!header_size ((const guint8 *) contents, length, &width, &height))
    fail ("%s: not a PNG, JPEG, TIFF, BMP or WebP image", name.c_str ());
  if (width <= 0 || height <= 0)
    fail ("%s: the image has no pixels", name.c_str ());
  if (width * height > max_pixels)
    fail ("%s: %" G_GINT64_FORMAT "×%" G_GINT64_FORMAT " pixels is more than the %ld allowed",
          name.c_str (), width, height, max_pixels);

  if (!png_complete ((const guint8 *) contents, length))
    fail ("%s: the image is damaged (cut short)", name.c_str ());

  quiet_opencv ();
  cv::Mat image;
  try
    {
      image = cv::imdecode (cv::Mat (1, (int) length, CV_8U, contents), cv::IMREAD_COLOR);
    }
  catch (const cv::Exception &)
    {
      image.release ();
    }
  if (image.empty ())
    fail ("%s: the image is damaged or cannot be decoded", name.c_str ());
  /* a TIFF may hold pages of other sizes: the decoded one is what counts */
  if ((gint64) image.cols * image.rows > max_pixels)
    fail ("%s: %d×%d pixels is more than the %ld allowed", name.c_str (), image.cols,
          image.rows, max_pixels);
  return new cv::Mat (std::move (image));
}

} /* namespace di_vision */

using namespace di_vision;

/**
 * di_vision_free_error:
 * @error: (nullable): a message from *error_out
 *
 * Frees a message that a di_vision function stored in its error_out (a g_malloc'd string).
 */
void
di_vision_free_error (char *error)
{
  g_free (error);
}

/**
 * di_vision_image_load:
 * @path: an image file (PNG, JPEG, TIFF, BMP or WebP)
 * @max_pixels: the largest width × height accepted
 * @error_out: (nullable): return location for a one-line message naming the file's base name
 *
 * Loads an image as 8-bit BGR, turned upright by its EXIF orientation as cv::imread does.
 * Files over %DI_VISION_MAX_FILE_BYTES and images whose header announces more than
 * @max_pixels pixels are refused before anything is decoded.
 *
 * Returns: (transfer full): the image, or %NULL with *@error_out set
 */
DiVisionImage *
di_vision_image_load (const char *path,
                      long        max_pixels,
                      char      **error_out)
{
  return guard (error_out, (DiVisionImage *) NULL, [&] {
    if (path == NULL)
      fail ("no image file was given");
    return load (path, max_pixels);
  });
}

/**
 * di_vision_image_new_from_xrgb32:
 * @data: pixels in cairo's RGB24 / ARGB32 layout (native-endian 32-bit 0xAARRGGBB)
 * @width: in pixels
 * @height: in pixels
 * @stride: bytes from one row to the next
 * @error_out: (nullable): return location for a message
 *
 * Copies pixels drawn with cairo into an image; alpha is ignored (premultiplied pixels of a
 * translucent surface come out darker).
 *
 * Returns: (transfer full): the image, or %NULL with *@error_out set
 */
DiVisionImage *
di_vision_image_new_from_xrgb32 (const unsigned char *data,
                                 int                  width,
                                 int                  height,
                                 int                  stride,
                                 char               **error_out)
{
  return guard (error_out, (DiVisionImage *) NULL, [&] {
    if (data == NULL || width <= 0 || height <= 0 || stride < 4 * (gint64) width)
      fail ("no pixels, or a size of %d×%d with %d bytes a row", width, height, stride);
    cv::Mat out (height, width, CV_8UC3);
    for (int y = 0; y < height; y++)
      {
        const guint32 *in = (const guint32 *) (const void *) (data + (size_t) y * stride);
        cv::Vec3b *row = out.ptr<cv::Vec3b> (y);

        for (int x = 0; x < width; x++)
          row[x] = cv::Vec3b ((uchar) (in[x] & 0xff), (uchar) ((in[x] >> 8) & 0xff),
                              (uchar) ((in[x] >> 16) & 0xff));
      }
    return new cv::Mat (std::move (out));
  });
}

/**
 * di_vision_image_get_grey:
 * @image: an image
 * @pixels: (out caller-allocates): width × height bytes, rows without padding
 * @error_out: (nullable): return location for a message
 *
 * Writes the image's luminance (ITU-R BT.601, as OpenCV converts), for readers that work on
 * grey pixels of their own.
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_image_get_grey (const DiVisionImage *image,
                          unsigned char       *pixels,
                          char               **error_out)
{
  return guard (error_out, -1, [&] {
    cv::Mat grey;

    if (image == NULL || image->empty () || pixels == NULL)
      fail ("no image");
    cv::cvtColor (*image, grey, cv::COLOR_BGR2GRAY);
    for (int y = 0; y < grey.rows; y++)
      memcpy (pixels + (size_t) y * grey.cols, grey.ptr<uchar> (y), grey.cols);
    return 0;
  });
}

/**
 * di_vision_image_free:
 * @image: (nullable): an image
 */
void
di_vision_image_free (DiVisionImage *image)
{
  delete image;
}

/**
 * di_vision_image_get_width:
 * @image: an image
 *
 * Returns: its width in pixels (0 for %NULL)
 */
int
di_vision_image_get_width (const DiVisionImage *image)
{
  return image != NULL ? image->cols : 0;
}

/**
 * di_vision_image_get_height:
 * @image: an image
 *
 * Returns: its height in pixels (0 for %NULL)
 */
int
di_vision_image_get_height (const DiVisionImage *image)
{
  return image != NULL ? image->rows : 0;
}

/**
 * di_vision_image_crop:
 * @image: an image
 * @rect: the part wanted; clamped to the image
 * @error_out: (nullable): return location for a message
 *
 * Returns: (transfer full): a copy of the part of @image inside @rect, or %NULL with
 *   *@error_out set when @rect lies wholly outside it
 */
DiVisionImage *
di_vision_image_crop (const DiVisionImage *image,
                      DiVisionRect         rect,
                      char               **error_out)
{
  return guard (error_out, (DiVisionImage *) NULL, [&] {
    const cv::Mat &m = checked (image, "source");
    return new cv::Mat (m (clamp_rect (m, rect)).clone ());
  });
}

static int
save (const DiVisionImage    *image,
      const char             *path,
      const char             *extension,
      const std::vector<int> &params)
{
  const cv::Mat &m = checked (image, "source");
  std::vector<uchar> bytes;
  GError *error = NULL;

  if (path == NULL)
    fail ("no file name was given");
  quiet_opencv ();
  if (!cv::imencode (extension, m, bytes, params))
    fail ("%s: the image cannot be encoded", display_name (path).c_str ());
  if (!g_file_set_contents (path, (const char *) bytes.data (), (gssize) bytes.size (), &error))
    {
      std::string message = display_name (path) + ": " + error->message;

      g_error_free (error);
      throw Failure (message);
    }
  return 0;
}

/**
 * di_vision_image_save_png:
 * @image: an image
 * @path: the file to write (replaced atomically)
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_image_save_png (const DiVisionImage *image,
                          const char          *path,
                          char               **error_out)
{
  return guard (error_out, -1, [&] {
    return save (image, path, ".png", { cv::IMWRITE_PNG_COMPRESSION, 6 });
  });
}

/**
 * di_vision_image_save_jpeg:
 * @image: an image
 * @path: the file to write (replaced atomically)
 * @quality: 1–100
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_image_save_jpeg (const DiVisionImage *image,
                           const char          *path,
                           int                  quality,
                           char               **error_out)
{
  return guard (error_out, -1, [&] {
    if (quality < 1 || quality > 100)
      fail ("a JPEG quality of %d is not within 1–100", quality);
    return save (image, path, ".jpg", { cv::IMWRITE_JPEG_QUALITY, quality });
  });
}
