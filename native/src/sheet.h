// A print sheet: copies of one photo at their print size on a white page, with optional cut lines.
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace piplkit {

struct SheetLayout {
  cv::Size paper;
  cv::Size cell;
  std::vector<cv::Point> positions;
  bool cutMarks = true;
};

// `photo` is BGR; returns the BGR page.
cv::Mat RenderSheet(const cv::Mat& photo, const SheetLayout& layout);

}  // namespace piplkit
