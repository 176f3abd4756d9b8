/* di-vision.h — registration of a scan to a reference template, and per-region measurements
 *
 * OpenCV behind a C header, in the manner of Tesseract's capi.h: this one header is valid in
 * C and C++; in C++ the image handle names the real class (cv::Mat), in C it is an
 * incomplete struct. Every function returns 0 / -1 (or a pointer / NULL); on failure it
 * stores a one-line message in *error_out (when error_out is not NULL), allocated with
 * g_malloc: free it with di_vision_free_error () or g_free (). No C++ exception ever leaves
 * these functions.
 *
 * Coordinates are pixels, x to the right and y down, the centre of the top-left pixel at
 * (0, 0). Measurements work on images in the reference frame (di_vision_warp ()); their
 * rectangles are in the reference image's pixels.
 */
#pragma once

#include <glib.h>

#ifdef __cplusplus
namespace cv { class Mat; }
typedef cv::Mat DiVisionImage;
#else
typedef struct DiVisionImage DiVisionImage;
#endif

G_BEGIN_DECLS

typedef struct {
  int x;
  int y;
  int width;
  int height;
} DiVisionRect;

void           di_vision_free_error            (char                *error);

/* --- images ------------------------------------------------------------------------------ */

DiVisionImage *di_vision_image_new_from_xrgb32 (const unsigned char *data,
                                                int                  width,
                                                int                  height,
                                                int                  stride,
                                                char               **error_out);
void           di_vision_image_free            (DiVisionImage       *image);
int            di_vision_image_get_grey        (const DiVisionImage *image,
                                                unsigned char       *pixels,
                                                char               **error_out);
int            di_vision_image_get_xrgb32      (const DiVisionImage *image,
                                                unsigned char       *data,
                                                int                  stride,
                                                char               **error_out);
int            di_vision_image_get_width       (const DiVisionImage *image);
int            di_vision_image_get_height      (const DiVisionImage *image);
DiVisionImage *di_vision_image_crop            (const DiVisionImage *image,
                                                DiVisionRect         rect,
                                                char               **error_out);

/* --- registration ------------------------------------------------------------------------ */

typedef enum {
  DI_VISION_METHOD_AUTO,        /* keypoints, then the outline if keypoints fail */
  DI_VISION_METHOD_KEYPOINTS,   /* ORB keypoints, ratio test, RANSAC homography */
  DI_VISION_METHOD_OUTLINE,     /* the page's outline: four corners, best of four rotations */
} DiVisionMethod;

typedef struct {
  DiVisionMethod method;           /* what to try (input) */
  double         expected_scale;   /* scan pixels per reference pixel (scan dpi over the
                                    * reference's) when known, else 0: any scale from 1/4 to 4 */
} DiVisionRegisterOptions;

typedef struct {
  DiVisionMethod method;           /* the method that gave the homography */
  int            keypoints_scan;
  int            keypoints_reference;
  int            matches;          /* after the ratio test */
  int            inliers;          /* of the RANSAC homography (0 for the outline) */
  double         reprojection_error;  /* RMS over the inliers, in scan pixels (outline: 0) */
  double         scale;            /* scan pixels per reference pixel at the page's centre */
  double         rotation;         /* degrees, counter-clockwise, of the page in the scan */
  double         correlation;      /* NCC of the warped scan with the reference, grey, at
                                    * a coarse scale: the quality of the result, -1–1 */
  char           keypoint_failure[120];  /* why keypoints were not used, or "" */
} DiVisionRegistration;

int            di_vision_register              (const DiVisionImage *scan,
                                                const DiVisionImage *reference,
                                                const DiVisionRegisterOptions *options,
                                                double               homography[9],
                                                DiVisionRegistration *info,
                                                char               **error_out);
DiVisionImage *di_vision_warp                  (const DiVisionImage *scan,
                                                const double         homography[9],
                                                int                  width,
                                                int                  height,
                                                char               **error_out);

/* --- measurements on a rectangle of an image in the reference frame ---------------------- */

/* A fluorescent or printed colour and how far a pixel may be from it. */
typedef struct {
  unsigned int rgb;                   /* 0xRRGGBB */
  double       hue_tolerance;         /* degrees */
  double       saturation_tolerance;  /* 0–1 */
  double       min_value;             /* 0–1: darker pixels have no colour to speak of */
} DiVisionColourGate;

typedef struct {
  double hue;          /* degrees 0–360, mean weighted by saturation × value */
  double saturation;   /* 0–1, mean */
  double value;        /* 0–1, mean */
} DiVisionColourStats;

int            di_vision_measure_luminance     (const DiVisionImage *image,
                                                DiVisionRect         rect,
                                                double              *luminance_out,
                                                char               **error_out);
int            di_vision_measure_ncc           (const DiVisionImage *image,
                                                const DiVisionImage *reference,
                                                DiVisionRect         rect,
                                                double               blur_sigma,
                                                int                  max_shift,
                                                double              *ncc_out,
                                                char               **error_out);
int            di_vision_measure_ssim          (const DiVisionImage *image,
                                                const DiVisionImage *reference,
                                                DiVisionRect         rect,
                                                double              *ssim_out,
                                                char               **error_out);
int            di_vision_measure_colour        (const DiVisionImage *image,
                                                DiVisionRect         rect,
                                                DiVisionColourStats *stats_out,
                                                char               **error_out);
int            di_vision_measure_histogram_distance (const DiVisionImage *image,
                                                     const DiVisionImage *reference,
                                                     DiVisionRect         rect,
                                                     double              *distance_out,
                                                     char               **error_out);
int            di_vision_measure_colour_pattern (const DiVisionImage      *image,
                                                 const DiVisionImage      *reference,
                                                 DiVisionRect              rect,
                                                 const DiVisionColourGate *gate,
                                                 double                   *coverage_out,
                                                 double                   *mask_ncc_out,
                                                 char                    **error_out);
int            di_vision_count_fibres          (const DiVisionImage      *image,
                                                DiVisionRect              rect,
                                                const DiVisionColourGate *gate,
                                                int                       min_length,
                                                int                      *count_out,
                                                char                    **error_out);
int            di_vision_measure_print_contrast (const DiVisionImage *image,
                                                 DiVisionRect         rect,
                                                 double              *pcs_out,
                                                 char               **error_out);
int            di_vision_measure_ir_visibility (const DiVisionImage *ir,
                                                const DiVisionImage *white,
                                                DiVisionRect         rect,
                                                double              *ratio_out,
                                                char               **error_out);
int            di_vision_measure_ghost_similarity (const DiVisionImage *image,
                                                   DiVisionRect         photo,
                                                   DiVisionRect         ghost,
                                                   double              *similarity_out,
                                                   char               **error_out);

#ifndef __cplusplus
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiVisionImage, di_vision_image_free)
#endif

G_END_DECLS
