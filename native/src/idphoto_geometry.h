// Where an ID photo's crop goes: from the face's landmarks and the spec's bands (all in pixels of
// the finished photo) to one similarity transform (roll levelled, scaled, translated) that meets
// head height, eye line, top margin and centring together, or says which rule cannot be met.
#pragma once

#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <vector>

namespace piplkit {

struct PixelBand {
  double min = 0;
  double max = 0;
  double Centre() const { return (min + max) / 2; }
  bool Contains(double value, double slack = 1e-6) const { return value >= min - slack && value <= max + slack; }
};

// A spec's geometry in pixels of the output photo (the TS facade converts mm and fractions).
struct CropSpec {
  int width = 0;
  int height = 0;
  std::optional<PixelBand> headHeight;         // chin to crown
  std::optional<PixelBand> eyeLineFromBottom;  // eye midpoint above the bottom edge
  std::optional<PixelBand> topMargin;          // crown below the top edge
  std::optional<PixelBand> bottomMargin;       // chin above the bottom edge
  std::optional<PixelBand> faceWidth;
  double centringTolerance = 0;  // px
};

// Landmarks in source pixels.
struct HeadLandmarks {
  cv::Point2f rightEye;  // subject's right = image left
  cv::Point2f leftEye;
  cv::Point2f mouth;
  float faceWidth = 0;   // detector box width
  // Top of the hair along the face's vertical axis, in source pixels (a point on the crown), or
  // nullopt when the person mask touches the top edge (crown outside the image).
  std::optional<cv::Point2f> crown;
};

struct CropPlan {
  cv::Matx23d transform;  // source -> output pixels
  double rollDegrees = 0;
  double scale = 0;       // output px per source px
  bool crownEstimated = false;
  // Predicted measurements on the output.
  double headHeight = 0;
  double eyeLineFromBottom = 0;
  double topMargin = 0;
  double bottomMargin = 0;
  double faceWidth = 0;
  // Rules the plan could not meet (ids as the TS report uses them).
  std::vector<std::string> unmet;
};

// The fraction of eye-to-mouth distance from the mouth to the chin, and from the eyes up to the
// crown when the crown is outside the image (adult head proportions).
constexpr double kChinBelowMouth = 0.7;
constexpr double kCrownAboveEyes = 1.7;

CropPlan PlanCrop(const HeadLandmarks& head, const CropSpec& spec);

}  // namespace piplkit
