// The .npy parser behind read_npy, over bytes in memory (so the file reader and the fuzz target share it).
// Private to the library. Format: numpy.lib.format (magic, version, header length, a Python dict literal).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace infotorch::detail {

// What a valid header describes: a 1-D or 2-D array of bool, int, uint or float values.
struct NpyLayout {
  char kind = 'f';  // 'b' bool, 'i' signed, 'u' unsigned, 'f' float
  int item = 8;     // bytes per value
  bool big_endian = false;
  bool fortran_order = false;
  bool one_d = false;
  int64_t rows = 0, cols = 0;  // a 1-D array of n values is n x 1
  size_t data_offset = 0;      // where the values start in the file
};

// Checks magic, version, header and that the file holds exactly rows * cols values, before anything is
// allocated; throws Error beginning with `where` ("x: data.npy") otherwise.
NpyLayout parse_npy_header(std::string_view bytes, const std::string& where);

// Converts the values to float64 in row-major order into out[0 .. rows * cols).
void convert_npy(const NpyLayout& layout, std::string_view bytes, double* out);

}  // namespace infotorch::detail
