// The one exception type infotorch throws for bad input: its message names the argument and the expectation.
#pragma once
#include <stdexcept>
#include <string>

namespace infotorch {

class Error : public std::invalid_argument {
 public:
  explicit Error(const std::string& what) : std::invalid_argument(what) {}
};

}  // namespace infotorch
