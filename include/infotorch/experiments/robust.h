// The robustness sweeps (docs/results/robust.md): each runs a registered recipe ("dmi", "vib") over a grid of
// settings, one run per cell, set by option name exactly as `infotorch train` would, and writes a table (CSV and
// Markdown) and gnuplot PNGs into out_dir.
//
//   dmi-noise: test accuracy (clean labels) against the noise amount r, per noise case and loss (Xu et al. 2019's
//              Fashion-MNIST study; task all: the 10-class extension with symmetric and pair-flip noise).
//   vib-beta:  clean accuracy, the I(Z;X) upper bound, the I(Z;Y) lower bound and accuracy under Gaussian input
//              noise and FGSM against beta, beside the deterministic network (Alemi et al. 2017).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "infotorch/core/options.h"

namespace infotorch::experiments {

// One run's settings (recipe option name -> text) and the columns it reported.
struct SweepRow {
  std::map<std::string, std::string> settings;
  std::map<std::string, double> metrics;
  double seconds = 0;
};
using SweepProgress = std::function<void(size_t done, size_t total, const SweepRow& last)>;

struct DmiNoiseOptions {
  std::string task = "binary";                             // binary or all
  std::string cases = "uniform,bag_to_clothes,clothes_to_bag";  // noise cases (all: symmetric,pair_flip)
  std::string rates = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9";
  std::string losses = "ce,dmi,forward";
  int64_t seeds = 1;          // seeds 0 .. seeds-1 (weights, data order and the noise draw)
  int64_t train_limit = 22000;  // first N images of the training file, split into training and validation
  int64_t validation = 4000;
  int64_t test_limit = 0;     // clean test images (0: all 10,000)
  int64_t epochs = 6;         // per run (dmi: pretrain_epochs of cross-entropy, then L_DMI)
  int64_t pretrain_epochs = 3;
  double lr = 1e-3;
  int64_t batch_size = 128;
  std::string out_dir;        // results.csv, results.md, one PNG per noise case; empty: no files
};
void declare(OptionList& list, DmiNoiseOptions& options);
std::vector<SweepRow> run_dmi_noise(const DmiNoiseOptions& options, const SweepProgress& progress = {});

struct VibBetaOptions {
  std::string betas = "1e-4,1e-3,1e-2,1e-1,1";
  bool deterministic = true;  // also train the deterministic baseline
  int64_t seeds = 1;
  int64_t train_limit = 0;    // training images (0: all 60,000)
  int64_t test_limit = 0;
  int64_t epochs = 5;
  double lr = 1e-3;
  int64_t batch_size = 100;
  int64_t hidden = 1024;
  int64_t bottleneck = 256;
  std::string noise = "0.1/0.2/0.3";  // Gaussian input-noise standard deviations
  std::string fgsm = "0.02/0.05/0.1"; // FGSM step sizes
  int64_t robustness_limit = 2000;    // test images the corruptions are scored on
  std::string out_dir;
};
void declare(OptionList& list, VibBetaOptions& options);
std::vector<SweepRow> run_vib_beta(const VibBetaOptions& options, const SweepProgress& progress = {});

// Means and sample standard deviations over seeds: one row per setting without "seed".
std::vector<SweepRow> summarise(const std::vector<SweepRow>& rows, const std::vector<std::string>& metrics);

}  // namespace infotorch::experiments
