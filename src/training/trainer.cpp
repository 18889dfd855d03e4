#include "infotorch/training/trainer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/distributed.h"
#include "infotorch/training/plot.h"

namespace infotorch::training {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// NaN is not JSON: store it as null.
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double from_num(const json& j) { return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>(); }

json map_json(const std::map<std::string, double>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k] = num(v);
  return j;
}
std::map<std::string, double> map_from_json(const json& j) {
  std::map<std::string, double> m;
  for (const auto& [k, v] : j.items()) m[k] = from_num(v);
  return m;
}

json to_json(const EpochRecord& e) {
  return {{"epoch", e.epoch}, {"steps", e.steps}, {"skipped", e.skipped}, {"complete", e.complete}, {"loss", num(e.loss)}, {"mi", num(e.mi)},
          {"extra", map_json(e.extra)}, {"metrics", map_json(e.metrics)}, {"seconds", e.seconds},
          {"samples_per_sec", e.samples_per_sec}};
}

EpochRecord epoch_from_json(const json& j) {
  EpochRecord e;
  e.epoch = j.at("epoch").get<int64_t>();
  e.steps = j.at("steps").get<int64_t>();
  e.skipped = j.value("skipped", int64_t{0});  // absent from checkpoints written before on_nonfinite
  e.complete = j.at("complete").get<bool>();
  e.loss = from_num(j.at("loss"));
  e.mi = from_num(j.at("mi"));
  e.extra = map_from_json(j.at("extra"));
  e.metrics = map_from_json(j.at("metrics"));
  e.seconds = j.at("seconds").get<double>();
  e.samples_per_sec = j.at("samples_per_sec").get<double>();
  return e;
}

json history_json(const TrainResult& r) {
  json epochs = json::array(), steps = json::array();
  for (const auto& e : r.epochs) epochs.push_back(to_json(e));
  for (const auto& s : r.steps)
    steps.push_back({{"step", s.step}, {"epoch", s.epoch}, {"loss", num(s.loss)}, {"mi", num(s.mi)}, {"seconds", s.seconds}});
  return {{"epochs", epochs}, {"steps", steps}};
}

void history_from_json(const json& j, TrainResult& r) {
  for (const auto& e : j.at("epochs")) r.epochs.push_back(epoch_from_json(e));
  for (const auto& s : j.at("steps"))
    r.steps.push_back({s.at("step").get<int64_t>(), s.at("epoch").get<int64_t>(), from_num(s.at("loss")),
                       from_num(s.at("mi")), s.at("seconds").get<double>()});
}

// Running sums of the current epoch (saved in checkpoints so a resumed epoch logs the same means).
struct EpochSums {
  double loss = 0, mi = 0, seconds = 0;
  int64_t steps = 0, samples = 0, skipped = 0;  // skipped steps count in steps, not in the sums
  std::map<std::string, double> extra;
};

struct Position {
  int64_t epoch = 0;  // 0-based epoch in progress
  int64_t step = 0;   // next step within it
  int64_t global_step = 0;
  double seconds = 0;  // wall time of earlier invocations
};

torch::Tensor i64(int64_t v) { return torch::tensor(v, torch::kInt64); }
torch::Tensor f64(double v) { return torch::tensor(v, torch::kFloat64); }

void save_checkpoint(const std::string& path, Recipe& recipe, const TrainOptions& o, const Position& pos,
                     const EpochSums& sums, const TrainResult& r) {
  torch::serialize::OutputArchive archive, rec;
  recipe.save(rec);
  archive.write("recipe", rec);
  archive.write("seed", i64(static_cast<int64_t>(o.seed)));
  archive.write("batch_size", i64(o.batch_size));
  archive.write("world_size", i64(o.world_size));
  archive.write("epoch", i64(pos.epoch));
  archive.write("step", i64(pos.step));
  archive.write("global_step", i64(pos.global_step));
  archive.write("seconds", f64(pos.seconds));
  json s = {{"loss", num(sums.loss)}, {"mi", num(sums.mi)},          {"seconds", sums.seconds},
            {"steps", sums.steps},     {"samples", sums.samples}, {"extra", map_json(sums.extra)},
            {"skipped", sums.skipped}};
  archive.write("epoch_sums", c10::IValue(s.dump()));
  archive.write("history", c10::IValue(history_json(r).dump()));
  archive.write("recipe_name", c10::IValue(recipe.name()));
  // Write next to the target, then rename, so an interrupted save never leaves a truncated checkpoint.
  // The data is flushed to disk before the rename, so a crash of the machine cannot leave a renamed empty file.
  const std::string tmp = path + ".tmp";
  archive.save_to(tmp);
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw Error("save_path: cannot write the checkpoint '" + tmp + "': " + std::strerror(errno));
  }
  ::close(fd);
  std::filesystem::rename(tmp, path);
}

