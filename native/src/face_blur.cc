#include "face_blur.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "image_header.h"

namespace piplkit {
namespace {

// BlazeFace boxes hug eyes-to-mouth; grow them so forehead, ears and chin are covered too.
constexpr float kGrowX = 0.25f;
constexpr float kGrowTop = 0.45f;
constexpr float kGrowBottom = 0.2f;

cv::Rect Cover(const FaceDetection& face, const cv::Size& size) {
  const cv::Rect2f& b = face.box;
  const float x0 = b.x - b.width * kGrowX, x1 = b.x + b.width * (1 + kGrowX);
  const float y0 = b.y - b.height * kGrowTop, y1 = b.y + b.height * (1 + kGrowBottom);
  const cv::Rect r(cv::Point(static_cast<int>(std::floor(x0)), static_cast<int>(std::floor(y0))),
                   cv::Point(static_cast<int>(std::ceil(x1)), static_cast<int>(std::ceil(y1))));
  return r & cv::Rect(cv::Point(0, 0), size);
}

}  // namespace

void BlurFaceRegions(cv::Mat& bgr, const std::vector<FaceDetection>& faces, BlurStyle style) {
  for (const FaceDetection& face : faces) {
    const cv::Rect area = Cover(face, bgr.size());
    if (area.empty()) continue;
    cv::Mat roi = bgr(area);
    // An ellipse follows the head's outline; the corners of the box stay untouched.
    cv::Mat shape(area.size(), CV_8U, cv::Scalar(0));
    cv::ellipse(shape, cv::Point(area.width / 2, area.height / 2), cv::Size(area.width / 2, area.height / 2), 0, 0, 360,
                cv::Scalar(255), cv::FILLED);
    cv::Mat covered;
    switch (style) {
      case BlurStyle::Gaussian: {
        // Kernel about a third of the face: identity is gone, the image still looks natural.
        const int k = std::max(3, (std::max(area.width, area.height) / 3) | 1);
        cv::GaussianBlur(roi, covered, cv::Size(k, k), 0);
        cv::GaussianBlur(covered, covered, cv::Size(k, k), 0);
        break;
      }
      case BlurStyle::Pixelate: {
        // 8 blocks across the face: too coarse to recognise or to reverse.
        const int blocks = 8;
        cv::Mat small;
        cv::resize(roi, small, cv::Size(blocks, std::max(1, blocks * area.height / std::max(1, area.width))), 0, 0,
                   cv::INTER_AREA);
        cv::resize(small, covered, area.size(), 0, 0, cv::INTER_NEAREST);
        break;
      }
      case BlurStyle::Solid:
        covered = cv::Mat(area.size(), bgr.type(), cv::Scalar(0, 0, 0));
        break;
    }
    covered.copyTo(roi, shape);
  }
}

std::vector<uint8_t> EncodeImage(const cv::Mat& bgr, const std::string& format, int quality) {
  std::vector<int> params;
  std::string ext;
  if (format == "jpeg") {
    ext = ".jpg";
    params = {cv::IMWRITE_JPEG_QUALITY, quality};
  } else if (format == "webp") {
    ext = ".webp";
    params = {cv::IMWRITE_WEBP_QUALITY, quality};
  } else if (format == "png") {
    ext = ".png";
    params = {cv::IMWRITE_PNG_COMPRESSION, 6};
  } else {
    throw ImageError{"ERR_IMAGE_UNSUPPORTED", "cannot encode to " + format};
  }
  std::vector<uint8_t> out;
  if (!cv::imencode(ext, bgr, out, params)) throw ImageError{"ERR_IMAGE_UNSUPPORTED", "encoding to " + format + " failed"};
  return out;
}

}  // namespace piplkit
