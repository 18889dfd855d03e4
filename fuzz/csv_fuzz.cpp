// libFuzzer target: any bytes as a CSV file. A clear infotorch::Error is fine; anything else is a finding.
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "csv.h"
#include "infotorch/core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto t = infotorch::detail::parse_csv({reinterpret_cast<const char*>(data), size}, "x: fuzz.csv");
    if (t.rows < 1 || t.cols < 1 || static_cast<int64_t>(t.values.size()) != t.rows * t.cols) std::abort();
  } catch (const infotorch::Error&) {
  }
  return 0;
}
