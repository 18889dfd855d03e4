#include "infotorch/experiments/disentangle.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "infotorch/core/error.h"
#include "infotorch/recipes/registry.h"
#include "infotorch/training/dsprites.h"
#include "infotorch/training/registry.h"
#include "report.h"

namespace infotorch::experiments {
// Named, not anonymous: the unity build joins this file with the other experiments.
namespace disentangle_detail {

using report::cell;
using report::gnuplot;

struct Model {
  std::string label, recipe;
  std::vector<std::pair<std::string, std::string>> settings;
};

// "tcvae+penalty=club+gamma=1" -> recipe tcvae, settings penalty=club, gamma=1.
Model parse_model(const std::string& text) {
  Model m;
  m.label = text;
  std::stringstream s(text);
  std::string piece;
  bool first = true;
  while (std::getline(s, piece, '+')) {
    if (first) {
      m.recipe = piece;
      first = false;
      continue;
    }
    const auto eq = piece.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error("models: expected recipe+option=value+..., got '" + text + "'");
    m.settings.emplace_back(piece.substr(0, eq), piece.substr(eq + 1));
  }
  if (m.recipe.empty()) throw Error("models: empty model in '" + text + "'");
  recipes::find_recipe(m.recipe);  // unknown names fail before any training
  return m;
}

std::vector<Model> parse_models(const std::string& text) {
  std::vector<Model> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ';'))
    if (!item.empty()) out.push_back(parse_model(item));
  if (out.empty()) throw Error("models: expected a ';'-separated list, got '" + text + "'");
  return out;
}

// A file-name-safe form of a label.
std::string slug(const std::string& label) {
  std::string s;
  for (char c : label) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
}

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? NAN : s / static_cast<double>(v.size());
}
double sd_of(const std::vector<double>& v) {
  if (v.size() < 2) return NAN;
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}
std::string mean_sd(const std::vector<double>& v, int digits = 3) {
  const double sd = sd_of(v);
  return cell(mean_of(v), digits) + (std::isfinite(sd) ? " ± " + cell(sd, digits) : "");
}

const std::vector<std::string> kEpochColumns = {"tc_mss", "tc_mws", "recon", "kl"};

}  // namespace disentangle_detail

using namespace disentangle_detail;

namespace disentangle_detail {
void write_outputs(const DisentangleOptions& o, const std::vector<Model>& models, const std::vector<DisentangleRun>& runs,
                   int64_t n, double render_seconds);
}  // namespace disentangle_detail

void declare(OptionList& list, DisentangleOptions& o) {
  list.add("models", o.models, "';'-separated models: a recipe (vae, betavae, tcvae, factorvae) with options after '+'")
      .add("seeds", o.seeds, "seeds per model (0 .. seeds-1): weights and data order")
      .add("image_size", o.image_size, "dSprites pixels per side (64: the original)")
      .add("samples", o.samples, "factor combinations drawn from the 737,280 (0: the full grid)")
      .add("data_seed", o.data_seed, "which combinations (the same for every run)")
      .add("epochs", o.epochs, "epochs per run")
      .add("batch_size", o.batch_size, "samples per step")
      .add("arch", o.arch, "mlp or conv")
      .add("latent", o.latent, "code size d")
      .add("hidden", o.hidden, "hidden width")
      .add("lr", o.lr, "Adam learning rate")
      .add("mig_points", o.mig_points, "points both MIGs are scored on")
      .add("out_dir", o.out_dir, "directory for results.csv, results.md, the plots and each run's logs and figures");
}

