// A PNG of a training log (loss and MI per step, kNN / probe accuracy per epoch), drawn by gnuplot.
#pragma once
#include <string>

namespace infotorch::training {

// Reads dir/steps.csv and dir/epochs.csv (as write_logs writes them), writes dir/training.gp and
// dir/training.png. Returns false when gnuplot is missing or fails (the logs stay; only the picture is lost).
bool plot_training(const std::string& dir, const std::string& title);

}  // namespace infotorch::training
