// Base for every native call: one AsyncWorker per call, run on the libuv pool. Execute() never
// touches JS; failures are stored as (code, message) and handed to the callback as an Error
// with a `code`, which the TS facade turns into a typed error carrying the caller's stack.
#pragma once

#include <napi.h>

#include <string>

namespace piplkit {

class Worker : public Napi::AsyncWorker {
 public:
  Worker(Napi::Function callback, const char* name) : Napi::AsyncWorker(callback, name) {}

  // Tells V8 this call will hold about `bytes` of native memory until it settles, so the GC
  // sees the pressure of many queued calls (given back when the call settles).
  void ReserveExternalMemory(Napi::Env env, int64_t bytes);

 protected:
  // Runs on the worker thread. Throw ImageError (or any std::exception) to fail.
  virtual void Run() = 0;
  // Runs on the JS thread after a successful Run().
  virtual Napi::Value Result(Napi::Env env) = 0;

 private:
  void Execute() final;
  void OnOK() final;

  int64_t externalBytes_ = 0;
  std::string errorCode_;
  std::string errorMessage_;
};

}  // namespace piplkit
