/* di-vision-measure.cpp — measurements on a rectangle of images in the reference frame
 *
 * Each compares what a registered scan shows in a template feature's rectangle with what
 * it should show: luminance (UV dull paper), correlation and SSIM with the reference,
 * colour, colour-gated patterns (UV inks), fluorescent fibres, print contrast (the MRZ in
 * B900), IR visibility of inks and the ghost image's likeness to the photo.
 */
#define G_LOG_DOMAIN "di-vision"

#include "config.h"

#include <algorithm>
#include <cmath>
#include <math.h>
#include <opencv2/imgproc.hpp>
#include <vector>

#include "di-vision-private.hpp"

namespace di_vision {

/* A fibre is at least this many times longer than it is wide. */
static const double FIBRE_ELONGATION = 4.0;
/* Where the print contrast takes the paper and the darkest print (percentiles). */
static const double PAPER_PERCENTILE = 0.90;
static const double INK_PERCENTILE = 0.02;
/* Below this print contrast under white light there is no print to compare the IR with. */
static const double MIN_WHITE_CONTRAST = 0.05;
/* Registration is good to a pixel or two: a reference pixel of the colour counts as found
 * when the scan has the colour this close. */
static const int PATTERN_SLACK = 2;
/* The ghost and the photo are compared at this width. */
static const int GHOST_WIDTH = 96;
static const int GHOST_SHIFT = 3;

static void
check_out (const void *out)
{
  if (out == NULL)
    fail ("no place for the result was given");
}

/* The rectangle grown by `margin` on every side, clamped; `inner` is where the rectangle
 * lies in it. */
static cv::Rect
grown (const cv::Mat  &image,
       const cv::Rect &rect,
       int             margin,
       cv::Rect       *inner)
{
  cv::Rect g = (rect - cv::Point (margin, margin) + cv::Size (2 * margin, 2 * margin)) &
               cv::Rect (0, 0, image.cols, image.rows);

  *inner = cv::Rect (rect.x - g.x, rect.y - g.y, rect.width, rect.height);
  return g;
}

/* Grey of the rectangle as floats, blurred with the pixels around it when sigma > 0. */
static cv::Mat
grey_region (const cv::Mat  &image,
             const cv::Rect &rect,
             double          sigma)
{
  cv::Rect inner;
  cv::Rect outer = grown (image, rect, sigma > 0 ? (int) ceil (3 * sigma) : 0, &inner);
  cv::Mat grey;

  to_grey (image (outer)).convertTo (grey, CV_32F);
  if (sigma > 0)
    cv::GaussianBlur (grey, grey, cv::Size (0, 0), sigma);
  return grey (inner).clone ();
}

/* HSV as floats: hue 0–360, saturation and value 0–1. */
static cv::Mat
hsv_region (const cv::Mat  &image,
            const cv::Rect &rect)
{
  cv::Mat f, hsv;

  image (rect).convertTo (f, CV_32F, 1.0 / 255);
  cv::cvtColor (f, hsv, cv::COLOR_BGR2HSV);
  return hsv;
}

static void
rgb_to_hsv (unsigned int rgb,
            double      *h,
            double      *s,
            double      *v)
{
  cv::Mat px (1, 1, CV_32FC3, cv::Scalar ((rgb & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                                          ((rgb >> 16) & 0xff) / 255.0));
  cv::Mat hsv;

  cv::cvtColor (px, hsv, cv::COLOR_BGR2HSV);
  cv::Vec3f p = hsv.at<cv::Vec3f> (0, 0);
  *h = p[0];
  *s = p[1];
  *v = p[2];
}

/* 255 where the pixel has the gate's colour, else 0. */
static cv::Mat
colour_mask (const cv::Mat            &image,
             const cv::Rect           &rect,
             const DiVisionColourGate &gate)
{
  cv::Mat hsv = hsv_region (image, rect);
  cv::Mat mask (hsv.size (), CV_8U);
  double h, s, v;

  rgb_to_hsv (gate.rgb & 0xffffff, &h, &s, &v);
  for (int y = 0; y < hsv.rows; y++)
    {
      const cv::Vec3f *in = hsv.ptr<cv::Vec3f> (y);
      uchar *out = mask.ptr<uchar> (y);

      for (int x = 0; x < hsv.cols; x++)
        {
          double dh = fabs (in[x][0] - h);

          dh = std::min (dh, 360.0 - dh);
          out[x] = dh <= gate.hue_tolerance && fabs (in[x][1] - s) <= gate.saturation_tolerance &&
                   in[x][2] >= gate.min_value ? 255 : 0;
        }
    }
  return mask;
}

static void
check_gate (const DiVisionColourGate *gate)
{
  if (gate == NULL)
    fail ("no colour was given");
  if (!(gate->hue_tolerance >= 0 && gate->hue_tolerance <= 180) ||
      !(gate->saturation_tolerance >= 0) || !(gate->min_value >= 0 && gate->min_value <= 1))
    fail ("the colour tolerances are out of range");
}

/* The print contrast signal of a rectangle: (R_paper − R_ink) / R_paper on linear
 * reflectance, with the paper and the ink at robust percentiles. */
static double
print_contrast (const cv::Mat  &image,
                const cv::Rect &rect)
{
  /* no blur: it would weaken fine print (guilloche lines) more than the capture's noise */
  cv::Mat grey = to_grey (image (rect));
  int hist[256] = { 0 };
  double total = (double) grey.total ();
  double paper = 0, ink = 0;
  long seen = 0;
  bool have_ink = false;

  for (int y = 0; y < grey.rows; y++)
    {
      const uchar *row = grey.ptr<uchar> (y);

      for (int x = 0; x < grey.cols; x++)
        hist[row[x]]++;
    }
  for (int i = 0; i < 256; i++)
    {
      seen += hist[i];
      if (!have_ink && seen >= INK_PERCENTILE * total)
        {
          ink = i;
          have_ink = true;
        }
      if (seen >= PAPER_PERCENTILE * total)
        {
          paper = i;
          break;
        }
    }

  auto linear = [] (double v) {
    v /= 255.0;
    return v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
  };
  double r_paper = linear (paper), r_ink = linear (ink);
  return r_paper > 1e-6 ? (r_paper - r_ink) / r_paper : 0.0;
}

/* Grey, resized to a common size, equalised, as a two-channel gradient map. */
static cv::Mat
ghost_gradients (const cv::Mat  &image,
                 const cv::Rect &rect,
                 cv::Size        size)
{
  cv::Mat grey, small, gx, gy, both;
  std::vector<cv::Mat> channels;

  grey = to_grey (image (rect));
  cv::resize (grey, small, size, 0, 0, cv::INTER_AREA);
  cv::equalizeHist (small, small);
  small.convertTo (small, CV_32F);
  cv::GaussianBlur (small, small, cv::Size (0, 0), 1.0);
  cv::Sobel (small, gx, CV_32F, 1, 0, 3);
  cv::Sobel (small, gy, CV_32F, 0, 1, 3);
  channels = { gx, gy };
  cv::merge (channels, both);
  return both;
}

} /* namespace di_vision */

using namespace di_vision;

/**
 * di_vision_measure_luminance:
 * @image: an image in the reference frame
 * @rect: the region, clamped to the image
 * @luminance_out: (out): the mean luma (Rec. 601 weights of the 8-bit values), 0–1
 * @error_out: (nullable): return location for a message
 *
 * For UV dull paper: genuine paper stays dark under UV (the Utopia substrate measures about
 * 0.09), paper with optical brighteners glows.
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_measure_luminance (const DiVisionImage *image,
                             DiVisionRect         rect,
                             double              *luminance_out,
                             char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    check_out (luminance_out);
    *luminance_out = cv::mean (to_grey (m (clamp_rect (m, rect))))[0] / 255.0;
    return 0;
  });
}

/**
 * di_vision_measure_ncc:
 * @image: an image in the reference frame
 * @reference: the reference image of the same light
 * @rect: the region, clamped to the images
 * @blur_sigma: Gaussian blur of both, in pixels, before comparing (0: none); a pixel or
 *   two makes fine lines tolerate registration errors, JPEG and the scanner's blur
 * @max_shift: the largest shift, in pixels, of the region in the reference that is tried;
 *   the best correlation counts
 * @ncc_out: (out): the normalised cross-correlation of the greyscale regions, -1–1; 0 when
 *   either region is uniform
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_measure_ncc (const DiVisionImage *image,
                       const DiVisionImage *reference,
                       DiVisionRect         rect,
                       double               blur_sigma,
                       int                  max_shift,
                       double              *ncc_out,
                       char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    const cv::Mat &ref = checked (reference, "reference");
    check_out (ncc_out);
    check_same_size (m, ref);
    if (!(blur_sigma >= 0 && blur_sigma <= 50) || max_shift < 0 || max_shift > 100)
      fail ("a blur of %g or a shift of %d pixels is out of range", blur_sigma, max_shift);

    cv::Rect r = clamp_rect (m, rect), inner;
    cv::Mat probe = grey_region (m, r, blur_sigma);
    cv::Mat search = grey_region (ref, grown (ref, r, max_shift, &inner), blur_sigma);
    cv::Scalar mean, sd;

    cv::meanStdDev (probe, mean, sd);
    if (sd[0] < 1e-3)
      {
        *ncc_out = 0;
        return 0;
      }
    /* the best shift by matchTemplate, the value in double precision there */
    cv::Mat result;
    cv::Point at;
    cv::matchTemplate (search, probe, result, cv::TM_CCOEFF_NORMED);
    cv::minMaxLoc (result, NULL, NULL, NULL, &at);
    *ncc_out = ncc (probe, search (cv::Rect (at, probe.size ())));
    return 0;
  });
}

