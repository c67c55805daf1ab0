// JS bindings for the ID-photo calls. Options were validated by the TS facade; here they are read.
#include "idphoto_binding.h"

#include "idphoto.h"
#include "image_worker.h"
#include "sheet.h"

namespace piplkit {
namespace {

std::optional<PixelBand> ReadBand(Napi::Object object, const char* key) {
  if (!object.Get(key).IsObject()) return std::nullopt;
  Napi::Object band = object.Get(key).As<Napi::Object>();
  return PixelBand{band.Get("min").As<Napi::Number>().DoubleValue(), band.Get("max").As<Napi::Number>().DoubleValue()};
}

CropSpec ReadCropSpec(Napi::Object crop) {
  CropSpec spec;
  spec.width = crop.Get("width").As<Napi::Number>().Int32Value();
  spec.height = crop.Get("height").As<Napi::Number>().Int32Value();
  spec.headHeight = ReadBand(crop, "headHeight");
  spec.eyeLineFromBottom = ReadBand(crop, "eyeLineFromBottom");
  spec.topMargin = ReadBand(crop, "topMargin");
  spec.bottomMargin = ReadBand(crop, "bottomMargin");
  spec.faceWidth = ReadBand(crop, "faceWidth");
  spec.centringTolerance = crop.Get("centringTolerancePx").As<Napi::Number>().DoubleValue();
  return spec;
}

cv::Point2f ReadPoint(Napi::Object object, const char* key) {
  Napi::Object p = object.Get(key).As<Napi::Object>();
  return {p.Get("x").As<Napi::Number>().FloatValue(), p.Get("y").As<Napi::Number>().FloatValue()};
}

IdPhotoOptions ReadIdPhotoOptions(Napi::Object options) {
  IdPhotoOptions o;
  o.crop = ReadCropSpec(options.Get("crop").As<Napi::Object>());
  Napi::Array rgb = options.Get("background").As<Napi::Array>();
  o.backgroundBgr = cv::Scalar(rgb.Get(2u).As<Napi::Number>().DoubleValue(), rgb.Get(1u).As<Napi::Number>().DoubleValue(),
                               rgb.Get(0u).As<Napi::Number>().DoubleValue());
  o.dpi = options.Get("dpi").As<Napi::Number>().Int32Value();
  o.preferredQuality = options.Get("quality").As<Napi::Number>().Int32Value();
  if (options.Get("bytes").IsObject()) {
    Napi::Object bytes = options.Get("bytes").As<Napi::Object>();
    o.band = ByteBand{static_cast<size_t>(bytes.Get("min").As<Napi::Number>().Int64Value()),
                      static_cast<size_t>(bytes.Get("max").As<Napi::Number>().Int64Value())};
  }
  o.faceModel = ReadFaceModel(options);
  if (options.Get("maxPixels").IsNumber()) o.maxPixels = static_cast<uint64_t>(options.Get("maxPixels").As<Napi::Number>().Int64Value());
  return o;
}

Napi::Object PlanToJs(Napi::Env env, const CropPlan& plan) {
  Napi::Object geometry = Napi::Object::New(env);
  geometry.Set("scale", plan.scale);
  geometry.Set("rollDegrees", plan.rollDegrees);
  geometry.Set("headHeightPx", plan.headHeight);
  geometry.Set("eyeLineFromBottomPx", plan.eyeLineFromBottom);
  geometry.Set("topMarginPx", plan.topMargin);
  geometry.Set("bottomMarginPx", plan.bottomMargin);
  geometry.Set("faceWidthPx", plan.faceWidth);
  geometry.Set("crownEstimated", plan.crownEstimated);
  Napi::Array unmet = Napi::Array::New(env, plan.unmet.size());
  for (size_t i = 0; i < plan.unmet.size(); ++i) unmet.Set(static_cast<uint32_t>(i), plan.unmet[i]);
  geometry.Set("unmet", unmet);
  Napi::Array transform = Napi::Array::New(env, 6);
  for (uint32_t i = 0; i < 6; ++i) transform.Set(i, plan.transform.val[i]);
  geometry.Set("transform", transform);
  return geometry;
}

class MakeIdPhotoWorker : public ImageWorker {
 public:
  MakeIdPhotoWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback)
      : ImageWorker(env, image, options, callback, "piplkit.makeIdPhoto"), options_(ReadIdPhotoOptions(options)) {}

