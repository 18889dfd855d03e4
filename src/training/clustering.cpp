#include "infotorch/training/clustering.h"

#include <cmath>
#include <limits>

#include "infotorch/core/error.h"

namespace infotorch::training {

std::vector<int64_t> max_weight_assignment(const std::vector<std::vector<double>>& weight) {
  const int64_t n = static_cast<int64_t>(weight.size());
  if (n == 0) throw Error("weight: expected at least one row");
  const int64_t m = static_cast<int64_t>(weight[0].size());
  if (m < n) throw Error("weight: expected rows <= columns, got " + std::to_string(n) + " x " + std::to_string(m));
  for (const auto& row : weight) {
    if (static_cast<int64_t>(row.size()) != m) throw Error("weight: expected every row to have " + std::to_string(m) + " columns");
    for (double w : row)
      if (!std::isfinite(w)) throw Error("weight: contains NaN or Inf; expected finite values");
  }
  // Shortest augmenting paths with row and column potentials u, v on costs -weight (the e-maxx formulation of the
  // Hungarian method; 1-based, column 0 is the virtual start).
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0), v(m + 1, 0);
  std::vector<int64_t> row_of(m + 1, 0), way(m + 1, 0);
  for (int64_t i = 1; i <= n; ++i) {
    row_of[0] = i;
    int64_t j0 = 0;
    std::vector<double> min_to(m + 1, inf);
    std::vector<bool> used(m + 1, false);
    do {
      used[j0] = true;
      const int64_t i0 = row_of[j0];
      double delta = inf;
      int64_t j1 = 0;
      for (int64_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const double cur = -weight[i0 - 1][j - 1] - u[i0] - v[j];
        if (cur < min_to[j]) min_to[j] = cur, way[j] = j0;
        if (min_to[j] < delta) delta = min_to[j], j1 = j;
      }
      for (int64_t j = 0; j <= m; ++j) {
        if (used[j]) u[row_of[j]] += delta, v[j] -= delta;
        else min_to[j] -= delta;
      }
      j0 = j1;
    } while (row_of[j0] != 0);
    do {  // flip the augmenting path
      const int64_t j1 = way[j0];
      row_of[j0] = row_of[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int64_t> col_of(n, -1);
  for (int64_t j = 1; j <= m; ++j)
    if (row_of[j] > 0) col_of[row_of[j] - 1] = j - 1;
  return col_of;
}

ClusterMatch match_clusters(const torch::Tensor& clusters, const torch::Tensor& classes, int64_t n_clusters,
                            int64_t n_classes) {
  if (n_clusters < 1 || n_classes < 1)
    throw Error("match_clusters: expected at least one cluster and one class, got " + std::to_string(n_clusters) +
                " and " + std::to_string(n_classes));
  auto check = [](const torch::Tensor& t, int64_t k, const std::string& name) {
    if (!t.defined() || t.dim() != 1 || t.scalar_type() != torch::kLong)
      throw Error(name + ": expected a 1-D int64 tensor of labels");
    if (t.numel() > 0 && (t.min().item<int64_t>() < 0 || t.max().item<int64_t>() >= k))
      throw Error(name + ": expected labels in [0, " + std::to_string(k) + ")");
  };
  check(clusters, n_clusters, "clusters");
  check(classes, n_classes, "classes");
  if (clusters.size(0) != classes.size(0) || clusters.size(0) == 0)
    throw Error("clusters and classes: expected the same number (> 0) of labels, got " +
                std::to_string(clusters.size(0)) + " and " + std::to_string(classes.size(0)));
  auto flat = (clusters.cpu() * n_classes + classes.cpu());
  auto counts = torch::bincount(flat, {}, n_clusters * n_classes).reshape({n_clusters, n_classes});
  // Square the table with zero rows or columns so that the smaller side is matched completely.
  const int64_t side = std::max(n_clusters, n_classes);
  std::vector<std::vector<double>> w(side, std::vector<double>(side, 0.0));
  auto acc = counts.accessor<int64_t, 2>();
  for (int64_t k = 0; k < n_clusters; ++k)
    for (int64_t c = 0; c < n_classes; ++c) w[k][c] = static_cast<double>(acc[k][c]);
  const auto assigned = max_weight_assignment(w);
  ClusterMatch out;
  out.counts = counts;
  out.class_of.assign(n_clusters, -1);
  int64_t hit = 0;
  for (int64_t k = 0; k < n_clusters; ++k)
    if (assigned[k] < n_classes) {
      out.class_of[k] = assigned[k];
      hit += acc[k][assigned[k]];
    }
  out.accuracy = static_cast<double>(hit) / static_cast<double>(clusters.size(0));
  return out;
}

}  // namespace infotorch::training
