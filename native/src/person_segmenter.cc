#include "person_segmenter.h"

#include <opencv2/core/hal/intrin.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define PIPLKIT_AVX2 1
#else
#define PIPLKIT_AVX2 0
#endif

#include "model_registry.h"

namespace piplkit {
namespace {

// The guided filter's coefficients are fitted on the image halved as often as its long side stays
// at least this long (320 to 639 pixels): their cost grows with pixels, and the model's mask
// carries no finer detail anyway.
constexpr int kRefineMinSide = 320;

cv::Mat ModelMask(const cv::Mat& bgr, SegmenterModel model, bool rgb, cv::Size requested) {
  const bool landscape = model == SegmenterModel::Landscape || (model == SegmenterModel::Auto && bgr.cols > bgr.rows);
  NetPool& pool = GetModel(landscape ? kSelfieLandscapeModelId : kSelfieGeneralModelId);
  const NetPool::InputTraits traits = pool.Input();
  cv::Size inputSize(traits.width, traits.height);
  if (!requested.empty() && !traits.fixedSize) {
    const int k = traits.alignment;
    inputSize = cv::Size(std::max(k, (requested.width + k / 2) / k * k), std::max(k, (requested.height + k / 2) / k * k));
  }
  NetPool::Lease net = pool.Acquire(inputSize);
  // The whole image is stretched to the model input (no letterbox), RGB in [0, 1], sampled
  // bilinearly exactly as MediaPipe's ImageToTensor does (verified against its WASM runtime).
  cv::Mat resized;
  cv::resize(bgr, resized, inputSize, 0, 0, cv::INTER_LINEAR);
  cv::dnn::blobFromImage(resized, net->inputBlob, 1.0 / 255, cv::Size(), cv::Scalar(), !rgb, false, CV_32F);
  net->net.setInput(net->inputBlob);
  cv::Mat out = net->net.forward(net->outputs.at(0));
  // [1, 1, H, W] probabilities, H x W the input's size
  return cv::Mat(inputSize.height, inputSize.width, CV_32F, out.ptr<float>()).clone();
}

// Per-thread working buffers, reused from call to call: every allocation of a few megabytes is
// fresh pages for the kernel to fault in and zero, which on a 2 MP image cost more than the
// filter's arithmetic. Released after a call that needed more than kMaxScratchBytes.
struct Scratch {
  cv::Mat guide, levels[2], probabilities, features, featureMeans, coefficients, coefficientMeans, wide;
  size_t Bytes() const {
    size_t bytes = 0;
    for (const cv::Mat* m : {&guide, &levels[0], &levels[1], &probabilities, &features, &featureMeans, &coefficients,
                             &coefficientMeans, &wide})
      bytes += m->total() * m->elemSize();
    return bytes;
  }
};
constexpr size_t kMaxScratchBytes = 48u << 20;

void Box(const cv::Mat& src, cv::Mat& dst, int radius) {
  cv::boxFilter(src, dst, CV_32F, cv::Size(2 * radius + 1, 2 * radius + 1), cv::Point(-1, -1), true, cv::BORDER_REFLECT);
}

// One row of interleaved (a, b) pairs, `count` of them, upsampled `factor` times (a power of two)
// into planes a and b of (count + 1) * factor values: output x + 0.5 = (u + 0.5) * factor, linear
// between pairs, the end pairs repeated beyond the edges (cv::resize's INTER_LINEAR at an exact
// factor; the extra pair's worth covers a column the 2x2 means dropped). Output k of pair u lies
// |k + 0.5 - factor / 2| / factor pairs from it, towards u - 1 in the first half.
void UpsampleRow(const float* pairs, int count, int factor, float* a, float* b) {
  float weights[64];
  for (int k = 0; k < factor; ++k) weights[k] = std::abs((k + 0.5f) / factor - 0.5f);
  const int half = factor / 2;
  for (int u = 0; u <= count; ++u) {
    const float* left = pairs + 2 * std::min(std::max(u - 1, 0), count - 1);
    const float* mid = pairs + 2 * std::min(u, count - 1);
    const float* right = pairs + 2 * std::min(u + 1, count - 1);
    const float am = mid[0], bm = mid[1];
    const float al = left[0] - am, bl = left[1] - bm, ar = right[0] - am, br = right[1] - bm;
    float* outA = a + u * factor;
    float* outB = b + u * factor;
#if CV_SIMD128
    if (factor >= 4) {
      const cv::v_float32x4 vam = cv::v_setall_f32(am), vbm = cv::v_setall_f32(bm);
      for (int k = 0; k < factor; k += 4) {
        // Four outputs on one side of the pair, or (factor 4) two on each side.
        const cv::v_float32x4 da = k + 4 <= half ? cv::v_setall_f32(al) : k >= half ? cv::v_setall_f32(ar) : cv::v_float32x4(al, al, ar, ar);
        const cv::v_float32x4 db = k + 4 <= half ? cv::v_setall_f32(bl) : k >= half ? cv::v_setall_f32(br) : cv::v_float32x4(bl, bl, br, br);
        const cv::v_float32x4 wk = cv::v_load(weights + k);
        cv::v_store(outA + k, cv::v_fma(wk, da, vam));
        cv::v_store(outB + k, cv::v_fma(wk, db, vbm));
      }
      continue;
    }
#endif
    for (int k = 0; k < half; ++k) {
      outA[k] = am + weights[k] * al;
      outB[k] = bm + weights[k] * bl;
    }
    for (int k = half; k < factor; ++k) {
      outA[k] = am + weights[k] * ar;
      outB[k] = bm + weights[k] * br;
    }
  }
}

#if PIPLKIT_AVX2
// BlendRow below with AVX2 and FMA, 16 pixels a step: the one pass over every pixel of the image,
// twice as fast as the 128-bit loop the baseline build gets. Chosen at run time.
__attribute__((target("avx2,fma"))) inline __m128i Blend8(const float* a0, const float* a1, const float* b0,
                                                          const float* b1, float wy, const uint8_t* guide) {
  const __m256 w = _mm256_set1_ps(wy);
  const __m256 g = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(guide))));
  const __m256 va0 = _mm256_loadu_ps(a0), vb0 = _mm256_loadu_ps(b0);
  const __m256 a = _mm256_fmadd_ps(_mm256_sub_ps(_mm256_loadu_ps(a1), va0), w, va0);
  const __m256 b = _mm256_fmadd_ps(_mm256_sub_ps(_mm256_loadu_ps(b1), vb0), w, vb0);
  const __m256i q = _mm256_cvtps_epi32(_mm256_fmadd_ps(a, g, b));  // rounds to nearest, as cvRound
  return _mm_packus_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
}

