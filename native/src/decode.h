// Turns caller input (an encoded JPEG/PNG/WebP buffer or raw RGB(A)/grey pixels) into a BGR
// cv::Mat. The header is read first and its size checked against a pixel budget, so a
// decompression bomb is refused before any large allocation. EXIF orientation is applied.
#pragma once

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>

namespace piplkit {

struct ImageSource {
  const uint8_t* data = nullptr;
  size_t length = 0;
  // Raw pixels when width > 0: tightly packed rows, channels 1 (grey), 3 (RGB) or 4 (RGBA).
  int rawWidth = 0;
  int rawHeight = 0;
  int rawChannels = 0;
};

struct DecodeOptions {
  // Refuse images with more pixels than this (checked on the header, before decoding).
  uint64_t maxPixels = 100'000'000;
  // Decode at 1/2, 1/4 or 1/8 size (IMREAD_REDUCED_*): much faster for big JPEGs when the
  // result only needs a small image. 1 = full size.
  int reduce = 1;
  // For LoadImageView with reduce == 1: decode a JPEG at the largest of 1/2, 1/4, 1/8 that keeps
  // the long side at least this many pixels. 0 = full size.
  int minLongSide = 0;
};

// Always 8-bit, 3-channel BGR. Throws ImageError (ERR_IMAGE_*).
cv::Mat LoadImage(const ImageSource& source, const DecodeOptions& options);

// 8-bit, 3 channels, in the order `rgb` says. Raw RGB input comes back as a view of the caller's
// buffer (no copy, no full-size colour conversion), which is what analysis-only calls want: they
// shrink the image first and swap channels on the small copy. Valid while `source` is.
struct ImageView {
  cv::Mat pixels;
  bool rgb = false;
  // Size of the full image (EXIF orientation applied); `pixels` is smaller after a reduced decode.
  cv::Size original;
};
ImageView LoadImageView(const ImageSource& source, const DecodeOptions& options);

}  // namespace piplkit
