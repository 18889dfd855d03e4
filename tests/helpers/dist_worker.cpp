// The worker program of tests/training/distributed_test.cpp: one rank of a run over a c10d FileStore.
//   dist_worker step MODE STORE RANK WORLD OUT BUCKET_MIB
//                                                one training step (dist_model.h); saves {loss, parameters}
//   dist_worker nan POLICY STORE RANK WORLD OUT
//                                                one "rows" step in which rank 1's loss is NaN (on_nonfinite =
//                                                POLICY); saves {loss, parameters, skipped}
//   dist_worker loop STORE RANK WORLD TIMEOUT_S READY
//                                                steps until a collective fails; touches READY after the first
// A failed collective (CommError) prints its message and exits 3, as the CLI does for a failed run.
#include <cstdio>
#include <fstream>
#include <string>

#include "dist_model.h"
#include "infotorch/training/data_parallel.h"
#include "infotorch/training/distributed.h"

namespace it = infotorch::training;

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if (mode == "step" && argc == 8) {
      const int64_t rank = std::stoll(argv[4]), world = std::stoll(argv[5]);
      it::DistributedOptions d;
      d.timeout_s = 60;
      d.bucket_mib = std::stod(argv[7]);
      it::StepOptions o;
      o.group = it::ProcessGroup::connect_file(argv[3], rank, world, d);
      auto out = dist_test::one_step(argv[2], o, rank, world);
      torch::save(out, argv[6]);
      o.group->barrier();  // no rank leaves (closing its connections) while another still exchanges
      return 0;
    }
    if (mode == "nan" && argc == 7) {
      const int64_t rank = std::stoll(argv[4]), world = std::stoll(argv[5]);
      it::DistributedOptions d;
      d.timeout_s = 60;
      it::StepOptions o;
      o.on_nonfinite = argv[2];
      o.group = it::ProcessGroup::connect_file(argv[3], rank, world, d);
      try {
        auto out = dist_test::one_step("rows", o, rank, world, rank == 1);
        torch::save(out, argv[6]);
      } catch (const infotorch::RunError& e) {
        std::fprintf(stderr, "infotorch: error: %s\n", e.what());
        o.group->barrier();
        return 3;
      }
      o.group->barrier();
      return 0;
    }
    if (mode == "loop" && argc == 7) {
      const int64_t rank = std::stoll(argv[3]), world = std::stoll(argv[4]);
      it::DistributedOptions d;
      d.timeout_s = std::stod(argv[5]);
      it::StepOptions o;
      o.group = it::ProcessGroup::connect_file(argv[2], rank, world, d);
      for (int64_t step = 0;; ++step) {
        dist_test::one_step("simclr", o, rank, world);
        if (step == 0) std::ofstream(argv[6]) << "ready\n";
      }
    }
  } catch (const it::CommError& e) {
    std::fprintf(stderr, "infotorch: error: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "worker: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: dist_worker step MODE STORE RANK WORLD OUT BUCKET_MIB | nan POLICY STORE RANK WORLD OUT | loop STORE RANK WORLD TIMEOUT_S READY\n");
  return 2;
}
