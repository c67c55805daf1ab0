#include "idphoto.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/ximgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "image_header.h"
#include "person_segmenter.h"

namespace piplkit {
namespace {

using Clock = std::chrono::steady_clock;

constexpr double kCanonicalEyeDistance = 64;
constexpr int kSegmentLongSide = 224;
// Room around the first crop's source patch, as a fraction of the output's size.
constexpr double kPatchMargin = 0.08;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The input's size and format from its header (raw pixels carry them beside the data). Read once;
// LoadImage checks the size against the pixel limit before it allocates anything.
struct SourceInfo {
  cv::Size size;
  std::string format;  // jpeg | png | webp | raw
};

SourceInfo Describe(const ImageSource& source) {
  if (source.rawWidth > 0) return {{source.rawWidth, source.rawHeight}, "raw"};
  const ImageHeader header = ReadImageHeader(source.data, source.length);
  return {{static_cast<int>(header.width), static_cast<int>(header.height)}, FormatName(header.format)};
}

FaceDetection OnlyFace(const cv::Mat& bgr, FaceModelChoice model) {
  const std::vector<FaceDetection> faces = DetectFaces(bgr, {model, -1, 0});
  if (faces.empty()) throw ImageError{"ERR_NO_FACE", "no face was found in the photo"};
  if (faces.size() > 1)
    throw ImageError{"ERR_MULTIPLE_FACES",
                     std::to_string(faces.size()) + " faces were found; an ID photo needs exactly one person"};
  return faces.front();
}

// Around the face: room above for hair, below for shoulders, where the finished crop will lie.
cv::Rect PersonRegion(const FaceDetection& face, cv::Size image) {
  const float w = std::max(face.box.width, face.box.height);
  const cv::Point2f c(face.box.x + face.box.width / 2, face.box.y + face.box.height / 2);
  const cv::Rect region(cv::Point(cvFloor(c.x - 1.7f * w), cvFloor(c.y - 1.8f * w)),
                        cv::Point(cvCeil(c.x + 1.7f * w), cvCeil(c.y + 2.2f * w)));
  return region & cv::Rect(0, 0, image.width, image.height);
}

struct FaceAxes {
  cv::Point2d eyeMid;
  cv::Point2d along;  // eye line, image-left eye to image-right eye
  cv::Point2d up;     // perpendicular, towards the crown
  double roll = 0;    // radians
};

FaceAxes AxesOf(const FaceDetection& face) {
  const cv::Point2d right(face.keypoints[kRightEye]), left(face.keypoints[kLeftEye]);
  FaceAxes axes;
  axes.eyeMid = (right + left) * 0.5;
  axes.roll = std::atan2(left.y - right.y, left.x - right.x);
  axes.along = {std::cos(axes.roll), std::sin(axes.roll)};
  axes.up = {std::sin(axes.roll), -std::cos(axes.roll)};
  return axes;
}

// Walks up the face's vertical axis through the person mask (a band a quarter face wide) to where
// the person ends: the top of the hair. nullopt when the person runs out of the image first, or
// goes on higher than any hair would (2.5 eye-to-chin distances above the eyes: someone behind).
// `mask` covers the source from `origin` at `scale` mask pixels per source pixel.
std::optional<cv::Point2f> FindCrown(const cv::Mat& mask, cv::Point origin, double scale, const FaceAxes& axes,
                                     double faceWidth, double eyeToChin) {
  const int samples = 9;
  const double halfBand = 0.25 * faceWidth;
  double previous = 255;
  for (double t = 0; t < 2.5 * eyeToChin; t += 1) {
    double sum = 0;
    int inside = 0;
    for (int i = 0; i < samples; ++i) {
      const double o = -halfBand + 2 * halfBand * i / (samples - 1);
      const cv::Point2d p = axes.eyeMid + axes.up * t + axes.along * o;
      const int x = cvRound((p.x - origin.x) * scale), y = cvRound((p.y - origin.y) * scale);
      if (x < 0 || y < 0 || x >= mask.cols || y >= mask.rows) continue;
      sum += mask.at<uint8_t>(y, x);
      ++inside;
    }
    if (inside < samples / 2) return std::nullopt;  // left the image (or region) while still on the person
    const double mean = sum / inside;
    if (mean < 128 && t == 0) return std::nullopt;  // the eyes are not on the mask: no walk to make
    if (mean < 128) {
      // Interpolate where the band mean crossed the half-way level between this step and the last.
      const double frac = previous > mean ? (previous - 128) / (previous - mean) : 0;
      return cv::Point2f(axes.eyeMid + axes.up * (t - 1 + frac));
    }
    previous = mean;
  }
  return std::nullopt;
}

double EyeToChin(const FaceDetection& face, const FaceAxes& axes) {
  const double mouthDown = (cv::Point2d(face.keypoints[kMouth]) - axes.eyeMid).dot(-axes.up);
  return std::max(1.0, mouthDown * (1 + kChinBelowMouth));
}

// Only the person whose face this is: the connected part of the mask that holds the face, its soft
// edge kept. Other people in the frame become background.
void KeepSubject(cv::Mat& mask, cv::Point2f faceCentre) {
  cv::Mat labels;
  const int count = cv::connectedComponents(mask > 127, labels, 8, CV_32S);
  if (count <= 2) return;  // background and at most one person
  const cv::Point at(std::clamp(cvRound(faceCentre.x), 0, mask.cols - 1), std::clamp(cvRound(faceCentre.y), 0, mask.rows - 1));
  const int subject = labels.at<int>(at);
  if (subject == 0) return;  // the face is not on the mask: leave it for the caller's rules
  cv::Mat keep = labels == subject;
  const int grow = std::max(3, cvRound(0.02 * std::max(mask.cols, mask.rows)));
  cv::dilate(keep, keep, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * grow + 1, 2 * grow + 1)));
  mask.setTo(0, ~keep);
}

