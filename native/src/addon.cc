// Entry point: a short, flat list of exports. Each async export queues exactly one Worker.
#include <napi.h>

#include <opencv2/core.hpp>

#include "idphoto_binding.h"
#include "probe.h"
#include "vision.h"

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
  // Concurrency comes from the libuv pool (one call per worker thread); OpenCV's own thread pool
  // on top would oversubscribe the cores, so each call runs single-threaded.
  cv::setNumThreads(1);
  exports.Set("versions", Napi::Function::New(env, Versions, "versions"));
  exports.Set("probeImage", Napi::Function::New(env, ProbeImage, "probeImage"));
  exports.Set("registerModel", Napi::Function::New(env, RegisterModelBinding, "registerModel"));
  exports.Set("detectFaces", Napi::Function::New(env, DetectFacesBinding, "detectFaces"));
  exports.Set("segmentPerson", Napi::Function::New(env, SegmentPersonBinding, "segmentPerson"));
  exports.Set("blurFaces", Napi::Function::New(env, BlurFacesBinding, "blurFaces"));
  exports.Set("makeIdPhoto", Napi::Function::New(env, MakeIdPhotoBinding, "makeIdPhoto"));
  exports.Set("analyzePhoto", Napi::Function::New(env, AnalyzePhotoBinding, "analyzePhoto"));
  exports.Set("renderSheet", Napi::Function::New(env, RenderSheetBinding, "renderSheet"));
  exports.Set("planCrop", Napi::Function::New(env, PlanCropBinding, "planCrop"));
  return exports;
}

}  // namespace piplkit

Napi::Object InitPiplkit(Napi::Env env, Napi::Object exports) { return piplkit::Init(env, exports); }

NODE_API_MODULE(piplkit, InitPiplkit)
