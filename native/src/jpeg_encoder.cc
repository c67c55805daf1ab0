#include "jpeg_encoder.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

namespace piplkit {
namespace {

struct ErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void OnError(j_common_ptr info) {
  auto* manager = reinterpret_cast<ErrorManager*>(info->err);
  (*info->err->format_message)(info, manager->message);
  std::longjmp(manager->jump, 1);
}

}  // namespace

std::vector<uint8_t> EncodeJpeg(const cv::Mat& bgr, const JpegSettings& settings) {
  CV_Assert(bgr.type() == CV_8UC3 && bgr.isContinuous());
  jpeg_compress_struct info{};
  ErrorManager errors{};
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = OnError;
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
  auto encode = [&](int quality, bool chroma444) {
    ++result.encodes;
    return EncodeJpeg(bgr, {quality, chroma444, dpi});
  };
  if (!band) {
    result.settings = {preferredQuality, false, dpi};
    result.bytes = encode(preferredQuality, false);
    return result;
  }
  // Highest quality in [1, ceiling] whose size is <= band->max, for one subsampling: the ceiling
  // first (wide bands end there), then bisection on the bracket [fits, too big].
  auto bestUnderCeiling = [&](bool chroma444, int ceiling) -> std::optional<std::pair<int, std::vector<uint8_t>>> {
    std::vector<uint8_t> top = encode(ceiling, chroma444);
    if (top.size() <= band->max) return std::make_pair(ceiling, std::move(top));
    std::optional<std::pair<int, std::vector<uint8_t>>> best;
    int fits = 0, tooBig = ceiling;
    while (tooBig - fits > 1) {
      const int q = (fits + tooBig) / 2;
      std::vector<uint8_t> bytes = encode(q, chroma444);
      if (bytes.size() <= band->max) {
        fits = q;
        best.emplace(q, std::move(bytes));
      } else {
        tooBig = q;
      }
    }
    return best;
  };
  const int ceiling = 100;
  auto subsampled = bestUnderCeiling(false, ceiling);
  if (!subsampled) {
    result.settings = {1, false, dpi};
    result.bytes = encode(1, false);
    result.inBand = false;
    result.shortfall = "even quality 1 gives " + std::to_string(result.bytes.size()) + " bytes, above the " +
                       std::to_string(band->max) + "-byte ceiling";
    return result;
  }
  if (subsampled->second.size() >= band->min) {
    result.settings = {subsampled->first, false, dpi};
    result.bytes = std::move(subsampled->second);
    return result;
  }
  // 4:2:0 stays under the floor even at its best: full-resolution chroma holds more detail.
  auto full = bestUnderCeiling(true, ceiling);
  if (full && full->second.size() >= band->min) {
    result.settings = {full->first, true, dpi};
    result.bytes = std::move(full->second);
    return result;
  }
  const bool useFull = full && full->second.size() > subsampled->second.size();
  auto& closest = useFull ? *full : *subsampled;
  result.settings = {closest.first, useFull, dpi};
  result.bytes = std::move(closest.second);
  result.inBand = false;
  result.shortfall = "the photo compresses to at most " + std::to_string(result.bytes.size()) +
                     " bytes, below the " + std::to_string(band->min) +
                     "-byte floor; piplkit does not pad files with filler bytes";
  return result;
}

}  // namespace piplkit
