#include "npy.h"

#include <cmath>
#include <cstring>
#include <vector>

#include "infotorch/core/error.h"
#include "printable.h"

namespace infotorch::detail {
namespace {

const std::string_view kMagic("\x93NUMPY", 6);

size_t skip_space(std::string_view s, size_t p) {
  while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n')) ++p;
  return p;
}

// The position just after "'key':" (or "\"key\":") in the header dict, or npos.
size_t value_of(std::string_view header, const std::string& key) {
  for (const char q : {'\'', '"'}) {
    const std::string quoted = q + key + q;
    const size_t p = header.find(quoted);
    if (p == std::string_view::npos) continue;
    const size_t c = skip_space(header, p + quoted.size());
    if (c < header.size() && header[c] == ':') return skip_space(header, c + 1);
  }
  return std::string_view::npos;
}

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .npy reader assumes a little-endian host");

uint64_t host_order(uint64_t v, int item, bool big_endian) {
  if (!big_endian || item == 1) return v;
  uint64_t r = 0;
  for (int i = 0; i < item; ++i) r |= ((v >> (8 * i)) & 0xff) << (8 * (item - 1 - i));
  return r;
}

double half_to_double(uint16_t h) {
  const int sign = h >> 15, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  double v;
  if (exp == 0) v = std::ldexp(frac, -24);                      // subnormal
  else if (exp == 31) v = frac ? NAN : INFINITY;                // NaN, Inf: refused later like any NaN
  else v = std::ldexp(1024 + frac, exp - 25);
  return sign ? -v : v;
}

}  // namespace

NpyLayout parse_npy_header(std::string_view bytes, const std::string& where) {
  if (bytes.size() < 10 || bytes.substr(0, 6) != kMagic) throw Error(where + " is not a .npy file (bad magic)");
  const auto u8 = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])); };
  const uint32_t major = u8(6);
  size_t header_start;
  uint64_t hlen;
  if (major == 1) {
    hlen = u8(8) | (u8(9) << 8);
    header_start = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw Error(where + " has a truncated .npy header");
    hlen = u8(8) | (u8(9) << 8) | (u8(10) << 16) | (u8(11) << 24);
    header_start = 12;
  } else {
    throw Error(where + " has .npy format version " + std::to_string(major) + "; expected 1, 2 or 3");
  }
  if (hlen > bytes.size() - header_start) throw Error(where + " has a truncated .npy header");
  const std::string_view header = bytes.substr(header_start, hlen);
  NpyLayout L;
  L.data_offset = header_start + hlen;

  // descr: a type string such as '<f8'; a list there is a structured dtype.
  size_t p = value_of(header, "descr");
  if (p == std::string_view::npos) throw Error(where + " .npy header lacks 'descr'");
  if (p < header.size() && header[p] == '[')
    throw Error(where + " has a structured dtype (named fields); expected a plain table of numbers");
  if (p >= header.size() || (header[p] != '\'' && header[p] != '"')) throw Error(where + " has a malformed 'descr'");
  const size_t close = header.find(header[p], p + 1);
  if (close == std::string_view::npos) throw Error(where + " has a malformed 'descr'");
  const std::string_view descr = header.substr(p + 1, close - p - 1);
  const std::string shown = "dtype '" + printable(descr) + "'";
  if (descr.size() < 2) throw Error(where + " has " + shown + "; expected a numeric dtype such as '<f8'");
  const char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=')
    throw Error(where + " has " + shown + "; expected a byte order '<', '>', '|' or '='");
  L.big_endian = order == '>';
  L.kind = descr[1];
  const std::string_view size_text = descr.substr(2);
  if (L.kind == 'O') throw Error(where + " holds Python objects (" + shown + "); expected a table of numbers");
  if (L.kind == 'c') throw Error(where + " holds complex numbers (" + shown + "); expected real numbers");
  if (L.kind != 'b' && L.kind != 'i' && L.kind != 'u' && L.kind != 'f')
    throw Error(where + " has " + shown + "; expected bool, int, uint or float values");
  L.item = size_text == "1" ? 1 : size_text == "2" ? 2 : size_text == "4" ? 4 : size_text == "8" ? 8 : 0;
  const bool size_ok = L.kind == 'b'   ? L.item == 1
                       : L.kind == 'f' ? (L.item == 2 || L.item == 4 || L.item == 8)
                                       : L.item != 0;
  if (!size_ok)
    throw Error(where + " has " + shown + "; expected bool (b1), int or uint of 1-8 bytes, or float16/32/64");

  p = value_of(header, "fortran_order");
  if (p == std::string_view::npos) throw Error(where + " .npy header lacks 'fortran_order'");
  if (header.substr(p, 4) == "True") L.fortran_order = true;
  else if (header.substr(p, 5) != "False") throw Error(where + " has a malformed 'fortran_order' (expected True or False)");

  // shape: a tuple of non-negative integers, e.g. (3, 2) or (5,).
  p = value_of(header, "shape");
  if (p == std::string_view::npos) throw Error(where + " .npy header lacks 'shape'");
  if (p >= header.size() || header[p] != '(') throw Error(where + " has a malformed 'shape' (expected a tuple)");
  std::vector<uint64_t> dims;
  ++p;
  while (true) {
    p = skip_space(header, p);
    if (p >= header.size()) throw Error(where + " has a malformed 'shape' (expected a tuple)");
    if (header[p] == ')') break;
    if (header[p] < '0' || header[p] > '9') throw Error(where + " has a malformed 'shape' (expected integers)");
    uint64_t d = 0;
    while (p < header.size() && header[p] >= '0' && header[p] <= '9') {
      if (d > (uint64_t(1) << 56)) throw Error(where + " has a shape too large for any file");
      d = d * 10 + static_cast<uint64_t>(header[p++] - '0');
    }
    dims.push_back(d);
    p = skip_space(header, p);
    if (p < header.size() && header[p] == ',') ++p;
    if (dims.size() > 64) throw Error(where + " has a malformed 'shape' (more than 64 dimensions)");
  }
  if (dims.empty() || dims.size() > 2)
    throw Error(where + " has " + std::to_string(dims.size()) + " dimensions; expected 1-D or 2-D");
  L.one_d = dims.size() == 1;
  const uint64_t rows = dims[0], cols = L.one_d ? 1 : dims[1];
  // Sizes are checked against the file before any allocation: a header may claim anything.
  uint64_t count = 0, need = 0;
  if (__builtin_mul_overflow(rows, cols, &count) || __builtin_mul_overflow(count, uint64_t(L.item), &need) ||
      need > (uint64_t(1) << 62))
    throw Error(where + " claims a shape of " + std::to_string(rows) + " x " + std::to_string(cols) +
                ", too large for any file");
  if (count == 0) throw Error(where + " holds no data rows");
  const uint64_t have = bytes.size() - L.data_offset;
  if (have != need)
    throw Error(where + (have < need ? " is truncated" : " is longer than its header says") + ": the header claims " +
                std::to_string(rows) + " x " + std::to_string(cols) + " values (" + std::to_string(need) +
                " bytes), the file holds " + std::to_string(have) + " bytes of data");
  L.rows = static_cast<int64_t>(rows);
  L.cols = static_cast<int64_t>(cols);
  return L;
}

