#pragma once

#include <string>
#include <vector>

namespace sigvit {

struct Recording {
  std::vector<std::vector<float>> channels;  // one vector of samples per channel
  double sample_rate = 0;
};

// Reads a sound file libsndfile understands (WAV, FLAC, Ogg, ...), samples as
// floats in [-1, 1]. Errors name the file and carry libsndfile's reason.
Recording read_audio_file(const std::string& path);

// The file extensions libsndfile reads ("wav", "flac", "ogg", ...), lower case.
const std::vector<std::string>& audio_file_extensions();

// "8000 Hz", "22050.5 Hz": a rate for messages, without trailing zeros.
std::string sample_rate_text(double rate);

}  // namespace sigvit
