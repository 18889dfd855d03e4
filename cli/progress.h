// Progress on stderr, suited to where stderr goes: on a terminal a one-line bar redrawn at most 10 times a
// second (after the run has lasted a second); into a pipe or a log one plain line every 5 seconds; nothing with
// --quiet.
#pragma once
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace infotorch::cli {

class Progress {
 public:
  enum class Mode { kBar, kLines, kQuiet };
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kLineEvery{5};

  static Mode mode_for(std::FILE* out, bool quiet) {
    if (quiet) return Mode::kQuiet;
    return isatty(fileno(out)) ? Mode::kBar : Mode::kLines;
  }
  Progress(std::string label, bool quiet) : Progress(std::move(label), mode_for(stderr, quiet), stderr, Clock::now()) {}
  Progress(std::string label, Mode mode, std::FILE* out, Clock::time_point start)
      : label_(std::move(label)), mode_(mode), out_(out), start_(start), last_(start) {}
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(int64_t done, int64_t total, const std::string& info = "") { update_at(Clock::now(), done, total, info); }
  void update_at(Clock::time_point now, int64_t done, int64_t total, const std::string& info) {
    const double secs = std::chrono::duration<double>(now - start_).count();
    if (mode_ == Mode::kQuiet) return;
    if (mode_ == Mode::kLines) {
      if (now - last_ < kLineEvery) return;
      last_ = now;
      std::fprintf(out_, "%s: %lld/%lld %.0fs %s\n", label_.c_str(), static_cast<long long>(done),
                   static_cast<long long>(total), secs, info.c_str());
      std::fflush(out_);
      return;
    }
    if (now - start_ < std::chrono::seconds(1) || (now - last_ < std::chrono::milliseconds(100) && done < total)) return;
    last_ = now;
    drawn_ = true;
    const int width = 30;
    const int fill = total > 0 ? static_cast<int>(width * std::min(done, total) / total) : 0;
    std::fprintf(out_, "\r%s [%s%s] %lld/%lld %.1fs %s", label_.c_str(), std::string(fill, '#').c_str(),
                 std::string(width - fill, '.').c_str(), static_cast<long long>(done), static_cast<long long>(total),
                 secs, info.c_str());
    std::fflush(out_);
  }
  ~Progress() {
    if (drawn_) std::fprintf(out_, "\n");
  }

 private:
  std::string label_;
  Mode mode_;
  std::FILE* out_;
  Clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace infotorch::cli
