#!/usr/bin/env bash
# Installs every Debian 12 package infotorch builds, tests and benchmarks with. Idempotent.
set -euo pipefail
PACKAGES=(
  build-essential cmake ccache
  libtorch-dev libopenblas0-pthread          # LibTorch 1.13 (CPU); OpenBLAS, or LibTorch uses reference BLAS (~30x slower)
  libgloo-dev                                # Gloo's headers, which LibTorch's c10d Gloo backend includes (multi-process training)
  libcli11-dev nlohmann-json3-dev zlib1g-dev # CLI, JSON, gzip (IDX data)
  libgtest-dev libbenchmark-dev              # tests, micro-benchmarks
  clang libclang-rt-14-dev                   # fuzz targets (libFuzzer is in clang 14's runtime library)
  gnuplot-nox                                # PNG plots
  dataset-fashion-mnist                      # real image data for the recipes
  python3-torch python3-numpy python3-dev pybind11-dev  # the Python package (/usr/bin/python3's torch)
  python3-pytest python3-sklearn              # its tests; scikit-learn as a reference for tests and benchmarks
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
