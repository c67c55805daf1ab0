// What every call that takes an image shares: reading the image argument (an encoded Buffer or
// raw pixels), the decode options, and a Worker that keeps the input alive and tells V8 how much
// native memory the decode will hold.
#pragma once

#include <napi.h>

#include <string>

#include "decode.h"
#include "face_detector.h"
#include "worker.h"

namespace piplkit {

// The input image: a Buffer (encoded) or { data: Buffer, width, height, channels } (raw pixels).
ImageSource ReadImageArg(Napi::Value value);
DecodeOptions ReadDecodeOptions(Napi::Object options);
FaceModelChoice ReadFaceModel(Napi::Object options);
FaceDetectOptions ReadFaceOptions(Napi::Object options);
Napi::Object FaceToJs(Napi::Env env, const FaceDetection& face);

class ImageWorker : public Worker {
 public:
  ImageWorker(Napi::Env env, Napi::Value image, Napi::Object options, Napi::Function callback, const char* name);

 protected:
  cv::Mat Load() const { return LoadImage(source_, decode_); }
  // minLongSide > 0 lets a big JPEG decode at reduced size (see DecodeOptions::minLongSide).
  ImageView LoadView(int minLongSide = 0) const {
    DecodeOptions decode = decode_;
    decode.minLongSide = minLongSide;
    return LoadImageView(source_, decode);
  }
  const ImageSource& Source() const { return source_; }
  const DecodeOptions& Decode() const { return decode_; }

 private:
  ImageSource source_;
  DecodeOptions decode_;
};

// binding(image, options, callback): queues one W.
template <typename W>
Napi::Value QueueImageWorker(const Napi::CallbackInfo& info) {
  auto* worker = new W(info.Env(), info[0], info[1].As<Napi::Object>(), info[2].As<Napi::Function>());
  worker->Queue();
  return info.Env().Undefined();
}

}  // namespace piplkit
