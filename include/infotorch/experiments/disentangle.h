// The disentanglement comparison (docs/results/disentangle.md): registered VAE recipes (recipes/vae.h) trained on
// generated dSprites over models x seeds, each run set by option name as `infotorch train` would, scored by MIG
// both ways (training/mig.h), and written into out_dir:
//   results.csv   one row per run: model, seed, mig_posterior, mig_histogram, per-factor gaps, last-epoch recon,
//                 kl, tc_mss, tc_mws, seconds
//   results.md    per model: mean ± sample sd over seeds
//   tc.csv        the estimated TC (MSS and MWS) per epoch of every run
//   mig.png       both MIGs per model (mean ± sd, seeds as points); tc.png TC (MSS) per epoch, seed 0
//   runs/<model>_s<seed>/  the run's logs (epochs.csv, steps.csv, training.png), reconstructions.png, traversal.png
// A model is a registered recipe name with options after '+': "tcvae+penalty=club+gamma=1".
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "infotorch/core/options.h"

namespace infotorch::experiments {

struct DisentangleOptions {
  std::string models = "vae;betavae;tcvae;factorvae;tcvae+penalty=club;tcvae+penalty=smile";  // ';'-separated
  int64_t seeds = 3;           // seeds 0 .. seeds-1: weights and data order (the data set is the same)
  int64_t image_size = 32;     // dSprites rendered at 32 x 32 (64: the original resolution)
  int64_t samples = 60000;     // factor combinations drawn once from the 737,280 (0: the full grid)
  uint64_t data_seed = 0;
  int64_t epochs = 12;         // 11,244 steps of 64: 2.5 min per run on one idle core (docs/results/disentangle.md)
  int64_t batch_size = 64;
  std::string arch = "mlp";
  int64_t latent = 10;
  int64_t hidden = 512;
  double lr = 1e-3;           // twice Chen et al.'s 5e-4: the runs are short (10^4 steps, not their 10^5)
  int64_t mig_points = 10000;  // points both MIGs are scored on
  std::string out_dir = "disentangle-results";
};
void declare(OptionList& list, DisentangleOptions& options);

struct DisentangleRun {
  std::string model;  // as listed
  int64_t seed = 0;
  std::map<std::string, double> metrics;
  std::vector<std::map<std::string, double>> epochs;  // per epoch: tc_mss, tc_mws, recon, kl
  double seconds = 0;
  std::string error;  // a run that stopped (RunError: a NaN loss); its metrics are missing
};
using DisentangleProgress = std::function<void(size_t done, size_t total, const DisentangleRun& last)>;

std::vector<DisentangleRun> run_disentangle(const DisentangleOptions& options, const DisentangleProgress& progress = {});

}  // namespace infotorch::experiments
