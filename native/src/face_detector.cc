#include "face_detector.h"

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <vector>

#include "model_registry.h"

namespace piplkit {
namespace {

struct Anchor {
  float x, y;  // centre in model pixels; anchors are unit-sized (fixed_anchor_size)
};

// MediaPipe's SsdAnchorsCalculator settings for the two BlazeFace models.
struct ModelSpec {
  const char* id;
  int inputSize;
  std::vector<int> strides;
  bool interpolatedAnchor;  // interpolated_scale_aspect_ratio = 1 adds a second anchor per layer
  float defaultMinScore;
  // Run on the image's own aspect ratio instead of a square letterbox (see MakeInput).
  bool cropLetterbox;
};

const ModelSpec& Spec(FaceModel model) {
  static const ModelSpec shortRange{kShortRangeModelId, 128, {8, 16, 16, 16}, true, 0.5f, false};
  static const ModelSpec fullRange{kFullRangeModelId, 192, {4}, false, 0.5f, true};
  return model == FaceModel::Short ? shortRange : fullRange;
}

// Layers that share a stride share one feature map: each adds its anchors per cell. For the
// square input this is MediaPipe's anchor list; for a cropped one, the same anchors minus those
// over the letterbox bands.
std::vector<Anchor> MakeAnchors(const ModelSpec& spec, cv::Size input) {
  std::vector<Anchor> anchors;
  size_t layer = 0;
  while (layer < spec.strides.size()) {
    const int stride = spec.strides[layer];
    int perCell = 0;
    while (layer < spec.strides.size() && spec.strides[layer] == stride) {
      perCell += spec.interpolatedAnchor ? 2 : 1;
      ++layer;
    }
    const int cellsX = (input.width + stride - 1) / stride, cellsY = (input.height + stride - 1) / stride;
    const float cellW = static_cast<float>(input.width) / cellsX, cellH = static_cast<float>(input.height) / cellsY;
    for (int y = 0; y < cellsY; ++y)
      for (int x = 0; x < cellsX; ++x)
        for (int k = 0; k < perCell; ++k) anchors.push_back({(x + 0.5f) * cellW, (y + 0.5f) * cellH});
  }
  return anchors;
}

// Each target pixel is the mean of the 4x4 pixels a nearest-neighbour resize to 4x the target
// would pick (what cv::resize INTER_NEAREST to 4x, then INTER_AREA by 4 computes), in one pass
// and without the 4x copy: a cheap anti-aliasing for photos many times the model's input.
void SampledMeans(const cv::Mat& image, cv::Size target, cv::Mat& out) {
  CV_Assert(image.depth() == CV_8U);
  const int cn = image.channels();
  out.create(target, image.type());
  const double fx = static_cast<double>(image.cols) / (4 * target.width);
  const double fy = static_cast<double>(image.rows) / (4 * target.height);
  std::vector<int> xs(4 * static_cast<size_t>(target.width));
  for (int i = 0; i < 4 * target.width; ++i) xs[i] = std::min(cvFloor(i * fx), image.cols - 1) * cn;
  for (int v = 0; v < target.height; ++v) {
    const uint8_t* rows[4];
    for (int j = 0; j < 4; ++j) rows[j] = image.ptr<uint8_t>(std::min(cvFloor((4 * v + j) * fy), image.rows - 1));
    uint8_t* o = out.ptr<uint8_t>(v);
    for (int u = 0; u < target.width; ++u) {
      const int* x = xs.data() + 4 * u;
      for (int c = 0; c < cn; ++c) {
        int sum = 8;  // rounds the mean of 16 to nearest
        for (const uint8_t* row : rows) sum += row[x[0] + c] + row[x[1] + c] + row[x[2] + c] + row[x[3] + c];
        o[u * cn + c] = static_cast<uint8_t>(sum >> 4);
      }
    }
  }
}

struct Letterbox {
  cv::Mat canvas;  // 8-bit, the model's input size
  cv::Size size;  // model input
  // Model pixel -> source pixel: x * ax + bx, y * ay + by (continuous coordinates).
  double ax, bx, ay, by;
};

// Fits the image into the model's input, centred, padded with black (-1 after normalisation).
// Like MediaPipe's ImageToTensor, the square region around the image is mapped onto the input by
// one continuous affine transform sampled bilinearly: no rounding of the letterbox, so the
// short-range model agrees with MediaPipe's own runtime, and the cost depends on the input size,
// not the photo's. With `align` > 0 (a fully convolutional net, see ImportedNet::fixedInputSize),
// the input keeps the same scale and centre but ends at the image's short side rounded up to a
// multiple of `align`: a 3:2 photo runs on 192x128 instead of 192x192, a third less work, and
// the anchors over the dropped bands, which only ever saw black, are not evaluated. With
// `antialias`, an image more than 4x larger than the input is first shrunk by averaging 4x4
// samples per pixel (SampledMeans), so small faces in big group photos are not lost to aliasing.
Letterbox MakeInput(const cv::Mat& image, int size, bool antialias, int align) {
  cv::Mat source = image;
  double fx = 1, fy = 1;  // prepared pixel -> original pixel
  const double longSide = std::max(image.cols, image.rows);
  // warpAffine indexes pixels with shorts, so a side of 32767 or more is always shrunk first.
  if ((antialias && longSide > 4.0 * size) || longSide >= SHRT_MAX) {
    const double f = longSide / size;
    const cv::Size target(std::max(1, static_cast<int>(std::lround(image.cols / f))),
                          std::max(1, static_cast<int>(std::lround(image.rows / f))));
    SampledMeans(image, target, source);
    fx = static_cast<double>(image.cols) / source.cols;
    fy = static_cast<double>(image.rows) / source.rows;
  }
  const double side = std::max(source.cols, source.rows);
  const double a = side / size;  // prepared pixels per model pixel
  cv::Size input(size, size);
  if (align > 0) {
    auto cover = [&](int pixels) {
      const int modelPixels = static_cast<int>(std::ceil(pixels / a - 1e-6));
      return std::clamp((modelPixels + align - 1) / align * align, align, size);
    };
    input = cv::Size(cover(source.cols), cover(source.rows));
  }
  const double x0 = (source.cols - input.width * a) / 2, y0 = (source.rows - input.height * a) / 2;
  // Model pixel centre u + 0.5 lands on x0 + (u + 0.5) * a, i.e. pixel index x0 + (u + 0.5) * a - 0.5.
  const cv::Matx23d toSource(a, 0, x0 + 0.5 * a - 0.5, 0, a, y0 + 0.5 * a - 0.5);
  cv::Mat canvas;
  cv::warpAffine(source, canvas, toSource, input, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT,
                 cv::Scalar::all(0));
  Letterbox out;
  out.size = input;
  out.canvas = canvas;
  out.ax = a * fx;
  out.bx = x0 * fx;
  out.ay = a * fy;
  out.by = y0 * fy;
  return out;
}

struct Candidate {
  float score;
  float xmin, ymin, xmax, ymax;  // model pixels
  std::array<cv::Point2f, kKeypointCount> keypoints;
};

float IoU(const Candidate& a, const Candidate& b) {
  const float ix = std::max(0.f, std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin));
  const float iy = std::max(0.f, std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin));
  const float inter = ix * iy;
  const float uni = (a.xmax - a.xmin) * (a.ymax - a.ymin) + (b.xmax - b.xmin) * (b.ymax - b.ymin) - inter;
  return uni > 0 ? inter / uni : 0.f;
}