__attribute__((target("avx2,fma"))) int BlendRowAvx2(const float* a0, const float* a1, const float* b0,
                                                      const float* b1, float wy, const uint8_t* guide, uint8_t* out,
                                                      int width) {
  int x = 0;
  for (; x + 16 <= width; x += 16) {
    const __m128i lo = Blend8(a0 + x, a1 + x, b0 + x, b1 + x, wy, guide + x);
    const __m128i hi = Blend8(a0 + x + 8, a1 + x + 8, b0 + x + 8, b1 + x + 8, wy, guide + x + 8);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + x), _mm_packus_epi16(lo, hi));
  }
  return x;
}
#endif

// out = saturate_u8(a * guide + b) for one row, with a = a0 + wy (a1 - a0), b likewise.
void BlendRow(const float* a0, const float* a1, const float* b0, const float* b1, float wy, const uint8_t* guide,
              uint8_t* out, int width) {
  int x = 0;
#if PIPLKIT_AVX2
  static const bool avx2 = cv::checkHardwareSupport(CV_CPU_AVX2) && cv::checkHardwareSupport(CV_CPU_FMA3);
  if (avx2) x = BlendRowAvx2(a0, a1, b0, b1, wy, guide, out, width);
#endif
#if CV_SIMD128
  const cv::v_float32x4 w = cv::v_setall_f32(wy);
  auto four = [&](int at, const cv::v_uint32x4& g) {
    const cv::v_float32x4 va0 = cv::v_load(a0 + at), vb0 = cv::v_load(b0 + at);
    const cv::v_float32x4 a = cv::v_fma(cv::v_load(a1 + at) - va0, w, va0);
    const cv::v_float32x4 b = cv::v_fma(cv::v_load(b1 + at) - vb0, w, vb0);
    return cv::v_round(cv::v_fma(a, cv::v_cvt_f32(cv::v_reinterpret_as_s32(g)), b));
  };
  for (; x + 8 <= width; x += 8) {
    cv::v_uint32x4 lo, hi;
    cv::v_expand(cv::v_load_expand(guide + x), lo, hi);
    // Saturating packs: negatives to 0, then above 255 to 255.
    cv::v_pack_store(out + x, cv::v_pack_u(four(x, lo), four(x + 4, hi)));
  }
#endif
  for (; x < width; ++x) {
    const float a = a0[x] + wy * (a1[x] - a0[x]);
    const float b = b0[x] + wy * (b1[x] - b0[x]);
    out[x] = cv::saturate_cast<uint8_t>(a * guide[x] + b);
  }
}

