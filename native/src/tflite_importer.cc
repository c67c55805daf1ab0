#include "tflite_importer.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cfloat>
#include <cstring>
#include <functional>
#include <optional>

#include "dnn_layers.h"

namespace piplkit {
namespace tflite {
namespace {

constexpr const char* kTransposeConvBias = "Convolution2DTransposeBias";

[[noreturn]] void Unsupported(const std::string& op, const std::string& model, const std::string& why = "") {
  throw ModelError("ERR_MODEL_UNSUPPORTED_OP",
                   "model " + model + " uses the TFLite op " + op + (why.empty() ? "" : " " + why) +
                       ", which the piplkit importer does not support");
}

std::string OpName(const Operator& op) {
  if (op.builtin == kCustom) return op.custom.empty() ? "CUSTOM" : op.custom;
  const char* name = BuiltinOpName(op.builtin);
  return name ? name : "builtin #" + std::to_string(op.builtin);
}

// Where a tensor's value comes from while the graph is built.
struct Value {
  bool constant = false;
  cv::Mat data;       // constant: float32 (or int32), TFLite shape
  int layer = -1;     // activation: producing layer id
  bool nchw = false;  // activation: a 4-D tensor held as NCHW (the TFLite tensor is NHWC)
  // A zero PAD of height/width folded into the one convolution that reads this value.
  int padH = 0, padW = 0;
  // Zero channels a PAD appends, folded into the one ADD that reads this value (see kPad).
  int padC = 0;
  // Activation: input pixels per pixel of this tensor (2 after one stride-2 layer, ...).
  int stride = 1;
};

class Builder {
 public:
  Builder(const Model& model, const std::string& name) : model_(model), name_(name) {}

  ImportedNet Build() {
    if (model_.inputs.size() != 1) Unsupported("graph", name_, "with " + std::to_string(model_.inputs.size()) + " inputs");
    const Tensor& input = model_.tensors.at(model_.inputs[0]);
    if (input.shape.size() != 4 || input.shape[0] != 1)
      throw ModelError("ERR_MODEL_UNSUPPORTED_OP", "model " + name_ + " does not take one NHWC image");
    values_.resize(model_.tensors.size());
    consumers_.assign(model_.tensors.size(), {});
    for (const Operator& op : model_.operators)
      for (int32_t index : op.inputs)
        if (index >= 0) consumers_[index].push_back(&op);
    for (size_t i = 0; i < model_.tensors.size(); ++i) {
      const Tensor& t = model_.tensors[i];
      if (!t.data.empty() && !t.sparse) values_[i] = Value{true, ConstantMat(t), -1, false};
    }
    out_.net.setInputsNames({"input"});
    values_[model_.inputs[0]] = Value{false, cv::Mat(), 0, true};
    out_.inputHeight = input.shape[1];
    out_.inputWidth = input.shape[2];
    out_.inputChannels = input.shape[3];

    for (const Operator& op : model_.operators) Add(op);

    for (int32_t index : model_.outputs) {
      const Value& v = values_.at(index);
      if (v.constant || v.layer <= 0) Unsupported("graph", name_, "with a constant output");
      out_.outputs.push_back(layerNames_.at(v.layer));
      out_.outputShapes.push_back(model_.tensors[index].shape);
    }
    out_.inputAlignment = maxStride_;
    out_.fixedInputSize = fixedInputSize_;
    out_.net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    out_.net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return std::move(out_);
  }

 private:
  cv::Mat ConstantMat(const Tensor& t) {
    std::vector<int> dims(t.shape.begin(), t.shape.end());
    if (dims.empty()) dims.push_back(1);
    size_t count = 1;
    for (int d : dims) {
      if (d <= 0) throw ModelError("ERR_MODEL_CORRUPT", "model " + name_ + " has a constant with a non-positive dimension");
      count *= static_cast<size_t>(d);
    }
    const int rank = static_cast<int>(dims.size());
    auto view = [&](int type, size_t elementSize) {
      if (t.data.size() != count * elementSize)
        throw ModelError("ERR_MODEL_CORRUPT", "model " + name_ + " has a constant whose size does not match its shape");
      cv::Mat m(rank, dims.data(), type);
      std::memcpy(m.data, t.data.data(), t.data.size());
      return m;
    };
    switch (t.type) {
      case TensorType::Float32: return view(CV_32F, 4);
      case TensorType::Int32: return view(CV_32S, 4);
      case TensorType::Float16: return view(CV_16F, 2);
      default:
        throw ModelError("ERR_MODEL_UNSUPPORTED_OP", "model " + name_ + " has a constant of TFLite type " +
                                                        std::to_string(static_cast<int>(t.type)));
    }
  }

