#pragma once

#include <string>

namespace sigvit {

// Opens `path` and reads every case of every split, so that any fault a
// DatasetReader would raise during training is raised now.
void validate_dataset(const std::string& path);

}  // namespace sigvit
