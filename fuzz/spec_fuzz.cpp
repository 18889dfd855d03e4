// libFuzzer target: any text as a spec list and as specs, with every typed getter on every option.
#include <cstdint>
#include <string>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto one = [](const std::string& s) {
    try {
      const auto spec = infotorch::parse_spec(s);
      for (const auto& [key, value] : spec.options) {
        try { spec.get_double(key, 0); } catch (const infotorch::Error&) {}
        try { spec.get_int(key, 0); } catch (const infotorch::Error&) {}
        try { spec.get_bool(key, false); } catch (const infotorch::Error&) {}
        (void)spec.get_string(key, "");
      }
      try { spec.allow_only({"k", "tau"}); } catch (const infotorch::Error&) {}
      (void)infotorch::parse_spec(spec.str());  // what str() writes parses again
    } catch (const infotorch::Error&) {
    }
  };
  one(text);
  for (const auto& piece : infotorch::split_spec_list(text)) one(piece);
  return 0;
}
