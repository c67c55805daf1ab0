// Reads an encoded image's header without decoding pixels, so sizes are known (and checked
// against limits) before anything large is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace piplkit {

enum class ImageFormat { Jpeg, Png, Webp };

const char* FormatName(ImageFormat format);

struct ImageHeader {
  ImageFormat format;
  uint32_t width;
  uint32_t height;
  uint32_t channels;
};

// Thrown for input that is not a readable image; `code` is the stable ERR_* name the JS side
// turns into a typed error.
struct ImageError {
  std::string code;
  std::string message;
};

ImageHeader ReadImageHeader(const uint8_t* data, size_t length);

}  // namespace piplkit
