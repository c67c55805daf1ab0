#include "idphoto_geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace piplkit {
namespace {

struct Interval {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool Empty() const { return lo > hi; }
  Interval Intersect(const Interval& other) const { return {std::max(lo, other.lo), std::min(hi, other.hi)}; }
};

// Squared distance of a value from its band's centre, in band half-widths: 0 at the centre, 1 at an edge.
double Deviation(double value, const std::optional<PixelBand>& band) {
  if (!band) return 0;
  const double half = std::max((band->max - band->min) / 2, 1e-6);
  const double d = (value - band->Centre()) / half;
  return d * d;
}

}  // namespace

CropPlan PlanCrop(const HeadLandmarks& head, const CropSpec& spec) {
  CropPlan plan;
  const cv::Point2d right(head.rightEye), left(head.leftEye);
  const cv::Point2d eyeMid = (right + left) * 0.5;
  // Roll: the line from the image-left eye to the image-right eye, levelled about the eye midpoint.
  const double roll = std::atan2(left.y - right.y, left.x - right.x);
  plan.rollDegrees = roll * 180.0 / CV_PI;
  const double c = std::cos(-roll), s = std::sin(-roll);
  auto level = [&](const cv::Point2d& p) {
    const cv::Point2d d = p - eyeMid;
    return cv::Point2d(eyeMid.x + c * d.x - s * d.y, eyeMid.y + s * d.x + c * d.y);
  };

  const double eyeY = eyeMid.y;
  const double mouthY = level(cv::Point2d(head.mouth)).y;
  const double eyeToMouth = std::max(mouthY - eyeY, 1.0);
  const double chinY = mouthY + kChinBelowMouth * eyeToMouth;
  double crownY;
  if (head.crown) {
    crownY = level(cv::Point2d(*head.crown)).y;
  } else {
    crownY = eyeY - kCrownAboveEyes * eyeToMouth;
    plan.crownEstimated = true;
  }
  const double headSource = std::max(chinY - crownY, 1.0);
  const double faceSource = std::max<double>(head.faceWidth, 1.0);
  const double H = spec.height;

  // Scales allowed by head height and face width; without either, aim the head at 65 % of the height.
  Interval scales{1e-6, 1e6};
  if (spec.headHeight) scales = scales.Intersect({spec.headHeight->min / headSource, spec.headHeight->max / headSource});
  Interval faceScales{1e-6, 1e6};
  if (spec.faceWidth) faceScales = {spec.faceWidth->min / faceSource, spec.faceWidth->max / faceSource};
  if (!scales.Intersect(faceScales).Empty()) {
    scales = scales.Intersect(faceScales);
  } else if (spec.faceWidth) {
    plan.unmet.push_back("faceWidth");
    if (!spec.headHeight) scales = faceScales;
  }
  if (!spec.headHeight && !spec.faceWidth) scales = {0.65 * H / headSource, 0.65 * H / headSource};

  // For a scale, the vertical offsets (source y of the output's top edge) that satisfy the margin and eye rules.
  auto offsets = [&](double k, bool withTop, bool withEye) {
    Interval y0;
    if (withTop && spec.topMargin) y0 = y0.Intersect({crownY - spec.topMargin->max / k, crownY - spec.topMargin->min / k});
    if (withTop && spec.bottomMargin)
      y0 = y0.Intersect({chinY - (H - spec.bottomMargin->min) / k, chinY - (H - spec.bottomMargin->max) / k});
    if (withEye && spec.eyeLineFromBottom)
      y0 = y0.Intersect({eyeY - (H - spec.eyeLineFromBottom->min) / k, eyeY - (H - spec.eyeLineFromBottom->max) / k});
    return y0;
  };

  // Try every rule together, then drop the margins (GA 461: the eye rule wins), then the eye line.
  const std::pair<bool, bool> attempts[] = {{true, true}, {false, true}, {true, false}, {false, false}};
  double bestScale = std::clamp(scales.lo, scales.lo, scales.hi);
  double bestY0 = 0;
  bool found = false;
  for (const auto& [withTop, withEye] : attempts) {
    double bestCost = std::numeric_limits<double>::infinity();
    const int steps = 256;
    for (int i = 0; i <= steps; ++i) {
      const double k = scales.lo + (scales.hi - scales.lo) * i / steps;
      const Interval y0 = offsets(k, withTop, withEye);
      if (y0.Empty()) continue;
      // Prefer the centre of each band; the offset goes to where top margin and eye line sit best.
      const double preferredTop = spec.topMargin ? crownY - spec.topMargin->Centre() / k : crownY - 0.08 * H / k;
      const double pick = std::clamp(preferredTop, y0.lo, y0.hi);
      const double cost = Deviation((chinY - crownY) * k, spec.headHeight) + Deviation(faceSource * k, spec.faceWidth) +
                          Deviation((crownY - pick) * k, spec.topMargin) +
                          0.5 * Deviation(H - (eyeY - pick) * k, spec.eyeLineFromBottom);
      if (cost < bestCost) {
        bestCost = cost;
        bestScale = k;
        bestY0 = pick;
      }
    }
    if (std::isfinite(bestCost)) {
      if (!withTop && spec.topMargin) plan.unmet.push_back("topMargin");
      if (!withTop && spec.bottomMargin) plan.unmet.push_back("bottomMargin");
      if (!withEye && spec.eyeLineFromBottom) plan.unmet.push_back("eyeLine");
      found = true;
      break;
    }
  }
  if (!found) bestY0 = crownY - 0.08 * H / bestScale;

  const double k = bestScale;
  const double x0 = eyeMid.x - spec.width / (2 * k);
  plan.scale = k;
  // output = k * (level(p) - (x0, y0)), with level a rotation by -roll about the eye midpoint.
  const double a = k * c, b = -k * s;
  const double tx = k * (eyeMid.x - c * eyeMid.x + s * eyeMid.y - x0);
  const double ty = k * (eyeMid.y - s * eyeMid.x - c * eyeMid.y - bestY0);
  plan.transform = cv::Matx23d(a, b, tx, -b, a, ty);

  plan.headHeight = (chinY - crownY) * k;
  plan.eyeLineFromBottom = H - (eyeY - bestY0) * k;
  plan.topMargin = (crownY - bestY0) * k;
  plan.bottomMargin = H - (chinY - bestY0) * k;
  plan.faceWidth = faceSource * k;
  if (spec.headHeight && !spec.headHeight->Contains(plan.headHeight)) plan.unmet.push_back("headHeight");
  return plan;
}

}  // namespace piplkit