void convert_npy(const NpyLayout& L, std::string_view bytes, double* out) {
  const char* data = bytes.data() + L.data_offset;
  const int64_t n = L.rows * L.cols;
  for (int64_t k = 0; k < n; ++k) {
    uint64_t raw = 0;
    std::memcpy(&raw, data + k * L.item, L.item);  // little-endian host: the low bytes
    raw = host_order(raw, L.item, L.big_endian);
    double v;
    switch (L.kind) {
      case 'b': v = raw != 0; break;
      case 'u': v = static_cast<double>(raw); break;
      case 'i': {
        const int shift = 64 - 8 * L.item;  // sign-extend from item bytes
        v = static_cast<double>(static_cast<int64_t>(raw << shift) >> shift);
        break;
      }
      default:
        if (L.item == 2) v = half_to_double(static_cast<uint16_t>(raw));
        else if (L.item == 4) {
          float f;
          const uint32_t r32 = static_cast<uint32_t>(raw);
          std::memcpy(&f, &r32, 4);
          v = f;
        } else std::memcpy(&v, &raw, 8);
    }
    // Fortran order stores column after column: value k is (k % rows, k / rows).
    const int64_t at = L.fortran_order ? (k % L.rows) * L.cols + k / L.rows : k;
    out[at] = v;
  }
}

}  // namespace infotorch::detail
