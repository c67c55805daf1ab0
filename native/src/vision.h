#pragma once

#include <napi.h>

namespace piplkit {

Napi::Value RegisterModelBinding(const Napi::CallbackInfo& info);
Napi::Value DetectFacesBinding(const Napi::CallbackInfo& info);
Napi::Value SegmentPersonBinding(const Napi::CallbackInfo& info);
Napi::Value BlurFacesBinding(const Napi::CallbackInfo& info);

}  // namespace piplkit