 protected:
  void Run() override { result_ = MakeIdPhoto(Source(), options_); }

  Napi::Value Result(Napi::Env env) override {
    const IdPhotoResult& r = result_;
    Napi::Object report = Napi::Object::New(env);
    Napi::Object source = Napi::Object::New(env);
    source.Set("width", r.source.width);
    source.Set("height", r.source.height);
    source.Set("decodedAtOneIn", r.reduce);
    report.Set("source", source);
    report.Set("face", FaceToJs(env, r.face));
    Napi::Object geometry = PlanToJs(env, r.plan);
    Napi::Object padding = Napi::Object::New(env);
    padding.Set("top", r.padTop);
    padding.Set("bottom", r.padBottom);
    padding.Set("left", r.padLeft);
    padding.Set("right", r.padRight);
    geometry.Set("paddingPx", padding);
    report.Set("geometry", geometry);
    Napi::Object encoding = Napi::Object::New(env);
    encoding.Set("quality", r.encoded.settings.quality);
    encoding.Set("chromaSubsampling", r.encoded.settings.chroma444 ? "4:4:4" : "4:2:0");
    encoding.Set("dpi", r.encoded.settings.dpi);
    encoding.Set("bytes", static_cast<double>(r.jpeg.size()));
    encoding.Set("encodes", r.encoded.encodes);
    encoding.Set("inBand", r.encoded.inBand);
    if (!r.encoded.shortfall.empty()) encoding.Set("shortfall", r.encoded.shortfall);
    report.Set("encoding", encoding);
    Napi::Object ms = Napi::Object::New(env);
    ms.Set("decode", r.ms.decode);
    ms.Set("detect", r.ms.detect);
    ms.Set("segment", r.ms.segment);
    ms.Set("compose", r.ms.compose);
    ms.Set("encode", r.ms.encode);
    ms.Set("encodeOnce", r.encoded.keptEncodeMs);
    report.Set("timingsMs", ms);
    Napi::Object result = Napi::Object::New(env);
    result.Set("jpeg", Napi::Buffer<uint8_t>::Copy(env, r.jpeg.data(), r.jpeg.size()));
    result.Set("report", report);
    return result;
  }

 private:
  IdPhotoOptions options_;
  IdPhotoResult result_;
};

class AnalyzePhotoWorker : public ImageWorker {
 public:
  AnalyzePhotoWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback)
      : ImageWorker(env, image, options, callback, "piplkit.analyzePhoto"), model_(ReadFaceModel(options)) {}

 protected:
  void Run() override { analysis_ = AnalyzePhoto(Source(), model_, Decode().maxPixels); }

  Napi::Value Result(Napi::Env env) override {
    const PhotoAnalysis& a = analysis_;
    Napi::Object result = Napi::Object::New(env);
    Napi::Object image = Napi::Object::New(env);
    image.Set("width", a.size.width);
    image.Set("height", a.size.height);
    image.Set("format", a.format);
    image.Set("bytes", static_cast<double>(a.bytes));
    result.Set("image", image);
    result.Set("faceCount", a.faceCount);
    if (a.face) {
      Napi::Object face = FaceToJs(env, *a.face);
      face.Set("rollDegrees", a.rollDegrees);
      face.Set("yawDegrees", a.yawDegrees);
      face.Set("interEyePx", a.interEye);
      face.Set("headHeightPx", a.headHeight);
      face.Set("eyeLineFromBottomPx", a.eyeLineFromBottom);
      face.Set("topMarginPx", a.topMargin);
      face.Set("crownEstimated", a.crownEstimated);
      face.Set("faceWidthPx", a.faceWidth);
      face.Set("centringOffsetPx", a.centringOffset);
      result.Set("face", face);
      Napi::Object quality = Napi::Object::New(env);
      quality.Set("sharpness", a.sharpness);
      quality.Set("faceLuminance", a.faceLuminance);
      quality.Set("clippedDark", a.clippedDark);
      quality.Set("clippedBright", a.clippedBright);
      quality.Set("contrast", a.contrast);
      result.Set("quality", quality);
    }
    if (a.backgroundCoverage > 0) {
      Napi::Object background = Napi::Object::New(env);
      Napi::Array rgb = Napi::Array::New(env, 3);
      for (uint32_t c = 0; c < 3; ++c) rgb.Set(c, a.backgroundRgb[c]);
      background.Set("meanRgb", rgb);
      background.Set("stdDev", a.backgroundStdDev);
      background.Set("coverage", a.backgroundCoverage);
      result.Set("background", background);
    }
    return result;
  }