// Yaw from two cues, averaged since each keypoint is only roughly placed: the nose tip stands
// about 0.6 half-eye-distances in front of the eyes, so its offset from their midpoint grows with
// tan(yaw); the ear tragions sit about 1.2 half-ear-distances behind the eyes, so they move the
// other way and the difference of their distances to the eye midpoint grows with tan(yaw) too. Ears outside the image are not used.
double EstimateYawDegrees(const FaceDetection& face, const FaceAxes& axes, cv::Size image) {
  const cv::Point2d right(face.keypoints[kRightEye]), left(face.keypoints[kLeftEye]);
  const cv::Point2d nose(face.keypoints[kNoseTip]);
  const double between = (nose - right).dot(axes.along) / std::max(1e-6, (left - right).dot(axes.along));
  double tangent = (between - 0.5) * 2 / 0.6;
  const cv::Point2f rightEar = face.keypoints[kRightEar], leftEar = face.keypoints[kLeftEar];
  const cv::Rect2f bounds(0, 0, static_cast<float>(image.width), static_cast<float>(image.height));
  if (bounds.contains(rightEar) && bounds.contains(leftEar)) {
    const double toRight = (axes.eyeMid - cv::Point2d(rightEar)).dot(axes.along);
    const double toLeft = (cv::Point2d(leftEar) - axes.eyeMid).dot(axes.along);
    if (toRight + toLeft > 1e-6) tangent = (tangent + (toRight - toLeft) / (toLeft + toRight) / 1.2) / 2;
  }
  return std::atan(tangent) * 180 / CV_PI;
}

HeadLandmarks LandmarksOf(const FaceDetection& face, std::optional<cv::Point2f> crown) {
  return {face.keypoints[kRightEye], face.keypoints[kLeftEye], face.keypoints[kMouth], face.box.width, crown};
}

