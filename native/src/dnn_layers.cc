#include "dnn_layers.h"

#include <opencv2/core.hpp>
#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/dnn/all_layers.hpp>

#include <algorithm>
#include <mutex>

namespace piplkit {
namespace tflite {
namespace {

void HardSwish(const float* src, float* dst, size_t n) {
  size_t i = 0;
#if CV_SIMD128
  const cv::v_float32x4 sixth = cv::v_setall_f32(1.f / 6), half = cv::v_setall_f32(0.5f);
  const cv::v_float32x4 zero = cv::v_setzero_f32(), one = cv::v_setall_f32(1.f);
  for (; i + 4 <= n; i += 4) {
    const cv::v_float32x4 x = cv::v_load(src + i);
    const cv::v_float32x4 gate = cv::v_min(cv::v_max(cv::v_fma(x, sixth, half), zero), one);
    cv::v_store(dst + i, x * gate);
  }
#endif
  for (; i < n; ++i) {
    const float x = src[i];
    float gate = x * (1.f / 6) + 0.5f;
    gate = gate > 0.f ? gate : 0.f;
    gate = gate < 1.f ? gate : 1.f;
    dst[i] = x * gate;
  }
}

class HardSwishLayer : public cv::dnn::ActivationLayer {
 public:
  explicit HardSwishLayer(const cv::dnn::LayerParams& params) { setParamsFrom(params); }
  static cv::Ptr<cv::dnn::Layer> Create(cv::dnn::LayerParams& params) {
    return cv::Ptr<cv::dnn::Layer>(new HardSwishLayer(params));
  }

  bool getMemoryShapes(const std::vector<cv::dnn::MatShape>& inputs, const int, std::vector<cv::dnn::MatShape>& outputs,
                       std::vector<cv::dnn::MatShape>&) const override {
    outputs = inputs;
    return true;  // may run in place
  }

  // Fused into the layer before it: channels cn0..cn1 of one stripe, `len` values each.
  void forwardSlice(const float* src, float* dst, int len, size_t planeSize, int cn0, int cn1) const override {
    for (int c = cn0; c < cn1; ++c, src += planeSize, dst += planeSize) HardSwish(src, dst, static_cast<size_t>(len));
  }

  void forward(cv::InputArrayOfArrays inputs, cv::OutputArrayOfArrays outputs, cv::OutputArrayOfArrays) override {
    std::vector<cv::Mat> in, out;
    inputs.getMatVector(in);
    outputs.getMatVector(out);
    for (size_t i = 0; i < in.size(); ++i) {
      CV_Assert(in[i].type() == CV_32F && in[i].isContinuous() && out[i].isContinuous() && in[i].total() == out[i].total());
      HardSwish(in[i].ptr<float>(), out[i].ptr<float>(), in[i].total());
    }
  }
};

// A layer that takes the activation after it (OpenCV offers it through setActivation) and applies
// it to each output plane as it is written, sparing the net a pass over the whole tensor.
class FusingLayer : public cv::dnn::Layer {
 public:
  bool setActivation(const cv::Ptr<cv::dnn::ActivationLayer>& layer) override {
    if (!activation_.empty() && !layer.empty()) return false;
    activation_ = layer;
    return !activation_.empty();
  }

 protected:
  cv::Ptr<cv::dnn::ActivationLayer> activation_;
};

class DepthwiseLayer : public FusingLayer {
 public:
  explicit DepthwiseLayer(const cv::dnn::LayerParams& params)
      : kh_(params.get<int>("kernel_h")),
        kw_(params.get<int>("kernel_w")),
        stride_(params.get<int>("stride")),
        padT_(params.get<int>("pad_t")),
        padB_(params.get<int>("pad_b")),
        padL_(params.get<int>("pad_l")),
        padR_(params.get<int>("pad_r")) {
    setParamsFrom(params);
    CV_Assert(kh_ > 0 && kw_ > 0 && kh_ * kw_ <= kMaxTaps && (stride_ == 1 || stride_ == 2));
    CV_Assert(!blobs.empty() && blobs[0].dims == 4 && blobs[0].size[1] == 1 && blobs[0].size[2] == kh_ &&
              blobs[0].size[3] == kw_ && blobs[0].type() == CV_32F);
  }
  static cv::Ptr<cv::dnn::Layer> Create(cv::dnn::LayerParams& params) {
    return cv::Ptr<cv::dnn::Layer>(new DepthwiseLayer(params));
  }

