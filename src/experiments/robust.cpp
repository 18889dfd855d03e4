#include "infotorch/experiments/robust.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/recipes/registry.h"
#include "infotorch/training/evaluator.h"
#include "infotorch/training/registry.h"
#include "report.h"

namespace infotorch::experiments {
namespace {

using report::cell;
using report::gnuplot;
using report::split_list;

// One registry run with these settings (option name -> text), as `infotorch train NAME --option value ...`.
SweepRow run_cell(const std::string& recipe, const std::map<std::string, std::string>& settings,
                  const std::vector<std::string>& final_columns, const std::vector<std::string>& last_epoch_columns) {
  training::RecipeRun cell(recipes::find_recipe(recipe));
  for (const auto& [k, v] : settings) cell.declared.set(k, v);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = cell.run();
  SweepRow row;
  row.settings = settings;
  row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (const auto& c : final_columns) row.metrics[c] = r.metric(c);
  for (const auto& c : last_epoch_columns)
    row.metrics[c] = r.epochs.empty() || !r.epochs.back().metrics.count(c) ? NAN : r.epochs.back().metrics.at(c);
  return row;
}

std::vector<std::string> keys_of(const std::vector<SweepRow>& rows, bool settings) {
  std::vector<std::string> keys;
  std::set<std::string> seen;
  for (const auto& r : rows) {
    if (settings) {
      for (const auto& [k, v] : r.settings)
        if (seen.insert(k).second) keys.push_back(k);
    } else {
      for (const auto& [k, v] : r.metrics)
        if (seen.insert(k).second) keys.push_back(k);
    }
  }
  return keys;
}

void write_csv(const std::vector<SweepRow>& rows, const std::string& path) {
  const auto skeys = keys_of(rows, true), mkeys = keys_of(rows, false);
  std::ofstream f(path);
  for (size_t i = 0; i < skeys.size(); ++i) f << (i ? "," : "") << skeys[i];
  for (const auto& k : mkeys) f << "," << k;
  f << ",seconds\n";
  for (const auto& r : rows) {
    for (size_t i = 0; i < skeys.size(); ++i) f << (i ? "," : "") << (r.settings.count(skeys[i]) ? r.settings.at(skeys[i]) : "");
    for (const auto& k : mkeys) f << "," << cell(r.metrics.count(k) ? r.metrics.at(k) : NAN, 6);
    f << "," << cell(r.seconds, 1) << "\n";
  }
}

// "0.6470 ± 0.0123" or "0.6470" for one seed.
std::string mean_sd(const SweepRow& r, const std::string& metric) {
  const double m = r.metrics.count(metric) ? r.metrics.at(metric) : NAN;
  const double sd = r.metrics.count(metric + "_sd") ? r.metrics.at(metric + "_sd") : NAN;
  return cell(m) + (std::isfinite(sd) ? " ± " + cell(sd) : "");
}

}  // namespace

std::vector<SweepRow> summarise(const std::vector<SweepRow>& rows, const std::vector<std::string>& metrics) {
  std::vector<SweepRow> out;
  std::vector<std::vector<const SweepRow*>> groups;
  for (const auto& r : rows) {
    auto key = r.settings;
    key.erase("seed");
    key.erase("noise_seed");
    size_t g = 0;
    for (; g < out.size(); ++g)
      if (out[g].settings == key) break;
    if (g == out.size()) {
      out.push_back({key, {}, 0});
      groups.emplace_back();
    }
    groups[g].push_back(&r);
  }
  for (size_t g = 0; g < out.size(); ++g) {
    const double n = static_cast<double>(groups[g].size());
    for (const auto& m : metrics) {
      double sum = 0, sq = 0;
      for (const auto* r : groups[g]) sum += r->metrics.at(m);
      const double mean = sum / n;
      for (const auto* r : groups[g]) sq += (r->metrics.at(m) - mean) * (r->metrics.at(m) - mean);
      out[g].metrics[m] = mean;
      out[g].metrics[m + "_sd"] = n > 1 ? std::sqrt(sq / (n - 1)) : NAN;
    }
    for (const auto* r : groups[g]) out[g].seconds += r->seconds;
  }
  return out;
}

void declare(OptionList& list, DmiNoiseOptions& o) {
  list.add("task", o.task, "binary (bag vs clothes) or all (10 classes)")
      .add("cases", o.cases, "noise cases, comma-separated (binary: uniform, bag_to_clothes, clothes_to_bag; any: symmetric, pair_flip)")
      .add("rates", o.rates, "noise amounts r, comma-separated")
      .add("losses", o.losses, "losses, comma-separated: ce, dmi, gce, forward")
      .add("seeds", o.seeds, "seeds per cell (0 .. seeds-1): weights, order and noise draw")
      .add("train_limit", o.train_limit, "first N images of the training file (split into training and validation)")
      .add("validation", o.validation, "noisy validation images held out of them")
      .add("test_limit", o.test_limit, "clean test images (0: all)")
      .add("epochs", o.epochs, "epochs per run")
      .add("pretrain_epochs", o.pretrain_epochs, "cross-entropy epochs before L_DMI (loss dmi)")
      .add("lr", o.lr, "Adam learning rate")
      .add("batch_size", o.batch_size, "samples per step")
      .add("out_dir", o.out_dir, "directory for results.csv, results.md and the plots");
}

std::vector<SweepRow> run_dmi_noise(const DmiNoiseOptions& o, const SweepProgress& progress) {
  if (o.seeds < 1) throw Error("seeds: expected at least 1");
  const auto cases = split_list(o.cases, "cases"), rates = split_list(o.rates, "rates"),
             losses = split_list(o.losses, "losses");
  std::vector<std::map<std::string, std::string>> cells;
  for (const auto& noise : cases)
    for (const auto& rate : rates)
      for (const auto& loss : losses)
        for (int64_t s = 0; s < o.seeds; ++s)
          cells.push_back({{"task", o.task}, {"noise", noise}, {"rate", rate}, {"loss", loss},
                           {"seed", std::to_string(s)}, {"noise_seed", std::to_string(s)},
                           {"train_limit", std::to_string(o.train_limit)}, {"validation", std::to_string(o.validation)},
                           {"test_limit", std::to_string(o.test_limit)}, {"epochs", std::to_string(o.epochs)},
                           {"pretrain_epochs", std::to_string(o.pretrain_epochs)}, {"lr", std::to_string(o.lr)},
                           {"batch_size", std::to_string(o.batch_size)},
                           // The clean test set is scored once, on the selected model: per-epoch scoring would
                           // only cost time (model selection reads the noisy validation split).
                           {"evaluators", "accuracy:every=0"}});
  std::vector<SweepRow> rows;
  for (const auto& c : cells) {
    rows.push_back(run_cell("dmi", c, {"test_accuracy"}, {"validation_noisy_accuracy"}));
    if (progress) progress(rows.size(), cells.size(), rows.back());
  }
  if (o.out_dir.empty()) return rows;
  std::filesystem::create_directories(o.out_dir);
  write_csv(rows, o.out_dir + "/results.csv");
  auto mean = summarise(rows, {"test_accuracy", "validation_noisy_accuracy"});
  std::ofstream md(o.out_dir + "/results.md");
  md << "Clean test accuracy (mean ± sd over " << o.seeds << " seed" << (o.seeds > 1 ? "s" : "") << "), task " << o.task
     << ".\n";
  for (const auto& noise : cases) {
    md << "\n**" << noise << "**\n\n| r |";
    for (const auto& l : losses) md << " " << l << " |";
    md << "\n|---:|";
    for (size_t i = 0; i < losses.size(); ++i) md << "---:|";
    md << "\n";
    for (const auto& rate : rates) {
      md << "| " << rate << " |";
      for (const auto& l : losses)
        for (const auto& r : mean)
          if (r.settings.at("noise") == noise && r.settings.at("rate") == rate && r.settings.at("loss") == l)
            md << " " << mean_sd(r, "test_accuracy") << " |";
      md << "\n";
    }
    // accuracy vs r, one line per loss
    std::string plot = "plot ";
    for (size_t i = 0; i < losses.size(); ++i) {
      const std::string dat = o.out_dir + "/" + noise + "_" + losses[i] + ".dat";
      std::ofstream d(dat);
      for (const auto& r : mean)
        if (r.settings.at("noise") == noise && r.settings.at("loss") == losses[i])
          d << r.settings.at("rate") << " " << r.metrics.at("test_accuracy") << "\n";
      plot += std::string(i ? ", " : "") + "'" + dat + "' using 1:2 with linespoints lw 2 title '" + losses[i] + "'";
    }
    gnuplot(o.out_dir + "/" + noise + ".gp",
            "set terminal png size 640,420 noenhanced\nset output '" + o.out_dir + "/" + noise + ".png'\nset title '" + o.task + ": " +
                noise + "'\nset xlabel 'noise amount r'\nset ylabel 'clean test accuracy'\nset yrange [0:1]\nset grid\n"
                "set key bottom left\n" + plot + "\n");
  }
  return rows;
}

void declare(OptionList& list, VibBetaOptions& o) {
  list.add("betas", o.betas, "values of beta, comma-separated")
      .add("deterministic", o.deterministic, "also train the deterministic baseline")
      .add("seeds", o.seeds, "seeds per beta (0 .. seeds-1)")
      .add("train_limit", o.train_limit, "training images (0: all)")
      .add("test_limit", o.test_limit, "test images (0: all)")
      .add("epochs", o.epochs, "epochs per run")
      .add("lr", o.lr, "Adam learning rate")
      .add("batch_size", o.batch_size, "samples per step")
      .add("hidden", o.hidden, "encoder width")
      .add("bottleneck", o.bottleneck, "bottleneck size K")
      .add("noise", o.noise, "Gaussian input-noise standard deviations, '/'-separated")
      .add("fgsm", o.fgsm, "FGSM step sizes, '/'-separated")
      .add("robustness_limit", o.robustness_limit, "test images the corruptions are scored on")
      .add("out_dir", o.out_dir, "directory for results.csv, results.md and the plots");
}

std::vector<SweepRow> run_vib_beta(const VibBetaOptions& o, const SweepProgress& progress) {
  if (o.seeds < 1) throw Error("seeds: expected at least 1");
  auto betas = split_list(o.betas, "betas");
  if (o.deterministic) betas.insert(betas.begin(), "deterministic");
  const std::string robustness =
      "accuracy;robustness:noise=" + o.noise + ",fgsm=" + o.fgsm + ",limit=" + std::to_string(o.robustness_limit);
  std::vector<std::string> columns = {"test_accuracy"};
  for (const auto& c : training::robustness_columns(o.noise, o.fgsm)) columns.push_back(c);
  std::vector<std::map<std::string, std::string>> cells;
  for (const auto& b : betas)
    for (int64_t s = 0; s < o.seeds; ++s) {
      std::map<std::string, std::string> c = {{"seed", std::to_string(s)},
                                              {"train_limit", std::to_string(o.train_limit)},
                                              {"test_limit", std::to_string(o.test_limit)},
                                              {"epochs", std::to_string(o.epochs)},
                                              {"lr", std::to_string(o.lr)},
                                              {"batch_size", std::to_string(o.batch_size)},
                                              {"hidden", std::to_string(o.hidden)},
                                              {"bottleneck", std::to_string(o.bottleneck)},
                                              {"evaluators", robustness}};
      if (b == "deterministic") c["deterministic"] = "true";
      else c["beta"] = b;
      cells.push_back(c);
    }
  std::vector<SweepRow> rows;
  for (const auto& c : cells) {
    rows.push_back(run_cell("vib", c, columns, {"izx_upper", "izy_lower", "test_ce"}));
    if (progress) progress(rows.size(), cells.size(), rows.back());
  }
  if (o.out_dir.empty()) return rows;
  std::filesystem::create_directories(o.out_dir);
  write_csv(rows, o.out_dir + "/results.csv");
  auto all_columns = columns;
  for (const char* c : {"izx_upper", "izy_lower"}) all_columns.push_back(c);
  auto mean = summarise(rows, all_columns);
  std::ofstream md(o.out_dir + "/results.md");
  md << "| beta | test accuracy | I(Z;X) upper (nats) | I(Z;Y) lower (nats) |";
  for (size_t i = 1; i < columns.size(); ++i) md << " " << columns[i] << " |";
  md << "\n|---|---:|---:|---:|";
  for (size_t i = 1; i < columns.size(); ++i) md << "---:|";
  md << "\n";
  std::ofstream dat(o.out_dir + "/vib.dat");
  dat << "# beta test_accuracy izx_upper izy_lower";
  for (size_t i = 1; i < columns.size(); ++i) dat << " " << columns[i];
  dat << "\n";
  for (const auto& r : mean) {
    const std::string beta = r.settings.count("beta") ? r.settings.at("beta") : "deterministic";
    md << "| " << beta << " | " << mean_sd(r, "test_accuracy") << " | " << mean_sd(r, "izx_upper") << " | "
       << mean_sd(r, "izy_lower") << " |";
    for (size_t i = 1; i < columns.size(); ++i) md << " " << mean_sd(r, columns[i]) << " |";
    md << "\n";
    if (beta == "deterministic") continue;
    dat << beta << " " << r.metrics.at("test_accuracy") << " " << r.metrics.at("izx_upper") << " "
        << r.metrics.at("izy_lower");
    for (size_t i = 1; i < columns.size(); ++i) dat << " " << r.metrics.at(columns[i]);
    dat << "\n";
  }
  dat.close();
  const std::string d = "'" + o.out_dir + "/vib.dat'";
  std::string robust = "plot " + d + " using 1:2 with linespoints lw 2 title 'clean'";
  for (size_t i = 1; i < columns.size(); ++i)
    robust += ", " + d + " using 1:" + std::to_string(i + 4) + " with linespoints title '" + columns[i] + "'";
  gnuplot(o.out_dir + "/vib.gp",
          "set terminal png size 1500,450 noenhanced\nset output '" + o.out_dir + "/vib.png'\nset logscale x\nset grid\n"
          "set xlabel 'beta'\nset multiplot layout 1,3 title 'VIB on Fashion-MNIST'\n"
          "set title 'I(Z;X) upper bound (nats)'\nset logscale y\nplot " + d + " using 1:3 with linespoints lw 2 notitle\n"
          "unset logscale y\nset title 'I(Z;Y) lower bound (nats)'\nplot " + d + " using 1:4 with linespoints lw 2 notitle\n"
          "set title 'accuracy: clean, input noise, FGSM'\nset yrange [0:1]\nset key bottom left\n" + robust +
          "\nunset multiplot\n");
  return rows;
}

}  // namespace infotorch::experiments
