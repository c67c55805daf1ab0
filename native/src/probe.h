#pragma once

#include <napi.h>

namespace piplkit {

Napi::Value ProbeImage(const Napi::CallbackInfo& info);

}  // namespace piplkit
