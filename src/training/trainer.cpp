#include "infotorch/training/trainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"
#include "infotorch/training/augment.h"
#include "infotorch/training/plot.h"

namespace infotorch::training {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// NaN is not JSON: store it as null.
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
double from_num(const json& j) { return j.is_null() ? std::numeric_limits<double>::quiet_NaN() : j.get<double>(); }

json to_json(const EpochRecord& e) {
  json extra = json::object();
  for (const auto& [k, v] : e.extra) extra[k] = num(v);
  return {{"epoch", e.epoch}, {"steps", e.steps}, {"complete", e.complete}, {"loss", num(e.loss)}, {"mi", num(e.mi)},
          {"extra", extra}, {"knn_accuracy", num(e.knn_accuracy)}, {"seconds", e.seconds},
          {"images_per_sec", e.images_per_sec}};
}

EpochRecord epoch_from_json(const json& j) {
  EpochRecord e;
  e.epoch = j.at("epoch").get<int64_t>();
  e.steps = j.at("steps").get<int64_t>();
  e.complete = j.at("complete").get<bool>();
  e.loss = from_num(j.at("loss"));
  e.mi = from_num(j.at("mi"));
  for (const auto& [k, v] : j.at("extra").items()) e.extra[k] = from_num(v);
  e.knn_accuracy = from_num(j.at("knn_accuracy"));
  e.seconds = j.at("seconds").get<double>();
  e.images_per_sec = j.at("images_per_sec").get<double>();
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
  int64_t steps = 0, images = 0;
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
  archive.write("epoch", i64(pos.epoch));
  archive.write("step", i64(pos.step));
  archive.write("global_step", i64(pos.global_step));
  archive.write("seconds", f64(pos.seconds));
  json s = {{"loss", sums.loss}, {"mi", sums.mi}, {"seconds", sums.seconds}, {"steps", sums.steps},
            {"images", sums.images}, {"extra", sums.extra}};
  archive.write("epoch_sums", c10::IValue(s.dump()));
  archive.write("history", c10::IValue(history_json(r).dump()));
  archive.write("recipe_name", c10::IValue(recipe.name()));
  // Write next to the target, then rename, so an interrupted save never leaves a truncated checkpoint.
  const std::string tmp = path + ".tmp";
  archive.save_to(tmp);
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
  if (!std::ifstream(path).good()) throw Error("--resume: no checkpoint at '" + path + "'");
  torch::serialize::InputArchive archive, rec;
  try {
    archive.load_from(path);
  } catch (const c10::Error& e) {
    throw Error("--resume: '" + path + "' is not an infotorch checkpoint");
  }
  const std::string name = read_string(archive, "recipe_name");
  if (name != recipe.name())
    throw Error("--resume: '" + path + "' holds a " + name + " run, not " + recipe.name());
  const int64_t batch = read_i64(archive, "batch_size");
  if (batch != o.batch_size)
    throw Error("--resume: the checkpoint was trained with --batch-size " + std::to_string(batch) + ", got " +
                std::to_string(o.batch_size));
  archive.read("recipe", rec);
  recipe.load(rec);
  o.seed = static_cast<uint64_t>(read_i64(archive, "seed"));
  pos.epoch = read_i64(archive, "epoch");
  pos.step = read_i64(archive, "step");
  pos.global_step = read_i64(archive, "global_step");
  torch::Tensor secs;
  archive.read("seconds", secs);
  pos.seconds = secs.item<double>();
  json s = json::parse(read_string(archive, "epoch_sums"));
  sums.loss = s.at("loss").get<double>();
  sums.mi = s.at("mi").get<double>();
  sums.seconds = s.at("seconds").get<double>();
  sums.steps = s.at("steps").get<int64_t>();
  sums.images = s.at("images").get<int64_t>();
  for (const auto& [k, v] : s.at("extra").items()) sums.extra[k] = v.get<double>();
  history_from_json(json::parse(read_string(archive, "history")), r);
}

EpochRecord close_epoch(int64_t epoch, const EpochSums& s, bool complete, double seconds) {
  EpochRecord e;
  e.epoch = epoch + 1;
  e.steps = s.steps;
  e.complete = complete;
  const double n = std::max<int64_t>(s.steps, 1);
  e.loss = s.loss / n;
  e.mi = s.mi / n;
  for (const auto& [k, v] : s.extra) e.extra[k] = v / n;
  e.seconds = seconds;
  e.images_per_sec = s.seconds > 0 ? s.images / s.seconds : 0;
  return e;
}

}  // namespace