// A fast guided filter (He & Sun, 2015) with the image's luminance as guide: the linear
// coefficients a, b of mask ≈ a * guide + b are fitted on an area-averaged copy of the guide 320
// to 639 pixels long (halved as often as kRefineMinSide allows, each halving an exact 2x2 mean),
// then upsampled bilinearly and applied to the guide at full size. The mask's edges so follow the
// image's edges to the pixel, at the cost of one pass over the full-size image.
void RefinedMask(const cv::Mat& probabilities, const cv::Mat& guide, Scratch& scratch, cv::Mat& mask) {
  cv::Mat low = guide;
  int factor = 1;  // guide pixels per low pixel, at most 64 (UpsampleRow's table)
  for (int i = 0; std::max(low.cols, low.rows) / 2 >= kRefineMinSide && std::min(low.cols, low.rows) >= 4 && factor < 64;
       i ^= 1) {
    // An odd last column or row is left out, so that every halving is an exact 2x2 mean.
    const cv::Mat even = low(cv::Rect(0, 0, low.cols & ~1, low.rows & ~1));
    cv::resize(even, scratch.levels[i], cv::Size(even.cols / 2, even.rows / 2), 0, 0, cv::INTER_AREA);
    low = scratch.levels[i];
    factor *= 2;
  }
  // The mask covers the whole image; the low copy covers `low.size() * factor` guide pixels.
  cv::resize(probabilities, scratch.probabilities, low.size(), 0, 0, cv::INTER_LINEAR);
  // (I, p, I*I, I*p), box-filtered in one pass; I in 0..1.
  scratch.features.create(low.size(), CV_32FC4);
  for (int y = 0; y < low.rows; ++y) {
    const uint8_t* g = low.ptr<uint8_t>(y);
    const float* p = scratch.probabilities.ptr<float>(y);
    float* f = scratch.features.ptr<float>(y);
    for (int x = 0; x < low.cols; ++x, f += 4) {
      const float i = g[x] * (1.f / 255);
      f[0] = i;
      f[1] = p[x];
      f[2] = i * i;
      f[3] = i * p[x];
    }
  }
  // Radius about 1% of the image, eps in the guide's 0..1 units: small enough to follow hair and
  // shoulders, large enough to ignore texture inside the person.
  const int radius = std::max(2, static_cast<int>(std::lround(std::max(low.cols, low.rows) * 0.01)));
  constexpr float kEps = 0.01f;
  Box(scratch.features, scratch.featureMeans, radius);
  scratch.coefficients.create(low.size(), CV_32FC2);
  for (int y = 0; y < low.rows; ++y) {
    const float* m = scratch.featureMeans.ptr<float>(y);
    float* c = scratch.coefficients.ptr<float>(y);
    for (int x = 0; x < low.cols; ++x, m += 4, c += 2) {
      const float a = (m[3] - m[0] * m[1]) / (m[2] - m[0] * m[0] + kEps);
      // Scaled for a guide in 0..255 and a result in 0..255: q * 255 = a * guide + 255 * b.
      c[0] = a;
      c[1] = 255.f * (m[1] - a * m[0]);
    }
  }
  Box(scratch.coefficients, scratch.coefficientMeans, radius);
  // Upsampled a row of coefficients at a time, to at least the guide's width (columns the 2x2
  // means dropped are covered by the last pair repeated), each row once, as output rows reach it.
  const cv::Mat& pairs = scratch.coefficientMeans;
  const int wideWidth = (pairs.cols + 1) * factor;
  CV_Assert(wideWidth >= guide.cols);
  scratch.wide.create(4, wideWidth, CV_32F);  // rows: a and b of two coefficient rows
  int cached[2] = {-1, -1};
  auto wideRow = [&](int r) {
    const int slot = r & 1;
    if (cached[slot] != r) {
      UpsampleRow(pairs.ptr<float>(r), pairs.cols, factor, scratch.wide.ptr<float>(2 * slot),
                  scratch.wide.ptr<float>(2 * slot + 1));
      cached[slot] = r;
    }
    return slot;
  };
  mask.create(guide.size(), CV_8U);
  const int lastRow = pairs.rows - 1;
  for (int y = 0; y < guide.rows; ++y) {
    // Pixel centres: guide y + 0.5 = (v + 0.5) * factor, as the 2x2 means put them.
    const double sy = std::max(0.0, (y + 0.5) / factor - 0.5);
    const int r0 = std::min(static_cast<int>(sy), lastRow), r1 = std::min(r0 + 1, lastRow);
    const int s0 = wideRow(r0), s1 = wideRow(r1);
    BlendRow(scratch.wide.ptr<float>(2 * s0), scratch.wide.ptr<float>(2 * s1), scratch.wide.ptr<float>(2 * s0 + 1),
             scratch.wide.ptr<float>(2 * s1 + 1), static_cast<float>(sy - r0), guide.ptr<uint8_t>(y),
             mask.ptr<uint8_t>(y), guide.cols);
  }
}

}  // namespace

