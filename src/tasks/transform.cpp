#include "infotorch/tasks/transform.h"

#include <cmath>
#include <cstdio>

#include "infotorch/core/error.h"

namespace infotorch::tasks {

const std::vector<std::string>& transform_names() {
  static const std::vector<std::string> names = {"cubic", "asinh", "halfcube", "normalcdf", "spiral"};
  return names;
}

namespace {
std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& n : v) s += (s.empty() ? "" : ", ") + n;
  return s;
}
}  // namespace

torch::Tensor apply_transform(const std::string& name, const torch::Tensor& v, double speed) {
  if (name == "cubic") return v.pow(3);
  if (name == "asinh") return torch::asinh(v);
  if (name == "halfcube") return v * v.abs().sqrt();
  if (name == "normalcdf") return 0.5 * torch::erfc(-v / std::sqrt(2.0));
  if (name == "spiral") {
    if (v.dim() != 2 || v.size(1) < 2)
      throw Error("transform=spiral: needs at least 2 columns, got shape with " +
                  std::to_string(v.dim() == 2 ? v.size(1) : 1) + " column(s)");
    // Rotation by an angle that depends only on |v|, which the rotation keeps: inverted by rotating back.
    auto angle = speed * v.pow(2).sum(1);
    auto c = torch::cos(angle), s = torch::sin(angle);
    auto a = v.select(1, 0), b = v.select(1, 1);
    auto out = v.clone();
    out.select(1, 0).copy_(c * a - s * b);
    out.select(1, 1).copy_(s * a + c * b);
    return out;
  }
  throw Error("transform '" + name + "' is unknown (known: " + joined(transform_names()) + ")");
}

TransformTask::TransformTask(std::shared_ptr<Task> base, std::string transform, std::string apply, double speed)
    : base_(std::move(base)), transform_(std::move(transform)), apply_(std::move(apply)), speed_(speed) {
  bool known = false;
  for (const auto& n : transform_names()) known = known || n == transform_;
  if (!known) throw Error("transform '" + transform_ + "' is unknown (known: " + joined(transform_names()) + ")");
  if (apply_ != "both" && apply_ != "x" && apply_ != "y")
    throw Error("transform apply='" + apply_ + "': expected both, x or y");
  if (transform_ == "spiral") {
    if ((apply_ != "y" && base_->dim_x() < 2) || (apply_ != "x" && base_->dim_y() < 2))
      throw Error("transform=spiral needs at least 2 dimensions on each side it applies to");
  }
}

std::pair<torch::Tensor, torch::Tensor> TransformTask::sample(int64_t n, at::Generator& gen) const {
  auto [x, y] = base_->sample(n, gen);
  if (apply_ != "y") x = apply_transform(transform_, x, speed_);
  if (apply_ != "x") y = apply_transform(transform_, y, speed_);
  return {x, y};
}

std::string TransformTask::spec() const {
  std::string s = base_->spec();
  s += (s.find(':') == std::string::npos ? ":" : ",");
  s += "transform=" + transform_;
  if (apply_ != "both") s += ",apply=" + apply_;
  if (transform_ == "spiral") {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", speed_);
    s += std::string(",speed=") + buf;
  }
  return s;
}

}  // namespace infotorch::tasks
