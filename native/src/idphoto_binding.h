#pragma once

#include <napi.h>

namespace piplkit {

Napi::Value MakeIdPhotoBinding(const Napi::CallbackInfo& info);
Napi::Value AnalyzePhotoBinding(const Napi::CallbackInfo& info);
Napi::Value RenderSheetBinding(const Napi::CallbackInfo& info);
Napi::Value PlanCropBinding(const Napi::CallbackInfo& info);

}  // namespace piplkit
