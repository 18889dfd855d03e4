// The CSV parser behind read_csv, over bytes in memory (so the file reader and the fuzz target share it).
// Private to the library.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace infotorch::detail {

struct CsvTable {
  std::vector<double> values;  // row-major
  int64_t rows = 0, cols = 0;
};

// Comma-separated numbers, one row per line; blank lines are skipped, a first row that is not all numbers is a
// header. `where` ("x: data.csv") begins every error message.
CsvTable parse_csv(std::string_view text, const std::string& where);

}  // namespace infotorch::detail
