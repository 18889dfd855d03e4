// Progress suits where stderr goes: a redrawn bar on a terminal, one plain line every 5 s into a pipe or a
// log, nothing when quiet; and a real run through a pipe writes no carriage returns.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "../../cli/progress.h"
#include "process.h"

using infotorch::cli::Progress;

namespace {

// Drives a Progress over `seconds` of fake time, one update every 50 ms, and returns what it wrote.
std::string drive_progress(Progress::Mode mode, double seconds) {
  std::FILE* f = std::tmpfile();
  const auto t0 = Progress::Clock::now();
  {
    Progress p("train x", mode, f, t0);
    const int updates = static_cast<int>(seconds / 0.05);
    for (int i = 1; i <= updates; ++i)
      p.update_at(t0 + std::chrono::milliseconds(50 * i), i, updates, "loss 1.0");
  }
  std::string out(static_cast<size_t>(std::ftell(f)), '\0');
  std::rewind(f);
  out.resize(std::fread(out.data(), 1, out.size(), f));
  std::fclose(f);
  return out;
}

size_t count_char(const std::string& s, char c) { return static_cast<size_t>(std::count(s.begin(), s.end(), c)); }

}  // namespace

TEST(Progress, IntoAPipeOnePlainLineEveryFiveSeconds) {
  const auto out = drive_progress(Progress::Mode::kLines, 21);  // lines at 5, 10, 15, 20 s
  EXPECT_EQ(count_char(out, '\r'), 0u);
  EXPECT_EQ(count_char(out, '\n'), 4u);
  EXPECT_EQ(out.substr(0, out.find('\n')), "train x: 100/420 5s loss 1.0");
}

TEST(Progress, OnATerminalABarRedrawnAtMostTenTimesASecond) {
  const auto out = drive_progress(Progress::Mode::kBar, 3);  // drawn from 1 s on, every 100 ms, and the last update
  EXPECT_GE(count_char(out, '\r'), 19u);
  EXPECT_LE(count_char(out, '\r'), 22u);
  EXPECT_EQ(count_char(out, '\n'), 1u);  // one newline when it ends
}

TEST(Progress, QuietWritesNothing) { EXPECT_EQ(drive_progress(Progress::Mode::kQuiet, 21), ""); }

TEST(Progress, ARunThroughAPipeWritesNoCarriageReturns) {
  // The demo's command (infonce, 2 critic folds), a few seconds long: once a 14.6 kB line of \r updates.
  auto r = cli_test::run_infotorch("estimate --task gaussian:d=5,mi=1 --n 4000 --steps 300 --folds 2 --threads 2");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(count_char(r.out, '\r'), 0u);
  EXPECT_LE(r.out.size(), 600u) << r.out;  // the result line and at most a few progress lines
}
