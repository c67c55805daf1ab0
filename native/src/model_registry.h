// Process-wide cache of imported models. The TS facade verifies each model file (manifest sha256)
// and registers its bytes once; every later call borrows a ready cv::dnn::Net from the model's
// pool. cv::dnn::Net is not thread-safe, so each concurrent worker gets its own instance, built
// on first need from the parsed model and returned to the pool afterwards.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tflite_importer.h"

namespace piplkit {

class NetPool {
 public:
  NetPool(std::string id, tflite::Model model) : id_(std::move(id)), model_(std::move(model)) {}

  class Lease {
   public:
    Lease(NetPool& pool, std::unique_ptr<tflite::ImportedNet> net) : pool_(pool), net_(std::move(net)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (net_) pool_.Release(std::move(net_));
    }
    tflite::ImportedNet& operator*() { return *net_; }
    tflite::ImportedNet* operator->() { return net_.get(); }

   private:
    NetPool& pool_;
    std::unique_ptr<tflite::ImportedNet> net_;
  };

  // A net from the pool, or a new one. With `input`, an idle net last run on that input size is
  // preferred: changing a cv::dnn::Net's input size re-plans its buffers (about a millisecond).
  Lease Acquire(cv::Size input = cv::Size());
  const std::string& id() const { return id_; }
  // The model's input and whether its nets take other sizes (see ImportedNet::fixedInputSize).
  struct InputTraits {
    int width = 0, height = 0;
    bool fixedSize = true;
    int alignment = 1;
  };
  InputTraits Input();
  // Bytes held by the parsed model and the nets built so far (reported to V8).
  size_t ApproximateBytes() const;

 private:
  void Release(std::unique_ptr<tflite::ImportedNet> net);

  const std::string id_;
  const tflite::Model model_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<tflite::ImportedNet>> idle_;
  size_t built_ = 0;
  bool haveTraits_ = false;
  InputTraits traits_;
};

// Parses and checks a model; replaces nothing if `id` is already registered. Returns true when
// the model was newly registered. Throws tflite::ModelError.
bool RegisterModel(const std::string& id, const uint8_t* data, size_t length);
bool IsModelRegistered(const std::string& id);
// Throws tflite::ModelError (ERR_MODEL_NOT_LOADED) when the model was never registered.
NetPool& GetModel(const std::string& id);
size_t RegisteredModelBytes();

}  // namespace piplkit
