// Builds a cv::dnn::Net from a parsed TFLite model, layer by layer: fp16 weights dequantized,
// NHWC weights and activations converted to OpenCV's NCHW, each TFLite op mapped to OpenCV layers.
// Ops outside the supported set fail with ERR_MODEL_UNSUPPORTED_OP naming the op and the model.
#pragma once

#include <opencv2/dnn.hpp>

#include <string>
#include <vector>

#include "tflite_model.h"

namespace piplkit {
namespace tflite {

struct ImportedNet {
  cv::dnn::Net net;
  int inputHeight = 0;
  int inputWidth = 0;
  int inputChannels = 0;
  // Every layer follows the input's size (integer zooms, -1 in reshapes), so the net also runs on
  // other sizes that are multiples of `inputAlignment` (its largest stride): the input of a
  // fully convolutional detector can be cropped to the image instead of letterboxed to a square.
  bool fixedInputSize = false;
  int inputAlignment = 1;
  // The input size the net's buffers were last set up for (kept by the caller; see NetPool).
  cv::Size lastInput;
  // The caller's input blob, kept with the net so that its memory is reused from call to call.
  cv::Mat inputBlob;
  // Layer names to forward, one per model output, in the model's output order. Each blob has the
  // TFLite shape, except 4-D activations which come back NCHW.
  std::vector<std::string> outputs;
  std::vector<std::vector<int32_t>> outputShapes;  // TFLite (NHWC) shapes
};

// Checks every op is supported without building anything (used when a model is registered).
void CheckSupported(const Model& model, const std::string& modelName);

ImportedNet BuildNet(const Model& model, const std::string& modelName);

}  // namespace tflite
}  // namespace piplkit
