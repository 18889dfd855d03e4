// `infotorch`: a launcher without LibTorch. LibTorch's OpenMP workers spin after each parallel region by
// default, and OpenBLAS (which LibTorch calls for matmuls) runs its own threads, which poll for about 2^28
// cycles after each call: on a machine with as many threads as cores the two pools fight for the cores, and
// small models train 2x slower with 2 threads than with 1 (docs/results/speed.md). Both libraries read their
// settings from the environment while they load, before any code of ours runs, so this launcher sets them
// (unless the user chose a setting) and executes the real program, infotorch-core, next to it: LibTorch's
// start-up is paid once (docs/results/reliability.md).
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  (void)argc;
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);  // 0: a value the user set wins
  setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0);
  char path[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) {
    std::fprintf(stderr, "infotorch: error: cannot find this program's path: %s\n", std::strerror(errno));
    return 1;
  }
  path[n] = '\0';
  char* slash = std::strrchr(path, '/');
  const char core[] = "infotorch-core";
  if (slash == nullptr || static_cast<size_t>(slash + 1 - path) + sizeof core > sizeof path) return 1;
  std::memcpy(slash + 1, core, sizeof core);
  execv(path, argv);
  std::fprintf(stderr, "infotorch: error: cannot run %s: %s\n", path, std::strerror(errno));
  return 1;
}
