// The C++ side of the Python tests: the library's results on inputs the test wrote as .npy, printed as JSON
// (17 significant digits, so the test compares exactly). Not a face: only python/tests run it.
//   infotorch_py_reference bounds S.npy                    every bound's mi and d(loss)/dS on scores S
//   infotorch_py_reference embeddings U.npy V.npy           infonce_embeddings(U, V) (each dir): mi, dU, dV
//   infotorch_py_reference knn X.npy Y.npy Z.npy L.npy M.npy  every non-parametric estimator (L, M: labels)
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "infotorch/bounds/club.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/gaussian_kl.h"
#include "infotorch/bounds/infonce_embeddings.h"
#include "infotorch/bounds/l1out.h"
#include "infotorch/core/io.h"
#include "infotorch/core/spec.h"
#include "infotorch/knn/estimate.h"

using namespace infotorch;

namespace {

std::vector<double> flat(const torch::Tensor& t) {
  auto c = t.detach().to(torch::kDouble).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

nlohmann::json bound_entry(const bounds::Estimate& e, const torch::Tensor& s) {
  auto grad = torch::autograd::grad({e.loss}, {s})[0];
  return {{"mi", e.mi.item<double>()}, {"loss", e.loss.item<double>()}, {"grad_loss", flat(grad)}};
}

nlohmann::json run_bounds(const std::string& path) {
  nlohmann::json out;
  const auto scores = read_matrix(path, "scores");
  for (const std::string spec : {"dv", "nwj", "js", "smile:tau=5", "smile:tau=1", "infonce:dir=row", "infonce:dir=col",
                                 "infonce:dir=sym", "tuba:log_a=0.5,learn=false", "interpolated:alpha=0.3,log_q=0.2",
                                 "mine:ema=0.01"}) {
    auto s = scores.clone().requires_grad_(true);
    out[spec] = bound_entry(bounds::make_bound(spec)->forward(s), s);
  }
  auto s = scores.clone().requires_grad_(true);
  out["club"] = bound_entry(bounds::club(s), s);
  s = scores.clone().requires_grad_(true);
  out["l1out"] = bound_entry(bounds::l1out(s), s);
  // The test's own slicing of S: positives L_ii, negatives L_i,(i+1) mod K; mu = S[:, :3], logvar = S[:, 3:] / 4.
  s = scores.clone().requires_grad_(true);
  const int64_t k = s.size(0);
  auto next = torch::remainder(torch::arange(k) + 1, k);
  out["club_sample"] = bound_entry(bounds::club_sample(s.diagonal(), s.index({torch::arange(k), next})), s);
  s = scores.clone().requires_grad_(true);
  out["gaussian_kl"] = bound_entry(bounds::gaussian_kl(s.narrow(1, 0, 3), s.narrow(1, 3, k - 3) / 4), s);
  return out;
}

nlohmann::json run_embeddings(const std::string& u_path, const std::string& v_path) {
  nlohmann::json out;
  for (auto dir : {bounds::InfoNceDirection::row, bounds::InfoNceDirection::col, bounds::InfoNceDirection::sym}) {
    auto u = read_matrix(u_path, "u").requires_grad_(true);
    auto v = read_matrix(v_path, "v").requires_grad_(true);
    bounds::InfoNceEmbeddingsOptions o;
    o.dir = dir;
    o.block_elements = 256;  // several row blocks on the test's small K
    auto e = bounds::infonce_embeddings(u, v, o);
    auto g = torch::autograd::grad({e.mi}, {u, v});
    out[bounds::to_string(dir)] = {{"mi", e.mi.item<double>()}, {"grad_u", flat(g[0])}, {"grad_v", flat(g[1])}};
  }
  return out;
}

nlohmann::json knn_entry(const std::string& spec, const torch::Tensor& x, const torch::Tensor& y,
                         const knn::RunOptions& o = {}) {
  auto r = knn::estimate(parse_spec(spec), x, y, o);
  nlohmann::json j = {{"mi_nats", r.value}, {"n", r.n}};
  if (r.stderr_nats) j["stderr"] = *r.stderr_nats;
  if (r.p_value) j["p_value"] = *r.p_value;
  if (r.null_mean_nats) j["null_mean_nats"] = *r.null_mean_nats;
  return j;
}

nlohmann::json run_knn(char** files) {
  const auto x = read_matrix(files[0], "x"), y = read_matrix(files[1], "y"), z = read_matrix(files[2], "z");
  const auto l = read_matrix(files[3], "l"), m = read_matrix(files[4], "m");
  nlohmann::json out;
  for (const std::string spec : {"ksg", "ksg:k=5", "ksg2", "mixed", "gaussian", "lnc", "tc"}) out[spec] = knn_entry(spec, x, y);
  knn::RunOptions with_z;
  with_z.z = z;
  out["cmi"] = knn_entry("cmi", x, y, with_z);
  out["entropy"] = knn_entry("entropy", x, torch::Tensor());
  out["ross"] = knn_entry("ross", l, y);  // discrete x, continuous y
  out["discrete"] = knn_entry("discrete", l, m);
  knn::RunOptions extra;
  extra.want_stderr = true;
  extra.permutations = 20;
  extra.seed = 7;
  out["ksg:k=3 stderr permutations"] = knn_entry("ksg:k=3", x, y, extra);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  nlohmann::json out;
  if (mode == "bounds" && argc == 3) out = run_bounds(argv[2]);
  else if (mode == "embeddings" && argc == 4) out = run_embeddings(argv[2], argv[3]);
  else if (mode == "knn" && argc == 7) out = run_knn(argv + 2);
  else {
    std::fprintf(stderr, "usage: see the comment at the top of python/tests/reference.cpp\n");
    return 2;
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
