// De-identification: every detected face is blurred, pixelated or filled, then the image encoded.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <vector>

#include "face_detector.h"

namespace piplkit {

enum class BlurStyle { Gaussian, Pixelate, Solid };

// Covers each face box, grown by a margin so hair line, ears and chin are included.
void BlurFaceRegions(cv::Mat& bgr, const std::vector<FaceDetection>& faces, BlurStyle style);

// Encodes to "jpeg", "png" or "webp" (quality 1..100 for the lossy ones). Throws ImageError.
std::vector<uint8_t> EncodeImage(const cv::Mat& bgr, const std::string& format, int quality);

}  // namespace piplkit