int64_t read_i64(torch::serialize::InputArchive& a, const std::string& key) {
  torch::Tensor t;
  a.read(key, t);
  return t.item<int64_t>();
}

std::string read_string(torch::serialize::InputArchive& a, const std::string& key) {
  c10::IValue v;
  a.read(key, v);
  return v.toStringRef();
}

void load_checkpoint(const std::string& path, Recipe& recipe, TrainOptions& o, Position& pos, EpochSums& sums,
                     TrainResult& r) {
  if (!std::ifstream(path).good()) throw Error("resume_path: no checkpoint at '" + path + "'");
  torch::serialize::InputArchive archive, rec;
  try {
      archive.load_from(path);
    } catch (const c10::Error& e) {
      throw Error("resume_path: '" + path + "' is not an infotorch checkpoint");
    }
    std::string name;
    try {
      name = read_string(archive, "recipe_name");
    } catch (const c10::Error&) {
      throw Error("resume_path: '" + path + "' is not an infotorch checkpoint (no recipe name)");
    }
    if (name != recipe.name()) throw Error("resume_path: '" + path + "' holds a " + name + " run, not " + recipe.name());
    const int64_t batch = read_i64(archive, "batch_size");
    if (batch != o.batch_size)
      throw Error("batch_size: the checkpoint was trained with batch_size " + std::to_string(batch) + ", got " +
                  std::to_string(o.batch_size));
    const int64_t world = read_i64(archive, "world_size");
    if (world != o.world_size)
      throw Error("world_size: the checkpoint was trained by " + std::to_string(world) + " processes, got " +
                  std::to_string(o.world_size));
    archive.read("recipe", rec);
    try {
      recipe.load(rec);
    } catch (const c10::Error& e) {
      throw Error("resume_path: '" + path + "' does not match this " + recipe.name() +
                  " recipe's modules (other options than the run it holds?)");
    }
    o.seed = static_cast<uint64_t>(read_i64(archive, "seed"));
    pos.epoch = read_i64(archive, "epoch");
    pos.step = read_i64(archive, "step");
    pos.global_step = read_i64(archive, "global_step");
    torch::Tensor secs;
    archive.read("seconds", secs);
    pos.seconds = secs.item<double>();
    json s = json::parse(read_string(archive, "epoch_sums"));
    sums.loss = from_num(s.at("loss"));
    sums.mi = from_num(s.at("mi"));  // NaN for recipes without an MI estimate
    sums.seconds = s.at("seconds").get<double>();
    sums.steps = s.at("steps").get<int64_t>();
    sums.samples = s.at("samples").get<int64_t>();
    sums.extra = map_from_json(s.at("extra"));
    sums.skipped = s.value("skipped", int64_t{0});
    history_from_json(json::parse(read_string(archive, "history")), r);
  }

  EpochRecord close_epoch(int64_t epoch, const EpochSums& s, bool complete, double seconds) {
    EpochRecord e;
    e.epoch = epoch + 1;
    e.steps = s.steps;
    e.skipped = s.skipped;
    e.complete = complete;
    const double n = std::max<int64_t>(s.steps - s.skipped, 1);
    e.loss = s.loss / n;
    e.mi = s.mi / n;
    for (const auto& [k, v] : s.extra) e.extra[k] = v / n;
    e.seconds = seconds;
    e.samples_per_sec = s.seconds > 0 ? s.samples / s.seconds : 0;
    return e;
  }

  void check(const TrainOptions& o, int64_t n) {
    if (o.batch_size < 2) throw Error("batch_size: expected at least 2, got " + std::to_string(o.batch_size));
    if (o.epochs < 0) throw Error("epochs: expected a non-negative count, got " + std::to_string(o.epochs));
    if (!(o.max_minutes >= 0)) throw Error("max_minutes: expected a non-negative number");
    if (o.max_steps < 0) throw Error("max_steps: expected a non-negative count (0: no limit)");
    if (o.log_every < 1) throw Error("log_every: expected a positive number of steps");
    if (o.world_size < 1 || o.rank < 0 || o.rank >= o.world_size)
      throw Error("rank: expected 0 <= rank < world_size, got rank " + std::to_string(o.rank) + " of " +
                  std::to_string(o.world_size));
    if (o.batch_size % o.world_size != 0)
      throw Error("batch_size: " + std::to_string(o.batch_size) + " is not divisible by world_size " +
                  std::to_string(o.world_size));
    if (o.epochs > 0 && n < o.batch_size)
      throw Error("batch_size: " + std::to_string(o.batch_size) + " exceeds the " + std::to_string(n) +
                  " training samples");
    training::check(o.step);
    if (o.step.group && (o.step.group->world_size() != o.world_size || o.step.group->rank() != o.rank))
      throw Error("world_size: the process group has rank " + std::to_string(o.step.group->rank()) + " of " +
                  std::to_string(o.step.group->world_size()) + ", the run rank " + std::to_string(o.rank) + " of " +
                  std::to_string(o.world_size));
  }

  // The mean of the step's scalars over the ranks, so rank 0 logs the run's (recipes report their own rows' loss).
  void average_stats(StepStats& st, ProcessGroup& group) {
    std::vector<double> v = {st.loss, st.mi};
    for (const auto& [k, x] : st.extra) v.push_back(x);  // the same keys on every rank: one recipe
    auto t = torch::tensor(v, torch::kFloat64);
    group.all_reduce_sum(t);
    t.div_(static_cast<double>(group.world_size()));
    auto a = t.accessor<double, 1>();
    st.loss = a[0];
    st.mi = a[1];
    int64_t i = 2;
    for (auto& [k, x] : st.extra) x = a[i++];
  }

  // Rank 0's seed is the run's seed (a run of one process is unchanged); the other ranks draw their steps'
  // randomness (augmentations of their own shard) from seeds of their own.
  uint64_t rank_seed(const TrainOptions& o) { return o.rank == 0 ? o.seed : derive_seed(o.seed, o.rank, 0, 4); }

  // Rank 0's parameters and buffers on every rank (the same seed builds the same weights; this makes it certain,
  // and a resumed run continues from rank 0's checkpoint).
  void broadcast_state(Recipe& recipe, ProcessGroup& group) {
    torch::NoGradGuard ng;
    std::vector<torch::Tensor> state;
    for (auto& p : recipe.root().parameters()) state.push_back(p);
    for (auto& b : recipe.root().buffers()) state.push_back(b);
    std::vector<torch::Tensor> contiguous;
    for (auto& t : state) contiguous.push_back(t.is_contiguous() ? t : t.contiguous());
    group.broadcast(contiguous, 0);
    for (size_t i = 0; i < state.size(); ++i)
      if (!contiguous[i].is_same(state[i])) state[i].copy_(contiguous[i]);
  }

  std::vector<std::unique_ptr<Evaluator>> make_evaluators(const TrainOptions& o, const Recipe& recipe) {
    std::vector<std::string> specs = o.evaluators.empty() ? recipe.default_evaluators() : split_spec_list(o.evaluators);
    if (o.evaluators == "none") specs.clear();
    std::vector<std::unique_ptr<Evaluator>> out;
    for (const auto& s : specs) out.push_back(make_evaluator(s));
    return out;
  }

  }  // namespace

  void declare(OptionList& list, TrainOptions& o) {
    list.add("epochs", o.epochs, "passes over the training split (0: only evaluate)")
        .add("batch_size", o.batch_size, "samples per step (over all processes)")
        .add("seed", o.seed, "seed of the weights, data order and every step's randomness")
        .add("max_minutes", o.max_minutes, "stop (and checkpoint) after this much wall time (0: no budget)")
        .add("max_steps", o.max_steps, "stop (and checkpoint) after this many steps (0: no limit)")
        .add("save_path", o.save_path, "checkpoint file, written after every epoch and when stopping")
        .add("resume_path", o.resume_path, "continue the run stored in this checkpoint")
        .add("out_dir", o.out_dir, "directory for log.json, epochs.csv, steps.csv, training.png")
        .add("log_every", o.log_every, "steps between rows of the step log")
        .add("evaluators", o.evaluators,
             "evaluator specs, ';'-separated: knn:every=1, probe:iterations=150, accuracy:split=test "
             "(empty: the recipe's own; none: none)")
        .add("plot", o.plot, "draw training.png with gnuplot");
    declare(list, o.step);
  }

  double TrainResult::metric(const std::string& name) const {
    if (auto it = final_metrics.find(name); it != final_metrics.end()) return it->second;
    for (auto e = epochs.rbegin(); e != epochs.rend(); ++e)
      if (auto it = e->metrics.find(name); it != e->metrics.end()) return it->second;
    return std::numeric_limits<double>::quiet_NaN();
  }

  torch::Tensor epoch_order(int64_t n, uint64_t seed, int64_t epoch) {
    auto gen = make_generator(derive_seed(seed, epoch, 0, 1));
    return torch::randperm(n, gen, torch::kInt64);
  }

  torch::Tensor shard(const torch::Tensor& batch, int64_t rank, int64_t world_size) {
    const int64_t per = batch.size(0) / world_size;
    return batch.slice(0, rank * per, (rank + 1) * per);
  }

  TrainResult train(Recipe& recipe, const Splits& data, const TrainOptions& options, const ProgressFn& progress) {
    TrainOptions o = options;
    if (!data.train) throw Error("data: the run has no training split");
    const int64_t n = data.train->size();
    check(o, n);
    auto evaluators = make_evaluators(o, recipe);
    const int64_t steps_per_epoch = n / o.batch_size;
    const bool writer = o.rank == 0;
    ProcessGroup* group = o.step.group && o.step.group->world_size() > 1 ? o.step.group.get() : nullptr;

    TrainResult r;
    Position pos;
    EpochSums sums;
    if (!o.resume_path.empty()) load_checkpoint(o.resume_path, recipe, o, pos, sums, r);
    if (group) broadcast_state(recipe, *group);
    const uint64_t step_seed = rank_seed(o);  // after resuming: the checkpoint holds the seed
    const Traffic traffic_start = group ? group->traffic() : Traffic{};  // the steps' traffic, not the broadcast

    const auto start = Clock::now();
    auto invocation_seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    auto elapsed = [&] { return pos.seconds + invocation_seconds(); };
    int64_t steps_here = 0;
    bool stopped = false;
    // The last checkpoint this run can go back to: where a diverged run's message points.
    std::string last_checkpoint = o.resume_path.empty() ? "" : o.resume_path;
    int64_t last_checkpoint_step = pos.global_step;
    for (const auto& e : r.epochs) r.skipped_steps += e.complete ? e.skipped : 0;
    r.skipped_steps += sums.skipped;

    auto evaluate_epoch = [&](EpochRecord& e) {
      for (auto& ev : evaluators) {
        if (!ev->due_after_epoch(e.epoch)) continue;
        if (progress) progress({e.epoch, o.epochs, e.steps, steps_per_epoch, e.loss, e.mi, e.samples_per_sec, ev->name()});
        for (const auto& [k, v] : ev->evaluate(recipe, data)) e.metrics[k] = v;
      }
    };
    auto checkpoint = [&] {
      if (o.save_path.empty()) return;
      if (writer) {
        Position p = pos;
        p.seconds = elapsed();
        save_checkpoint(o.save_path, recipe, o, p, sums, r);
      }
      last_checkpoint = o.save_path;  // on every rank: the one rank 0 writes is the run's
      last_checkpoint_step = pos.global_step;
    };
    auto checkpoint_note = [&] {
      return last_checkpoint.empty()
                 ? std::string("no checkpoint was written (save_path is empty or no epoch had ended)")
                 : "the last good checkpoint is '" + last_checkpoint + "' (after step " +
                       std::to_string(last_checkpoint_step) + ")";
    };

    try {
    while (pos.epoch < o.epochs && !stopped) {
      auto order = epoch_order(n, o.seed, pos.epoch);
      while (pos.step < steps_per_epoch) {
        const auto t0 = Clock::now();  // the stop agreement is part of a distributed step's time
        bool budget = (o.max_minutes > 0 && invocation_seconds() >= o.max_minutes * 60.0) ||
                      (o.max_steps > 0 && steps_here >= o.max_steps);
        bool interrupt = o.stop_requested && o.stop_requested();
        if (group) {
          // Every rank stops at the same step: one rank's budget or signal stops them all.
          auto flags = torch::tensor({budget ? 1.0f : 0.0f, interrupt ? 1.0f : 0.0f});
          group->all_reduce_sum(flags);
          budget = flags[0].item<float>() > 0;
          interrupt = flags[1].item<float>() > 0;
        }
        if (budget || interrupt) {
          stopped = true;
          r.interrupted = interrupt;
          break;
        }
        auto idx = shard(order.slice(0, pos.step * o.batch_size, (pos.step + 1) * o.batch_size), o.rank, o.world_size);
        Batch batch = data.train->get(idx).to(recipe.device());
        auto gen = make_generator(derive_seed(step_seed, pos.epoch, pos.step, 2));
        torch::manual_seed(derive_seed(step_seed, pos.epoch, pos.step, 3));
        StepContext ctx(recipe.optimisers(), gen, o.step, {pos.epoch, pos.step, pos.global_step, o.epochs * steps_per_epoch});
        StepStats st;
        try {
          st = recipe.train_step(batch, ctx);
        } catch (const CommError&) {
          throw;  // noted below
        } catch (const RunError& e) {
          throw RunError(std::string(e.what()) + "; " + checkpoint_note() + "; on_nonfinite=skip skips such steps");
        }
        if (group) average_stats(st, *group);
        const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
        if (ctx.skipped()) {
          sums.skipped += 1;
          r.skipped_steps += 1;
        } else {
          sums.loss += st.loss;
          sums.mi += st.mi;
          for (const auto& [k, v] : st.extra) sums.extra[k] += v;
        }
        sums.steps += 1;
        sums.samples += batch.size() * o.world_size;  // the global batch: samples_per_sec is the run's
        sums.seconds += dt;
        pos.step += 1;
        pos.global_step += 1;
        steps_here += 1;
        // Every log_every steps and at each epoch's end, so even a short run has points to plot.
        if (pos.global_step % o.log_every == 0 || pos.step == steps_per_epoch)
          r.steps.push_back({pos.global_step, pos.epoch + 1, st.loss, st.mi, elapsed()});
        if (progress)
          progress({pos.epoch + 1, o.epochs, pos.step, steps_per_epoch, st.loss, st.mi,
                    sums.seconds > 0 ? sums.samples / sums.seconds : 0, "train"});
      }
      if (stopped) break;
      EpochRecord e = close_epoch(pos.epoch, sums, true, elapsed());
      evaluate_epoch(e);
      for (const auto& [k, v] : recipe.end_epoch(e.epoch, data)) e.metrics[k] = v;
      e.seconds = elapsed();
      r.epochs.push_back(e);
      pos.epoch += 1;
      pos.step = 0;
      sums = EpochSums{};
      checkpoint();
    }
  } catch (const CommError& e) {
    throw CommError(std::string(e.what()) + "; " + checkpoint_note());
  }

  r.finished = !stopped;
  r.global_step = pos.global_step;
  r.rank = o.rank;
  r.world_size = o.world_size;
  if (group) {
    r.comm_bytes = group->traffic().bytes() - traffic_start.bytes();
    r.comm_seconds = group->traffic().seconds - traffic_start.seconds;
  }
  if (stopped) {
    checkpoint();
    if (sums.steps > 0) {
      // Log the cut epoch (not stored in the checkpoint's history: a resumed run completes it).
      EpochRecord e = close_epoch(pos.epoch, sums, false, elapsed());
      evaluate_epoch(e);
      r.epochs.push_back(e);
    }
  }
  recipe.end_training(data);
  for (auto& ev : evaluators) {
    if (!ev->due_at_end()) continue;
    if (progress) progress({pos.epoch, o.epochs, pos.step, steps_per_epoch, 0, 0, 0, ev->name()});
    for (const auto& [k, v] : ev->evaluate(recipe, data)) r.final_metrics[k] = v;
  }
  r.seconds = elapsed();
  if (!o.out_dir.empty() && writer) write_logs(r, o.out_dir, recipe.name(), o.plot);
  return r;
}

