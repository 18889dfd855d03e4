#include "infotorch/experiments/infoplane.h"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/recipes/infoplane.h"
#include "infotorch/training/trainer.h"
#include "report.h"

namespace infotorch::experiments {
namespace {

using report::cell;
using report::gnuplot;
using report::split_list;

struct MeanSd {
  double mean = 0, sd = NAN;
  int n = 0;
};
MeanSd mean_sd(const std::vector<double>& v) {
  MeanSd m;
  m.n = static_cast<int>(v.size());
  if (v.empty()) return {NAN, NAN, 0};
  for (double x : v) m.mean += x;
  m.mean /= v.size();
  if (v.size() > 1) {
    double s = 0;
    for (double x : v) s += (x - m.mean) * (x - m.mean);
    m.sd = std::sqrt(s / (v.size() - 1));
  }
  return m;
}

// Seed-averaged plane: (activation, estimator, layer) -> epoch -> the four values' samples.
using Key = std::tuple<std::string, std::string, std::string>;
using Samples = std::array<std::vector<double>, 4>;
std::map<Key, std::map<int64_t, Samples>> average(const std::vector<InfoPlaneRun>& runs) {
  std::map<Key, std::map<int64_t, Samples>> out;
  for (const auto& r : runs)
    for (const auto& p : r.plane) {
      auto& s = out[{r.activation, p.estimator, p.layer}][p.epoch];
      s[0].push_back(p.point.ixt);
      s[1].push_back(p.point.ity);
      s[2].push_back(p.point.ixt_lower);
      s[3].push_back(p.point.ity_lower);
    }
  return out;
}

// Seed-averaged |mean| and |std| of one layer's gradients, averaged over bins of a twentieth of a decade of
// epochs: (mean epoch of the bin, |mean|, |std|).
std::vector<std::tuple<double, double, double>> binned_gradients(const std::vector<InfoPlaneRun>& runs,
                                                                 const std::string& activation, const std::string& layer) {
  std::map<int64_t, std::pair<std::vector<double>, std::vector<double>>> by_epoch;
  for (const auto& r : runs)
    if (r.activation == activation)
      for (const auto& g : r.gradients)
        if (g.layer == layer) {
          by_epoch[g.epoch].first.push_back(g.mean_norm);
          by_epoch[g.epoch].second.push_back(g.std_norm);
        }
  std::map<int64_t, std::array<double, 4>> bins;  // bin -> sums of epoch, |mean|, |std|; count
  for (const auto& [ep, v] : by_epoch) {
    auto& acc = bins[static_cast<int64_t>(std::floor(20 * std::log10(static_cast<double>(ep))))];
    acc[0] += static_cast<double>(ep);
    acc[1] += mean_sd(v.first).mean;
    acc[2] += mean_sd(v.second).mean;
    acc[3] += 1;
  }
  std::vector<std::tuple<double, double, double>> out;
  for (const auto& [b, acc] : bins) out.emplace_back(acc[0] / acc[3], acc[1] / acc[3], acc[2] / acc[3]);
  return out;
}

// An estimator as the tables name it: its canonical spec (the rows' key) and its file label.
struct Named {
  std::string spec, label;
};

void write_outputs(const InfoPlaneExperimentOptions& o, const std::vector<InfoPlaneRun>& runs,
                   const std::vector<std::string>& activations, const std::vector<Named>& estimators,
                   const std::vector<std::string>& layers) {
  namespace fs = std::filesystem;
  const std::string dir = o.out_dir;
  fs::create_directories(dir);
  {
    std::ofstream f(dir + "/rows.csv");
    f << "activation,seed,epoch,layer,estimator,ixt_bits,ity_bits,ixt_lower_bits,ity_lower_bits\n";
    for (const auto& r : runs)
      for (const auto& p : r.plane)
        f << r.activation << "," << r.seed << "," << p.epoch << "," << p.layer << ",\"" << p.estimator << "\","
          << cell(p.point.ixt, 6) << "," << cell(p.point.ity, 6) << "," << cell(p.point.ixt_lower, 6) << ","
          << cell(p.point.ity_lower, 6) << "\n";
  }
  {
    // The same rows as JSON (NaN, where an estimator has no lower bound, becomes null).
    nlohmann::json rows = nlohmann::json::array();
    const auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
    for (const auto& r : runs)
      for (const auto& p : r.plane)
        rows.push_back({{"activation", r.activation}, {"seed", r.seed}, {"epoch", p.epoch}, {"layer", p.layer},
                        {"estimator", p.estimator}, {"ixt_bits", num(p.point.ixt)}, {"ity_bits", num(p.point.ity)},
                        {"ixt_lower_bits", num(p.point.ixt_lower)}, {"ity_lower_bits", num(p.point.ity_lower)}});
    std::ofstream(dir + "/rows.json") << rows.dump(1) << "\n";
  }
  {
    std::ofstream f(dir + "/gradients.csv");
    f << "activation,seed,epoch,layer,mean_norm,std_norm,steps\n";
    for (const auto& r : runs)
      for (const auto& g : r.gradients)
        f << r.activation << "," << r.seed << "," << g.epoch << "," << g.layer << "," << g.mean_norm << ","
          << g.std_norm << "," << g.steps << "\n";
  }
  {
    std::ofstream f(dir + "/runs.csv");
    f << "activation,seed,test_accuracy,seconds\n";
    for (const auto& r : runs) f << r.activation << "," << r.seed << "," << cell(r.test_accuracy) << "," << cell(r.seconds, 1) << "\n";
  }
  const auto avg = average(runs);
  {
    std::ofstream f(dir + "/plane.csv");
    f << "activation,estimator,layer,epoch,seeds,ixt_mean,ixt_sd,ity_mean,ity_sd,ixt_lower_mean,ity_lower_mean\n";
    for (const auto& [k, by_epoch] : avg)
      for (const auto& [epoch, s] : by_epoch) {
        const auto a = mean_sd(s[0]), b = mean_sd(s[1]), c = mean_sd(s[2]), d = mean_sd(s[3]);
        f << std::get<0>(k) << ",\"" << std::get<1>(k) << "\"," << std::get<2>(k) << "," << epoch << "," << a.n << ","
          << cell(a.mean, 6) << "," << cell(a.sd, 6) << "," << cell(b.mean, 6) << "," << cell(b.sd, 6) << ","
          << cell(c.mean, 6) << "," << cell(d.mean, 6) << "\n";
      }
  }
  // summary.md
  {
    std::ofstream md(dir + "/summary.md");
    md << "# Information plane: " << o.task << ", " << o.epochs << " epochs, " << o.seeds << " seed(s)\n\n";
    md << "Bits; means over seeds. Peak = the largest seed-averaged I(X;T) over the measured epochs; "
          "drop = peak - final (compression shows as a drop).\n\n";
    md << "| activation | test accuracy | seconds per run |\n|---|---|---|\n";
    for (const auto& a : activations) {
      std::vector<double> acc, sec;
      for (const auto& r : runs)
        if (r.activation == a) {
          acc.push_back(r.test_accuracy);
          sec.push_back(r.seconds);
        }
      const auto m = mean_sd(acc);
      md << "| " << a << " | " << cell(m.mean) << (std::isfinite(m.sd) ? " ± " + cell(m.sd) : "") << " | "
         << cell(mean_sd(sec).mean, 1) << " |\n";
    }
    for (const auto& [spec, label] : estimators) {
      md << "\n## " << spec << "\n\n| activation | layer | I(X;T) first | I(X;T) peak (epoch) | I(X;T) final | drop | "
            "I(T;Y) final |\n|---|---|---|---|---|---|---|\n";
      for (const auto& a : activations)
        for (const auto& l : layers) {
          auto it = avg.find({a, spec, l});
          if (it == avg.end() || it->second.empty()) continue;
          const auto& by_epoch = it->second;
          double peak = -INFINITY;
          int64_t peak_epoch = 0;
          for (const auto& [ep, s] : by_epoch)
            if (mean_sd(s[0]).mean > peak) {
              peak = mean_sd(s[0]).mean;
              peak_epoch = ep;
            }
          const double first = mean_sd(by_epoch.begin()->second[0]).mean;
          const double last = mean_sd(by_epoch.rbegin()->second[0]).mean;
          md << "| " << a << " | " << l << " | " << cell(first, 3) << " | " << cell(peak, 3) << " (" << peak_epoch
             << ") | " << cell(last, 3) << " | " << cell(peak - last, 3) << " | "
             << cell(mean_sd(by_epoch.rbegin()->second[1]).mean, 3) << " |\n";
        }
    }
  }
  // Plots. Data: per (activation, estimator) one file of per-layer blocks (index i = layer i) and one of
  // per-epoch blocks across layers.
  std::string plane = "set terminal pngcairo size " + std::to_string(520 * activations.size()) + "," +
                      std::to_string(440 * estimators.size()) + " noenhanced\nset output '" + dir +
                      "/plane.png'\nset multiplot layout " + std::to_string(estimators.size()) + "," +
                      std::to_string(activations.size()) +
                      "\nset palette defined (0 '#2c7bb6', 0.5 '#ffffbf', 1 '#d7191c')\nset cblabel 'log10 epoch'\n"
                      "set xlabel 'I(X;T) (bits)'\nset ylabel 'I(T;Y) (bits)'\nset grid\nset key off\n";
  std::string curves = "set terminal pngcairo size " + std::to_string(520 * 2 * activations.size()) + "," +
                       std::to_string(360 * estimators.size()) + " noenhanced\nset output '" + dir +
                       "/mi_epochs.png'\nset multiplot layout " + std::to_string(estimators.size()) + "," +
                       std::to_string(2 * activations.size()) + "\nset logscale x\nset xlabel 'epoch'\nset grid\n"
                       "set key bottom right font ',8'\n";
  const double max_epoch = std::log10(std::max<double>(2, o.epochs));
  for (const auto& [spec, lab] : estimators) {
    for (const auto& a : activations) {
      const std::string base = dir + "/plane_" + a + "_" + lab;
      std::ofstream by_layer(base + "_layers.dat"), by_epoch(base + "_epochs.dat");
      std::map<int64_t, std::vector<std::pair<double, double>>> at_epoch;
      for (const auto& l : layers) {
        auto it = avg.find({a, spec, l});
        by_layer << "# layer " << l << "\n";
        if (it != avg.end())
          for (const auto& [ep, s] : it->second) {
            const double x = mean_sd(s[0]).mean, y = mean_sd(s[1]).mean;
            by_layer << ep << " " << x << " " << y << "\n";
            at_epoch[ep].push_back({x, y});
          }
        by_layer << "\n\n";
      }
      // Layers joined at about 15 of the measured epochs (all of them would hide the trajectories).
      const size_t every = std::max<size_t>(1, at_epoch.size() / 15);
      size_t k = 0;
      for (const auto& [ep, pts] : at_epoch) {
        if (k++ % every != 0 && ep != at_epoch.rbegin()->first) continue;
        for (const auto& [x, y] : pts) by_epoch << x << " " << y << "\n";
        by_epoch << "\n";
      }
      // Each trajectory's name at its last point.
      std::string names;
      for (const auto& l : layers) {
        auto it = avg.find({a, spec, l});
        if (it == avg.end() || it->second.empty()) continue;
        const auto& s = it->second.rbegin()->second;
        names += "set label '" + l + "' at " + cell(mean_sd(s[0]).mean, 4) + "," + cell(mean_sd(s[1]).mean, 4) +
                 " offset 0.6,-0.6 font ',9'\n";
      }
      plane += "unset label\n" + names + "set title '" + a + ", " + spec + "'\nset cbrange [0:" + cell(max_epoch, 2) + "]\nplot '" + base +
               "_epochs.dat' using 1:2 with lines lc rgb '#bbbbbb' lw 0.5, '" + base +
               "_layers.dat' using 2:3:(log10($1)) with linespoints pt 7 ps 0.6 lc palette\n";
      for (int q = 0; q < 2; ++q) {
        curves += "set title '" + a + ", " + spec + "'\nset ylabel '" + (q == 0 ? "I(X;T)" : "I(T;Y)") +
                  " (bits)'\nplot ";
        for (size_t i = 0; i < layers.size(); ++i)
          curves += std::string(i ? ", " : "") + "'" + base + "_layers.dat' index " + std::to_string(i) + " using 1:" +
                    std::to_string(q + 2) + " with lines lw 2 title '" + layers[i] + "'";
        curves += "\n";
      }
    }
  }
  gnuplot(dir + "/plane.gp", plane + "unset multiplot\n");
  gnuplot(dir + "/mi_epochs.gp", curves + "unset multiplot\n");
  // Gradient statistics, seed-averaged, then averaged over bins of a twentieth of a decade of epochs (per-epoch
  // values are noisy).
  std::string grads = "set terminal pngcairo size " + std::to_string(560 * activations.size()) +
                      ",440 noenhanced\nset output '" + dir + "/gradients.png'\nset multiplot layout 1," +
                      std::to_string(activations.size()) +
                      "\nset logscale xy\nset format y '%g'\nset xlabel 'epoch'\nset ylabel 'gradient norm (solid: |mean|, dashed: |std|)'\n"
                      "set grid\nset key bottom left font ',8'\n";
  std::ofstream md(dir + "/summary.md", std::ios::app);
  md << "\n## Gradient phases\n\nPer layer, |mean| and |std| of the epoch's stochastic gradients (binned as in "
        "gradients.png); the diffusion phase begins where |std| overtakes |mean| for good (the last crossing).\n\n"
        "| activation | layer | mean/std at epoch 1 | mean/std at the end | std > mean from epoch |\n|---|---|---|---|---|\n";
  for (const auto& a : activations) {
    const std::string dat = dir + "/gradients_" + a + ".dat";
    std::ofstream d(dat);
    for (const auto& l : layers) {
      const auto curve = binned_gradients(runs, a, l);
      d << "# layer " << l << "\n";
      for (const auto& [ep, m, sd] : curve) d << ep << " " << m << " " << sd << "\n";
      d << "\n\n";
      if (curve.empty()) continue;
      double from = NAN;
      for (size_t k = curve.size(); k-- > 0;) {
        if (std::get<2>(curve[k]) <= std::get<1>(curve[k])) break;
        from = std::get<0>(curve[k]);
      }
      md << "| " << a << " | " << l << " | " << cell(std::get<1>(curve.front()) / std::get<2>(curve.front()), 2) << " | "
         << cell(std::get<1>(curve.back()) / std::get<2>(curve.back()), 3) << " | "
         << (std::isfinite(from) ? cell(from, 0) : std::string("never")) << " |\n";
    }
    grads += "set title '" + a + "'\nplot ";
    for (size_t i = 0; i < layers.size(); ++i)
      grads += std::string(i ? ", " : "") + "'" + dat + "' index " + std::to_string(i) + " using 1:2 with lines lc " +
               std::to_string(i + 1) + " title '" + layers[i] + "', '" + dat + "' index " + std::to_string(i) +
               " using 1:3 with lines dt 2 lc " + std::to_string(i + 1) + " notitle";
    grads += "\n";
  }
  gnuplot(dir + "/gradients.gp", grads + "unset multiplot\n");
}

}  // namespace

void declare(OptionList& list, InfoPlaneExperimentOptions& o) {
  list.add("task", o.task, "twelve-bit (Shwartz-Ziv & Tishby) or fashion-mlp")
      .add("activations", o.activations, "hidden activations, comma-separated (tanh, relu): one run each per seed")
      .add("estimators", o.estimators, "information-plane estimators, ';'-separated (bin:bins=30, bin:size=0.07, kde:var=1e-3, knn:k=3,var=1e-3)")
      .add("epochs", o.epochs, "epochs per run")
      .add("seeds", o.seeds, "seeds per activation (0 .. seeds-1), averaged")
      .add("per_decade", o.per_decade, "plane measurements per decade of epochs")
      .add("hidden", o.hidden, "hidden widths, e.g. 10-7-5-4-3; empty: the task's network")
      .add("lr", o.lr, "Adam learning rate")
      .add("batch_size", o.batch_size, "batch size")
      .add("train_fraction", o.train_fraction, "twelve-bit: share of the patterns used for training")
      .add("data_dir", o.data_dir, "fashion-mlp: the IDX directory")
      .add("train_limit", o.train_limit, "fashion-mlp: training images (0: all)")
      .add("test_limit", o.test_limit, "fashion-mlp: test images (0: all)")
      .add("plane_limit", o.plane_limit, "evaluation inputs the plane is measured on")
      .add("out_dir", o.out_dir, "where the tables and plots go; empty: none");
}

std::vector<InfoPlaneRun> run_infoplane(const InfoPlaneExperimentOptions& o, const InfoPlaneProgress& progress) {
  const auto activations = split_list(o.activations, "activations");
  const auto estimators = split_spec_list(o.estimators);
  if (estimators.empty()) throw Error("estimators: expected at least one information-plane estimator spec");
  std::vector<Named> named;  // made here, so bad specs fail before any training
  for (const auto& e : estimators) {
    const auto est = infoplane::make_estimator(e);
    named.push_back({est->spec(), est->label()});
  }
  if (o.seeds < 1) throw Error("seeds: expected at least 1");
  if (o.epochs < 1) throw Error("epochs: expected at least 1");
  std::vector<InfoPlaneRun> runs;
  std::vector<std::string> layers;
  const size_t total = activations.size() * static_cast<size_t>(o.seeds);
  for (const auto& a : activations)
    for (int64_t seed = 0; seed < o.seeds; ++seed) {
      recipes::InfoPlaneOptions r;
      r.task = o.task;
      r.hidden = o.hidden;
      r.activation = a;
      r.lr = o.lr;
      r.estimators = o.estimators;
      r.per_decade = o.per_decade;
      r.plane_limit = o.plane_limit;
      r.train_fraction = o.train_fraction;
      r.split_seed = static_cast<uint64_t>(seed);
      r.seed = static_cast<uint64_t>(seed);
      training::DataOptions d;
      d.data_dir = o.data_dir;
      d.train_limit = o.train_limit;
      d.test_limit = o.test_limit;
      const auto splits = recipes::infoplane_data(r, d);
      recipes::size_from_data(r, &splits);
      recipes::InfoPlaneRecipe recipe(r);
      training::TrainOptions t;
      t.epochs = o.epochs;
      t.batch_size = o.batch_size;
      t.seed = static_cast<uint64_t>(seed);
      t.log_every = 1000000;  // the step log is not needed here
      t.evaluators = "none";
      const auto t0 = std::chrono::steady_clock::now();
      training::train(recipe, splits, t);
      InfoPlaneRun run;
      run.activation = a;
      run.seed = seed;
      run.plane = recipe.plane_rows();
      run.gradients = recipe.gradient_rows();
      {
        torch::NoGradGuard guard;
        const auto test = splits.test->all();
        run.test_accuracy =
            (recipe.logits(test.inputs).argmax(1) == test.labels).to(torch::kDouble).mean().item<double>();
      }
      run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      layers = recipe.layer_names();
      runs.push_back(std::move(run));
      if (progress) progress(runs.size(), total, runs.back());
    }
  if (!o.out_dir.empty()) write_outputs(o, runs, activations, named, layers);
  return runs;
}

}  // namespace infotorch::experiments
