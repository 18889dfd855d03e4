#include "infotorch/check.h"

#include <cstdio>

#include "infotorch/choose.h"
#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/core/validate.h"
#include "infotorch/tasks/task.h"

namespace infotorch {
namespace {

std::string fmt(const char* f, double a, double b = 0, double c = 0, double d = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, a, b, c, d);
  return buf;
}

double se_or_zero(double se) { return std::isfinite(se) ? se : 0.0; }

}  // namespace

bool CheckReport::all_pass() const {
  for (const auto& r : rows)
    if (!r.pass) return false;
  return true;
}

CheckReport check_estimator(const torch::Tensor& x_in, const torch::Tensor& y_in, const CheckedEstimator& f,
                            const CheckOptions& o) {
  const auto x = as_samples(x_in, "x").to(torch::kDouble), y = as_samples(y_in, "y").to(torch::kDouble);
  check_same_rows(x, y, "x", "y");
  check_min_samples(x.size(0), 16, "x", "the checks (quarters of the rows are estimated on)");
  if (o.permutations < 1) throw Error("permutations: expected at least 1 shuffled copy");
  if (!(o.noise > 0)) throw Error("noise: expected a noise level > 0");
  if (!(o.tolerance >= 0) || !(o.relative >= 0)) throw Error("tolerance: expected values >= 0");
  const int64_t n = x.size(0);
  auto gen = tasks::make_generator(o.seed);
  // One seeded order: subsets and halves are its leading rows, so they are random samples of the data.
  const auto order = torch::randperm(n, gen, torch::kLong);
  const auto xs = x.index_select(0, order), ys = y.index_select(0, order);

  CheckReport report;
  report.n = n;
  // Convergence: N/4, N/2, N.
  const auto [i4, s4] = f(xs.slice(0, 0, n / 4), ys.slice(0, 0, n / 4));
  const auto [i2, s2] = f(xs.slice(0, 0, n / 2), ys.slice(0, 0, n / 2));
  const auto [mi, se] = f(x, y);
  report.mi_nats = mi;
  report.stderr_nats = se;
  const double slack = std::max(o.tolerance, o.relative * std::abs(mi));

  {
    CheckRow r;
    r.name = "independence";
    std::vector<double> null;
    int64_t at_least = 0;
    double mean = 0;
    for (int64_t p = 0; p < o.permutations; ++p) {
      const auto shuffled = y.index_select(0, torch::randperm(n, gen, torch::kLong));
      null.push_back(f(x, shuffled).first);
      mean += null.back() / static_cast<double>(o.permutations);
      if (null.back() >= mi) ++at_least;
    }
    double sd = 0;
    for (double v : null) sd += (v - mean) * (v - mean);
    sd = o.permutations > 1 ? std::sqrt(sd / static_cast<double>(o.permutations - 1)) : 0;
    const double p_value = static_cast<double>(1 + at_least) / static_cast<double>(1 + o.permutations);
    r.values = {{"null_mean_nats", mean}, {"null_sd_nats", sd}, {"p_value", p_value}};
    r.pass = std::abs(mean) <= o.tolerance + 2 * sd / std::sqrt(static_cast<double>(o.permutations));
    r.detail = fmt("shuffled Y: %.4f +- %.4f nats over %g draws (should be ~0); p-value of the estimate %.3g", mean, sd,
                   static_cast<double>(o.permutations), p_value);
    if (!r.pass)
      r.meaning = "the estimator reports information where there is none: its bias on data like these is about " +
                  fmt("%.3f", mean) + " nats; subtract it, or choose another estimator";
    report.rows.push_back(r);
  }
  {
    CheckRow r;
    r.name = "processing";
    // The lossy channel keeps Y's kind: Gaussian noise on continuous values; for discrete ones each entry is
    // replaced, with probability noise / (1 + noise), by a random entry of its column (still discrete).
    torch::Tensor noisy;
    const bool discrete = variable_kind(y) == "discrete";
    if (discrete) {
      const auto replace = torch::rand(y.sizes(), gen, torch::kDouble) < o.noise / (1 + o.noise);
      const auto draws = y.gather(0, torch::randint(n, y.sizes(), gen, torch::kLong));
      noisy = torch::where(replace, draws, y);
    } else {
      noisy = y + o.noise * y.std(0, true, true).clamp_min(1e-300) * torch::randn(y.sizes(), gen, torch::kDouble);
    }
    const auto [ig, sg] = f(x, noisy);
    const double bar = 2 * std::sqrt(se_or_zero(se) * se_or_zero(se) + se_or_zero(sg) * se_or_zero(sg));
    r.values = {{"mi_noisy_y_nats", ig}};
    r.pass = ig <= mi + slack + bar;
    r.detail = discrete ? fmt("I(X; g(Y)) = %.4f <= I(X; Y) = %.4f nats (g: each label redrawn with probability %.2f)", ig,
                              mi, o.noise / (1 + o.noise))
                        : fmt("I(X; Y + noise) = %.4f <= I(X; Y) = %.4f nats (noise %g sd)", ig, mi, o.noise);
    if (!r.pass)
      r.meaning = "the estimate rose when Y lost information (data processing inequality): it is not monotone "
                  "here, so its values cannot be compared across variables or data sets";
    report.rows.push_back(r);
  }
  {
    CheckRow r;
    r.name = "additivity";
    const int64_t m = n / 2;
    const auto xa = xs.slice(0, 0, m), xb = xs.slice(0, m, 2 * m), ya = ys.slice(0, 0, m), yb = ys.slice(0, m, 2 * m);
    const auto [ia, sa] = f(xa, ya);
    const auto [ib, sb] = f(xb, yb);
    const auto [ij, sj] = f(torch::cat({xa, xb}, 1), torch::cat({ya, yb}, 1));
    const double bar = 2 * std::sqrt(se_or_zero(sa) * se_or_zero(sa) + se_or_zero(sb) * se_or_zero(sb) +
                                     se_or_zero(sj) * se_or_zero(sj));
    r.values = {{"mi_first_half_nats", ia}, {"mi_second_half_nats", ib}, {"mi_both_nats", ij}};
    r.pass = std::abs(ij - (ia + ib)) <= std::max(2 * o.tolerance, o.relative * std::abs(ia + ib)) + bar;
    r.detail = fmt("I([X1,X2]; [Y1,Y2]) = %.4f vs I(X1;Y1) + I(X2;Y2) = %.4f + %.4f = %.4f nats", ij, ia, ib, ia + ib);
    if (!r.pass)
      r.meaning = ij < ia + ib ? "the estimate does not add up over independent copies: it saturates (a ceiling "
                                 "such as InfoNCE's log K) or loses accuracy with dimension, so larger MI would be "
                                 "underestimated"
                               : "the estimate grows faster than the information over independent copies: it is "
                                 "biased upwards with dimension";
    report.rows.push_back(r);
  }
  {
    CheckRow r;
    r.name = "convergence";
    const double bar = 2 * std::sqrt(se_or_zero(se) * se_or_zero(se) + se_or_zero(s2) * se_or_zero(s2));
    r.values = {{"mi_quarter_nats", i4}, {"mi_half_nats", i2}, {"mi_all_nats", mi}};
    r.pass = std::abs(mi - i2) <= slack + bar;
    r.detail = fmt("N/4: %.4f, N/2: %.4f, N: %.4f nats", i4, i2, mi);
    if (!r.pass)
      r.meaning = "the estimate still moves with N: more samples would change it (for kNN estimators usually "
                  "upwards at high MI or in high dimension)";
    report.rows.push_back(r);
  }
  return report;
}

CheckReport check_estimate(const torch::Tensor& x, const torch::Tensor& y, const EstimateOptions& estimate_options,
                           const CheckOptions& o) {
  EstimateOptions e = estimate_options;
  e.want_stderr = true;
  e.permutations = 0;
  e.progress = nullptr;
  // "auto" is resolved once, on all the data: every diagnostic then checks the same estimator (doubling the
  // dimensions for additivity must not switch it).
  bool swap = false;
  if (parse_spec(e.estimator).name == "auto") {
    const Choice c = choose_estimator(x, y);
    e.estimator = c.estimator;
    if (!c.critic.empty()) e.critic = c.critic;
    swap = c.swap;
  }
  const CheckedEstimator f = [&](const torch::Tensor& a, const torch::Tensor& b) {
    const auto r = swap ? estimate(b, a, e) : estimate(a, b, e);
    return std::pair<double, double>{r.mi_nats, r.stderr_nats.value_or(NAN)};
  };
  auto report = check_estimator(x, y, f, o);
  report.estimator = parse_spec(e.estimator).str();
  return report;
}

}  // namespace infotorch
