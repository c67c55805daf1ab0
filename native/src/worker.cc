#include "worker.h"

#include <opencv2/core.hpp>

#include "image_header.h"
#include "tflite_model.h"

namespace piplkit {

void Worker::Execute() {
  try {
    Run();
  } catch (const ImageError& e) {
    errorCode_ = e.code;
    errorMessage_ = e.message;
  } catch (const tflite::ModelError& e) {
    errorCode_ = e.code;
    errorMessage_ = e.what();
  } catch (const cv::Exception& e) {
    errorCode_ = "ERR_OPENCV";
    errorMessage_ = "OpenCV failed: " + e.err;
  } catch (const std::bad_alloc&) {
    errorCode_ = "ERR_OUT_OF_MEMORY";
    errorMessage_ = "out of memory";
  } catch (const std::exception& e) {
    errorCode_ = "ERR_NATIVE";
    errorMessage_ = e.what();
  }
}

void Worker::ReserveExternalMemory(Napi::Env env, int64_t bytes) {
  externalBytes_ += bytes;
  Napi::MemoryManagement::AdjustExternalMemory(env, bytes);
}

void Worker::OnOK() {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  if (externalBytes_ != 0) {
    Napi::MemoryManagement::AdjustExternalMemory(env, -externalBytes_);
    externalBytes_ = 0;
  }
  if (!errorCode_.empty()) {
    Napi::Error error = Napi::Error::New(env, errorMessage_);
    error.Set("code", Napi::String::New(env, errorCode_));
    Callback().Call({error.Value()});
    return;
  }
  Callback().Call({env.Null(), Result(env)});
}

}  // namespace piplkit