int ReduceFor(cv::Size full, cv::Size output) {
  const int needed = static_cast<int>(2.2 * std::max(output.width, output.height));
  for (int reduce : {8, 4, 2})
    if (std::min(full.width, full.height) / reduce >= needed) return reduce;
  return 1;
}

FaceDetection Scaled(FaceDetection face, double k) {
  face.box = cv::Rect2f(face.box.x * k, face.box.y * k, face.box.width * k, face.box.height * k);
  for (auto& p : face.keypoints) p *= k;
  return face;
}

// The part of the source a crop covers (plus `margin` of its size on each side, for a refined
// crop to reuse), halved with Gaussian pyramid steps until the crop shrinks it by at most 2x: so
// the bilinear warp that follows does not skip (alias) pixels. Cheaper than an area resample to
// an odd factor, and as free of aliasing.
struct SourcePatch {
  cv::Mat pixels;
  cv::Rect covered;  // in source pixels
  int halvings = 0;
};

double ScaleOf(const cv::Matx23d& m) { return std::sqrt(std::abs(m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0))); }

cv::Rect CoveredBy(const cv::Matx23d& m, cv::Size out, cv::Size source, double margin) {
  cv::Matx23d inverse;
  cv::invertAffineTransform(m, inverse);
  const float mx = static_cast<float>(margin * out.width), my = static_cast<float>(margin * out.height);
  std::vector<cv::Point2f> corners = {{-mx, -my}, {out.width + mx, -my}, {-mx, out.height + my}, {out.width + mx, out.height + my}};
  cv::transform(corners, corners, inverse);
  return (cv::boundingRect(corners) + cv::Size(2, 2) - cv::Point(1, 1)) & cv::Rect(0, 0, source.width, source.height);
}

int HalvingsFor(const cv::Matx23d& m) {
  int halvings = 0;
  for (double scale = ScaleOf(m); scale < 0.5; scale *= 2) ++halvings;
  return halvings;
}

SourcePatch PatchFor(const cv::Mat& bgr, const cv::Matx23d& m, cv::Size out, double margin) {
  SourcePatch patch;
  patch.covered = CoveredBy(m, out, bgr.size(), margin);
  if (patch.covered.empty()) throw ImageError{"ERR_PHOTO_FRAMING", "the planned crop lies outside the photo"};
  patch.pixels = bgr(patch.covered);
  for (int wanted = HalvingsFor(m); patch.halvings < wanted && patch.pixels.cols > 16 && patch.pixels.rows > 16;
       ++patch.halvings) {
    cv::Mat half;
    cv::pyrDown(patch.pixels, half);
    patch.pixels = half;
  }
  return patch;
}

// Whether `patch` serves crop `m` as well as a patch made for it would.
bool Serves(const SourcePatch& patch, const cv::Mat& bgr, const cv::Matx23d& m, cv::Size out) {
  const cv::Rect needed = CoveredBy(m, out, bgr.size(), 0);
  return !needed.empty() && (needed & patch.covered) == needed && HalvingsFor(m) == patch.halvings;
}

