#include "image_header.h"

#include <array>
#include <cstring>

namespace piplkit {
namespace {

[[noreturn]] void Fail(const char* code, const std::string& message) { throw ImageError{code, message}; }

uint16_t Be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t Be32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | p[3];
}
uint32_t Le16(const uint8_t* p) { return static_cast<uint32_t>(p[0] | (p[1] << 8)); }
uint32_t Le24(const uint8_t* p) { return static_cast<uint32_t>(p[0] | (p[1] << 8) | (p[2] << 16)); }
uint32_t Le32(const uint8_t* p) { return Le24(p) | (static_cast<uint32_t>(p[3]) << 24); }

uint32_t Crc32(const uint8_t* data, size_t length) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t n = 0; n < 256; ++n) {
      uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < length; ++i) c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void RequireSize(uint32_t width, uint32_t height, const char* format) {
  if (width == 0 || height == 0) Fail("ERR_IMAGE_CORRUPT", std::string(format) + " header declares a zero dimension");
}

// JPEG: walk the marker segments up to the first start-of-frame.
ImageHeader ReadJpeg(const uint8_t* data, size_t length) {
  size_t pos = 2;
  while (true) {
    if (pos + 2 > length) Fail("ERR_IMAGE_TRUNCATED", "JPEG ends before its frame header");
    if (data[pos] != 0xFF) Fail("ERR_IMAGE_CORRUPT", "JPEG marker expected at byte " + std::to_string(pos));
    while (pos < length && data[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= length) Fail("ERR_IMAGE_TRUNCATED", "JPEG ends inside a marker");
    const uint8_t marker = data[pos++];
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length field
    if (marker == 0xD9 || marker == 0xDA) Fail("ERR_IMAGE_CORRUPT", "JPEG has no frame header before its scan data");
    if (pos + 2 > length) Fail("ERR_IMAGE_TRUNCATED", "JPEG ends inside a segment length");
    const uint16_t segment = Be16(data + pos);
    if (segment < 2) Fail("ERR_IMAGE_CORRUPT", "JPEG segment length below 2");
    if (pos + segment > length) Fail("ERR_IMAGE_TRUNCATED", "JPEG ends inside a segment");
    const bool startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (startOfFrame) {
      if (segment < 8) Fail("ERR_IMAGE_CORRUPT", "JPEG frame header too short");
      const uint32_t height = Be16(data + pos + 3);
      const uint32_t width = Be16(data + pos + 5);
      const uint32_t components = data[pos + 7];
      RequireSize(width, height, "JPEG");
      if (components != 1 && components != 3 && components != 4)
        Fail("ERR_IMAGE_CORRUPT", "JPEG declares " + std::to_string(components) + " colour components");
      if (segment < 8 + 3 * components) Fail("ERR_IMAGE_CORRUPT", "JPEG frame header too short for its components");
      return {ImageFormat::Jpeg, width, height, components};
    }
    pos += segment;
  }
}

// PNG: IHDR must come first; tRNS (transparency) adds an alpha channel and appears before IDAT.
ImageHeader ReadPng(const uint8_t* data, size_t length) {
  if (length < 33) Fail("ERR_IMAGE_TRUNCATED", "PNG ends before its IHDR chunk");
  if (Be32(data + 8) != 13 || std::memcmp(data + 12, "IHDR", 4) != 0)
    Fail("ERR_IMAGE_CORRUPT", "PNG does not start with an IHDR chunk");
  if (Crc32(data + 12, 17) != Be32(data + 29)) Fail("ERR_IMAGE_CORRUPT", "PNG IHDR checksum mismatch");
  const uint32_t width = Be32(data + 16);
  const uint32_t height = Be32(data + 20);
  const uint8_t colorType = data[25];
  RequireSize(width, height, "PNG");
  if (width > 0x7FFFFFFFu || height > 0x7FFFFFFFu) Fail("ERR_IMAGE_CORRUPT", "PNG dimension exceeds 2^31-1");
  uint32_t channels;
  switch (colorType) {
    case 0: channels = 1; break;
    case 2: channels = 3; break;
    case 3: channels = 3; break;
    case 4: channels = 2; break;
    case 6: channels = 4; break;
    default: Fail("ERR_IMAGE_CORRUPT", "PNG colour type " + std::to_string(colorType) + " is invalid");
  }
  if (colorType == 0 || colorType == 2 || colorType == 3) {
    size_t pos = 33;
    while (pos + 8 <= length) {
      const uint32_t chunk = Be32(data + pos);
      const uint8_t* type = data + pos + 4;
      if (std::memcmp(type, "IDAT", 4) == 0 || std::memcmp(type, "IEND", 4) == 0) break;
      if (std::memcmp(type, "tRNS", 4) == 0) {
        channels += 1;
        break;
      }
      if (chunk > length - pos - 12) break;  // a damaged later chunk is the decoder's business
      pos += 12 + static_cast<size_t>(chunk);
    }
  }
  return {ImageFormat::Png, width, height, channels};
}

// WebP: RIFF container holding one of the lossy (VP8), lossless (VP8L) or extended (VP8X) chunks.
ImageHeader ReadWebp(const uint8_t* data, size_t length) {
  if (length < 30) Fail("ERR_IMAGE_TRUNCATED", "WebP ends before its first chunk header");
  const uint8_t* chunk = data + 12;
  if (std::memcmp(chunk, "VP8 ", 4) == 0) {
    const uint8_t* frame = chunk + 8;
    if (frame[3] != 0x9D || frame[4] != 0x01 || frame[5] != 0x2A) Fail("ERR_IMAGE_CORRUPT", "WebP VP8 start code missing");
    const uint32_t width = Le16(frame + 6) & 0x3FFF;
    const uint32_t height = Le16(frame + 8) & 0x3FFF;
    RequireSize(width, height, "WebP");
    return {ImageFormat::Webp, width, height, 3};
  }
  if (std::memcmp(chunk, "VP8L", 4) == 0) {
    const uint8_t* bits = chunk + 8;
    if (bits[0] != 0x2F) Fail("ERR_IMAGE_CORRUPT", "WebP VP8L signature missing");
    const uint32_t packed = Le32(bits + 1);
    const uint32_t width = (packed & 0x3FFF) + 1;
    const uint32_t height = ((packed >> 14) & 0x3FFF) + 1;
    const bool alpha = (packed >> 28) & 1;
    return {ImageFormat::Webp, width, height, alpha ? 4u : 3u};
  }
  if (std::memcmp(chunk, "VP8X", 4) == 0) {
    const uint8_t* body = chunk + 8;
    const bool alpha = body[0] & 0x10;
    const uint32_t width = Le24(body + 4) + 1;
    const uint32_t height = Le24(body + 7) + 1;
    return {ImageFormat::Webp, width, height, alpha ? 4u : 3u};
  }
  Fail("ERR_IMAGE_CORRUPT", "WebP has no VP8, VP8L or VP8X chunk first");
}

}  // namespace

const char* FormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::Jpeg: return "jpeg";
    case ImageFormat::Png: return "png";
    case ImageFormat::Webp: return "webp";
  }
  return "unknown";
}

ImageHeader ReadImageHeader(const uint8_t* data, size_t length) {
  if (length == 0) Fail("ERR_IMAGE_EMPTY", "the image buffer is empty");
  static const uint8_t kPng[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) return ReadJpeg(data, length);
  if (length >= 8 && std::memcmp(data, kPng, 8) == 0) return ReadPng(data, length);
  if (length >= 12 && std::memcmp(data, "RIFF", 4) == 0 && std::memcmp(data + 8, "WEBP", 4) == 0)
    return ReadWebp(data, length);
  if (length < 12) Fail("ERR_IMAGE_TRUNCATED", "the buffer is too short to identify an image format");
  Fail("ERR_IMAGE_UNSUPPORTED", "not a JPEG, PNG or WebP image");
}

}  // namespace piplkit
