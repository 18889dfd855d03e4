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

}  // namespace infotorch::critics
