#include "infotorch/bounds/infonce.h"

#include "infotorch/core/validate.h"

#include <cmath>

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

namespace {

// log K + mean_i (S_ii - logsumexp_j S_ij), rows of s against their columns.
torch::Tensor row_infonce(const torch::Tensor& s) {
  return std::log(static_cast<double>(s.size(0))) + (s.diagonal() - torch::logsumexp(s, {1})).mean();
}

// Row-direction InfoNCE, log K + mean_i (S_ii - logsumexp_j S_ij), with its gradient written out:
// d mi / dS = (I - softmax_rows(S)) / K. Autograd through logsumexp and diagonal would make about six passes
// over the K x K matrix in backward (exp, scale, a zero matrix for the diagonal, its scatter, the sum of the
// two); this makes two (softmax, scale). Measured on the separable staircase step at K = 1024:
// docs/results/speed.md.
struct RowInfoNceScores : public torch::autograd::Function<RowInfoNceScores> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& s) {
    ctx->save_for_backward({s});
    return row_infonce(s);
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();  // a returned vector: keep it alive while s is used
    const auto& s = saved[0];
    auto g = grads[0] / static_cast<double>(s.size(0));
    auto grad = torch::softmax(s, 1).mul_(-g);
    grad.diagonal().add_(g);
    return {grad};
  }
};

}  // namespace

Estimate infonce(const torch::Tensor& scores, const InfoNceOptions& options) {
  check_scores(scores, "scores");
  // Row i: x_i against every y_j (dim 1); column j: y_j against every x_i (dim 0) = rows of S^T.
  // Without a graph to record (no gradient asked for), the plain formula: the custom node only pays off in
  // backward, and creating it costs a forward-only call at K = 64 about a tenth of its time.
  const bool graph = torch::GradMode::is_enabled() && scores.requires_grad();
  auto row = [&] { return graph ? RowInfoNceScores::apply(scores) : row_infonce(scores); };
  auto col = [&] { return graph ? RowInfoNceScores::apply(scores.t()) : row_infonce(scores.t()); };
  torch::Tensor mi;
  switch (options.dir) {
    case InfoNceDirection::row: mi = row(); break;
    case InfoNceDirection::col: mi = col(); break;
    case InfoNceDirection::sym: mi = 0.5 * (row() + col()); break;
  }
  return {mi, -mi};
}

}  // namespace infotorch::bounds