/**
 * di_vision_measure_ssim:
 * @image: an image in the reference frame
 * @reference: the reference image of the same light
 * @rect: the region, clamped to the images
 * @ssim_out: (out): the mean structural similarity of the greyscale regions (Gaussian
 *   window σ = 1.5, the usual constants for 8-bit values), -1–1, 1 for identical regions
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_measure_ssim (const DiVisionImage *image,
                        const DiVisionImage *reference,
                        DiVisionRect         rect,
                        double              *ssim_out,
                        char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    const cv::Mat &ref = checked (reference, "reference");
    check_out (ssim_out);
    check_same_size (m, ref);

    const double c1 = 6.5025, c2 = 58.5225;  /* (0.01 × 255)², (0.03 × 255)² */
    cv::Rect r = clamp_rect (m, rect);
    cv::Mat a = grey_region (m, r, 0), b = grey_region (ref, r, 0);
    cv::Mat mu_a, mu_b, aa, bb, ab, num, den;
    cv::Size window (11, 11);

    cv::GaussianBlur (a, mu_a, window, 1.5);
    cv::GaussianBlur (b, mu_b, window, 1.5);
    cv::GaussianBlur (a.mul (a), aa, window, 1.5);
    cv::GaussianBlur (b.mul (b), bb, window, 1.5);
    cv::GaussianBlur (a.mul (b), ab, window, 1.5);
    cv::Mat mu_aa = mu_a.mul (mu_a), mu_bb = mu_b.mul (mu_b), mu_ab = mu_a.mul (mu_b);
    cv::Mat var_a = aa - mu_aa, var_b = bb - mu_bb, cov = ab - mu_ab;
    num = (2 * mu_ab + c1).mul (2 * cov + c2);
    den = (mu_aa + mu_bb + c1).mul (var_a + var_b + c2);
    *ssim_out = cv::mean (num / den)[0];
    return 0;
  });
}

