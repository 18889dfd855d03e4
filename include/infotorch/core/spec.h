// Estimator specs: "name" or "name:key=value,key=value" (like faiss's index_factory strings).
// Parsed once here; every face (library, CLI, bindings) goes through it.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace infotorch {

struct Spec {
  std::string name;
  std::map<std::string, std::string> options;

  bool has(const std::string& key) const { return options.count(key) > 0; }
  double get_double(const std::string& key, double fallback) const;
  int64_t get_int(const std::string& key, int64_t fallback) const;
  bool get_bool(const std::string& key, bool fallback) const;
  std::string get_string(const std::string& key, const std::string& fallback) const;
  // Throws Error naming the first option not in `known`.
  void allow_only(const std::vector<std::string>& known) const;
  std::string str() const;
};

// Throws Error on a malformed spec ("smile:tau", "smile:=5", empty name).
Spec parse_spec(const std::string& text);

// A list of specs: "a,b:k=1,j=2;c" -> {"a", "b:k=1,j=2", "c"}. ';' always separates; a comma-separated piece
// holding '=' but no ':' continues the previous spec's options; spaces are dropped, empty pieces skipped.
std::vector<std::string> split_spec_list(const std::string& text);

}  // namespace infotorch
