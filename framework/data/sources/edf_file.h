#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sigvit {

struct EdfSignal {
  std::string label;               // trimmed, e.g. "EEG Fpz-Cz"
  std::string physical_dimension;  // "uV", "mV", ...
  double sample_rate = 0;          // samples per data record / record duration
  std::vector<float> samples;      // physical values
};

// An EDF+/BDF+ annotation: times in seconds from the start of the recording.
struct EdfAnnotation {
  double onset = 0;
  std::optional<double> duration;  // empty when the file gives none
  std::string text;                // UTF-8
};

struct EdfRecording {
  std::string file_type;  // "EDF", "EDF+", "BDF" or "BDF+"
  // Every signal but the EDF+/BDF+ annotation signals.
  std::vector<EdfSignal> signals;
  // Empty for EDF and BDF, which have none.
  std::vector<EdfAnnotation> annotations;

  bool can_hold_annotations() const { return file_type == "EDF+" || file_type == "BDF+"; }
};

// Reads an EDF, EDF+, BDF or BDF+ file (the European Data Format of
// biosignals) through EDFlib. Errors name the file and say what is wrong
// with it, in EDFlib's terms made readable.
EdfRecording read_edf_file(const std::string& path);

}  // namespace sigvit
