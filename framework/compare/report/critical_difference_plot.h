#pragma once

#include <string>

#include "compare/statistics/ranks.h"

namespace sigvit {

// A gnuplot script drawing a critical-difference diagram (Demšar 2006) into
// `png`: the models' average ranks on an axis from 1 (best, left) to k, each
// model's name joined to its rank, a thick bar under every group of models
// not significantly different, and, for Nemenyi, the critical difference as
// a scale bar above the axis.
std::string critical_difference_script(const stats::CriticalDifferenceDiagram& diagram, const std::string& png);

}  // namespace sigvit
