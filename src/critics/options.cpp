#include "infotorch/critics/options.h"

#include "infotorch/core/error.h"
#include "infotorch/critics/mlp.h"

namespace infotorch::critics {

void validate(const CriticOptions& o) {
  auto positive = [](int64_t v, const char* name) {
    if (v <= 0) throw Error(std::string("critic options: ") + name + " must be positive, got " + std::to_string(v));
  };
  positive(o.hidden, "hidden");
  positive(o.embed, "embed");
  positive(o.chunk_elements, "chunk_elements");
  if (o.layers < 0) throw Error("critic options: layers must be >= 0, got " + std::to_string(o.layers));
  check_activation(o.activation);
}

void declare(OptionList& list, CriticOptions& o) {
  list.add("hidden", o.hidden, "width of every hidden layer")
      .add("layers", o.layers, "number of hidden layers (0: a single linear map)")
      .add("embed", o.embed, "separable critic: size of the embeddings g(x), h(y)")
      .add("activation", o.activation, "relu | elu | tanh")
      .add("chunk_elements", o.chunk_elements, "concat critic: most (pair x hidden) activations per block of rows")
      .add_choice("negatives", o.negatives,
                  {{"derangement", CriticOptions::Negatives::derangement},
                   {"permutation", CriticOptions::Negatives::permutation}},
                  "deranged critic: each x_i's negative y_sigma(i), sigma a derangement (never i) or any permutation");
}

}  // namespace infotorch::critics
