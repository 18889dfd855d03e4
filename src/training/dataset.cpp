#include "infotorch/training/dataset.h"

#include <zlib.h>

#include <fstream>
#include <vector>

#include "infotorch/core/error.h"

namespace infotorch::training {
namespace {

bool exists(const std::string& path) { return std::ifstream(path).good(); }

std::string find_file(const std::string& dir, const std::string& stem) {
  for (const char* suffix : {"", ".gz"}) {
    std::string p = dir + "/" + stem + suffix;
    if (exists(p)) return p;
  }
  throw Error("--data: no " + stem + "[.gz] in '" + dir +
              "'; install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) "
              "or pass --data DIR with the four IDX files of Fashion-MNIST or MNIST");
}

uint32_t big_endian(const unsigned char* b) {
  return (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | uint32_t(b[3]);
}

}  // namespace

torch::Tensor read_idx(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw Error("read_idx: cannot open '" + path + "'");
  std::vector<unsigned char> bytes;
  unsigned char buf[1 << 16];
  int got;
  while ((got = gzread(f, buf, sizeof(buf))) > 0) bytes.insert(bytes.end(), buf, buf + got);
  gzclose(f);
  if (got < 0) throw Error("read_idx: '" + path + "' is not a readable (gzip) file");
  // IDX header: two zero bytes, the element type (0x08 = unsigned byte), the rank, then one
  // big-endian uint32 per dimension (LeCun et al., the MNIST page).
  if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0)
    throw Error("read_idx: '" + path + "' is not an IDX file (bad magic number)");
  if (bytes[2] != 0x08) throw Error("read_idx: '" + path + "': only unsigned-byte IDX files are supported");
  const size_t rank = bytes[3];
  if (rank < 1 || bytes.size() < 4 + 4 * rank) throw Error("read_idx: '" + path + "': truncated header");
  std::vector<int64_t> dims;
  int64_t count = 1;
  for (size_t i = 0; i < rank; ++i) {
    dims.push_back(big_endian(bytes.data() + 4 + 4 * i));
    count *= dims.back();
  }
  const size_t offset = 4 + 4 * rank;
  if (bytes.size() - offset != static_cast<size_t>(count))
    throw Error("read_idx: '" + path + "': expected " + std::to_string(count) + " bytes of data, found " +
                std::to_string(bytes.size() - offset));
  auto t = torch::empty(dims, torch::kUInt8);
  std::memcpy(t.data_ptr<uint8_t>(), bytes.data() + offset, count);
  return t;
}

ImageSet load_split(const std::string& dir, bool train, int64_t limit) {
  const std::string prefix = train ? "train" : "t10k";
  auto images = read_idx(find_file(dir, prefix + "-images-idx3-ubyte"));
  auto labels = read_idx(find_file(dir, prefix + "-labels-idx1-ubyte"));
  if (images.dim() != 3) throw Error("--data: " + prefix + " images must be N x H x W");
  if (labels.dim() != 1 || labels.size(0) != images.size(0))
    throw Error("--data: " + prefix + " labels must hold one label per image");
  ImageSet set{images.unsqueeze(1).to(torch::kFloat32).div_(255.0), labels.to(torch::kInt64)};
  return head(set, limit);
}

Dataset load_dataset(const DataOptions& options) {
  return Dataset{load_split(options.dir, true, options.train_limit), load_split(options.dir, false, options.test_limit)};
}

ImageSet head(const ImageSet& set, int64_t n) {
  if (n <= 0 || n >= set.size()) return set;
  return ImageSet{set.images.slice(0, 0, n).contiguous(), set.labels.slice(0, 0, n).contiguous()};
}

}  // namespace infotorch::training
