// Evaluators: what a run is judged by, each writing named columns into the epoch log and the result. A recipe
// declares its default evaluators; a run may name others by spec (one string factory, like the bounds'):
//   knn:every=1,k=200,temperature=0.1,bank=10000,queries=2000   weighted kNN accuracy of features()
//                                                               (column knn_accuracy), every `every` epochs
//   probe:iterations=150,weight_decay=1e-4,history=10            linear probe of features() on the full train and
//                                                               test splits when training ends (probe_test_accuracy,
//                                                               probe_train_accuracy, probe_features)
//   accuracy:split=test,labels=clean,every=1                     classification accuracy of logits() on a split,
//                                                               against its clean labels (or its noisy ones:
//                                                               labels=noisy), every `every` epochs and at the end
//                                                               (column <split>_accuracy or <split>_noisy_accuracy)
//   robustness:noise=0.1/0.3/0.5,fgsm=0.05/0.1/0.2,split=test,limit=2000,seed=0
//                                                               accuracy of logits() under Gaussian input noise
//                                                               (clamped to [0, 1]) and the FGSM attack, at the end
//                                                               (columns noise_<sigma>_accuracy, fgsm_<eps>_accuracy)
//   mig:points=10000,samples=10000,bins=20,every=0,seed=0      the mutual information gap of gaussian_code() on
//                                                               the training split's factors, both ways
//                                                               (training/mig.h): mig_posterior (Chen et al.) and
//                                                               mig_histogram (disentanglement_lib), at the end
//   cluster:split=test,every=1                                   accuracy of the clusters argmax logits() under the
//                                                               one-to-one matching to the true classes that agrees
//                                                               most (Hungarian, clustering.h): <split>_cluster_accuracy
//   generation:split=test,samples=10000,every=0,judge=PATH,judge_epochs=3,seed=0
//                                                               generate() at the labels of `samples` images of the
//                                                               split, judged by a classifier of the real training
//                                                               split (generation.h): judge_<split>_accuracy (its
//                                                               own accuracy), generated_condition_accuracy (its
//                                                               predictions = the conditions), generated_matched_
//                                                               accuracy (under the best one-to-one matching of
//                                                               condition values to classes: InfoGAN's codes),
//                                                               frechet_distance (its features, real vs generated)
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "infotorch/training/dataset.h"
#include "infotorch/training/probe.h"
#include "infotorch/training/recipe.h"

namespace infotorch::training {

using Metrics = std::map<std::string, double>;

class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual std::string name() const = 0;
  // Whether to run after epoch `epoch` (1-based, just completed or cut short).
  virtual bool due_after_epoch(int64_t epoch) const = 0;
  // Whether to run once when training ends (also after a run of zero epochs).
  virtual bool due_at_end() const = 0;
  virtual Metrics evaluate(Recipe& recipe, const Splits& data) = 0;
};

// The column the robustness evaluator writes for one corruption: kind "noise" or "fgsm" and its strength.
std::string robustness_column(const std::string& kind, double strength);
// Its columns for '/'-separated noise and FGSM strengths, in that order (what a sweep reads back).
std::vector<std::string> robustness_columns(const std::string& noise, const std::string& fgsm);

// Every evaluator spec name, for listings.
std::vector<std::string> evaluator_names();
// "knn:every=2", "probe", "accuracy:split=validation,labels=noisy", ... (see above); throws Error on an unknown
// name or option.
std::unique_ptr<Evaluator> make_evaluator(const std::string& spec);

}  // namespace infotorch::training