/**
 * di_vision_measure_colour:
 * @image: an image in the reference frame
 * @rect: the region, clamped to the image
 * @stats_out: (out): mean hue (circular, weighted by saturation × value, so that greys do
 *   not vote; 0 when the region has no colour), saturation and value
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_measure_colour (const DiVisionImage *image,
                          DiVisionRect         rect,
                          DiVisionColourStats *stats_out,
                          char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    check_out (stats_out);
    cv::Mat hsv = hsv_region (m, clamp_rect (m, rect));
    double sx = 0, sy = 0, ss = 0, sv = 0;

    for (int y = 0; y < hsv.rows; y++)
      {
        const cv::Vec3f *row = hsv.ptr<cv::Vec3f> (y);

        for (int x = 0; x < hsv.cols; x++)
          {
            double w = row[x][1] * row[x][2], a = row[x][0] * CV_PI / 180.0;

            sx += w * cos (a);
            sy += w * sin (a);
            ss += row[x][1];
            sv += row[x][2];
          }
      }
    double hue = hypot (sx, sy) > 1e-9 * hsv.total () ? atan2 (sy, sx) * 180.0 / CV_PI : 0.0;
    stats_out->hue = hue < 0 ? hue + 360.0 : hue;
    stats_out->saturation = ss / hsv.total ();
    stats_out->value = sv / hsv.total ();
    return 0;
  });
}

/**
 * di_vision_measure_histogram_distance:
 * @image: an image in the reference frame
 * @reference: the reference image of the same light
 * @rect: the region, clamped to the images
 * @distance_out: (out): the Bhattacharyya distance between the hue–saturation histograms
 *   (30 × 32 bins) of the two regions: 0 for the same colours, up to 1 for disjoint ones
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_measure_histogram_distance (const DiVisionImage *image,
                                      const DiVisionImage *reference,
                                      DiVisionRect         rect,
                                      double              *distance_out,
                                      char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    const cv::Mat &ref = checked (reference, "reference");
    check_out (distance_out);
    check_same_size (m, ref);

    cv::Rect r = clamp_rect (m, rect);
    const int channels[] = { 0, 1 };
    const int bins[] = { 30, 32 };
    const float hue_range[] = { 0, 180 }, sat_range[] = { 0, 256 };
    const float *ranges[] = { hue_range, sat_range };
    cv::Mat hist[2];
    const cv::Mat *images[2] = { &m, &ref };

    for (int i = 0; i < 2; i++)
      {
        cv::Mat hsv;

        cv::cvtColor ((*images[i]) (r), hsv, cv::COLOR_BGR2HSV);
        cv::calcHist (&hsv, 1, channels, cv::Mat (), hist[i], 2, bins, ranges);
        cv::normalize (hist[i], hist[i], 1, 0, cv::NORM_L1);
      }
    *distance_out = cv::compareHist (hist[0], hist[1], cv::HISTCMP_BHATTACHARYYA);
    return 0;
  });
}

/**
 * di_vision_measure_colour_pattern:
 * @image: an image in the reference frame (UV, usually)
 * @reference: the reference image of the same light
 * @rect: the region, clamped to the images
 * @gate: the pattern's colour and tolerances
 * @coverage_out: (out): the share of the reference's pixels of that colour for which the
 *   scan has the colour too (within 2 pixels), 0–1
 * @mask_ncc_out: (out) (nullable): the normalised cross-correlation of the two colour masks
 *   (lightly blurred), -1–1: low when the colour is there but not in the pattern's shape
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set (also when the reference region has no pixel of
 *   the colour: the template is wrong)
 */
