// The ID-photo pipeline (one native call): decode at the scale the output needs, detect the face,
// segment the person around it, find the crown, plan the crop, warp once, composite the new
// background through the edge-refined mask, encode into the spec's KB band with its DPI.
// And the measurements `checkPhoto` judges a photo by.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "decode.h"
#include "face_detector.h"
#include "idphoto_geometry.h"
#include "jpeg_encoder.h"

namespace piplkit {

struct IdPhotoOptions {
  CropSpec crop;
  cv::Scalar backgroundBgr{255, 255, 255};
  int dpi = 300;
  std::optional<ByteBand> band;
  int preferredQuality = 92;
  FaceModelChoice faceModel = FaceModelChoice::Auto;
  uint64_t maxPixels = 100'000'000;
};

struct StageTimes {
  double decode = 0, detect = 0, segment = 0, compose = 0, encode = 0;
};

struct IdPhotoResult {
  std::vector<uint8_t> jpeg;
  cv::Size source;  // full-size input
  int reduce = 1;   // decoded at 1/reduce
  FaceDetection face;  // in full-size source pixels
  CropPlan plan;       // scale relative to full-size source pixels
  double padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  BandedJpeg encoded;  // bytes moved to `jpeg`
  StageTimes ms;
};

IdPhotoResult MakeIdPhoto(const ImageSource& source, const IdPhotoOptions& options);

struct PhotoAnalysis {
  cv::Size size;
  std::string format;  // jpeg | png | webp | raw
  size_t bytes = 0;
  int faceCount = 0;
  std::optional<FaceDetection> face;
  // Geometry of the chosen face, image pixels.
  double rollDegrees = 0, yawDegrees = 0, interEye = 0, headHeight = 0, eyeLineFromBottom = 0, topMargin = 0;
  double faceWidth = 0, centringOffset = 0;
  bool crownEstimated = false;
  // Face-region quality.
  double sharpness = 0, faceLuminance = 0, clippedDark = 0, clippedBright = 0, contrast = 0;
  // Background (mask < 1/8); coverage 0 when there is none.
  cv::Scalar backgroundRgb;
  double backgroundStdDev = 0, backgroundCoverage = 0;
};

PhotoAnalysis AnalyzePhoto(const ImageSource& source, FaceModelChoice faceModel, uint64_t maxPixels);

}  // namespace piplkit