cv::Mat WarpFrom(const SourcePatch& patch, const cv::Matx23d& m, cv::Size out) {
  const cv::Matx22d a(m(0, 0), m(0, 1), m(1, 0), m(1, 1));
  const cv::Vec2d t(m(0, 2), m(1, 2));
  const double sx = static_cast<double>(patch.covered.width) / patch.pixels.cols;
  const double sy = static_cast<double>(patch.covered.height) / patch.pixels.rows;
  const cv::Vec2d shift = a * cv::Vec2d(patch.covered.x, patch.covered.y) + t;
  const cv::Matx23d patchToOut(a(0, 0) * sx, a(0, 1) * sy, shift[0], a(1, 0) * sx, a(1, 1) * sy, shift[1]);
  cv::Mat photo;
  cv::warpAffine(patch.pixels, photo, patchToOut, out, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return photo;
}

// Detects the face again in a first warp of the output and maps it back to source pixels. False
// (face unchanged) when the output holds no face near where the plan put the eyes.
bool RefineFace(const cv::Mat& photo, const cv::Matx23d& m, FaceDetection& face) {
  const std::vector<FaceDetection> found = DetectFaces(photo, {FaceModelChoice::Short, -1, 0});
  if (found.empty()) return false;
  std::vector<cv::Point2f> eyes = {face.keypoints[kRightEye], face.keypoints[kLeftEye]};
  cv::transform(eyes, eyes, m);
  const cv::Point2f expected = (eyes[0] + eyes[1]) * 0.5f;
  const double eyeDistance = cv::norm(eyes[1] - eyes[0]);
  const FaceDetection* best = nullptr;
  double bestDistance = 0.5 * eyeDistance;
  for (const FaceDetection& candidate : found) {
    const cv::Point2f mid = (candidate.keypoints[kRightEye] + candidate.keypoints[kLeftEye]) * 0.5f;
    const double distance = cv::norm(mid - expected);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = &candidate;
    }
  }
  if (!best) return false;
  cv::Matx23d inverse;
  cv::invertAffineTransform(m, inverse);
  std::vector<cv::Point2f> points(best->keypoints.begin(), best->keypoints.end());
  cv::transform(points, points, inverse);
  const double scale = ScaleOf(m);
  FaceDetection refined = *best;
  std::copy(points.begin(), points.end(), refined.keypoints.begin());
  std::vector<cv::Point2f> boxCentre = {{best->box.x + best->box.width / 2, best->box.y + best->box.height / 2}};
  cv::transform(boxCentre, boxCentre, inverse);
  const cv::Point2f centre = boxCentre[0];
  const float width = static_cast<float>(best->box.width / scale), height = static_cast<float>(best->box.height / scale);
  refined.box = cv::Rect2f(centre.x - width / 2, centre.y - height / 2, width, height);
  face = refined;
  return true;
}

}  // namespace

