#include "jpeg_encoder.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <utility>
#include <stdexcept>

#include "jpeg_error.h"

namespace piplkit {
namespace {

// Where the size search starts: the quality at which a portrait crop typically spends the
// band's ceiling in bits per pixel (4:2:0, optimised Huffman tables; read off two ID-photo crops,
// 358x441 and 240x320). A photo's own detail moves it by a few steps, which the search absorbs.
int FirstProbeQuality(size_t maxBytes, int pixels) {
  static constexpr std::pair<double, double> kBitsPerPixelToQuality[] = {
      {0.3, 25}, {0.58, 50}, {0.9, 70}, {1.02, 80}, {1.19, 90}, {1.43, 95}, {3.0, 100}};
  const double bpp = 8.0 * static_cast<double>(maxBytes) / std::max(pixels, 1);
  if (bpp <= kBitsPerPixelToQuality[0].first) return static_cast<int>(kBitsPerPixelToQuality[0].second);
  for (size_t i = 1; i < std::size(kBitsPerPixelToQuality); ++i) {
    const auto [b1, q1] = kBitsPerPixelToQuality[i];
    if (bpp <= b1) {
      const auto [b0, q0] = kBitsPerPixelToQuality[i - 1];
      return static_cast<int>(std::lround(q0 + (q1 - q0) * (bpp - b0) / (b1 - b0)));
    }
  }
  return 100;
}
// Bytes against libjpeg's table scale, log-log, on portrait crops: about -0.5 between q 50 and 95.
constexpr double kDefaultSizeSlope = -0.5;
constexpr double kOneSidedMargin = 0.06;  // log bytes, about 6 %

// libjpeg scales its base quantisation tables by this percentage (jpeg_quality_scaling); 0 at
// quality 100, where every table entry clamps to 1, is taken as 1.
double LogTableScale(int quality) {
  const double scale = quality < 50 ? 5000.0 / quality : 200.0 - 2.0 * quality;
  return std::log(std::max(scale, 1.0));
}

int QualityForTableScale(double scale) {
  const double quality = scale >= 100 ? 5000.0 / scale : (200.0 - scale) / 2;
  return static_cast<int>(std::lround(std::clamp(quality, 1.0, 100.0)));
}

}  // namespace

std::vector<uint8_t> EncodeJpeg(const cv::Mat& bgr, const JpegSettings& settings) {
  CV_Assert(bgr.type() == CV_8UC3 && bgr.isContinuous());
  jpeg_compress_struct info{};
  JpegErrorManager errors{};
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = JumpOnJpegError;
  unsigned char* buffer = nullptr;
  unsigned long size = 0;  // NOLINT(runtime/int): libjpeg's type
  if (setjmp(errors.jump)) {
    jpeg_destroy_compress(&info);
    std::free(buffer);
    throw std::runtime_error(std::string("JPEG encoding failed: ") + errors.message);
  }
  jpeg_create_compress(&info);
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = static_cast<JDIMENSION>(bgr.cols);
  info.image_height = static_cast<JDIMENSION>(bgr.rows);
  info.input_components = 3;
  info.in_color_space = JCS_EXT_BGR;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, settings.quality, TRUE);
  info.optimize_coding = TRUE;
  const int h = settings.chroma444 ? 1 : 2;
  info.comp_info[0].h_samp_factor = h;
  info.comp_info[0].v_samp_factor = h;
  info.write_JFIF_header = TRUE;
  info.density_unit = 1;  // dots per inch
  info.X_density = static_cast<UINT16>(settings.dpi);
  info.Y_density = static_cast<UINT16>(settings.dpi);
  jpeg_start_compress(&info, TRUE);
  while (info.next_scanline < info.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(bgr.ptr<uint8_t>(static_cast<int>(info.next_scanline)));
    jpeg_write_scanlines(&info, &row, 1);
  }
  jpeg_finish_compress(&info);
  std::vector<uint8_t> out(buffer, buffer + size);
  jpeg_destroy_compress(&info);
  std::free(buffer);
  return out;
}

