#include "probe.h"

#include "image_header.h"
#include "worker.h"

namespace piplkit {
namespace {

class ProbeWorker : public Worker {
 public:
  ProbeWorker(Napi::Buffer<uint8_t> input, Napi::Function callback)
      : Worker(callback, "piplkit.probeImage"), data_(input.Data()), length_(input.Length()) {
    // Keeps the input alive (and unmoved) until the worker is done with it.
    Receiver().Set("input", input);
  }

 protected:
  void Run() override { header_ = ReadImageHeader(data_, length_); }

  Napi::Value Result(Napi::Env env) override {
    Napi::Object result = Napi::Object::New(env);
    result.Set("width", header_.width);
    result.Set("height", header_.height);
    result.Set("channels", header_.channels);
    result.Set("format", FormatName(header_.format));
    return result;
  }

 private:
  const uint8_t* data_;
  size_t length_;
  ImageHeader header_{};
};

}  // namespace

// probeImage(buffer, callback). Arguments were validated by the TS facade.
Napi::Value ProbeImage(const Napi::CallbackInfo& info) {
  auto* worker = new ProbeWorker(info[0].As<Napi::Buffer<uint8_t>>(), info[1].As<Napi::Function>());
  worker->Queue();
  return info.Env().Undefined();
}

}  // namespace piplkit
