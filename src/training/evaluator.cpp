#include "infotorch/training/evaluator.h"

#include <sstream>

#include "infotorch/core/error.h"
#include "infotorch/core/family.h"
#include "infotorch/core/options.h"
#include "infotorch/core/spec.h"
#include "infotorch/training/augment.h"
#include "infotorch/core/random.h"
#include "infotorch/training/clustering.h"
#include "infotorch/training/generation.h"
#include "infotorch/training/mig.h"

namespace infotorch::training {
namespace {

// Reads a spec's options into a declared list: unknown keys and bad values are errors naming the option.
void apply(const Spec& spec, OptionList& list) { apply_spec(spec, list, "evaluator"); }

void check_every(int64_t every, const std::string& name) {
  if (every < 0) throw Error(name + ": every: expected >= 0 epochs (0: only at the end), got " + std::to_string(every));
}

const Splits& need_test(const Splits& data, const std::string& who) {
  if (!data.train || !data.test) throw Error(who + ": needs a training and a test split");
  return data;
}

torch::Tensor features_of(Recipe& recipe, const torch::Tensor& inputs) {
  auto encode = [&](const torch::Tensor& x) { return recipe.features(x.to(recipe.device())).cpu(); };
  return extract_features(encode, inputs);
}

class KnnEvaluator : public Evaluator {
 public:
  explicit KnnEvaluator(const Spec& spec) {
    OptionList list;
    list.add("every", every_, "epochs between evaluations (0: only at the end of a run of zero epochs)")
        .add("k", options_.k, "neighbours that vote")
        .add("temperature", options_.temperature, "vote weight exp(cosine / temperature)")
        .add("bank", bank_, "first N training samples form the bank")
        .add("queries", queries_, "first N test samples are the queries");
    apply(spec, list);
    check_every(every_, "knn");
    if (options_.k < 1 || bank_ < 1 || queries_ < 1 || !(options_.temperature > 0))
      throw Error("knn: k, bank and queries must be positive and temperature > 0");
  }
  std::string name() const override { return "knn"; }
  bool due_after_epoch(int64_t epoch) const override { return every_ > 0 && epoch % every_ == 0; }
  bool due_at_end() const override { return false; }
  Metrics evaluate(Recipe& recipe, const Splits& data) override {
    need_test(data, "knn");
    auto bank = head(data.train, bank_)->all(), queries = head(data.test, queries_)->all();
    return {{"knn_accuracy", knn_accuracy(features_of(recipe, bank.inputs), bank.true_labels(),
                                          features_of(recipe, queries.inputs), queries.true_labels(), options_)}};
  }

 private:
  int64_t every_ = 1, bank_ = 10000, queries_ = 2000;
  KnnMonitorOptions options_;
};

class ProbeEvaluator : public Evaluator {
 public:
  explicit ProbeEvaluator(const Spec& spec) {
    OptionList list;
    list.add("iterations", options_.iterations, "L-BFGS iterations over the whole training split")
        .add("weight_decay", options_.weight_decay, "L2 penalty on standardised features")
        .add("history", options_.history, "L-BFGS memory");
    apply(spec, list);
    if (options_.iterations < 1 || options_.history < 1 || options_.weight_decay < 0)
      throw Error("probe: iterations and history must be positive, weight_decay >= 0");
  }
  std::string name() const override { return "probe"; }
  bool due_after_epoch(int64_t) const override { return false; }
  bool due_at_end() const override { return true; }
  Metrics evaluate(Recipe& recipe, const Splits& data) override {
    need_test(data, "probe");
    auto tr = data.train->all(), te = data.test->all();
    auto r = linear_probe(features_of(recipe, tr.inputs), tr.true_labels(), features_of(recipe, te.inputs),
                          te.true_labels(), options_);
    return {{"probe_test_accuracy", r.test_accuracy},
            {"probe_train_accuracy", r.train_accuracy},
            {"probe_features", static_cast<double>(r.features)}};
  }

