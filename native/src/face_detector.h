// MediaPipe BlazeFace on OpenCV DNN: letterbox to the model's square input, SSD anchor decoding,
// weighted non-maximum suppression, boxes and 6 keypoints mapped back to source pixels.
// Models are taken from the registry (model_registry.h) under the ids below.
#pragma once

#include <opencv2/core.hpp>

#include <array>
#include <vector>

namespace piplkit {

enum class FaceModel { Short, Full };
enum class FaceModelChoice { Short, Full, Auto };

constexpr const char* kShortRangeModelId = "face_detection_short_range";
constexpr const char* kFullRangeModelId = "face_detection_full_range";

const char* FaceModelName(FaceModel model);

// Keypoint order as the model emits it (subject's right eye first, i.e. the one on image left).
enum FaceKeypoint { kRightEye = 0, kLeftEye, kNoseTip, kMouth, kRightEar, kLeftEar, kKeypointCount };

struct FaceDetection {
  cv::Rect2f box;  // source pixels
  float score = 0;
  std::array<cv::Point2f, kKeypointCount> keypoints{};
  FaceModel model = FaceModel::Short;
};

struct FaceDetectOptions {
  FaceModelChoice model = FaceModelChoice::Auto;
  // Below 0: 0.5, the default minDetectionConfidence of MediaPipe's face detection solution.
  float minScore = -1;
  // 0: no limit. Highest scores first.
  int maxFaces = 0;
  // The image's channels are RGB rather than BGR (see LoadImageView).
  bool rgbInput = false;
};

// `bgr` is any size, 8-bit BGR (or RGB with options.rgbInput). Thread-safe.
std::vector<FaceDetection> DetectFaces(const cv::Mat& bgr, const FaceDetectOptions& options);

}  // namespace piplkit