std::vector<DisentangleRun> run_disentangle(const DisentangleOptions& o, const DisentangleProgress& progress) {
  if (o.seeds < 1) throw Error("seeds: expected at least 1, got " + std::to_string(o.seeds));
  const auto models = parse_models(o.models);
  // The data set once, timed (each run generates the same one again before it trains).
  training::DspritesOptions data{o.image_size, o.samples, o.data_seed};
  const auto t_data = std::chrono::steady_clock::now();
  const auto splits = training::dsprites_splits(data);
  const double render_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_data).count();
  const int64_t n = splits.train->size();

  std::vector<DisentangleRun> runs;
  const size_t total = models.size() * static_cast<size_t>(o.seeds);
  for (const auto& model : models)
    for (int64_t seed = 0; seed < o.seeds; ++seed) {
      training::RecipeRun recipe_run(recipes::find_recipe(model.recipe));
      const std::string dir = o.out_dir.empty() ? "" : o.out_dir + "/runs/" + slug(model.label) + "_s" + std::to_string(seed);
      std::map<std::string, std::string> settings = {
          {"seed", std::to_string(seed)},          {"dsprites_image_size", std::to_string(o.image_size)},
          {"dsprites_samples", std::to_string(o.samples)}, {"dsprites_seed", std::to_string(o.data_seed)},
          {"epochs", std::to_string(o.epochs)},    {"batch_size", std::to_string(o.batch_size)},
          {"arch", o.arch},                        {"latent", std::to_string(o.latent)},
          {"hidden", std::to_string(o.hidden)},    {"lr", std::to_string(o.lr)},
          {"evaluators", "mig:points=" + std::to_string(o.mig_points) + ",samples=" + std::to_string(o.mig_points)},
          {"out_dir", dir},                        {"figures_dir", dir}};
      for (const auto& [k, v] : model.settings) settings[k] = v;
      for (const auto& [k, v] : settings) recipe_run.declared.set(k, v);
      const auto t0 = std::chrono::steady_clock::now();
      DisentangleRun run;
      run.model = model.label;
      run.seed = seed;
      training::TrainResult r;
      try {
        r = recipe_run.run();
      } catch (const RunError& e) {
        // A diverged run (NaN loss) is a result: recorded, and the sweep goes on.
        run.error = e.what();
      }
      run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      for (const auto& [k, v] : r.final_metrics) run.metrics[k] = v;
      for (const auto& e : r.epochs) {
        std::map<std::string, double> row;
        for (const auto& c : kEpochColumns) row[c] = e.extra.count(c) ? e.extra.at(c) : NAN;
        run.epochs.push_back(row);
      }
      if (!run.epochs.empty())
        for (const auto& c : kEpochColumns) run.metrics[c] = run.epochs.back().at(c);
      runs.push_back(run);
      // The tables and plots so far, after every run: a sweep cut short keeps what it measured.
      if (!o.out_dir.empty()) write_outputs(o, models, runs, n, render_seconds);
      if (progress) progress(runs.size(), total, runs.back());
    }
  return runs;
}

