#include "data/convert/held_out.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <random>
#include <utility>

#include "sigvit/error.h"

namespace sigvit {
namespace {

struct Group {
  std::vector<size_t> cases;
  int64_t label = 0;  // the class most of its cases have (the smallest on a tie)
};

std::vector<Group> groups_of(const std::vector<int64_t>& labels, const std::vector<int64_t>& groups) {
  std::vector<Group> result;
  std::map<int64_t, size_t> index_of;
  for (size_t i = 0; i < labels.size(); ++i) {
    const int64_t id = groups.empty() ? static_cast<int64_t>(i) : groups[i];
    auto [at, added] = index_of.emplace(id, result.size());
    if (added) result.emplace_back();
    result[at->second].cases.push_back(i);
  }
  for (Group& group : result) {
    std::map<int64_t, size_t> counts;
    for (size_t i : group.cases) ++counts[labels[i]];
    size_t most = 0;
    for (const auto& [label, count] : counts) {
      if (count > most) {
        most = count;
        group.label = label;
      }
    }
  }
  return result;
}

// A Fisher-Yates shuffle on mt19937_64's raw output: unlike the standard
// distributions, the same on every standard library.
void shuffle(std::vector<size_t>& order, std::mt19937_64& engine) {
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[engine() % i]);
}

std::map<int64_t, std::vector<size_t>> groups_by_class(const std::vector<Group>& all) {
  std::map<int64_t, std::vector<size_t>> result;
  for (size_t g = 0; g < all.size(); ++g) result[all[g].label].push_back(g);
  return result;
}

void check_groups(const std::vector<int64_t>& labels, const std::vector<int64_t>& groups) {
  if (!groups.empty() && groups.size() != labels.size())
    throw Error("held-out split: " + std::to_string(groups.size()) + " groups for " + std::to_string(labels.size()) +
                " cases");
}

}  // namespace

std::vector<int64_t> assign_folds(const std::vector<int64_t>& labels, const std::vector<int64_t>& groups,
                                  int64_t folds, uint64_t seed) {
  if (folds < 2) throw Error("cross-validation: " + std::to_string(folds) + " folds, expected 2 or more");
  check_groups(labels, groups);
  const std::vector<Group> all = groups_of(labels, groups);
  std::mt19937_64 engine(seed);
  std::vector<int64_t> fold_of(labels.size(), 0);
  for (auto& [label, members] : groups_by_class(all)) {
    shuffle(members, engine);
    std::vector<size_t> filled(static_cast<size_t>(folds), 0);
    for (size_t g : members) {
      const auto emptiest = static_cast<int64_t>(std::min_element(filled.begin(), filled.end()) - filled.begin());
      filled[static_cast<size_t>(emptiest)] += all[g].cases.size();
      for (size_t i : all[g].cases) fold_of[i] = emptiest;
    }
  }
  return fold_of;
}

std::vector<bool> choose_held_out(const std::vector<int64_t>& labels, const std::vector<int64_t>& groups,
                                  double fraction, uint64_t seed) {
  if (!(fraction > 0 && fraction < 1))
    throw Error("held-out fraction " + std::to_string(fraction) + ": expected a fraction between 0 and 1");
  check_groups(labels, groups);
  const std::vector<Group> all = groups_of(labels, groups);
  std::mt19937_64 engine(seed);
  std::vector<bool> held_out(labels.size(), false);
  for (auto& [label, members] : groups_by_class(all)) {
    size_t cases = 0;
    for (size_t g : members) cases += all[g].cases.size();
    const auto target = static_cast<long long>(std::llround(fraction * static_cast<double>(cases)));
    shuffle(members, engine);
    long long taken = 0;
    for (size_t g : members) {
      const auto size = static_cast<long long>(all[g].cases.size());
      if (std::llabs(taken + size - target) >= std::llabs(taken - target)) continue;
      taken += size;
      for (size_t i : all[g].cases) held_out[i] = true;
    }
  }
  return held_out;
}

}  // namespace sigvit
