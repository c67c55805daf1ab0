#include "decode.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "image_header.h"
#include "jpeg_decoder.h"

#include <cstring>
#include <optional>

namespace piplkit {
namespace {

[[noreturn]] void Fail(const char* code, const std::string& message) { throw ImageError{code, message}; }

void CheckBudget(uint64_t width, uint64_t height, const DecodeOptions& options) {
  if (width * height > options.maxPixels)
    Fail("ERR_IMAGE_TOO_LARGE", "image of " + std::to_string(width) + "x" + std::to_string(height) +
                                    " pixels exceeds the limit of " + std::to_string(options.maxPixels) + " pixels");
}

// Decoders fill a cut-off image with grey and report success, so a file that ends early is
// caught here instead: a JPEG needs its end-of-image marker after the scan starts (an EXIF
// thumbnail's marker comes before), a PNG its IEND chunk, a WebP all the bytes its RIFF header
// declares.
void RequireComplete(const uint8_t* data, size_t length, ImageFormat format) {
  switch (format) {
    case ImageFormat::Jpeg: {
      size_t pos = 2;
      while (pos + 4 <= length && data[pos] == 0xFF) {
        const uint8_t marker = data[pos + 1];
        if (marker == 0xDA) break;
        if (marker == 0xFF) {
          ++pos;
          continue;
        }
        pos += 2 + ((static_cast<size_t>(data[pos + 2]) << 8) | data[pos + 3]);
      }
      for (size_t i = length; i >= pos + 2; --i)
        if (data[i - 2] == 0xFF && data[i - 1] == 0xD9) return;
      Fail("ERR_IMAGE_TRUNCATED", "JPEG ends before its end-of-image marker");
    }
    case ImageFormat::Png: {
      // Scan back over trailing bytes some writers append, for the IEND chunk type.
      for (size_t i = length; i >= 12 && i + 64 >= length; --i)
        if (std::memcmp(data + i - 8, "IEND", 4) == 0) return;
      Fail("ERR_IMAGE_TRUNCATED", "PNG ends before its IEND chunk");
    }
    case ImageFormat::Webp: {
      const uint32_t riff = data[4] | (data[5] << 8) | (data[6] << 16) | (static_cast<uint32_t>(data[7]) << 24);
      if (static_cast<uint64_t>(riff) + 8 > length) Fail("ERR_IMAGE_TRUNCATED", "WebP is shorter than its RIFF header declares");
      return;
    }
  }
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
  RequireComplete(source.data, source.length, header.format);
  // Reduced decoding is native to JPEG only; for other formats it decodes then shrinks.
  if (header.format == ImageFormat::Jpeg) {
    if (std::optional<cv::Mat> image = DecodeJpeg(source.data, source.length, options.reduce)) return *image;
  }
  const int flags = ReadFlags(options.reduce);
  cv::Mat encoded(1, static_cast<int>(source.length), CV_8U, const_cast<uint8_t*>(source.data));
  cv::Mat image = cv::imdecode(encoded, flags);
  if (image.empty()) Fail("ERR_IMAGE_CORRUPT", std::string(FormatName(header.format)) + " image could not be decoded");
  return image;
}

ImageView LoadImageView(const ImageSource& source, const DecodeOptions& options) {
  if (source.rawWidth > 0 && source.rawChannels == 3) {
    CheckBudget(source.rawWidth, source.rawHeight, options);
    cv::Mat view(source.rawHeight, source.rawWidth, CV_8UC3, const_cast<uint8_t*>(source.data));
    return {view, true, view.size()};
  }
  if (source.rawWidth > 0 || options.minLongSide <= 0 || options.reduce != 1) {
    cv::Mat image = LoadImage(source, options);
    return {image, false, image.size()};
  }
  const ImageHeader header = ReadImageHeader(source.data, source.length);
  DecodeOptions reduced = options;
  if (header.format == ImageFormat::Jpeg) {
    const uint32_t longSide = std::max(header.width, header.height);
    for (int factor : {8, 4, 2}) {
      if (longSide / factor >= static_cast<uint32_t>(options.minLongSide)) {
        reduced.reduce = factor;
        break;
      }
    }
  }
  cv::Mat image = LoadImage(source, reduced);
  // EXIF orientation may have turned the image a quarter: match the header's sides to the result.
  cv::Size original(static_cast<int>(header.width), static_cast<int>(header.height));
  if ((image.cols >= image.rows) != (original.width >= original.height)) std::swap(original.width, original.height);
  if (reduced.reduce == 1) original = image.size();
  return {image, false, original};
}

}  // namespace piplkit
