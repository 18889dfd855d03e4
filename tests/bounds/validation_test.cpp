// Bad input to every bound: non-square, K < 2, NaN / Inf -> one pinned message naming the argument.
#include <gtest/gtest.h>

#include "../error_of.h"

#include "infotorch/bounds/club.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/gaussian_kl.h"
#include "infotorch/bounds/interpolated.h"
#include "infotorch/bounds/l1out.h"
#include "infotorch/bounds/tuba.h"
#include "infotorch/core/error.h"

using namespace infotorch::bounds;

TEST(BoundsValidation, EveryBoundRejectsBadScoresWithThePinnedMessage) {
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto nan = torch::zeros({3, 3}, opts);
  nan[1][2] = std::nan("");
  auto inf = torch::zeros({3, 3}, opts);
  inf[2][0] = std::numeric_limits<double>::infinity();
  for (const auto& name : bound_names()) {
    SCOPED_TRACE(name);
    auto b = make_bound(name);
    EXPECT_EQ(error_of([&] { b->forward(torch::zeros({3, 4}, opts)); }),
              "scores: expected a square K x K score matrix (diagonal = positive pairs), got shape [3, 4]");
    EXPECT_EQ(error_of([&] { b->forward(torch::zeros({1, 1}, opts)); }), "scores: expected K >= 2 samples, got K = 1");
    EXPECT_EQ(error_of([&] { b->forward(nan); }), "scores: contains NaN or Inf (first at row 1); expected finite values");
    EXPECT_EQ(error_of([&] { b->forward(inf); }), "scores: contains NaN or Inf (first at row 2); expected finite values");
    EXPECT_EQ(error_of([&] { b->forward(torch::zeros({4}, opts)); }),
              "scores: expected a 2-D tensor, got shape [4]");
  }
  EXPECT_EQ(error_of([&] { club(torch::zeros({2, 3}, opts)); }),
            "log_q: expected a square K x K score matrix (diagonal = positive pairs), got shape [2, 3]");
  EXPECT_EQ(error_of([&] { l1out(nan); }), "log_q: contains NaN or Inf (first at row 1); expected finite values");
}

TEST(BoundsValidation, BaselinesAndUpperBoundInputs) {
  auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto s = torch::zeros({3, 3}, opts);
  EXPECT_EQ(error_of([&] { tuba(s, {}, torch::zeros({4}, opts)); }),
            "log_baseline: expected a scalar or a vector of K = 3 values (one per y_j), got shape [4]");
  EXPECT_EQ(error_of([&] { interpolated(s, {}, torch::zeros({3, 1}, opts)); }),
            "log_baseline: expected a scalar or a vector of K = 3 values (one per y_j), got shape [3, 1]");
  EXPECT_EQ(error_of([&] { gaussian_kl(torch::zeros({3, 2}), torch::zeros({3, 1})); }),
            "logvar: expected the shape of mu [3, 2], got [3, 1]");
  GaussianConditionalOptions o;
  o.x_dim = 2;
  o.y_dim = 1;
  GaussianConditional q(o);
  EXPECT_EQ(error_of([&] { club(q, torch::zeros({4, 2}), torch::zeros({5, 1})); }),
            "x and y must have the same number of rows (samples), got 4 and 5");
  EXPECT_EQ(error_of([&] { club_sample(q, torch::zeros({1, 2}), torch::zeros({1, 1})); }),
            "x: 1 samples are too few for an upper bound (one positive and one negative pair) (need at least 2)");
  EXPECT_EQ(error_of([&] { club(q, torch::zeros({4, 3}), torch::zeros({4, 1})); }),
            "x: expected 2 columns, got shape [4, 3]");
}
