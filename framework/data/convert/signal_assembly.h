#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/format/dataset_content.h"
#include "data/sources/signal_cases.h"

namespace sigvit {

// Long recordings cut into windows of `size` samples every `stride` samples
// (size 0: no windows). A window's label is its recording's, or, where the
// recording has a label per sample, the label most of its samples have.
struct WindowOptions {
  int64_t size = 0;
  int64_t stride = 0;  // 0: size (windows side by side)
};

// What every signal converter shares after reading its files.
struct AssemblyOptions {
  // Empty: the labels found, in natural order.
  std::vector<std::string> class_names;
  // Pad or crop every case to this many samples (default: the longest case).
  std::optional<int64_t> length;
  WindowOptions window;
  // With one input split: the share held out for test, stratified by label,
  // whole recordings at a time (held_out.h).
  std::optional<double> test_fraction;
  uint64_t seed = 0;
};

struct NamedCases {
  std::string name;  // train, test or val; ignored for a single split cut by test_fraction
  std::vector<SignalCase> cases;
};

// Cuts windows, draws the test split, maps labels to class indices and packs
// every split into `info` (kind signal1d), with a note for each step that
// changed the data (data/format/dataset_content.h). Throws sigvit::Error
// naming the case's origin or the option at fault.
DatasetContent assemble_signals(std::vector<NamedCases> splits, const AssemblyOptions& options, DatasetInfo info);

// The windows of one case (its group: the case's own, else its origin), each
// with origin "ORIGIN[start:end]"; none when the case is shorter than a window.
std::vector<SignalCase> cut_windows(const SignalCase& recording, const WindowOptions& window);

}  // namespace sigvit
