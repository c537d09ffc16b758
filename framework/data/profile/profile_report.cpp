#include "data/profile/profile_report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "core/text.h"
#include "data/format/dataset_reader.h"
#include "data/profile/normalization_advice.h"

namespace sigvit {
namespace {

std::string p_text(double p) { return p < 1e-99 ? "<1e-99" : format_number("%.1e", p); }

std::string f_text(double f) { return std::isinf(f) ? "inf" : format_number("%.3g", f); }

std::string class_counts(const SplitProfile& split, const std::vector<std::string>& names) {
  std::string text;
  for (size_t c = 0; c < names.size(); ++c) {
    text += (c ? ", " : "") + names[c] + " " + std::to_string(split.class_counts[c]);
  }
  return text;
}

// Smallest class over largest; 1 is balanced. Classes without cases count as 0.
double balance(const SplitProfile& split) {
  const auto [smallest, largest] = std::minmax_element(split.class_counts.begin(), split.class_counts.end());
  return *largest ? static_cast<double>(*smallest) / static_cast<double>(*largest) : 0.0;
}

// Three times as many cases of one class as of another is where accuracy
// starts to reward a model for favouring the common classes.
constexpr double kSkewedBalance = 1.0 / 3.0;

std::optional<std::string> skew_warning(const SplitProfile& train, const std::vector<std::string>& names) {
  if (train.class_counts.size() < 2 || balance(train) > kSkewedBalance) return std::nullopt;
  const auto [smallest, largest] = std::minmax_element(train.class_counts.begin(), train.class_counts.end());
  const auto name = [&](auto at) { return names[static_cast<size_t>(at - train.class_counts.begin())]; };
  std::string ratio = *smallest ? format_number("%.0f", static_cast<double>(*largest) / static_cast<double>(*smallest)) + "x"
                                : "no cases of the smallest";
  return "classes are skewed in " + train.name + ": '" + name(largest) + "' has " + std::to_string(*largest) +
         " cases, '" + name(smallest) + "' " + std::to_string(*smallest) + " (" + ratio +
         "). Accuracy rewards favouring the common classes: train with train.class_weights: auto or "
         "data.sampler: balanced, and compare models by balanced_accuracy and macro_auroc (result.json).";
}

std::string advice(const SplitProfile& train) {
  const std::vector<ClassInformation> found = level_and_scale_information(train);
  if (found.empty()) {
    return "normalisation: in no channel does a case's mean level or scale tell the classes apart strongly "
           "(eta^2 >= 0.5, p < 0.001), so per_sample loses little; per_channel and none keep everything.\n";
  }
  std::string level, scale;
  for (const ClassInformation& information : found) {
    if (information.in_level) level += (level.empty() ? "" : ", ") + std::to_string(information.channel);
    if (information.in_scale) scale += (scale.empty() ? "" : ", ") + std::to_string(information.channel);
  }
  std::string where;
  if (!level.empty()) where = "the mean level of channel(s) " + level;
  if (!scale.empty()) where += (where.empty() ? "" : " and ") + std::string("the scale of channel(s) ") + scale;
  return "normalisation: " + where +
         " tell(s) the classes apart strongly (eta^2 >= 0.5, p < 0.001). per_sample removes that; per_channel "
         "(or none) keeps it.\n";
}

nlohmann::json separation_json(const ClassSeparation& separation) {
  nlohmann::json json{{"eta_squared", separation.eta_squared}, {"p_value", separation.p_value}};
  json["f"] = std::isinf(separation.f) ? nlohmann::json("inf") : nlohmann::json(separation.f);
  return json;
}

}  // namespace

DatasetProfile profile_dataset(const std::string& path) {
  const DatasetReader reader(path);
  DatasetProfile profile{path, reader.info(), {}};
  for (const SplitLayout& split : reader.splits()) profile.splits.push_back(profile_split(reader, split.name));
  return profile;
}

std::string format_profile(const DatasetProfile& profile) {
  std::ostringstream out;
  const DatasetInfo& info = profile.info;
  out << profile.path << ": " << to_string(info.kind) << ", " << info.class_names.size() << " classes";
  if (info.sample_rate) out << ", sample rate " << format_number("%g", *info.sample_rate) << " Hz";
  out << "\n";
  if (!info.source.empty()) out << "source: " << info.source << "\n";
  if (!info.license.empty()) out << "license: " << info.license << "\n";
  const char* length_name = info.kind == DatasetKind::signal1d ? "length" : "pixels per channel";
  for (const SplitProfile& split : profile.splits) {
    out << "\nsplit '" << split.name << "': " << split.cases << " cases\n"
        << "  classes: " << class_counts(split, info.class_names) << " (smallest/largest "
        << format_number("%.2f", balance(split)) << ")\n"
        << "  " << length_name << ": " << split.min_length;
    if (split.max_length != split.min_length) out << " to " << split.max_length;
    if (split.padded_fraction > 0) out << " (" << format_number("%.1f", 100 * split.padded_fraction) << "% padding)";
    out << "\n  missing values: none (the format stores none; converters fill them)\n";
    char line[256];
    std::snprintf(line, sizeof line, "  %-7s %11s %11s %11s %11s   %-24s %-24s\n", "channel", "mean", "std", "min",
                  "max", "level: eta^2  F  p", "scale: eta^2  F  p");
    out << line;
    for (size_t c = 0; c < split.channels.size(); ++c) {
      const ChannelProfile& channel = split.channels[c];
      const auto separation = [](const ClassSeparation& s) {
        return format_number("%.2f", s.eta_squared) + "  " + f_text(s.f) + "  " + p_text(s.p_value);
      };
      std::snprintf(line, sizeof line, "  %-7zu %11.4g %11.4g %11.4g %11.4g   %-24s %-24s\n", c, channel.mean,
                    channel.std, channel.min, channel.max, separation(channel.level).c_str(),
                    separation(channel.scale).c_str());
      out << line;
    }
  }
  out << "\nlevel and scale: one-way ANOVA over classes of each case's mean and standard deviation per channel;\n"
         "eta^2 is the share of their variation that lies between classes.\n";
  if (!profile.splits.empty()) {
    out << advice(profile.splits.front());
    if (const auto warning = skew_warning(profile.splits.front(), profile.info.class_names))
      out << "warning: " << *warning << '\n';
  }
  return out.str();
}

std::string profile_json(const DatasetProfile& profile) {
  nlohmann::json json;
  json["path"] = profile.path;
  json["kind"] = to_string(profile.info.kind);
  json["class_names"] = profile.info.class_names;
  json["sample_rate"] = profile.info.sample_rate ? nlohmann::json(*profile.info.sample_rate) : nlohmann::json();
  json["splits"] = nlohmann::json::array();
  for (const SplitProfile& split : profile.splits) {
    nlohmann::json entry{{"name", split.name},
                         {"cases", split.cases},
                         {"class_counts", split.class_counts},
                         {"balance", balance(split)},
                         {"length", {{"min", split.min_length}, {"max", split.max_length}}},
                         {"padded_fraction", split.padded_fraction},
                         {"missing_values", 0}};
    entry["channels"] = nlohmann::json::array();
    for (const ChannelProfile& channel : split.channels) {
      entry["channels"].push_back({{"mean", channel.mean},
                                   {"std", channel.std},
                                   {"min", channel.min},
                                   {"max", channel.max},
                                   {"level", separation_json(channel.level)},
                                   {"scale", separation_json(channel.scale)}});
    }
    json["splits"].push_back(entry);
  }
  nlohmann::json informative = nlohmann::json::array();
  if (!profile.splits.empty()) {
    for (const ClassInformation& information : level_and_scale_information(profile.splits.front())) {
      informative.push_back(
          {{"channel", information.channel}, {"level", information.in_level}, {"scale", information.in_scale}});
    }
  }
  json["per_sample_discards"] = informative;
  json["warnings"] = nlohmann::json::array();
  if (!profile.splits.empty()) {
    if (const auto warning = skew_warning(profile.splits.front(), profile.info.class_names))
      json["warnings"].push_back(*warning);
  }
  return json.dump(2) + "\n";
}

}  // namespace sigvit
