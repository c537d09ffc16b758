#include "export/torchscript_export.h"

#include <torch/csrc/jit/frontend/tracer.h>

#include <map>
#include <sstream>

#include "runtime/gemm_backend.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

std::vector<std::string> split_name(const std::string& name) {
  std::vector<std::string> parts;
  std::stringstream stream(name);
  for (std::string part; std::getline(stream, part, '.');) parts.push_back(part);
  return parts;
}

// Registers `tensor` under its dotted name, creating the submodules on the
// way; the tracer then reads it as self.<path> instead of a constant.
void register_tensor(torch::jit::Module& root, const std::shared_ptr<torch::jit::CompilationUnit>& unit,
                     const std::string& name, const torch::Tensor& tensor, bool is_buffer) {
  const std::vector<std::string> parts = split_name(name);
  torch::jit::Module module = root;
  std::string path;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    // A class name may not start with a digit as a list index does
    // ("blocks.0"), so each class is named after its whole path.
    path += (path.empty() ? "" : "_") + parts[i];
    if (!module.hasattr(parts[i])) {
      module.register_module(parts[i], torch::jit::Module(c10::QualifiedName("__torch__.sigvit." + path), unit,
                                                          /*shouldMangle=*/true));
    }
    module = module.attr(parts[i]).toModule();
  }
  module.register_parameter(parts.back(), tensor, is_buffer);
}

// The GEMM plan's process-wide policy, restored on every way out.
class BlasPolicyScope {
 public:
  BlasPolicyScope() : saved_(GemmPlan::process().policy()) { GemmPlan::process().set_policy(GemmBackend::blas); }
  ~BlasPolicyScope() { GemmPlan::process().set_policy(saved_); }

 private:
  GemmBackend saved_;
};

}  // namespace

torch::jit::Module trace_to_torchscript(Classifier& model, int64_t example_batch) {
  auto unit = std::make_shared<torch::jit::CompilationUnit>();
  torch::jit::Module root(c10::QualifiedName("__torch__.sigvit.Classifier"), unit, /*shouldMangle=*/true);
  model.eval();
  for (const auto& item : model.named_parameters()) register_tensor(root, unit, item.key(), item.value(), false);
  for (const auto& item : model.named_buffers()) register_tensor(root, unit, item.key(), item.value(), true);

  std::vector<int64_t> shape = model.input_shape();
  shape.insert(shape.begin(), example_batch);
  const torch::Tensor example = torch::randn(shape);
  BlasPolicyScope blas;
  torch::NoGradGuard no_grad;
  const auto traced = [&](torch::jit::Stack inputs) -> torch::jit::Stack {
    ModelInput input;
    input.x = inputs.at(0).toTensor();
    return {model.forward(input).logits};
  };
  const auto no_names = [](const torch::autograd::Variable&) { return std::string(); };
  std::shared_ptr<torch::jit::tracer::TracingState> state;
  try {
    state = torch::jit::tracer::trace({example}, traced, no_names, /*strict=*/false, /*force_outplace=*/false, &root)
                .first;
  } catch (const std::exception& e) {
    torch::jit::tracer::abandon();
    throw Error(std::string("TorchScript export: tracing the model failed (") + e.what() + ")");
  }
  auto method = unit->create_function(c10::QualifiedName(*root.type()->name(), "forward"), state->graph);
  root.type()->addMethod(method);
  return root;
}

}  // namespace sigvit
