/* di-vision-image.cpp — images: from and to pixels, cropping; the shared helpers
 *
 * Image files are not read or written here: the caller decodes (ocr/ loads with limits and
 * the EXIF orientation) and hands the pixels over, and gets them back to write (cairo). So
 * OpenCV's imgcodecs, and the hundred libraries it pulls in, stay out of the program.
 */
#define G_LOG_DOMAIN "di-vision"

#include "config.h"

#include <opencv2/imgproc.hpp>
#include <stdarg.h>
#include <string.h>

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
 * di_vision_image_get_xrgb32:
 * @image: an image
 * @data: (out caller-allocates): height × @stride bytes
 * @stride: bytes from one row to the next, at least 4 × width
 * @error_out: (nullable): return location for a message
 *
 * Writes the image's pixels in cairo's RGB24 / ARGB32 layout (native-endian 32-bit
 * 0xAARRGGBB, alpha 0xff), the inverse of di_vision_image_new_from_xrgb32 (): for writing
 * it to a file or showing it.
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_image_get_xrgb32 (const DiVisionImage *image,
                            unsigned char       *data,
                            int                  stride,
                            char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "source");

    if (m.type () != CV_8UC3)
      fail ("the image is not 8-bit BGR");
    if (data == NULL || stride < 4 * (gint64) m.cols)
      fail ("no pixels, or %d bytes a row for a width of %d", stride, m.cols);
    for (int y = 0; y < m.rows; y++)
      {
        guint32 *out = (guint32 *) (void *) (data + (size_t) y * stride);
        const cv::Vec3b *row = m.ptr<cv::Vec3b> (y);

        for (int x = 0; x < m.cols; x++)
          out[x] = 0xff000000u | (guint32) row[x][2] << 16 | (guint32) row[x][1] << 8 |
                   row[x][0];
      }
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
