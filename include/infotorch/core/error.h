// The exceptions infotorch throws: Error for bad input (its message names the argument and the expectation),
// NonFiniteError for NaN or Inf where finite values are expected, RunError for a run that started from valid input and failed (a training run that diverged).
#pragma once
#include <stdexcept>
#include <string>

namespace infotorch {

class Error : public std::invalid_argument {
 public:
  explicit Error(const std::string& what) : std::invalid_argument(what) {}
};

// An input that must be finite held NaN or Inf (check_finite): inside a training loop, the mark of a diverged model.
class NonFiniteError : public Error {
 public:
  explicit NonFiniteError(const std::string& what) : Error(what) {}
};

class RunError : public std::runtime_error {
 public:
  explicit RunError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace infotorch
