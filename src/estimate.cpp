#include "infotorch/estimate.h"

#include <cmath>

#include "infotorch/bounds/factory.h"
#include "infotorch/choose.h"
#include "infotorch/core/error.h"
#include "infotorch/core/random.h"
#include "infotorch/core/standardise.h"
#include "infotorch/core/spec.h"
#include "infotorch/core/validate.h"
#include "infotorch/critics/factory.h"
#include "infotorch/fit.h"
#include "infotorch/knn/copula.h"
#include "infotorch/knn/estimate.h"
#include "infotorch/tasks/factory.h"

namespace infotorch {

namespace {

std::string known_estimators() {
  std::string list;
  for (const auto& n : bounds::bound_names()) list += (list.empty() ? "" : ", ") + n;
  for (const auto& n : knn::names()) list += (list.empty() ? "" : ", ") + n;
  return list + ", auto";
}

// The 0.95 quantile of the standard normal.
constexpr double kNormal95 = 1.6448536269514722;

// The nominal 90 % interval mi -/+ q stderr (q: the 0.95 quantile of the interval's distribution).
void set_interval90(EstimateResult& out, double q) {
  out.ci90_low = out.mi_nats - q * *out.stderr_nats;
  out.ci90_high = out.mi_nats + q * *out.stderr_nats;
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
  if (out.stderr_nats && std::isfinite(*out.stderr_nats)) set_interval90(out, kNormal95);
  out.p_value = r.p_value;
  out.null_mean_nats = r.null_mean_nats;
  return out;
}

// The critic-fitting options of every fold.
FitOptions fit_options(const EstimateOptions& o) {
  FitOptions fo;
  fo.steps = o.steps;
  fo.lr = o.lr;
  fo.weight_decay = o.weight_decay;
  fo.eval_every = o.eval_every;
  fo.patience = o.patience;
  fo.eval_batch_size = o.eval_batch_size;
  return fo;
}

// Every option checked before any work: the fitting loop's own (fit.h), then the estimate's.
void validate_training(const EstimateOptions& o) {
  if (o.steps < 0) throw Error("steps: expected >= 0 (0: a budget of `epochs` passes, chosen by data size), got " + std::to_string(o.steps));
  if (o.epochs < 1) throw Error("epochs: expected at least 1, got " + std::to_string(o.epochs));
  auto fo = fit_options(o);
  fo.steps = std::max<int64_t>(fo.steps, 1);  // 0 is the data-size budget, resolved once the rows are known
  validate(fo);
  if (o.batch_size < 2)
    throw Error("batch_size: expected at least 2 (a batch needs negative pairs), got " + std::to_string(o.batch_size));
  if (o.folds < 1) throw Error("folds: expected at least 1 (1: a single train/test split), got " + std::to_string(o.folds));
  if (!(o.test_fraction > 0 && o.test_fraction < 1))
    throw Error("test_fraction: expected a number in (0, 1), got " + std::to_string(o.test_fraction));
  if (o.eval_batch_size < 2) throw Error("eval_batch_size: expected at least 2, got " + std::to_string(o.eval_batch_size));
  if (o.blocks < 1) throw Error("blocks: expected at least 1 held-out block per fold, got " + std::to_string(o.blocks));
  if (o.permutations < 0) throw Error("permutations: expected >= 0, got " + std::to_string(o.permutations));
  if (!(o.validation_fraction > 0 && o.validation_fraction < 1))
    throw Error("validation_fraction: expected a number in (0, 1), got " + std::to_string(o.validation_fraction));
}

// The rows of a critic's training split held for validation when early stopping (none without it).
int64_t validation_rows(int64_t train_rows, const EstimateOptions& o) {
  if (o.patience == 0) return 0;
  return std::max<int64_t>(2, static_cast<int64_t>(std::llround(o.validation_fraction * train_rows)));
}

// Below this a held-out value reads worse than the best constant critic (0 nats) by more than held-out noise
// explains.
constexpr double kImplausiblyNegative = -0.25;

double read_out(const HeldOut& h, const EstimateOptions& o) {
  return o.readout == EstimateOptions::Readout::median ? h.median() : h.mean();
}

// What one cross-fitting fold contributes: the bound on each held-out batch, the batch sizes, the mean
// training-batch estimate at the end of training, the steps run, and the held-out bound under each
// permutation of y.
struct FoldResult {
  HeldOut held_out;
  double train_tail = 0;
  int64_t steps = 0;
  std::vector<double> null_values;
};

// The 0.95 quantile of Student's t with df >= 1 degrees of freedom (tabulated to 30, then the normal's plus the
// first term of its expansion in 1/df).
double student_t_95(int64_t df) {
  static const double table[] = {6.3138, 2.9200, 2.3534, 2.1318, 2.0150, 1.9432, 1.8946, 1.8595, 1.8331, 1.8125,
                                 1.7959, 1.7823, 1.7709, 1.7613, 1.7531, 1.7459, 1.7396, 1.7341, 1.7291, 1.7247,
                                 1.7207, 1.7171, 1.7139, 1.7109, 1.7081, 1.7056, 1.7033, 1.7011, 1.6991, 1.6973};
  if (df >= 1 && df <= 30) return table[df - 1];
  const double z = kNormal95;
  return z + (z * z * z + z) / (4.0 * static_cast<double>(df));
}

// The copula transform of every column (knn/copula.h) of an N x d float64 CPU tensor.
torch::Tensor normal_scores(const torch::Tensor& t, uint64_t seed) {
  auto p = knn::to_points(t);
  knn::copula_transform(p, seed);
  return torch::from_blob(p.v.data(), {p.n, p.d}, torch::kFloat64).clone();
}

// Trains a fresh critic on (x_train, y_train) and reads the bound on the held-out rows. Both splits are
// standardised with the training split's statistics only.
FoldResult fit_fold(const std::string& text, const torch::Tensor& x_train_raw, const torch::Tensor& y_train_raw,
                    const torch::Tensor& x_test_raw, const torch::Tensor& y_test_raw, uint64_t fold,
                    at::Generator& gen, const EstimateOptions& o, int64_t steps_before, int64_t steps_total) {
  auto fopts = torch::TensorOptions().dtype(torch::kFloat32).device(o.device);
  const auto sx = Standardiser::fit(x_train_raw), sy = Standardiser::fit(y_train_raw);
  auto x_train = sx.apply(x_train_raw).to(fopts), x_test = sx.apply(x_test_raw).to(fopts);
  auto y_train = sy.apply(y_train_raw).to(fopts), y_test = sy.apply(y_test_raw).to(fopts);
  // The last rows of the (already shuffled) training split validate when early stopping.
  const int64_t n_val = validation_rows(x_train.size(0), o), n_fit = x_train.size(0) - n_val;
  Validation validation{x_train.slice(0, n_fit), y_train.slice(0, n_fit)};

  auto bound = bounds::make_bound(text);
  // Critic initialisation draws from the global generator: seed it for reproducibility.
  torch::manual_seed(o.seed + fold);
  auto critic = critics::make_critic(parse_spec(o.critic), x_train.size(1), y_train.size(1), o.device);
  bound->to(o.device);

  FitOptions fo = fit_options(o);
  const int64_t report_every = std::max<int64_t>(1, steps_total / 200);
  if (o.progress)
    fo.on_step = [&](int64_t step, double value) {
      const int64_t done = steps_before + step + 1;
      if (done % report_every == 0 || done == steps_total) o.progress(done, steps_total, value);
    };
  auto fit = fit_critic(*critic, *bound,
                        row_sampler(x_train.slice(0, 0, n_fit), y_train.slice(0, 0, n_fit), o.batch_size,
                                    derive_seed(o.seed, fold, 0, /*stream=*/1)),
                        fo, n_val > 0 ? &validation : nullptr);
  if (fit.diverged())
    throw RunError("estimator '" + bound->spec() + "': the critic diverged at training step " +
                   std::to_string(steps_before + fit.diverged_at + 1) + " of " + std::to_string(steps_total) + " (" +
                   fit.diverged_why + "); a smaller lr or another estimator may help");

  FoldResult out;
  out.train_tail = fit.train_tail;
  out.steps = fit.steps;
  const int64_t min_batches = std::max<int64_t>(o.blocks, o.want_stderr ? (o.folds > 1 ? 2 : 5) : 1);
  out.held_out = read_held_out(*critic, *bound, x_test, y_test, o.eval_batch_size, min_batches);
  // The critic never saw the held-out rows, so under independence the held-out bound is exchangeable
  // with its value on permuted y: a valid permutation test without retraining.
  for (int64_t p = 0; p < o.permutations; ++p) {
    auto pi = torch::randperm(x_test.size(0), gen, torch::TensorOptions().dtype(torch::kLong)).to(o.device);
    out.null_values.push_back(
        read_out(read_held_out(*critic, *bound, x_test, y_test.index_select(0, pi), o.eval_batch_size, min_batches), o));
  }
  return out;
}

EstimateResult run_folds(const std::string& text, const torch::Tensor& x, const torch::Tensor& y,
                         const std::vector<std::pair<int64_t, int64_t>>& blocks, at::Generator& gen,
                         const EstimateOptions& o);

EstimateResult run_variational(const Spec& spec, const std::string& text, const torch::Tensor& x_in,
                               const torch::Tensor& y_in, const EstimateOptions& o) {
  if (o.z) throw Error("z: only the 'cmi' estimator takes a conditioning variable, not '" + spec.name + "'");
  validate_training(o);
  bounds::make_bound(text);  // rejects a bad spec before any work
  critics::make_critic(parse_spec(o.critic), x_in.size(1), y_in.size(1));

  const int64_t n = x_in.size(0);
  // Held-out rows of a split: 1/folds of the data when cross-fitting, else test_fraction of it.
  auto held_out_rows = [&](int64_t m) {
    int64_t t = o.folds > 1 ? (m + o.folds - 1) / o.folds : static_cast<int64_t>(std::llround(o.test_fraction * m));
    return std::max<int64_t>(2, t);
  };
  // The rows a critic trains on, after the held-out rows and the validation rows.
  auto fit_rows = [&](int64_t m) {
    const int64_t train = m - held_out_rows(m);
    return train - validation_rows(train, o);
  };
  if (fit_rows(n) < o.batch_size) {
    // The smallest N whose training split holds one batch.
    int64_t need = o.batch_size + 2;
    while (fit_rows(need) < o.batch_size) ++need;
    char why[160];
    const std::string validated =
        o.patience > 0 ? " and " + std::to_string(static_cast<int>(std::lround(100 * o.validation_fraction))) +
                             "% of the rest validating"
                       : "";
    if (o.folds > 1)
      std::snprintf(why, sizeof why, "a batch of %lld training pairs with 1/%lld held out per fold%s",
                    static_cast<long long>(o.batch_size), static_cast<long long>(o.folds), validated.c_str());
    else
      std::snprintf(why, sizeof why, "a batch of %lld training pairs with %g%% held out%s",
                    static_cast<long long>(o.batch_size), 100 * o.test_fraction, validated.c_str());
    check_min_samples(n, need, "x", why);
  }

  // One seeded shuffle; fold f holds out the f-th contiguous block of it (the last block without folds).
  auto gen = make_generator(o.seed);
  auto perm = torch::randperm(n, gen, torch::TensorOptions().dtype(torch::kLong));
  auto x = x_in.index_select(0, perm).to(torch::kFloat64);
  auto y = y_in.index_select(0, perm).to(torch::kFloat64);
  if (o.copula) {
    x = normal_scores(x, derive_seed(o.seed, 0, 0, /*stream=*/2));
    y = normal_scores(y, derive_seed(o.seed, 0, 0, /*stream=*/3));
  }
  std::vector<std::pair<int64_t, int64_t>> blocks;
  if (o.folds > 1)
    for (int64_t f = 0; f < o.folds; ++f) blocks.emplace_back(f * n / o.folds, (f + 1) * n / o.folds);
  else
    blocks.emplace_back(n - held_out_rows(n), n);

  // The step budget: as given, or `epochs` passes over a critic's fitting rows within [kMinSteps, kMaxSteps].
  EstimateOptions o_budget = o;
  if (o.steps == 0) {
    const int64_t passes = (o.epochs * fit_rows(n) + o.batch_size - 1) / o.batch_size;
    o_budget.steps = std::clamp<int64_t>(passes, EstimateOptions::kMinSteps, EstimateOptions::kMaxSteps);
  }
  return run_folds(text, x, y, blocks, gen, o_budget);
}

// The folds of a variational estimate, read out and judged (o.steps is the resolved budget).
EstimateResult run_folds(const std::string& text, const torch::Tensor& x, const torch::Tensor& y,
                         const std::vector<std::pair<int64_t, int64_t>>& blocks, at::Generator& gen,
                         const EstimateOptions& o) {
  const int64_t n = x.size(0);
  std::vector<double> values, null_values(static_cast<size_t>(o.permutations), 0.0);
  std::vector<int64_t> sizes;
  std::vector<double> fold_values, fold_train;
  double train_tail = 0, steps_run = 0;
  const int64_t steps_total = o.steps * static_cast<int64_t>(blocks.size());
  for (size_t f = 0; f < blocks.size(); ++f) {
    auto [lo, hi] = blocks[f];
    auto rest = [&](const torch::Tensor& v) { return torch::cat({v.slice(0, 0, lo), v.slice(0, hi, n)}); };
    auto r = fit_fold(text, rest(x), rest(y), x.slice(0, lo, hi), y.slice(0, lo, hi), f, gen, o,
                      o.steps * static_cast<int64_t>(f), steps_total);
    values.insert(values.end(), r.held_out.values.begin(), r.held_out.values.end());
    sizes.insert(sizes.end(), r.held_out.sizes.begin(), r.held_out.sizes.end());
    fold_values.push_back(r.held_out.mean());
    fold_train.push_back(r.train_tail);
    train_tail += r.train_tail / static_cast<double>(blocks.size());
    steps_run += static_cast<double>(r.steps) / static_cast<double>(blocks.size());
    // Fold f's share of the held-out rows weights its null draw, as it weights its estimate.
    const double w = static_cast<double>(hi - lo) / static_cast<double>(blocks.size() > 1 ? n : hi - lo);
    for (size_t p = 0; p < null_values.size(); ++p) null_values[p] += w * r.null_values[p];
  }

  EstimateResult out;
  out.estimator = bounds::make_bound(text)->spec();
  out.critic = o.critic;
  out.n = n;
  out.steps = static_cast<int64_t>(std::llround(steps_run));
  out.folds = static_cast<int64_t>(blocks.size());
  out.train_mi_nats = train_tail;
  out.mi_nats = read_out(HeldOut{values, sizes}, o);
  out.fold_mi_nats = fold_values;
  const auto verdict = judge_plausibility(out.mi_nats, fold_values, fold_train, o.readout);
  out.implausible_folds = verdict.implausible_folds;
  out.diverged_why = verdict.why;
  // Never a silent NaN: a critic that diverged fails the run.
  if (!std::isfinite(out.mi_nats))
    throw RunError("estimator '" + out.estimator + "': the held-out estimate is NaN or Inf (the critic diverged; a "
                   "smaller lr or another estimator may help)");
  if (o.want_stderr) {
    // Across folds when cross-fitting (each fold a fresh critic on other rows: its spread holds the critics'
    // variability); a single split has only its held-out blocks, which share one critic.
    const bool across_folds = fold_values.size() >= 2;
    const auto& v = across_folds ? fold_values : values;
    if (v.size() >= 2) {
      double m = 0, s2 = 0;
      for (double e : v) m += e;
      m /= static_cast<double>(v.size());
      for (double e : v) s2 += (e - m) * (e - m);
      s2 /= static_cast<double>(v.size() - 1);
      // The median's standard error is sqrt(pi / 2) times the mean's for normal block values.
      const double inflation =
          !across_folds && o.readout == EstimateOptions::Readout::median ? std::sqrt(M_PI / 2) : 1.0;
      out.stderr_nats = inflation * std::sqrt(s2 / static_cast<double>(v.size()));
      set_interval90(out, across_folds ? student_t_95(static_cast<int64_t>(v.size()) - 1) : kNormal95);
    }
  }
  if (o.permutations > 0) {
    int64_t at_least = 0;
    double null_sum = 0;
    for (double v : null_values) {
      null_sum += v;
      if (v >= out.mi_nats) ++at_least;
    }
    out.p_value = static_cast<double>(1 + at_least) / static_cast<double>(1 + o.permutations);
    out.null_mean_nats = null_sum / static_cast<double>(o.permutations);
  }
  return out;
}

}  // namespace

Plausibility judge_plausibility(double estimate, const std::vector<double>& fold_held_out,
                                const std::vector<double>& fold_train, EstimateOptions::Readout readout) {
  if (fold_held_out.size() != fold_train.size())
    throw Error("judge_plausibility: expected one training value per fold, got " + std::to_string(fold_train.size()) +
                " for " + std::to_string(fold_held_out.size()) + " folds");
  Plausibility p;
  for (size_t f = 0; f < fold_held_out.size(); ++f) {
    const double v = fold_held_out[f], t = fold_train[f];
    // Held-out below a constant critic, far above anything training read, or a training objective that ran away
    // (its last tenth averaging over a nat below a constant critic).
    if (!std::isfinite(v) || v < kImplausiblyNegative || v > t + std::max(1.0, std::abs(t)) || !(t >= -1.0))
      ++p.implausible_folds;
  }
  const bool median = readout == EstimateOptions::Readout::median;
  const auto folds = static_cast<int64_t>(fold_held_out.size());
  char why[240];
  if (!std::isfinite(estimate) || estimate < kImplausiblyNegative) {
    std::snprintf(why, sizeof why, "the held-out value %.3g nats is below %.2f: the critic reads worse than a constant one",
                  estimate, kImplausiblyNegative);
    p.why = why;
  } else if (p.implausible_folds > 0 && (!median || 2 * p.implausible_folds >= folds)) {
    std::snprintf(why, sizeof why,
                  "%lld of %lld folds read implausible held-out values (below %.2f nats, or above their training "
                  "estimate by more than max(1, |training|) nats, or a training estimate below -1 nat), enough to "
                  "move the %s read-out",
                  static_cast<long long>(p.implausible_folds), static_cast<long long>(folds), kImplausiblyNegative,
                  median ? "median" : "mean");
    p.why = why;
  }
  return p;
}

EstimateResult estimate(const torch::Tensor& x_raw, const torch::Tensor& y_raw, const EstimateOptions& options) {
  auto x = as_samples(x_raw, "x");
  auto y = as_samples(y_raw, "y");
  check_same_rows(x, y, "x", "y");
  auto spec = parse_spec(options.estimator);
  if (spec.name == "auto") {
    spec.allow_only({});
    if (options.z) throw Error("z: estimator 'auto' does not choose conditional estimators; name 'cmi'");
    const Choice c = choose_estimator(x, y);
    EstimateOptions chosen = options;
    chosen.estimator = c.estimator;
    if (!c.critic.empty()) chosen.critic = c.critic;
    auto r = c.swap ? estimate(y, x, chosen) : estimate(x, y, chosen);
    r.chosen = r.estimator;
    r.estimator = "auto";
    r.why = c.why;
    return r;
  }
  if (knn::is_knn_name(spec.name)) return run_knn(spec, x, y, options);
  if (!bounds::is_bound_name(spec.name))
    throw Error("estimator '" + spec.name + "' is unknown (known: " + known_estimators() + ")");
  return run_variational(spec, options.estimator, x, y, options);
}

std::string families_help() {
  OptionList transform_options;
  tasks::TransformOptions t;
  tasks::declare(transform_options, t);
  std::string transforms;
  for (const auto& o : transform_options.options())
    transforms += "      " + o.name + " (" + OptionList::kind(o) + ", default '" + o.default_text + "'): " + o.doc + "\n";
  return "Variational bounds (estimator=NAME:option=value,...):\n" + family_help(bounds::bound_kinds()) +
         "Non-parametric estimators:\n" + family_help(knn::knn_kinds()) +
         "Critics of the variational bounds (critic=KIND:option=value,...):\n" + family_help(critics::critic_family()) +
         "Tasks (task=NAME:option=value,...):\n" + family_help(tasks::task_kinds()) +
         "  every task also takes:\n" + transforms;
}

void declare(OptionList& list, EstimateOptions& o) {
  list.add("estimator", o.estimator, "estimator spec: gan-dime, smile:tau=5, infonce, nwj, mine:ema=0.01, ksg:k=3 (on ranks: copula=true by default), auto (chosen from the data), ...")
      .add("critic", o.critic, "critic spec: a kind (separable | bilinear | concat | deranged) and its options, e.g. concat:hidden=256,layers=2")
      .add("steps", o.steps, "training steps per critic (0: `epochs` passes over its rows, 2000 to 20000 steps)")
      .add("epochs", o.epochs, "with steps = 0: passes over each critic's fitting rows")
      .add("batch_size", o.batch_size, "training batch size")
      .add("lr", o.lr, "Adam learning rate")
      .add("weight_decay", o.weight_decay, "decoupled (AdamW) weight decay")
      .add("patience", o.patience, "early stopping: validation readings without a new best before stopping (0: train all steps)")
      .add("eval_every", o.eval_every, "early stopping: steps between validation readings")
      .add("validation_fraction", o.validation_fraction, "early stopping: fraction of each critic's training rows held for validation")
      .add("folds", o.folds, "cross-fitting folds: each held out once, a critic trained on the rest (1: one split)")
      .add("test_fraction", o.test_fraction, "held-out fraction when folds = 1")
      .add("eval_batch_size", o.eval_batch_size, "held-out scoring batch")
      .add_choice("readout", o.readout, {{"median", EstimateOptions::Readout::median}, {"mean", EstimateOptions::Readout::mean}},
                  "held-out read-out: median of the block values (robust to a few extreme scores) or their mean")
      .add("blocks", o.blocks, "held-out blocks per fold, at least (the median read-out's blocks)")
      .add("copula", o.copula, "variational estimators: train and read the critics on the normal scores of each column's ranks")
      .add("seed", o.seed, "seed for the task samples, the split and the critic")
      .add("stderr", o.want_stderr, "also report a standard error")
      .add("permutations", o.permutations, "permutation test with this many permutations (p-value)");
}

}  // namespace infotorch
