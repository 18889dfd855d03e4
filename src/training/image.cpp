#include "infotorch/training/image.h"

#include <zlib.h>

#include <fstream>
#include <vector>

#include "infotorch/core/error.h"
#include "infotorch/core/validate.h"

namespace infotorch::training {

torch::Tensor image_grid(const torch::Tensor& images, int64_t columns, int64_t pad) {
  auto x = images.detach().to(torch::kFloat32).cpu();
  if (x.dim() == 4) {
    if (x.size(1) != 1) throw Error("images: expected one channel, got " + shape_str(images));
    x = x.squeeze(1);
  }
  if (x.dim() != 3 || x.size(0) < 1) throw Error("images: expected N x 1 x H x W or N x H x W, got " + shape_str(images));
  check_positive(static_cast<double>(columns), "columns");
  if (pad < 0) throw Error("pad: expected >= 0, got " + std::to_string(pad));
  const int64_t n = x.size(0), h = x.size(1), w = x.size(2);
  const int64_t cols = std::min(columns, n), rows = (n + cols - 1) / cols;
  auto out = torch::full({rows * (h + pad) + pad, cols * (w + pad) + pad}, 0.5f);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t r = i / cols, c = i % cols;
    out.slice(0, pad + r * (h + pad), pad + r * (h + pad) + h).slice(1, pad + c * (w + pad), pad + c * (w + pad) + w).copy_(x[i]);
  }
  return out;
}

namespace {

void png_put32(std::vector<unsigned char>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<unsigned char>((v >> s) & 0xff));
}

// A PNG chunk: length, type, data, CRC-32 of type + data (PNG specification, Sec. 5.3).
void png_chunk(std::vector<unsigned char>& out, const char* type, const std::vector<unsigned char>& data) {
  png_put32(out, static_cast<uint32_t>(data.size()));
  std::vector<unsigned char> body(type, type + 4);
  body.insert(body.end(), data.begin(), data.end());
  out.insert(out.end(), body.begin(), body.end());
  png_put32(out, static_cast<uint32_t>(crc32(0L, body.data(), static_cast<uInt>(body.size()))));
}

}  // namespace

void write_png(const std::string& path, const torch::Tensor& image) {
  if (image.dim() != 2 || image.numel() == 0) throw Error("image: expected H x W, got " + shape_str(image));
  auto px = (image.detach().to(torch::kFloat32).cpu().clamp(0, 1) * 255).round().to(torch::kUInt8).contiguous();
  const int64_t h = px.size(0), w = px.size(1);
  // Scanlines, each led by filter type 0 (none).
  std::vector<unsigned char> raw;
  raw.reserve(static_cast<size_t>(h * (w + 1)));
  const auto* p = px.data_ptr<uint8_t>();
  for (int64_t r = 0; r < h; ++r) {
    raw.push_back(0);
    raw.insert(raw.end(), p + r * w, p + (r + 1) * w);
  }
  uLongf zsize = compressBound(static_cast<uLong>(raw.size()));
  std::vector<unsigned char> z(zsize);
  if (compress2(z.data(), &zsize, raw.data(), static_cast<uLong>(raw.size()), 6) != Z_OK)
    throw Error("write_png: compression failed for " + path);
  z.resize(zsize);
  std::vector<unsigned char> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<unsigned char> ihdr;
  png_put32(ihdr, static_cast<uint32_t>(w));
  png_put32(ihdr, static_cast<uint32_t>(h));
  for (unsigned char b : {8, 0, 0, 0, 0}) ihdr.push_back(b);  // 8-bit, grey, deflate, adaptive filter, no interlace
  png_chunk(out, "IHDR", ihdr);
  png_chunk(out, "IDAT", z);
  png_chunk(out, "IEND", {});
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
  if (!f) throw Error("write_png: cannot write " + path);
}

}  // namespace infotorch::training
