#include "engine/model_selection.h"

#include "sigvit/error.h"

namespace sigvit {

std::string to_string(Selection selection) {
  switch (selection) {
    case Selection::val_accuracy:
      return "val_accuracy";
    case Selection::val_loss:
      return "val_loss";
    case Selection::train_loss:
      return "train_loss";
    case Selection::last:
      return "last";
  }
  return "last";
}

Selection parse_selection(const std::string& text, bool has_validation, const std::string& where) {
  if (text == "auto") return has_validation ? Selection::val_accuracy : Selection::last;
  if (text == "train_loss") return Selection::train_loss;
  if (text == "last") return Selection::last;
  if (text != "val_accuracy" && text != "val_loss") {
    throw ConfigError(where + ": expected auto, val_accuracy, val_loss, train_loss or last, got '" + text + "'");
  }
  if (!has_validation) {
    throw ConfigError(where + ": " + text +
                      " needs a validation split (data.val_fraction > 0 or a 'val' split in the file); without "
                      "one, train_loss or last selects");
  }
  return text == "val_loss" ? Selection::val_loss : Selection::val_accuracy;
}

bool select_if_better(Selection selection, const EpochRecord& record, TrainingState& state) {
  bool better = false;
  switch (selection) {
    case Selection::val_accuracy:
      better = record.val_accuracy && (*record.val_accuracy > state.best_val_accuracy ||
                                       (*record.val_accuracy == state.best_val_accuracy &&
                                        *record.val_loss < state.best_val_loss));
      break;
    case Selection::val_loss:
      better = record.val_loss && *record.val_loss < state.best_val_loss;
      break;
    case Selection::train_loss:
      better = record.train_loss < state.best_train_loss;
      break;
    case Selection::last:
      better = true;
      break;
  }
  if (!better) return false;
  if (record.val_accuracy) {
    state.best_val_accuracy = *record.val_accuracy;
    state.best_val_loss = *record.val_loss;
  }
  state.best_train_loss = record.train_loss;
  state.best_epoch = record.epoch;
  return true;
}

}  // namespace sigvit
