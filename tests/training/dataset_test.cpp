// IDX reading (plain and gzip), the Fashion-MNIST loader, and the message when the data are missing.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "../error_of.h"
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

TEST(TrainingDataset, IdxHeadersClaimingMoreThanTheFileAreRefusedBeforeAllocating) {
  auto dir = temp_dir("claims");
  // 60000 x 4096 x 4096 bytes (1 PB) claimed by a 16-byte file, plain and gzip.
  auto huge = idx_bytes({60000, 4096, 4096}, {});
  write_plain(dir + "/huge", huge);
  write_gz(dir + "/huge.gz", huge);
  for (const std::string name : {"huge", "huge.gz"})
    EXPECT_EQ(error_of([&] { it::read_idx(dir + "/" + name); }),
              "read_idx: '" + dir + "/" + name + "': the header claims more data than this machine's memory holds");
  // A header claiming 10 bytes over 1 MiB of zeros: decompression stops once it passes the claim.
  std::vector<unsigned char> zeros(1 << 20, 0);
  write_gz(dir + "/bomb.gz", idx_bytes({10}, zeros));
  EXPECT_EQ(error_of([&] { it::read_idx(dir + "/bomb.gz"); }),
            "read_idx: '" + dir + "/bomb.gz': decompresses to more data than its header claims");
  write_plain(dir + "/short", idx_bytes({5}, {1, 2, 3}));
  EXPECT_EQ(error_of([&] { it::read_idx(dir + "/short"); }),
            "read_idx: '" + dir + "/short': expected 5 bytes of data, found 3");
  // A gzip file cut short.
  std::vector<unsigned char> pixels(3 * 28 * 28);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<unsigned char>(i * 7919);
  write_gz(dir + "/whole.gz", idx_bytes({3, 28, 28}, pixels));
  std::ifstream gz(dir + "/whole.gz", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(gz)), std::istreambuf_iterator<char>());
  std::ofstream(dir + "/cut.gz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_EQ(error_of([&] { it::read_idx(dir + "/cut.gz"); }),
            "read_idx: '" + dir + "/cut.gz' is not a readable (gzip) file (corrupt or truncated)");
  std::filesystem::remove_all(dir);
}

TEST(TrainingDataset, LoadsAnyIdxDirectoryWithLimits) {
  auto dir = temp_dir("set");
  std::vector<unsigned char> img(3 * 28 * 28, 255), lab = {7, 1, 3};
  write_gz(dir + "/train-images-idx3-ubyte.gz", idx_bytes({3, 28, 28}, img));
  write_plain(dir + "/train-labels-idx1-ubyte", idx_bytes({3}, lab));
  write_gz(dir + "/t10k-images-idx3-ubyte.gz", idx_bytes({3, 28, 28}, img));
  write_gz(dir + "/t10k-labels-idx1-ubyte.gz", idx_bytes({3}, lab));
  auto d = it::load_idx({dir, 2, 0});
  ASSERT_EQ(d.train->size(), 2);
  EXPECT_EQ(d.test->size(), 3);
  EXPECT_EQ(d.validation, nullptr);
  auto train = d.train->all();
  EXPECT_EQ(train.inputs.sizes(), (std::vector<int64_t>{2, 1, 28, 28}));
  EXPECT_EQ(train.inputs.scalar_type(), torch::kFloat32);
  EXPECT_FLOAT_EQ(train.inputs.max().item<float>(), 1.0f);
  EXPECT_EQ(d.test->all().labels[0].item<int64_t>(), 7);
  // The class count is the file's (labels up to 7), not that of the two kept images (up to 7 and 1).
  EXPECT_EQ(d.train->num_classes(), 8);
  EXPECT_EQ(d.train->input_shape(), (std::vector<int64_t>{1, 28, 28}));
}

TEST(TrainingDataset, MissingDataNamesTheOptionAndTheDebianPackage) {
  try {
    it::load_idx({"/nonexistent/fashion"});
    FAIL() << "expected an Error";
  } catch (const infotorch::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "data_dir: no train-images-idx3-ubyte[.gz] in '/nonexistent/fashion'; install the Debian package "
              "dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or point data_dir at a directory with "
              "the four IDX files of Fashion-MNIST or MNIST");
  }
}

