#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace sigvit {

// A run handed to a child process.
struct ChildRun {
  size_t index = 0;  // 0-based position in the comparison
  std::string label;
  std::string directory;
  double estimated_gflop = 0;  // its training's arithmetic (compare/run_cost.h)
};

// The runs in the order --jobs starts them: the costliest first, ties in the
// comparison's order. Started in the comparison's order, a long run that
// happens to come last trains alone while the other processes idle; started
// first, it overlaps the many short ones.
std::vector<ChildRun> longest_first(std::vector<ChildRun> runs);

// How the children are started: `executable compare FILE --only I
// --no-report --threads T [--set A]...`, each with its output in
// <run directory>/compare.log.
struct ChildCommand {
  std::string executable;
  std::string file;
  std::vector<std::string> overrides;
  int threads = 1;
  int nproc = 1;  // data-parallel ranks of each run
};

struct ParallelOutcome {
  bool interrupted = false;
  std::vector<std::string> failed;  // "label (exit 1, see DIR/compare.log)"
};

// Trains `runs` in up to `jobs` processes at once, longest_first, one line
// when a run starts and one when it ends, so the view stays readable however
// many run.
// Ctrl-C (or SIGTERM) is passed on to every child, each of which saves a
// checkpoint; no new run starts after it.
ParallelOutcome train_in_parallel(const std::vector<ChildRun>& runs, int jobs, const ChildCommand& command,
                                  std::ostream& out);

}  // namespace sigvit