void write_logs(const TrainResult& r, const std::string& dir, const std::string& title, bool plot) {
  std::filesystem::create_directories(dir);
  json j = history_json(r);
  j["finished"] = r.finished;
  j["global_step"] = r.global_step;
  j["skipped_steps"] = r.skipped_steps;
  j["interrupted"] = r.interrupted;
  j["seconds"] = r.seconds;
  j["final"] = map_json(r.final_metrics);
  std::ofstream(dir + "/log.json") << j.dump(2) << "\n";

  // Columns: the fixed ones, then every evaluator column (epoch metrics, then final-only ones: their value on
  // the last row), then the recipe's extra scalars.
  std::set<std::string> metric_keys, extra_keys;
  for (const auto& e : r.epochs) {
    for (const auto& [k, v] : e.metrics) metric_keys.insert(k);
    for (const auto& [k, v] : e.extra) extra_keys.insert(k);
  }
  std::vector<std::string> metric_cols(metric_keys.begin(), metric_keys.end());
  for (const auto& [k, v] : r.final_metrics)
    if (!metric_keys.count(k)) metric_cols.push_back(k);
  std::ofstream ec(dir + "/epochs.csv");
  ec << "epoch,steps,skipped,complete,loss,mi,seconds,samples_per_sec";
  for (const auto& k : metric_cols) ec << "," << k;
  for (const auto& k : extra_keys) ec << "," << k;
  ec << "\n";
  auto cell = [](double v) { return std::isfinite(v) ? std::to_string(v) : std::string("nan"); };
  for (size_t i = 0; i < r.epochs.size(); ++i) {
    const auto& e = r.epochs[i];
    const bool last = i + 1 == r.epochs.size();
    ec << e.epoch << "," << e.steps << "," << e.skipped << "," << (e.complete ? 1 : 0) << "," << cell(e.loss) << "," << cell(e.mi) << ","
       << cell(e.seconds) << "," << cell(e.samples_per_sec);
    for (const auto& k : metric_cols) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (e.metrics.count(k)) v = e.metrics.at(k);
      else if (last && r.final_metrics.count(k)) v = r.final_metrics.at(k);
      ec << "," << cell(v);
    }
    for (const auto& k : extra_keys) ec << "," << (e.extra.count(k) ? cell(e.extra.at(k)) : "nan");
    ec << "\n";
  }
  ec.close();
  std::ofstream sc(dir + "/steps.csv");
  sc << "step,epoch,loss,mi,seconds\n";
  for (const auto& s : r.steps)
    sc << s.step << "," << s.epoch << "," << cell(s.loss) << "," << cell(s.mi) << "," << cell(s.seconds) << "\n";
  sc.close();
  std::vector<std::string> accuracy_cols;
  for (const auto& k : metric_cols)
    if (k.size() > 9 && k.compare(k.size() - 9, 9, "_accuracy") == 0) accuracy_cols.push_back(k);
  if (plot) plot_training(dir, title, accuracy_cols);
}

}  // namespace infotorch::training
