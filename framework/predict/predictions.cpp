#include "predict/predictions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "sigvit/error.h"

namespace sigvit {

std::vector<Prediction> predict_files(const Predictor& predictor, const std::vector<std::string>& files,
                                      const InputOptions& options, int64_t top_k, int64_t batch_size) {
  if (top_k < 1) throw Error("--top-k: expected an integer >= 1, got " + std::to_string(top_k));
  const std::vector<std::string>& class_names = predictor.card().class_names;
  const int64_t k = std::min<int64_t>(top_k, static_cast<int64_t>(class_names.size()));
  std::vector<Prediction> predictions;
  for (const std::string& file : files) {
    for (const InputGroup& group : read_prediction_inputs(file, predictor.card(), predictor.input_shape(), options)) {
      const int64_t count = group.x.size(0);
      for (int64_t begin = 0; begin < count; begin += batch_size) {
        const int64_t size = std::min(batch_size, count - begin);
        const torch::Tensor probabilities = predictor.probabilities(
            group.x.narrow(0, begin, size), group.lengths.defined() ? group.lengths.narrow(0, begin, size) : group.lengths);
        const auto [values, indices] = probabilities.topk(k, 1);
        const auto value_at = values.accessor<float, 2>();
        const auto index_at = indices.accessor<int64_t, 2>();
        for (int64_t i = 0; i < size; ++i) {
          const size_t index = static_cast<size_t>(begin + i);
          Prediction prediction{group.names[index], std::nullopt, {}};
          if (!group.labels.empty()) prediction.truth = group.labels[index];
          for (int64_t j = 0; j < k; ++j) {
            prediction.top.push_back({class_names.at(static_cast<size_t>(index_at[i][j])), value_at[i][j]});
          }
          predictions.push_back(std::move(prediction));
        }
      }
    }
  }
  return predictions;
}

std::string format_predictions(const std::vector<Prediction>& predictions) {
  size_t input_width = 5;
  for (const Prediction& prediction : predictions) input_width = std::max(input_width, prediction.input.size());
  std::ostringstream out;
  for (const Prediction& prediction : predictions) {
    std::string line = prediction.input + std::string(input_width - prediction.input.size(), ' ');
    if (prediction.truth) line += "  (label " + *prediction.truth + ")";
    for (const ClassProbability& entry : prediction.top) {
      char probability[16];
      std::snprintf(probability, sizeof probability, "%.4f", entry.probability);
      line += "  " + entry.label + " " + probability;
    }
    out << line << "\n";
  }
  return out.str();
}

std::string predictions_json(const std::vector<Prediction>& predictions) {
  nlohmann::json all = nlohmann::json::array();
  for (const Prediction& prediction : predictions) {
    nlohmann::json entry{{"input", prediction.input}};
    if (prediction.truth) entry["label"] = *prediction.truth;
    nlohmann::json top = nlohmann::json::array();
    for (const ClassProbability& probability : prediction.top)
      top.push_back({{"label", probability.label}, {"probability", probability.probability}});
    entry["top"] = std::move(top);
    all.push_back(std::move(entry));
  }
  return all.dump(2) + "\n";
}

}  // namespace sigvit
