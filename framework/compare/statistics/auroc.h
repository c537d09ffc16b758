#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sigvit::stats {

// The area under the ROC curve of scores that should rank the positive cases
// above the others: the Mann-Whitney probability that a random positive
// scores higher than a random negative, ties counting one half. Unset
// without a positive or without a negative case.
std::optional<double> auroc(const std::vector<double>& scores, const std::vector<bool>& positive);

// The mean one-vs-rest AUROC over the classes: class c's scores are column c
// of `scores` (row-major, cases x classes, e.g. softmax probabilities), its
// positives the cases labelled c. Classes without a case, or with every case,
// have no AUROC and are left out of the mean; unset when none has one.
std::optional<double> macro_auroc(const std::vector<float>& scores, const std::vector<int64_t>& labels,
                                  int64_t classes);

}  // namespace sigvit::stats
