// `infotorch bench staircase|suite|speed`: parse options, call the library's benchmark runners, print
// tables and write CSV / JSON / PNG (gnuplot) files. The Python reference of `bench speed` is run
// here as a child process: it is a face-level comparison, not part of the library.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "commands.h"
#include "declared.h"
#include "infotorch/core/spec.h"
#include "infotorch/bench/speed.h"
#include "infotorch/bench/staircase.h"
#include "infotorch/bench/suite.h"
#include "infotorch/core/error.h"
#include "infotorch/core/runtime.h"
#include "infotorch/estimate.h"
#include "progress.h"

namespace infotorch::cli {
namespace {

namespace fs = std::filesystem;

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

// A plain text table with right-aligned numeric columns.
void print_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> w(header.size());
  for (size_t c = 0; c < header.size(); ++c) w[c] = header[c].size();
  for (auto& r : rows)
    for (size_t c = 0; c < r.size() && c < w.size(); ++c) w[c] = std::max(w[c], r[c].size());
  auto line = [&](const std::vector<std::string>& r) {
    std::string s;
    for (size_t c = 0; c < r.size(); ++c) {
      std::string cell = r[c];
      std::string pad(w[c] - cell.size(), ' ');
      s += (c == 0 ? cell + pad : pad + cell) + (c + 1 < r.size() ? "  " : "");
    }
    std::printf("%s\n", s.c_str());
  };
  line(header);
  size_t total = 0;
  for (auto x : w) total += x + 2;
  std::printf("%s\n", std::string(total > 2 ? total - 2 : 0, '-').c_str());
  for (auto& r : rows) line(r);
}

std::string safe_name(std::string s) {
  for (auto& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  return s;
}

bool have_gnuplot() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

// ----------------------------------------------------------------------------------------- staircase

// Joins a list of specs as the text split_spec_list reads back.
std::string join_specs(const std::vector<std::string>& specs) {
  std::string s;
  for (const auto& e : specs) s += (s.empty() ? "" : ";") + e;
  return s;
}

struct StaircaseArgs {
  bench::StaircaseOptions options;  // every default comes from here
  std::string estimators = join_specs(options.estimators);
  std::string out = "out/staircase";
  OptionList declared;  // bound to `options`
  Common common;
};

void plot_staircase(const std::string& png, const std::string& title, const bench::StaircaseResult& r,
                    const bench::StaircaseOptions& o, const std::string& dir) {
  const size_t n = r.traces.size();
  const int cols = n <= 1 ? 1 : (n <= 4 ? 2 : 3), rows = static_cast<int>((n + cols - 1) / cols);
  std::ofstream gp(dir + "/plot.gp");
  gp << "set terminal pngcairo size " << 480 * cols << "," << 360 * rows + 40 << " font 'sans,10'\n";
  gp << "set output '" << png << "'\n";
  gp << "set multiplot layout " << rows << "," << cols << " title '" << title << "'\n";
  gp << "set key top left\nset xlabel 'step'\nset ylabel 'MI (nats)'\nset grid\n";
  double top = 0;
  for (double s : o.stages) top = std::max(top, s);
  gp << "set yrange [-1:" << top + 4 << "]\n";
  for (size_t i = 0; i < n; ++i) {
    std::string data = dir + "/trace_" + std::to_string(i) + ".dat";
    std::ofstream d(data);
    // Columns: step, true MI, estimate, moving average over 100 steps (for the eye).
    const auto& t = r.traces[i];
    double acc = 0;
    for (size_t s = 0; s < t.estimate.size(); ++s) {
      acc += t.estimate[s];
      if (s >= 100) acc -= t.estimate[s - 100];
      d << s << " " << t.true_mi[s] << " " << t.estimate[s] << " " << acc / static_cast<double>(std::min<size_t>(s + 1, 100)) << "\n";
    }
    gp << "set title '" << t.estimator << "'\n";
    gp << "plot '" << data << "' using 1:3 with lines lc rgb '#a0c4ff' lw 1 title 'estimate', '" << data
       << "' using 1:4 with lines lc rgb '#1d3ba8' lw 2 title 'moving avg (100)', '" << data
       << "' using 1:2 with lines lc rgb 'black' lw 2 dt 2 title 'true MI'";
    if (t.estimator.rfind("infonce", 0) == 0)
      gp << ", " << std::log(static_cast<double>(o.batch_size)) << " with lines lc rgb 'red' dt 3 title 'log K'";
    gp << "\n";
  }
  gp << "unset multiplot\n";
  gp.close();
  if (std::system(("gnuplot '" + dir + "/plot.gp' 2>" + dir + "/gnuplot.log").c_str()) != 0)
    std::fprintf(stderr, "infotorch: warning: gnuplot failed (see %s/gnuplot.log); CSV written\n", dir.c_str());
}

void run_staircase(StaircaseArgs& a) {
  apply_common(a.common);
  if (a.options.jobs > 1)  // the cores are shared out between the runs
    set_threads(std::max<int>(1, torch::get_num_threads() / static_cast<int>(a.options.jobs)));
  a.options.estimators = split_spec_list(a.estimators);
  const auto critics = split_spec_list(a.options.critic);  // one run per critic
  if (critics.empty()) throw Error("--critic: expected separable, bilinear or concat");
  fs::create_directories(a.out);
  nlohmann::json all = nlohmann::json::array();
  for (const auto& critic : critics) {
    auto o = a.options;
    o.critic = critic;
    const std::string tag = safe_name(critic) + (o.cubic ? "_cubic" : "");
    Progress bar("staircase " + tag, a.common.quiet);
    o.progress = [&bar](const std::string& e, int64_t step, int64_t total, double v) {
      bar.update(step, total, e + " " + fmt("%.2f", v));
    };
    bench::StaircaseResult r;
    {
      r = bench::run_staircase(o);
    }
    // Every step, one CSV.
    std::ofstream csv(a.out + "/staircase_" + tag + ".csv");
    csv << "estimator,critic,cubic,step,true_mi,estimate\n";
    for (const auto& t : r.traces)
      for (size_t s = 0; s < t.estimate.size(); ++s)
        csv << '"' << t.estimator << "\"," << critic << "," << (o.cubic ? 1 : 0) << "," << s << "," << t.true_mi[s]
            << "," << t.estimate[s] << "\n";
    std::ofstream sum(a.out + "/staircase_" + tag + "_summary.csv");
    sum << "estimator,critic,cubic,stage,true_mi,mean,bias,std,window\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& s : r.stages) {
      sum << '"' << s.estimator << "\"," << critic << "," << (o.cubic ? 1 : 0) << "," << s.stage << "," << s.true_mi
          << "," << s.mean << "," << s.bias << "," << s.std << "," << s.window << "\n";
      rows.push_back({s.estimator, fmt("%.0f", s.true_mi), fmt("%.3f", s.mean), fmt("%+.3f", s.bias),
                      fmt("%.3f", s.std)});
      all.push_back({{"estimator", s.estimator}, {"critic", critic}, {"cubic", o.cubic}, {"stage", s.stage},
                     {"true_mi", s.true_mi}, {"mean", s.mean}, {"bias", s.bias}, {"std", s.std}, {"window", s.window}});
    }
    std::string dir = a.out + "/plot_" + tag;
    fs::create_directories(dir);
    std::string png = a.out + "/staircase_" + tag + ".png";
    if (have_gnuplot())
      plot_staircase(png, "staircase, " + critic + " critic" + (o.cubic ? ", cubic y" : "") + ", batch " +
                              std::to_string(o.batch_size) + ", " + std::to_string(o.steps_per_stage) + " steps/stage",
                     r, o, dir);
    if (!a.common.json) {
      std::printf("\nstaircase: %s critic%s, %lld steps per stage, batch %lld; mean, bias and std over the last %lld steps of each stage\n",
                  critic.c_str(), o.cubic ? " (cubic)" : "", static_cast<long long>(o.steps_per_stage),
                  static_cast<long long>(o.batch_size), static_cast<long long>(bench::summary_window(o)));
      print_table({"estimator", "true MI", "mean", "bias", "std"}, rows);
      for (const auto& t : r.traces) {
        std::printf("%s: %.1f s", t.estimator.c_str(), t.seconds);
        if (t.diverged_at >= 0)
          std::printf(" (diverged: non-finite critic scores at step %lld; later steps are NaN)",
                      static_cast<long long>(t.diverged_at + 1));
        std::printf("\n");
      }
      std::printf("wrote %s/staircase_%s.csv, _summary.csv, .png\n", a.out.c_str(), tag.c_str());
    }
  }
  if (a.common.json) std::printf("%s\n", all.dump().c_str());
}

// ----------------------------------------------------------------------------------------- suite

struct SuiteArgs {
  bench::SuiteOptions options;  // every default comes from here
  std::string tasks, estimators = join_specs(options.estimators);
  std::string out = "out/suite";
  OptionList declared;  // bound to `options`
  Common common;
};

void run_suite(SuiteArgs& a) {
  apply_common(a.common);
  if (!a.tasks.empty()) a.options.tasks = split_spec_list(a.tasks);
  a.options.estimators = split_spec_list(a.estimators);
  Progress bar("suite", a.common.quiet);
  a.options.progress = [&bar](int64_t done, int64_t total, const std::string& what) { bar.update(done, total, what); };
  auto r = bench::run_suite(a.options);
  fs::create_directories(a.out);
  std::ofstream csv(a.out + "/suite_runs.csv");
  csv << "task,estimator,seed,true_mi,estimate,steps,seconds,failure\n";
  auto quoted = [](std::string t) {
    for (auto& c : t)
      if (c == '"') c = '\'';
    return '"' + t + '"';
  };
  for (const auto& run : r.runs)
    csv << quoted(run.task) << "," << quoted(run.estimator) << "," << run.seed << "," << run.true_mi << ","
        << run.estimate << "," << run.steps << "," << run.seconds << "," << quoted(run.failure) << "\n";
  nlohmann::json cells = nlohmann::json::array();
  std::ofstream ccsv(a.out + "/suite.csv");
  ccsv << "task,estimator,true_mi,mae,mean_estimate,std_estimate,seeds,failed\n";
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  for (const auto& c : r.cells) {
    ccsv << quoted(c.task) << "," << quoted(c.estimator) << "," << c.true_mi << "," << c.mae << "," << c.mean_estimate
         << "," << c.std_estimate << "," << c.seeds << "," << c.failed << "\n";
    cells.push_back({{"task", c.task}, {"estimator", c.estimator}, {"true_mi", c.true_mi}, {"mae", num(c.mae)},
                     {"mean_estimate", num(c.mean_estimate)}, {"std_estimate", c.std_estimate}, {"seeds", c.seeds},
                     {"failed", c.failed}});
  }
  nlohmann::json summary = nlohmann::json::array();
  for (const auto& row : r.summary)
    summary.push_back({{"estimator", row.estimator}, {"mean_mae", num(row.mean_mae)}, {"cells", row.cells},
                       {"failed", row.failed}});
  std::ofstream(a.out + "/suite.json") << nlohmann::json{{"cells", cells}, {"summary", summary}}.dump(2) << "\n";
  if (a.common.json) {
    std::printf("%s\n", cells.dump().c_str());
    return;
  }
  std::vector<std::string> header{"task", "true MI"};
  for (const auto& e : a.options.estimators) header.push_back(e);
  std::vector<std::vector<std::string>> rows;
  const size_t ne = a.options.estimators.size();
  auto cell_text = [](double mae, int64_t failed) {
    return fmt("%.3f", mae) + (failed > 0 ? " (" + std::to_string(failed) + " failed)" : "");
  };
  for (size_t i = 0; i < r.cells.size(); i += ne) {
    std::vector<std::string> row{r.cells[i].task, fmt("%.3f", r.cells[i].true_mi)};
    for (size_t e = 0; e < ne; ++e) row.push_back(cell_text(r.cells[i + e].mae, r.cells[i + e].failed));
    rows.push_back(row);
  }
  std::vector<std::string> mean_row{"mean MAE", ""};
  for (const auto& row : r.summary) mean_row.push_back(cell_text(row.mean_mae, row.failed));
  rows.push_back(mean_row);
  std::printf("\nsuite: mean absolute error (nats) over %lld seeds, N = %lld; variational: critic %s, early stopping on "
              "validation rows, read out on held-out rows\n",
              static_cast<long long>(a.options.seeds), static_cast<long long>(a.options.n), a.options.critic.c_str());
  print_table(header, rows);
  std::printf("wrote %s/suite.csv, suite.json, suite_runs.csv\n", a.out.c_str());
}

// ----------------------------------------------------------------------------------------- speed

struct SpeedArgs {
  std::string ks = "64,1024";
  std::string critics = "separable,concat";
  std::string estimator = "infonce";  // the bound of the timed step (the Python reference times InfoNCE only)
  int64_t steps = 20, big_steps = 3;  // timed steps at K <= 256 and above
  std::string python = "/usr/bin/python3";
  std::string reference;  // empty: found (see find_reference)
  bool no_python = false;
  int64_t infonce_n = 4096, infonce_d = 128, memory_k = 4096;
  Common common;
};

// The Python reference script wherever the command runs from: under the working directory, or the source tree
// the binary was built in (the build folder's parent), whichever holds it first.
std::string find_reference() {
  const fs::path rel = "bench/staircase_reference.py";
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates{fs::current_path() / rel};
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / rel);
  for (const auto& c : candidates)
    if (fs::exists(c)) return c.string();
  return rel.string();  // the warning below then names the path looked for
}

