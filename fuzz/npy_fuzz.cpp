// libFuzzer target: any bytes as a .npy file, header checks and conversion. Only infotorch::Error may escape
// the parser; a layout it accepts must fit the bytes it was given.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "infotorch/core/error.h"
#include "npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    const auto layout = infotorch::detail::parse_npy_header(bytes, "x: fuzz.npy");
    if (layout.rows < 1 || layout.cols < 1 ||
        layout.data_offset + static_cast<size_t>(layout.rows * layout.cols) * layout.item != size)
      std::abort();
    std::vector<double> out(static_cast<size_t>(layout.rows * layout.cols));
    infotorch::detail::convert_npy(layout, bytes, out.data());
  } catch (const infotorch::Error&) {
  }
  return 0;
}