TEST(TrainingDataset, FashionMnistHasTheKnownShape) {
  if (!std::filesystem::exists(it::DataOptions{}.data_dir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto test = it::load_idx_split(it::DataOptions{}.data_dir, false)->all();
  ASSERT_EQ(test.inputs.sizes(), (std::vector<int64_t>{10000, 1, 28, 28}));
  // Ten balanced classes: 1,000 test images each (Xiao et al. 2017).
  auto counts = torch::bincount(test.labels);
  ASSERT_EQ(counts.size(0), 10);
  EXPECT_TRUE(counts.eq(1000).all().item<bool>());
  EXPECT_GE(test.inputs.min().item<float>(), 0.0f);
  EXPECT_LE(test.inputs.max().item<float>(), 1.0f);
}

namespace {

// 10 samples: input row i is (i, -i), label i % 3, factor 10 i.
std::shared_ptr<it::TensorDataset> small_set() {
  it::Batch b;
  auto i = torch::arange(10, torch::kFloat32);
  b.inputs = torch::stack({i, -i}, 1);
  b.labels = torch::arange(10, torch::kInt64) % 3;
  b.factors = (10 * i).unsqueeze(1);
  return std::make_shared<it::TensorDataset>(b);
}

}  // namespace

TEST(TrainingDataset, TensorDatasetGathersEveryFieldByIndex) {
  auto d = small_set();
  EXPECT_EQ(d->size(), 10);
  EXPECT_EQ(d->num_classes(), 3);
  EXPECT_EQ(d->input_shape(), (std::vector<int64_t>{2}));
  auto b = d->get(torch::tensor({7, 2}, torch::kInt64));
  EXPECT_EQ(b.size(), 2);
  EXPECT_FLOAT_EQ(b.inputs[0][1].item<float>(), -7.0f);
  EXPECT_EQ(b.labels[1].item<int64_t>(), 2);
  EXPECT_FLOAT_EQ(b.factors[0][0].item<float>(), 70.0f);
  EXPECT_TRUE(b.indices.equal(torch::tensor({7, 2}, torch::kInt64)));
  EXPECT_FALSE(b.clean_labels.defined());
  auto s = b.slice(1, 2);
  EXPECT_EQ(s.size(), 1);
  EXPECT_EQ(s.indices[0].item<int64_t>(), 2);
  EXPECT_THROW(d->get(torch::tensor({10}, torch::kInt64)), infotorch::Error);
  EXPECT_THROW(d->get(torch::tensor({-1}, torch::kInt64)), infotorch::Error);
  it::Batch bad;
  bad.inputs = torch::zeros({3, 2});
  bad.labels = torch::zeros({4}, torch::kInt64);
  EXPECT_THROW(it::TensorDataset{bad}, infotorch::Error);
}

TEST(TrainingDataset, SubsetsAndSplitsMapIndicesToTheBase) {
  auto d = small_set();
  auto sub = it::subset(d, torch::tensor({9, 4, 5}, torch::kInt64));
  EXPECT_EQ(sub->size(), 3);
  auto b = sub->get(torch::tensor({1, 0}, torch::kInt64));
  EXPECT_FLOAT_EQ(b.inputs[0][0].item<float>(), 4.0f);
  EXPECT_FLOAT_EQ(b.inputs[1][0].item<float>(), 9.0f);
  EXPECT_TRUE(b.indices.equal(torch::tensor({1, 0}, torch::kInt64)));  // positions in the subset
  EXPECT_EQ(sub->num_classes(), 3);
  EXPECT_EQ(it::head(d, 4)->size(), 4);
  EXPECT_EQ(it::head(d, 0), d);
  auto [a, rest] = it::random_split(d, 6, 3);
  EXPECT_EQ(a->size(), 6);
  EXPECT_EQ(rest->size(), 4);
  // Together the two parts hold every sample once.
  auto all = torch::cat({a->all().inputs.select(1, 0), rest->all().inputs.select(1, 0)});
  EXPECT_TRUE(std::get<0>(all.sort()).equal(torch::arange(10, torch::kFloat32)));
  auto [a2, rest2] = it::random_split(d, 6, 3);
  EXPECT_TRUE(a2->all().inputs.equal(a->all().inputs));  // seeded
}

TEST(TrainingDataset, LabelNoiseFollowsTheTransitionMatrixAndKeepsTheCleanLabels) {
  // 30,000 samples of 3 classes under pair-flip noise r = 0.3: every noisy label is the clean one or the next class,
  // in about 30 % of the samples (binomial sd 0.26 %: the tolerance of 1 % fails a wrong matrix or sampler).
  it::Batch b;
  b.inputs = torch::zeros({30000, 1});
  b.labels = torch::arange(30000, torch::kInt64) % 3;
  auto base = std::make_shared<it::TensorDataset>(b);
  auto noisy = it::with_label_noise(base, it::pair_flip_noise(3, 0.3), 7);
  auto all = noisy->all();
  ASSERT_TRUE(all.clean_labels.defined());
  EXPECT_TRUE(all.clean_labels.equal(b.labels));
  auto flipped = all.labels.ne(all.clean_labels);
  EXPECT_NEAR(flipped.to(torch::kFloat64).mean().item<double>(), 0.3, 0.01);
  EXPECT_TRUE(all.labels.index({flipped}).eq((all.clean_labels.index({flipped}) + 1) % 3).all().item<bool>());
  // Seeded: the same labels again; another seed, other labels.
  EXPECT_TRUE(it::with_label_noise(base, it::pair_flip_noise(3, 0.3), 7)->all().labels.equal(all.labels));
  EXPECT_FALSE(it::with_label_noise(base, it::pair_flip_noise(3, 0.3), 8)->all().labels.equal(all.labels));
  // A batch carries both label sets at the same positions.
  auto some = noisy->get(torch::tensor({5, 17}, torch::kInt64));
  EXPECT_EQ(some.labels[1].item<int64_t>(), all.labels[17].item<int64_t>());
  EXPECT_EQ(some.clean_labels[1].item<int64_t>(), 2);
  // Symmetric noise: the off-diagonal mass r spread evenly; rows sum to one.
  auto t = it::symmetric_noise(4, 0.6);
  EXPECT_NEAR(t[0][0].item<double>(), 0.4, 1e-12);
  EXPECT_NEAR(t[2][1].item<double>(), 0.2, 1e-12);
  EXPECT_TRUE(torch::allclose(t.sum(1), torch::ones({4}, torch::kFloat64)));
  auto sym = it::with_label_noise(base, it::symmetric_noise(3, 0.6), 1)->all();
  EXPECT_NEAR(sym.labels.ne(sym.clean_labels).to(torch::kFloat64).mean().item<double>(), 0.6, 0.01);
  // r = 0 changes nothing; a bad matrix is refused with its name.
  EXPECT_TRUE(it::with_label_noise(base, it::symmetric_noise(3, 0.0), 1)->all().labels.equal(b.labels));
  EXPECT_THROW(it::with_label_noise(base, torch::ones({3, 3}), 1), infotorch::Error);
  EXPECT_THROW(it::with_label_noise(base, torch::eye(2), 1), infotorch::Error);
}
