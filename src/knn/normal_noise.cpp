#include "infotorch/knn/normal_noise.h"

#include <cmath>

namespace infotorch::knn {

namespace {

constexpr int kLayers = 128;
constexpr double kR = 3.442619855899;          // right edge of the base layer
constexpr double kV = 9.91256303526217e-3;     // area of every layer (base: rectangle + tail)

double f(double x) { return std::exp(-0.5 * x * x); }  // the unnormalised density

struct Tables {
  double x[kLayers + 1];   // layer i spans [0, x[i]] across and [f(x[i]), f(x[i + 1])] up; x[kLayers] = 0
  double fx[kLayers + 1];  // f(x[i])
  double ratio[kLayers];   // x[i + 1] / x[i]: below it a point of layer i is under the curve for sure
  Tables() {
    x[0] = kV / f(kR);  // the base layer as a rectangle of area V: its part beyond R stands for the tail
    x[1] = kR;
    for (int i = 2; i < kLayers; ++i) x[i] = std::sqrt(-2.0 * std::log(kV / x[i - 1] + f(x[i - 1])));
    x[kLayers] = 0.0;
    for (int i = 0; i <= kLayers; ++i) fx[i] = f(x[i]);
    fx[0] = 0.0;  // the base layer starts at height 0
    for (int i = 0; i < kLayers; ++i) ratio[i] = x[i + 1] / x[i];
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

}  // namespace

double NormalNoise::operator()() {
  const Tables& t = tables();
  while (true) {
    const uint64_t w = next();
    const int i = static_cast<int>(w & (kLayers - 1));
    const double u = 2.0 * (static_cast<double>(w >> 11) * 0x1.0p-53) - 1.0;  // [-1, 1), bits apart from i's
    if (std::fabs(u) < t.ratio[i]) return u * t.x[i];
    if (i == 0) {
      // The tail beyond R (Marsaglia 1964): R + a with a drawn from the tail's exponential envelope.
      double a, b;
      do {
        a = -std::log(uniform()) / kR;
        b = -std::log(uniform());
      } while (b + b < a * a);
      return u > 0 ? kR + a : -(kR + a);
    }
    // The layer's sliver outside the inner rectangle: accept under the curve.
    const double v = u * t.x[i];
    if (t.fx[i] + uniform() * (t.fx[i + 1] - t.fx[i]) < f(v)) return v;
  }
}

}  // namespace infotorch::knn
