// Entry point: a short, flat list of exports. Each async export queues exactly one Worker.
#include <napi.h>

#include <opencv2/core.hpp>

#include "probe.h"

namespace piplkit {
namespace {

Napi::Value Versions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object versions = Napi::Object::New(env);
  versions.Set("addon", PIPLKIT_VERSION);
  versions.Set("opencv", cv::getVersionString());
  versions.Set("napi", NAPI_VERSION);
  return versions;
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("versions", Napi::Function::New(env, Versions, "versions"));
  exports.Set("probeImage", Napi::Function::New(env, ProbeImage, "probeImage"));
  return exports;
}

}  // namespace piplkit

Napi::Object InitPiplkit(Napi::Env env, Napi::Object exports) { return piplkit::Init(env, exports); }

NODE_API_MODULE(piplkit, InitPiplkit)
