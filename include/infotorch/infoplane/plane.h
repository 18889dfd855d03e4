// The information plane (Shwartz-Ziv & Tishby 2017): for a layer's activations T on a fixed evaluation set of
// distinct inputs X with labels Y, the pair (I(X;T), I(T;Y)). Estimators are chosen by spec (one factory):
//   bin:bins=30 (or bin:30)    equal-width bins over the layer's observed range at that moment (all units share it)
//   bin:size=0.07              bins of a fixed width, floor(t / size) (Saxe et al. 2018's binning)
//   bin:bins=30,adaptive=true  per-unit quantile bins (equal counts per bin, ties kept together)
//   kde:var=1e-3               Kolchinsky & Tracey's pairwise-distance bounds with Gaussian noise of variance var
//                              added to T (block: rows of the pairwise sums per block)
//   knn:k=3,var=1e-3,seed=0    the project's kNN estimators on T + N(0, var I): I(X;T) = H_KL(T~) - H(noise),
//                              I(T;Y) by Ross's discrete-continuous estimator
// Values are in bits (the information plane's convention; H(X) = 12 bits for the 12-bit task). Each row of T is
// taken to belong to its own input x (the evaluation inputs are distinct), so for a deterministic layer
// I(X;T) = H(T) when T is discretised, and I(X;T~) = H(T~) - H(T~|X) with noise added.
#pragma once
#include <torch/torch.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace infotorch::infoplane {

// One estimate. The KDE estimator also gives lower bounds (NaN for the others).
struct PlanePoint {
  double ixt = 0;  // I(X;T), bits (KDE: the pairwise-KL upper bound)
  double ity = 0;  // I(T;Y), bits (KDE: H_upper(T) - sum_y p(y) H_upper(T|y))
  double ixt_lower = std::numeric_limits<double>::quiet_NaN();  // KDE: the Bhattacharyya lower bound
  double ity_lower = std::numeric_limits<double>::quiet_NaN();  // KDE: the same difference with it
};

class PlaneEstimator {
 public:
  virtual ~PlaneEstimator() = default;
  // t: N x d activations (N >= 2, finite), labels: N class indices (int64).
  virtual PlanePoint estimate(const torch::Tensor& t, const torch::Tensor& labels) const = 0;
  // The spec it was made from, in canonical form ("kde:var=0.001").
  virtual std::string spec() const = 0;
  // A short name for file names and column names ("kde_var0.001").
  std::string label() const;
};

// The estimator family names, for listings and error messages.
std::vector<std::string> estimator_names();
// Throws Error on an unknown name or option, or a bad value (bins < 1, size <= 0, var <= 0, k < 1).
std::unique_ptr<PlaneEstimator> make_estimator(const std::string& spec);

// Bits per nat.
constexpr double kBitsPerNat = 1.4426950408889634;

// Checks what every estimator needs: t is N x d floating and finite with N >= 2, labels N int64 in [0, C).
void check_activations(const torch::Tensor& t, const torch::Tensor& labels);

}  // namespace infotorch::infoplane