BandedJpeg EncodeJpegInBand(const cv::Mat& bgr, int dpi, const std::optional<ByteBand>& band, int preferredQuality) {
  BandedJpeg result;
  // Each probe's time by settings, so the kept one's can be reported.
  std::map<std::pair<int, bool>, double> encodeMs;
  auto encode = [&](int quality, bool chroma444) {
    ++result.encodes;
    const auto start = std::chrono::steady_clock::now();
    std::vector<uint8_t> bytes = EncodeJpeg(bgr, {quality, chroma444, dpi});
    encodeMs[{quality, chroma444}] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return bytes;
  };
  auto keep = [&](const JpegSettings& settings, std::vector<uint8_t> bytes) {
    result.settings = settings;
    result.bytes = std::move(bytes);
    result.keptEncodeMs = encodeMs[{settings.quality, settings.chroma444}];
  };
  if (!band) {
    keep({preferredQuality, false, dpi}, encode(preferredQuality, false));
    return result;
  }
  // Highest quality in [1, ceiling] whose size is <= band->max, for one subsampling. File size
  // falls about as a power of libjpeg's table scale, so each probe aims where the line through
  // the two nearest probes (log size against log scale) meets the ceiling; bisection takes over
  // when that stops halving the bracket. About 3-4 encodes instead of bisection's 8.
  auto bestUnderCeiling = [&](bool chroma444, int ceiling) -> std::optional<std::pair<int, std::vector<uint8_t>>> {
    std::optional<std::pair<int, std::vector<uint8_t>>> best;
    int fits = 0, tooBig = ceiling + 1;
    struct Probe {
      double x, y;  // log table scale, log bytes
    };
    std::optional<Probe> fitProbe, bigProbe;
    const double target = std::log(static_cast<double>(band->max));
    int q = std::clamp(FirstProbeQuality(band->max, bgr.cols * bgr.rows), 1, ceiling);
    int previousWidth = tooBig - fits;
    while (tooBig - fits > 1) {
      std::vector<uint8_t> bytes = encode(q, chroma444);
      const Probe probe{LogTableScale(q), std::log(static_cast<double>(bytes.size()))};
      if (bytes.size() <= band->max) {
        fits = q;
        fitProbe = probe;
        best.emplace(q, std::move(bytes));
      } else {
        tooBig = q;
        bigProbe = probe;
      }
      const int width = tooBig - fits;
      if (width <= 1) break;
      // With probes on both sides, the line through them; with one side only, the typical slope,
      // aimed a little under the ceiling when coming from above so the next probe likely fits.
      double slope = kDefaultSizeSlope, aim = target;
      if (fitProbe && bigProbe && bigProbe->x != fitProbe->x) {
        slope = (bigProbe->y - fitProbe->y) / (bigProbe->x - fitProbe->x);
        if (!(slope < 0)) slope = kDefaultSizeSlope;
      } else if (bigProbe) {
        aim = target - kOneSidedMargin;
      }
      int next = QualityForTableScale(std::exp(probe.x + (aim - probe.y) / slope));
      if (2 * width > previousWidth && fitProbe && bigProbe) next = (fits + tooBig) / 2;
      previousWidth = width;
      q = std::clamp(next, fits + 1, tooBig - 1);
    }
    return best;
  };
  const int ceiling = 100;
  auto subsampled = bestUnderCeiling(false, ceiling);
  if (!subsampled) {
    keep({1, false, dpi}, encode(1, false));
    result.inBand = false;
    result.shortfall = "even quality 1 gives " + std::to_string(result.bytes.size()) + " bytes, above the " +
                       std::to_string(band->max) + "-byte ceiling";
    return result;
  }
  if (subsampled->second.size() >= band->min) {
    keep({subsampled->first, false, dpi}, std::move(subsampled->second));
    return result;
  }
  // 4:2:0 stays under the floor even at its best: full-resolution chroma holds more detail.
  auto full = bestUnderCeiling(true, ceiling);
  if (full && full->second.size() >= band->min) {
    keep({full->first, true, dpi}, std::move(full->second));
    return result;
  }
  const bool useFull = full && full->second.size() > subsampled->second.size();
  auto& closest = useFull ? *full : *subsampled;
  keep({closest.first, useFull, dpi}, std::move(closest.second));
  result.inBand = false;
  result.shortfall = "the photo compresses to at most " + std::to_string(result.bytes.size()) +
                     " bytes, below the " + std::to_string(band->min) +
                     "-byte floor; piplkit does not pad files with filler bytes";
  return result;
}

}  // namespace piplkit
