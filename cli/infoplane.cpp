// `infotorch infoplane`: the information-plane experiment of experiments/infoplane.h, its options rendered from the
// library's declarations; prints one line per finished run and where the tables and plots went.
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "commands.h"
#include "declared.h"
#include "infotorch/experiments/infoplane.h"

namespace infotorch::cli {

void register_infoplane(CLI::App& app) {
  struct State {
    experiments::InfoPlaneExperimentOptions options;
    OptionList list;
    Common common;
  };
  auto st = std::make_shared<State>();
  experiments::declare(st->list, st->options);
  auto* cmd = app.add_subcommand(
      "infoplane", "the information plane: I(X;T) and I(T;Y) of every layer during training (12-bit task, Fashion-MNIST MLP)");
  add_declared(*cmd, st->list);
  add_common(*cmd, st->common);
  cmd->callback([st] {
    apply_common(st->common);
    const bool json = st->common.json;
    experiments::run_infoplane(st->options, [json](size_t done, size_t total, const experiments::InfoPlaneRun& r) {
      // The last measured epoch of each layer, first estimator.
      std::string estimator;
      int64_t epoch = 0;
      for (const auto& p : r.plane) {
        if (estimator.empty()) estimator = p.estimator;
        if (p.estimator != estimator) continue;
        if (p.epoch >= epoch) epoch = p.epoch;
      }
      if (json) {
        nlohmann::json j = {{"run", done}, {"of", total}, {"activation", r.activation}, {"seed", r.seed},
                            {"test_accuracy", r.test_accuracy}, {"seconds", r.seconds}, {"estimator", estimator},
                            {"epoch", epoch}};
        for (const auto& p : r.plane)
          if (p.estimator == estimator && p.epoch == epoch) j["layers"][p.layer] = {{"ixt_bits", p.point.ixt}, {"ity_bits", p.point.ity}};
        std::printf("%s\n", j.dump().c_str());
      } else {
        std::printf("[%zu/%zu] activation=%s seed=%lld test_accuracy %.4f (%.1f s); %s at epoch %lld, I(X;T) / I(T;Y) bits:",
                    done, total, r.activation.c_str(), static_cast<long long>(r.seed), r.test_accuracy, r.seconds,
                    estimator.c_str(), static_cast<long long>(epoch));
        for (const auto& p : r.plane)
          if (p.estimator == estimator && p.epoch == epoch) std::printf(" %s %.2f/%.3f", p.layer.c_str(), p.point.ixt, p.point.ity);
        std::printf("\n");
      }
      std::fflush(stdout);
    });
    if (!st->options.out_dir.empty() && !json)
      std::printf("rows.csv, plane.csv, gradients.csv, summary.md and the plots are in %s\n", st->options.out_dir.c_str());
  });
}

}  // namespace infotorch::cli
