#!/usr/bin/env bash
# ctest "consumer": install the built package into BUILD/consumer/prefix, then configure, build and run
# tests/consumer against it with find_package(infotorch). Its main.cpp must be the README's C++ example.
set -euo pipefail
build=$1 src=$2
work=$build/consumer
# The README's ```cpp block under "## C++" is main.cpp, verbatim.
awk '/^## C\+\+/{c=1} c&&/^```cpp/{p=1;next} p&&/^```/{exit} p' "$src/README.md" | diff - "$src/tests/consumer/main.cpp" ||
  { echo "README's C++ example and tests/consumer/main.cpp differ" >&2; exit 1; }
cmake --install "$build" --prefix "$work/prefix" > /dev/null
launcher=$(command -v ccache || true)  # as the main build: ccache when present
cmake -S "$src/tests/consumer" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/prefix" \
  ${launcher:+-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher} > /dev/null
cmake --build "$work/build"
"$work/build/consumer"
