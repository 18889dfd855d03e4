// The message of the infotorch::Error that f throws, for tests that pin error wording.
#pragma once
#include <functional>
#include <string>

#include "infotorch/core/error.h"

inline std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const infotorch::Error& e) {
    return e.what();
  }
  return "(no error)";
}
