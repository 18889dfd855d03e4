// .npy files as NumPy writes them (tests/core/data/make_npy.py): every numeric dtype, either byte order and
// Fortran order are read as the same table; what is no table of numbers is refused naming the file; headers
// that claim more data than the file holds are refused before anything is allocated.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "../error_of.h"
#include "infotorch/core/io.h"

using infotorch::read_npy;

namespace {

std::string npy_fixture(const std::string& name) { return std::string(INFOTORCH_SOURCE_DIR) + "/tests/core/data/" + name + ".npy"; }

torch::Tensor npy_table(std::initializer_list<double> v) {
  return torch::tensor(std::vector<double>(v), torch::kFloat64).reshape({3, 2});
}

// A version-1 .npy file with the given header dict and data bytes.
std::string npy_file(const std::string& name, std::string dict, const std::string& data) {
  while ((10 + dict.size() + 1) % 64) dict += ' ';
  dict += '\n';
  auto path = testing::TempDir() + "infotorch_npy_" + name + ".npy";
  std::ofstream out(path, std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  out.put(static_cast<char>(dict.size() & 0xff));
  out.put(static_cast<char>(dict.size() >> 8));
  out << dict << data;
  return path;
}

}  // namespace

TEST(Npy, ReadsEveryIntegerDtypeAndByteOrderNumpyWrites) {
  const auto expected = npy_table({0, 1, 2, 3, 4, 5});
  for (const char* name : {"i1", "u1", "i2_le", "i4_be", "u8_be", "i4_be_fortran"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(torch::equal(read_npy(npy_fixture(name), "x"), expected));
  }
  EXPECT_TRUE(torch::equal(read_npy(npy_fixture("i8_le"), "x"), npy_table({-3, -2, -1, 0, 1, 2})));  // sign kept
}

TEST(Npy, ReadsFloat16To64BigEndianAndFortranOrder) {
  const auto quarters = npy_table({0, 0.25, 0.5, 0.75, 1, 1.25});  // exact in float16 too
  for (const char* name : {"f2_le", "f4_be", "f8_be", "f8_fortran"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(torch::equal(read_npy(npy_fixture(name), "x"), quarters));
  }
}

TEST(Npy, ReadsBooleansAndVectors) {
  EXPECT_TRUE(torch::equal(read_npy(npy_fixture("bool"), "x"), npy_table({0, 1, 1, 1, 0, 0})));
  auto v = read_npy(npy_fixture("vector_f8"), "y");
  EXPECT_TRUE(torch::equal(v, torch::tensor({1.5, -2.0, 3.25}, torch::kFloat64).unsqueeze(1)));
}

TEST(Npy, RefusesWhatIsNoTableOfNumbersNamingTheFile) {
  const auto obj = npy_fixture("object"), cplx = npy_fixture("complex"), rec = npy_fixture("structured"),
             cube = npy_fixture("three_d"), str = npy_fixture("strings");
  EXPECT_EQ(error_of([&] { read_npy(obj, "x"); }),
            "x: " + obj + " holds Python objects (dtype '|O'); expected a table of numbers");
  EXPECT_EQ(error_of([&] { read_npy(cplx, "x"); }),
            "x: " + cplx + " holds complex numbers (dtype '<c16'); expected real numbers");
  EXPECT_EQ(error_of([&] { read_npy(rec, "x"); }),
            "x: " + rec + " has a structured dtype (named fields); expected a plain table of numbers");
  EXPECT_EQ(error_of([&] { read_npy(cube, "x"); }), "x: " + cube + " has 3 dimensions; expected 1-D or 2-D");
  EXPECT_EQ(error_of([&] { read_npy(str, "x"); }),
            "x: " + str + " has dtype '<U2'; expected bool, int, uint or float values");
}

TEST(Npy, HeaderClaimingMoreThanTheFileIsRefusedBeforeAllocating) {
  // 10^12 rows of float64 (16 TB) in a 96-byte file: an error, not an allocation.
  auto huge = npy_file("huge", "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 2), }", "");
  EXPECT_EQ(error_of([&] { read_npy(huge, "x"); }),
            "x: " + huge + " is truncated: the header claims 1000000000000 x 2 values (16000000000000 bytes), the "
            "file holds 0 bytes of data");
  // A product that overflows 64 bits.
  auto overflow = npy_file("overflow", "{'descr': '<f8', 'fortran_order': False, 'shape': (72057594037927936, 4096), }", "");
  EXPECT_EQ(error_of([&] { read_npy(overflow, "x"); }),
            "x: " + overflow + " claims a shape of 72057594037927936 x 4096, too large for any file");
  auto longer = npy_file("longer", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", std::string(16, '\0'));
  EXPECT_EQ(error_of([&] { read_npy(longer, "x"); }),
            "x: " + longer + " is longer than its header says: the header claims 1 x 1 values (8 bytes), the file "
            "holds 16 bytes of data");
  auto empty = npy_file("empty", "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", "");
  EXPECT_EQ(error_of([&] { read_npy(empty, "x"); }), "x: " + empty + " holds no data rows");
}

TEST(Npy, MalformedHeadersGetOneLineErrors) {
  auto no_shape = npy_file("noshape", "{'descr': '<f8', 'fortran_order': False, }", "");
  EXPECT_EQ(error_of([&] { read_npy(no_shape, "x"); }), "x: " + no_shape + " .npy header lacks 'shape'");
  auto bad_order = npy_file("order", "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", "");
  EXPECT_EQ(error_of([&] { read_npy(bad_order, "x"); }),
            "x: " + bad_order + " has a malformed 'fortran_order' (expected True or False)");
  // A control character in the dtype is shown as '?', so the message stays on one line.
  auto ctrl = npy_file("ctrl", "{'descr': '<\nz8', 'fortran_order': False, 'shape': (1,), }", "");
  EXPECT_EQ(error_of([&] { read_npy(ctrl, "x"); }),
            "x: " + ctrl + " has dtype '<?z8'; expected bool, int, uint or float values");
}