  const Value& In(const Operator& op, size_t i) {
    if (i >= op.inputs.size() || op.inputs[i] < 0) Unsupported(OpName(op), name_, "with a missing input");
    return values_[op.inputs[i]];
  }
  const Tensor& InTensor(const Operator& op, size_t i) { return model_.tensors[op.inputs.at(i)]; }

  const Value& Activation(const Operator& op, size_t i) {
    const Value& v = In(op, i);
    if (v.constant || v.layer < 0) Unsupported(OpName(op), name_, "on a constant or unset input");
    return v;
  }
  cv::Mat Constant(const Operator& op, size_t i) {
    const Value& v = In(op, i);
    if (!v.constant) Unsupported(OpName(op), name_, "with a non-constant weight input");
    return v.data;
  }

  int AddLayer(const std::string& type, cv::dnn::LayerParams& params, const std::vector<int>& inputs) {
    const std::string name = type + "_" + std::to_string(layerNames_.size());
    params.name = name;
    params.type = type;
    const int id = out_.net.addLayer(name, type, params);
    if (layerNames_.size() <= static_cast<size_t>(id)) layerNames_.resize(id + 1);
    layerNames_[id] = name;
    for (size_t i = 0; i < inputs.size(); ++i) out_.net.connect(inputs[i], 0, id, static_cast<int>(i));
    return id;
  }

  // `stride`: input pixels per pixel of the output (0: the first input's).
  void SetOutput(const Operator& op, int layer, bool nchw, int stride = 0) {
    if (op.outputs.empty()) return;
    Value v{false, cv::Mat(), layer, nchw};
    v.stride = stride > 0 ? stride : FirstActivationStride(op);
    maxStride_ = std::max(maxStride_, v.stride);
    values_[op.outputs[0]] = v;
  }

  int FirstActivationStride(const Operator& op) const {
    for (int32_t index : op.inputs)
      if (index >= 0 && !values_[index].constant && values_[index].layer >= 0) return values_[index].stride;
    return 1;
  }

  // Appends the fused activation (ActivationFunctionType) after `layer`.
  int Fuse(const Operator& op, int layer, int activation) {
    cv::dnn::LayerParams p;
    switch (activation) {
      case 0: return layer;
      case 1: return AddLayer("ReLU", p, {layer});
      case 3: return AddLayer("ReLU6", p, {layer});
      default: Unsupported(OpName(op), name_, "with fused activation " + std::to_string(activation));
    }
  }

  // TF's SAME padding: output = ceil(input / stride), the odd pixel goes after.
  static void SamePads(int in, int kernel, int stride, int dilation, int& before, int& after) {
    const int out = (in + stride - 1) / stride;
    const int total = std::max((out - 1) * stride + (kernel - 1) * dilation + 1 - in, 0);
    before = total / 2;
    after = total - before;
  }

  void SetWindow(cv::dnn::LayerParams& p, const Tensor& input, int kh, int kw, int sh, int sw, int dh, int dw,
                 int padding) {
    p.set("kernel_h", kh);
    p.set("kernel_w", kw);
    p.set("stride_h", sh);
    p.set("stride_w", sw);
    int t = 0, b = 0, l = 0, r = 0;
    if (padding == 0) {  // SAME
      SamePads(input.shape.at(1), kh, sh, dh, t, b);
      SamePads(input.shape.at(2), kw, sw, dw, l, r);
    }
    if (t == b && l == r) {
      p.set("pad_t", t);
      p.set("pad_b", b);
      p.set("pad_l", l);
      p.set("pad_r", r);
    } else {
      // OpenCV 4.6 convolution and pooling only pad symmetrically: pad explicitly first.
      pendingPads_ = {0, 0, 0, 0, t, b, l, r};
      p.set("pad_t", 0);
      p.set("pad_b", 0);
      p.set("pad_l", 0);
      p.set("pad_r", 0);
    }
  }