 private:
  ProbeOptions options_;
};

// The split an evaluator named `who` reads: train, validation or test (checked when the evaluator is built).
void check_split(const std::string& split, const std::string& who) {
  if (split != "train" && split != "validation" && split != "test")
    throw Error(who + ": split: expected train, validation or test, got '" + split + "'");
}
const Dataset& split_of(const Splits& data, const std::string& split, const std::string& who) {
  const DatasetPtr& set = split == "train" ? data.train : split == "validation" ? data.validation : data.test;
  if (!set) throw Error(who + ": the run has no " + split + " split");
  return *set;
}
// logits() of every input, in batches, on the CPU.
torch::Tensor logits_of(Recipe& recipe, const torch::Tensor& inputs) {
  return extract_features([&](const torch::Tensor& x) { return recipe.logits(x.to(recipe.device())).cpu(); }, inputs);
}

class AccuracyEvaluator : public Evaluator {
 public:
  explicit AccuracyEvaluator(const Spec& spec) {
    OptionList list;
    list.add("split", split_, "train, validation or test")
        .add("labels", labels_, "clean (the true labels) or noisy (the labels trained on)")
        .add("every", every_, "epochs between evaluations (0: only at the end)");
    apply(spec, list);
    check_every(every_, "accuracy");
    check_split(split_, "accuracy");
    if (labels_ != "clean" && labels_ != "noisy")
      throw Error("accuracy: labels: expected clean or noisy, got '" + labels_ + "'");
  }
  std::string name() const override { return "accuracy"; }
  bool due_after_epoch(int64_t epoch) const override { return every_ > 0 && epoch % every_ == 0; }
  bool due_at_end() const override { return true; }
  Metrics evaluate(Recipe& recipe, const Splits& data) override {
    auto all = split_of(data, split_, "accuracy").all();
    const torch::Tensor& labels = labels_ == "clean" ? all.true_labels() : all.labels;
    if (!labels.defined()) throw Error("accuracy: the " + split_ + " split has no labels");
    const std::string column = split_ + (labels_ == "noisy" ? "_noisy" : "") + "_accuracy";
    return {{column, training::accuracy(logits_of(recipe, all.inputs), labels)}};
  }

 private:
  std::string split_ = "test", labels_ = "clean";
  int64_t every_ = 1;
};

// The main head's clusters (argmax of logits()) matched to the true classes one-to-one (clustering.h).
class ClusterEvaluator : public Evaluator {
 public:
  explicit ClusterEvaluator(const Spec& spec) {
    OptionList list;
    list.add("split", split_, "train, validation or test")
        .add("every", every_, "epochs between evaluations (0: only at the end)");
    apply(spec, list);
    check_every(every_, "cluster");
    check_split(split_, "cluster");
  }
  std::string name() const override { return "cluster"; }
  bool due_after_epoch(int64_t epoch) const override { return every_ > 0 && epoch % every_ == 0; }
  bool due_at_end() const override { return true; }
  Metrics evaluate(Recipe& recipe, const Splits& data) override {
    auto all = split_of(data, split_, "cluster").all();
    const torch::Tensor& labels = all.true_labels();
    if (!labels.defined()) throw Error("cluster: the " + split_ + " split has no labels to score against");
    auto scores = logits_of(recipe, all.inputs);
    auto m = match_clusters(scores.argmax(1), labels.cpu(), scores.size(1), labels.max().item<int64_t>() + 1);
    return {{split_ + "_cluster_accuracy", m.accuracy}};
  }

