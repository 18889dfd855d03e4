#include "infotorch/bounds/mine.h"

#include "infotorch/core/numerics.h"
#include "infotorch/core/validate.h"
#include "spec_format.h"

namespace infotorch::bounds {

namespace {
void check_mine_options(const MineOptions& options) {
  if (!(options.ema > 0 && options.ema <= 1))
    throw Error("mine: option ema: expected a rate in (0, 1], got " + detail::format_double(options.ema));
}
}  // namespace

Estimate mine(const Scores& scores, torch::Tensor& log_ema, const MineOptions& options, bool update) {
  check_mine_options(options);
  auto lme = scores.log_mean_exp_negative();  // log E_Q[e^f] on this batch
  auto value = scores.joint().mean() - lme;

  torch::Tensor log_m;
  {
    torch::NoGradGuard no_grad;
    auto batch = lme.detach().to(torch::kFloat64);
    if (!log_ema.defined()) {
      log_m = batch;
    } else {
      auto prev = log_ema.to(batch.device(), torch::kFloat64);
      // log((1 - r) m_{t-1} + r b); a -inf state (never updated) means "initialise with this batch".
      auto mixed = torch::logaddexp(prev + std::log1p(-options.ema), batch + std::log(options.ema));
      log_m = options.ema == 1.0 ? batch : torch::where(torch::isinf(prev), batch, mixed);
    }
    if (update) log_ema = log_m;
  }
  // Surrogate -(E_P f - E_Q[e^f] / m_t), with E_Q[e^f] / m_t = exp(lme - log m_t) computed in log space.
  auto surrogate = -(scores.joint().mean() - torch::exp(lme - log_m.to(lme.scalar_type())));
  // The loss reads -mi but descends the surrogate.
  auto loss = surrogate + (-value - surrogate).detach();
  return {value, loss};
}

MineBound::MineBound(const MineOptions& options) : options_(options) {
  check_mine_options(options_);
  log_ema_ = register_buffer("log_ema", torch::full({}, -std::numeric_limits<double>::infinity(), torch::kFloat64));
}

Estimate MineBound::forward(const Scores& scores) {
  torch::Tensor state = log_ema_;
  auto est = mine(scores, state, options_, /*update=*/true);
  if (is_training()) {
    torch::NoGradGuard no_grad;
    log_ema_.copy_(state);
  }
  return est;
}

std::string MineBound::spec() const { return "mine:ema=" + detail::format_double(options_.ema); }

}  // namespace infotorch::bounds
