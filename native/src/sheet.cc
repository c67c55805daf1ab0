#include "sheet.h"

#include <opencv2/imgproc.hpp>

#include <set>

namespace piplkit {

cv::Mat RenderSheet(const cv::Mat& photo, const SheetLayout& layout) {
  cv::Mat page(layout.paper, CV_8UC3, cv::Scalar(255, 255, 255));
  if (layout.positions.empty()) return page;
  cv::Mat cell;
  const bool shrinking = photo.cols > layout.cell.width;
  cv::resize(photo, cell, layout.cell, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_CUBIC);
  if (layout.cutMarks) {
    // Full-length light lines along every cell edge; the photos cover them, so they show only in
    // the gaps and margins, where the cutter needs them.
    std::set<int> xs, ys;
    for (const cv::Point& p : layout.positions) {
      xs.insert(p.x - 1);
      xs.insert(p.x + layout.cell.width);
      ys.insert(p.y - 1);
      ys.insert(p.y + layout.cell.height);
    }
    const cv::Scalar grey(190, 190, 190);
    for (int x : xs) cv::line(page, {x, 0}, {x, page.rows - 1}, grey, 1);
    for (int y : ys) cv::line(page, {0, y}, {page.cols - 1, y}, grey, 1);
  }
  const cv::Rect bounds(0, 0, page.cols, page.rows);
  for (const cv::Point& p : layout.positions) {
    const cv::Rect target(p, layout.cell);
    if ((target & bounds) != target) continue;  // the TS planner never places one outside
    cell.copyTo(page(target));
  }
  return page;
}

}  // namespace piplkit
