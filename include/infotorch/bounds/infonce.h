// InfoNCE (van den Oord et al. 2018, Eq. 4; Poole et al. 2019, Eq. 12):
//   I(X; Y) >= log K + (1/K) sum_i [S_ii - log sum_j S_ij-exp],
// a K-way classification of the positive pair among the batch, never above log K.
//  row: for each x_i, which y_j is its partner (logsumexp over the row j);
//  col: for each y_j, which x_i is its partner (logsumexp over the column i);
//  sym: the mean of the two (the CLIP / SimCLR-style symmetric loss).
#pragma once
#include "infotorch/bounds/bound.h"

namespace infotorch::bounds {

enum class InfoNceDirection { row, col, sym };

struct InfoNceOptions {
  InfoNceDirection dir = InfoNceDirection::row;
};

// "row" | "col" | "sym"; throws Error otherwise.
InfoNceDirection parse_infonce_direction(const std::string& text);
std::string to_string(InfoNceDirection dir);

// mi <= log K always; loss = -mi.
Estimate infonce(const torch::Tensor& scores, const InfoNceOptions& options = {});

class InfoNceBound : public Bound {
 public:
  explicit InfoNceBound(const InfoNceOptions& options = {}) : options_(options) {}
  Estimate forward(const Scores& scores) override { return infonce(scores.matrix(spec()), options_); }
  std::string spec() const override { return "infonce:dir=" + to_string(options_.dir); }
  double ceiling(int64_t k) const override { return std::log(static_cast<double>(k)); }

 private:
  InfoNceOptions options_;
};

}  // namespace infotorch::bounds
