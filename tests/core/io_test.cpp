#include <gtest/gtest.h>

#include "../error_of.h"

#include <cstdio>
#include <fstream>

#include "infotorch/core/error.h"
#include "infotorch/core/io.h"

using namespace infotorch;

namespace {
std::string io_temp_file(const std::string& name, const std::string& text) {
  std::string path = testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST(Io, CsvWithHeaderAndWithout) {
  auto a = read_csv(io_temp_file("h.csv", "a,b\n1,2\n3,4.5\n"), "--x");
  ASSERT_EQ(a.sizes(), (std::vector<int64_t>{2, 2}));
  EXPECT_DOUBLE_EQ(a[1][1].item<double>(), 4.5);
  auto b = read_csv(io_temp_file("n.csv", "1\n-2e-3\n\n3\n"), "--y");
  ASSERT_EQ(b.sizes(), (std::vector<int64_t>{3, 1}));
  EXPECT_DOUBLE_EQ(b[1][0].item<double>(), -2e-3);
}

TEST(Io, CsvErrorsNameArgumentLineAndExpectation) {
  auto ragged = io_temp_file("r.csv", "1,2\n3\n");
  EXPECT_EQ(error_of([&] { read_csv(ragged, "--x"); }),
            "--x: " + ragged + " line 2: expected 2 columns, got 1 (ragged CSV)");
  auto text = io_temp_file("t.csv", "1,2\n3,abc\n");
  EXPECT_EQ(error_of([&] { read_csv(text, "--y"); }), "--y: " + text + " line 2, column 2: 'abc' is not a number");
  EXPECT_EQ(error_of([&] { read_matrix("/nonexistent/x.csv", "--x"); }),
            "--x: cannot open '/nonexistent/x.csv': No such file or directory");
  EXPECT_EQ(error_of([&] { read_matrix("data.parquet", "--x"); }),
            "--x: 'data.parquet' has an unknown extension; expected .csv or .npy");
}

TEST(Io, NpyRoundTripFloat32AndFloat64) {
  auto t = torch::arange(12, torch::kFloat64).reshape({4, 3}) / 7.0;
  auto p64 = testing::TempDir() + "a64.npy";
  write_npy(p64, t);
  EXPECT_TRUE(torch::equal(read_npy(p64, "--x"), t));
  auto p32 = testing::TempDir() + "a32.npy";
  write_npy(p32, t.to(torch::kFloat32).select(1, 0));
  auto r = read_npy(p32, "--x");
  ASSERT_EQ(r.sizes(), (std::vector<int64_t>{4, 1}));
  EXPECT_TRUE(torch::allclose(r.squeeze(1), t.select(1, 0), 1e-6));
  auto bad = io_temp_file("bad.npy", "hello");
  EXPECT_EQ(error_of([&] { read_npy(bad, "--y"); }), "--y: " + bad + " is not a .npy file (bad magic)");
}

TEST(Io, NpyMatchesNumpyLayout) {
  // A file written by numpy.save (float64, shape (2, 2)), byte for byte.
  const unsigned char header[] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  while ((10 + dict.size() + 1) % 64) dict += ' ';
  dict += '\n';
  auto path = testing::TempDir() + "np.npy";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(header), 8);
    out.put(static_cast<char>(dict.size()));
    out.put(0);
    out << dict;
    double v[4] = {1, 2, 3, 4};
    out.write(reinterpret_cast<const char*>(v), sizeof v);
  }
  auto t = read_npy(path, "--x");
  EXPECT_DOUBLE_EQ(t[1][0].item<double>(), 3.0);
}
