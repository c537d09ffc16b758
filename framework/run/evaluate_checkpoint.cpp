#include "run/evaluate_checkpoint.h"

#include "checkpoint/checkpoint.h"
#include "config/config_loader.h"
#include "engine/evaluator.h"
#include "experiment/experiment.h"
#include "run/run_report.h"
#include "runtime/device.h"
#include "runtime/gemm_backend.h"
#include "runtime/precision.h"
#include "runtime/threads.h"
#include "sigvit/error.h"

namespace sigvit {

void evaluate_checkpoint(const EvalRequest& request, std::ostream& out) {
  Experiment experiment(load_config(request.config_path, request.overrides), request.config_path);
  configure_threads(request.threads.value_or(experiment.options().threads));
  const torch::Device device = resolve_device(experiment.options().device);
  const ModelCard card = read_checkpoint(request.checkpoint).card;
  const std::string& data_path = experiment.reader().path();
  if (card.class_names != experiment.reader().info().class_names) {
    throw Error(request.checkpoint + ": its classes differ from those of " + data_path);
  }
  if (!experiment.has_split(request.split)) {
    throw Error("--split: '" + request.split + "' is not in " + data_path);
  }
  std::shared_ptr<Classifier> model = build_model_from_card(card, request.checkpoint);
  load_checkpoint_weights(request.checkpoint, *model, nullptr);
  model->to(device);
  std::unique_ptr<BatchLoader> loader = experiment.split_loader(request.split, card);
  GemmPlan::process().set_policy(parse_gemm_backend(experiment.options().gemm, "runtime.gemm"));
  const Precision precision = choose_precision(request.precision.value_or(experiment.options().train.precision),
                                               request.precision ? "--precision" : "train.precision",
                                               detect_cpu_features());
  const Evaluation evaluation = evaluate(*model, *loader, device, precision);
  out << request.checkpoint << " on '" << request.split << "' of " << data_path << ":\n"
      << format_evaluation(card.class_names, evaluation) << "precision " << to_string(precision) << ", GEMM "
      << experiment.options().gemm << '\n';
}

}  // namespace sigvit
