// Precompiled header: the expensive includes every translation unit shares.
#pragma once
#include <torch/torch.h>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>
