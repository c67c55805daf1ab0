// Reads a .tflite file (a FlatBuffer following TensorFlow Lite's public schema) into plain structs:
// tensors, constant buffers and operators with their options. Field numbers follow schema.fbs;
// only what the importer needs is read. Every offset is bounds-checked, so a damaged or hostile
// file fails with a ModelError instead of reading out of bounds.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace piplkit {
namespace tflite {

// A model file that cannot be read or imported; `code` is the stable ERR_* name.
struct ModelError : std::runtime_error {
  std::string code;
  ModelError(std::string errorCode, const std::string& message)
      : std::runtime_error(message), code(std::move(errorCode)) {}
};

enum class TensorType : int8_t { Float32 = 0, Float16 = 1, Int32 = 2, UInt8 = 3, Int64 = 4 };

// Sparse storage of a constant (SparsityParameters in schema.fbs): dimensions in traversal order,
// each dense or compressed (CSR: segments + indices), with optional block dimensions.
struct Sparsity {
  struct Dimension {
    bool sparse = false;
    int32_t denseSize = 0;
    std::vector<int32_t> segments;
    std::vector<int32_t> indices;
  };
  std::vector<int32_t> traversalOrder;
  std::vector<int32_t> blockMap;
  std::vector<Dimension> dimensions;
};

struct Tensor {
  std::string name;
  std::vector<int32_t> shape;
  TensorType type = TensorType::Float32;
  // Constant data (weights, shapes); empty for activations. When `sparse` is set, the stored
  // values in traversal order (DENSIFY expands them).
  std::vector<uint8_t> data;
  bool sparse = false;
  Sparsity sparsity;
};

// Builtin operator codes used by the MediaPipe models (BuiltinOperator in schema.fbs).
enum BuiltinOp : int32_t {
  kAdd = 0,
  kAveragePool2D = 1,
  kConcatenation = 2,
  kConv2D = 3,
  kDepthwiseConv2D = 4,
  kDepthToSpace = 5,
  kDequantize = 6,
  kLogistic = 14,
  kMaxPool2D = 17,
  kMul = 18,
  kRelu = 19,
  kRelu6 = 21,
  kReshape = 22,
  kResizeBilinear = 23,
  kCustom = 32,
  kPad = 34,
  kMean = 40,
  kHardSwish = 117,
  kDensify = 124,
};

const char* BuiltinOpName(int32_t code);

struct Operator {
  int32_t builtin = 0;    // BuiltinOperator
  std::string custom;     // custom_code when builtin == kCustom
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  // Scalar builtin options by field index (ints and bools widened), read with the option table's
  // layout for this operator; missing fields keep the schema default supplied by the reader.
  std::map<int, int32_t> options;
  std::vector<int32_t> newShape;      // ReshapeOptions.new_shape
  std::vector<uint8_t> customOptions;  // raw bytes for custom ops
  int32_t Option(int field, int32_t fallback) const {
    auto it = options.find(field);
    return it == options.end() ? fallback : it->second;
  }
};

struct Model {
  std::vector<Tensor> tensors;
  std::vector<Operator> operators;
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
};

// Parses the first subgraph. `modelName` only labels errors.
Model ParseModel(const uint8_t* data, size_t length, const std::string& modelName);

}  // namespace tflite
}  // namespace piplkit