  bool getMemoryShapes(const std::vector<cv::dnn::MatShape>& inputs, const int, std::vector<cv::dnn::MatShape>& outputs,
                       std::vector<cv::dnn::MatShape>&) const override {
    CV_Assert(inputs.size() == 1 && inputs[0].size() == 4 && inputs[0][1] == blobs[0].size[0]);
    cv::dnn::MatShape out = inputs[0];
    out[2] = (out[2] + padT_ + padB_ - kh_) / stride_ + 1;
    out[3] = (out[3] + padL_ + padR_ - kw_) / stride_ + 1;
    CV_Assert(out[2] > 0 && out[3] > 0);
    outputs.assign(1, out);
    return false;
  }

  void forward(cv::InputArrayOfArrays inputs, cv::OutputArrayOfArrays outputs, cv::OutputArrayOfArrays) override {
    std::vector<cv::Mat> in, out;
    inputs.getMatVector(in);
    outputs.getMatVector(out);
    const cv::Mat& src = in[0];
    cv::Mat& dst = out[0];
    const int batch = src.size[0], channels = src.size[1], h = src.size[2], w = src.size[3];
    const int oh = dst.size[2], ow = dst.size[3];
    // Each channel is copied into a zero-padded plane first (for stride 2 split into even and odd
    // columns), so that every tap of every output row reads one contiguous run of inputs. Rows
    // have slack for the vector loop's last reads.
    const int paddedH = h + padT_ + padB_, paddedW = w + padL_ + padR_;
    const int phaseW = stride_ == 2 ? (paddedW + 1) / 2 : paddedW;
    const int rowStride = phaseW + 8;
    const int rowPitch = rowStride * stride_;
    plane_.assign(static_cast<size_t>(paddedH) * rowPitch, 0.f);
    const float* weights = blobs[0].ptr<float>();
    const float* bias = blobs.size() > 1 ? blobs[1].ptr<float>() : nullptr;
    const int taps = kh_ * kw_;
    for (int b = 0; b < batch; ++b) {
      for (int c = 0; c < channels; ++c) {
        const float* input = src.ptr<float>(b, c);
        for (int y = 0; y < h; ++y) {
          const float* row = input + static_cast<size_t>(y) * w;
          float* prow = plane_.data() + static_cast<size_t>(y + padT_) * rowPitch;
          if (stride_ == 1) {
            std::copy(row, row + w, prow + padL_);
          } else {
            for (int x = 0; x < w; ++x) {
              const int px = x + padL_;
              prow[(px & 1) * rowStride + (px >> 1)] = row[x];
            }
          }
        }
        const float* k = weights + static_cast<size_t>(c) * taps;
        const float b0 = bias ? bias[c] : 0.f;
        float* output = dst.ptr<float>(b, c);
        const float* tap[kMaxTaps];
        for (int oy = 0; oy < oh; ++oy) {
          for (int ky = 0; ky < kh_; ++ky) {
            const float* prow = plane_.data() + static_cast<size_t>(oy * stride_ + ky) * rowPitch;
            for (int kx = 0; kx < kw_; ++kx)
              tap[ky * kw_ + kx] = stride_ == 1 ? prow + kx : prow + (kx & 1) * rowStride + (kx >> 1);
          }
          float* orow = output + static_cast<size_t>(oy) * ow;
          int ox = 0;
#if CV_SIMD128
          for (; ox + 8 <= ow; ox += 8) {
            cv::v_float32x4 acc0 = cv::v_setall_f32(b0), acc1 = acc0;
            for (int t = 0; t < taps; ++t) {
              const cv::v_float32x4 weight = cv::v_setall_f32(k[t]);
              acc0 = cv::v_fma(cv::v_load(tap[t] + ox), weight, acc0);
              acc1 = cv::v_fma(cv::v_load(tap[t] + ox + 4), weight, acc1);
            }
            cv::v_store(orow + ox, acc0);
            cv::v_store(orow + ox + 4, acc1);
          }
          for (; ox + 4 <= ow; ox += 4) {
            cv::v_float32x4 acc = cv::v_setall_f32(b0);
            for (int t = 0; t < taps; ++t) acc = cv::v_fma(cv::v_load(tap[t] + ox), cv::v_setall_f32(k[t]), acc);
            cv::v_store(orow + ox, acc);
          }
#endif
          for (; ox < ow; ++ox) {
            float acc = b0;
            for (int t = 0; t < taps; ++t) acc += tap[t][ox] * k[t];
            orow[ox] = acc;
          }
        }
      }
      if (activation_) {
        const int plane = oh * ow;
        activation_->forwardSlice(dst.ptr<float>(b), dst.ptr<float>(b), plane, static_cast<size_t>(plane), 0, channels);
      }
    }
  }

