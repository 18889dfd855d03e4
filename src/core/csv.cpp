#include "csv.h"

#include <cstdlib>

#include "infotorch/core/error.h"
#include "printable.h"

namespace infotorch::detail {
namespace {

std::vector<std::string_view> split_cells(std::string_view line) {
  std::vector<std::string_view> cells;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    cells.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

bool parse_cell(std::string_view cell, double& out) {
  const auto b = cell.find_first_not_of(" \t\"");
  if (b == std::string_view::npos) return false;
  const auto e = cell.find_last_not_of(" \t\"");
  const std::string s(cell.substr(b, e - b + 1));  // strtod needs a terminated string
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0';
}

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& where) {
  CsvTable t;
  int64_t header_cols = -1, line_no = 0;
  std::vector<double> row;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const auto cells = split_cells(line);
    row.assign(cells.size(), 0.0);
    size_t bad = cells.size();
    for (size_t c = 0; c < cells.size() && bad == cells.size(); ++c)
      if (!parse_cell(cells[c], row[c])) bad = c;
    const int64_t width = t.rows > 0 ? t.cols : header_cols;
    if (bad != cells.size()) {
      if (t.rows == 0 && header_cols < 0) {  // a header row: remember its width, skip it
        header_cols = static_cast<int64_t>(cells.size());
        continue;
      }
      throw Error(where + " line " + std::to_string(line_no) + ", column " + std::to_string(bad + 1) + ": '" +
                  printable(cells[bad]) + "' is not a number");
    }
    if (width >= 0 && static_cast<int64_t>(row.size()) != width)
      throw Error(where + " line " + std::to_string(line_no) + ": expected " + std::to_string(width) +
                  " columns, got " + std::to_string(row.size()) + " (ragged CSV)");
    t.cols = static_cast<int64_t>(row.size());
    t.values.insert(t.values.end(), row.begin(), row.end());
    ++t.rows;
  }
  if (t.rows == 0) throw Error(where + " holds no data rows");
  return t;
}

}  // namespace infotorch::detail
