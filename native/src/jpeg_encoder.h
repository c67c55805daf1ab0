// JPEG encoding through libjpeg(-turbo) directly, for what cv::imencode cannot do: the JFIF
// density (DPI) field, chroma subsampling choice, and a search for a file size inside a band.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace piplkit {

struct JpegSettings {
  int quality = 90;        // 1..100
  bool chroma444 = false;  // false: 4:2:0
  int dpi = 300;           // written as JFIF density, dots per inch
};

std::vector<uint8_t> EncodeJpeg(const cv::Mat& bgr, const JpegSettings& settings);

struct ByteBand {
  size_t min = 0;
  size_t max = 0;
};

struct BandedJpeg {
  std::vector<uint8_t> bytes;
  JpegSettings settings;
  int encodes = 0;
  // How long the one encode that produced `bytes` took, ms: the codec's share of the search.
  double keptEncodeMs = 0;
  bool inBand = true;
  // Why the band could not be reached (empty when it was).
  std::string shortfall;
};

// The highest quality whose file fits the band: 4:2:0 first, 4:4:4 when 4:2:0 stays under the
// floor even at its best. Never pads: a band that cannot be reached is reported, not faked.
// Without a band, encodes once at `preferredQuality`.
BandedJpeg EncodeJpegInBand(const cv::Mat& bgr, int dpi, const std::optional<ByteBand>& band, int preferredQuality);

}  // namespace piplkit
