// The one home of random generators and seeds: every seeded draw in the library starts here.
#pragma once
#include <ATen/core/Generator.h>

#include <cstdint>

namespace infotorch {

// A CPU generator seeded with `seed` (draws on the CPU, so a run is a function of its seed whatever the device).
at::Generator make_generator(uint64_t seed);

// A well-mixed seed for (seed, a, b, stream) (splitmix64 over the four words), so a draw is a function of where
// it happens (epoch and step of a training run, fold of an estimate), not of what was drawn before. Draws that
// must differ between the processes of a distributed run fold the rank into `stream` (rank_stream); draws that
// must agree (the data order every rank shards) leave it out.
uint64_t derive_seed(uint64_t seed, uint64_t a, uint64_t b, uint64_t stream = 0);

// `stream` made distinct for process `rank` of a distributed run (rank 0 keeps the stream unchanged).
uint64_t rank_stream(uint64_t stream, int64_t rank);

}  // namespace infotorch
