// The PNG writer: a valid signature, IHDR with the image's size, and IDAT that inflates back to the pixels; the
// grid layout.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "../error_of.h"
#include "infotorch/training/image.h"

namespace it = infotorch::training;

namespace {

uint32_t png_be32(const std::vector<unsigned char>& b, size_t at) {
  return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) | b[at + 3];
}

}  // namespace

TEST(TrainingImage, PngRoundTripsThePixels) {
  auto img = torch::arange(12, torch::kFloat32).view({3, 4}) / 11.0;
  const auto path = (std::filesystem::temp_directory_path() / ("infotorch_png_" + std::to_string(::getpid()) + ".png")).string();
  it::write_png(path, img);
  std::ifstream f(path, std::ios::binary);
  std::vector<unsigned char> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  ASSERT_GT(b.size(), 33u);
  EXPECT_EQ(std::vector<unsigned char>(b.begin(), b.begin() + 8),
            (std::vector<unsigned char>{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}));
  EXPECT_EQ(std::string(b.begin() + 12, b.begin() + 16), "IHDR");
  EXPECT_EQ(png_be32(b, 16), 4u);  // width
  EXPECT_EQ(png_be32(b, 20), 3u);  // height
  EXPECT_EQ(b[24], 8);         // bit depth
  EXPECT_EQ(b[25], 0);         // grey
  // The IHDR CRC covers type and data.
  EXPECT_EQ(png_be32(b, 29), static_cast<uint32_t>(crc32(0L, b.data() + 12, 17)));
  const size_t idat = 33;
  ASSERT_EQ(std::string(b.begin() + idat + 4, b.begin() + idat + 8), "IDAT");
  const uint32_t len = png_be32(b, idat);
  std::vector<unsigned char> raw(3 * 5);
  uLongf raw_len = raw.size();
  ASSERT_EQ(uncompress(raw.data(), &raw_len, b.data() + idat + 8, len), Z_OK);
  ASSERT_EQ(raw_len, 15u);
  for (int r = 0; r < 3; ++r) {
    EXPECT_EQ(raw[r * 5], 0);  // filter: none
    for (int c = 0; c < 4; ++c) EXPECT_EQ(raw[r * 5 + 1 + c], static_cast<int>(std::lround((r * 4 + c) / 11.0 * 255)));
  }
  EXPECT_EQ(std::string(b.end() - 8, b.end() - 4), "IEND");
  EXPECT_NE(error_of([&] { it::write_png(path, torch::zeros({2, 2, 2})); }), "(no error)");
}

TEST(TrainingImage, GridTilesRowByRow) {
  auto tiles = torch::stack({torch::zeros({2, 2}), torch::ones({2, 2}), torch::full({2, 2}, 0.25)}).unsqueeze(1);
  auto g = it::image_grid(tiles, 2, 1);
  ASSERT_EQ(g.sizes(), (std::vector<int64_t>{2 * 3 + 1, 2 * 3 + 1}));
  EXPECT_FLOAT_EQ(g[1][1].item<float>(), 0.0f);
  EXPECT_FLOAT_EQ(g[1][4].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(g[4][1].item<float>(), 0.25f);
  EXPECT_FLOAT_EQ(g[0][0].item<float>(), 0.5f);  // padding
  EXPECT_FLOAT_EQ(g[4][4].item<float>(), 0.5f);  // the empty fourth cell
}
