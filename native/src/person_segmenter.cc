#include "person_segmenter.h"

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc.hpp>

#include <algorithm>
#include <cmath>

#include "model_registry.h"

namespace piplkit {
namespace {

// The guided filter runs at most at this long side: its cost grows with pixels, and the model's
// mask carries no detail finer than this anyway.
constexpr int kRefineLongSide = 512;

cv::Mat ModelMask(const cv::Mat& bgr, SegmenterModel model, bool rgb) {
  const bool landscape = model == SegmenterModel::Landscape || (model == SegmenterModel::Auto && bgr.cols > bgr.rows);
  NetPool::Lease net = GetModel(landscape ? kSelfieLandscapeModelId : kSelfieGeneralModelId).Acquire();
  // The whole image is stretched to the model input (no letterbox), RGB in [0, 1], sampled
  // bilinearly exactly as MediaPipe's ImageToTensor does (verified against its WASM runtime).
  const cv::Size inputSize(net->inputWidth, net->inputHeight);
  cv::Mat resized;
  cv::resize(bgr, resized, inputSize, 0, 0, cv::INTER_LINEAR);
  net->net.setInput(cv::dnn::blobFromImage(resized, 1.0 / 255, cv::Size(), cv::Scalar(), !rgb, false, CV_32F));
  cv::Mat out = net->net.forward(net->outputs.at(0));
  // [1, 1, H, W] probabilities
  return cv::Mat(net->inputHeight, net->inputWidth, CV_32F, out.ptr<float>()).clone();
}

}  // namespace

cv::Mat SegmentPerson(const cv::Mat& bgr, const SegmentOptions& options) {
  const cv::Mat probabilities = ModelMask(bgr, options.model, options.rgbInput);
  cv::Mat small;
  if (options.refineEdges) {
    const double shrink = std::min(1.0, static_cast<double>(kRefineLongSide) / std::max(bgr.cols, bgr.rows));
    const cv::Size work(std::max(1, static_cast<int>(std::lround(bgr.cols * shrink))),
                        std::max(1, static_cast<int>(std::lround(bgr.rows * shrink))));
    cv::Mat colour, guide, soft, refined;
    cv::resize(bgr, colour, work, 0, 0, shrink < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    // A luminance guide: person/background edges show in brightness, and it costs a third of a
    // colour guide (channel order does not matter for this weighting).
    cv::cvtColor(colour, guide, cv::COLOR_BGR2GRAY);
    cv::resize(probabilities, soft, work, 0, 0, cv::INTER_LINEAR);
    // Radius about 1% of the image, eps in the guide's 0..255 units: small enough to follow hair
    // and shoulders, large enough to ignore texture inside the person.
    const int radius = std::max(2, static_cast<int>(std::lround(std::max(work.width, work.height) * 0.01)));
    const double eps = 0.01 * 255 * 255;
    cv::ximgproc::guidedFilter(guide, soft, refined, radius, eps, CV_32F);
    refined.convertTo(small, CV_8U, 255.0);  // saturates outside [0, 1]
  } else {
    probabilities.convertTo(small, CV_8U, 255.0);
  }
  // Upsampled as bytes: a quarter of the memory traffic of floats at full size.
  cv::Size target = bgr.size();
  const int longSide = std::max(bgr.cols, bgr.rows);
  if (options.maskLongSide > 0 && longSide > options.maskLongSide) {
    const double k = static_cast<double>(options.maskLongSide) / longSide;
    target = cv::Size(std::max(1, static_cast<int>(std::lround(bgr.cols * k))), std::max(1, static_cast<int>(std::lround(bgr.rows * k))));
  }
  cv::Mat mask;
  if (small.size() == target)
    mask = small;
  else
    cv::resize(small, mask, target, 0, 0, cv::INTER_LINEAR);
  return mask;
}

}  // namespace piplkit