int
di_vision_measure_colour_pattern (const DiVisionImage      *image,
                                  const DiVisionImage      *reference,
                                  DiVisionRect              rect,
                                  const DiVisionColourGate *gate,
                                  double                   *coverage_out,
                                  double                   *mask_ncc_out,
                                  char                    **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    const cv::Mat &ref = checked (reference, "reference");
    check_out (coverage_out);
    check_same_size (m, ref);
    check_gate (gate);

    cv::Rect r = clamp_rect (m, rect);
    cv::Mat scan_mask = colour_mask (m, r, *gate);
    cv::Mat ref_mask = colour_mask (ref, r, *gate);
    cv::Mat near, found;
    int wanted = cv::countNonZero (ref_mask);

    if (wanted == 0)
      fail ("the reference region has no pixel of the colour #%06x", gate->rgb & 0xffffff);
    int side = 2 * PATTERN_SLACK + 1;
    cv::dilate (scan_mask, near,
                cv::getStructuringElement (cv::MORPH_ELLIPSE, cv::Size (side, side)));
    cv::bitwise_and (ref_mask, near, found);
    *coverage_out = (double) cv::countNonZero (found) / wanted;
    if (mask_ncc_out != NULL)
      {
        cv::Mat a, b;

        scan_mask.convertTo (a, CV_32F, 1.0 / 255);
        ref_mask.convertTo (b, CV_32F, 1.0 / 255);
        cv::GaussianBlur (a, a, cv::Size (0, 0), 1.0);
        cv::GaussianBlur (b, b, cv::Size (0, 0), 1.0);
        *mask_ncc_out = ncc (a, b);
      }
    return 0;
  });
}

