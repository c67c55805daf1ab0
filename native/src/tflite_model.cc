#include "tflite_model.h"

#include <cstring>

namespace piplkit {
namespace tflite {
namespace {

// Bounds-checked view of a FlatBuffer: tables, vectors and scalars by field index.
class FlatBuffer {
 public:
  FlatBuffer(const uint8_t* data, size_t length, const std::string& model) : data_(data), length_(length), model_(model) {}

  [[noreturn]] void Corrupt(const std::string& what) const {
    throw ModelError("ERR_MODEL_CORRUPT", "model " + model_ + " is not a readable TFLite file: " + what);
  }

  void Need(size_t pos, size_t bytes) const {
    if (pos > length_ || bytes > length_ - pos) Corrupt("offset out of bounds");
  }
  uint32_t U32(size_t pos) const {
    Need(pos, 4);
    uint32_t v;
    std::memcpy(&v, data_ + pos, 4);
    return v;
  }
  int32_t I32(size_t pos) const { return static_cast<int32_t>(U32(pos)); }
  uint16_t U16(size_t pos) const {
    Need(pos, 2);
    uint16_t v;
    std::memcpy(&v, data_ + pos, 2);
    return v;
  }
  int8_t I8(size_t pos) const {
    Need(pos, 1);
    return static_cast<int8_t>(data_[pos]);
  }

  size_t Root() const { return U32(0); }

  // Byte position of a field inside `table`, or 0 when the field is absent (schema default).
  size_t Field(size_t table, int index) const {
    const int64_t vtable = static_cast<int64_t>(table) - I32(table);
    if (vtable < 0) Corrupt("vtable out of bounds");
    const uint16_t vtableSize = U16(static_cast<size_t>(vtable));
    const size_t slot = 4 + 2 * static_cast<size_t>(index);
    if (slot + 2 > vtableSize) return 0;
    const uint16_t offset = U16(static_cast<size_t>(vtable) + slot);
    return offset == 0 ? 0 : table + offset;
  }

  // Follows an offset field to a table/vector/string; 0 when absent.
  size_t Ref(size_t table, int index) const {
    const size_t field = Field(table, index);
    if (field == 0) return 0;
    const size_t target = field + U32(field);
    Need(target, 4);
    return target;
  }

  int32_t Int(size_t table, int index, int width, int32_t fallback) const {
    const size_t field = Field(table, index);
    if (field == 0) return fallback;
    return width == 1 ? I8(field) : I32(field);
  }

  size_t VectorLength(size_t vector) const { return vector == 0 ? 0 : U32(vector); }
  size_t VectorTable(size_t vector, size_t i) const {
    const size_t slot = vector + 4 + 4 * i;
    return slot + U32(slot);
  }
  std::vector<int32_t> Ints(size_t vector) const {
    const size_t n = VectorLength(vector);
    Need(vector + 4, n * 4);
    std::vector<int32_t> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = I32(vector + 4 + 4 * i);
    return out;
  }
  // A vector of unsigned (width 1 or 2) or signed 32-bit (width 4) integers, widened.
  std::vector<int32_t> Indices(size_t vector, int width) const {
    if (width == 4) return Ints(vector);
    const size_t n = VectorLength(vector);
    Need(vector + 4, n * width);
    std::vector<int32_t> out(n);
    for (size_t i = 0; i < n; ++i)
      out[i] = width == 1 ? data_[vector + 4 + i] : U16(vector + 4 + 2 * i);
    return out;
  }
  std::vector<uint8_t> Bytes(size_t vector) const {
    const size_t n = VectorLength(vector);
    Need(vector + 4, n);
    return std::vector<uint8_t>(data_ + vector + 4, data_ + vector + 4 + n);
  }
  std::string String(size_t str) const {
    const std::vector<uint8_t> bytes = Bytes(str);
    return std::string(bytes.begin(), bytes.end());
  }

