#pragma once

#include <cstdint>

namespace sigvit {

// A float32 matrix in memory sigvit does not own: element (i, j) is at
// data[i * row_stride + j * column_stride], so a transposed view is the same
// memory with the strides swapped.
struct MatrixView {
  const float* data = nullptr;
  int64_t rows = 0, columns = 0;
  int64_t row_stride = 0, column_stride = 1;
};

// The view of a 2-D float tensor's memory (a template so that this header
// needs no LibTorch; a torch::Tensor is what callers pass).
template <typename Tensor>
MatrixView view_of(const Tensor& matrix) {
  return MatrixView{matrix.template data_ptr<float>(), matrix.size(0), matrix.size(1), matrix.stride(0),
                    matrix.stride(1)};
}

// output[a.rows, b.columns] (dense, row-major) = a * b (+ bias[b.columns] on
// every row, when given), by oneDNN's matmul primitive on the views' own
// memory, with no copies. Primitives are created once per shape and layout
// and kept for the process. Throws sigvit::Error when oneDNN refuses.
void onednn_matmul(const MatrixView& a, const MatrixView& b, const float* bias, float* output);

}  // namespace sigvit
