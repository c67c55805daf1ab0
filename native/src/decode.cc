#include "decode.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_header.h"

namespace piplkit {
namespace {

[[noreturn]] void Fail(const char* code, const std::string& message) { throw ImageError{code, message}; }

void CheckBudget(uint64_t width, uint64_t height, const DecodeOptions& options) {
  if (width * height > options.maxPixels)
    Fail("ERR_IMAGE_TOO_LARGE", "image of " + std::to_string(width) + "x" + std::to_string(height) +
                                    " pixels exceeds the limit of " + std::to_string(options.maxPixels) + " pixels");
}

int ReadFlags(int reduce) {
  switch (reduce) {
    case 2: return cv::IMREAD_REDUCED_COLOR_2;
    case 4: return cv::IMREAD_REDUCED_COLOR_4;
    case 8: return cv::IMREAD_REDUCED_COLOR_8;
    default: return cv::IMREAD_COLOR;
  }
}

}  // namespace

cv::Mat LoadImage(const ImageSource& source, const DecodeOptions& options) {
  if (source.rawWidth > 0) {
    CheckBudget(source.rawWidth, source.rawHeight, options);
    const int type = CV_8UC(source.rawChannels);
    cv::Mat view(source.rawHeight, source.rawWidth, type, const_cast<uint8_t*>(source.data));
    cv::Mat bgr;
    switch (source.rawChannels) {
      case 1: cv::cvtColor(view, bgr, cv::COLOR_GRAY2BGR); break;
      case 3: cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR); break;
      case 4: cv::cvtColor(view, bgr, cv::COLOR_RGBA2BGR); break;
      default: Fail("ERR_IMAGE_UNSUPPORTED", "raw pixels must have 1, 3 or 4 channels");
    }
    return bgr;
  }
  const ImageHeader header = ReadImageHeader(source.data, source.length);
  CheckBudget(header.width, header.height, options);
  // Reduced decoding is native to JPEG only; for other formats it decodes then shrinks.
  const int flags = ReadFlags(options.reduce);
  cv::Mat encoded(1, static_cast<int>(source.length), CV_8U, const_cast<uint8_t*>(source.data));
  cv::Mat image = cv::imdecode(encoded, flags);
  if (image.empty()) Fail("ERR_IMAGE_CORRUPT", std::string(FormatName(header.format)) + " image could not be decoded");
  return image;
}

}  // namespace piplkit