/**
 * di_vision_count_fibres:
 * @image: a UV image (the reference frame is not needed)
 * @rect: the region, clamped to the image
 * @gate: the fibres' colour; its min_value keeps the dark background out
 * @min_length: the shortest fibre counted, in pixels
 * @count_out: (out): the number of fibres: connected components of the colour (8-connected,
 *   gaps of a pixel closed) at least @min_length long and at least four times as long as
 *   they are wide on average
 * @error_out: (nullable): return location for a message
 *
 * Fibres that cross each other count as one; a fibre cut by dark print may count twice.
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_count_fibres (const DiVisionImage      *image,
                        DiVisionRect              rect,
                        const DiVisionColourGate *gate,
                        int                       min_length,
                        int                      *count_out,
                        char                    **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    check_out (count_out);
    check_gate (gate);
    if (min_length < 1)
      fail ("a fibre length of %d pixels is out of range", min_length);

    cv::Mat mask = colour_mask (m, clamp_rect (m, rect), *gate);
    cv::Mat labels, stats, centroids;
    int n, count = 0;

    cv::morphologyEx (mask, mask, cv::MORPH_CLOSE,
                      cv::getStructuringElement (cv::MORPH_RECT, cv::Size (3, 3)));
    n = cv::connectedComponentsWithStats (mask, labels, stats, centroids, 8, CV_32S);

    std::vector<std::vector<cv::Point>> points (n);
    for (int y = 0; y < labels.rows; y++)
      {
        const int *row = labels.ptr<int> (y);

        for (int x = 0; x < labels.cols; x++)
          if (row[x] > 0)
            points[row[x]].push_back (cv::Point (x, y));
      }
    for (int i = 1; i < n; i++)
      {
        int area = stats.at<int> (i, cv::CC_STAT_AREA);
        cv::RotatedRect box = cv::minAreaRect (points[i]);
        double length = std::max (box.size.width, box.size.height) + 1.0;
        double width = area / length;

        if (length >= min_length && length >= FIBRE_ELONGATION * width)
          count++;
      }
    *count_out = count;
    return 0;
  });
}

/**
 * di_vision_measure_print_contrast:
 * @image: an image (IR for the MRZ in B900)
 * @rect: the region, clamped to the image
 * @pcs_out: (out): the print contrast signal (R_paper − R_ink) / R_paper, 0–1, where the
 *   reflectances are the 8-bit values taken as sRGB and made linear, R_paper their 90th
 *   percentile and R_ink their 2nd (robust where min and max would follow noise and dust)
 * @error_out: (nullable): return location for a message
 *
 * ICAO 9303-3 requires the MRZ to keep its print contrast in the B900 band. The region needs
 * some print (2% of its pixels at least) and mostly paper (10% at least).
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_measure_print_contrast (const DiVisionImage *image,
                                  DiVisionRect         rect,
                                  double              *pcs_out,
                                  char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    check_out (pcs_out);
    *pcs_out = print_contrast (m, clamp_rect (m, rect));
    return 0;
  });
}

/**
 * di_vision_measure_ir_visibility:
 * @ir: the IR image in the reference frame
 * @white: the white image in the reference frame
 * @rect: the region, clamped to the images
 * @ratio_out: (out): the print contrast (see di_vision_measure_print_contrast ()) of the
 *   region in @ir over the print contrast in @white: near 1 for inks that stay black in the
 *   infrared (carbon-based print, personalisation), near 0 for inks that vanish
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set, also when the white image shows no print in the
 *   region (contrast below 0.05): there is nothing to compare
 */