IdPhotoResult MakeIdPhoto(const ImageSource& source, const IdPhotoOptions& options) {
  IdPhotoResult result;
  const cv::Size out(options.crop.width, options.crop.height);

  auto start = Clock::now();
  const SourceInfo info = Describe(source);
  const cv::Size header = info.size;
  // Only JPEG decodes faster at a reduced scale; other formats would be decoded whole and then shrunk.
  result.reduce = info.format == "jpeg" ? ReduceFor(header, out) : 1;
  cv::Mat bgr = LoadImage(source, {options.maxPixels, result.reduce});
  result.ms.decode = MsSince(start);

  start = Clock::now();
  FaceDetection face = OnlyFace(bgr, options.faceModel);
  result.ms.detect = MsSince(start);

  // The reduced decode was chosen from the photo's size; a face small in a big photo would then be
  // enlarged into the output. Decode again at the finest scale the face needs (full size at most).
  while (result.reduce > 1 && PlanCrop(LandmarksOf(face, std::nullopt), options.crop).scale > 1.0) {
    start = Clock::now();
    const int finer = result.reduce / 2;
    bgr = LoadImage(source, {options.maxPixels, finer});
    face = Scaled(face, static_cast<double>(result.reduce) / finer);
    result.reduce = finer;
    result.ms.decode += MsSince(start);
  }
  // The header's size, turned as the decoder turned the pixels (EXIF orientation).
  const bool turned = header.width != header.height && (bgr.cols > bgr.rows) != (header.width > header.height);
  result.source = turned ? cv::Size(header.height, header.width) : header;

  start = Clock::now();
  const cv::Rect region = PersonRegion(face, bgr.size());
  // The mask is only warped down to the output (where the guided filter restores its edges) and
  // walked for the crown: 1.25× the output's long side is detail enough, and keeps the per-pixel
  // work small for big photos.
  SegmentOptions segment;
  segment.refineEdges = false;
  segment.maskLongSide = static_cast<int>(1.25 * std::max(out.width, out.height));
  // The region is taller than wide and the general model is fully convolutional: run it on the
  // region's own aspect, 224 long, instead of stretched to 256x256: a third fewer pixels for the
  // model. On the benchmark portrait and astronaut.png the planned head height (of 441 px) moved
  // by 2.0 and 1.7 px against the 256x256 run.
  const double toModel = static_cast<double>(kSegmentLongSide) / std::max(region.width, region.height);
  segment.modelInput = cv::Size(cvRound(region.width * toModel), cvRound(region.height * toModel));
  cv::Mat mask = SegmentPerson(bgr(region), segment);
  const double maskScale = static_cast<double>(mask.cols) / region.width;
  const FaceAxes axes = AxesOf(face);
  KeepSubject(mask, (cv::Point2f(axes.eyeMid) - cv::Point2f(region.tl())) * static_cast<float>(maskScale));
  const std::optional<cv::Point2f> crown =
      FindCrown(mask, region.tl(), maskScale, axes, face.box.width, EyeToChin(face, axes));
  result.ms.segment = MsSince(start);

  start = Clock::now();
  result.plan = PlanCrop(LandmarksOf(face, crown), options.crop);
  // The first warp comes from a reduced patch with room around it, which the refined crop (a few
  // pixels off the first) usually reuses.
  SourcePatch patch = PatchFor(bgr, result.plan.transform, out, kPatchMargin);
  cv::Mat photo = WarpFrom(patch, result.plan.transform, out);

  // The face found again where the crop put it: large in the model's input, so its keypoints (and
  // the roll and eye line they give) are several times more precise than in the whole photo.
  FaceDetection refined = face;
  if (RefineFace(photo, result.plan.transform, refined)) {
    const FaceAxes refinedAxes = AxesOf(refined);
    const std::optional<cv::Point2f> refinedCrown =
        FindCrown(mask, region.tl(), maskScale, refinedAxes, refined.box.width, EyeToChin(refined, refinedAxes));
    result.plan = PlanCrop(LandmarksOf(refined, refinedCrown), options.crop);
  }
  if (!Serves(patch, bgr, result.plan.transform, out)) patch = PatchFor(bgr, result.plan.transform, out, 0);
  photo = WarpFrom(patch, result.plan.transform, out);
  const cv::Matx23d& m = result.plan.transform;
  const cv::Matx22d a(m(0, 0), m(0, 1), m(1, 0), m(1, 1));
  const cv::Vec2d t(m(0, 2), m(1, 2));
  cv::Matx23d inverse;
  cv::invertAffineTransform(m, inverse);
  cv::Mat personMask;
  const cv::Vec2d maskShift = a * cv::Vec2d(region.x, region.y) + t;
  const double toMask = 1 / maskScale;
  const cv::Matx23d maskToOut(a(0, 0) * toMask, a(0, 1) * toMask, maskShift[0], a(1, 0) * toMask, a(1, 1) * toMask,
                              maskShift[1]);
  cv::warpAffine(mask, personMask, maskToOut, out, cv::INTER_LINEAR, cv::BORDER_REPLICATE);

  // Outside the photo: background, except below it, where the body (replicated) continues.
  cv::Mat alpha(out, CV_32F);
  int padTop = 0, padBottom = 0, padLeft = 0, padRight = 0;
  for (int y = 0; y < out.height; ++y) {
    const uint8_t* mrow = personMask.ptr<uint8_t>(y);
    float* arow = alpha.ptr<float>(y);
    for (int x = 0; x < out.width; ++x) {
      const double srcX = inverse(0, 0) * x + inverse(0, 1) * y + inverse(0, 2);
      const double srcY = inverse(1, 0) * x + inverse(1, 1) * y + inverse(1, 2);
      const bool above = srcY < 0, below = srcY > bgr.rows - 1, side = srcX < 0 || srcX > bgr.cols - 1;
      // Past the segmented region the mask is only its edge smeared outwards: trust that below
      // (the body goes on), not above or beside it.
      const bool pastRegion = srcY < region.y || srcX < region.x || srcX > region.x + region.width - 1;
      arow[x] = (above || ((side || pastRegion) && !below && srcY < region.y + region.height)) ? 0.f : mrow[x] / 255.f;
      if (x == out.width / 2) {
        if (above) padTop = y + 1;
        if (below && padBottom == 0) padBottom = out.height - y;
      }
      if (y == out.height / 2) {
        if (srcX < 0) padLeft = x + 1;
        if (srcX > bgr.cols - 1 && padRight == 0) padRight = out.width - x;
      }
    }
  }
  result.padTop = padTop;
  result.padBottom = padBottom;
  result.padLeft = padLeft;
  result.padRight = padRight;

  // Snap the mask's edges to the photo's own edges (hair, shoulders) at output size.
  const int radius = std::max(2, cvRound(0.012 * std::max(out.width, out.height)));
  // A luminance guide: hair and shoulder edges show in brightness, at a third of a colour guide's cost.
  cv::Mat guide, softAlpha;
  cv::cvtColor(photo, guide, cv::COLOR_BGR2GRAY);
  cv::ximgproc::guidedFilter(guide, alpha, softAlpha, radius, 0.01 * 255 * 255, CV_32F);
  cv::Mat composed(out, CV_8UC3);
  const cv::Vec3f background(static_cast<float>(options.backgroundBgr[0]), static_cast<float>(options.backgroundBgr[1]),
                             static_cast<float>(options.backgroundBgr[2]));
  for (int y = 0; y < out.height; ++y) {
    const cv::Vec3b* prow = photo.ptr<cv::Vec3b>(y);
    const float* rrow = softAlpha.ptr<float>(y);
    cv::Vec3b* orow = composed.ptr<cv::Vec3b>(y);
    for (int x = 0; x < out.width; ++x) {
      const float w = std::clamp(rrow[x], 0.f, 1.f);
      for (int c = 0; c < 3; ++c) orow[x][c] = cv::saturate_cast<uint8_t>(prow[x][c] * w + background[c] * (1 - w));
    }
  }
  result.ms.compose = MsSince(start);

  start = Clock::now();
  result.encoded = EncodeJpegInBand(composed, options.dpi, options.band, options.preferredQuality);
  result.jpeg = std::move(result.encoded.bytes);
  result.ms.encode = MsSince(start);

  result.face = Scaled(refined, result.reduce);
  result.plan.scale /= result.reduce;
  return result;
}