// MediaPipe's WEIGHTED non-max suppression (IoU 0.3): each kept face is the score-weighted mean
// of every candidate overlapping the best remaining one, and keeps that best score.
std::vector<Candidate> WeightedNms(std::vector<Candidate> candidates) {
  constexpr float kMinSuppression = 0.3f;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  std::vector<Candidate> kept;
  while (!candidates.empty()) {
    const Candidate best = candidates.front();
    std::vector<Candidate> rest;
    Candidate sum{best.score, 0, 0, 0, 0, {}};
    float weight = 0;
    for (const Candidate& c : candidates) {
      if (IoU(best, c) > kMinSuppression) {
        weight += c.score;
        sum.xmin += c.score * c.xmin;
        sum.ymin += c.score * c.ymin;
        sum.xmax += c.score * c.xmax;
        sum.ymax += c.score * c.ymax;
        for (int k = 0; k < kKeypointCount; ++k) sum.keypoints[k] += c.score * c.keypoints[k];
      } else {
        rest.push_back(c);
      }
    }
    sum.xmin /= weight;
    sum.ymin /= weight;
    sum.xmax /= weight;
    sum.ymax /= weight;
    for (auto& k : sum.keypoints) k /= weight;
    kept.push_back(sum);
    candidates.swap(rest);
  }
  return kept;
}

