// `infotorch estimate` as a user runs it: the built binary on small temp files; exit codes and the exact
// wording of each bad-input error.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct Run {
  int code;
  std::string out;  // stdout and stderr together
};

// `infotorch <args>`; run() below is `infotorch estimate <args>`.
Run run_cli(const std::string& args, bool merge_stderr = true) {
  std::string cmd = std::string(INFOTORCH_CLI) + " " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), got);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

Run run(const std::string& args, bool merge_stderr = true) { return run_cli("estimate " + args, merge_stderr); }

std::string temp_file(const std::string& name, const std::string& text) {
  std::string path = testing::TempDir() + "infotorch_cli_" + name;
  std::ofstream(path) << text;
  return path;
}

// n rows of "a,b" with a dependent second file.
std::string rows(int n, int cols, double offset) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    for (int c = 0; c < cols; ++c) s += (c ? "," : "") + std::to_string(std::sin(i * 1.3 + c + offset));
    s += "\n";
  }
  return s;
}

void expect_error(const Run& r, const std::string& line) {
  EXPECT_NE(r.code, 0);
  EXPECT_EQ(r.out, "infotorch: error: " + line + "\n");
}

}  // namespace

TEST(EstimateCliErrors, MissingFile) {
  auto y = temp_file("y_ok.csv", rows(10, 1, 0));
  expect_error(run("--x /nonexistent/x.csv --y " + y), "--x: cannot open '/nonexistent/x.csv': No such file or directory");
}

TEST(EstimateCliErrors, UnreadableFile) {
  auto x = temp_file("x_bad.npy", "this is not numpy\n");
  auto y = temp_file("y_ok.csv", rows(10, 1, 0));
  expect_error(run("--x " + x + " --y " + y), "--x: " + x + " is not a .npy file (bad magic)");
}

TEST(EstimateCliErrors, RaggedAndNonNumericCsv) {
  auto y = temp_file("y_ok.csv", rows(10, 1, 0));
  auto ragged = temp_file("ragged.csv", "a,b\n1,2\n3\n");
  expect_error(run("--x " + ragged + " --y " + y), "--x: " + ragged + " line 3: expected 2 columns, got 1 (ragged CSV)");
  auto word = temp_file("word.csv", "a,b\n1,2\n3,four\n");
  expect_error(run("--x " + word + " --y " + y), "--x: " + word + " line 3, column 2: 'four' is not a number");
}

TEST(EstimateCliErrors, RowMismatchNanAndTooFewSamples) {
  auto x = temp_file("x10.csv", rows(10, 2, 0));
  auto y9 = temp_file("y9.csv", rows(9, 1, 1));
  expect_error(run("--x " + x + " --y " + y9), "x and y must have the same number of rows (samples), got 10 and 9");
  auto ynan = temp_file("ynan.csv", "v\n1\n2\nnan\n4\n5\n6\n7\n8\n9\n10\n");
  expect_error(run("--x " + x + " --y " + ynan), "y: contains NaN or Inf (first at row 2); expected finite values");
  auto yinf = temp_file("yinf.csv", "1\n2\n3\n4\n5\n6\n7\n8\n9\ninf\n");
  expect_error(run("--x " + x + " --y " + yinf), "y: contains NaN or Inf (first at row 9); expected finite values");
  auto y10 = temp_file("y10.csv", rows(10, 1, 1));
  expect_error(run("--x " + x + " --y " + y10 + " --batch-size 64"),
               "x: 10 samples are too few for a batch of 64 training pairs with 1/5 held out per fold and 20% of the rest "
               "validating (need at least 100)");
}

TEST(EstimateCliErrors, UnknownEstimatorOptionAndFlag) {
  auto r = run("--task gaussian --estimator banana");
  EXPECT_NE(r.code, 0);
  EXPECT_EQ(r.out.rfind("infotorch: error: estimator 'banana' is unknown (known: ", 0), 0u) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  r = run("--task gaussian --estimator smile:tauu=5");
  EXPECT_NE(r.code, 0);
  EXPECT_EQ(r.out.rfind("infotorch: error: ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("unknown option 'tauu'"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  expect_error(run("--task gaussian --bogus 3"), "The following arguments were not expected: 3 --bogus");
  expect_error(run("--task banana"),
               "task 'banana' is unknown (known: gaussian, cca, dense, sparse, student, uniform, swissroll, independent)");
  expect_error(run(""), "give --x and --y (data files) or --task SPEC (a built-in task)");
  auto x = temp_file("x10.csv", rows(10, 2, 0));
  expect_error(run("--x " + x), "missing --y: give both --x and --y");
}

TEST(EstimateCliRuns, TaskJsonCarriesTruthAndSettings) {
  auto r = run("--task gaussian:d=1,rho=0.9 --n 1500 --steps 150 --critic separable:hidden=32,embed=8 --lr 0.003 --json --threads 1",
               false);
  ASSERT_EQ(r.code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["estimator"], "gan-dime");  // the default of EstimateOptions
  EXPECT_EQ(j["n"], 1500);
  EXPECT_EQ(j["steps"], 150);
  EXPECT_NEAR(j["true_mi_nats"].get<double>(), 0.8303656, 1e-6);
  EXPECT_NEAR(j["mi_nats"].get<double>(), 0.83, 0.25);
  EXPECT_FALSE(j.contains("stderr"));
}

TEST(EstimateCliRuns, HumanLineFromFiles) {
  auto x = temp_file("x300.csv", "a,b\n" + rows(300, 2, 0));
  auto y = temp_file("y300.csv", rows(300, 1, 0.1));
  auto r = run("--x " + x + " --y " + y + " --estimator infonce --steps 20 --batch-size 32 --critic separable:hidden=16,embed=4",
               false);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("infonce:dir=row: I(X;Y) = ", 0), 0u) << r.out;  // the spec as the bound reads it
  EXPECT_NE(r.out.find(" nats (held-out, n=300, 20 steps x 5 critics)\n"), std::string::npos) << r.out;
}

TEST(SampleCli, WritesTheDrawThatEstimateTaskReads) {
  const std::string x = testing::TempDir() + "infotorch_sample_x.npy", y = testing::TempDir() + "infotorch_sample_y.csv";
  auto s = run_cli("sample --task gaussian:d=2,mi=1 --n 500 --seed 3 --x " + x + " --y " + y + " --json", false);
  ASSERT_EQ(s.code, 0) << s.out;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(s.out)["true_mi_nats"].get<double>(), 1.0);
  // The files hold exactly the samples `estimate --task ... --seed 3` draws: the same estimate from both.
  auto from_files = run("--x " + x + " --y " + y + " --estimator ksg:k=3 --seed 3 --json", false);
  auto from_task = run("--task gaussian:d=2,mi=1 --n 500 --seed 3 --estimator ksg:k=3 --json", false);
  ASSERT_EQ(from_files.code, 0) << from_files.out;
  ASSERT_EQ(from_task.code, 0) << from_task.out;
  EXPECT_NEAR(nlohmann::json::parse(from_files.out)["mi_nats"].get<double>(),
              nlohmann::json::parse(from_task.out)["mi_nats"].get<double>(), 1e-12);  // CSV: 17 digits round-trip
  auto bad = run_cli("sample --task gaussian:d=1,mi=1 --x out.txt --y " + y);
  EXPECT_NE(bad.code, 0);
  EXPECT_EQ(bad.out, "infotorch: error: --x: expected a path ending in .npy or .csv, got 'out.txt'\n");
}
