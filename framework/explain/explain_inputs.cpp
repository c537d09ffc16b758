#include "explain/explain_inputs.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/atomic_file.h"
#include "core/gnuplot.h"
#include "core/text.h"
#include "explain/attention_rollout.h"
#include "model/vit/vision_transformer.h"
#include "sigvit/error.h"

namespace sigvit {
namespace {

std::string file_stem_of(const std::string& input) {
  std::string stem = std::filesystem::path(input).filename().string();
  for (char& c : stem) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  return stem;
}

std::string title_of(const Explanation& explanation) {
  std::string title = explanation.input + ": predicted " + explanation.predicted + " (" +
                      format_number("%.1f", 100.0 * explanation.probability) + "%)";
  if (explanation.truth) title += ", true " + *explanation.truth;
  return title;
}

std::string terminal(const std::string& png, int width, int height) {
  return "set terminal pngcairo size " + std::to_string(width) + "," + std::to_string(height) +
         " noenhanced font 'sans,10'\nset output " + gnuplot_quoted(png) + "\n";
}

// The signal's channels over the valid samples, the relevance curve below.
std::string signal_script(const Explanation& explanation, const torch::Tensor& x, const torch::Tensor& relevance,
                          int64_t length, const std::string& png) {
  const torch::Tensor samples = x.to(torch::kCPU, torch::kFloat32).contiguous();
  const torch::Tensor weights = relevance.to(torch::kCPU, torch::kFloat32).contiguous();
  const auto value = samples.accessor<float, 2>();
  const auto weight = weights.accessor<float, 1>();
  std::ostringstream gp;
  gp << terminal(png, 1000, 560) << "$signal << EOD\n";
  for (int64_t t = 0; t < length; ++t) {
    gp << t;
    for (int64_t c = 0; c < value.size(0); ++c) gp << ' ' << value[c][t];
    gp << '\n';
  }
  gp << "EOD\n$relevance << EOD\n";
  for (int64_t t = 0; t < length; ++t) gp << t << ' ' << weight[t] << '\n';
  // Equal margins keep the two panels' sample axes aligned.
  gp << "EOD\nset multiplot layout 2,1 title " << gnuplot_quoted(title_of(explanation)) << "\n"
     << "set lmargin 10\nset rmargin 24\nset xrange [0:" << std::max<int64_t>(length - 1, 1) << "]\nset ylabel 'input (as the model saw it)'\n"
     << "set key outside right\nplot ";
  for (int64_t c = 0; c < value.size(0); ++c) {
    gp << (c ? ", " : "") << "$signal using 1:" << c + 2 << " with lines title 'channel " << c << "'";
  }
  gp << "\nset ylabel 'relevance'\nset xlabel 'sample'\nset yrange [0:*]\n"
     << "plot $relevance using 1:2 with filledcurves y1=0 lc rgb '#d62728' title 'attention rollout'\n"
     << "unset multiplot\n";
  return gp.str();
}

// The image in grey (mean over channels), the relevance over it in red, from
// transparent at the image's least relevant token to strongest at its most:
// rollout maps are often nearly flat, and an absolute scale would hide their
// differences under an even tint.
std::string image_script(const Explanation& explanation, const torch::Tensor& x, const torch::Tensor& relevance,
                         const std::string& png) {
  const torch::Tensor grey = x.to(torch::kCPU, torch::kFloat32).mean(0).contiguous();
  const torch::Tensor heat = relevance.to(torch::kCPU, torch::kFloat32).contiguous();
  const float low = grey.min().item<float>(), high = grey.max().item<float>();
  const float least = heat.min().item<float>();
  const float spread = std::max(heat.max().item<float>() - least, 1e-12f);
  const auto pixel = grey.accessor<float, 2>();
  const auto weight = heat.accessor<float, 2>();
  const int64_t height = pixel.size(0), width = pixel.size(1);
  std::ostringstream gp;
  gp << terminal(png, 700, 640) << "$pixels << EOD\n";
  for (int64_t row = 0; row < height; ++row) {
    for (int64_t col = 0; col < width; ++col) {
      const float value = high > low ? (pixel[row][col] - low) / (high - low) : 0.5f;
      const int level = static_cast<int>(255.0f * value);
      const int alpha = static_cast<int>(190.0f * (weight[row][col] - least) / spread);
      gp << col << ' ' << row << ' ' << level << ' ' << alpha << '\n';
    }
  }
  gp << "EOD\nset title " << gnuplot_quoted(title_of(explanation)) << "\nset size ratio -1\n"
     << "set xrange [-0.5:" << width - 0.5 << "]\nset yrange [" << height - 0.5 << ":-0.5]\nunset key\n"
     << "plot $pixels using 1:2:3:3:3 with rgbimage, $pixels using 1:2:(255):(0):(0):4 with rgbalpha\n";
  return gp.str();
}

nlohmann::json to_json(const Explanation& explanation) {
  nlohmann::json out;
  out["input"] = explanation.input;
  if (explanation.truth) out["truth"] = *explanation.truth;
  out["predicted"] = explanation.predicted;
  out["probability"] = explanation.probability;
  out["grid"] = explanation.grid;
  out["token_relevance"] = explanation.token_relevance;
  if (!explanation.png.empty()) out["png"] = explanation.png;
  return out;
}

}  // namespace

std::vector<Explanation> explain_inputs(const Predictor& predictor, const std::vector<std::string>& files,
                                        const ExplainOptions& options, std::string* problem) {
  const auto* vit = dynamic_cast<const VisionTransformer*>(&predictor.model());
  if (!vit) throw Error("explain: the checkpoint's model is not a ViT; attention maps need one");
  const std::vector<int64_t> shape = predictor.input_shape();
  const std::vector<int64_t>& grid = vit->layout().grid;
  const bool cls_pooling = vit->options().pooling == Pooling::cls;
  const bool draw = gnuplot_available();
  *problem = draw ? "" : "gnuplot is not installed (apt-get install gnuplot-nox), so no PNG was drawn";
  std::filesystem::create_directories(options.output_dir);

  std::vector<Explanation> explained;
  std::map<std::string, int> stems;
  for (const std::string& file : files) {
    InputOptions inputs = options.inputs;
    inputs.max_cases = options.limit - static_cast<int64_t>(explained.size());
    if (*inputs.max_cases <= 0) break;
    for (const InputGroup& group : read_prediction_inputs(file, predictor.card(), shape, inputs)) {
      const int64_t count = std::min<int64_t>(group.x.size(0), options.limit - static_cast<int64_t>(explained.size()));
      if (count <= 0) break;
      const torch::Tensor lengths = group.lengths.defined() ? group.lengths.narrow(0, 0, count) : group.lengths;
      const Predictor::Attended attended = predictor.attend(group.x.narrow(0, 0, count), lengths);
      const torch::Tensor tokens = attention_rollout(attended.attention, attended.valid_tokens, vit->num_prefix_tokens(), cls_pooling);
      const torch::Tensor over_input = relevance_over_input(tokens, grid, shape);
      for (int64_t i = 0; i < count; ++i) {
        Explanation explanation;
        explanation.input = group.names.at(static_cast<size_t>(i));
        if (!group.labels.empty()) explanation.truth = group.labels.at(static_cast<size_t>(i));
        const int64_t best = attended.probabilities[i].argmax().item<int64_t>();
        explanation.predicted = predictor.card().class_names.at(static_cast<size_t>(best));
        explanation.probability = attended.probabilities[i][best].item<double>();
        explanation.grid = grid;
        const torch::Tensor row = tokens[i].to(torch::kFloat64).contiguous();
        explanation.token_relevance.assign(row.data_ptr<double>(), row.data_ptr<double>() + row.numel());
        if (draw) {
          std::string stem = file_stem_of(explanation.input);
          const int seen = stems[stem]++;
          if (seen > 0) stem += "_" + std::to_string(seen);
          const std::string script =
              shape.size() == 2
                  ? signal_script(explanation, attended.x[i], over_input[i],
                                  attended.lengths.defined() ? attended.lengths[i].item<int64_t>() : shape[1],
                                  stem + ".png.tmp")
                  : image_script(explanation, attended.x[i], over_input[i], stem + ".png.tmp");
          const std::string failure = render_gnuplot(options.output_dir, stem, script);
          if (failure.empty()) {
            explanation.png = stem + ".png";
          } else if (problem->empty()) {
            *problem = failure;
          }
        }
        explained.push_back(std::move(explanation));
      }
    }
  }
  nlohmann::json all = nlohmann::json::array();
  for (const Explanation& explanation : explained) all.push_back(to_json(explanation));
  write_text_atomically(options.output_dir + "/explain.json", all.dump(1) + "\n");
  return explained;
}

}  // namespace sigvit
