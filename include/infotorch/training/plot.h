// A PNG of a training log (loss and MI per step, accuracy columns per epoch), drawn by gnuplot.
#pragma once
#include <string>
#include <vector>

namespace infotorch::training {

// Reads dir/steps.csv and dir/epochs.csv (as write_logs writes them), writes dir/training.gp and
// dir/training.png with the named epochs.csv columns in the accuracy panel. Returns false when gnuplot is
// missing or fails (the logs stay; only the picture is lost).
bool plot_training(const std::string& dir, const std::string& title, const std::vector<std::string>& accuracy_columns);

}  // namespace infotorch::training
