// The Python face: _infotorch, a thin pybind11 layer over the C++ library (docs/ARCHITECTURE.md, faces).
//
// Tensors cross as torch.Tensor (torch/extension.h), so autograd flows through the library's LibTorch ops.
// Defaults come from the C++ options structs, specs go through the library's factories, and an
// infotorch::Error reaches Python as infotorch.Error, a ValueError with the same message.
// The pure-Python package (python/infotorch/) adds NumPy input, the generated estimate() signature and
// torch.nn.Module wrappers; docstrings with papers and equations live there and in the C++ headers.
#include <torch/extension.h>
// (after torch/extension.h, which includes Python.h first)
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <vector>

#include "infotorch/bounds/club.h"
#include "infotorch/bounds/discrete_mi.h"
#include "infotorch/bounds/dv.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/bounds/gaussian_conditional.h"
#include "infotorch/bounds/gaussian_kl.h"
#include "infotorch/bounds/infonce.h"
#include "infotorch/bounds/infonce_embeddings.h"
#include "infotorch/bounds/interpolated.h"
#include "infotorch/bounds/js.h"
#include "infotorch/bounds/l1out.h"
#include "infotorch/bounds/mine.h"
#include "infotorch/bounds/nwj.h"
#include "infotorch/bounds/smile.h"
#include "infotorch/bounds/tuba.h"
#include "infotorch/bounds/upper_bound.h"
#include "infotorch/core/error.h"
#include "infotorch/core/options.h"
#include "infotorch/core/runtime.h"
#include "infotorch/core/spec.h"
#include "infotorch/critics/factory.h"
#include "infotorch/estimate.h"
#include "infotorch/knn/estimate.h"
#include "infotorch/tasks/factory.h"

namespace py = pybind11;
using namespace infotorch;

