// Reading and writing sample matrices: CSV (optional header row) and NPY as NumPy writes it (bool, int, uint,
// float16/32/64, either byte order, C or Fortran order; 1-D or 2-D). Every error names `arg` and the file.
#pragma once
#include <torch/torch.h>

#include <string>

namespace infotorch {

// Reads `path` by extension (.csv or .npy) into an N x d float64 tensor (1-D data becomes N x 1).
// `arg` names the argument in errors ("x").
torch::Tensor read_matrix(const std::string& path, const std::string& arg);
torch::Tensor read_csv(const std::string& path, const std::string& arg);
torch::Tensor read_npy(const std::string& path, const std::string& arg);

// Writes a 1-D or 2-D float tensor as .npy (float32 or float64, as the tensor is) or .csv.
void write_npy(const std::string& path, const torch::Tensor& t);
void write_csv(const std::string& path, const torch::Tensor& t, const std::vector<std::string>& header = {});

}  // namespace infotorch
