// Private helper: the shortest decimal text that reads back as the same double (for Bound::spec()).
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

namespace infotorch::bounds::detail {

inline std::string format_double(double v) {
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace infotorch::bounds::detail
