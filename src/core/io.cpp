#include "infotorch/core/io.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "infotorch/core/error.h"

namespace infotorch {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::ifstream open_or_throw(const std::string& path, const std::string& arg) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(arg + ": cannot open '" + path + "': " + std::strerror(errno));
  return in;
}

std::vector<std::string> split_row(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream s(line);
  while (std::getline(s, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

bool parse_number(std::string cell, double& out) {
  auto b = cell.find_first_not_of(" \t\"");
  auto e = cell.find_last_not_of(" \t\"");
  if (b == std::string::npos) return false;
  cell = cell.substr(b, e - b + 1);
  char* end = nullptr;
  out = std::strtod(cell.c_str(), &end);
  return end != cell.c_str() && *end == '\0';
}

}  // namespace

torch::Tensor read_matrix(const std::string& path, const std::string& arg) {
  if (ends_with(path, ".csv") || ends_with(path, ".txt")) return read_csv(path, arg);
  if (ends_with(path, ".npy")) return read_npy(path, arg);
  throw Error(arg + ": '" + path + "' has an unknown extension; expected .csv or .npy");
}

torch::Tensor read_csv(const std::string& path, const std::string& arg) {
  auto in = open_or_throw(path, arg);
  std::vector<double> values;
  int64_t cols = -1, rows = 0, line_no = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto cells = split_row(line);
    std::vector<double> row(cells.size());
    size_t bad = cells.size();
    for (size_t c = 0; c < cells.size() && bad == cells.size(); ++c)
      if (!parse_number(cells[c], row[c])) bad = c;
    if (bad != cells.size()) {
      if (rows == 0 && cols < 0) {  // a header row: remember its width, skip it
        cols = static_cast<int64_t>(cells.size());
        continue;
      }
      throw Error(arg + ": " + path + " line " + std::to_string(line_no) + ", column " + std::to_string(bad + 1) +
                  ": '" + cells[bad] + "' is not a number");
    }
    if (cols >= 0 && static_cast<int64_t>(row.size()) != cols)
      throw Error(arg + ": " + path + " line " + std::to_string(line_no) + ": expected " + std::to_string(cols) +
                  " columns, got " + std::to_string(row.size()) + " (ragged CSV)");
    cols = static_cast<int64_t>(row.size());
    values.insert(values.end(), row.begin(), row.end());
    ++rows;
  }
  if (rows == 0) throw Error(arg + ": " + path + " holds no data rows");
  return torch::from_blob(values.data(), {rows, cols}, torch::kFloat64).clone();
}

torch::Tensor read_npy(const std::string& path, const std::string& arg) {
  auto in = open_or_throw(path, arg);
  char magic[6];
  if (!in.read(magic, 6) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
    throw Error(arg + ": " + path + " is not a .npy file (bad magic)");
  unsigned char ver[2];
  in.read(reinterpret_cast<char*>(ver), 2);
  uint32_t hlen = 0;
  if (ver[0] == 1) {
    unsigned char b[2];
    in.read(reinterpret_cast<char*>(b), 2);
    hlen = b[0] | (b[1] << 8);
  } else {
    unsigned char b[4];
    in.read(reinterpret_cast<char*>(b), 4);
    hlen = b[0] | (b[1] << 8) | (b[2] << 16) | (static_cast<uint32_t>(b[3]) << 24);
  }
  std::string header(hlen, '\0');
  if (!in.read(header.data(), hlen)) throw Error(arg + ": " + path + " has a truncated .npy header");
  auto field = [&](const std::string& key) {
    auto p = header.find("'" + key + "'");
    if (p == std::string::npos) throw Error(arg + ": " + path + " .npy header lacks '" + key + "'");
    return header.substr(header.find(':', p) + 1);
  };
  std::string descr = field("descr");
  descr = descr.substr(descr.find('\'') + 1);
  descr = descr.substr(0, descr.find('\''));
  torch::Dtype dtype;
  size_t item;
  if (descr == "<f8" || descr == "=f8") {
    dtype = torch::kFloat64;
    item = 8;
  } else if (descr == "<f4" || descr == "=f4") {
    dtype = torch::kFloat32;
    item = 4;
  } else {
    throw Error(arg + ": " + path + " has dtype '" + descr + "'; expected little-endian float32 or float64");
  }
  if (field("fortran_order").find("True") < field("fortran_order").find(','))
    throw Error(arg + ": " + path + " is in Fortran order; expected C order");
  std::string shape = field("shape");
  shape = shape.substr(shape.find('(') + 1, shape.find(')') - shape.find('(') - 1);
  std::vector<int64_t> dims;
  std::istringstream ss(shape);
  std::string tok;
  while (std::getline(ss, tok, ','))
    if (tok.find_first_not_of(" ") != std::string::npos) dims.push_back(std::stoll(tok));
  if (dims.empty() || dims.size() > 2)
    throw Error(arg + ": " + path + " has " + std::to_string(dims.size()) + " dimensions; expected 1-D or 2-D");
  int64_t count = 1;
  for (auto d : dims) count *= d;
  if (count == 0) throw Error(arg + ": " + path + " holds no data rows");
  auto t = torch::empty(dims, dtype);
  if (!in.read(static_cast<char*>(t.data_ptr()), static_cast<std::streamsize>(count * item)))
    throw Error(arg + ": " + path + " is truncated: expected " + std::to_string(count) + " values");
  t = t.to(torch::kFloat64);
  return t.dim() == 1 ? t.unsqueeze(1) : t;
}

void write_npy(const std::string& path, const torch::Tensor& t_in) {
  auto t = t_in.detach().to(torch::kCPU).contiguous();
  if (t.scalar_type() != torch::kFloat64 && t.scalar_type() != torch::kFloat32) t = t.to(torch::kFloat64);
  std::string shape = "(";
  for (int64_t i = 0; i < t.dim(); ++i) shape += std::to_string(t.size(i)) + (t.dim() == 1 ? ",)" : (i + 1 < t.dim() ? ", " : ")"));
  std::string header = "{'descr': '" + std::string(t.scalar_type() == torch::kFloat64 ? "<f8" : "<f4") +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  while ((10 + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error("cannot write '" + path + "': " + std::strerror(errno));
  out.write("\x93NUMPY\x01\x00", 8);
  uint16_t len = static_cast<uint16_t>(header.size());
  out.put(static_cast<char>(len & 0xff));
  out.put(static_cast<char>(len >> 8));
  out << header;
  out.write(static_cast<const char*>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * t.element_size()));
}

void write_csv(const std::string& path, const torch::Tensor& t_in, const std::vector<std::string>& header) {
  auto t = t_in.detach().to(torch::kCPU, torch::kFloat64).contiguous();
  if (t.dim() == 1) t = t.unsqueeze(1);
  std::ofstream out(path);
  if (!out) throw Error("cannot write '" + path + "': " + std::strerror(errno));
  for (size_t i = 0; i < header.size(); ++i) out << (i ? "," : "") << header[i];
  if (!header.empty()) out << "\n";
  out.precision(17);
  auto a = t.accessor<double, 2>();
  for (int64_t r = 0; r < t.size(0); ++r) {
    for (int64_t c = 0; c < t.size(1); ++c) out << (c ? "," : "") << a[r][c];
    out << "\n";
  }
}

}  // namespace infotorch