ProbeResult probe_recipe(Recipe& recipe, const Dataset& data, const ProbeOptions& options) {
  auto encode = [&](const torch::Tensor& x) { return recipe.features(x.to(recipe.device())); };
  auto tr = extract_features(encode, data.train.images);
  auto te = extract_features(encode, data.test.images);
  return linear_probe(tr, data.train.labels, te, data.test.labels, options);
}

TrainResult train(Recipe& recipe, const Dataset& data, const TrainOptions& options, const ProgressFn& progress) {
  TrainOptions o = options;
  if (o.batch_size < 2) throw Error("--batch-size: expected at least 2, got " + std::to_string(o.batch_size));
  if (o.epochs < 0) throw Error("--epochs: expected a non-negative count, got " + std::to_string(o.epochs));
  if (o.max_minutes < 0) throw Error("--max-minutes: expected a non-negative number");
  if (o.log_every < 1) throw Error("log_every: expected a positive number of steps");
  const int64_t n = data.train.size();
  if (o.epochs > 0 && n < o.batch_size)
    throw Error("--batch-size: " + std::to_string(o.batch_size) + " exceeds the " + std::to_string(n) +
                " training images");
  const int64_t steps_per_epoch = o.batch_size > 0 ? n / o.batch_size : 0;

  TrainResult r;
  Position pos;
  EpochSums sums;
  if (!o.resume_path.empty()) load_checkpoint(o.resume_path, recipe, o, pos, sums, r);

  const auto start = Clock::now();
  auto elapsed = [&] { return pos.seconds + std::chrono::duration<double>(Clock::now() - start).count(); };
  auto invocation_seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  int64_t steps_here = 0;
  bool stopped = false;

  auto monitor = [&](EpochRecord& e) {
    if (o.knn_every <= 0 || (e.epoch % o.knn_every) != 0) return;
    if (progress) progress({e.epoch, o.epochs, e.steps, steps_per_epoch, e.loss, e.mi, e.images_per_sec, "monitor"});
    auto bank = head(data.train, o.knn_bank), queries = head(data.test, o.knn_queries);
    auto encode = [&](const torch::Tensor& x) { return recipe.features(x.to(recipe.device())); };
    e.knn_accuracy = knn_accuracy(extract_features(encode, bank.images), bank.labels,
                                  extract_features(encode, queries.images), queries.labels, o.knn);
  };

  while (pos.epoch < o.epochs && !stopped) {
    auto order_gen = make_generator(derive_seed(o.seed, pos.epoch, 0, 1));
    auto order = torch::randperm(n, order_gen, torch::kInt64);
    while (pos.step < steps_per_epoch) {
      if ((o.max_minutes > 0 && invocation_seconds() >= o.max_minutes * 60.0) ||
          (o.max_steps > 0 && steps_here >= o.max_steps)) {
        stopped = true;
        break;
      }
      const auto t0 = Clock::now();
      auto idx = order.slice(0, pos.step * o.batch_size, (pos.step + 1) * o.batch_size);
      auto batch = data.train.images.index_select(0, idx).to(recipe.device());
      auto gen = make_generator(derive_seed(o.seed, pos.epoch, pos.step, 2));
      StepStats st = recipe.train_step(batch, gen);
      const double dt = std::chrono::duration<double>(Clock::now() - t0).count();
      sums.loss += st.loss;
      sums.mi += st.mi;
      for (const auto& [k, v] : st.extra) sums.extra[k] += v;
      sums.steps += 1;
      sums.images += o.batch_size;
      sums.seconds += dt;
      pos.step += 1;
      pos.global_step += 1;
      steps_here += 1;
      // Every log_every steps and at each epoch's end, so even a short run has points to plot.
      if (pos.global_step % o.log_every == 0 || pos.step == steps_per_epoch)
        r.steps.push_back({pos.global_step, pos.epoch + 1, st.loss, st.mi, elapsed()});
      if (progress)
        progress({pos.epoch + 1, o.epochs, pos.step, steps_per_epoch, st.loss, st.mi,
                  sums.seconds > 0 ? sums.images / sums.seconds : 0, "train"});
    }
    if (stopped) break;
    EpochRecord e = close_epoch(pos.epoch, sums, true, elapsed());
    monitor(e);
    e.seconds = elapsed();
    r.epochs.push_back(e);
    pos.epoch += 1;
    pos.step = 0;
    sums = EpochSums{};
    if (!o.save_path.empty()) {
      Position p = pos;
      p.seconds = elapsed();
      save_checkpoint(o.save_path, recipe, o, p, sums, r);
    }
  }

  r.finished = !stopped;
  r.global_step = pos.global_step;
  if (stopped) {
    if (!o.save_path.empty()) {
      Position p = pos;
      p.seconds = elapsed();
      save_checkpoint(o.save_path, recipe, o, p, sums, r);
    }
    if (sums.steps > 0) {
      // Log the cut epoch (not stored in the checkpoint's history: a resumed run completes it).
      EpochRecord e = close_epoch(pos.epoch, sums, false, elapsed());
      monitor(e);
      r.epochs.push_back(e);
    }
  }
  r.seconds = elapsed();
  if (o.probe) {
    if (progress) progress({pos.epoch, o.epochs, pos.step, steps_per_epoch, 0, 0, 0, "probe"});
    r.probe = probe_recipe(recipe, data, o.probe_options);
    r.probed = true;
  }
  if (!o.out_dir.empty()) write_logs(r, o.out_dir, recipe.name(), o.plot);
  return r;
}

