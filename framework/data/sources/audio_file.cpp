#include "data/sources/audio_file.h"

#include <sndfile.h>

#include <algorithm>
#include <memory>

#include "sigvit/error.h"

namespace sigvit {

Recording read_audio_file(const std::string& path) {
  SF_INFO info{};
  std::unique_ptr<SNDFILE, int (*)(SNDFILE*)> file(sf_open(path.c_str(), SFM_READ, &info), sf_close);
  if (!file) throw Error(path + ": cannot read as audio: " + sf_strerror(nullptr));
  std::vector<float> interleaved(static_cast<size_t>(info.frames * info.channels));
  const sf_count_t frames = sf_readf_float(file.get(), interleaved.data(), info.frames);
  if (frames != info.frames)
    throw Error(path + ": read " + std::to_string(frames) + " frames, expected " + std::to_string(info.frames));
  if (frames == 0) throw Error(path + ": no samples");
  Recording recording;
  recording.sample_rate = info.samplerate;
  recording.channels.assign(static_cast<size_t>(info.channels), std::vector<float>(static_cast<size_t>(frames)));
  for (sf_count_t t = 0; t < frames; ++t)
    for (int c = 0; c < info.channels; ++c) recording.channels[c][t] = interleaved[t * info.channels + c];
  return recording;
}

const std::vector<std::string>& audio_file_extensions() {
  static const std::vector<std::string> extensions = [] {
    // What this libsndfile build says it reads, plus the usual second names
    // of its containers (Opus and Vorbis live in .ogg files).
    std::vector<std::string> found{"aif", "oga", "opus", "wave"};
    int count = 0;
    sf_command(nullptr, SFC_GET_FORMAT_MAJOR_COUNT, &count, sizeof(count));
    for (int i = 0; i < count; ++i) {
      SF_FORMAT_INFO format{};
      format.format = i;
      sf_command(nullptr, SFC_GET_FORMAT_MAJOR, &format, sizeof(format));
      if (format.extension) found.emplace_back(format.extension);
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
  }();
  return extensions;
}

std::string sample_rate_text(double rate) {
  std::string text = std::to_string(rate);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text + " Hz";
}

}  // namespace sigvit
