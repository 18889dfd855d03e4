// A one-line progress bar on stderr, drawn only once a run has lasted a second and only on a terminal... or not:
// we draw to stderr whenever the run is longer than a second, redrawing at most 10 times a second.
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace infotorch::cli {

class Progress {
 public:
  explicit Progress(std::string label) : label_(std::move(label)), start_(Clock::now()), last_(start_) {}
  void update(int64_t done, int64_t total, const std::string& info = "") {
    auto now = Clock::now();
    if (now - start_ < std::chrono::seconds(1) || (now - last_ < std::chrono::milliseconds(100) && done < total)) return;
    last_ = now;
    drawn_ = true;
    const int width = 30;
    int fill = total > 0 ? static_cast<int>(width * done / total) : 0;
    double secs = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r%s [%s%s] %lld/%lld %.1fs %s", label_.c_str(), std::string(fill, '#').c_str(),
                 std::string(width - fill, '.').c_str(), static_cast<long long>(done), static_cast<long long>(total),
                 secs, info.c_str());
    std::fflush(stderr);
  }
  ~Progress() {
    if (drawn_) std::fprintf(stderr, "\n");
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::string label_;
  Clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace infotorch::cli