 private:
  std::string split_ = "test";
  int64_t every_ = 1;
};

// "0.1/0.2" -> {0.1, 0.2}: a list inside one spec value ('/' separates: ',' and ';' already do elsewhere).
std::vector<double> number_list(const std::string& text, const std::string& name) {
  std::vector<double> out;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const size_t slash = text.find('/', start);
    const std::string item = text.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    OptionList one;
    double v = 0;
    one.add(name, v, "");
    one.set(name, item);
    if (v < 0) throw Error(name + ": expected strengths >= 0, got " + item);
    out.push_back(v);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

std::string strength(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// Accuracy under input corruption: Gaussian noise N(0, sigma^2) added to the inputs and clamped to [0, 1], and
// the fast gradient sign attack x + eps sign(grad_x CE(logits(x), y)) (Goodfellow et al. 2015), clamped likewise.
class RobustnessEvaluator : public Evaluator {
 public:
  explicit RobustnessEvaluator(const Spec& spec) {
    OptionList list;
    list.add("noise", noise_, "Gaussian noise standard deviations, '/'-separated")
        .add("fgsm", fgsm_, "FGSM step sizes, '/'-separated")
        .add("split", split_, "train, validation or test")
        .add("limit", limit_, "first N samples of the split (0: all)")
        .add("seed", seed_, "seed of the noise");
    apply(spec, list);
    noise_levels_ = number_list(noise_, "noise");
    fgsm_levels_ = number_list(fgsm_, "fgsm");
    if (split_ != "train" && split_ != "validation" && split_ != "test")
      throw Error("robustness: split: expected train, validation or test, got '" + split_ + "'");
    if (limit_ < 0) throw Error("robustness: limit: expected >= 0 (0: all)");
  }
  std::string name() const override { return "robustness"; }
  bool due_after_epoch(int64_t) const override { return false; }
  bool due_at_end() const override { return true; }
  Metrics evaluate(Recipe& recipe, const Splits& data) override {
    DatasetPtr set = split_ == "train" ? data.train : split_ == "validation" ? data.validation : data.test;
    if (!set) throw Error("robustness: the run has no " + split_ + " split");
    auto all = head(set, limit_)->all();
    const torch::Tensor y = all.true_labels().cpu();
    if (!y.defined()) throw Error("robustness: the " + split_ + " split has no labels");
    Metrics m;
    auto predict = [&](const torch::Tensor& x) { return recipe.logits(x.to(recipe.device())).cpu(); };
    auto gen = make_generator(seed_);
    for (double sigma : noise_levels_) {
      auto noisy = (all.inputs + sigma * torch::randn(all.inputs.sizes(), gen, all.inputs.scalar_type())).clamp(0, 1);
      m[robustness_column("noise", sigma)] = accuracy(extract_features(predict, noisy), y);
    }
    for (double eps : fgsm_levels_) {
      std::vector<torch::Tensor> parts;
      for (int64_t i = 0; i < all.inputs.size(0); i += 500) {
        const int64_t end = std::min<int64_t>(i + 500, all.inputs.size(0));
        auto x = all.inputs.slice(0, i, end).to(recipe.device()).detach().requires_grad_();
        auto loss = torch::nn::functional::cross_entropy(recipe.logits(x), y.slice(0, i, end).to(recipe.device()),
                                                         torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
        auto g = torch::autograd::grad({loss}, {x})[0];
        torch::NoGradGuard ng;
        parts.push_back((x + eps * g.sign()).clamp(0, 1).detach().cpu());
      }
      m[robustness_column("fgsm", eps)] = accuracy(extract_features(predict, torch::cat(parts)), y);
    }
    return m;
  }

 private:
  std::string noise_ = "0.1/0.3/0.5", fgsm_ = "0.05/0.1/0.2", split_ = "test";
  int64_t limit_ = 2000;
  uint64_t seed_ = 0;
  std::vector<double> noise_levels_, fgsm_levels_;
};

// MIG both ways (training/mig.h) on `points` points of the training split drawn by `seed`: mig_posterior (Chen
// et al., from q(z|x); the mixtures run over the points) and mig_histogram (disentanglement_lib, 20 bins of the
// mean codes), plus the per-factor gaps (mig_posterior_<k>, mig_histogram_<k>).
class MigEvaluator : public Evaluator {
 public:
  explicit MigEvaluator(const Spec& spec) {
    OptionList list;
    list.add("every", every_, "epochs between evaluations (0: only at the end)")
        .add("points", points_, "points of the training split scored (both metrics)")
        .add("samples", samples_, "of them, points whose posterior sample enters the Monte Carlo entropies")
        .add("bins", bins_, "histogram bins per code dimension")
        .add("seed", seed_, "which points and samples");
    apply(spec, list);
    check_every(every_, "mig");
    if (points_ < 2 || samples_ < 1 || bins_ < 2) throw Error("mig: points >= 2, samples >= 1 and bins >= 2 expected");
  }
  std::string name() const override { return "mig"; }
  bool due_after_epoch(int64_t epoch) const override { return every_ > 0 && epoch % every_ == 0; }
  bool due_at_end() const override { return true; }
  Metrics evaluate(Recipe& recipe, const Splits& data) override {
    if (!data.train) throw Error("mig: needs a training split");
    const int64_t n = data.train->size();
    auto gen = make_generator(seed_);
    auto pick = torch::randperm(n, gen, torch::TensorOptions().dtype(torch::kInt64)).slice(0, 0, std::min(points_, n));
    std::vector<torch::Tensor> mean, log_var, factors;
    for (int64_t i = 0; i < pick.size(0); i += 1000) {
      auto b = data.train->get(pick.slice(0, i, std::min(pick.size(0), i + 1000)));
      if (!b.factors.defined()) throw Error("mig: the training split has no factors of variation");
      auto code = recipe.gaussian_code(b.inputs.to(recipe.device()));
      mean.push_back(code.mean.cpu());
      log_var.push_back(code.log_var.cpu());
      factors.push_back(b.factors.to(torch::kInt64).cpu());
    }
    auto m = torch::cat(mean), lv = torch::cat(log_var), f = torch::cat(factors);
    auto post = mig_posterior(m, lv, f, samples_, seed_ + 1), hist = mig_histogram(m, f, bins_);
    Metrics out = {{"mig_posterior", post.mig}, {"mig_histogram", hist.mig}};
    for (int64_t k = 0; k < f.size(1); ++k) {
      out["mig_posterior_" + std::to_string(k)] = post.gaps[k].item<double>();
      out["mig_histogram_" + std::to_string(k)] = hist.gaps[k].item<double>();
    }
    return out;
  }

 private:
  int64_t every_ = 0, points_ = 10000, samples_ = 10000, bins_ = 20;
  uint64_t seed_ = 0;
};

// Generated images judged by a classifier of the real training split (generation.h): generate() at the labels of
// `samples` images of the split (the data's class balance), against those images.
class GenerationEvaluator : public Evaluator {
 public:
  explicit GenerationEvaluator(const Spec& spec) {
    OptionList list;
    list.add("split", split_, "the real images compared with: train, validation or test")
        .add("samples", samples_, "images of the split (and as many generated); 0: the whole split")
        .add("every", every_, "epochs between evaluations (0: only at the end)")
        .add("judge", judge_options_.path, "file of the judge classifier: loaded if it exists, else trained and kept there")
        .add("judge_epochs", judge_options_.epochs, "epochs of the judge's training")
        .add("seed", seed_, "the judge's initial weights and order, which images, the generator's noise");
    apply(spec, list);
    check_every(every_, "generation");
    check_split(split_, "generation");
    if (samples_ < 0) throw Error("generation: samples: expected >= 0 (0: the whole split)");
    judge_options_.seed = seed_;
  }
  std::string name() const override { return "generation"; }
  bool due_after_epoch(int64_t epoch) const override { return every_ > 0 && epoch % every_ == 0; }
  bool due_at_end() const override { return true; }
  Metrics evaluate(Recipe& recipe, const Splits& data) override {
    if (!data.train) throw Error("generation: needs a training split to train its judge on");
    if (!judge_) judge_ = make_judge(*data.train, judge_options_, recipe.device());
    const Dataset& set = split_of(data, split_, "generation");
    auto gen = make_generator(derive_seed(seed_, 18, 1));
    const int64_t n = samples_ == 0 ? set.size() : std::min(samples_, set.size());
    if (n < 2) throw Error("generation: needs at least 2 images of the " + split_ + " split");
    auto pick = torch::randperm(set.size(), gen, torch::TensorOptions().dtype(torch::kInt64)).slice(0, 0, n);
    auto real = set.get(pick);
    const torch::Tensor labels = real.true_labels();
    if (!labels.defined()) throw Error("generation: the " + split_ + " split has no labels to condition on");
    torch::NoGradGuard ng;
    std::vector<torch::Tensor> real_f, fake_f, real_p, fake_p;
    for (int64_t i = 0; i < n; i += 500) {
      const int64_t e = std::min(n, i + 500);
      auto x = real.inputs.slice(0, i, e).to(recipe.device());
      auto g = recipe.generate(labels.slice(0, i, e).to(recipe.device()), gen);
      auto fr = judge_->features(x), fg = judge_->features(g);
      real_f.push_back(fr.cpu());
      fake_f.push_back(fg.cpu());
      real_p.push_back(judge_->classify(fr).argmax(1).cpu());
      fake_p.push_back(judge_->classify(fg).argmax(1).cpu());
    }
    auto rp = torch::cat(real_p), fp = torch::cat(fake_p), y = labels.cpu();
    const int64_t classes = std::max(y.max().item<int64_t>(), fp.max().item<int64_t>()) + 1;
    return {{"judge_" + split_ + "_accuracy", rp.eq(y).to(torch::kFloat64).mean().item<double>()},
            {"generated_condition_accuracy", fp.eq(y).to(torch::kFloat64).mean().item<double>()},
            {"generated_matched_accuracy", match_clusters(y, fp, classes, classes).accuracy},
            {"frechet_distance", frechet_distance(torch::cat(real_f), torch::cat(fake_f))}};
  }

 private:
  std::string split_ = "test";
  int64_t samples_ = 10000, every_ = 0;
  uint64_t seed_ = 0;
  JudgeOptions judge_options_;
  Judge judge_{nullptr};
};

}  // namespace

std::string robustness_column(const std::string& kind, double strength_value) {
  return kind + "_" + strength(strength_value) + "_accuracy";
}

std::vector<std::string> robustness_columns(const std::string& noise, const std::string& fgsm) {
  std::vector<std::string> out;
  for (double v : number_list(noise, "noise")) out.push_back(robustness_column("noise", v));
  for (double v : number_list(fgsm, "fgsm")) out.push_back(robustness_column("fgsm", v));
  return out;
}

std::vector<std::string> evaluator_names() { return {"knn", "probe", "accuracy", "robustness", "mig", "cluster", "generation"}; }

std::unique_ptr<Evaluator> make_evaluator(const std::string& text) {
  const Spec spec = parse_spec(text);
  if (spec.name == "knn") return std::make_unique<KnnEvaluator>(spec);
  if (spec.name == "probe") return std::make_unique<ProbeEvaluator>(spec);
  if (spec.name == "accuracy") return std::make_unique<AccuracyEvaluator>(spec);
  if (spec.name == "robustness") return std::make_unique<RobustnessEvaluator>(spec);
  if (spec.name == "mig") return std::make_unique<MigEvaluator>(spec);
  if (spec.name == "cluster") return std::make_unique<ClusterEvaluator>(spec);
  if (spec.name == "generation") return std::make_unique<GenerationEvaluator>(spec);
  throw Error("evaluators: unknown evaluator '" + spec.name +
              "' (known: knn, probe, accuracy, robustness, mig, cluster, generation)");
}

}  // namespace infotorch::training
