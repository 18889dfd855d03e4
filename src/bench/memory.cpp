#include "infotorch/bench/memory.h"

#include <fstream>
#include <string>

namespace infotorch::bench {
namespace {

int64_t status_kib(const std::string& key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.compare(0, key.size(), key) == 0) return std::stoll(line.substr(key.size())) * 1024;
  return -1;
}

}  // namespace

int64_t current_rss_bytes() { return status_kib("VmRSS:"); }
int64_t peak_rss_bytes() { return status_kib("VmHWM:"); }

bool reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  if (!f) return false;
  f << "5";
  f.flush();
  return static_cast<bool>(f);
}

}  // namespace infotorch::bench
