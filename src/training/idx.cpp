#include "idx.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>

#include "infotorch/core/error.h"

namespace infotorch::training::detail {
namespace {

uint32_t be32(const unsigned char* b) {
  return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | uint32_t(b[3]);
}

uint64_t memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  return pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : uint64_t(1) << 40;
}

// Header facts shared by parse_idx and idx_size_limit.
struct IdxHeader {
  std::vector<int64_t> dims;
  uint64_t offset = 0, count = 1;
};

IdxHeader read_header(std::string_view bytes, const std::string& where) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  // IDX: two zero bytes, the element type (0x08 = unsigned byte), the rank, then one big-endian uint32 per
  // dimension (LeCun et al., the MNIST page).
  if (bytes.size() < 4 || b[0] != 0 || b[1] != 0) throw Error(where + " is not an IDX file (bad magic number)");
  if (b[2] != 0x08) throw Error(where + ": only unsigned-byte IDX files are supported");
  const size_t rank = b[3];
  if (rank < 1 || bytes.size() < 4 + 4 * rank) throw Error(where + ": truncated header");
  IdxHeader h;
  h.offset = 4 + 4 * rank;
  for (size_t i = 0; i < rank; ++i) {
    h.dims.push_back(be32(b + 4 + 4 * i));
    if (__builtin_mul_overflow(h.count, uint64_t(h.dims.back()), &h.count) || h.count > memory_bytes())
      throw Error(where + ": the header claims more data than this machine's memory holds");
  }
  return h;
}

}  // namespace

IdxLayout parse_idx(std::string_view bytes, const std::string& where) {
  const IdxHeader h = read_header(bytes, where);
  if (bytes.size() - h.offset != h.count)
    throw Error(where + ": expected " + std::to_string(h.count) + " bytes of data, found " +
                std::to_string(bytes.size() - h.offset));
  return {h.dims, static_cast<size_t>(h.offset), static_cast<size_t>(h.count)};
}

size_t idx_size_limit(std::string_view head, const std::string& where) {
  const size_t largest_header = 4 + 4 * 255;
  if (head.size() >= 2 && (head[0] != 0 || head[1] != 0)) throw Error(where + " is not an IDX file (bad magic number)");
  if (head.size() < 4 || head.size() < 4 + 4 * static_cast<size_t>(static_cast<unsigned char>(head[3])))
    return largest_header;
  const IdxHeader h = read_header(head, where);
  return static_cast<size_t>(h.offset + h.count);
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view bytes, const std::string& where,
                   const std::function<size_t(std::string_view)>& limit) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) throw Error(where + ": cannot start gzip decompression");
  std::string out;
  unsigned char buf[1 << 16];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(bytes.size(), 1u << 30));
  size_t fed = z.avail_in;
  int rc = Z_OK;
  while (true) {
    z.next_out = buf;
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) break;
    const size_t got = sizeof buf - z.avail_out;
    out.append(reinterpret_cast<char*>(buf), got);
    try {  // at most one buffer past the limit is ever held
      if (out.size() > limit(out)) throw Error(where + ": decompresses to more data than its header claims");
    } catch (...) {
      inflateEnd(&z);
      throw;
    }
    if (z.avail_in == 0 && fed < bytes.size()) {  // inputs over 1 GiB are fed in pieces
      const size_t more = std::min<size_t>(bytes.size() - fed, 1u << 30);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + fed));
      z.avail_in = static_cast<uInt>(more);
      fed += more;
    }
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0 && fed == bytes.size()) break;
      if (inflateReset(&z) != Z_OK) break;  // another gzip member follows
      continue;
    }
    if (rc == Z_BUF_ERROR && got == 0) break;  // no progress: the input ended inside a member
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw Error(where + " is not a readable (gzip) file (corrupt or truncated)");
  return out;
}

}  // namespace infotorch::training::detail