// Runs the Python reference; returns its ms/step or NaN.
double python_ms(const SpeedArgs& a, const std::string& critic, int64_t k, int64_t steps, int threads) {
  const std::string reference = a.reference.empty() ? find_reference() : a.reference;
  std::string cmd = a.python + " '" + reference + "' --critic " + critic + " --k " + std::to_string(k) + " --steps " +
                    std::to_string(steps) + " --warmup 1 --threads " + std::to_string(threads) + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return std::nan("");
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  auto pos = out.rfind("{\"critic\"");
  if (pos == std::string::npos) {
    std::fprintf(stderr, "infotorch: warning: the Python reference failed: %s\n", out.c_str());
    return std::nan("");
  }
  return nlohmann::json::parse(out.substr(pos, out.find('\n', pos) - pos)).at("ms_per_step").get<double>();
}

void run_speed(SpeedArgs& a) {
  apply_common(a.common);
  const int threads = a.common.threads > 0 ? a.common.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  nlohmann::json j;
  std::vector<std::vector<std::string>> rows;
  for (const auto& critic : split_spec_list(a.critics)) {
    for (const auto& ks : split_spec_list(a.ks)) {
      const int64_t k = std::stoll(ks);
      const int64_t steps = k <= 256 ? a.steps : a.big_steps;
      double ours = bench::time_staircase_step(critic, k, steps, 1, a.estimator);
      // The reference has the separable and concat critics under InfoNCE.
      const bool referenced = a.estimator == "infonce" && (critic == "separable" || critic == "concat");
      double py = a.no_python || !referenced ? std::nan("") : python_ms(a, critic, k, steps, threads);
      rows.push_back({critic, std::to_string(k), fmt("%.2f", ours), fmt("%.2f", py), fmt("%.2fx", py / ours)});
      j["staircase_step"].push_back({{"critic", critic}, {"estimator", a.estimator}, {"k", k}, {"steps", steps}, {"infotorch_ms", ours},
                                     {"python_ms", std::isnan(py) ? nlohmann::json() : nlohmann::json(py)}});
    }
  }
  auto mm = bench::measure_matmul(a.infonce_n, a.infonce_d, a.infonce_n, 5);
  auto sq = bench::measure_matmul(2048, 2048, 2048, 3);
  const double avail = std::max(mm.gflops, sq.gflops);
  auto nce = bench::measure_infonce(a.infonce_n, a.infonce_d, 5);
  auto fused = bench::measure_infonce(a.infonce_n, a.infonce_d, 5, /*from_embeddings=*/true);
  j["matmul"] = {{"nkn_gflops", mm.gflops}, {"square2048_gflops", sq.gflops}};
  j["infonce"] = {{"n", a.infonce_n}, {"d", a.infonce_d}, {"ms", nce.ms}, {"gflops", nce.gflops},
                  {"fraction_of_matmul", nce.gflops / avail}};
  j["infonce_embeddings"] = {{"n", a.infonce_n}, {"d", a.infonce_d}, {"ms", fused.ms}, {"gflops", fused.gflops},
                             {"fraction_of_matmul", fused.gflops / avail}};
  bench::PeakMemory mem;
  if (a.memory_k > 0) {
    mem = bench::measure_concat_memory(a.memory_k);
    j["concat_memory"] = {{"k", mem.k}, {"peak_bytes", mem.peak_bytes}, {"baseline_bytes", mem.baseline_bytes},
                          {"seconds", mem.seconds}, {"reset_ok", mem.reset_ok}};
  }
  j["threads"] = threads;
  if (a.common.json) {
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("\nstaircase training step (d = 20, %s, Adam), %d threads, ms/step\n", a.estimator.c_str(), threads);
  print_table({"critic", "K", "infotorch", "python", "speed-up"}, rows);
  std::printf("\nmatmul throughput: %.1f GFLOP/s (%lldx%lld * %lldx%lld), %.1f GFLOP/s (2048^3)\n", mm.gflops,
              static_cast<long long>(a.infonce_n), static_cast<long long>(a.infonce_d),
              static_cast<long long>(a.infonce_d), static_cast<long long>(a.infonce_n), sq.gflops);
  std::printf("InfoNCE forward + backward, N = %lld, d = %lld: %.1f ms, %.1f GFLOP/s = %.0f%% of matmul\n",
              static_cast<long long>(a.infonce_n), static_cast<long long>(a.infonce_d), nce.ms, nce.gflops,
              100 * nce.gflops / avail);
  std::printf("  the same from the embeddings (infonce_embeddings, no K x K matrix): %.1f ms, %.1f GFLOP/s = %.0f%%\n",
              fused.ms, fused.gflops, 100 * fused.gflops / avail);
  if (a.memory_k > 0)
    std::printf("concat critic K = %lld scores + backward: peak RSS %.0f MiB (baseline %.0f MiB%s), %.1f s\n",
                static_cast<long long>(mem.k), mem.peak_bytes / 1048576.0, mem.baseline_bytes / 1048576.0,
                mem.reset_ok ? "" : ", peak not reset: includes earlier work", mem.seconds);
}

}  // namespace

