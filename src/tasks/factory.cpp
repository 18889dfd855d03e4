#include "infotorch/tasks/factory.h"

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/tasks/gaussian.h"
#include "infotorch/tasks/independent.h"
#include "infotorch/tasks/multinormal.h"
#include "infotorch/tasks/student.h"
#include "infotorch/tasks/swissroll.h"
#include "infotorch/tasks/transform.h"
#include "infotorch/tasks/uniform.h"

namespace infotorch::tasks {

const std::vector<std::string>& task_names() {
  static const std::vector<std::string> names = {"gaussian", "cca",       "dense",      "sparse",
                                                 "student",  "uniform",   "swissroll",  "independent"};
  return names;
}

namespace {

std::vector<std::string> with_common(std::vector<std::string> keys) {
  for (const char* k : {"transform", "apply", "speed"}) keys.push_back(k);
  return keys;
}

// rho given directly, or through the total MI of k equal pairs; rho and mi together are ambiguous.
double rho_or_mi(const Spec& s, int64_t k, double default_mi) {
  if (s.has("rho") && s.has("mi")) throw Error("task '" + s.name + "': give rho or mi, not both");
  if (s.has("rho")) return s.get_double("rho", 0);
  return k == 0 ? 0.0 : staircase_rho(k, s.get_double("mi", default_mi));
}

std::shared_ptr<Task> make_base(const Spec& s) {
  const auto& n = s.name;
  if (n == "gaussian") {
    s.allow_only(with_common({"d", "rho", "mi"}));
    int64_t d = s.get_int("d", 1);
    if (d < 1) throw Error("task 'gaussian': d must be >= 1, got " + std::to_string(d));
    return std::make_shared<GaussianTask>(d, rho_or_mi(s, d, 1.0));
  }
  if (n == "dense") {
    s.allow_only(with_common({"dx", "dy", "corr"}));
    int64_t dx = s.get_int("dx", 2), dy = s.get_int("dy", 2);
    if (dx < 1 || dy < 1) throw Error("task 'dense': dx and dy must be >= 1");
    double corr = s.get_double("corr", 0.5);
    return std::make_shared<MultinormalTask>(dense_covariance(dx, dy, corr), dx, s.str());
  }
  if (n == "sparse" || n == "cca") {
    s.allow_only(with_common(n == "cca" ? std::vector<std::string>{"dx", "dy", "k", "rho", "mi", "mix_seed"}
                                        : std::vector<std::string>{"dx", "dy", "k", "rho", "mi"}));
    int64_t dx = s.get_int("dx", n == "cca" ? 5 : 2), dy = s.get_int("dy", n == "cca" ? 5 : 2);
    if (dx < 1 || dy < 1) throw Error("task '" + n + "': dx and dy must be >= 1");
    int64_t k = s.get_int("k", std::min(dx, dy));
    double rho = (n == "sparse" && !s.has("rho") && !s.has("mi")) ? 0.8 : rho_or_mi(s, k, 10.0);
    auto sigma = sparse_covariance(dx, dy, k, rho);
    if (n == "cca") sigma = mix_covariance(sigma, dx, static_cast<uint64_t>(s.get_int("mix_seed", 0)));
    return std::make_shared<MultinormalTask>(sigma, dx, s.str());
  }
  if (n == "student") {
    s.allow_only(with_common({"dx", "dy", "nu", "rho"}));
    return std::make_shared<StudentTask>(s.get_int("dx", 1), s.get_int("dy", 1), s.get_double("nu", 1),
                                         s.get_double("rho", 0));
  }
  if (n == "uniform") {
    s.allow_only(with_common({"eps"}));
    return std::make_shared<AdditiveUniformTask>(s.get_double("eps", 0.1));
  }
  if (n == "swissroll") {
    s.allow_only(with_common({"rho"}));
    return std::make_shared<SwissRollTask>(s.get_double("rho", 0.75));
  }
  if (n == "independent") {
    s.allow_only(with_common({"dx", "dy"}));
    return std::make_shared<IndependentTask>(s.get_int("dx", 1), s.get_int("dy", 1));
  }
  std::string list;
  for (const auto& k : task_names()) list += (list.empty() ? "" : ", ") + k;
  throw Error("task '" + n + "' is unknown (known: " + list + ")");
}

}  // namespace

std::shared_ptr<Task> make_task(const std::string& text) {
  try {
    Spec s = parse_spec(text);
    Spec base = s;
    for (const char* k : {"transform", "apply", "speed"}) base.options.erase(k);
    if (!s.has("transform") && (s.has("apply") || s.has("speed")))
      throw Error("task '" + s.name + "': apply= and speed= need transform=");
    auto task = make_base(base);
    if (s.has("transform"))
      task = std::make_shared<TransformTask>(task, s.get_string("transform", ""), s.get_string("apply", "both"),
                                             s.get_double("speed", 0.5));
    return task;
  } catch (const Error& e) {
    // The spec parser speaks of estimators; here the spec names a task.
    std::string msg = e.what();
    const std::string from = "estimator ";
    if (msg.compare(0, from.size(), from) == 0) msg = "task " + msg.substr(from.size());
    throw Error(msg);
  }
}

}  // namespace infotorch::tasks