std::vector<FaceDetection> RunModel(const cv::Mat& bgr, FaceModel model, float minScore, bool rgb) {
  const ModelSpec& spec = Spec(model);
  NetPool& pool = GetModel(spec.id);
  // Short-range: MediaPipe's exact preprocessing (verified). Full-range: MediaPipe's web runtime
  // uses a different (sparse) network, so there is no parity to keep; anti-aliasing finds more,
  // and the input is cropped to the image's aspect ratio.
  int align = 0;
  if (spec.cropLetterbox) {
    const NetPool::InputTraits traits = pool.Input();
    if (!traits.fixedSize && spec.inputSize % traits.alignment == 0) align = traits.alignment;
  }
  const Letterbox input = MakeInput(bgr, spec.inputSize, model == FaceModel::Full, align);
  const std::vector<Anchor> anchors = MakeAnchors(spec, input.size);
  NetPool::Lease net = pool.Acquire(input.size);
  // Into the net's own blob: the same size call after call, so no fresh pages each time.
  cv::dnn::blobFromImage(input.canvas, net->inputBlob, 1.0 / 127.5, cv::Size(), cv::Scalar::all(127.5), !rgb, false,
                         CV_32F);
  net->net.setInput(net->inputBlob);
  net->lastInput = input.size;
  std::vector<cv::Mat> outputs;
  net->net.forward(outputs, net->outputs);
  // Outputs are [1, anchors, 16] regressors and [1, anchors, 1] scores, in either order.
  const cv::Mat* boxes = nullptr;
  const cv::Mat* scores = nullptr;
  for (const cv::Mat& m : outputs) {
    if (m.dims == 3 && m.size[1] == static_cast<int>(anchors.size()) && m.size[2] == 16) boxes = &m;
    if (m.dims == 3 && m.size[1] == static_cast<int>(anchors.size()) && m.size[2] == 1) scores = &m;
  }
  if (!boxes || !scores) throw std::runtime_error(std::string("model ") + spec.id + " has unexpected outputs");

  const float threshold = minScore >= 0 ? minScore : spec.defaultMinScore;
  std::vector<Candidate> candidates;
  const float* raw = boxes->ptr<float>();
  const float* logits = scores->ptr<float>();
  for (size_t i = 0; i < anchors.size(); ++i) {
    const float logit = std::clamp(logits[i], -100.f, 100.f);
    const float score = 1.f / (1.f + std::exp(-logit));
    if (score < threshold) continue;
    const float* r = raw + i * 16;
    // Offsets are in model pixels relative to the anchor centre (x first: reverse_output_order).
    const float cx = r[0] + anchors[i].x;
    const float cy = r[1] + anchors[i].y;
    const float w = r[2], h = r[3];
    Candidate c{score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, {}};
    for (int k = 0; k < kKeypointCount; ++k)
      c.keypoints[k] = {r[4 + 2 * k] + anchors[i].x, r[5 + 2 * k] + anchors[i].y};
    candidates.push_back(c);
  }

  std::vector<FaceDetection> faces;
  auto toSource = [&](float x, float y) {
    return cv::Point2f(static_cast<float>(x * input.ax + input.bx), static_cast<float>(y * input.ay + input.by));
  };
  for (const Candidate& c : WeightedNms(std::move(candidates))) {
    FaceDetection face;
    const cv::Point2f tl = toSource(c.xmin, c.ymin), br = toSource(c.xmax, c.ymax);
    face.box = cv::Rect2f(tl, br);
    face.score = c.score;
    for (int k = 0; k < kKeypointCount; ++k) face.keypoints[k] = toSource(c.keypoints[k].x, c.keypoints[k].y);
    face.model = model;
    faces.push_back(face);
  }
  return faces;
}

}  // namespace

const char* FaceModelName(FaceModel model) { return model == FaceModel::Short ? "short" : "full"; }

std::vector<FaceDetection> DetectFaces(const cv::Mat& bgr, const FaceDetectOptions& options) {
  std::vector<FaceDetection> faces;
  switch (options.model) {
    case FaceModelChoice::Short: faces = RunModel(bgr, FaceModel::Short, options.minScore, options.rgbInput); break;
    case FaceModelChoice::Full: faces = RunModel(bgr, FaceModel::Full, options.minScore, options.rgbInput); break;
    case FaceModelChoice::Auto: {
      // The short-range model is trained for faces filling much of the frame (portraits, selfies,
      // ID photos). Trust it when it finds exactly one face of at least a tenth of the image's
      // longer side; otherwise (none, several, or small faces) ask the full-range model.
      faces = RunModel(bgr, FaceModel::Short, options.minScore, options.rgbInput);
      const float longSide = static_cast<float>(std::max(bgr.cols, bgr.rows));
      const bool portrait = faces.size() == 1 && faces[0].box.width >= 0.1f * longSide;
      if (!portrait) faces = RunModel(bgr, FaceModel::Full, options.minScore, options.rgbInput);
      break;
    }
  }
  std::stable_sort(faces.begin(), faces.end(), [](const FaceDetection& a, const FaceDetection& b) { return a.score > b.score; });
  if (options.maxFaces > 0 && faces.size() > static_cast<size_t>(options.maxFaces)) faces.resize(options.maxFaces);
  return faces;
}

}  // namespace piplkit
