#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace sigvit {

// The runs of a comparison one process trains, as 0-based positions among
// `count` runs in plan order. `only` lists 1-based indices as `sigvit
// compare --list` prints them ("3,5,7-9"); `shard` "K/N" takes every N-th run
// starting with the K-th (1 <= K <= N), so N processes given 1/N .. N/N
// cover every run exactly once. Neither: every run. Errors name the flag.
std::vector<size_t> select_runs(size_t count, const std::string& only, const std::string& shard);

}  // namespace sigvit