  // Inserts the explicit padding SetWindow asked for, if any; returns the layer to read from.
  int ApplyPendingPads(int layer, float value) {
    if (pendingPads_.empty()) return layer;
    cv::dnn::LayerParams p;
    p.set("paddings", cv::dnn::DictValue::arrayInt(pendingPads_.data(), static_cast<int>(pendingPads_.size())));
    p.set("type", "constant");
    p.set("value", value);
    pendingPads_.clear();
    return AddLayer("Padding", p, {layer});
  }

  static cv::Mat ToFloat(const cv::Mat& m) {
    if (m.depth() == CV_32F) return m;
    cv::Mat f;
    m.convertTo(f, CV_32F);
    return f;
  }

  // [O, kh, kw, I] -> [O, I, kh, kw]
  static cv::Mat OhwiToOihw(const cv::Mat& w) {
    const int o = w.size[0], kh = w.size[1], kw = w.size[2], in = w.size[3];
    const int sizes[] = {o, in, kh, kw};
    cv::Mat out(4, sizes, CV_32F);
    const float* src = w.ptr<float>();
    float* dst = out.ptr<float>();
    for (int a = 0; a < o; ++a)
      for (int y = 0; y < kh; ++y)
        for (int x = 0; x < kw; ++x)
          for (int c = 0; c < in; ++c) dst[((a * in + c) * kh + y) * kw + x] = src[((a * kh + y) * kw + x) * in + c];
    return out;
  }

  static cv::Mat Bias(const cv::Mat& b) {
    cv::Mat f = ToFloat(b);
    return f.reshape(1, 1).clone();
  }

  static int NhwcAxisToNchw(int axis) {
    static const int map[] = {0, 2, 3, 1};
    return map[axis];
  }

  [[noreturn]] void CorruptSparse() const {
    throw ModelError("ERR_MODEL_CORRUPT", "model " + name_ + " has a sparse constant that does not add up");
  }

  // Expands a sparse constant (TFLite's CSR-with-blocks format) into a dense Mat of its shape.
  cv::Mat Densify(const Tensor& t) {
    const Sparsity& sp = t.sparsity;
    const size_t rank = t.shape.size();
    const size_t levels = sp.traversalOrder.size();
    if (rank == 0 || sp.dimensions.size() != levels || levels < rank || levels - rank != sp.blockMap.size()) CorruptSparse();
    const size_t elementSize = t.type == TensorType::Float16 ? 2 : t.type == TensorType::Float32 ? 4 : 0;
    if (elementSize == 0) Unsupported("DENSIFY", name_, "of a non-float constant");
    std::vector<int> blockSize(rank, 1);
    std::vector<int> blockOf(levels - rank);
    for (size_t b = 0; b < sp.blockMap.size(); ++b) {
      const int dim = sp.blockMap[b];
      if (dim < 0 || static_cast<size_t>(dim) >= rank) CorruptSparse();
      blockOf[b] = dim;
      for (size_t l = 0; l < levels; ++l)
        if (sp.traversalOrder[l] == static_cast<int>(rank + b)) blockSize[dim] = sp.dimensions[l].denseSize;
      if (blockSize[dim] <= 0 || t.shape[dim] % blockSize[dim] != 0) CorruptSparse();
    }
    std::vector<int> dims(t.shape.begin(), t.shape.end());
    cv::Mat dense(static_cast<int>(rank), dims.data(), t.type == TensorType::Float16 ? CV_16F : CV_32F, cv::Scalar(0));
    const size_t stored = t.data.size() / elementSize;
    std::vector<int> coord(levels, 0);
    // Walks level by level; `position` indexes the segments (sparse) or the flattened dense prefix.
    std::function<void(size_t, size_t)> walk = [&](size_t level, size_t position) {
      if (level == levels) {
        if (position >= stored) CorruptSparse();
        size_t flat = 0;
        for (size_t d = 0; d < rank; ++d) {
          size_t c = static_cast<size_t>(coord[d]) * blockSize[d];
          for (size_t b = 0; b < blockOf.size(); ++b)
            if (blockOf[b] == static_cast<int>(d)) c += coord[rank + b];
          if (c >= static_cast<size_t>(t.shape[d])) CorruptSparse();
          flat = flat * t.shape[d] + c;
        }
        std::memcpy(dense.data + flat * elementSize, t.data.data() + position * elementSize, elementSize);
        return;
      }
      const Sparsity::Dimension& dim = sp.dimensions[level];
      const int target = sp.traversalOrder[level];
      if (target < 0 || static_cast<size_t>(target) >= levels) CorruptSparse();
      if (!dim.sparse) {
        if (dim.denseSize <= 0) CorruptSparse();
        for (int i = 0; i < dim.denseSize; ++i) {
          coord[target] = i;
          walk(level + 1, position * dim.denseSize + i);
        }
        return;
      }
      if (position + 1 >= dim.segments.size()) CorruptSparse();
      const int32_t begin = dim.segments[position], end = dim.segments[position + 1];
      if (begin < 0 || end < begin || static_cast<size_t>(end) > dim.indices.size()) CorruptSparse();
      for (int32_t j = begin; j < end; ++j) {
        coord[target] = dim.indices[j];
        if (coord[target] < 0) CorruptSparse();
        walk(level + 1, static_cast<size_t>(j));
      }
    };
    walk(0, 0);
    return dense;
  }

