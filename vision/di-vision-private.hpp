/* di-vision-private.hpp — what the vision/ C++ files share: the exception guard at the C
 * boundary, our own failures, rectangles and pixel conversions
 */
#pragma once

#include <opencv2/core.hpp>
#include <stdexcept>
#include <string>

#include "di-vision.h"

namespace di_vision {

/* A failure of ours; what () is the one-line message for error_out. */
class Failure : public std::runtime_error
{
public:
  explicit Failure (const std::string &message) : std::runtime_error (message) {}
};

[[noreturn]] void fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

void set_error (char       **error_out,
                const char  *message);
void set_opencv_error (char                **error_out,
                       const cv::Exception  &e);

/* Runs the body of an exported function: whatever it throws becomes a message in
 * *error_out and the `failed` result. Nothing gets past it. */
template <typename Result, typename Body>
Result
guard (char  **error_out,
       Result  failed,
       Body  &&body) noexcept
{
  try
    {
      return body ();
    }
  catch (const cv::Exception &e)
    {
      set_opencv_error (error_out, e);
    }
  catch (const std::bad_alloc &)
    {
      set_error (error_out, "out of memory");
    }
  catch (const std::exception &e)
    {
      set_error (error_out, e.what ());
    }
  catch (...)
    {
      set_error (error_out, "unexpected failure in the image library");
    }
  return failed;
}

/* The image, or a failure naming the argument when it is NULL or empty. */
const cv::Mat &checked (const DiVisionImage *image,
                        const char          *what);

/* The rectangle clamped to the image; a failure when nothing is left. */
cv::Rect clamp_rect (const cv::Mat &image,
                     DiVisionRect   rect);

/* Two images of the reference frame must be the same size. */
void check_same_size (const cv::Mat &a,
                      const cv::Mat &b);

cv::Mat to_grey (const cv::Mat &bgr);

/* Normalised cross-correlation of two single-channel images of one size; 0 when either
 * has no variance. */
double ncc (const cv::Mat &a,
            const cv::Mat &b);

} /* namespace di_vision */
