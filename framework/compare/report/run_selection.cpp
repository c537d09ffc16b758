#include "compare/report/run_selection.h"

#include <algorithm>
#include <sstream>

#include "sigvit/error.h"

namespace sigvit {
namespace {

size_t parse_index(const std::string& text, const std::string& flag) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    throw Error(flag + ": expected run numbers such as 3,5,7-9, got '" + text + "'");
  }
  return static_cast<size_t>(std::stoull(text));
}

std::vector<size_t> parse_only(size_t count, const std::string& only) {
  std::vector<size_t> selected;
  std::istringstream items(only);
  for (std::string item; std::getline(items, item, ',');) {
    const size_t dash = item.find('-');
    const size_t first = parse_index(item.substr(0, dash), "--only");
    const size_t last = dash == std::string::npos ? first : parse_index(item.substr(dash + 1), "--only");
    if (first < 1 || last > count || first > last) {
      throw Error("--only: run " + item + " does not exist; the comparison has runs 1 to " + std::to_string(count) +
                  " (see --list)");
    }
    for (size_t index = first; index <= last; ++index) {
      if (std::find(selected.begin(), selected.end(), index - 1) == selected.end()) selected.push_back(index - 1);
    }
  }
  if (selected.empty()) throw Error("--only: expected run numbers such as 3,5,7-9");
  std::sort(selected.begin(), selected.end());
  return selected;
}

std::vector<size_t> parse_shard(size_t count, const std::string& shard) {
  const size_t slash = shard.find('/');
  if (slash == std::string::npos) throw Error("--shard: expected K/N such as 2/8, got '" + shard + "'");
  const size_t k = parse_index(shard.substr(0, slash), "--shard");
  const size_t n = parse_index(shard.substr(slash + 1), "--shard");
  if (n < 1 || k < 1 || k > n) throw Error("--shard: expected 1 <= K <= N in K/N, got '" + shard + "'");
  std::vector<size_t> selected;
  for (size_t position = k - 1; position < count; position += n) selected.push_back(position);
  return selected;
}

}  // namespace

std::vector<size_t> select_runs(size_t count, const std::string& only, const std::string& shard) {
  if (!only.empty() && !shard.empty()) throw Error("--only and --shard: give one of them");
  if (!only.empty()) return parse_only(count, only);
  if (!shard.empty()) return parse_shard(count, shard);
  std::vector<size_t> all(count);
  for (size_t position = 0; position < count; ++position) all[position] = position;
  return all;
}

}  // namespace sigvit