namespace {

// {"parameters": {name: tensor}, "buffers": {...}, "children": {name: subtree}}: the module's own tensors
// (not copies), so a Python mirror hands them to optimisers and state_dict().
py::dict module_tree(torch::nn::Module& m) {
  py::dict params, buffers, children;
  for (const auto& p : m.named_parameters(/*recurse=*/false)) params[py::str(p.key())] = p.value();
  for (const auto& b : m.named_buffers(/*recurse=*/false)) buffers[py::str(b.key())] = b.value();
  for (const auto& c : m.named_children()) children[py::str(c.key())] = module_tree(*c.value());
  py::dict tree;
  tree["parameters"] = params;
  tree["buffers"] = buffers;
  tree["children"] = children;
  return tree;
}

py::tuple pair(const bounds::Estimate& e) { return py::make_tuple(e.mi, e.loss); }

// Holders for the C++ modules the Python nn wrappers own.
struct CriticHandle {
  std::shared_ptr<critics::Critic> critic;
  std::string spec;
};
struct BoundHandle {
  std::shared_ptr<bounds::Bound> bound;
};
struct UpperBoundHandle {
  bounds::UpperBound bound{nullptr};
};

torch::Tensor optional_tensor(const std::optional<torch::Tensor>& t) { return t ? *t : torch::Tensor(); }

// The declared options as (name, kind, default, doc) rows, for the generated signature and help().
std::vector<std::tuple<std::string, std::string, std::string, std::string>> rows(const OptionList& list) {
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
  for (const auto& o : list.options()) out.emplace_back(o.name, OptionList::kind(o), o.default_text, o.doc);
  return out;
}

}  // namespace

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.doc() = "infotorch's C++ core (use the infotorch package, not this module)";
  // An infotorch::Error is bad input: a ValueError whose message is the library's (option names, no flags).
  py::register_exception<Error>(m, "Error", PyExc_ValueError);

  // ---- lower bounds on a K x K score matrix: each returns the estimate mi (a 0-d tensor) --------------------
  m.def("dv", [](const torch::Tensor& s) { return bounds::dv(s).mi; }, py::arg("scores"), R"(Donsker-Varadhan bound (Donsker & Varadhan 1983; Belghazi et al. 2018, Eq. 2):
  I >= E_P[f] - log E_Q[e^f] = mean(diag S) - log-mean-exp(offdiag S).
scores: K x K, S_ij = f(x_i, y_j), positives on the diagonal. Returns the 0-d estimate (nats); maximise it.)");
  m.def("nwj", [](const torch::Tensor& s) { return bounds::nwj(s).mi; }, py::arg("scores"), R"(NWJ bound (Nguyen, Wainwright & Jordan 2010; Poole et al. 2019, Eq. 7):
  I >= E_P[f] - e^-1 E_Q[e^f]  (= tuba(S - 1)).
scores: K x K critic scores, positives on the diagonal. Returns the 0-d estimate (nats).)");
  m.def("js", [](const torch::Tensor& s) { return bounds::js(s).mi; }, py::arg("scores"), R"(Deep InfoMax Jensen-Shannon objective (Hjelm et al. 2019, Eq. 4) read out through TUBA (a = 1):
the value is tuba(S) = 1 + E_P[f] - E_Q[e^f] (nats), the gradient that of J = E_P[-softplus(-f)] - E_Q[softplus(f)].)");
  m.def("js_objective", [](const torch::Tensor& s) { return bounds::js_objective(s); }, py::arg("scores"), R"(J(f) = E_P[-softplus(-f)] - E_Q[softplus(f)] (Hjelm et al. 2019, Eq. 4) on a K x K score matrix (not in nats).)");
  m.def("joint_table_mi", [](const torch::Tensor& p1, const torch::Tensor& p2) { return bounds::joint_table_mi(p1, p2); },
        py::arg("p1"), py::arg("p2"), R"(IIC's objective (Ji et al. 2019, Eqs. 1-3): the exact MI of the symmetrised C x C joint table of two views' cluster probabilities p1, p2 (N x C), in nats.)");
  m.def("rim_mi", [](const torch::Tensor& p) { return bounds::rim_mi(p); }, py::arg("probs"),
        R"(RIM's I(X; Y^) (Krause et al. 2010, Eq. 3): H(mean p) - mean H(p) of N x C predicted probabilities, in nats.)");
  m.def("infogan_categorical", &bounds::infogan_categorical, py::arg("logits"), py::arg("codes"),
        R"(InfoGAN's L_I for a uniform categorical code (Chen et al. 2016, Eq. 4): log C - cross-entropy(Q logits, codes), in nats.)");
  m.def(
      "smile",
      [](const torch::Tensor& s, double tau) {
        bounds::SmileOptions o;
        o.tau = tau;
        return bounds::smile(s, o).mi;
      },
      py::arg("scores"), py::arg("tau") = bounds::SmileOptions{}.tau,
      R"(SMILE (Song & Ermon 2020, Eq. 17): mean(diag S) - log-mean-exp(clip(offdiag S, -tau, tau)),
with the JS objective's gradient (Sec. 5). Returns the 0-d estimate (nats); maximise it.)");
  m.def(
      "infonce",
      [](const torch::Tensor& s, const std::string& dir) {
        bounds::InfoNceOptions o;
        o.dir = bounds::parse_infonce_direction(dir);
        return bounds::infonce(s, o).mi;
      },
      py::arg("scores"), py::arg("dir") = bounds::to_string(bounds::InfoNceOptions{}.dir),
      R"(InfoNCE (van den Oord et al. 2018, Eq. 4; Poole et al. 2019, Eq. 12):
  I >= log K + (1/K) sum_i [S_ii - logsumexp_j S_ij]   (dir="row"; "col": over i; "sym": the mean).
Never above log K. Returns the 0-d estimate (nats).)");
  m.def(
      "tuba",
      [](const torch::Tensor& s, double log_a, const std::optional<torch::Tensor>& log_baseline) {
        bounds::TubaOptions o;
        o.log_a = log_a;
        return bounds::tuba(s, o, optional_tensor(log_baseline)).mi;
      },
      py::arg("scores"), py::arg("log_a") = bounds::TubaOptions{}.log_a, py::arg("log_baseline") = py::none(),
      R"(TUBA (Poole et al. 2019, Eq. 6): I >= 1 + E_P[f - log a(y)] - E_Q[e^f / a(y)].
log_baseline: None (the constant log_a), a scalar or a K-vector log a(y_j) (column j). Returns the estimate.)");
  m.def(
      "interpolated",
      [](const torch::Tensor& s, double alpha, double log_q, const std::optional<torch::Tensor>& log_baseline) {
        bounds::InterpolatedOptions o;
        o.alpha = alpha;
        o.log_q = log_q;
        return bounds::interpolated(s, o, optional_tensor(log_baseline)).mi;
      },
      py::arg("scores"), py::arg("alpha") = bounds::InterpolatedOptions{}.alpha,
      py::arg("log_q") = bounds::InterpolatedOptions{}.log_q, py::arg("log_baseline") = py::none(),
      R"(The interpolated bound I_alpha (Poole et al. 2019, Eq. 11-13): TUBA with the baseline
a(y) = alpha (1/M) sum_m e^f(x_m, y) + (1 - alpha) q(y), leave-one-out over the batch (M = K - 1).
alpha = 1 is InfoNCE, alpha = 0 TUBA with a = q. Returns the estimate (nats).)");
  // MINE has state: returns (mi, loss, log_ema), loss carrying the bias-corrected gradient.
  m.def(
      "mine",
      [](const torch::Tensor& s, const std::optional<torch::Tensor>& log_ema, double ema, bool update) {
        bounds::MineOptions o;
        o.ema = ema;
        torch::Tensor state = optional_tensor(log_ema);
        auto e = bounds::mine(s, state, o, update);
        return py::make_tuple(e.mi, e.loss, state);
      },
      py::arg("scores"), py::arg("log_ema") = py::none(), py::arg("ema") = bounds::MineOptions{}.ema,
      py::arg("update") = true,
      R"(MINE (Belghazi et al. 2018, Sec. 3.2, Algorithm 1): the DV value, trained with the bias-corrected
gradient of -(E_P f - E_Q[e^f] / m_t), m_t an exponential moving average of E_Q[e^f] kept as log m_t.
Returns (mi, loss, log_ema): pass log_ema back on the next step (None on the first); minimise loss.)");
  m.def(
      "infonce_embeddings",
      [](const torch::Tensor& u, const torch::Tensor& v, const std::string& dir, int64_t block_elements) {
        bounds::InfoNceEmbeddingsOptions o;
        o.dir = bounds::parse_infonce_direction(dir);
        o.block_elements = block_elements;
        return bounds::infonce_embeddings(u, v, o).mi;
      },
      py::arg("u"), py::arg("v"), py::arg("dir") = bounds::to_string(bounds::InfoNceEmbeddingsOptions{}.dir),
      py::arg("block_elements") = bounds::InfoNceEmbeddingsOptions{}.block_elements,
      R"(InfoNCE (van den Oord et al. 2018, Eq. 4) for the separable critic S = u v^T without the K x K matrix:
the value and gradients of infonce(u @ v.T, dir) from row blocks of block_elements scores, memory O(block + K d).
u, v: K x d, row i of each from the same positive pair. Returns the 0-d estimate (nats).)");

  // ---- upper bounds (for minimisation: loss = +mi) -------------------------------------------------------
  m.def("club", [](const torch::Tensor& log_q) { return bounds::club(log_q).mi; }, py::arg("log_q"),
        R"(CLUB upper bound (Cheng et al. 2020, Eq. 5): mean(diag L) - mean(offdiag L), L_ij = log q(y_j | x_i).
Minimise it (loss = +mi).)");
  m.def(
      "club_sample", [](const torch::Tensor& pos, const torch::Tensor& neg) { return bounds::club_sample(pos, neg).mi; },
      py::arg("log_q_positive"), py::arg("log_q_negative"),
      R"(vCLUB-sample (Cheng et al. 2020, Eq. 7): mean_i [L_ii - L_i,sigma(i)] from K matched and K negative
log-likelihoods. Minimise it.)");
  m.def("l1out", [](const torch::Tensor& log_q) { return bounds::l1out(log_q).mi; }, py::arg("log_q"),
        R"(L1Out upper bound (Poole et al. 2019, Eq. 14-15): mean_i [L_ii - log-mean-exp_{j != i} L_ji],
L_ij = log q(y_j | x_i). Minimise it.)");
  m.def(
      "gaussian_kl", [](const torch::Tensor& mu, const torch::Tensor& logvar) { return bounds::gaussian_kl(mu, logvar).mi; },
      py::arg("mu"), py::arg("logvar"),
      R"(Deep VIB upper bound (Alemi et al. 2017, Eq. 13-14): mean over rows of
KL(N(mu, diag e^logvar) || N(0, I)) = (1/2) sum_d (mu_d^2 + e^logvar_d - logvar_d - 1). Minimise it.)");
  m.def("gaussian_log_prob_matrix", &bounds::gaussian_log_prob_matrix, py::arg("mu"), py::arg("logvar"), py::arg("y"),
        "L_ij = log N(y_j; mu_i, diag e^logvar_i), the K x K matrix club() and l1out() read.");

  m.def("bound_names", &bounds::bound_names);
  m.def("upper_bound_names", &bounds::upper_bound_names);
  m.def("critic_kinds", &critics::critic_kinds);
  m.def("knn_names", &knn::names);
  m.def("task_names", &tasks::task_names);
  m.def("parse_spec", [](const std::string& text) {
    Spec s = parse_spec(text);
    return py::make_tuple(s.name, s.options);
  });

  // ---- modules owned by the Python nn wrappers ----------------------------------------------------------
  py::class_<CriticHandle>(m, "_Critic")
      .def(py::init([](const std::string& spec, int64_t dx, int64_t dy) {
             const Spec s = parse_spec(spec);
             return CriticHandle{critics::make_critic(s, dx, dy), s.str()};
           }),
           py::arg("spec"), py::arg("x_dim"), py::arg("y_dim"))
      .def("scores", [](CriticHandle& h, const torch::Tensor& x, const torch::Tensor& y) { return h.critic->scores(x, y); })
      .def("paired", [](CriticHandle& h, const torch::Tensor& x, const torch::Tensor& y) { return h.critic->paired(x, y); })
      .def("batch_scores",
           [](CriticHandle& h, const torch::Tensor& x, const torch::Tensor& y) -> py::object {
             auto s = h.critic->batch_scores(x, y);
             if (s.is_matrix()) return py::cast(s.matrix("batch_scores"));
             return py::make_tuple(s.joint(), s.negative());
           })
      .def("train", [](CriticHandle& h, bool mode) { h.critic->train(mode); })
      .def("tree", [](CriticHandle& h) { return module_tree(*h.critic); })
      .def_readonly("spec", &CriticHandle::spec);
  py::class_<BoundHandle>(m, "_Bound")
      .def(py::init([](const std::string& spec) { return BoundHandle{bounds::make_bound(spec)}; }), py::arg("spec"))
      .def("forward", [](BoundHandle& h, const torch::Tensor& scores) { return pair(h.bound->forward(scores)); })
      .def("forward_pairs",
           [](BoundHandle& h, const torch::Tensor& joint, const torch::Tensor& negative) {
             return pair(h.bound->forward(bounds::Scores::pairs(joint, negative)));
           })
      .def("ceiling", [](BoundHandle& h, int64_t k) { return h.bound->ceiling(k); })
      .def("train", [](BoundHandle& h, bool mode) { h.bound->train(mode); })
      .def("tree", [](BoundHandle& h) { return module_tree(*h.bound); })
      .def_property_readonly("spec", [](BoundHandle& h) { return h.bound->spec(); });
  py::class_<UpperBoundHandle>(m, "_UpperBound")
      .def(py::init([](const std::string& spec, int64_t dx, int64_t dy) {
             return UpperBoundHandle{bounds::make_upper_bound(spec, dx, dy)};
           }),
           py::arg("spec"), py::arg("x_dim"), py::arg("y_dim"))
      .def("forward", [](UpperBoundHandle& h, const torch::Tensor& x, const torch::Tensor& y) {
        return pair(h.bound->forward(x, y));
      })
      .def("q_loss", [](UpperBoundHandle& h, const torch::Tensor& x, const torch::Tensor& y) { return h.bound->q_loss(x, y); })
      .def("train", [](UpperBoundHandle& h, bool mode) { h.bound->train(mode); })
      .def("tree", [](UpperBoundHandle& h) { return module_tree(*h.bound); })
      .def_property_readonly("spec", [](UpperBoundHandle& h) { return h.bound->spec(); });

  // ---- non-parametric estimators (kNN and friends): long calls run without the GIL -----------------------
  m.def(
      "knn",
      [](const std::string& spec, const torch::Tensor& x, const std::optional<torch::Tensor>& y,
         const std::optional<torch::Tensor>& z, bool want_stderr, int64_t permutations, uint64_t seed) {
        const Spec s = parse_spec(spec);
        knn::RunOptions o;
        if (z) o.z = *z;
        o.want_stderr = want_stderr;
        o.permutations = permutations;
        o.seed = seed;
        if (permutations < 0) throw Error("permutations: expected >= 0, got " + std::to_string(permutations));
        knn::Result r;
        {
          py::gil_scoped_release release;
          r = knn::estimate(s, x, optional_tensor(y), o);
        }
        py::dict d;
        d["estimator"] = s.str();
        d["mi_nats"] = r.value;
        d["n"] = r.n;
        d["stderr"] = r.stderr_nats ? py::cast(*r.stderr_nats) : py::none();
        d["p_value"] = r.p_value ? py::cast(*r.p_value) : py::none();
        d["null_mean_nats"] = r.null_mean_nats ? py::cast(*r.null_mean_nats) : py::none();
        return d;
      },
      py::arg("spec"), py::arg("x"), py::arg("y") = py::none(), py::arg("z") = py::none(),
      py::arg("stderr") = knn::RunOptions{}.want_stderr, py::arg("permutations") = knn::RunOptions{}.permutations,
      py::arg("seed") = knn::RunOptions{}.seed);

  // ---- estimate(): options set by name from text, exactly as the CLI sets them -----------------------------
  m.def("estimate_options", [] {
    EstimateOptions o;
    OptionList list;
    declare(list, o);
    return rows(list);
  });
  m.def("estimate_help", [] {
    EstimateOptions o;
    OptionList list;
    declare(list, o);
    return list.help();
  });
  m.def(
      "estimate",
      [](const torch::Tensor& x, const torch::Tensor& y, const std::map<std::string, std::string>& options,
         const std::optional<torch::Tensor>& z, const std::string& device) {
        EstimateOptions o;
        OptionList list;
        declare(list, o);
        for (const auto& [name, text] : options) list.set(name, text);
        try {
          o.device = torch::Device(device);
        } catch (const c10::Error&) {
          throw Error("device: '" + device + "' is not a device (expected cpu, cuda, cuda:1, ...)");
        }
        if (z) o.z = *z;
        EstimateResult r;
        {
          py::gil_scoped_release release;
          r = estimate(x, y, o);
        }
        py::dict d;
        d["estimator"] = r.estimator;
        d["mi_nats"] = r.mi_nats;
        d["n"] = r.n;
        d["steps"] = r.steps;
        d["folds"] = r.folds;
        auto opt = [](const std::optional<double>& v) { return v ? py::cast(*v) : py::none(); };
        d["train_mi_nats"] = opt(r.train_mi_nats);
        d["stderr"] = opt(r.stderr_nats);
        d["ci90"] = r.ci90_low && r.ci90_high ? py::cast(std::make_pair(*r.ci90_low, *r.ci90_high)) : py::none();
        d["p_value"] = opt(r.p_value);
        d["null_mean_nats"] = opt(r.null_mean_nats);
        d["fold_mi_nats"] = r.fold_mi_nats;
        d["implausible_folds"] = r.implausible_folds;
        d["diverged"] = r.diverged();
        d["diverged_why"] = r.diverged_why;
        return d;
      },
      py::arg("x"), py::arg("y"), py::arg("options"), py::arg("z") = py::none(), py::arg("device") = "cpu");

  // ---- ground-truth tasks ----------------------------------------------------------------------------------
  py::class_<tasks::Task, std::shared_ptr<tasks::Task>>(m, "Task")
      .def(py::init(&tasks::make_task), py::arg("spec"))
      .def(
          "sample",
          [](const tasks::Task& t, int64_t n, uint64_t seed) {
            if (n < 1) throw Error("n: expected at least 1 sample, got " + std::to_string(n));
            auto gen = tasks::make_generator(seed);
            py::gil_scoped_release release;
            return t.sample(n, gen);
          },
          py::arg("n") = tasks::kDefaultTaskSamples, py::arg("seed") = 0)
      .def_property_readonly("mi", &tasks::Task::mi)
      .def_property_readonly("dim_x", &tasks::Task::dim_x)
      .def_property_readonly("dim_y", &tasks::Task::dim_y)
      .def_property_readonly("spec", &tasks::Task::spec)
      .def("__repr__", [](const tasks::Task& t) { return "infotorch.Task('" + t.spec() + "')"; });
  m.attr("DEFAULT_TASK_SAMPLES") = tasks::kDefaultTaskSamples;

  // ---- process runtime (what the CLI sets up at start) -----------------------------------------------------
  m.def("set_threads", &set_threads, py::arg("n"),
        "Intra-op threads of LibTorch and of OpenBLAS under it (n <= 0: every hardware thread).");
  m.def("keep_freed_memory", &keep_freed_memory,
        "Keeps freed tensor memory on the heap for reuse (glibc) instead of returning it to the system, which\n"
        "otherwise page-faults every large activation afresh (docs/results/speed.md). Process-wide; the CLI calls it.");
}