 private:
  static constexpr int kMaxTaps = 49;
  const int kh_, kw_, stride_, padT_, padB_, padL_, padR_;
  std::vector<float> plane_;
};

void Add(const float* a, const float* b, float* out, size_t n) {
  size_t i = 0;
#if CV_SIMD128
  for (; i + 8 <= n; i += 8) {
    cv::v_store(out + i, cv::v_load(a + i) + cv::v_load(b + i));
    cv::v_store(out + i + 4, cv::v_load(a + i + 4) + cv::v_load(b + i + 4));
  }
#endif
  for (; i < n; ++i) out[i] = a[i] + b[i];
}

class AddLayer : public FusingLayer {
 public:
  explicit AddLayer(const cv::dnn::LayerParams& params) { setParamsFrom(params); }
  static cv::Ptr<cv::dnn::Layer> Create(cv::dnn::LayerParams& params) { return cv::Ptr<cv::dnn::Layer>(new AddLayer(params)); }

  bool getMemoryShapes(const std::vector<cv::dnn::MatShape>& inputs, const int, std::vector<cv::dnn::MatShape>& outputs,
                       std::vector<cv::dnn::MatShape>&) const override {
    CV_Assert(inputs.size() == 2 && inputs[0].size() == inputs[1].size() && inputs[0].size() >= 2);
    for (size_t d = 0; d < inputs[0].size(); ++d) CV_Assert(d == 1 ? inputs[1][d] <= inputs[0][d] : inputs[1][d] == inputs[0][d]);
    outputs.assign(1, inputs[0]);
    return true;  // out = a + b element by element: may overwrite a
  }

  void forward(cv::InputArrayOfArrays inputs, cv::OutputArrayOfArrays outputs, cv::OutputArrayOfArrays) override {
    std::vector<cv::Mat> in, out;
    inputs.getMatVector(in);
    outputs.getMatVector(out);
    const cv::Mat &a = in[0], &b = in[1];
    cv::Mat& dst = out[0];
    CV_Assert(a.isContinuous() && b.isContinuous() && dst.isContinuous() && a.type() == CV_32F && b.type() == CV_32F);
    const int batch = a.size[0], channels = a.size[1], narrow = b.size[1];
    const size_t plane = a.total() / (static_cast<size_t>(batch) * channels);
    for (int n = 0; n < batch; ++n) {
      for (int c = 0; c < channels; ++c) {
        const float* pa = a.ptr<float>() + (static_cast<size_t>(n) * channels + c) * plane;
        float* pd = dst.ptr<float>() + (static_cast<size_t>(n) * channels + c) * plane;
        if (c < narrow)
          Add(pa, b.ptr<float>() + (static_cast<size_t>(n) * narrow + c) * plane, pd, plane);
        else if (pd != pa)
          std::copy(pa, pa + plane, pd);
        if (activation_) activation_->forwardSlice(pd, pd, static_cast<int>(plane), plane, 0, 1);
      }
    }
  }
};

}  // namespace

void RegisterLayers() {
  static std::once_flag once;
  std::call_once(once, [] {
    cv::dnn::LayerFactory::registerLayer(kHardSwishLayer, HardSwishLayer::Create);
    cv::dnn::LayerFactory::registerLayer(kDepthwiseLayer, DepthwiseLayer::Create);
    cv::dnn::LayerFactory::registerLayer(kAddLayer, AddLayer::Create);
  });
}

}  // namespace tflite
}  // namespace piplkit
