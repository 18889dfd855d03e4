// Text from a file, made safe to quote in a one-line error: control bytes become '?', long text is cut.
#pragma once
#include <string>
#include <string_view>

namespace infotorch::detail {

inline std::string printable(std::string_view text, size_t max_chars = 40) {
  std::string out;
  for (size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (text.size() > max_chars) out += "...";
  return out;
}

}  // namespace infotorch::detail