  void Add(const Operator& op) {
    cv::dnn::LayerParams p;
    switch (op.builtin) {
      case kDensify: {
        const Tensor& t = InTensor(op, 0);
        if (!t.sparse) Unsupported("DENSIFY", name_, "of a tensor without sparsity parameters");
        values_[op.outputs.at(0)] = Value{true, Densify(t), -1, false};
        return;
      }
      case kDepthToSpace: {
        // NHWC depth index = (i * b + j) * C' + c  ->  NCHW [1, b, b, C', H, W], permuted to
        // [1, C', H, b, W, b], read as [1, C', H*b, W*b].
        const Value& x = Activation(op, 0);
        const Tensor& input = InTensor(op, 0);
        const int b = op.Option(0, 0);
        if (!x.nchw || b <= 0 || input.shape.at(3) % (b * b) != 0) Unsupported("DEPTH_TO_SPACE", name_, "with this shape");
        const int h = input.shape[1], w = input.shape[2], c = input.shape[3] / (b * b);
        const int split[] = {1, b, b, c, h, w};
        cv::dnn::LayerParams reshape;
        reshape.set("dim", cv::dnn::DictValue::arrayInt(split, 6));
        const int first = AddLayer("Reshape", reshape, {x.layer});
        cv::dnn::LayerParams permute;
        const int order[] = {0, 3, 4, 1, 5, 2};
        permute.set("order", cv::dnn::DictValue::arrayInt(order, 6));
        const int moved = AddLayer("Permute", permute, {first});
        const int merged[] = {1, c, h * b, w * b};
        p.set("dim", cv::dnn::DictValue::arrayInt(merged, 4));
        fixedInputSize_ = true;  // the reshapes above spell out the height and width
        SetOutput(op, AddLayer("Reshape", p, {moved}), true, std::max(1, x.stride / b));
        return;
      }
      case kDequantize: {
        const Value& v = In(op, 0);
        if (!v.constant) Unsupported("DEQUANTIZE", name_, "of a non-constant tensor");
        values_[op.outputs.at(0)] = Value{true, ToFloat(v.data), -1, false};
        return;
      }
      case kConv2D:
      case kDepthwiseConv2D: {
        const bool depthwise = op.builtin == kDepthwiseConv2D;
        const Value& x = Activation(op, 0);
        if (!x.nchw) Unsupported(OpName(op), name_, "on a non-image tensor");
        const Tensor& input = InTensor(op, 0);
        cv::Mat w = ToFloat(Constant(op, 1));
        if (w.dims != 4) Unsupported(OpName(op), name_, "with a non 4-D filter");
        const int outChannels = depthwise ? w.size[3] : w.size[0];
        const int kh = w.size[1], kw = w.size[2];
        cv::Mat weights;
        if (depthwise) {
          // [1, kh, kw, C*m] -> [C*m, 1, kh, kw]
          const int sizes[] = {outChannels, 1, kh, kw};
          weights.create(4, sizes, CV_32F);
          const float* src = w.ptr<float>();
          float* dst = weights.ptr<float>();
          for (int y = 0; y < kh; ++y)
            for (int xk = 0; xk < kw; ++xk)
              for (int c = 0; c < outChannels; ++c) dst[(c * kh + y) * kw + xk] = src[(y * kw + xk) * outChannels + c];
          p.set("group", input.shape.at(3));
        } else {
          weights = OhwiToOihw(w);
        }
        const int padding = op.Option(0, 0);
        const int sw = op.Option(1, 1), sh = op.Option(2, 1);
        const int dw = op.Option(depthwise ? 5 : 4, 1), dh = op.Option(depthwise ? 6 : 5, 1);
        const bool hasBias = op.inputs.size() > 2 && op.inputs[2] >= 0;
        const int stride = x.stride * std::max(sh, sw);
        // OpenCV's fast depthwise path takes 3x3 filters on inputs at least 18 wide; elsewhere
        // piplkit's own layer is 2 to 5 times faster (see dnn_layers.h). It pads on its own,
        // asymmetrically too, so no Padding layer goes before it.
        constexpr int kFastDepthwiseMinWidth = 18;
        if (depthwise && outChannels == input.shape.at(3) && dh == 1 && dw == 1 && sh == sw && (sh == 1 || sh == 2) &&
            kh * kw <= 49 && (kh != 3 || kw != 3 || input.shape.at(2) < kFastDepthwiseMinWidth)) {
          int t = 0, b = 0, l = 0, r = 0;
          if (padding == 0) {
            SamePads(input.shape.at(1), kh, sh, dh, t, b);
            SamePads(input.shape.at(2), kw, sw, dw, l, r);
          }
          p.set("kernel_h", kh);
          p.set("kernel_w", kw);
          p.set("stride", sh);
          p.set("pad_t", t + x.padH);
          p.set("pad_b", b + x.padH);
          p.set("pad_l", l + x.padW);
          p.set("pad_r", r + x.padW);
          p.blobs.push_back(weights);
          if (hasBias) p.blobs.push_back(Bias(Constant(op, 2)));
          const int layer = AddLayer(kDepthwiseLayer, p, {x.layer});
          SetOutput(op, Fuse(op, layer, op.Option(4, 0)), true, stride);
          return;
        }
        SetWindow(p, input, kh, kw, sh, sw, dh, dw, padding);
        if (x.padH || x.padW) {  // VALID here (checked when the PAD was folded)
          p.set("pad_t", x.padH);
          p.set("pad_b", x.padH);
          p.set("pad_l", x.padW);
          p.set("pad_r", x.padW);
        }
        p.set("dilation_h", dh);
        p.set("dilation_w", dw);
        p.set("num_output", outChannels);
        p.blobs.push_back(weights);
        p.set("bias_term", hasBias);
        if (hasBias) p.blobs.push_back(Bias(Constant(op, 2)));
        const int layer = AddLayer("Convolution", p, {ApplyPendingPads(x.layer, 0.f)});
        SetOutput(op, Fuse(op, layer, op.Option(depthwise ? 4 : 3, 0)), true, stride);
        return;
      }
      case kAveragePool2D:
      case kMaxPool2D: {
        const Value& x = Activation(op, 0);
        if (!x.nchw) Unsupported(OpName(op), name_, "on a non-image tensor");
        p.set("pool", op.builtin == kMaxPool2D ? "max" : "ave");
        const Tensor& input = InTensor(op, 0);
        const Tensor& output = model_.tensors.at(op.outputs.at(0));
        if (op.Option(0, 0) == 1 && input.shape.size() == 4 && output.shape.size() == 4 && output.shape[1] == 1 &&
            output.shape[2] == 1 && op.Option(4, 1) == input.shape[1] && op.Option(3, 1) == input.shape[2]) {
          // A VALID window as large as the input (squeeze-and-excitation): global pooling, which
          // does not spell out the input's size.
          p.set("global_pooling", true);
          SetOutput(op, Fuse(op, AddLayer("Pooling", p, {x.layer}), op.Option(5, 0)), true);
          return;
        }
        // TFLite averages over the window's real pixels only.
        p.set("ave_pad_included", false);
        SetWindow(p, InTensor(op, 0), op.Option(4, 1), op.Option(3, 1), op.Option(2, 1), op.Option(1, 1), 1, 1,
                  op.Option(0, 0));
        if (!pendingPads_.empty() && op.builtin == kAveragePool2D)
          Unsupported("AVERAGE_POOL_2D", name_, "with asymmetric SAME padding");
        const int stride = x.stride * std::max(op.Option(1, 1), op.Option(2, 1));
        const int layer = AddLayer("Pooling", p, {ApplyPendingPads(x.layer, -FLT_MAX)});
        SetOutput(op, Fuse(op, layer, op.Option(5, 0)), true, stride);
        return;
      }
      case kMean: {
        const Value& x = Activation(op, 0);
        cv::Mat axes = Constant(op, 1);
        const bool spatial = x.nchw && axes.total() == 2 && axes.at<int32_t>(0) == 1 && axes.at<int32_t>(1) == 2;
        if (!spatial || op.Option(0, 0) == 0) Unsupported("MEAN", name_, "other than over height and width with keep_dims");
        p.set("pool", "ave");
        p.set("global_pooling", true);
        SetOutput(op, AddLayer("Pooling", p, {x.layer}), true);
        return;
      }
      case kAdd:
      case kMul: {
        const bool add = op.builtin == kAdd;
        const Value& a = Activation(op, 0);
        const Value& b = Activation(op, 1);
        const Tensor& ta = InTensor(op, 0);
        const Tensor& tb = InTensor(op, 1);
        int layer;
        if (add && ta.shape == tb.shape && a.nchw && b.nchw && (a.padC == 0 || b.padC == 0)) {
          // One operand may be the other's channel count with zero channels appended (a folded
          // PAD): the layer adds the shorter input into the first channels of the full one.
          layer = a.padC > 0 ? AddLayer(kAddLayer, p, {b.layer, a.layer}) : AddLayer(kAddLayer, p, {a.layer, b.layer});
        } else if (ta.shape == tb.shape && a.padC == 0 && b.padC == 0) {
          p.set("operation", add ? "sum" : "prod");
          layer = AddLayer("Eltwise", p, {a.layer, b.layer});
        } else if (!add && a.nchw && b.nchw && tb.shape.size() == 4 && tb.shape[1] == 1 && tb.shape[2] == 1 &&
                   tb.shape[3] == ta.shape[3]) {
          // Per-channel gate (squeeze-and-excitation): multiply by a [1, C, 1, 1] second input.
          p.set("axis", 1);
          layer = AddLayer("Scale", p, {a.layer, b.layer});
        } else {
          Unsupported(OpName(op), name_, "with operands of different shapes");
        }
        SetOutput(op, Fuse(op, layer, op.Option(0, 0)), a.nchw);
        return;
      }
      case kRelu:
      case kRelu6:
      case kLogistic:
      case kHardSwish: {
        const Value& x = Activation(op, 0);
        const char* type = op.builtin == kRelu      ? "ReLU"
                           : op.builtin == kRelu6   ? "ReLU6"
                           : op.builtin == kLogistic ? "Sigmoid"
                                                     : kHardSwishLayer;
        SetOutput(op, AddLayer(type, p, {x.layer}), x.nchw);
        return;
      }
      case kPad: {
        const Value& x = Activation(op, 0);
        cv::Mat pads = Constant(op, 1);
        if (!x.nchw || pads.total() != 8 || pads.depth() != CV_32S) Unsupported("PAD", name_, "on a non-image tensor");
        const int32_t* v = pads.ptr<int32_t>();
        // A symmetric zero pad of height and width read only by a VALID convolution becomes that
        // convolution's own padding: one copy of the tensor less per block.
        const auto& readers = consumers_[op.outputs.at(0)];
        const bool spatialOnly = v[0] == 0 && v[1] == 0 && v[6] == 0 && v[7] == 0 && v[2] == v[3] && v[4] == v[5];
        if (spatialOnly && x.padH == 0 && x.padW == 0 && readers.size() == 1 &&
            (readers[0]->builtin == kConv2D || readers[0]->builtin == kDepthwiseConv2D) && readers[0]->Option(0, 0) == 1 &&
            readers[0]->inputs.at(0) == op.outputs.at(0) &&
            std::find(model_.outputs.begin(), model_.outputs.end(), op.outputs[0]) == model_.outputs.end()) {
          Value folded = x;
          folded.padH = v[2];
          folded.padW = v[4];
          values_[op.outputs[0]] = folded;
          return;
        }
        // Zero channels appended for a residual ADD (BlazeFace's blocks that widen the tensor):
        // the ADD takes the shorter input as it is, which saves a copy of the tensor.
        const bool channelsOnly = v[0] == 0 && v[1] == 0 && v[2] == 0 && v[3] == 0 && v[4] == 0 && v[5] == 0 &&
                                  v[6] == 0 && v[7] > 0;
        if (channelsOnly && x.padH == 0 && x.padW == 0 && x.padC == 0 && readers.size() == 1 &&
            readers[0]->builtin == kAdd &&
            std::find(model_.outputs.begin(), model_.outputs.end(), op.outputs[0]) == model_.outputs.end()) {
          Value folded = x;
          folded.padC = v[7];
          values_[op.outputs[0]] = folded;
          return;
        }
        // NHWC pairs -> NCHW pairs
        const int order[] = {0, 3, 1, 2};
        std::vector<int> nchw;
        for (int axis : order) {
          nchw.push_back(v[axis * 2]);
          nchw.push_back(v[axis * 2 + 1]);
        }
        p.set("paddings", cv::dnn::DictValue::arrayInt(nchw.data(), static_cast<int>(nchw.size())));
        p.set("type", "constant");
        p.set("value", 0.f);
        SetOutput(op, AddLayer("Padding", p, {x.layer}), true);
        return;
      }
      case kReshape: {
        const Value& x = Activation(op, 0);
        const Tensor& out = model_.tensors.at(op.outputs.at(0));
        int layer = x.layer;
        if (x.nchw) {
          // Back to NHWC element order first, so the reshape sees TFLite's memory layout.
          cv::dnn::LayerParams perm;
          const int order[] = {0, 2, 3, 1};
          perm.set("order", cv::dnn::DictValue::arrayInt(order, 4));
          layer = AddLayer("Permute", perm, {layer});
        }
        std::vector<int> dims(out.shape.begin(), out.shape.end());
        const Tensor& input = InTensor(op, 0);
        if (x.nchw && dims.size() == 3 && dims[0] == 1 && dims[2] > 0 && input.shape.size() == 4 &&
            input.shape[3] % dims[2] == 0) {
          // [1, H, W, C] -> [1, H*W*C/D, D] (SSD heads): the count follows the input size.
          dims[1] = -1;
        } else {
          fixedInputSize_ = true;
        }
        p.set("dim", cv::dnn::DictValue::arrayInt(dims.data(), static_cast<int>(dims.size())));
        SetOutput(op, AddLayer("Reshape", p, {layer}), false);
        return;
      }
      case kConcatenation: {
        std::vector<int> inputs;
        std::optional<bool> nchw;
        for (size_t i = 0; i < op.inputs.size(); ++i) {
          const Value& v = Activation(op, i);
          if (nchw && *nchw != v.nchw) Unsupported("CONCATENATION", name_, "of mixed layouts");
          nchw = v.nchw;
          inputs.push_back(v.layer);
        }
        int axis = op.Option(0, 0);
        const int rank = static_cast<int>(InTensor(op, 0).shape.size());
        if (axis < 0) axis += rank;
        p.set("axis", nchw.value_or(false) ? NhwcAxisToNchw(axis) : axis);
        const int layer = AddLayer("Concat", p, inputs);
        SetOutput(op, Fuse(op, layer, op.Option(1, 0)), nchw.value_or(false));
        return;
      }
      case kResizeBilinear: {
        const Value& x = Activation(op, 0);
        cv::Mat size = Constant(op, 1);
        if (!x.nchw || size.total() != 2 || size.depth() != CV_32S) Unsupported("RESIZE_BILINEAR", name_, "without a constant size");
        const Tensor& input = InTensor(op, 0);
        const int outH = size.at<int32_t>(0), outW = size.at<int32_t>(1);
        const int inH = input.shape.at(1), inW = input.shape.at(2);
        p.set("interpolation", "bilinear");
        int stride = x.stride;
        if (inH > 0 && inW > 0 && outH % inH == 0 && outW % inW == 0 && outH / inH == outW / inW &&
            x.stride % (outH / inH) == 0) {
          // An integer zoom rather than a fixed size, so the net also runs on other input sizes.
          p.set("zoom_factor", outH / inH);
          stride = x.stride / (outH / inH);
        } else {
          p.set("height", outH);
          p.set("width", outW);
          fixedInputSize_ = true;
        }
        p.set("align_corners", op.Option(2, 0) != 0);
        p.set("half_pixel_centers", op.Option(3, 0) != 0);
        SetOutput(op, AddLayer("Resize", p, {x.layer}), true, stride);
        return;
      }
      case kCustom: {
        if (op.custom != kTransposeConvBias) Unsupported(OpName(op), name_);
        const Value& x = Activation(op, 0);
        const Tensor& input = InTensor(op, 0);
        cv::Mat w = ToFloat(Constant(op, 1));  // [O, kh, kw, I]
        if (w.dims != 4 || op.customOptions.size() < 12 || !x.nchw)
          Unsupported(kTransposeConvBias, name_, "with unexpected weights or options");
        int32_t params[3];  // TfLiteTransposeConvParams: padding (1 SAME, 2 VALID), stride_w, stride_h
        std::memcpy(params, op.customOptions.data(), sizeof(params));
        const int o = w.size[0], kh = w.size[1], kw = w.size[2], in = w.size[3];
        const int sw = params[1], sh = params[2];
        // [O, kh, kw, I] -> [I, O, kh, kw]
        const int sizes[] = {in, o, kh, kw};
        cv::Mat weights(4, sizes, CV_32F);
        const float* src = w.ptr<float>();
        float* dst = weights.ptr<float>();
        for (int a = 0; a < o; ++a)
          for (int y = 0; y < kh; ++y)
            for (int xk = 0; xk < kw; ++xk)
              for (int c = 0; c < in; ++c) dst[((c * o + a) * kh + y) * kw + xk] = src[((a * kh + y) * kw + xk) * in + c];
        const Tensor& outT = model_.tensors.at(op.outputs.at(0));
        const int outH = outT.shape.at(1), outW = outT.shape.at(2);
        const int totalH = std::max((input.shape.at(1) - 1) * sh + kh - outH, 0);
        const int totalW = std::max((input.shape.at(2) - 1) * sw + kw - outW, 0);
        p.set("kernel_h", kh);
        p.set("kernel_w", kw);
        p.set("stride_h", sh);
        p.set("stride_w", sw);
        p.set("pad_t", totalH / 2);
        p.set("pad_b", totalH - totalH / 2);
        p.set("pad_l", totalW / 2);
        p.set("pad_r", totalW - totalW / 2);
        p.set("num_output", o);
        p.set("bias_term", true);
        p.blobs.push_back(weights);
        p.blobs.push_back(Bias(Constant(op, 2)));
        SetOutput(op, AddLayer("Deconvolution", p, {x.layer}), true, std::max(1, x.stride / std::max(sh, sw)));
        return;
      }
      default: Unsupported(OpName(op), name_);
    }
  }

