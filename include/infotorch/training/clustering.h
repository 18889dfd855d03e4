// Scoring an unsupervised assignment against the true classes: the one-to-one matching of clusters to classes that
// agrees on the most points (the Hungarian method, Kuhn 1955 / Munkres 1957), and the accuracy under it. Used for
// InfoGAN's categorical code, IIC's and RIM's clusters (issue 18).
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace infotorch::training {

// For a rows x cols weight matrix (rows <= cols), the column assigned to each row, distinct, maximising the sum
// of the chosen weights. O(cols^2 rows). Throws Error for an empty, ragged or non-finite matrix, or rows > cols.
std::vector<int64_t> max_weight_assignment(const std::vector<std::vector<double>>& weight);

struct ClusterMatch {
  double accuracy = 0;                 // fraction of points whose cluster maps to their class
  std::vector<int64_t> class_of;       // class_of[k]: the class cluster k is matched to (-1: unmatched)
  torch::Tensor counts;                // clusters x classes contingency table (int64)
};

// clusters, classes: N int64 labels in [0, n_clusters) and [0, n_classes). With more clusters than classes the
// extra clusters stay unmatched (their points count as wrong); with fewer, some classes get none.
ClusterMatch match_clusters(const torch::Tensor& clusters, const torch::Tensor& classes, int64_t n_clusters,
                            int64_t n_classes);

}  // namespace infotorch::training
