/* di-vision-register.cpp — the homography from the reference frame to a scan
 *
 * First ORB keypoints on greyscale, matches kept by Lowe's ratio test, a RANSAC homography
 * checked for plausibility (inliers spread over the page, one scale in both directions, the
 * expected scale, little perspective). When that fails, the page's outline: the largest
 * convex quadrilateral in the scan, its sides fitted as lines, its corners mapped to the
 * reference's in the one of four turns whose warped result correlates best with the
 * reference (a page may lie at any multiple of 90°), the sides placed on the brightness edge.
 * Either result is then refined on patches of the reference found in the warped scan: keypoint
 * positions and outline corners are good to a pixel or two, the refined homography to a tenth
 * (on the tests' synthetic scans).
 */
#define G_LOG_DOMAIN "di-vision"

#include "config.h"

#include <algorithm>
#include <math.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "di-vision-private.hpp"

namespace di_vision {

/* Keypoints and outlines are found on images at most this large (long side, pixels). */
static const int WORK_SIDE = 1600;
static const int ORB_FEATURES = 4000;
static const float RATIO = 0.8f;
static const double RANSAC_THRESHOLD = 3.0;  /* working pixels */
static const int MIN_INLIERS = 30;
/* the inliers' hull must cover this share of the reference page */
static const double MIN_INLIER_SPREAD = 0.15;
/* the two scales of the page in the scan may differ by this factor (shear, aspect) */
static const double MAX_ANISOTROPY = 1.15;
/* the scale at a corner may differ from the scale at the centre by this factor */
static const double MAX_PERSPECTIVE = 1.25;
/* a scale this far from the expected one is implausible */
static const double SCALE_TOLERANCE = 0.25;
static const double MIN_SCALE = 0.25, MAX_SCALE = 4.0;
/* long side of the images compared to choose among the turns of an outline */
static const int COARSE_SIDE = 384;
/* The refinement: a grid of patches of the reference, found within a few pixels in the
 * warped scan when they have texture, a clear peak and enough of them agree */
static const int REFINE_PATCH = 48;
static const int REFINE_GRID_X = 14, REFINE_GRID_Y = 10;
static const double REFINE_MIN_TEXTURE = 8.0;   /* standard deviation, grey levels */
static const double REFINE_MIN_SCORE = 0.5;
static const int REFINE_MIN_PATCHES = 12;
/* when the scan is too blurred for the sharp reference, both are blurred by this much
 * (more, and a scan blurred more than the reference is registered worse than by its outline) */
static const double REFINE_BLUR = 3.0;

struct Working
{
  cv::Mat grey;     /* resized */
  double  scale;    /* working pixels per image pixel */
};

static Working
working_grey (const cv::Mat &image)
{
  Working w;
  int side = std::max (image.cols, image.rows);

  w.scale = side > WORK_SIDE ? (double) WORK_SIDE / side : 1.0;
  cv::Mat grey = to_grey (image);
  if (w.scale < 1.0)
    cv::resize (grey, w.grey, cv::Size (), w.scale, w.scale, cv::INTER_AREA);
  else
    w.grey = grey;
  return w;
}

/* The homography taking image pixels to pixels of the image resized by s (pixel centres
 * move by half a pixel as they grow or shrink). */
static cv::Matx33d
resize_matrix (double s)
{
  return cv::Matx33d (s, 0, 0.5 * s - 0.5,
                      0, s, 0.5 * s - 0.5,
                      0, 0, 1);
}

static cv::Point2d
apply (const cv::Matx33d &h,
       cv::Point2d        p)
{
  cv::Vec3d q = h * cv::Vec3d (p.x, p.y, 1.0);

  return cv::Point2d (q[0] / q[2], q[1] / q[2]);
}

/* Scale, anisotropy and rotation of the homography near a point of the reference. */
struct Local
{
  double scale;
  double anisotropy;
  double rotation;
  double det;
  double w;
};

static Local
local_at (const cv::Matx33d &h,
          cv::Point2d        p)
{
  Local l;
  double w = h (2, 0) * p.x + h (2, 1) * p.y + h (2, 2);
  cv::Point2d q = apply (h, p);
  cv::Matx22d j ((h (0, 0) - q.x * h (2, 0)) / w, (h (0, 1) - q.x * h (2, 1)) / w,
                 (h (1, 0) - q.y * h (2, 0)) / w, (h (1, 1) - q.y * h (2, 1)) / w);
  cv::Vec2d sv;

  cv::SVD::compute (j, sv, cv::SVD::NO_UV);
  l.w = w;
  l.det = cv::determinant (j);
  l.scale = sqrt (fabs (l.det));
  l.anisotropy = sv[1] > 1e-12 ? sv[0] / sv[1] : HUGE_VAL;
  /* counter-clockwise as seen, with y pointing down */
  l.rotation = atan2 (j (0, 1) - j (1, 0), j (0, 0) + j (1, 1)) * 180.0 / CV_PI;
  if (l.rotation < 0)
    l.rotation += 360.0;
  return l;
}

/* An empty string when the homography could be a page seen by a reader, else why not. */
static std::string
implausible (const cv::Matx33d &h,
             cv::Size           ref,
             double             expected_scale)
{
  cv::Point2d centre ((ref.width - 1) / 2.0, (ref.height - 1) / 2.0);
  Local c = local_at (h, centre);
  char buffer[120];

  if (c.w <= 0 || c.det <= 0)
    return "the homography mirrors the page";
  for (cv::Point2d corner : { cv::Point2d (-0.5, -0.5), cv::Point2d (ref.width - 0.5, -0.5),
                              cv::Point2d (ref.width - 0.5, ref.height - 0.5),
                              cv::Point2d (-0.5, ref.height - 0.5) })
    {
      Local l = local_at (h, corner);

      if (l.w <= 0 || l.det <= 0 || l.scale > c.scale * MAX_PERSPECTIVE ||
          l.scale < c.scale / MAX_PERSPECTIVE)
        return "the homography has a strong perspective";
    }
  if (c.anisotropy > MAX_ANISOTROPY)
    {
      g_snprintf (buffer, sizeof buffer, "the homography shears the page (%.2f)", c.anisotropy);
      return buffer;
    }
  if (expected_scale > 0 && fabs (c.scale / expected_scale - 1.0) > SCALE_TOLERANCE)
    {
      g_snprintf (buffer, sizeof buffer, "scale %.2f is far from the expected %.2f", c.scale,
                  expected_scale);
      return buffer;
    }
  if (c.scale < MIN_SCALE || c.scale > MAX_SCALE)
    {
      g_snprintf (buffer, sizeof buffer, "scale %.2f is implausible", c.scale);
      return buffer;
    }
  return "";
}

/* NCC of the scan warped into the reference frame with the reference, both small and
 * blurred: how well the homography fits, whatever found it. */
static double
coarse_correlation (const cv::Mat     &scan_grey,
                    const cv::Mat     &ref_grey,
                    const cv::Matx33d &h)
{
  cv::Point2d centre (ref_grey.cols / 2.0, ref_grey.rows / 2.0);
  double f = (double) COARSE_SIDE / std::max (ref_grey.cols, ref_grey.rows);
  double scan_f = std::min (1.0, f / std::max (local_at (h, centre).scale, 1e-3));
  cv::Mat ref_small, scan_small, warped;
  cv::Size size (std::max (1, (int) lround (ref_grey.cols * f)),
                 std::max (1, (int) lround (ref_grey.rows * f)));

  cv::resize (ref_grey, ref_small, size, 0, 0, cv::INTER_AREA);
  cv::resize (scan_grey, scan_small, cv::Size (), scan_f, scan_f, cv::INTER_AREA);
  /* small reference → reference → scan → small scan */
  cv::Matx33d m = resize_matrix (scan_f) * h * resize_matrix (1.0 / f);
  cv::warpPerspective (scan_small, warped, cv::Mat (m), size,
                       cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
  cv::GaussianBlur (ref_small, ref_small, cv::Size (0, 0), 1.0);
  cv::GaussianBlur (warped, warped, cv::Size (0, 0), 1.0);
  return ncc (warped, ref_small);
}

/* Where the peak of a correlation map lies, to a fraction of a pixel (a parabola through the
 * best value and its neighbours in each direction). */
static cv::Point2d
subpixel_peak (const cv::Mat   &map,
               const cv::Point &best)
{
  cv::Point2d p (best.x, best.y);

  if (best.x > 0 && best.x < map.cols - 1)
    {
      float l = map.at<float> (best.y, best.x - 1), c = map.at<float> (best.y, best.x),
            r = map.at<float> (best.y, best.x + 1);
      float den = l - 2 * c + r;

      if (den < 0)
        p.x += 0.5 * (l - r) / den;
    }
  if (best.y > 0 && best.y < map.rows - 1)
    {
      float u = map.at<float> (best.y - 1, best.x), c = map.at<float> (best.y, best.x),
            d = map.at<float> (best.y + 1, best.x);
      float den = u - 2 * c + d;

      if (den < 0)
        p.y += 0.5 * (u - d) / den;
    }
  return p;
}

/* Refines a homography, which keypoint positions and outline corners give to a pixel or two
 * only: the scan is warped into the reference frame, textured patches of the reference are
 * found in it by normalised correlation (indifferent to uneven light), and a correcting
 * homography is fitted to their displacements. Returns the homography unchanged when too few
 * patches agree. */
static cv::Matx33d
refine (const cv::Mat     &scan_grey,
        const cv::Mat     &reference_grey,
        const cv::Matx33d &h,
        int                margin,
        double             sigma)
{
  const int half = REFINE_PATCH / 2;
  cv::Mat warped, ref_grey;
  std::vector<cv::Point2f> from, to;

  cv::warpPerspective (scan_grey, warped, cv::Mat (h), reference_grey.size (),
                       cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT, 0);
  if (sigma > 0)
    {
      cv::GaussianBlur (warped, warped, cv::Size (0, 0), sigma);
      cv::GaussianBlur (reference_grey, ref_grey, cv::Size (0, 0), sigma);
    }
  else
    ref_grey = reference_grey;
  for (int gy = 0; gy < REFINE_GRID_Y; gy++)
    for (int gx = 0; gx < REFINE_GRID_X; gx++)
      {
        int span_x = ref_grey.cols - 2 * (half + margin);
        int span_y = ref_grey.rows - 2 * (half + margin);
        int cx = half + margin + (int) lround (span_x * (gx + 0.5) / REFINE_GRID_X);
        int cy = half + margin + (int) lround (span_y * (gy + 0.5) / REFINE_GRID_Y);
        cv::Rect patch (cx - half, cy - half, REFINE_PATCH, REFINE_PATCH);
        cv::Rect search = patch - cv::Point (margin, margin) + cv::Size (2 * margin, 2 * margin);
        cv::Scalar mean, sd;
        cv::Mat result;
        double best, second;
        cv::Point at;

        if (span_x <= 0 || span_y <= 0)
          return h;
        cv::meanStdDev (ref_grey (patch), mean, sd);
        if (sd[0] < REFINE_MIN_TEXTURE)
          continue;
        cv::matchTemplate (warped (search), ref_grey (patch), result, cv::TM_CCOEFF_NORMED);
        cv::minMaxLoc (result, NULL, &best, NULL, &at);
        /* a peak on the window's edge is no peak */
        if (!(best >= REFINE_MIN_SCORE) || at.x == 0 || at.y == 0 || at.x == result.cols - 1 ||
            at.y == result.rows - 1)
          continue;
        /* a repeated pattern (MRZ fillers, guilloche) has other peaks as high: skip it */
        cv::Mat others = result.clone ();
        cv::circle (others, at, 3 + (int) ceil (2 * sigma), cv::Scalar (-1), cv::FILLED);
        cv::minMaxLoc (others, NULL, &second);
        if (second > best - 0.1)
          continue;
        cv::Point2d peak = subpixel_peak (result, at);
        from.push_back (cv::Point2f ((float) cx, (float) cy));
        to.push_back (cv::Point2f ((float) (cx + peak.x - margin), (float) (cy + peak.y - margin)));
      }
  if (from.size () < (size_t) REFINE_MIN_PATCHES)
    return h;

  std::vector<uchar> mask;
  cv::Mat c = cv::findHomography (from, to, cv::RANSAC, 1.0, mask, 2000, 0.999);
  if (c.empty () || cv::countNonZero (mask) < REFINE_MIN_PATCHES)
    return h;
  /* a correction is small everywhere on the page, not only where the patches are */
  cv::Matx33d correction (c);
  for (cv::Point2d corner : { cv::Point2d (0, 0), cv::Point2d (ref_grey.cols - 1, 0),
                              cv::Point2d (ref_grey.cols - 1, ref_grey.rows - 1),
                              cv::Point2d (0, ref_grey.rows - 1) })
    {
      cv::Point2d d = apply (correction, corner) - corner;

      if (!(sqrt (d.dot (d)) <= 2.0 * margin))
        return h;
    }
  return h * correction;
}

/* --- keypoints --------------------------------------------------------------------------- */

static bool
register_keypoints (const Working        &scan,
                    const Working        &ref,
                    cv::Size              ref_size,
                    double                expected_scale,
                    cv::Matx33d          &h_out,
                    DiVisionRegistration &info,
                    std::string          &why)
{
  cv::Ptr<cv::ORB> orb = cv::ORB::create (ORB_FEATURES);
  std::vector<cv::KeyPoint> kp_scan, kp_ref;
  cv::Mat desc_scan, desc_ref;
  std::vector<std::vector<cv::DMatch>> knn;
  std::vector<cv::Point2f> from, to;
  char buffer[120];

  orb->detectAndCompute (scan.grey, cv::noArray (), kp_scan, desc_scan);
  orb->detectAndCompute (ref.grey, cv::noArray (), kp_ref, desc_ref);
  info.keypoints_scan = (int) kp_scan.size ();
  info.keypoints_reference = (int) kp_ref.size ();
  if (kp_scan.size () < (size_t) MIN_INLIERS || kp_ref.size () < (size_t) MIN_INLIERS)
    {
      g_snprintf (buffer, sizeof buffer,
                  "too few keypoints (%zu in the scan, %zu in the reference)", kp_scan.size (),
                  kp_ref.size ());
      why = buffer;
      return false;
    }

  cv::BFMatcher matcher (cv::NORM_HAMMING);
  matcher.knnMatch (desc_ref, desc_scan, knn, 2);
  for (const auto &pair : knn)
    if (pair.size () == 2 && pair[0].distance < RATIO * pair[1].distance)
      {
        from.push_back (kp_ref[pair[0].queryIdx].pt);
        to.push_back (kp_scan[pair[0].trainIdx].pt);
      }
  info.matches = (int) from.size ();
  if (from.size () < (size_t) MIN_INLIERS)
    {
      g_snprintf (buffer, sizeof buffer, "too few matches (%zu)", from.size ());
      why = buffer;
      return false;
    }

  std::vector<uchar> mask;
  cv::Mat hw = cv::findHomography (from, to, cv::RANSAC, RANSAC_THRESHOLD, mask, 5000, 0.999);
  if (hw.empty ())
    {
      why = "RANSAC found no homography";
      return false;
    }

  /* back to full-size pixels: reference → working reference → working scan → scan */
  cv::Matx33d h = resize_matrix (scan.scale).inv () * cv::Matx33d (hw) * resize_matrix (ref.scale);
  std::vector<cv::Point2f> inliers;
  double sum2 = 0;
  for (size_t i = 0; i < from.size (); i++)
    if (mask[i])
      {
        cv::Point2d r ((from[i].x + 0.5) / ref.scale - 0.5, (from[i].y + 0.5) / ref.scale - 0.5);
        cv::Point2d s ((to[i].x + 0.5) / scan.scale - 0.5, (to[i].y + 0.5) / scan.scale - 0.5);
        cv::Point2d d = apply (h, r) - s;

        sum2 += d.dot (d);
        inliers.push_back (cv::Point2f ((float) r.x, (float) r.y));
      }
  info.inliers = (int) inliers.size ();
  info.reprojection_error = inliers.empty () ? 0 : sqrt (sum2 / inliers.size ());
  if (inliers.size () < (size_t) MIN_INLIERS)
    {
      g_snprintf (buffer, sizeof buffer, "too few inliers (%zu of %zu matches)", inliers.size (),
                  from.size ());
      why = buffer;
      return false;
    }
  std::vector<cv::Point2f> hull;
  cv::convexHull (inliers, hull);
  double spread = cv::contourArea (hull) / ((double) ref_size.width * ref_size.height);
  if (spread < MIN_INLIER_SPREAD)
    {
      g_snprintf (buffer, sizeof buffer, "the inliers cover %.0f%% of the page only",
                  100 * spread);
      why = buffer;
      return false;
    }
  why = implausible (h, ref_size, expected_scale);
  if (!why.empty ())
    return false;
  h_out = h;
  return true;
}

/* --- outline ----------------------------------------------------------------------------- */

/* Corners of the largest convex quadrilateral of a binary image, clockwise as seen, refined
 * by fitting a line to each side; false when there is none. */
static bool
largest_quad (const cv::Mat            &binary,
              std::vector<cv::Point2d> &quad)
{
  std::vector<std::vector<cv::Point>> contours;
  double best_area = 0;
  int best = -1;

  cv::findContours (binary, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
  for (size_t i = 0; i < contours.size (); i++)
    {
      double area = cv::contourArea (contours[i]);

      if (area > best_area)
        {
          best_area = area;
          best = (int) i;
        }
    }
  if (best < 0 || best_area < 0.05 * binary.total ())
    return false;

  const std::vector<cv::Point> &contour = contours[best];
  std::vector<cv::Point> hull, approx;
  cv::convexHull (contour, hull);
  double perimeter = cv::arcLength (hull, true);
  for (double eps = 0.01; eps <= 0.1 && approx.size () != 4; eps += 0.01)
    cv::approxPolyDP (hull, approx, eps * perimeter, true);
  if (approx.size () != 4 || cv::contourArea (approx) < 0.05 * binary.total ())
    return false;

  /* clockwise as seen (y down) from the centre */
  cv::Point2d centre (0, 0);
  for (const cv::Point &p : approx)
    centre += cv::Point2d (p.x, p.y) * 0.25;
  std::sort (approx.begin (), approx.end (), [&] (const cv::Point &a, const cv::Point &b) {
    return atan2 (a.y - centre.y, a.x - centre.x) < atan2 (b.y - centre.y, b.x - centre.x);
  });

  /* each side: a line through the contour points near it, away from the corners */
  cv::Vec4f lines[4];
  for (int s = 0; s < 4; s++)
    {
      cv::Point2d a (approx[s].x, approx[s].y), b (approx[(s + 1) % 4].x, approx[(s + 1) % 4].y);
      cv::Point2d d = b - a;
      double length = sqrt (d.dot (d));
      std::vector<cv::Point2f> near;

      if (length < 8)
        return false;
      d *= 1.0 / length;
      for (const cv::Point &p : contour)
        {
          cv::Point2d v = cv::Point2d (p.x, p.y) - a;
          double along = v.dot (d);
          double across = fabs (v.x * d.y - v.y * d.x);

          if (along > 0.1 * length && along < 0.9 * length && across < 0.01 * length + 3)
            near.push_back (cv::Point2f ((float) p.x, (float) p.y));
        }
      if (near.size () < 8)
        return false;
      cv::fitLine (near, lines[s], cv::DIST_HUBER, 0, 0.01, 0.01);
      /* the contour runs through the page's outermost pixels: the edge is half a pixel
       * further out */
      cv::Point2d normal (lines[s][1], -lines[s][0]);
      cv::Point2d to_line = cv::Point2d (lines[s][2], lines[s][3]) - centre;
      if (normal.dot (to_line) < 0)
        normal = -normal;
      lines[s][2] += (float) (0.5 * normal.x);
      lines[s][3] += (float) (0.5 * normal.y);
    }
  quad.clear ();
  for (int s = 0; s < 4; s++)
    {
      /* the corner where side s-1 meets side s */
      const cv::Vec4f &l1 = lines[(s + 3) % 4], &l2 = lines[s];
      double den = l1[0] * l2[1] - l1[1] * l2[0];

      if (fabs (den) < 1e-6)
        return false;
      double t = ((l2[2] - l1[2]) * l2[1] - (l2[3] - l1[3]) * l2[0]) / den;
      quad.push_back (cv::Point2d (l1[2] + t * l1[0], l1[3] + t * l1[1]));
    }
  return true;
}

/* Bilinear sample of a float image; false outside it. */
static bool
sample (const cv::Mat &f,
        cv::Point2d    p,
        float         *value)
{
  int x = (int) floor (p.x), y = (int) floor (p.y);
  float fx = (float) (p.x - x), fy = (float) (p.y - y);

  if (x < 0 || y < 0 || x + 1 >= f.cols || y + 1 >= f.rows)
    return false;
  *value = (1 - fy) * ((1 - fx) * f.at<float> (y, x) + fx * f.at<float> (y, x + 1)) +
           fy * ((1 - fx) * f.at<float> (y + 1, x) + fx * f.at<float> (y + 1, x + 1));
  return true;
}

/* Moves each side of the quadrilateral onto the page's edge: along normals at points of the
 * side, the edge is the centroid of the fall in brightness from the page to the background,
 * which a symmetric blur leaves in place whatever the light's level (a threshold does not). */
static void
refine_sides (const cv::Mat            &grey,
              std::vector<cv::Point2d> &quad)
{
  const int reach = 16, samples = 48;
  cv::Mat f;
  cv::Vec4f lines[4];
  cv::Point2d centre = (quad[0] + quad[1] + quad[2] + quad[3]) * 0.25;

  grey.convertTo (f, CV_32F);
  cv::GaussianBlur (f, f, cv::Size (0, 0), 1.0);
  for (int s = 0; s < 4; s++)
    {
      cv::Point2d a = quad[s], b = quad[(s + 1) % 4], d = b - a;
      double length = sqrt (d.dot (d));
      cv::Point2d n (d.y / length, -d.x / length);
      std::vector<cv::Point2f> edge;

      if (n.dot (a - centre) < 0)
        n = -n;   /* outwards */
      for (int i = 0; i < samples; i++)
        {
          cv::Point2d p = a + d * (0.1 + 0.8 * i / (samples - 1));
          float v[2 * reach + 1], fall[2 * reach];
          bool inside = true;
          int peak = 0;

          for (int k = -reach; k <= reach && inside; k++)
            inside = sample (f, p + n * k, &v[k + reach]);
          if (!inside)
            continue;
          for (int k = 0; k < 2 * reach; k++)
            {
              fall[k] = v[k] - v[k + 1];
              if (fall[k] > fall[peak])
                peak = k;
            }
          if (fall[peak] < 2.0f)
            continue;
          /* the run of the fall around its peak, above a third of it */
          int lo = peak, hi = peak;
          while (lo > 0 && fall[lo - 1] > fall[peak] / 3)
            lo--;
          while (hi < 2 * reach - 1 && fall[hi + 1] > fall[peak] / 3)
            hi++;
          if (lo == 0 || hi == 2 * reach - 1)
            continue;   /* the fall goes beyond the profile: not an edge seen whole */
          double sw = 0, swk = 0;
          for (int k = lo; k <= hi; k++)
            {
              double w = fall[k] - fall[peak] / 3;

              sw += w;
              swk += w * (k - reach + 0.5);
            }
          cv::Point2d q = p + n * (swk / sw);
          edge.push_back (cv::Point2f ((float) q.x, (float) q.y));
        }
      if (edge.size () < (size_t) samples / 2)
        return;   /* keep the outline as it is */
      cv::fitLine (edge, lines[s], cv::DIST_HUBER, 0, 0.01, 0.01);
    }
  std::vector<cv::Point2d> refined;
  for (int s = 0; s < 4; s++)
    {
      const cv::Vec4f &l1 = lines[(s + 3) % 4], &l2 = lines[s];
      double den = l1[0] * l2[1] - l1[1] * l2[0];

      if (fabs (den) < 1e-6)
        return;
      double t = ((l2[2] - l1[2]) * l2[1] - (l2[3] - l1[3]) * l2[0]) / den;
      refined.push_back (cv::Point2d (l1[2] + t * l1[0], l1[3] + t * l1[1]));
    }
  quad = refined;
}

static bool
register_outline (const cv::Mat        &scan_grey,
                  const Working        &scan,
                  const cv::Mat        &ref_grey,
                  double                expected_scale,
                  cv::Matx33d          &h_out,
                  std::string          &why)
{
  cv::Mat blurred, binary;
  std::vector<cv::Point2d> quad;
  bool found;

  /* the page is lighter than the reader's background: Otsu's threshold, then, for pages
   * lit too unevenly, the edges */
  cv::GaussianBlur (scan.grey, blurred, cv::Size (0, 0), 2.0);
  cv::threshold (blurred, binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::morphologyEx (binary, binary, cv::MORPH_OPEN,
                    cv::getStructuringElement (cv::MORPH_RECT, cv::Size (5, 5)));
  found = largest_quad (binary, quad);
  if (!found)
    {
      cv::Canny (blurred, binary, 20, 60);
      cv::dilate (binary, binary, cv::getStructuringElement (cv::MORPH_RECT, cv::Size (5, 5)));
      found = largest_quad (binary, quad);
    }
  if (!found)
    {
      why = "no quadrilateral outline of a page in the scan";
      return false;
    }

  refine_sides (scan.grey, quad);

  /* back to scan pixels */
  for (cv::Point2d &p : quad)
    p = cv::Point2d ((p.x + 0.5) / scan.scale - 0.5, (p.y + 0.5) / scan.scale - 0.5);

  /* the page's outer edges, clockwise from the top-left */
  double w = ref_grey.cols, hgt = ref_grey.rows;
  std::vector<cv::Point2f> ref_corners = { { -0.5f, -0.5f }, { (float) (w - 0.5), -0.5f },
                                           { (float) (w - 0.5), (float) (hgt - 0.5) },
                                           { -0.5f, (float) (hgt - 0.5) } };
  double best = -2;
  std::string reasons;
  for (int turn = 0; turn < 4; turn++)
    {
      std::vector<cv::Point2f> scan_corners;

      for (int i = 0; i < 4; i++)
        scan_corners.push_back (cv::Point2f ((float) quad[(i + turn) % 4].x,
                                             (float) quad[(i + turn) % 4].y));
      cv::Matx33d h (cv::getPerspectiveTransform (ref_corners, scan_corners));
      std::string no = implausible (h, ref_grey.size (), expected_scale);
      if (!no.empty ())
        {
          reasons = no;
          continue;
        }
      double score = coarse_correlation (scan_grey, ref_grey, h);
      if (score > best)
        {
          best = score;
          h_out = h;
        }
    }
  if (best < -1)
    {
      why = "the outline is not the page's: " + reasons;
      return false;
    }
  return true;
}

} /* namespace di_vision */

using namespace di_vision;

/**
 * di_vision_register:
 * @scan: the white-light scan
 * @reference: the template's white reference image
 * @options: (nullable): the method and expected scale; %NULL for automatic, any scale
 * @homography: (out): the 3×3 homography, row-major, that maps reference pixels (x, y, 1)
 *   to scan pixels; di_vision_warp () resamples the scan into the reference frame with it
 * @info: (out) (nullable): how it was found and how well it fits
 * @error_out: (nullable): return location for a message
 *
 * Registers a scan to a reference: ORB keypoints, ratio-tested matches and a RANSAC
 * homography, checked for plausibility; when they fail (with %DI_VISION_METHOD_AUTO), the
 * page's outline. Either is refined by correlating patches of the reference with the warped
 * scan. The scan may show the page on a darker background at any scale, offset and
 * orientation. UV and IR scans of the same capture share the white scan's homography.
 *
 * Returns: 0, or -1 with *@error_out saying why each method failed
 */
int
di_vision_register (const DiVisionImage           *scan,
                    const DiVisionImage           *reference,
                    const DiVisionRegisterOptions *options,
                    double                         homography[9],
                    DiVisionRegistration          *info,
                    char                         **error_out)
{
  return guard (error_out, -1, [&] {
    const cv::Mat &s = checked (scan, "scan");
    const cv::Mat &r = checked (reference, "reference");
    DiVisionMethod method = options != NULL ? options->method : DI_VISION_METHOD_AUTO;
    double expected = options != NULL ? options->expected_scale : 0;
    DiVisionRegistration local = {};
    std::string why_keypoints, why_outline;
    cv::Matx33d h;
    bool found = false;

    if (homography == NULL)
      fail ("no homography to fill was given");
    if (method != DI_VISION_METHOD_AUTO && method != DI_VISION_METHOD_KEYPOINTS &&
        method != DI_VISION_METHOD_OUTLINE)
      fail ("unknown registration method %d", (int) method);

    Working ws = working_grey (s), wr = working_grey (r);
    if (method != DI_VISION_METHOD_OUTLINE)
      {
        found = register_keypoints (ws, wr, r.size (), expected, h, local, why_keypoints);
        if (found)
          local.method = DI_VISION_METHOD_KEYPOINTS;
        else
          g_strlcpy (local.keypoint_failure, why_keypoints.c_str (),
                     sizeof local.keypoint_failure);
      }
    if (!found && method != DI_VISION_METHOD_KEYPOINTS)
      {
        found = register_outline (to_grey (s), ws, to_grey (r), expected, h, why_outline);
        if (found)
          {
            local.method = DI_VISION_METHOD_OUTLINE;
            local.inliers = 0;
            local.reprojection_error = 0;
          }
      }
    if (!found)
      {
        std::string message = "the scan cannot be registered to the reference";
        if (!why_keypoints.empty ())
          message += ": keypoints: " + why_keypoints;
        if (!why_outline.empty ())
          message += (why_keypoints.empty () ? ": outline: " : "; outline: ") + why_outline;
        throw Failure (message);
      }

    cv::Mat scan_grey = to_grey (s), ref_grey = to_grey (r);
    /* a coarse pass, then a fine one; a correction that makes it implausible is dropped */
    for (int margin : { 12, 4 })
      for (double sigma : { 0.0, REFINE_BLUR })
        {
          cv::Matx33d better = refine (scan_grey, ref_grey, h, margin, sigma);

          if (better != h && implausible (better, r.size (), expected).empty ())
            {
              h = better;
              break;
            }
        }
    Local c = local_at (h, cv::Point2d ((r.cols - 1) / 2.0, (r.rows - 1) / 2.0));
    local.scale = c.scale;
    local.rotation = c.rotation;
    local.correlation = coarse_correlation (scan_grey, ref_grey, h);
    for (int i = 0; i < 9; i++)
      homography[i] = h (i / 3, i % 3) / h (2, 2);
    if (info != NULL)
      *info = local;
    return 0;
  });
}

/**
 * di_vision_warp:
 * @scan: a scan (white, UV or IR: they share one geometry)
 * @homography: from di_vision_register (): reference pixels to scan pixels
 * @width: of the reference frame
 * @height: of the reference frame
 * @error_out: (nullable): return location for a message
 *
 * Resamples the scan into the reference frame (bilinear; outside the scan is black).
 *
 * Returns: (transfer full): a @width × @height image, or %NULL with *@error_out set
 */
DiVisionImage *
di_vision_warp (const DiVisionImage *scan,
                const double         homography[9],
                int                  width,
                int                  height,
                char               **error_out)
{
  return guard (error_out, (DiVisionImage *) NULL, [&] {
    const cv::Mat &s = checked (scan, "scan");

    if (homography == NULL)
      fail ("no homography was given");
    if (width <= 0 || height <= 0 || (gint64) width * height > G_GINT64_CONSTANT (1) << 30)
      fail ("a reference frame of %d×%d pixels is impossible", width, height);
    cv::Mat h (3, 3, CV_64F, const_cast<double *> (homography));
    if (!cv::checkRange (h) || fabs (cv::determinant (h)) < 1e-12)
      fail ("the homography is singular or not finite");
    cv::Mat out;
    cv::warpPerspective (s, out, h, cv::Size (width, height),
                         cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT,
                         cv::Scalar::all (0));
    return new cv::Mat (std::move (out));
  });
}
