// MediaPipe Selfie Segmentation on OpenCV DNN: a soft person mask at source size, its edges
// snapped to the image's own edges with a fast guided filter (coefficients fitted at reduced size,
// applied to the full-size image).
#pragma once

#include <opencv2/core.hpp>

namespace piplkit {

enum class SegmenterModel { General, Landscape, Auto };

constexpr const char* kSelfieGeneralModelId = "selfie_segmentation";
constexpr const char* kSelfieLandscapeModelId = "selfie_segmentation_landscape";

struct SegmentOptions {
  // Auto: landscape model (144x256 input) for images wider than tall, general (256x256) otherwise.
  SegmenterModel model = SegmenterModel::Auto;
  // Refine edges with the guided filter; off returns the model's mask, bilinearly upsampled.
  bool refineEdges = true;
  // The image's channels are RGB rather than BGR (see LoadImageView).
  bool rgbInput = false;
  // > 0: return the mask at most this long on its longer side (same aspect) instead of at source
  // size, for callers that warp or measure it at a lower resolution anyway.
  int maskLongSide = 0;
  // Non-empty: run the model at this input size (width, height; nets that take other sizes only,
  // rounded to their alignment) instead of its native one.
  cv::Size modelInput;
  // Written into when it already has the mask's size and type (CV_8U), e.g. a recycled buffer:
  // a fresh one is megabytes of pages for the kernel to fault in and zero.
  cv::Mat into{};
};

// Returns CV_8U, same size as `bgr` (BGR, or RGB with options.rgbInput), 255 = person. Thread-safe.
cv::Mat SegmentPerson(const cv::Mat& bgr, const SegmentOptions& options);

}  // namespace piplkit
