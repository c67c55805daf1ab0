#include "image_worker.h"

#include "image_header.h"

namespace piplkit {
namespace {

// Decoded size this call will hold, from the header when readable (0 otherwise: the call will fail).
int64_t EstimateDecodedBytes(const ImageSource& source, const DecodeOptions& decode) {
  uint64_t pixels = 0;
  if (source.rawWidth > 0) {
    pixels = static_cast<uint64_t>(source.rawWidth) * source.rawHeight;
  } else {
    try {
      const ImageHeader header = ReadImageHeader(source.data, source.length);
      pixels = static_cast<uint64_t>(header.width) * header.height;
    } catch (const ImageError&) {
      return 0;
    }
  }
  if (pixels > decode.maxPixels) return 0;
  return static_cast<int64_t>(pixels * 4 / (decode.reduce * decode.reduce));
}

}  // namespace

ImageSource ReadImageArg(Napi::Value value) {
  ImageSource source;
  if (value.IsBuffer()) {
    auto buffer = value.As<Napi::Buffer<uint8_t>>();
    source.data = buffer.Data();
    source.length = buffer.Length();
    return source;
  }
  Napi::Object raw = value.As<Napi::Object>();
  auto buffer = raw.Get("data").As<Napi::Buffer<uint8_t>>();
  source.data = buffer.Data();
  source.length = buffer.Length();
  source.rawWidth = raw.Get("width").As<Napi::Number>().Int32Value();
  source.rawHeight = raw.Get("height").As<Napi::Number>().Int32Value();
  source.rawChannels = raw.Get("channels").As<Napi::Number>().Int32Value();
  return source;
}

DecodeOptions ReadDecodeOptions(Napi::Object options) {
  DecodeOptions decode;
  if (options.Get("maxPixels").IsNumber()) decode.maxPixels = static_cast<uint64_t>(options.Get("maxPixels").As<Napi::Number>().Int64Value());
  if (options.Get("reduce").IsNumber()) decode.reduce = options.Get("reduce").As<Napi::Number>().Int32Value();
  return decode;
}

FaceModelChoice ReadFaceModel(Napi::Object options) {
  const std::string model = options.Get("model").As<Napi::String>().Utf8Value();
  return model == "short" ? FaceModelChoice::Short : model == "full" ? FaceModelChoice::Full : FaceModelChoice::Auto;
}

FaceDetectOptions ReadFaceOptions(Napi::Object options) {
  FaceDetectOptions face;
  face.model = ReadFaceModel(options);
  if (options.Get("minScore").IsNumber()) face.minScore = options.Get("minScore").As<Napi::Number>().FloatValue();
  if (options.Get("maxFaces").IsNumber()) face.maxFaces = options.Get("maxFaces").As<Napi::Number>().Int32Value();
  return face;
}

Napi::Object FaceToJs(Napi::Env env, const FaceDetection& face) {
  auto point = [&](const cv::Point2f& p) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("x", p.x);
    o.Set("y", p.y);
    return o;
  };
  Napi::Object box = Napi::Object::New(env);
  box.Set("x", face.box.x);
  box.Set("y", face.box.y);
  box.Set("width", face.box.width);
  box.Set("height", face.box.height);
  Napi::Object keypoints = Napi::Object::New(env);
  keypoints.Set("rightEye", point(face.keypoints[kRightEye]));
  keypoints.Set("leftEye", point(face.keypoints[kLeftEye]));
  keypoints.Set("noseTip", point(face.keypoints[kNoseTip]));
  keypoints.Set("mouth", point(face.keypoints[kMouth]));
  keypoints.Set("rightEar", point(face.keypoints[kRightEar]));
  keypoints.Set("leftEar", point(face.keypoints[kLeftEar]));
  Napi::Object out = Napi::Object::New(env);
  out.Set("box", box);
  out.Set("score", face.score);
  out.Set("keypoints", keypoints);
  out.Set("model", FaceModelName(face.model));
  return out;
}

ImageWorker::ImageWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback,
                         const char* name)
    : Worker(callback, name), source_(ReadImageArg(image)), decode_(ReadDecodeOptions(options)) {
  // Keeps the input (and so `source_.data`) alive until the worker settles.
  Receiver().Set("image", image);
  ReserveExternalMemory(env, EstimateDecodedBytes(source_, decode_));
}

}  // namespace piplkit
