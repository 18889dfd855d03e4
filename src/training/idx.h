// The IDX parser behind read_idx, over bytes in memory (so the file reader and the fuzz target share it), and
// the gzip decompression it needs. Private to the library.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace infotorch::training::detail {

struct IdxLayout {
  std::vector<int64_t> dims;
  size_t data_offset = 0;
  size_t count = 0;  // product of dims: the unsigned bytes that follow the header
};

// Checks the header (magic, unsigned-byte type, rank, dims) and that exactly `count` bytes follow it; throws
// Error beginning with `where` otherwise. Nothing is allocated beyond the dims.
IdxLayout parse_idx(std::string_view bytes, const std::string& where);

// True when bytes start with the gzip magic number.
bool is_gzip(std::string_view bytes);

// Decompresses gzip bytes (one or more members). `limit(out)` is the most output allowed given the output so far
// (an IDX header says how much data follows it): past it gunzip stops with an Error, so memory grows only
// with data that really decompresses, never with what a header claims.
std::string gunzip(std::string_view bytes, const std::string& where,
                   const std::function<size_t(std::string_view)>& limit);

// The limit above for a (partly) decompressed IDX file: header + data once the header is complete, the
// largest header until then. Throws on a foreign magic number or a size beyond this machine's memory.
size_t idx_size_limit(std::string_view head, const std::string& where);

}  // namespace infotorch::training::detail