void write_logs(const TrainResult& r, const std::string& dir, const std::string& title, bool plot) {
  std::filesystem::create_directories(dir);
  json j = history_json(r);
  j["finished"] = r.finished;
  j["global_step"] = r.global_step;
  j["seconds"] = r.seconds;
  if (r.probed)
    j["probe"] = {{"train_accuracy", r.probe.train_accuracy}, {"test_accuracy", r.probe.test_accuracy},
                  {"features", r.probe.features}};
  std::ofstream(dir + "/log.json") << j.dump(2) << "\n";

  std::set<std::string> extra_keys;
  for (const auto& e : r.epochs)
    for (const auto& [k, v] : e.extra) extra_keys.insert(k);
  std::ofstream ec(dir + "/epochs.csv");
  ec << "epoch,steps,complete,loss,mi,knn_accuracy,probe_accuracy,seconds,images_per_sec";
  for (const auto& k : extra_keys) ec << "," << k;
  ec << "\n";
  auto cell = [](double v) { return std::isfinite(v) ? std::to_string(v) : std::string("nan"); };
  for (size_t i = 0; i < r.epochs.size(); ++i) {
    const auto& e = r.epochs[i];
    const bool last = i + 1 == r.epochs.size();
    ec << e.epoch << "," << e.steps << "," << (e.complete ? 1 : 0) << "," << cell(e.loss) << "," << cell(e.mi) << ","
       << cell(e.knn_accuracy) << "," << (last && r.probed ? cell(r.probe.test_accuracy) : "nan") << ","
       << cell(e.seconds) << "," << cell(e.images_per_sec);
    for (const auto& k : extra_keys) ec << "," << (e.extra.count(k) ? cell(e.extra.at(k)) : "nan");
    ec << "\n";
  }
  ec.close();
  std::ofstream sc(dir + "/steps.csv");
  sc << "step,epoch,loss,mi,seconds\n";
  for (const auto& s : r.steps)
    sc << s.step << "," << s.epoch << "," << cell(s.loss) << "," << cell(s.mi) << "," << cell(s.seconds) << "\n";
  sc.close();
  if (plot) plot_training(dir, title);
}

}  // namespace infotorch::training
