#include "results/training_state.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "sigvit/error.h"

namespace sigvit {
namespace {

std::string exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

double read_double(const YAML::Node& node, const char* key) {
  if (!node[key]) throw std::runtime_error(std::string("missing '") + key + "'");
  const std::string text = node[key].as<std::string>();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  return std::stod(text);
}

// A metrics.csv field: 6 decimals, or empty when there is no value.
std::string optional_field(const std::optional<double>& value) {
  if (!value) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", *value);
  return text;
}

}  // namespace

YAML::Node TrainingState::to_yaml() const {
  YAML::Node node;
  node["epoch"] = epoch;
  node["batch"] = batch;
  node["step"] = step;
  node["current"]["loss_sum"] = exact(current.loss_sum);
  node["current"]["correct"] = exact(current.correct);
  node["current"]["cases"] = current.cases;
  node["current"]["classified_cases"] = current.classified_cases;
  node["current"]["seconds"] = exact(current.seconds);
  node["current"]["grad_norm_sum"] = exact(current.grad_norm_sum);
  node["current"]["applied_steps"] = current.applied_steps;
  node["current"]["skipped_steps"] = current.skipped_steps;
  node["nonfinite_in_a_row"] = nonfinite_in_a_row;
  node["best_val_accuracy"] = exact(best_val_accuracy);
  node["best_val_loss"] = exact(best_val_loss);
  node["best_train_loss"] = exact(best_train_loss);
  node["best_epoch"] = best_epoch;
  node["stale_validations"] = stale_validations;
  node["stopped_early"] = stopped_early;
  node["world_size"] = world_size;
  node["history"] = YAML::Node(YAML::NodeType::Sequence);
  for (const EpochRecord& record : history) {
    YAML::Node row;
    row["epoch"] = record.epoch;
    row["lr"] = exact(record.lr);
    row["train_loss"] = exact(record.train_loss);
    if (record.train_accuracy) row["train_accuracy"] = exact(*record.train_accuracy);
    if (record.val_loss) row["val_loss"] = exact(*record.val_loss);
    if (record.val_accuracy) row["val_accuracy"] = exact(*record.val_accuracy);
    row["seconds"] = exact(record.seconds);
    row["grad_norm"] = exact(record.grad_norm);
    row["skipped_steps"] = record.skipped_steps;
    if (record.raw_val_loss) row["raw_val_loss"] = exact(*record.raw_val_loss);
    if (record.raw_val_accuracy) row["raw_val_accuracy"] = exact(*record.raw_val_accuracy);
    node["history"].push_back(row);
  }
  for (const auto& [shape, backend] : gemm_choices) node["gemm_choices"][shape] = backend;
  return node;
}

TrainingState TrainingState::from_yaml(const YAML::Node& node, const std::string& where) {
  try {
    TrainingState state;
    state.epoch = node["epoch"].as<int64_t>();
    state.batch = node["batch"].as<int64_t>();
    state.step = node["step"].as<int64_t>();
    const YAML::Node current = node["current"];
    state.current.loss_sum = read_double(current, "loss_sum");
    state.current.correct = read_double(current, "correct");
    state.current.cases = current["cases"].as<int64_t>();
    // Checkpoints written before pretraining existed counted every case.
    state.current.classified_cases =
        current["classified_cases"] ? current["classified_cases"].as<int64_t>() : state.current.cases;
    state.current.seconds = read_double(current, "seconds");
    // Absent from checkpoints written before gradient norms were recorded.
    if (current["grad_norm_sum"]) {
      state.current.grad_norm_sum = read_double(current, "grad_norm_sum");
      state.current.applied_steps = current["applied_steps"].as<int64_t>();
      state.current.skipped_steps = current["skipped_steps"].as<int64_t>();
    }
    if (node["nonfinite_in_a_row"]) state.nonfinite_in_a_row = node["nonfinite_in_a_row"].as<int64_t>();
    state.best_val_accuracy = read_double(node, "best_val_accuracy");
    state.best_val_loss = read_double(node, "best_val_loss");
    if (node["best_train_loss"]) state.best_train_loss = read_double(node, "best_train_loss");
    state.best_epoch = node["best_epoch"].as<int64_t>();
    state.stale_validations = node["stale_validations"].as<int64_t>();
    state.stopped_early = node["stopped_early"].as<bool>();
    if (node["world_size"]) state.world_size = node["world_size"].as<int>();
    for (const YAML::Node& row : node["history"]) {
      EpochRecord record;
      record.epoch = row["epoch"].as<int64_t>();
      record.lr = read_double(row, "lr");
      record.train_loss = read_double(row, "train_loss");
      if (row["train_accuracy"]) record.train_accuracy = read_double(row, "train_accuracy");
      if (row["val_loss"]) record.val_loss = read_double(row, "val_loss");
      if (row["val_accuracy"]) record.val_accuracy = read_double(row, "val_accuracy");
      record.seconds = read_double(row, "seconds");
      if (row["grad_norm"]) record.grad_norm = read_double(row, "grad_norm");
      if (row["skipped_steps"]) record.skipped_steps = row["skipped_steps"].as<int64_t>();
      if (row["raw_val_loss"]) record.raw_val_loss = read_double(row, "raw_val_loss");
      if (row["raw_val_accuracy"]) record.raw_val_accuracy = read_double(row, "raw_val_accuracy");
      state.history.push_back(record);
    }
    // Checkpoints written before runtime.gemm existed have none.
    for (const auto& choice : node["gemm_choices"]) {
      state.gemm_choices[choice.first.as<std::string>()] = choice.second.as<std::string>();
    }
    return state;
  } catch (const std::exception& e) {
    throw Error(where + ": training state is incomplete or malformed (" + e.what() + ")");
  }
}

std::string metrics_csv(const std::vector<EpochRecord>& history) {
  std::ostringstream out;
  out << "epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds,grad_norm,skipped_steps,raw_val_loss,"
         "raw_val_accuracy\n";
  char line[256];
  for (const EpochRecord& record : history) {
    std::snprintf(line, sizeof line, "%lld,%.6g,%.6f,", static_cast<long long>(record.epoch), record.lr,
                  record.train_loss);
    out << line << optional_field(record.train_accuracy) << ',' << optional_field(record.val_loss) << ','
        << optional_field(record.val_accuracy) << ',';
    std::snprintf(line, sizeof line, "%.2f,%.6g,%lld,", record.seconds, record.grad_norm,
                  static_cast<long long>(record.skipped_steps));
    out << line << optional_field(record.raw_val_loss) << ',' << optional_field(record.raw_val_accuracy) << '\n';
  }
  return out.str();
}

std::vector<EpochRecord> parse_metrics_csv(const std::string& text, const std::string& where) {
  std::vector<EpochRecord> history;
  std::istringstream lines(text);
  std::string line;
  int line_number = 0;
  while (std::getline(lines, line)) {
    if (++line_number == 1 || line.empty()) continue;  // the header
    std::vector<std::string> fields;
    std::istringstream columns(line);
    for (std::string field; std::getline(columns, field, ',');) fields.push_back(field);
    if (line.back() == ',') fields.emplace_back();
    const auto fail = [&](const std::string& what) -> Error {
      return Error(where + ":" + std::to_string(line_number) + ": " + what +
                   " (expected epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,seconds,grad_norm,"
                   "skipped_steps,raw_val_loss,raw_val_accuracy)");
    };
    if (fields.size() != 11 && fields.size() != 9 && fields.size() != 7) throw fail(std::to_string(fields.size()) + " columns");
    const auto number = [&](size_t column) {
      try {
        size_t used = 0;
        const double value = std::stod(fields[column], &used);
        if (used == fields[column].size()) return value;
      } catch (const std::exception&) {
      }
      throw fail("column " + std::to_string(column + 1) + " is not a number: '" + fields[column] + "'");
    };
    // Counts: whole numbers a double holds exactly.
    const auto count = [&](size_t column) {
      const double value = number(column);
      if (value < 0 || value > 9.007199254740992e15 || value != std::floor(value)) {
        throw fail("column " + std::to_string(column + 1) + " is not a count: '" + fields[column] + "'");
      }
      return static_cast<int64_t>(value);
    };
    EpochRecord record;
    record.epoch = count(0);
    record.lr = number(1);
    record.train_loss = number(2);
    const auto optional_number = [&](size_t column) -> std::optional<double> {
      if (fields[column].empty()) return std::nullopt;
      return number(column);
    };
    record.train_accuracy = optional_number(3);
    record.val_loss = optional_number(4);
    record.val_accuracy = optional_number(5);
    record.seconds = number(6);
    if (fields.size() >= 9) {
      record.grad_norm = number(7);
      record.skipped_steps = count(8);
    }
    if (fields.size() == 11) {
      record.raw_val_loss = optional_number(9);
      record.raw_val_accuracy = optional_number(10);
    }
    history.push_back(record);
  }
  return history;
}

}  // namespace sigvit
