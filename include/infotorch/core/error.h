// The exceptions infotorch throws: Error for bad input (its message names the argument and the expectation),
// RunError for a run that started from valid input and failed (a training run that diverged).
#pragma once
#include <stdexcept>
#include <string>

namespace infotorch {

class Error : public std::invalid_argument {
 public:
  explicit Error(const std::string& what) : std::invalid_argument(what) {}
};

class RunError : public std::runtime_error {
 public:
  explicit RunError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace infotorch
