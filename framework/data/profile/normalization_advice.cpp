#include "data/profile/normalization_advice.h"

#include <cstdio>

#include "data/format/dataset_reader.h"

namespace sigvit {
namespace {

constexpr double kStrongEtaSquared = 0.5;
constexpr double kSignificance = 1e-3;
// The warning names this many channels, then counts the rest.
constexpr size_t kChannelsNamed = 6;

bool strong(const ClassSeparation& separation) {
  return separation.eta_squared >= kStrongEtaSquared && separation.p_value < kSignificance;
}

std::string describe(const char* what, const ClassSeparation& separation) {
  char text[96];
  std::snprintf(text, sizeof text, "%s (eta^2 %.2f, p %.1e)", what, separation.eta_squared, separation.p_value);
  return text;
}

}  // namespace

std::vector<ClassInformation> level_and_scale_information(const SplitProfile& train) {
  std::vector<ClassInformation> found;
  for (size_t c = 0; c < train.channels.size(); ++c) {
    const ChannelProfile& channel = train.channels[c];
    const ClassInformation information{static_cast<int64_t>(c), strong(channel.level), strong(channel.scale)};
    if (information.in_level || information.in_scale) found.push_back(information);
  }
  return found;
}

std::optional<std::string> normalization_warning(const SplitProfile& train, NormalizationMode mode,
                                                 const std::string& data_path) {
  if (mode != NormalizationMode::per_sample) return std::nullopt;
  const std::vector<ClassInformation> found = level_and_scale_information(train);
  if (found.empty()) return std::nullopt;
  std::string channels;
  for (size_t i = 0; i < found.size() && i < kChannelsNamed; ++i) {
    const ChannelProfile& channel = train.channels[static_cast<size_t>(found[i].channel)];
    std::string parts;
    if (found[i].in_level) parts = describe("level", channel.level);
    if (found[i].in_scale) parts += (parts.empty() ? "" : ", ") + describe("scale", channel.scale);
    channels += (i ? "; channel " : "channel ") + std::to_string(found[i].channel) + ": " + parts;
  }
  if (found.size() > kChannelsNamed) channels += "; and " + std::to_string(found.size() - kChannelsNamed) + " more";
  return "data.normalization: per_sample removes each case's mean level and scale per channel, but in the '" +
         train.name + "' split of " + data_path + " they tell the classes apart (" + channels +
         "). data.normalization: per_channel keeps them (one mean and std per channel, from the train split); "
         "`sigvit inspect " + data_path + "` shows the figures";
}

std::optional<std::string> check_normalization(const DatasetReader& reader, const std::string& train_split,
                                               NormalizationMode mode) {
  if (mode != NormalizationMode::per_sample) return std::nullopt;
  return normalization_warning(profile_split(reader, train_split), mode, reader.path());
}

}  // namespace sigvit
