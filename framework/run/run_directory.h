#pragma once

#include <string>

namespace sigvit {

// A fresh directory for a new run: `output` itself when it does not exist or
// is empty, else the first free `output-2`, `output-3`, ... An earlier run's
// directory is never reused.
std::string create_run_directory(const std::string& output);

// The newest run of `output` (the highest suffix) that holds a last.ckpt, for
// --resume. Throws sigvit::Error naming what was looked at when there is none.
std::string find_resumable_run(const std::string& output);

}  // namespace sigvit
