// OpenCV DNN layers piplkit adds to the ones OpenCV 4.6 ships, registered once per process.
#pragma once

namespace piplkit {
namespace tflite {

// Hard swish, x * clamp(x / 6 + 1/2, 0, 1), vectorised and branch-free. OpenCV 4.6's own
// HardSwish is a scalar loop with data-dependent branches: fused into a convolution it costs more
// than the convolution itself (measured: 3.4 ms of the general selfie model's 12 ms). This layer is
// an ActivationLayer, so OpenCV fuses it into the convolution before it in the same way.
constexpr const char* kHardSwishLayer = "PiplkitHardSwish";

// Depthwise convolution (one filter per channel), any kernel size, stride 1 or 2, asymmetric zero
// padding ("pad_t", "pad_b", "pad_l", "pad_r"), weights [C, 1, kh, kw] and optional bias [1, C]
// as blobs; an activation after it is fused. OpenCV 4.6 has a fast path for 3x3 filters on
// inputs at least 18 wide only: the 5x5 filters of the selfie models and the 3x3 ones on the
// detectors' small feature maps fall back to a generic loop 2 to 5 times slower than this one.
constexpr const char* kDepthwiseLayer = "PiplkitDepthwiseConv";

// Sum of two tensors of one shape, or of a tensor and a narrower one whose missing channels are
// zero (a residual ADD after a channel PAD, folded); an activation after it is fused. Vectorised,
// where OpenCV 4.6's Eltwise sum is a scalar loop (about a tenth of BlazeFace's time).
constexpr const char* kAddLayer = "PiplkitAdd";

// Registers the layers above with cv::dnn::LayerFactory (idempotent, thread-safe).
void RegisterLayers();

}  // namespace tflite
}  // namespace piplkit