  const Model& model_;
  const std::string& name_;
  std::vector<Value> values_;
  std::vector<std::string> layerNames_{"input"};
  std::vector<int> pendingPads_;  // NCHW before/after pairs for the next windowed layer
  std::vector<std::vector<const Operator*>> consumers_;  // per tensor, the ops reading it
  int maxStride_ = 1;
  bool fixedInputSize_ = false;  // some layer spells out a size derived from the model's input
  ImportedNet out_;
};

}  // namespace

void CheckSupported(const Model& model, const std::string& modelName) {
  for (const Operator& op : model.operators) {
    switch (op.builtin) {
      case kDequantize: case kConv2D: case kDepthwiseConv2D: case kAveragePool2D: case kMaxPool2D: case kMean:
      case kAdd: case kMul: case kRelu: case kRelu6: case kLogistic: case kHardSwish: case kPad: case kReshape:
      case kConcatenation: case kResizeBilinear: case kDensify: case kDepthToSpace:
        break;
      case kCustom:
        if (op.custom == kTransposeConvBias) break;
        Unsupported(OpName(op), modelName);
      default: Unsupported(OpName(op), modelName);
    }
  }
}

ImportedNet BuildNet(const Model& model, const std::string& modelName) {
  CheckSupported(model, modelName);
  RegisterLayers();
  return Builder(model, modelName).Build();
}

}  // namespace tflite
}  // namespace piplkit
