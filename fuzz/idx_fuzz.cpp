// libFuzzer target: any bytes as an IDX file, plain or gzip (as read_idx reads it).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "idx.h"
#include "infotorch/core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace d = infotorch::training::detail;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string where = "read_idx: 'fuzz'";
  try {
    std::string inflated;
    if (d::is_gzip(bytes)) {
      inflated = d::gunzip(bytes, where, [&](std::string_view head) { return d::idx_size_limit(head, where); });
      bytes = inflated;
    }
    const auto layout = d::parse_idx(bytes, where);
    if (layout.data_offset + layout.count != bytes.size()) std::abort();
  } catch (const infotorch::Error&) {
  }
  return 0;
}
