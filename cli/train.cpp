// `infotorch train simclr|dim|pixels`: parse the options, run the library's trainer, print a summary.
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "infotorch/core/error.h"
#include "infotorch/recipes/dim.h"
#include "infotorch/recipes/simclr.h"
#include "infotorch/training/dataset.h"
#include "infotorch/training/probe.h"
#include "infotorch/training/trainer.h"
#include "progress.h"

namespace infotorch::cli {

namespace {

struct TrainArgs {
  training::DataOptions data;
  training::TrainOptions train;
  recipes::SimclrOptions simclr;
  recipes::DimOptions dim;
  std::string device = "cpu";
  bool no_probe = false;
  Common common;
};

torch::Device parse_device(const std::string& text) {
  try {
    return torch::Device(text);
  } catch (const c10::Error&) {
    throw Error("--device: '" + text + "' is not a device (expected cpu, cuda, cuda:1, ...)");
  }
}

void add_data_options(CLI::App& cmd, TrainArgs& a) {
  cmd.add_option("--data", a.data.dir, "directory of IDX files (gzip or not): Fashion-MNIST, MNIST")->capture_default_str();
  cmd.add_option("--limit", a.data.train_limit, "use the first N training images (0: all)")->capture_default_str();
  cmd.add_option("--test-limit", a.data.test_limit, "use the first N test images (0: all)")->capture_default_str();
}

void add_train_options(CLI::App& cmd, TrainArgs& a) {
  add_data_options(cmd, a);
  cmd.add_option("--epochs", a.train.epochs, "passes over the training set (0: evaluate the untrained encoder)")
      ->capture_default_str();
  cmd.add_option("--batch-size", a.train.batch_size, "images per step")->capture_default_str();
  cmd.add_option("--seed", a.train.seed, "seed of the weights, data order and augmentations")->capture_default_str();
  cmd.add_option("--max-minutes", a.train.max_minutes, "stop (and checkpoint) after this much wall time (0: none)")
      ->capture_default_str();
  cmd.add_option("--save", a.train.save_path, "checkpoint file, written after every epoch and when stopping");
  cmd.add_option("--resume", a.train.resume_path, "continue the run stored in this checkpoint");
  cmd.add_option("--out", a.train.out_dir, "directory for log.json, epochs.csv, steps.csv, training.png");
  cmd.add_option("--knn-every", a.train.knn_every, "epochs between kNN monitor evaluations (0: never)")
      ->capture_default_str();
  cmd.add_option("--probe-iterations", a.train.probe_options.iterations, "L-BFGS iterations of the linear probe")
      ->capture_default_str();
  cmd.add_flag("--no-probe", a.no_probe, "skip the final linear probe");
  cmd.add_option("--device", a.device, "cpu, cuda, cuda:1, ...")->capture_default_str();
  add_common(cmd, a.common);
}

void print_summary(const std::string& recipe, const training::TrainResult& r, bool json) {
  const training::EpochRecord* last = r.epochs.empty() ? nullptr : &r.epochs.back();
  if (json) {
    nlohmann::json j = {{"recipe", recipe}, {"finished", r.finished}, {"steps", r.global_step}, {"seconds", r.seconds},
                        {"epochs", r.epochs.size()}};
    if (last) {
      j["mi"] = last->mi;
      j["loss"] = last->loss;
      j["images_per_sec"] = last->images_per_sec;
      if (std::isfinite(last->knn_accuracy)) j["knn_accuracy"] = last->knn_accuracy;
    }
    if (r.probed)
      j["probe"] = {{"test_accuracy", r.probe.test_accuracy}, {"train_accuracy", r.probe.train_accuracy},
                    {"features", r.probe.features}};
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("%s: %lld steps in %.1f s%s\n", recipe.c_str(), static_cast<long long>(r.global_step), r.seconds,
              r.finished ? "" : " (stopped by the budget; --resume continues)");
  if (last)
    std::printf("  last epoch %lld: loss %.4f, MI lower bound %.4f nats, %.0f images/s%s\n",
                static_cast<long long>(last->epoch), last->loss, last->mi, last->images_per_sec,
                std::isfinite(last->knn_accuracy)
                    ? (", kNN accuracy " + std::to_string(last->knn_accuracy).substr(0, 6)).c_str()
                    : "");
  if (r.probed)
    std::printf("  linear probe on %lld features: test accuracy %.4f (train %.4f)\n",
                static_cast<long long>(r.probe.features), r.probe.test_accuracy, r.probe.train_accuracy);
}

void run_recipe(TrainArgs& a, training::Recipe& recipe) {
  auto data = training::load_dataset(a.data);
  a.train.probe = !a.no_probe;
  Progress bar("train " + recipe.name());
  auto progress = [&bar](const training::ProgressInfo& p) {
    char info[128];
    if (p.phase == "train")
      std::snprintf(info, sizeof info, "epoch %lld/%lld loss %.3f I %.3f nats %.0f img/s", static_cast<long long>(p.epoch),
                    static_cast<long long>(p.epochs), p.loss, p.mi, p.images_per_sec);
    else
      std::snprintf(info, sizeof info, "%s...", p.phase.c_str());
    const int64_t total = std::max<int64_t>(1, p.epochs * p.steps_per_epoch);
    bar.update(std::min(total, (p.epoch - 1) * p.steps_per_epoch + p.step), total, info);
  };
  auto r = training::train(recipe, data, a.train, progress);
  print_summary(recipe.name(), r, a.common.json);
}

}  // namespace

void register_train(CLI::App& app) {
  auto* train = app.add_subcommand("train", "self-supervised training recipes on image data (Fashion-MNIST by default)");
  train->require_subcommand(1);
  auto a = std::make_shared<TrainArgs>();

  auto* simclr = train->add_subcommand("simclr", "contrastive learning of two augmented views (SimCLR / InfoNCE)");
  add_train_options(*simclr, *a);
  simclr->add_option("--lr", a->simclr.lr, "Adam learning rate")->capture_default_str();
  simclr->add_option("--estimator", a->simclr.estimator, "MI lower bound trained on the 2N-view scores "
                                                         "(infonce = NT-Xent, js, nwj, smile:tau=5, dv, ...)")
      ->capture_default_str();
  simclr->add_option("--temperature", a->simclr.temperature, "cosine similarity / temperature")->capture_default_str();
  simclr->callback([a] {
    apply_common(a->common);
    a->simclr.seed = a->train.seed;
    a->simclr.device = parse_device(a->device);
    recipes::SimclrRecipe recipe(a->simclr);
    run_recipe(*a, recipe);
  });

  auto* dim = train->add_subcommand("dim", "Deep InfoMax: local/global MI between features and code, prior matching");
  add_train_options(*dim, *a);
  dim->add_option("--lr", a->dim.lr, "Adam learning rate (encoder and critics)")->capture_default_str();
  dim->add_option("--estimator", a->dim.estimator, "MI bound: infonce (nce), js (jsd), dv, or any bound spec")
      ->capture_default_str();
  dim->add_option("--alpha", a->dim.alpha, "global MI weight")->capture_default_str();
  dim->add_option("--beta", a->dim.beta, "local MI weight")->capture_default_str();
  dim->add_option("--gamma", a->dim.gamma, "prior matching weight")->capture_default_str();
  dim->add_flag("--augment", a->dim.augment, "train on one augmented view per image");
  dim->add_option("--features", a->dim.features, "representation the probes read: h, local (conv map) or code (Y)")
      ->capture_default_str();
  dim->callback([a] {
    apply_common(a->common);
    a->dim.seed = a->train.seed;
    a->dim.device = parse_device(a->device);
    recipes::DimRecipe recipe(a->dim);
    run_recipe(*a, recipe);
  });

  auto* pixels = train->add_subcommand("pixels", "the linear probe on raw pixels (the reference floor)");
  add_data_options(*pixels, *a);
  pixels->add_option("--probe-iterations", a->train.probe_options.iterations, "L-BFGS iterations")->capture_default_str();
  add_common(*pixels, a->common);
  pixels->callback([a] {
    apply_common(a->common);
    auto data = training::load_dataset(a->data);
    auto r = training::linear_probe(data.train.images.flatten(1), data.train.labels, data.test.images.flatten(1),
                                    data.test.labels, a->train.probe_options);
    if (a->common.json)
      std::printf("%s\n", nlohmann::json({{"recipe", "pixels"},
                                          {"probe", {{"test_accuracy", r.test_accuracy},
                                                     {"train_accuracy", r.train_accuracy},
                                                     {"features", r.features}}}})
                              .dump()
                              .c_str());
    else
      std::printf("pixels: linear probe on %lld features: test accuracy %.4f (train %.4f)\n",
                  static_cast<long long>(r.features), r.test_accuracy, r.train_accuracy);
  });
}

}  // namespace infotorch::cli
