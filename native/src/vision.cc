// JS bindings for the vision calls. Each async call is one Worker: decode -> model(s) -> result.
// Arguments and options were validated by the TS facade (native/lib); here they are only read.
#include "vision.h"

#include <mutex>
#include <string>
#include <vector>

#include "face_blur.h"
#include "face_detector.h"
#include "image_worker.h"
#include "model_registry.h"
#include "person_segmenter.h"

namespace piplkit {
namespace {

// A JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) that keeps its long side at least
// this long. The short-range model (and 'auto', which runs it first) reproduces MediaPipe, which
// samples the full-size image bilinearly: decoded smaller, its boxes move by up to a tenth of a
// face (measured on the test photos), so it only gets a reduced decode from 2048 pixels up.
constexpr int kDetectionLongSide = 1024;
// The full-range model averages 4x4 samples per pixel of anything above 4x its 192-pixel input (see
// face_detector.cc): a 2 MP JPEG decodes at half size, twice as fast, with the same faces and
// keypoints within about 1.5% of a face's width of the full-size decode.
constexpr int kFullRangeLongSide = 4 * 192;

// Masks handed to JS come back here when their Buffer is collected, and the next segmentPerson
// call of the same size writes into one: a fresh 2 MP mask is 600 pages for the kernel to fault
// in and zero, about a millisecond. At most kMaxPooledBytes are kept.
class MaskPool {
 public:
  cv::Mat Take(cv::Size size) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 0; i < free_.size(); ++i) {
      if (free_[i].size() == size) {
        cv::Mat mask = free_[i];
        bytes_ -= mask.total();
        free_.erase(free_.begin() + static_cast<std::ptrdiff_t>(i));
        return mask;
      }
    }
    return cv::Mat(size, CV_8U);
  }
  void Give(const cv::Mat& mask) {
    constexpr size_t kMaxPooledBytes = 32u << 20;
    std::lock_guard<std::mutex> lock(mutex_);
    if (bytes_ + mask.total() > kMaxPooledBytes) return;
    free_.push_back(mask);
    bytes_ += mask.total();
  }

 private:
  std::mutex mutex_;
  std::vector<cv::Mat> free_;
  size_t bytes_ = 0;
};

MaskPool& Masks() {
  static MaskPool* pool = new MaskPool();  // never destroyed: finalizers may run at exit
  return *pool;
}

// The mask's own memory as a Buffer (no copy of megabytes on the JS thread): the Buffer keeps a
// reference to the cv::Mat until it is collected (then the memory goes back to the pool), and
// reports the bytes to V8 meanwhile. Where external buffers are not allowed (some embedders),
// NewOrCopy copies and releases at once.
Napi::Buffer<uint8_t> MaskBuffer(Napi::Env env, const cv::Mat& mask) {
  CV_Assert(mask.isContinuous() && mask.type() == CV_8U);
  auto* held = new cv::Mat(mask);
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(held->total()));
  return Napi::Buffer<uint8_t>::NewOrCopy(
      env, held->ptr<uint8_t>(), held->total(),
      [](Napi::Env finalizeEnv, uint8_t*, cv::Mat* m) {
        Napi::MemoryManagement::AdjustExternalMemory(finalizeEnv, -static_cast<int64_t>(m->total()));
        Masks().Give(*m);
        delete m;
      },
      held);
}

class DetectFacesWorker : public ImageWorker {
 public:
  DetectFacesWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback)
      : ImageWorker(env, image, options, callback, "piplkit.detectFaces"), options_(ReadFaceOptions(options)) {}

 protected:
  void Run() override {
    const ImageView image =
        LoadView(options_.model == FaceModelChoice::Full ? kFullRangeLongSide : kDetectionLongSide);
    width_ = image.original.width;
    height_ = image.original.height;
    FaceDetectOptions options = options_;
    options.rgbInput = image.rgb;
    faces_ = DetectFaces(image.pixels, options);
    const float sx = static_cast<float>(image.original.width) / image.pixels.cols;
    const float sy = static_cast<float>(image.original.height) / image.pixels.rows;
    if (sx != 1.f || sy != 1.f) {
      for (FaceDetection& face : faces_) {
        face.box = cv::Rect2f(face.box.x * sx, face.box.y * sy, face.box.width * sx, face.box.height * sy);
        for (cv::Point2f& p : face.keypoints) p = cv::Point2f(p.x * sx, p.y * sy);
      }
    }
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("width", width_);
    result.Set("height", height_);
    Napi::Array faces = Napi::Array::New(env, faces_.size());
    for (size_t i = 0; i < faces_.size(); ++i) faces.Set(static_cast<uint32_t>(i), FaceToJs(env, faces_[i]));
    result.Set("faces", faces);
    return result;
  }

 private:
  FaceDetectOptions options_;
  std::vector<FaceDetection> faces_;
  int width_ = 0, height_ = 0;
};

