// IDX reading (plain and gzip), the Fashion-MNIST loader, and the message when the data are missing.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "infotorch/core/error.h"
#include "infotorch/training/dataset.h"

namespace it = infotorch::training;

namespace {

std::vector<unsigned char> idx_bytes(const std::vector<uint32_t>& dims, const std::vector<unsigned char>& data) {
  std::vector<unsigned char> b = {0, 0, 0x08, static_cast<unsigned char>(dims.size())};
  for (uint32_t d : dims)
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<unsigned char>((d >> s) & 0xff));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

void write_plain(const std::string& path, const std::vector<unsigned char>& b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), b.size());
}

void write_gz(const std::string& path, const std::vector<unsigned char>& b) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, b.data(), static_cast<unsigned>(b.size()));
  gzclose(f);
}

std::string temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("infotorch_h4_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

}  // namespace

TEST(TrainingDataset, ReadsPlainAndGzipIdxTheSame) {
  auto dir = temp_dir("idx");
  std::vector<unsigned char> pixels;
  for (int i = 0; i < 2 * 3 * 4; ++i) pixels.push_back(static_cast<unsigned char>(i * 10));
  auto b = idx_bytes({2, 3, 4}, pixels);
  write_plain(dir + "/a", b);
  write_gz(dir + "/a.gz", b);
  auto plain = it::read_idx(dir + "/a");
  auto gz = it::read_idx(dir + "/a.gz");
  ASSERT_EQ(plain.sizes(), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_TRUE(plain.equal(gz));
  EXPECT_EQ(plain[1][2][3].item<int>(), 230);  // row-major: element 23
}

TEST(TrainingDataset, RejectsTruncatedAndForeignFiles) {
  auto dir = temp_dir("bad");
  write_plain(dir + "/short", idx_bytes({5}, {1, 2, 3}));
  write_plain(dir + "/text", {'h', 'e', 'l', 'l', 'o'});
  EXPECT_THROW(it::read_idx(dir + "/short"), infotorch::Error);
  EXPECT_THROW(it::read_idx(dir + "/text"), infotorch::Error);
}

TEST(TrainingDataset, LoadsAnyIdxDirectoryWithLimits) {
  auto dir = temp_dir("set");
  std::vector<unsigned char> img(3 * 28 * 28, 255), lab = {7, 1, 3};
  write_gz(dir + "/train-images-idx3-ubyte.gz", idx_bytes({3, 28, 28}, img));
  write_plain(dir + "/train-labels-idx1-ubyte", idx_bytes({3}, lab));
  write_gz(dir + "/t10k-images-idx3-ubyte.gz", idx_bytes({3, 28, 28}, img));
  write_gz(dir + "/t10k-labels-idx1-ubyte.gz", idx_bytes({3}, lab));
  auto d = it::load_dataset({dir, 2, 0});
  ASSERT_EQ(d.train.size(), 2);
  EXPECT_EQ(d.test.size(), 3);
  EXPECT_EQ(d.train.images.sizes(), (std::vector<int64_t>{2, 1, 28, 28}));
  EXPECT_EQ(d.train.images.scalar_type(), torch::kFloat32);
  EXPECT_FLOAT_EQ(d.train.images.max().item<float>(), 1.0f);
  EXPECT_EQ(d.test.labels[0].item<int64_t>(), 7);
}

TEST(TrainingDataset, MissingDataNamesTheDebianPackage) {
  try {
    it::load_dataset({"/nonexistent/fashion"});
    FAIL() << "expected an Error";
  } catch (const infotorch::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "--data: no train-images-idx3-ubyte[.gz] in '/nonexistent/fashion'; install the Debian package "
              "dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or pass --data DIR with the four IDX "
              "files of Fashion-MNIST or MNIST");
  }
}

TEST(TrainingDataset, FashionMnistHasTheKnownShape) {
  if (!std::filesystem::exists(it::DataOptions{}.dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto test = it::load_split(it::DataOptions{}.dir, false);
  ASSERT_EQ(test.images.sizes(), (std::vector<int64_t>{10000, 1, 28, 28}));
  // Ten balanced classes: 1,000 test images each (Xiao et al. 2017).
  auto counts = torch::bincount(test.labels);
  ASSERT_EQ(counts.size(0), 10);
  EXPECT_TRUE(counts.eq(1000).all().item<bool>());
  EXPECT_GE(test.images.min().item<float>(), 0.0f);
  EXPECT_LE(test.images.max().item<float>(), 1.0f);
}