void disentangle_detail::write_outputs(const DisentangleOptions& o, const std::vector<Model>& models,
                                       const std::vector<DisentangleRun>& runs, int64_t n, double render_seconds) {

  std::filesystem::create_directories(o.out_dir);
  std::vector<std::string> columns = {"mig_posterior", "mig_histogram"};
  for (const char* kind : {"mig_posterior_", "mig_histogram_"})
    for (int k = 0; k < 5; ++k) columns.push_back(kind + std::to_string(k));
  for (const auto& c : kEpochColumns) columns.push_back(c);
  {
    std::ofstream f(o.out_dir + "/results.csv");
    f << "model,seed";
    for (const auto& c : columns) f << "," << c;
    f << ",seconds\n";
    for (const auto& r : runs) {
      f << '"' << r.model << "\"," << r.seed;
      for (const auto& c : columns) f << "," << cell(r.metrics.count(c) ? r.metrics.at(c) : NAN, 6);
      f << "," << cell(r.seconds, 1) << "\n";
    }
    std::ofstream t(o.out_dir + "/tc.csv");
    t << "model,seed,epoch,tc_mss,tc_mws\n";
    for (const auto& r : runs)
      for (size_t e = 0; e < r.epochs.size(); ++e)
        t << '"' << r.model << "\"," << r.seed << "," << e + 1 << "," << cell(r.epochs[e].at("tc_mss"), 6) << ","
          << cell(r.epochs[e].at("tc_mws"), 6) << "\n";
  }
  auto values = [&](const std::string& model, const std::string& c) {
    std::vector<double> v;
    for (const auto& r : runs)
      if (r.model == model && r.metrics.count(c)) v.push_back(r.metrics.at(c));
    return v;
  };
  std::ofstream md(o.out_dir + "/results.md");
  md << "Generated dSprites: " << n << " of the 737,280 factor combinations (data seed " << o.data_seed << "), "
     << o.image_size << " x " << o.image_size << " pixels, rendered in " << cell(render_seconds, 2) << " s ("
     << cell(n / std::max(render_seconds, 1e-9), 0) << " images/s). " << o.arch << " encoder/decoder, hidden " << o.hidden
     << ", d = " << o.latent << ", batch " << o.batch_size << ", " << o.epochs << " epochs, Adam " << o.lr << ". MIG on "
     << std::min(o.mig_points, n) << " points; mean ± sd over " << o.seeds << " seed" << (o.seeds > 1 ? "s" : "") << ".\n\n";
  md << "| model | MIG posterior (Chen et al.) | MIG histogram (20 bins) | TC (MSS, last epoch, nats) | recon (nats) | KL (nats) | s per run |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& m : models) {
    std::vector<double> secs;
    for (const auto& r : runs)
      if (r.model == m.label) secs.push_back(r.seconds);
    md << "| " << m.label << " | " << mean_sd(values(m.label, "mig_posterior")) << " | "
       << mean_sd(values(m.label, "mig_histogram")) << " | " << mean_sd(values(m.label, "tc_mss"), 2) << " | "
       << mean_sd(values(m.label, "recon"), 1) << " | " << mean_sd(values(m.label, "kl"), 1) << " | "
       << cell(mean_of(secs), 0) << " |\n";
  }
  md << "\nPer-factor normalised gaps (shape, scale, orientation, x, y), posterior / histogram:\n\n"
        "| model | shape | scale | orientation | x | y |\n|---|---:|---:|---:|---:|---:|\n";
  for (const auto& m : models) {
    md << "| " << m.label << " |";
    for (int k = 0; k < 5; ++k)
      md << " " << cell(mean_of(values(m.label, "mig_posterior_" + std::to_string(k))), 2) << " / "
         << cell(mean_of(values(m.label, "mig_histogram_" + std::to_string(k))), 2) << " |";
    md << "\n";
  }
  for (const auto& r : runs)
    if (!r.error.empty()) md << "\nRun " << r.model << " seed " << r.seed << " stopped: " << r.error << "\n";
  md.close();

  // mig.png: per model, both metrics (mean with sd bars; the seeds as small points).
  {
    std::ofstream d(o.out_dir + "/mig.dat"), pts(o.out_dir + "/mig_seeds.dat");
    for (size_t i = 0; i < models.size(); ++i) {
      const auto& l = models[i].label;
      auto p = values(l, "mig_posterior"), h = values(l, "mig_histogram");
      d << i << " " << cell(mean_of(p), 6) << " " << cell(std::isfinite(sd_of(p)) ? sd_of(p) : 0, 6) << " "
        << cell(mean_of(h), 6) << " " << cell(std::isfinite(sd_of(h)) ? sd_of(h) : 0, 6) << " \"" << l << "\"\n";
      for (size_t s = 0; s < p.size() && s < h.size(); ++s) pts << i << " " << cell(p[s], 6) << " " << cell(h[s], 6) << "\n";
    }
  }
  const std::string dat = "'" + o.out_dir + "/mig.dat'", seeds = "'" + o.out_dir + "/mig_seeds.dat'";
  gnuplot(o.out_dir + "/mig.gp",
          "set terminal png size 900,480 noenhanced\nset output '" + o.out_dir + "/mig.png'\nset title 'MIG on generated dSprites'\n"
          "set ylabel 'MIG'\nset xrange [-0.5:" + std::to_string(models.size() - 0.5) + "]\nset yrange [0:*]\nset grid ytics\n"
          "set xtics rotate by -20\nset key top left\n"
          "plot " + dat + " using ($1-0.1):2:3:xtic(6) with yerrorbars pt 7 ps 1.5 lw 2 title 'posterior (Chen et al.)', " +
              dat + " using ($1+0.1):4:5 with yerrorbars pt 5 ps 1.5 lw 2 title 'histogram (disentanglement_lib)', " + seeds +
              " using ($1-0.1):2 with points pt 6 lc rgb 'gray40' notitle, " + seeds +
              " using ($1+0.1):3 with points pt 4 lc rgb 'gray40' notitle\n");
  // tc.png: TC (MSS) per epoch of seed 0, one line per model.
  std::string plot = "plot ";
  for (size_t i = 0; i < models.size(); ++i) {
    const std::string file = o.out_dir + "/tc_" + slug(models[i].label) + ".dat";
    std::ofstream d(file);
    for (const auto& r : runs)
      if (r.model == models[i].label && r.seed == 0)
        for (size_t e = 0; e < r.epochs.size(); ++e) d << e + 1 << " " << cell(r.epochs[e].at("tc_mss"), 6) << "\n";
    plot += std::string(i ? ", " : "") + "'" + file + "' using 1:2 with linespoints lw 2 title '" + models[i].label + "'";
  }
  gnuplot(o.out_dir + "/tc.gp", "set terminal png size 700,450 noenhanced\nset output '" + o.out_dir +
                                    "/tc.png'\nset title 'estimated TC (MSS) per epoch, seed 0'\nset xlabel 'epoch'\n"
                                    "set ylabel 'TC (nats)'\nset grid\n" + plot + "\n");
}

}  // namespace infotorch::experiments
