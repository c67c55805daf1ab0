#include "model_registry.h"

#include <map>

namespace piplkit {
namespace {

std::mutex registryMutex;
std::map<std::string, std::unique_ptr<NetPool>>& Registry() {
  static std::map<std::string, std::unique_ptr<NetPool>> registry;
  return registry;
}

size_t ModelBytes(const tflite::Model& model) {
  size_t bytes = 0;
  for (const auto& t : model.tensors) bytes += t.data.size();
  return bytes;
}

}  // namespace

NetPool::Lease NetPool::Acquire(cv::Size input) {
  // Beyond this many nets per model, a call reuses an idle net of another input size.
  constexpr size_t kMaxNets = 16;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto take = [&](size_t i) {
      auto net = std::move(idle_[i]);
      idle_.erase(idle_.begin() + static_cast<std::ptrdiff_t>(i));
      return Lease(*this, std::move(net));
    };
    for (size_t i = idle_.size(); i-- > 0;)
      if (input.empty() || idle_[i]->lastInput == input || idle_[i]->lastInput.empty()) return take(i);
    if (!idle_.empty() && built_ >= kMaxNets) return take(idle_.size() - 1);
    ++built_;
  }
  // Built outside the lock: about a millisecond, once per concurrent worker and input size.
  return Lease(*this, std::make_unique<tflite::ImportedNet>(tflite::BuildNet(model_, id_)));
}

NetPool::InputTraits NetPool::Input() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (haveTraits_) return traits_;
  }
  Lease net = Acquire();
  InputTraits traits{net->inputWidth, net->inputHeight, net->fixedInputSize, net->inputAlignment};
  std::lock_guard<std::mutex> lock(mutex_);
  traits_ = traits;
  haveTraits_ = true;
  return traits;
}

void NetPool::Release(std::unique_ptr<tflite::ImportedNet> net) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(net));
}

size_t NetPool::ApproximateBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  // Each built net holds the float32 weights (about twice the fp16 file) plus its buffers.
  return ModelBytes(model_) * (1 + 3 * built_);
}

bool RegisterModel(const std::string& id, const uint8_t* data, size_t length) {
  {
    std::lock_guard<std::mutex> lock(registryMutex);
    if (Registry().count(id)) return false;
  }
  tflite::Model model = tflite::ParseModel(data, length, id);
  tflite::CheckSupported(model, id);
  std::lock_guard<std::mutex> lock(registryMutex);
  return Registry().emplace(id, std::make_unique<NetPool>(id, std::move(model))).second;
}

bool IsModelRegistered(const std::string& id) {
  std::lock_guard<std::mutex> lock(registryMutex);
  return Registry().count(id) > 0;
}

NetPool& GetModel(const std::string& id) {
  std::lock_guard<std::mutex> lock(registryMutex);
  auto it = Registry().find(id);
  if (it == Registry().end())
    throw tflite::ModelError("ERR_MODEL_NOT_LOADED", "model " + id + " has not been registered with the addon");
  return *it->second;
}

size_t RegisteredModelBytes() {
  std::lock_guard<std::mutex> lock(registryMutex);
  size_t bytes = 0;
  for (const auto& [id, pool] : Registry()) bytes += pool->ApproximateBytes();
  return bytes;
}

}  // namespace piplkit
