// Private helpers the experiments share for their tables and plots.
#pragma once
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "infotorch/core/error.h"

namespace infotorch::experiments::report {

// "a,b,c" -> {"a", "b", "c"}; Error naming the option when empty.
inline std::vector<std::string> split_list(const std::string& text, const std::string& name) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ','))
    if (!item.empty()) out.push_back(item);
  if (out.empty()) throw Error(name + ": expected a comma-separated list, got '" + text + "'");
  return out;
}

// A table cell: fixed digits, "nan" for a missing value.
inline std::string cell(double v, int digits = 4) {
  if (!std::isfinite(v)) return "nan";
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

// Writes the script and runs gnuplot on it; false when gnuplot is missing or fails (the tables stay).
inline bool gnuplot(const std::string& script_path, const std::string& script) {
  std::ofstream(script_path) << script;
  return std::system(("gnuplot '" + script_path + "' > /dev/null 2>&1").c_str()) == 0;
}

}  // namespace infotorch::experiments::report
