#include "infotorch/core/random.h"

#include <ATen/CPUGeneratorImpl.h>

namespace infotorch {

at::Generator make_generator(uint64_t seed) { return at::detail::createCPUGenerator(seed); }

uint64_t derive_seed(uint64_t seed, uint64_t a, uint64_t b, uint64_t stream) {
  // splitmix64 (Steele et al. 2014) applied to each word in turn.
  auto mix = [](uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  uint64_t h = mix(seed);
  h = mix(h ^ a);
  h = mix(h ^ b);
  h = mix(h ^ stream);
  return h >> 1;  // generators take the seed as uint64, but keep it representable as int64 as well
}

uint64_t rank_stream(uint64_t stream, int64_t rank) {
  // The rank in the high half: streams in use are small numbers, so no two (stream, rank) pairs collide.
  return stream ^ (static_cast<uint64_t>(rank) << 32);
}

}  // namespace infotorch
