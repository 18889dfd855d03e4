#include "infotorch/core/spec.h"

#include <cerrno>
#include <cstdlib>

#include "infotorch/core/error.h"

namespace infotorch {

namespace {
std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}
}  // namespace

Spec parse_spec(const std::string& text) {
  Spec spec;
  auto colon = text.find(':');
  spec.name = trim(text.substr(0, colon));
  if (spec.name.empty()) throw Error("estimator spec '" + text + "': expected a name, as in 'smile:tau=5'");
  if (colon == std::string::npos) return spec;
  std::string rest = text.substr(colon + 1);
  size_t start = 0;
  while (start <= rest.size()) {
    auto comma = rest.find(',', start);
    std::string item = trim(rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) {
      auto eq = item.find('=');
      if (eq == std::string::npos || trim(item.substr(0, eq)).empty() || trim(item.substr(eq + 1)).empty())
        throw Error("estimator spec '" + text + "': option '" + item + "' must be key=value");
      spec.options[trim(item.substr(0, eq))] = trim(item.substr(eq + 1));
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return spec;
}

double Spec::get_double(const std::string& key, double fallback) const {
  auto it = options.find(key);
  if (it == options.end()) return fallback;
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str() || *end != '\0' || errno == ERANGE)
    throw Error("estimator '" + name + "': option " + key + "='" + it->second + "' is not a number");
  return v;
}

int64_t Spec::get_int(const std::string& key, int64_t fallback) const {
  auto it = options.find(key);
  if (it == options.end()) return fallback;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (end == it->second.c_str() || *end != '\0' || errno == ERANGE)
    throw Error("estimator '" + name + "': option " + key + "='" + it->second + "' is not an integer");
  return v;
}

bool Spec::get_bool(const std::string& key, bool fallback) const {
  auto it = options.find(key);
  if (it == options.end()) return fallback;
  const auto& v = it->second;
  if (v == "1" || v == "true" || v == "yes") return true;
  if (v == "0" || v == "false" || v == "no") return false;
  throw Error("estimator '" + name + "': option " + key + "='" + v + "' is not a boolean (true/false)");
}

std::string Spec::get_string(const std::string& key, const std::string& fallback) const {
  auto it = options.find(key);
  return it == options.end() ? fallback : it->second;
}

void Spec::allow_only(const std::vector<std::string>& known) const {
  for (const auto& [key, value] : options) {
    bool ok = false;
    for (const auto& k : known) ok = ok || k == key;
    if (!ok) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw Error("estimator '" + name + "': unknown option '" + key + "' (known: " +
                  (list.empty() ? std::string("none") : list) + ")");
    }
  }
}

std::string Spec::str() const {
  std::string s = name;
  char sep = ':';
  for (const auto& [k, v] : options) {
    s += sep + k + "=" + v;
    sep = ',';
  }
  return s;
}

std::vector<std::string> split_spec_list(const std::string& text) {
  std::vector<std::string> out;
  std::string piece;
  auto flush = [&](const std::string& p) {
    if (p.empty()) return;
    if (!out.empty() && !out.back().empty() && p.find('=') != std::string::npos && p.find(':') == std::string::npos)
      out.back() += "," + p;
    else
      out.push_back(p);
  };
  for (char c : text) {
    if (c == ',' || c == ';') {
      bool hard = c == ';';
      flush(piece);
      piece.clear();
      if (hard) out.push_back("");  // a hard break: the next piece never continues
      continue;
    }
    if (c != ' ') piece += c;
  }
  flush(piece);
  std::vector<std::string> clean;
  for (auto& s : out)
    if (!s.empty()) clean.push_back(s);
  return clean;
}

}  // namespace infotorch
