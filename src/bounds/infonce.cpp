#include "infotorch/bounds/infonce.h"

#include "infotorch/core/validate.h"

namespace infotorch::bounds {

InfoNceDirection parse_infonce_direction(const std::string& text) {
  if (text == "row") return InfoNceDirection::row;
  if (text == "col") return InfoNceDirection::col;
  if (text == "sym") return InfoNceDirection::sym;
  throw Error("infonce: option dir='" + text + "': expected row, col or sym");
}

std::string to_string(InfoNceDirection dir) {
  switch (dir) {
    case InfoNceDirection::row: return "row";
    case InfoNceDirection::col: return "col";
    case InfoNceDirection::sym: return "sym";
  }
  return "row";
}

Estimate infonce(const torch::Tensor& scores, const InfoNceOptions& options) {
  check_scores(scores, "scores");
  const double log_k = std::log(static_cast<double>(scores.size(0)));
  auto diag = scores.diagonal();
  // Row i: x_i against every y_j (dim 1); column j: y_j against every x_i (dim 0).
  auto row = [&] { return log_k + (diag - torch::logsumexp(scores, {1})).mean(); };
  auto col = [&] { return log_k + (diag - torch::logsumexp(scores, {0})).mean(); };
  torch::Tensor mi;
  switch (options.dir) {
    case InfoNceDirection::row: mi = row(); break;
    case InfoNceDirection::col: mi = col(); break;
    case InfoNceDirection::sym: mi = 0.5 * (row() + col()); break;
  }
  return {mi, -mi};
}

}  // namespace infotorch::bounds