PhotoAnalysis AnalyzePhoto(const ImageSource& source, FaceModelChoice faceModel, uint64_t maxPixels) {
  PhotoAnalysis analysis;
  const SourceInfo info = Describe(source);
  const cv::Size header = info.size;
  analysis.format = info.format;
  analysis.bytes = source.length;
  int reduce = 1;
  if (analysis.format == "jpeg")
    while (reduce < 8 && std::max(header.width, header.height) / reduce > 2048) reduce *= 2;
  const cv::Mat bgr = LoadImage(source, {maxPixels, reduce});
  analysis.size = cv::Size(bgr.cols * reduce, bgr.rows * reduce);

  const std::vector<FaceDetection> faces = DetectFaces(bgr, {faceModel, -1, 0});
  analysis.faceCount = static_cast<int>(faces.size());
  SegmentOptions segment;
  segment.refineEdges = false;
  cv::Mat mask = SegmentPerson(bgr, segment);
  // Anyone but the subject counts as background (and so makes it fail uniformity).
  if (!faces.empty()) KeepSubject(mask, cv::Point2f(AxesOf(faces.front()).eyeMid));

  // Background: what the mask is sure is not the person.
  cv::Mat backgroundMask = mask < 32;
  analysis.backgroundCoverage = static_cast<double>(cv::countNonZero(backgroundMask)) / backgroundMask.total();
  if (analysis.backgroundCoverage > 0.02) {
    cv::Scalar mean, stddev;
    cv::meanStdDev(bgr, mean, stddev, backgroundMask);
    analysis.backgroundRgb = cv::Scalar(mean[2], mean[1], mean[0]);
    analysis.backgroundStdDev = (stddev[0] + stddev[1] + stddev[2]) / 3;
  } else {
    analysis.backgroundCoverage = 0;
  }
  if (faces.empty()) return analysis;

  const FaceDetection& face = faces.front();
  const FaceAxes axes = AxesOf(face);
  const std::optional<cv::Point2f> crown = FindCrown(mask, {0, 0}, 1.0, axes, face.box.width, EyeToChin(face, axes));
  const cv::Point2d mouth(face.keypoints[kMouth]);
  const cv::Point2d right(face.keypoints[kRightEye]), left(face.keypoints[kLeftEye]);
  // Heights along the face's vertical axis (positive = towards the chin).
  const double mouthDown = (mouth - axes.eyeMid).dot(-axes.up);
  const double chinDown = mouthDown * (1 + kChinBelowMouth);
  const double crownDown = crown ? (cv::Point2d(*crown) - axes.eyeMid).dot(-axes.up) : -kCrownAboveEyes * mouthDown;
  const cv::Point2d crownPoint = axes.eyeMid + axes.up * (-crownDown);
  const double k = reduce;
  analysis.face = Scaled(face, k);
  analysis.rollDegrees = axes.roll * 180 / CV_PI;
  analysis.interEye = cv::norm(left - right) * k;
  analysis.yawDegrees = EstimateYawDegrees(face, axes, bgr.size());
  analysis.headHeight = (chinDown - crownDown) * k;
  analysis.eyeLineFromBottom = (bgr.rows - axes.eyeMid.y) * k;
  analysis.topMargin = crownPoint.y * k;
  analysis.crownEstimated = !crown;
  analysis.faceWidth = face.box.width * k;
  analysis.centringOffset = (axes.eyeMid.x - bgr.cols / 2.0) * k;

  const cv::Rect faceRect = cv::Rect(face.box) & cv::Rect(0, 0, bgr.cols, bgr.rows);
  if (!faceRect.empty()) {
    cv::Mat grey, laplacian, canonical;
    cv::cvtColor(bgr(faceRect), grey, cv::COLOR_BGR2GRAY);
    // Sharpness on the face brought down to a 64 px eye distance, so it measures focus and motion
    // blur rather than how many pixels the photo happens to have.
    const double eyeDistance = cv::norm(left - right);
    const double toCanonical = std::min(1.0, kCanonicalEyeDistance / std::max(1.0, eyeDistance));
    if (toCanonical < 1)
      cv::resize(grey, canonical, cv::Size(), toCanonical, toCanonical, cv::INTER_AREA);
    else
      canonical = grey;
    cv::Laplacian(canonical, laplacian, CV_64F);
    cv::Scalar lapMean, lapStd, greyMean, greyStd;
    cv::meanStdDev(laplacian, lapMean, lapStd);
    analysis.sharpness = lapStd[0] * lapStd[0];
    // Exposure and contrast on the skin: the box's centre, clear of background, hair and ears.
    const cv::Rect inner(cvRound(grey.cols * 0.2), cvRound(grey.rows * 0.15), std::max(1, cvRound(grey.cols * 0.6)),
                         std::max(1, cvRound(grey.rows * 0.7)));
    const cv::Mat skin = grey(inner & cv::Rect(0, 0, grey.cols, grey.rows));
    cv::meanStdDev(skin, greyMean, greyStd);
    analysis.faceLuminance = greyMean[0];
    analysis.contrast = greyStd[0];
    analysis.clippedDark = static_cast<double>(cv::countNonZero(skin <= 8)) / skin.total();
    analysis.clippedBright = static_cast<double>(cv::countNonZero(skin >= 247)) / skin.total();
  }
  return analysis;
}

}  // namespace piplkit
