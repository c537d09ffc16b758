#pragma once

#include <string>

#include "data/format/dataset_content.h"

namespace sigvit {

// Writes `content` in the layout of datasets/README.md. The file is written
// as PATH.tmp-<pid> and renamed over PATH only once complete, so a failure
// (bad content, full disk) never leaves a half-written PATH and never touches
// an existing one; the temporary file is removed on failure.
void write_dataset(const std::string& path, const DatasetContent& content);

}  // namespace sigvit
