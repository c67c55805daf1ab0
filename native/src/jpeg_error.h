// libjpeg reports fatal errors through a callback that must not return: it jumps back to the
// setjmp in the calling function, which then cleans up and throws.
#pragma once

#include <csetjmp>
#include <cstdio>

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

namespace piplkit {

struct JpegErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

inline void JumpOnJpegError(j_common_ptr info) {
  auto* manager = reinterpret_cast<JpegErrorManager*>(info->err);
  (*info->err->format_message)(info, manager->message);
  std::longjmp(manager->jump, 1);
}

// Warnings (corrupt but decodable data) are not printed to the host process's stderr.
inline void IgnoreJpegMessage(j_common_ptr) {}

}  // namespace piplkit