class SegmentPersonWorker : public ImageWorker {
 public:
  SegmentPersonWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback)
      : ImageWorker(env, image, options, callback, "piplkit.segmentPerson") {
    const std::string model = options.Get("model").As<Napi::String>().Utf8Value();
    options_.model = model == "general" ? SegmenterModel::General
                     : model == "landscape" ? SegmenterModel::Landscape
                                            : SegmenterModel::Auto;
    options_.refineEdges = options.Get("refineEdges").As<Napi::Boolean>().Value();
  }

 protected:
  void Run() override {
    const ImageView image = LoadView();
    SegmentOptions options = options_;
    options.rgbInput = image.rgb;
    options.into = Masks().Take(image.pixels.size());
    mask_ = SegmentPerson(image.pixels, options);
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("width", mask_.cols);
    result.Set("height", mask_.rows);
    result.Set("data", MaskBuffer(env, mask_));
    return result;
  }

 private:
  SegmentOptions options_;
  cv::Mat mask_;
};

class BlurFacesWorker : public ImageWorker {
 public:
  BlurFacesWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback)
      : ImageWorker(env, image, options, callback, "piplkit.blurFaces"), options_(ReadFaceOptions(options)) {
    const std::string style = options.Get("style").As<Napi::String>().Utf8Value();
    style_ = style == "pixelate" ? BlurStyle::Pixelate : style == "solid" ? BlurStyle::Solid : BlurStyle::Gaussian;
    format_ = options.Get("format").As<Napi::String>().Utf8Value();
    quality_ = options.Get("quality").As<Napi::Number>().Int32Value();
  }

 protected:
  void Run() override {
    cv::Mat image = Load();
    faces_ = DetectFaces(image, options_);
    BlurFaceRegions(image, faces_, style_);
    encoded_ = EncodeImage(image, format_, quality_);
  }
  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("data", Napi::Buffer<uint8_t>::Copy(env, encoded_.data(), encoded_.size()));
    Napi::Array faces = Napi::Array::New(env, faces_.size());
    for (size_t i = 0; i < faces_.size(); ++i) faces.Set(static_cast<uint32_t>(i), FaceToJs(env, faces_[i]));
    result.Set("faces", faces);
    return result;
  }

 private:
  FaceDetectOptions options_;
  BlurStyle style_;
  std::string format_;
  int quality_;
  std::vector<FaceDetection> faces_;
  std::vector<uint8_t> encoded_;
};


}  // namespace

// registerModel(id, bytes) -> boolean (true when newly registered). Synchronous: parsing a model
// takes about a millisecond and happens once per process. Throws an Error with `code`.
Napi::Value RegisterModelBinding(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string id = info[0].As<Napi::String>().Utf8Value();
  auto bytes = info[1].As<Napi::Buffer<uint8_t>>();
  const size_t before = RegisteredModelBytes();
  try {
    const bool added = RegisterModel(id, bytes.Data(), bytes.Length());
    const size_t after = RegisteredModelBytes();
    if (after != before) Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(after - before));
    return Napi::Boolean::New(env, added);
  } catch (const tflite::ModelError& e) {
    Napi::Error error = Napi::Error::New(env, e.what());
    error.Set("code", Napi::String::New(env, e.code));
    error.ThrowAsJavaScriptException();
    return env.Undefined();
  }
}

Napi::Value DetectFacesBinding(const Napi::CallbackInfo& info) { return QueueImageWorker<DetectFacesWorker>(info); }
Napi::Value SegmentPersonBinding(const Napi::CallbackInfo& info) { return QueueImageWorker<SegmentPersonWorker>(info); }
Napi::Value BlurFacesBinding(const Napi::CallbackInfo& info) { return QueueImageWorker<BlurFacesWorker>(info); }

}  // namespace piplkit