 private:
  const uint8_t* data_;
  size_t length_;
  const std::string& model_;
};

// Scalar fields of each builtin's options table: (field index, width in bytes). Enums and bools
// are one byte, ints four (schema.fbs).
const std::vector<std::pair<int, int>>* OptionLayout(int32_t builtin) {
  static const std::vector<std::pair<int, int>> conv{{0, 1}, {1, 4}, {2, 4}, {3, 1}, {4, 4}, {5, 4}};
  static const std::vector<std::pair<int, int>> depthwise{{0, 1}, {1, 4}, {2, 4}, {3, 4}, {4, 1}, {5, 4}, {6, 4}};
  static const std::vector<std::pair<int, int>> pool{{0, 1}, {1, 4}, {2, 4}, {3, 4}, {4, 4}, {5, 1}};
  static const std::vector<std::pair<int, int>> activation{{0, 1}};
  static const std::vector<std::pair<int, int>> concat{{0, 4}, {1, 1}};
  static const std::vector<std::pair<int, int>> resize{{0, 4}, {1, 4}, {2, 1}, {3, 1}};
  static const std::vector<std::pair<int, int>> reducer{{0, 1}};
  static const std::vector<std::pair<int, int>> depthToSpace{{0, 4}};
  switch (builtin) {
    case kConv2D: return &conv;
    case kDepthwiseConv2D: return &depthwise;
    case kAveragePool2D:
    case kMaxPool2D: return &pool;
    case kAdd:
    case kMul: return &activation;
    case kConcatenation: return &concat;
    case kResizeBilinear: return &resize;
    case kMean: return &reducer;
    case kDepthToSpace: return &depthToSpace;
    default: return nullptr;
  }
}

// SparsityParameters: 0 traversal_order, 1 block_map, 2 dim_metadata. DimensionMetadata: 0 format
// (DENSE 0, SPARSE_CSR 1), 1 dense_size, 2/3 array_segments (type, table), 4/5 array_indices; the
// index vectors are a union of Int32Vector (1), Uint16Vector (2), Uint8Vector (3), values at field 0.
Sparsity ReadSparsity(const FlatBuffer& fb, size_t table) {
  Sparsity sparsity;
  sparsity.traversalOrder = fb.Ints(fb.Ref(table, 0));
  sparsity.blockMap = fb.Ints(fb.Ref(table, 1));
  const size_t dims = fb.Ref(table, 2);
  auto indexVector = [&](size_t dim, int typeField, int valueField) {
    const int type = fb.Int(dim, typeField, 1, 0);
    const size_t holder = fb.Ref(dim, valueField);
    if (type == 0 || holder == 0) return std::vector<int32_t>();
    if (type < 1 || type > 3) fb.Corrupt("unknown sparse index vector type");
    return fb.Indices(fb.Ref(holder, 0), type == 1 ? 4 : type == 2 ? 2 : 1);
  };
  for (size_t i = 0; i < fb.VectorLength(dims); ++i) {
    const size_t dim = fb.VectorTable(dims, i);
    Sparsity::Dimension d;
    d.sparse = fb.Int(dim, 0, 1, 0) == 1;
    d.denseSize = fb.Int(dim, 1, 4, 0);
    d.segments = indexVector(dim, 2, 3);
    d.indices = indexVector(dim, 4, 5);
    sparsity.dimensions.push_back(std::move(d));
  }
  return sparsity;
}

}  // namespace

const char* BuiltinOpName(int32_t code) {
  switch (code) {
    case kAdd: return "ADD";
    case kAveragePool2D: return "AVERAGE_POOL_2D";
    case kConcatenation: return "CONCATENATION";
    case kConv2D: return "CONV_2D";
    case kDepthwiseConv2D: return "DEPTHWISE_CONV_2D";
    case kDepthToSpace: return "DEPTH_TO_SPACE";
    case kDequantize: return "DEQUANTIZE";
    case 9: return "FULLY_CONNECTED";
    case kLogistic: return "LOGISTIC";
    case kMaxPool2D: return "MAX_POOL_2D";
    case kMul: return "MUL";
    case kRelu: return "RELU";
    case kRelu6: return "RELU6";
    case kReshape: return "RESHAPE";
    case kResizeBilinear: return "RESIZE_BILINEAR";
    case 25: return "SOFTMAX";
    case 28: return "TANH";
    case kCustom: return "CUSTOM";
    case kPad: return "PAD";
    case 39: return "TRANSPOSE";
    case kMean: return "MEAN";
    case 41: return "SUB";
    case 42: return "DIV";
    case kHardSwish: return "HARD_SWISH";
    case kDensify: return "DENSIFY";
    default: return nullptr;
  }
}

Model ParseModel(const uint8_t* data, size_t length, const std::string& modelName) {
  FlatBuffer fb(data, length, modelName);
  if (length < 8 || std::memcmp(data + 4, "TFL3", 4) != 0) fb.Corrupt("missing the TFL3 file identifier");
  const size_t model = fb.Root();

  // Model: 1 operator_codes, 2 subgraphs, 4 buffers.
  const size_t codes = fb.Ref(model, 1);
  std::vector<std::pair<int32_t, std::string>> opcodes;
  for (size_t i = 0; i < fb.VectorLength(codes); ++i) {
    const size_t code = fb.VectorTable(codes, i);
    // OperatorCode: 0 deprecated_builtin_code (byte), 1 custom_code, 3 builtin_code (int).
    const int32_t deprecated = fb.Int(code, 0, 1, 0);
    const int32_t builtin = std::max(deprecated, fb.Int(code, 3, 4, 0));
    const size_t custom = fb.Ref(code, 1);
    opcodes.emplace_back(builtin, custom ? fb.String(custom) : std::string());
  }

  const size_t buffersVec = fb.Ref(model, 4);
  const size_t subgraphs = fb.Ref(model, 2);
  if (fb.VectorLength(subgraphs) == 0) fb.Corrupt("no subgraph");
  const size_t graph = fb.VectorTable(subgraphs, 0);

  Model result;
  // SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators.
  const size_t tensors = fb.Ref(graph, 0);
  for (size_t i = 0; i < fb.VectorLength(tensors); ++i) {
    const size_t t = fb.VectorTable(tensors, i);
    Tensor tensor;
    // Tensor: 0 shape, 1 type, 2 buffer, 3 name.
    tensor.shape = fb.Ints(fb.Ref(t, 0));
    tensor.type = static_cast<TensorType>(fb.Int(t, 1, 1, 0));
    const size_t name = fb.Ref(t, 3);
    if (name) tensor.name = fb.String(name);
    const uint32_t buffer = static_cast<uint32_t>(fb.Int(t, 2, 4, 0));
    if (buffer != 0) {
      if (buffer >= fb.VectorLength(buffersVec)) fb.Corrupt("tensor refers to a missing buffer");
      const size_t b = fb.VectorTable(buffersVec, buffer);
      const size_t bytes = fb.Ref(b, 0);  // Buffer: 0 data
      if (bytes) tensor.data = fb.Bytes(bytes);
    }
    const size_t sparsity = fb.Ref(t, 6);  // Tensor: 6 sparsity
    if (sparsity) {
      tensor.sparse = true;
      tensor.sparsity = ReadSparsity(fb, sparsity);
    }
    result.tensors.push_back(std::move(tensor));
  }
  result.inputs = fb.Ints(fb.Ref(graph, 1));
  result.outputs = fb.Ints(fb.Ref(graph, 2));

  const size_t ops = fb.Ref(graph, 3);
  const int32_t tensorCount = static_cast<int32_t>(result.tensors.size());
  auto checkIndices = [&](const std::vector<int32_t>& indices) {
    for (int32_t index : indices)
      if (index < -1 || index >= tensorCount) fb.Corrupt("operator refers to a missing tensor");
  };
  checkIndices(result.inputs);
  checkIndices(result.outputs);
  for (size_t i = 0; i < fb.VectorLength(ops); ++i) {
    const size_t o = fb.VectorTable(ops, i);
    Operator op;
    // Operator: 0 opcode_index, 1 inputs, 2 outputs, 3 builtin_options_type, 4 builtin_options,
    // 5 custom_options.
    const uint32_t opcode = static_cast<uint32_t>(fb.Int(o, 0, 4, 0));
    if (opcode >= opcodes.size()) fb.Corrupt("operator refers to a missing operator code");
    op.builtin = opcodes[opcode].first;
    op.custom = opcodes[opcode].second;
    op.inputs = fb.Ints(fb.Ref(o, 1));
    op.outputs = fb.Ints(fb.Ref(o, 2));
    checkIndices(op.inputs);
    checkIndices(op.outputs);
    const size_t options = fb.Ref(o, 4);
    if (options) {
      if (const auto* layout = OptionLayout(op.builtin)) {
        for (const auto& [field, width] : *layout)
          if (fb.Field(options, field)) op.options[field] = fb.Int(options, field, width, 0);
      }
      if (op.builtin == kReshape) op.newShape = fb.Ints(fb.Ref(options, 0));
    }
    const size_t custom = fb.Ref(o, 5);
    if (custom) op.customOptions = fb.Bytes(custom);
    result.operators.push_back(std::move(op));
  }
  return result;
}

}  // namespace tflite
}  // namespace piplkit
