#pragma once

#include <string>

#include "results/training_state.h"

namespace sigvit {

// Which epoch's model best.ckpt keeps, and the test split is evaluated on.
enum class Selection {
  val_accuracy,  // highest validation accuracy, ties to the lower validation loss
  val_loss,      // lowest validation loss
  train_loss,    // lowest training loss: the UCR protocol of Fawaz et al. (2019), no validation needed
  last,          // the last epoch
};

std::string to_string(Selection selection);

// train.select: "auto" is val_accuracy with a validation split and last
// without; a val_* choice without validation is an error naming `where`.
Selection parse_selection(const std::string& text, bool has_validation, const std::string& where);

// Whether the epoch `record` describes is better than the best so far under
// `selection`; if so, `state`'s best_* fields take its values. Epochs without
// a validation never win a val_* selection.
bool select_if_better(Selection selection, const EpochRecord& record, TrainingState& state);

}  // namespace sigvit
