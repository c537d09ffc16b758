#include <boost/program_options.hpp>

#include <iostream>

#include "cli/parsing/command.h"
#include "cli/parsing/config_arguments.h"
#include "predict/predictions.h"
#include "runtime/device.h"
#include "runtime/precision.h"
#include "runtime/threads.h"

namespace po = boost::program_options;

namespace sigvit::cli {

int run_predict(const std::vector<std::string>& args) {
  po::options_description options("usage: sigvit predict --checkpoint FILE [options] INPUT...\n\noptions");
  options.add_options()
      ("help,h", "show this help")
      ("checkpoint", po::value<std::string>(), "a best.ckpt or last.ckpt of a run")
      ("top-k", po::value<int64_t>()->default_value(3), "classes to show per input")
      ("split", po::value<std::string>(), "of an .h5 input: only this split (default: every split)")
      ("resample", "resample audio recorded at another rate (linear interpolation) instead of refusing it")
      ("json", "print a JSON array instead of a table")
      ("device", po::value<std::string>()->default_value("cpu"), "cpu, cuda or cuda:N")
      ("threads", po::value<int>()->default_value(0), "intra-op threads (0: all cores)")
      ("precision", po::value<std::string>()->default_value("fp32"), "fp32, bf16 or auto (bf16 is fast only with AMX or AVX512-BF16)");
  const po::variables_map vm = parse_checkpoint_input_arguments(args, options);
  if (vm.count("help")) {
    std::cout << options
              << "\nINPUT: an audio file (WAV, FLAC, ...) for a signal model, a PNG/PGM/PPM image for an image\n"
                 "model, arrays of either kind (.npy; .npz with X and optionally y; a .csv of a case per row,\n"
                 "with an optional label column), or an .h5 data set (every case is predicted; known labels\n"
                 "are shown).\n"
                 "The checkpoint holds the model, its classes and the training data's normalisation.\n";
    return 0;
  }
  configure_threads(vm["threads"].as<int>());
  const Precision precision = choose_precision(vm["precision"].as<std::string>(), "--precision", detect_cpu_features());
  const Predictor predictor(vm["checkpoint"].as<std::string>(), resolve_device(vm["device"].as<std::string>()),
                            precision);
  InputOptions input_options;
  if (vm.count("split")) input_options.split = vm["split"].as<std::string>();
  input_options.resample = vm.count("resample") > 0;
  const std::vector<Prediction> predictions = predict_files(
      predictor, vm["input"].as<std::vector<std::string>>(), input_options, vm["top-k"].as<int64_t>());
  std::cout << (vm.count("json") ? predictions_json(predictions) : format_predictions(predictions));
  return 0;
}

}  // namespace sigvit::cli