cv::Mat SegmentPerson(const cv::Mat& bgr, const SegmentOptions& options) {
  const cv::Mat probabilities = ModelMask(bgr, options.model, options.rgbInput, options.modelInput);
  cv::Size target = bgr.size();
  const int longSide = std::max(bgr.cols, bgr.rows);
  if (options.maskLongSide > 0 && longSide > options.maskLongSide) {
    const double k = static_cast<double>(options.maskLongSide) / longSide;
    target = cv::Size(std::max(1, static_cast<int>(std::lround(bgr.cols * k))), std::max(1, static_cast<int>(std::lround(bgr.rows * k))));
  }
  if (options.refineEdges) {
    // A luminance guide: person/background edges show in brightness, and it costs a third of a
    // colour guide.
    thread_local Scratch scratch;
    cv::cvtColor(bgr, scratch.guide, options.rgbInput ? cv::COLOR_RGB2GRAY : cv::COLOR_BGR2GRAY);
    cv::Mat guide = scratch.guide;
    if (guide.size() != target) cv::resize(scratch.guide, guide, target, 0, 0, cv::INTER_AREA);
    cv::Mat mask = options.into;
    RefinedMask(probabilities, guide, scratch, mask);
    if (scratch.Bytes() > kMaxScratchBytes) scratch = Scratch();
    return mask;
  }
  // Upsampled as bytes: a quarter of the memory traffic of floats at full size.
  cv::Mat small, mask = options.into;
  probabilities.convertTo(small, CV_8U, 255.0);
  if (small.size() == target)
    small.copyTo(mask);
  else
    cv::resize(small, mask, target, 0, 0, cv::INTER_LINEAR);
  return mask;
}

}  // namespace piplkit