 private:
  FaceModelChoice model_;
  PhotoAnalysis analysis_;
};

class RenderSheetWorker : public ImageWorker {
 public:
  RenderSheetWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback)
      : ImageWorker(env, image, options, callback, "piplkit.renderSheet") {
    Napi::Object paper = options.Get("paper").As<Napi::Object>();
    layout_.paper = {paper.Get("width").As<Napi::Number>().Int32Value(), paper.Get("height").As<Napi::Number>().Int32Value()};
    Napi::Object cell = options.Get("cell").As<Napi::Object>();
    layout_.cell = {cell.Get("width").As<Napi::Number>().Int32Value(), cell.Get("height").As<Napi::Number>().Int32Value()};
    Napi::Array positions = options.Get("positions").As<Napi::Array>();
    for (uint32_t i = 0; i < positions.Length(); ++i) {
      Napi::Object p = positions.Get(i).As<Napi::Object>();
      layout_.positions.emplace_back(p.Get("x").As<Napi::Number>().Int32Value(), p.Get("y").As<Napi::Number>().Int32Value());
    }
    layout_.cutMarks = options.Get("cutMarks").As<Napi::Boolean>().Value();
    jpeg_.dpi = options.Get("dpi").As<Napi::Number>().Int32Value();
    jpeg_.quality = options.Get("quality").As<Napi::Number>().Int32Value();
    jpeg_.chroma444 = true;  // print: keep full colour resolution
  }

 protected:
  void Run() override { encoded_ = EncodeJpeg(RenderSheet(Load(), layout_), jpeg_); }

  Napi::Value Result(Napi::Env env) override { return Napi::Buffer<uint8_t>::Copy(env, encoded_.data(), encoded_.size()); }

 private:
  SheetLayout layout_;
  JpegSettings jpeg_;
  std::vector<uint8_t> encoded_;
};

}  // namespace

// planCrop(head, crop) -> plan. Synchronous: pure arithmetic on a few points, no image.
Napi::Value PlanCropBinding(const Napi::CallbackInfo& info) {
  Napi::Object head = info[0].As<Napi::Object>();
  HeadLandmarks landmarks;
  landmarks.rightEye = ReadPoint(head, "rightEye");
  landmarks.leftEye = ReadPoint(head, "leftEye");
  landmarks.mouth = ReadPoint(head, "mouth");
  landmarks.faceWidth = head.Get("faceWidth").As<Napi::Number>().FloatValue();
  if (head.Get("crown").IsObject()) landmarks.crown = ReadPoint(head, "crown");
  return PlanToJs(info.Env(), PlanCrop(landmarks, ReadCropSpec(info[1].As<Napi::Object>())));
}

Napi::Value MakeIdPhotoBinding(const Napi::CallbackInfo& info) { return QueueImageWorker<MakeIdPhotoWorker>(info); }
Napi::Value AnalyzePhotoBinding(const Napi::CallbackInfo& info) { return QueueImageWorker<AnalyzePhotoWorker>(info); }
Napi::Value RenderSheetBinding(const Napi::CallbackInfo& info) { return QueueImageWorker<RenderSheetWorker>(info); }

}  // namespace piplkit
