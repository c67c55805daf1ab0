#include "jpeg_decoder.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "image_header.h"
#include "jpeg_error.h"

namespace piplkit {
namespace {

uint32_t ReadUint(const uint8_t* p, int bytes, bool littleEndian) {
  uint32_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | p[littleEndian ? bytes - 1 - i : i];
  return value;
}

// The pixels turned the way EXIF orientation says the image is displayed.
cv::Mat Upright(cv::Mat image, int orientation) {
  cv::Mat turned;
  switch (orientation) {
    case 2: cv::flip(image, turned, 1); return turned;
    case 3: cv::flip(image, turned, -1); return turned;
    case 4: cv::flip(image, turned, 0); return turned;
    case 5: cv::transpose(image, turned); return turned;
    case 6: cv::rotate(image, turned, cv::ROTATE_90_CLOCKWISE); return turned;
    case 7: cv::transpose(image, turned); cv::flip(turned, turned, -1); return turned;
    case 8: cv::rotate(image, turned, cv::ROTATE_90_COUNTERCLOCKWISE); return turned;
    default: return image;
  }
}

}  // namespace

int ExifOrientation(const uint8_t* app1, size_t length) {
  constexpr size_t kTiff = 6;  // after "Exif\0\0"
  if (length < kTiff + 8 || std::memcmp(app1, "Exif\0\0", 6) != 0) return 1;
  const uint8_t* tiff = app1 + kTiff;
  const size_t size = length - kTiff;
  bool little;
  if (tiff[0] == 'I' && tiff[1] == 'I') little = true;
  else if (tiff[0] == 'M' && tiff[1] == 'M') little = false;
  else return 1;
  const uint32_t ifd = ReadUint(tiff + 4, 4, little);
  if (ifd > size - 2) return 1;
  const uint32_t entries = ReadUint(tiff + ifd, 2, little);
  for (uint32_t i = 0; i < entries; ++i) {
    const size_t entry = ifd + 2 + static_cast<size_t>(i) * 12;
    if (entry + 12 > size) return 1;
    if (ReadUint(tiff + entry, 2, little) != 0x0112) continue;
    // Type SHORT, count 1: the value sits in the first two bytes of the value field.
    const uint32_t value = ReadUint(tiff + entry + 8, 2, little);
    return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
  }
  return 1;
}

std::optional<cv::Mat> DecodeJpeg(const uint8_t* data, size_t length, int reduce) {
  jpeg_decompress_struct info{};
  JpegErrorManager errors{};
  info.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = JumpOnJpegError;
  errors.base.output_message = IgnoreJpegMessage;
  cv::Mat pixels;
  int orientation = 1;
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&info);
    throw ImageError{"ERR_IMAGE_CORRUPT", std::string("JPEG image could not be decoded: ") + errors.message};
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, static_cast<unsigned long>(length));  // NOLINT(runtime/int): libjpeg's type
  jpeg_save_markers(&info, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&info, TRUE);
  if (info.jpeg_color_space != JCS_YCbCr && info.jpeg_color_space != JCS_GRAYSCALE &&
      info.jpeg_color_space != JCS_RGB) {
    jpeg_destroy_decompress(&info);
    return std::nullopt;
  }
  for (jpeg_saved_marker_ptr marker = info.marker_list; marker; marker = marker->next) {
    if (marker->marker == JPEG_APP0 + 1) {
      orientation = ExifOrientation(marker->data, marker->data_length);
      if (orientation != 1) break;
    }
  }
  info.scale_num = 1;
  info.scale_denom = static_cast<unsigned int>(reduce);
  info.out_color_space = JCS_EXT_BGR;
  jpeg_start_decompress(&info);
  pixels.create(static_cast<int>(info.output_height), static_cast<int>(info.output_width), CV_8UC3);
  JSAMPROW rows[16];
  while (info.output_scanline < info.output_height) {
    const int first = static_cast<int>(info.output_scanline);
    const int count = std::min<int>(16, pixels.rows - first);
    for (int i = 0; i < count; ++i) rows[i] = pixels.ptr<uint8_t>(first + i);
    jpeg_read_scanlines(&info, rows, static_cast<JDIMENSION>(count));
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return Upright(pixels, orientation);
}

}  // namespace piplkit