int
di_vision_measure_ir_visibility (const DiVisionImage *ir,
                                 const DiVisionImage *white,
                                 DiVisionRect         rect,
                                 double              *ratio_out,
                                 char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &i = checked (ir, "IR");
    const cv::Mat &w = checked (white, "white");
    check_out (ratio_out);
    check_same_size (i, w);

    cv::Rect r = clamp_rect (i, rect);
    double white_pcs = print_contrast (w, r);
    if (white_pcs < MIN_WHITE_CONTRAST)
      fail ("the white image shows no print in the region (contrast %.3f)", white_pcs);
    *ratio_out = print_contrast (i, r) / white_pcs;
    return 0;
  });
}

/**
 * di_vision_measure_ghost_similarity:
 * @image: a white image
 * @photo: the photo's rectangle
 * @ghost: the ghost image's rectangle
 * @similarity_out: (out): the likeness of the two, -1–1: both greyscale, resized to a
 *   common size (96 pixels wide, the photo's proportions), equalised (the ghost is faint and
 *   low in contrast), their gradient maps (x and y) correlated; the best over shifts of up
 *   to 3 pixels of the photo's centre in the ghost. On the Utopia documents through a
 *   reader's capture: 0.73–0.87 for the holder's own ghost, about 0.6 for another face pasted
 *   in the photo's place, lower still when the pasted photo is shifted or turned. At 48
 *   pixels all faces of one style look alike (0.8 for another face).
 * @error_out: (nullable): return location for a message
 *
 * Returns: 0, or -1 with *@error_out set
 */
int
di_vision_measure_ghost_similarity (const DiVisionImage *image,
                                    DiVisionRect         photo,
                                    DiVisionRect         ghost,
                                    double              *similarity_out,
                                    char               **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &m = checked (image, "measured");
    check_out (similarity_out);

    cv::Rect p = clamp_rect (m, photo), g = clamp_rect (m, ghost);
    if (p.width < 8 || p.height < 8 || g.width < 8 || g.height < 8)
      fail ("the photo or ghost rectangle is smaller than 8×8 pixels");
    int height = std::clamp ((int) lround (GHOST_WIDTH * (double) p.height / p.width), 8,
                             4 * GHOST_WIDTH);
    cv::Size size (GHOST_WIDTH, height);
    cv::Mat photo_grad = ghost_gradients (m, p, size);
    cv::Mat ghost_grad = ghost_gradients (m, g, size);
    cv::Rect centre (GHOST_SHIFT, GHOST_SHIFT, size.width - 2 * GHOST_SHIFT,
                     size.height - 2 * GHOST_SHIFT);
    cv::Mat result;
    double best;

    cv::matchTemplate (ghost_grad, photo_grad (centre), result, cv::TM_CCOEFF_NORMED);
    cv::minMaxLoc (result, NULL, &best);
    *similarity_out = std::isfinite (best) ? best : 0.0;
    return 0;
  });
}
