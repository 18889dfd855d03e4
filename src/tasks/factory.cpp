#include "infotorch/tasks/factory.h"

#include <cmath>
#include <limits>

#include "infotorch/core/error.h"
#include "infotorch/core/family.h"
#include "infotorch/core/spec.h"
#include "infotorch/tasks/gaussian.h"
#include "infotorch/tasks/independent.h"
#include "infotorch/tasks/multinormal.h"
#include "infotorch/tasks/student.h"
#include "infotorch/tasks/swissroll.h"
#include "infotorch/tasks/transform.h"
#include "infotorch/tasks/uniform.h"

namespace infotorch::tasks {

namespace {

constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

// rho given directly, or through the total MI of k equal pairs (`default_mi` when neither is given).
double rho_or_mi(const char* name, double rho, double mi, int64_t k, double default_mi) {
  if (!std::isnan(rho) && !std::isnan(mi)) throw Error(std::string("task '") + name + "': give rho or mi, not both");
  if (!std::isnan(rho)) return rho;
  return k == 0 ? 0.0 : staircase_rho(k, std::isnan(mi) ? default_mi : mi);
}

void check_dims(const char* name, int64_t dx, int64_t dy) {
  if (dx < 1 || dy < 1) throw Error(std::string("task '") + name + "': dx and dy must be >= 1");
}

const char* kRhoDoc = "correlation of each correlated pair (unset: from mi)";
const char* kMiDoc = "total MI in nats, which sets rho (unset with rho unset: the task's default)";

struct GaussianOptions {
  int64_t d = 1;
  double rho = kUnset, mi = kUnset;  // mi 1 nat when neither is set
};
struct DenseOptions {
  int64_t dx = 2, dy = 2;
  double corr = 0.5;
};
struct SparseOptions {
  int64_t dx = 2, dy = 2, k = -1;    // k = -1: min(dx, dy) pairs
  double rho = kUnset, mi = kUnset;  // rho 0.8 when neither is set
};
struct CcaOptions {
  int64_t dx = 5, dy = 5, k = -1;
  double rho = kUnset, mi = kUnset;  // mi 10 nats when neither is set
  int64_t mix_seed = 0;
};
struct StudentOptions {
  int64_t dx = 1, dy = 1;
  double nu = 1, rho = 0;
};
struct UniformOptions {
  double eps = 0.1;
};
struct SwissRollOptions {
  double rho = 0.75;
};
struct IndependentOptions {
  int64_t dx = 1, dy = 1;
};

template <class Options, class Declare, class Make>
Kind<TaskBuild> task(const char* name, const char* doc, Declare declare, Make make) {
  return make_kind<Options, TaskBuild>(name, doc, declare, make);
}

}  // namespace

const std::vector<Kind<TaskBuild>>& task_kinds() {
  static const std::vector<Kind<TaskBuild>> kinds = {
      task<GaussianOptions>(
          "gaussian", "d correlated pairs (x_i, y_i) of standard normals; MI = -d/2 log(1 - rho^2)",
          [](OptionList& l, GaussianOptions& o) {
            l.add("d", o.d, "pairs").add("rho", o.rho, kRhoDoc).add("mi", o.mi, kMiDoc);
          },
          [](const GaussianOptions& o, const std::string& spec) -> std::shared_ptr<Task> {
            if (o.d < 1) throw Error("task 'gaussian': d must be >= 1, got " + std::to_string(o.d));
            return std::make_shared<GaussianTask>(o.d, rho_or_mi("gaussian", o.rho, o.mi, o.d, 1.0));
          }),
      task<CcaOptions>(
          "cca", "k correlated pairs mixed by a random rotation of x and of y (MI unchanged)",
          [](OptionList& l, CcaOptions& o) {
            l.add("dx", o.dx, "columns of x").add("dy", o.dy, "columns of y");
            l.add("k", o.k, "correlated pairs (-1: min(dx, dy))").add("rho", o.rho, kRhoDoc).add("mi", o.mi, kMiDoc);
            l.add("mix_seed", o.mix_seed, "seed of the rotations");
          },
          [](const CcaOptions& o, const std::string& spec) -> std::shared_ptr<Task> {
            check_dims("cca", o.dx, o.dy);
            const int64_t k = o.k < 0 ? std::min(o.dx, o.dy) : o.k;
            auto sigma = sparse_covariance(o.dx, o.dy, k, rho_or_mi("cca", o.rho, o.mi, k, 10.0));
            sigma = mix_covariance(sigma, o.dx, static_cast<uint64_t>(o.mix_seed));
            return std::make_shared<MultinormalTask>(sigma, o.dx, spec);
          }),
      task<DenseOptions>(
          "dense", "a multinormal whose every x-y covariance is corr (Beyond Normal's dense)",
          [](OptionList& l, DenseOptions& o) {
            l.add("dx", o.dx, "columns of x").add("dy", o.dy, "columns of y").add("corr", o.corr, "every x-y correlation");
          },
          [](const DenseOptions& o, const std::string& spec) -> std::shared_ptr<Task> {
            check_dims("dense", o.dx, o.dy);
            return std::make_shared<MultinormalTask>(dense_covariance(o.dx, o.dy, o.corr), o.dx, spec);
          }),
      task<SparseOptions>(
          "sparse", "k correlated pairs among independent columns (Beyond Normal's sparse)",
          [](OptionList& l, SparseOptions& o) {
            l.add("dx", o.dx, "columns of x").add("dy", o.dy, "columns of y");
            l.add("k", o.k, "correlated pairs (-1: min(dx, dy))").add("rho", o.rho, kRhoDoc).add("mi", o.mi, kMiDoc);
          },
          [](const SparseOptions& o, const std::string& spec) -> std::shared_ptr<Task> {
            check_dims("sparse", o.dx, o.dy);
            const int64_t k = o.k < 0 ? std::min(o.dx, o.dy) : o.k;
            const double rho = std::isnan(o.rho) && std::isnan(o.mi) ? 0.8 : rho_or_mi("sparse", o.rho, o.mi, k, 0);
            return std::make_shared<MultinormalTask>(sparse_covariance(o.dx, o.dy, k, rho), o.dx, spec);
          }),
      task<StudentOptions>(
          "student", "multivariate Student-t with nu degrees of freedom (heavy tails)",
          [](OptionList& l, StudentOptions& o) {
            l.add("dx", o.dx, "columns of x").add("dy", o.dy, "columns of y");
            l.add("nu", o.nu, "degrees of freedom").add("rho", o.rho, "x-y correlation of the underlying normal");
          },
          [](const StudentOptions& o, const std::string& spec) -> std::shared_ptr<Task> {
            return std::make_shared<StudentTask>(o.dx, o.dy, o.nu, o.rho);
          }),
      task<UniformOptions>(
          "uniform", "y = x + uniform noise of width eps, x uniform on [0, 1]",
          [](OptionList& l, UniformOptions& o) { l.add("eps", o.eps, "noise width (> 0)"); },
          [](const UniformOptions& o, const std::string& spec) -> std::shared_ptr<Task> { return std::make_shared<AdditiveUniformTask>(o.eps); }),
      task<SwissRollOptions>(
          "swissroll", "a binormal pair with x embedded on a swiss roll in 2-D (MI unchanged)",
          [](OptionList& l, SwissRollOptions& o) { l.add("rho", o.rho, "correlation of the binormal pair"); },
          [](const SwissRollOptions& o, const std::string& spec) -> std::shared_ptr<Task> { return std::make_shared<SwissRollTask>(o.rho); }),
      task<IndependentOptions>(
          "independent", "independent standard normals (MI = 0)",
          [](OptionList& l, IndependentOptions& o) { l.add("dx", o.dx, "columns of x").add("dy", o.dy, "columns of y"); },
          [](const IndependentOptions& o, const std::string& spec) -> std::shared_ptr<Task> {
            return std::make_shared<IndependentTask>(o.dx, o.dy);
          }),
  };
  return kinds;
}

const std::vector<std::string>& task_names() {
  static const std::vector<std::string> names = kind_names(task_kinds());
  return names;
}

void declare(OptionList& list, TransformOptions& o) {
  list.add("transform", o.transform, "a diffeomorphism applied to the samples: cubic | asinh | halfcube | normalcdf | spiral (MI unchanged)")
      .add("apply", o.apply, "transform both | x | y")
      .add("speed", o.speed, "spiral transform: turns per unit radius");
}

std::shared_ptr<Task> make_task(const std::string& text) {
  Spec spec;
  try {
    spec = parse_spec(text);
  } catch (const Error& e) {
    // The spec parser speaks of estimators; here the spec names a task.
    std::string msg = e.what();
    const std::string from = "estimator ";
    if (msg.compare(0, from.size(), from) == 0) msg = "task " + msg.substr(from.size());
    throw Error(msg);
  }
  const auto* kind = find_kind(task_kinds(), spec.name);
  if (kind == nullptr)
    throw Error("task '" + spec.name + "' is unknown (known: " + join_names(task_names()) + ")");
  OptionList list;
  auto build = kind->declare(list);
  TransformOptions t;
  declare(list, t);
  apply_spec(spec, list, "task");
  const TransformOptions none;
  if (t.transform.empty() && (t.apply != none.apply || t.speed != none.speed))
    throw Error("task '" + spec.name + "': apply= and speed= need transform=");
  // The base task's own spec: without the transform options, which the transform task adds back.
  Spec base = spec;
  for (const char* k : {"transform", "apply", "speed"}) base.options.erase(k);
  auto task = build(base.str());
  if (!t.transform.empty()) task = std::make_shared<TransformTask>(task, t.transform, t.apply, t.speed);
  return task;
}

}  // namespace infotorch::tasks
