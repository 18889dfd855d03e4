#include "infotorch/estimate.h"

#include <cmath>

#include "infotorch/bounds/factory.h"
#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/core/validate.h"
#include "infotorch/critics/factory.h"
#include "infotorch/knn/estimate.h"
#include "infotorch/tasks/task.h"

namespace infotorch {

namespace {

std::string known_estimators() {
  std::string list;
  for (const auto& n : bounds::bound_names()) list += (list.empty() ? "" : ", ") + n;
  for (const auto& n : knn::names()) list += (list.empty() ? "" : ", ") + n;
  return list;
}

EstimateResult run_knn(const Spec& spec, const torch::Tensor& x, const torch::Tensor& y,
                       const EstimateOptions& o) {
  knn::RunOptions ro;
  ro.z = o.z;
  ro.want_stderr = o.want_stderr;
  ro.permutations = o.permutations;
  ro.seed = o.seed;
  auto r = knn::estimate(spec, x, y, ro);
  EstimateResult out;
  out.estimator = spec.str();
  out.mi_nats = r.value;
  out.n = r.n;
  out.steps = 0;
  out.stderr_nats = r.stderr_nats;
  out.p_value = r.p_value;
  out.null_mean_nats = r.null_mean_nats;
  return out;
}

void validate_training(const EstimateOptions& o) {
  if (o.steps < 1) throw Error("steps: expected at least 1 training step, got " + std::to_string(o.steps));
  if (o.batch_size < 2)
    throw Error("batch_size: expected at least 2 (a batch needs negative pairs), got " + std::to_string(o.batch_size));
  check_positive(o.lr, "lr");
  if (!(o.weight_decay >= 0)) throw Error("weight_decay: expected >= 0, got " + std::to_string(o.weight_decay));
  if (!(o.test_fraction > 0 && o.test_fraction < 1))
    throw Error("test_fraction: expected a number in (0, 1), got " + std::to_string(o.test_fraction));
  if (o.eval_batch_size < 2) throw Error("eval_batch_size: expected at least 2, got " + std::to_string(o.eval_batch_size));
  if (o.permutations < 0) throw Error("permutations: expected >= 0, got " + std::to_string(o.permutations));
}

// Mean of the bound over consecutive held-out batches of near-equal size (each >= 2 rows).
std::vector<double> held_out_values(critics::Critic& critic, bounds::Bound& bound, const torch::Tensor& x,
                                    const torch::Tensor& y, int64_t max_batch, int64_t min_batches,
                                    std::vector<int64_t>* sizes) {
  const int64_t n = x.size(0);
  int64_t nb = std::max<int64_t>((n + max_batch - 1) / max_batch, std::min<int64_t>(min_batches, n / 2));
  nb = std::max<int64_t>(nb, 1);
  std::vector<double> values;
  for (int64_t b = 0; b < nb; ++b) {
    int64_t lo = b * n / nb, hi = (b + 1) * n / nb;
    auto est = bound.forward(critic.scores(x.slice(0, lo, hi), y.slice(0, lo, hi)));
    values.push_back(est.mi.item<double>());
    if (sizes) sizes->push_back(hi - lo);
  }
  return values;
}

double weighted_mean(const std::vector<double>& v, const std::vector<int64_t>& w) {
  double s = 0, t = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    s += v[i] * static_cast<double>(w[i]);
    t += static_cast<double>(w[i]);
  }
  return s / t;
}

EstimateResult run_variational(const Spec& spec, const std::string& text, const torch::Tensor& x_in,
                               const torch::Tensor& y_in, const EstimateOptions& o) {
  if (o.z) throw Error("z: only the 'cmi' estimator takes a conditioning variable, not '" + spec.name + "'");
  validate_training(o);
  auto bound = bounds::make_bound(text);

  const int64_t n = x_in.size(0);
  const int64_t n_test = std::max<int64_t>(2, static_cast<int64_t>(std::llround(o.test_fraction * n)));
  const int64_t n_train = n - n_test;
  if (n_train < o.batch_size) {
    // The smallest N whose training split holds one batch.
    int64_t need = o.batch_size + 2;
    while (need - std::max<int64_t>(2, static_cast<int64_t>(std::llround(o.test_fraction * need))) < o.batch_size)
      ++need;
    char why[160];
    std::snprintf(why, sizeof why, "a batch of %lld training pairs with %g%% held out",
                  static_cast<long long>(o.batch_size), 100 * o.test_fraction);
    check_min_samples(n, need, "x", why);
  }

  // Seeded shuffle, then train/test split; standardise both with the training statistics.
  auto gen = tasks::make_generator(o.seed);
  auto perm = torch::randperm(n, gen, torch::TensorOptions().dtype(torch::kLong));
  auto fopts = torch::TensorOptions().dtype(torch::kFloat32).device(o.device);
  auto x = x_in.index_select(0, perm).to(torch::kFloat64);
  auto y = y_in.index_select(0, perm).to(torch::kFloat64);
  auto standardise = [&](const torch::Tensor& v) {
    auto train = v.slice(0, 0, n_train);
    auto mean = train.mean(0, true);
    auto sd = train.std(0, true, true).clamp_min(1e-12);  // constant columns stay 0
    return ((v - mean) / sd).to(fopts);
  };
  x = standardise(x);
  y = standardise(y);
  auto x_train = x.slice(0, 0, n_train), y_train = y.slice(0, 0, n_train);
  auto x_test = x.slice(0, n_train, n), y_test = y.slice(0, n_train, n);

  // Critic initialisation draws from the global generator: seed it for reproducibility.
  torch::manual_seed(o.seed);
  critics::CriticOptions co;
  co.hidden = o.hidden;
  co.layers = o.layers;
  co.embed = o.embed;
  co.activation = o.activation;
  co.device = o.device;
  auto critic = critics::make_critic(o.critic, x.size(1), y.size(1), co);
  bound->to(o.device);
  auto params = critic->parameters();
  for (auto& p : bound->parameters()) params.push_back(p);
  torch::optim::AdamW opt(params, torch::optim::AdamWOptions(o.lr).weight_decay(o.weight_decay));

  critic->train();
  bound->train();
  const int64_t tail = std::max<int64_t>(1, o.steps / 10);
  double tail_sum = 0;
  const int64_t report_every = std::max<int64_t>(1, o.steps / 200);
  torch::Tensor order;
  int64_t cursor = n_train;  // forces a fresh permutation on the first step
  for (int64_t step = 0; step < o.steps; ++step) {
    // Batches without replacement within an epoch: a repeated row would put a joint pair off the diagonal.
    if (cursor + o.batch_size > n_train) {
      order = torch::randperm(n_train, gen, torch::TensorOptions().dtype(torch::kLong)).to(o.device);
      cursor = 0;
    }
    auto idx = order.slice(0, cursor, cursor + o.batch_size);
    cursor += o.batch_size;
    opt.zero_grad();
    auto est = bound->forward(critic->scores(x_train.index_select(0, idx), y_train.index_select(0, idx)));
    est.loss.backward();
    opt.step();
    double value = est.mi.item<double>();
    if (step >= o.steps - tail) tail_sum += value;
    if (o.progress && ((step + 1) % report_every == 0 || step + 1 == o.steps)) o.progress(step + 1, o.steps, value);
  }

  critic->eval();
  bound->eval();
  torch::NoGradGuard no_grad;
  EstimateResult out;
  out.estimator = bound->spec();
  out.n = n;
  out.steps = o.steps;
  out.train_mi_nats = tail_sum / static_cast<double>(tail);
  const int64_t min_batches = o.want_stderr ? 5 : 1;
  std::vector<int64_t> sizes;
  auto values = held_out_values(*critic, *bound, x_test, y_test, o.eval_batch_size, min_batches, &sizes);
  out.mi_nats = weighted_mean(values, sizes);
  if (o.want_stderr && values.size() >= 2) {
    double m = 0, s2 = 0;
    for (double v : values) m += v;
    m /= static_cast<double>(values.size());
    for (double v : values) s2 += (v - m) * (v - m);
    s2 /= static_cast<double>(values.size() - 1);
    out.stderr_nats = std::sqrt(s2 / static_cast<double>(values.size()));
  }
  if (o.permutations > 0) {
    // The critic never saw the held-out rows, so under independence the held-out bound is exchangeable
    // with its value on permuted y: a valid permutation test without retraining.
    int64_t at_least = 0;
    double null_sum = 0;
    for (int64_t p = 0; p < o.permutations; ++p) {
      auto pi = torch::randperm(x_test.size(0), gen, torch::TensorOptions().dtype(torch::kLong)).to(o.device);
      std::vector<int64_t> ps;
      auto nv = held_out_values(*critic, *bound, x_test, y_test.index_select(0, pi), o.eval_batch_size, min_batches,
                                &ps);
      double v = weighted_mean(nv, ps);
      null_sum += v;
      if (v >= out.mi_nats) ++at_least;
    }
    out.p_value = static_cast<double>(1 + at_least) / static_cast<double>(1 + o.permutations);
    out.null_mean_nats = null_sum / static_cast<double>(o.permutations);
  }
  return out;
}

}  // namespace

EstimateResult estimate(const torch::Tensor& x_raw, const torch::Tensor& y_raw, const EstimateOptions& options) {
  auto x = as_samples(x_raw, "x");
  auto y = as_samples(y_raw, "y");
  check_same_rows(x, y, "x", "y");
  auto spec = parse_spec(options.estimator);
  if (knn::is_knn_name(spec.name)) return run_knn(spec, x, y, options);
  if (!bounds::is_bound_name(spec.name))
    throw Error("estimator '" + spec.name + "' is unknown (known: " + known_estimators() + ")");
  return run_variational(spec, options.estimator, x, y, options);
}

}  // namespace infotorch
