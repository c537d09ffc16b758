#include "runtime/onednn_matmul.h"

#include <dnnl.hpp>

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <unordered_map>

#include "sigvit/error.h"

namespace sigvit {
namespace {

using Layout = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, bool>;

struct OneDnn {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  std::mutex mutex;
  std::map<Layout, dnnl::matmul> primitives;
};

OneDnn& onednn() {
  static OneDnn instance;
  return instance;
}

dnnl::memory::desc describe(const MatrixView& view) {
  return dnnl::memory::desc({view.rows, view.columns}, dnnl::memory::data_type::f32,
                            dnnl::memory::dims{view.row_stride, view.column_stride});
}

dnnl::matmul create(OneDnn& context, const MatrixView& a, const MatrixView& b, bool with_bias) {
  const dnnl::memory::desc output({a.rows, b.columns}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab);
  const dnnl::memory::desc bias = with_bias ? dnnl::memory::desc({1, b.columns}, dnnl::memory::data_type::f32,
                                                                 dnnl::memory::format_tag::ab)
                                            : dnnl::memory::desc();
  const dnnl::matmul::desc operation(describe(a), describe(b), bias, output);
  return dnnl::matmul(dnnl::matmul::primitive_desc(operation, context.engine));
}

}  // namespace

void onednn_matmul(const MatrixView& a, const MatrixView& b, const float* bias, float* output) {
  if (a.columns != b.rows) {
    throw Error("onednn_matmul: inner sizes differ (" + std::to_string(a.columns) + " and " + std::to_string(b.rows) +
                ")");
  }
  OneDnn& context = onednn();
  const Layout layout{a.rows,         a.columns,       b.columns,       a.row_stride, a.column_stride,
                      b.row_stride,   b.column_stride, bias != nullptr};
  dnnl::matmul primitive;
  try {
    std::lock_guard<std::mutex> lock(context.mutex);
    auto found = context.primitives.find(layout);
    if (found == context.primitives.end()) {
      found = context.primitives.emplace(layout, create(context, a, b, bias != nullptr)).first;
    }
    primitive = found->second;
    // One product at a time: each already spreads over all intra-op threads.
    // oneDNN reads its inputs through non-const handles but does not write them.
    dnnl::memory a_memory(describe(a), context.engine, const_cast<float*>(a.data));
    dnnl::memory b_memory(describe(b), context.engine, const_cast<float*>(b.data));
    dnnl::memory output_memory({{a.rows, b.columns}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab},
                               context.engine, output);
    std::unordered_map<int, dnnl::memory> arguments{
        {DNNL_ARG_SRC, a_memory}, {DNNL_ARG_WEIGHTS, b_memory}, {DNNL_ARG_DST, output_memory}};
    if (bias) {
      arguments.emplace(DNNL_ARG_BIAS,
                        dnnl::memory({{1, b.columns}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab},
                                     context.engine, const_cast<float*>(bias)));
    }
    primitive.execute(context.stream, arguments);
    context.stream.wait();
  } catch (const dnnl::error& error) {
    throw Error("oneDNN matmul of [" + std::to_string(a.rows) + ", " + std::to_string(a.columns) + "] x [" +
                std::to_string(b.rows) + ", " + std::to_string(b.columns) + "] failed: " + error.what());
  }
}

}  // namespace sigvit
