#include <boost/program_options.hpp>

#include <iostream>

#include "cli/command.h"
#include "cli/config_arguments.h"
#include "config/config_loader.h"
#include "core/error.h"
#include "runtime/threads.h"
#include "train/experiment.h"
#include "train/run_experiment.h"
#include "train/run_report.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_eval(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: sigvit eval CONFIG --checkpoint FILE [--split test] [--set KEY=VALUE]...\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("checkpoint", po::value<std::string>(), "a best.ckpt or last.ckpt of a run")
      ("split", po::value<std::string>()->default_value("test"), "the split of the config's data set to evaluate")
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key, e.g. --set data.path=other.h5")
      ("threads", po::value<int>(), "intra-op threads (default: the config's `threads`, 0: all cores)");
  const po::variables_map vm = parse_config_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options << "\nThe model and its normalisation come from the checkpoint; CONFIG gives the data.\n";
    return 0;
  }
  if (!vm.count("checkpoint")) throw po::error("missing --checkpoint FILE");
  const std::string config_path = vm["config"].as<std::string>();
  const std::string checkpoint = vm["checkpoint"].as<std::string>();
  const std::string split = vm["split"].as<std::string>();
  const auto overrides = overrides_of(vm);

  Experiment experiment(load_config(config_path, overrides), config_path);
  configure_threads(vm.count("threads") ? vm["threads"].as<int>() : experiment.options().threads);
  const torch::Device device = resolve_device(experiment.options().device);
  const ModelCard card = read_checkpoint(checkpoint).card;
  if (card.class_names != experiment.reader().info().class_names) {
    throw Error(checkpoint + ": its classes differ from those of " + experiment.reader().path());
  }
  if (!experiment.has_split(split)) throw Error("--split: '" + split + "' is not in " + experiment.reader().path());
  std::shared_ptr<Classifier> model = build_model_from_card(card, checkpoint);
  load_checkpoint_weights(checkpoint, *model, nullptr);
  model->to(device);
  std::unique_ptr<BatchLoader> loader = experiment.split_loader(split, card);
  const Evaluation evaluation = evaluate(*model, *loader, device);
  std::cout << checkpoint << " on '" << split << "' of " << experiment.reader().path() << ":\n"
            << format_evaluation(card.class_names, evaluation);
  return 0;
}

}  // namespace sigvit::cli