void register_bench(CLI::App& app) {
  auto* bench = app.add_subcommand("bench", "benchmarks against ground truth: staircase, suite, speed");
  bench->require_subcommand(1);
  bench->footer("\n" + families_help());

  auto s = std::make_shared<StaircaseArgs>();
  auto* st = bench->add_subcommand("staircase", "the staircase of Poole et al.: d = 20 Gaussians, MI 2 -> 10 nats");
  st->add_option("--estimators", s->estimators, "estimator specs, ';'-separated")->capture_default_str();
  bench::declare(s->declared, s->options);
  add_declared(*st, s->declared);
  st->add_option("--out", s->out, "output folder (CSV, PNG)")->capture_default_str();
  add_common(*st, s->common);
  st->footer("\n" + families_help());
  st->callback([s] { run_staircase(*s); });

  auto u = std::make_shared<SuiteArgs>();
  auto* su = bench->add_subcommand("suite", "Beyond-Normal-style tasks x estimators: mean absolute error");
  su->add_option("--tasks", u->tasks, "task specs, ';'-separated (default: the built-in list)");
  su->add_option("--estimators", u->estimators, "estimator specs, ';'-separated")->capture_default_str();
  bench::declare(u->declared, u->options);
  add_declared(*su, u->declared);
  su->add_option("--out", u->out, "output folder (CSV, JSON)")->capture_default_str();
  add_common(*su, u->common);
  su->footer("\n" + families_help());
  su->callback([u] { run_suite(*u); });

  auto p = std::make_shared<SpeedArgs>();
  auto* sp = bench->add_subcommand("speed", "staircase step vs Python PyTorch, InfoNCE vs matmul, concat memory");
  sp->add_option("--k", p->ks, "batch sizes K, comma-separated")->capture_default_str();
  sp->add_option("--critics", p->critics, "critics, comma-separated")->capture_default_str();
  sp->add_option("--estimator", p->estimator,
                 "the bound of the timed step (the deranged critic needs one that takes pairs, e.g. smile; the "
                 "Python reference runs for infonce only)")
      ->capture_default_str();
  sp->add_option("--steps", p->steps, "timed steps for K <= 256")->capture_default_str();
  sp->add_option("--big-steps", p->big_steps, "timed steps for K > 256")->capture_default_str();
  sp->add_option("--python", p->python, "Python with torch")->capture_default_str();
  sp->add_option("--reference", p->reference, "the Python reference script (default: bench/staircase_reference.py under the working directory or the source tree)");
  sp->add_flag("--no-python", p->no_python, "skip the Python reference");
  sp->add_option("--infonce-n", p->infonce_n, "InfoNCE batch N")->capture_default_str();
  sp->add_option("--infonce-d", p->infonce_d, "InfoNCE embedding size d")->capture_default_str();
  sp->add_option("--memory-k", p->memory_k, "K of the concat-critic memory measurement (0: skip)")->capture_default_str();
  add_common(*sp, p->common);
  sp->callback([p] { run_speed(*p); });
}

}  // namespace infotorch::cli
