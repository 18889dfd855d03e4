#include "infotorch/core/io.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "csv.h"
#include "infotorch/core/error.h"
#include "mapped_file.h"
#include "npy.h"
#include "printable.h"

namespace infotorch {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// LibTorch failures while building the tensor (out of memory, ...) are reworded here, naming the input.
template <typename F>
torch::Tensor naming_input(const std::string& where, F&& f) {
  try {
    return f();
  } catch (const c10::Error& e) {
    throw Error(where + ": " + detail::printable(e.what_without_backtrace(), 200));
  } catch (const std::bad_alloc&) {
    throw Error(where + ": not enough memory to hold the data");
  }
}

}  // namespace

torch::Tensor read_matrix(const std::string& path, const std::string& arg) {
  if (ends_with(path, ".csv") || ends_with(path, ".txt")) return read_csv(path, arg);
  if (ends_with(path, ".npy")) return read_npy(path, arg);
  throw Error(arg + ": '" + path + "' has an unknown extension; expected .csv or .npy");
}

torch::Tensor read_csv(const std::string& path, const std::string& arg) {
  detail::MappedFile file(path, arg);
  const std::string where = arg + ": " + path;
  auto table = detail::parse_csv(file.bytes(), where);
  return naming_input(where, [&] {
    return torch::from_blob(table.values.data(), {table.rows, table.cols}, torch::kFloat64).clone();
  });
}

torch::Tensor read_npy(const std::string& path, const std::string& arg) {
  detail::MappedFile file(path, arg);
  const std::string where = arg + ": " + path;
  const auto layout = detail::parse_npy_header(file.bytes(), where);
  return naming_input(where, [&] {
    auto t = torch::empty({layout.rows, layout.cols}, torch::kFloat64);
    detail::convert_npy(layout, file.bytes(), t.data_ptr<double>());
    return t;
  });
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
