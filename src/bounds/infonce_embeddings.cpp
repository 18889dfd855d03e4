#include "infotorch/bounds/infonce_embeddings.h"

#include <algorithm>
#include <cmath>

#include "infotorch/core/validate.h"

namespace infotorch::bounds {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Row-direction InfoNCE of S = u v^T: log K + (1/K) sum_i (S_ii - logsumexp_j S_ij), and, when asked,
// its gradients d mi / du = -G v and d mi / dv = -G^T u with G = (P - I) / K, P = row softmax of S.
struct RowInfoNceEmbeddings : public torch::autograd::Function<RowInfoNceEmbeddings> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& u, const torch::Tensor& v, int64_t rows,
                               bool with_grad) {
    const int64_t k = u.size(0);
    auto acc = torch::zeros({}, u.options().dtype(torch::kFloat64));
    torch::Tensor gu, gv;
    if (with_grad) {
      gu = torch::empty_like(u);
      gv = torch::zeros_like(v);
    }
    auto vt = v.t();
    for (int64_t r0 = 0; r0 < k; r0 += rows) {
      const int64_t n = std::min(rows, k - r0);
      auto ur = u.narrow(0, r0, n);
      auto s = ur.mm(vt);                            // n x K scores of this block
      auto diag = s.diagonal(r0).clone();           // S_ii for i in the block: column r0 + i of row i
      auto m = std::get<0>(s.max(1, /*keepdim=*/true));
      auto p = s.sub_(m).exp_();                     // in place: exp(S - rowmax)
      auto z = p.sum(1, /*keepdim=*/true);
      acc += (diag - m.squeeze(1) - z.log().squeeze(1)).sum().to(torch::kFloat64);
      if (with_grad) {
        // With P = diag(1/z) E (E = p here), never divide the block itself: scale the thin factors instead.
        //   (P - I) V   rows of the block:  (E V) / z - V_block
        //   (P - I)^T U contribution:       E^T (U_block / z) - (U_block placed on the block's columns)
        auto inv_z = z.reciprocal();
        gu.narrow(0, r0, n).copy_(p.mm(v).mul_(inv_z).sub_(v.narrow(0, r0, n)));
        gv.addmm_(p.t(), ur * inv_z);
        gv.narrow(0, r0, n).sub_(ur);
      }
    }
    if (with_grad) {
      // d mi / dS = (I - P) / K
      const double scale = -1.0 / static_cast<double>(k);
      ctx->save_for_backward({gu.mul_(scale), gv.mul_(scale)});
    }
    return (acc / static_cast<double>(k) + std::log(static_cast<double>(k))).to(u.scalar_type());
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_out) {
    auto saved = ctx->get_saved_variables();
    const auto& g = grad_out[0];
    return {saved[0] * g, saved[1] * g, torch::Tensor(), torch::Tensor()};
  }
};

torch::Tensor row_infonce(const torch::Tensor& u, const torch::Tensor& v, int64_t rows) {
  const bool with_grad = torch::GradMode::is_enabled() && (u.requires_grad() || v.requires_grad());
  return RowInfoNceEmbeddings::apply(u, v, rows, with_grad);
}

}  // namespace

Estimate infonce_embeddings(const torch::Tensor& u, const torch::Tensor& v, const InfoNceEmbeddingsOptions& options) {
  check_rank(u, 2, "u");
  check_rank(v, 2, "v");
  check_same_rows(u, v, "u", "v");
  if (u.size(1) != v.size(1))
    throw Error("v: expected the embedding size of u (" + std::to_string(u.size(1)) + "), got " + shape_str(v));
  check_min_samples(u.size(0), 2, "u", "InfoNCE");
  check_finite(u, "u");
  check_finite(v, "v");
  check_positive(static_cast<double>(options.block_elements), "block_elements");
  const int64_t k = u.size(0);
  const int64_t rows = std::max<int64_t>(1, options.block_elements / k);
  auto uc = u.contiguous(), vc = v.contiguous();
  torch::Tensor mi;
  switch (options.dir) {
    case InfoNceDirection::row: mi = row_infonce(uc, vc, rows); break;
    case InfoNceDirection::col: mi = row_infonce(vc, uc, rows); break;  // columns of U V^T are rows of V U^T
    case InfoNceDirection::sym: mi = 0.5 * (row_infonce(uc, vc, rows) + row_infonce(vc, uc, rows)); break;
  }
  return {mi, -mi};
}

}  // namespace infotorch::bounds
